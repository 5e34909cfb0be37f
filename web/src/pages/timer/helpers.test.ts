// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { TimeEntry } from '../../api/types';
import { isTyping } from '../../hooks/useShortcuts';
import { textOn } from '../CalendarPage';
import { suggestionsFor } from './DescriptionField';

const e = (id: number, description: string, project_id: number | null, start: string): TimeEntry => ({
  id, workspace_id: 1, project_id, task_id: null, billable: false, description, start, stop: start, duration: 0, tags: [], tag_ids: [],
});

describe('description suggestions', () => {
  it('offers distinct recent entries matching what is typed, newest first', () => {
    const list = [e(1, 'Write docs', 1, '2026-03-01T09:00:00Z'), e(2, 'Write docs', 1, '2026-03-02T09:00:00Z'), e(3, 'Write docs', 2, '2026-03-01T10:00:00Z'), e(4, 'Email', null, '2026-03-03T09:00:00Z')];
    expect(suggestionsFor(list, 'wri').map((s) => s.project_id)).toEqual([1, 2]);
    expect(suggestionsFor(list, '').map((s) => s.description)).toEqual(['Email', 'Write docs', 'Write docs']);
  });
});

describe('shortcuts', () => {
  it('stay quiet while typing in a field, not on a checkbox', () => {
    const text = document.createElement('input');
    const box = document.createElement('input');
    box.type = 'checkbox';
    expect(isTyping(text)).toBe(true);
    expect(isTyping(box)).toBe(false);
    expect(isTyping(document.createElement('textarea'))).toBe(true);
    expect(isTyping(document.body)).toBe(false);
  });
});

describe('event text colour', () => {
  it('picks the readable one of black and white', () => {
    expect(textOn('#ffffff')).toBe('#111111');
    expect(textOn('#5f5870')).toBe('#ffffff');
  });
});
