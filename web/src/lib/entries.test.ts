import { describe, expect, it } from 'vitest';
import type { TimeEntry } from '../api/types';
import { elapsed, groupByDay } from './entries';

const entry = (id: number, start: string, stop: string | null): TimeEntry => ({
  id,
  workspace_id: 1,
  project_id: null,
  task_id: null,
  billable: false,
  description: `e${id}`,
  start,
  stop,
  duration: stop ? (Date.parse(stop) - Date.parse(start)) / 1000 : -Date.parse(start) / 1000,
  tags: [],
  tag_ids: [],
});

describe('groupByDay', () => {
  it('groups by the user\'s day, newest first, with day totals counting a running entry up to now', () => {
    const now = Date.parse('2025-03-12T12:00:00Z');
    const list = [
      entry(1, '2025-03-11T22:30:00Z', '2025-03-11T23:30:00Z'), // 12th in Tallinn
      entry(2, '2025-03-11T08:00:00Z', '2025-03-11T09:00:00Z'),
      entry(3, '2025-03-12T11:00:00Z', null),
    ];
    const days = groupByDay(list, 'Europe/Tallinn', now);
    expect(days.map((d) => d.day)).toEqual(['2025-03-12', '2025-03-11']);
    expect(days[0]!.entries.map((e) => e.id)).toEqual([3, 1]);
    expect(days[0]!.total).toBe(3600 + 3600);
    expect(days[1]!.total).toBe(3600);
    expect(groupByDay(list, 'UTC', now).map((d) => d.entries.length)).toEqual([1, 2]);
  });

  it('never counts a running entry below zero', () => {
    expect(elapsed(entry(1, '2025-03-12T12:00:05Z', null), Date.parse('2025-03-12T12:00:00Z'))).toBe(0);
  });
});
