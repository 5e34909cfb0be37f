import { DateTime } from 'luxon';
import type { TimeEntry } from '../api/types';
import { parseDuration } from './duration';
import { elapsed } from './entries';

// ---- similar entries ----

/** Entries Toggl would show as one line: same description, project, task, tags and billable. */
export function similarKey(e: Pick<TimeEntry, 'description' | 'project_id' | 'task_id' | 'tags' | 'billable'>): string {
  const tags = [...(e.tags ?? [])].sort();
  return JSON.stringify([e.description ?? '', e.project_id, e.task_id, tags, e.billable]);
}

export interface SimilarGroup {
  key: string;
  /** Newest first, as the day lists them; the first is the group's face. */
  entries: TimeEntry[];
  total: number;
}

/**
 * One day's entries (newest first) folded into groups of similar ones, in the order their newest
 * member appears, so a collapsed day reads like the expanded one with repeats folded in.
 */
export function collapseSimilar(entries: TimeEntry[], nowMs: number): SimilarGroup[] {
  const groups = new Map<string, SimilarGroup>();
  for (const e of entries) {
    const key = similarKey(e);
    const g = groups.get(key);
    if (g) {
      g.entries.push(e);
      g.total += elapsed(e, nowMs);
    } else groups.set(key, { key, entries: [e], total: elapsed(e, nowMs) });
  }
  return [...groups.values()];
}

// ---- bulk edit ----

export interface PatchOp {
  op: 'add' | 'remove' | 'replace';
  path: string;
  value?: unknown;
}

export interface BulkChange {
  description?: string;
  /** `null` clears the project (and with it the task). */
  project_id?: number | null;
  task_id?: number | null;
  billable?: boolean;
  /** Tag names: `replace` sets exactly these; `add`/`remove` leave the others alone. */
  tags?: { mode: 'add' | 'remove' | 'replace'; names: string[] };
}

/** v9's JSON-Patch body for `PATCH /workspaces/{wid}/time_entries/{ids}`. */
export function buildBulkPatch(change: BulkChange): PatchOp[] {
  const ops: PatchOp[] = [];
  if (change.description !== undefined) ops.push({ op: 'replace', path: '/description', value: change.description });
  if (change.project_id !== undefined) {
    ops.push({ op: 'replace', path: '/project_id', value: change.project_id });
    // A task belongs to its project: changing the project without naming a task drops the old one.
    ops.push({ op: 'replace', path: '/task_id', value: change.project_id === null ? null : change.task_id ?? null });
  } else if (change.task_id !== undefined) ops.push({ op: 'replace', path: '/task_id', value: change.task_id });
  if (change.billable !== undefined) ops.push({ op: 'replace', path: '/billable', value: change.billable });
  if (change.tags) {
    const names = [...new Set(change.tags.names)];
    // v9 refuses an empty list for add/remove; only replace may clear.
    if (change.tags.mode === 'replace') ops.push({ op: 'replace', path: '/tags', value: names });
    else if (names.length > 0) ops.push({ op: change.tags.mode, path: '/tags', value: names });
  }
  return ops;
}

/** What the list shows until the API answers: the same change applied to a cached entry. */
export function applyChange(e: TimeEntry, change: BulkChange): TimeEntry {
  const next = { ...e };
  if (change.description !== undefined) next.description = change.description || null;
  if (change.project_id !== undefined) {
    next.project_id = change.project_id;
    next.task_id = change.project_id === null ? null : change.task_id ?? null;
    if (change.project_id !== e.project_id) {
      next.project_name = null;
      next.project_color = null;
    }
  } else if (change.task_id !== undefined) next.task_id = change.task_id;
  if (change.billable !== undefined) next.billable = change.billable;
  if (change.tags) {
    const tags = new Set(e.tags ?? []);
    if (change.tags.mode === 'replace') tags.clear();
    for (const t of change.tags.names) {
      if (change.tags.mode === 'remove') tags.delete(t);
      else tags.add(t);
    }
    next.tags = [...tags].sort((a, b) => a.localeCompare(b));
  }
  return next;
}

// ---- times typed by hand ----

/**
 * A time of day as people type it: `9`, `9:30`, `930`, `0930`, `21.30`, `9pm`, `9:30 am`.
 * Returns minutes after midnight, or null.
 */
export function parseTimeOfDay(input: string): number | null {
  const m = /^(\d{1,2})(?:[:.h]?(\d{2}))?\s*([ap])?\.?m?\.?$/.exec(input.trim().toLowerCase());
  if (!m) return null;
  let h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (min > 59) return null;
  if (m[3]) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (m[3] === 'p' ? 12 : 0);
  } else if (h > 23) return null;
  return h * 60 + min;
}

// Set as wall-clock fields, not added as minutes: adding would count a clock change in.
const at = (day: string, minutes: number, zone: string) =>
  DateTime.fromISO(day, { zone }).set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 });

const iso = (dt: DateTime) => dt.toUTC().toISO({ suppressMilliseconds: true })!;

export interface ManualInput {
  /** The user's day (YYYY-MM-DD) the entry is on. */
  day: string;
  start: string;
  end: string;
  duration: string;
}

export type ManualResult = { start: string; stop: string; duration: number } | { error: string };

/**
 * A finished entry from what the manual form holds: any two of start, end and duration (start and
 * end win when all three are given). An end before the start is on the next day, as when someone
 * logs a night shift. Times are wall-clock times in the user's zone, so a day with a clock change
 * gives the real elapsed seconds.
 */
export function manualRange(input: ManualInput, zone: string): ManualResult {
  const has = (s: string) => s.trim() !== '';
  const start = has(input.start) ? parseTimeOfDay(input.start) : null;
  const end = has(input.end) ? parseTimeOfDay(input.end) : null;
  const duration = has(input.duration) ? parseDuration(input.duration) : null;
  if (has(input.start) && start === null) return { error: `Start “${input.start}” is not a time (try 9:30 or 2pm).` };
  if (has(input.end) && end === null) return { error: `End “${input.end}” is not a time (try 17:00 or 5pm).` };
  if (has(input.duration) && duration === null) return { error: `Duration “${input.duration}” was not understood (try 1h30, 90m, 1:30 or 1.5).` };
  if (duration !== null && duration <= 0) return { error: 'The duration must be more than zero.' };

  let from: DateTime;
  let to: DateTime;
  if (start !== null && end !== null) {
    from = at(input.day, start, zone);
    to = at(input.day, end, zone);
    if (to <= from) to = at(DateTime.fromISO(input.day).plus({ days: 1 }).toISODate()!, end, zone);
  } else if (start !== null && duration !== null) {
    from = at(input.day, start, zone);
    to = from.plus({ seconds: duration });
  } else if (end !== null && duration !== null) {
    to = at(input.day, end, zone);
    from = to.minus({ seconds: duration });
  } else {
    return { error: 'Give two of start, end and duration.' };
  }
  return { start: iso(from), stop: iso(to), duration: Math.round(to.diff(from, 'seconds').seconds) };
}

export type Retimed = { start: string; stop: string | null } | { error: string };

/**
 * An inline edit of one time field, as Toggl does it: a new start keeps the stop (or keeps running),
 * a new stop keeps the start, a new duration keeps the start and moves the stop. A running entry's
 * duration moves its start back from now instead.
 */
export function retime(e: Pick<TimeEntry, 'start' | 'stop'>, field: 'start' | 'stop' | 'duration', text: string, zone: string, nowMs: number): Retimed {
  const startDt = DateTime.fromISO(e.start).setZone(zone);
  const day = startDt.toISODate()!;
  if (field === 'duration') {
    const seconds = parseDuration(text);
    if (seconds === null || seconds <= 0) return { error: `Duration “${text}” was not understood (try 1h30, 90m, 1:30 or 1.5).` };
    if (e.stop === null) return { start: iso(DateTime.fromMillis(nowMs).minus({ seconds })), stop: null };
    return { start: e.start, stop: iso(startDt.plus({ seconds })) };
  }
  const minutes = parseTimeOfDay(text);
  if (minutes === null) return { error: `“${text}” is not a time (try 9:30 or 2pm).` };
  if (field === 'start') {
    let next = at(day, minutes, zone);
    if (e.stop !== null) {
      const stop = DateTime.fromISO(e.stop);
      // A start after the stop means the day before (an entry that crosses midnight).
      if (next > stop) next = next.minus({ days: 1 });
      return { start: iso(next), stop: e.stop };
    }
    if (next.toMillis() > nowMs) next = next.minus({ days: 1 });
    return { start: iso(next), stop: null };
  }
  let stop = at(day, minutes, zone);
  if (stop <= startDt) stop = at(startDt.plus({ days: 1 }).toISODate()!, minutes, zone);
  return { start: e.start, stop: iso(stop) };
}
