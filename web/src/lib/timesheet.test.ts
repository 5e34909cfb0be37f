import { describe, expect, it } from 'vitest';
import type { TimeEntry } from '../api/types';
import { applyChange, buildBulkPatch, collapseSimilar, manualRange, parseTimeOfDay, retime } from './timesheet';

const entry = (id: number, over: Partial<TimeEntry> = {}): TimeEntry => ({
  id,
  workspace_id: 1,
  project_id: null,
  task_id: null,
  billable: false,
  description: 'Write',
  start: `2026-03-02T0${id}:00:00Z`,
  stop: `2026-03-02T0${id}:30:00Z`,
  duration: 1800,
  tags: [],
  tag_ids: [],
  ...over,
});

describe('collapseSimilar', () => {
  it('folds entries with the same description, project, task, tags and billable, keeping order and totals', () => {
    const list = [
      entry(5, { tags: ['b', 'a'] }),
      entry(4, { project_id: 7 }),
      entry(3, { tags: ['a', 'b'] }),
      entry(2, { tags: ['a', 'b'], billable: true }),
      entry(1, { project_id: 7 }),
    ];
    const groups = collapseSimilar(list, 0);
    expect(groups.map((g) => g.entries.map((e) => e.id))).toEqual([[5, 3], [4, 1], [2]]);
    expect(groups[0]!.total).toBe(3600);
  });

  it('tells a task apart and counts a running entry up to now', () => {
    const running = entry(6, { stop: null, duration: -1, start: '2026-03-02T06:00:00Z' });
    const groups = collapseSimilar([running, entry(2, { task_id: 9 }), entry(1)], Date.parse('2026-03-02T06:10:00Z'));
    expect(groups.map((g) => g.entries.length)).toEqual([2, 1]);
    expect(groups[0]!.total).toBe(600 + 1800);
  });
});

describe('buildBulkPatch', () => {
  it('builds v9 JSON-Patch operations', () => {
    expect(buildBulkPatch({ project_id: 3, task_id: 4, billable: true })).toEqual([
      { op: 'replace', path: '/project_id', value: 3 },
      { op: 'replace', path: '/task_id', value: 4 },
      { op: 'replace', path: '/billable', value: true },
    ]);
  });

  it('clears the task with the project, and drops a task that belonged to the old project', () => {
    expect(buildBulkPatch({ project_id: null })).toEqual([
      { op: 'replace', path: '/project_id', value: null },
      { op: 'replace', path: '/task_id', value: null },
    ]);
    expect(buildBulkPatch({ project_id: 3 })[1]).toEqual({ op: 'replace', path: '/task_id', value: null });
  });

  it('adds, removes or replaces tags, never sending an empty add', () => {
    expect(buildBulkPatch({ tags: { mode: 'add', names: ['x', 'x', 'y'] } })).toEqual([{ op: 'add', path: '/tags', value: ['x', 'y'] }]);
    expect(buildBulkPatch({ tags: { mode: 'remove', names: ['x'] } })).toEqual([{ op: 'remove', path: '/tags', value: ['x'] }]);
    expect(buildBulkPatch({ tags: { mode: 'replace', names: [] } })).toEqual([{ op: 'replace', path: '/tags', value: [] }]);
    expect(buildBulkPatch({ tags: { mode: 'add', names: [] } })).toEqual([]);
  });

  it('applies the same change to a cached entry', () => {
    const e = entry(1, { tags: ['a'], project_id: 2, task_id: 5 });
    expect(applyChange(e, { tags: { mode: 'add', names: ['b'] } }).tags).toEqual(['a', 'b']);
    expect(applyChange(e, { tags: { mode: 'remove', names: ['a'] } }).tags).toEqual([]);
    expect(applyChange(e, { project_id: 3 })).toMatchObject({ project_id: 3, task_id: null });
  });
});

describe('manual entries', () => {
  it('reads times of day as people type them', () => {
    expect(parseTimeOfDay('9')).toBe(540);
    expect(parseTimeOfDay('9:30')).toBe(570);
    expect(parseTimeOfDay('0930')).toBe(570);
    expect(parseTimeOfDay('21.30')).toBe(21 * 60 + 30);
    expect(parseTimeOfDay('9pm')).toBe(21 * 60);
    expect(parseTimeOfDay('12:15 am')).toBe(15);
    expect(parseTimeOfDay('25:00')).toBeNull();
    expect(parseTimeOfDay('9:75')).toBeNull();
  });

  it('takes start and end, start and duration, or end and duration, in the user\'s zone', () => {
    const day = '2026-03-02';
    expect(manualRange({ day, start: '9', end: '10:30', duration: '' }, 'Europe/Berlin')).toEqual({
      start: '2026-03-02T08:00:00Z',
      stop: '2026-03-02T09:30:00Z',
      duration: 5400,
    });
    for (const d of ['1h30', '90m', '1:30', '1.5']) {
      expect(manualRange({ day, start: '9:00', end: '', duration: d }, 'UTC')).toMatchObject({ stop: '2026-03-02T10:30:00Z', duration: 5400 });
    }
    expect(manualRange({ day, start: '', end: '17:00', duration: '2h' }, 'UTC')).toMatchObject({ start: '2026-03-02T15:00:00Z' });
  });

  it('puts an end before the start on the next day', () => {
    expect(manualRange({ day: '2026-03-02', start: '22:00', end: '1:00', duration: '' }, 'UTC')).toMatchObject({ stop: '2026-03-03T01:00:00Z', duration: 3 * 3600 });
  });

  it('counts real time across a clock change', () => {
    // Berlin springs forward on 29 March 2026: 01:00 to 04:00 on the wall is two hours.
    expect(manualRange({ day: '2026-03-29', start: '1:00', end: '4:00', duration: '' }, 'Europe/Berlin')).toMatchObject({ duration: 7200 });
  });

  it('says what it could not read', () => {
    expect(manualRange({ day: '2026-03-02', start: 'soon', end: '', duration: '1h' }, 'UTC')).toHaveProperty('error');
    expect(manualRange({ day: '2026-03-02', start: '9', end: '', duration: 'long' }, 'UTC')).toHaveProperty('error');
    expect(manualRange({ day: '2026-03-02', start: '9', end: '', duration: '' }, 'UTC')).toHaveProperty('error');
  });
});

describe('retime', () => {
  const e = { start: '2026-03-02T09:00:00Z', stop: '2026-03-02T10:00:00Z' };
  it('moves the start and keeps the stop; moves the stop and keeps the start', () => {
    expect(retime(e, 'start', '8:30', 'UTC', 0)).toEqual({ start: '2026-03-02T08:30:00Z', stop: e.stop });
    expect(retime(e, 'stop', '11', 'UTC', 0)).toEqual({ start: e.start, stop: '2026-03-02T11:00:00Z' });
    expect(retime(e, 'duration', '2h', 'UTC', 0)).toEqual({ start: e.start, stop: '2026-03-02T11:00:00Z' });
  });

  it('gives a running entry a start back from now', () => {
    const now = Date.parse('2026-03-02T12:00:00Z');
    expect(retime({ start: e.start, stop: null }, 'duration', '30m', 'UTC', now)).toEqual({ start: '2026-03-02T11:30:00Z', stop: null });
  });
});
