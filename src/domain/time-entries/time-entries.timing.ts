import { DateTime } from 'luxon';
import { invalid } from '../errors.js';
import { isValidTimezone } from '../validation.js';
import type { TimeEntriesQuery } from './time-entries.types.js';

// Pure rules about an entry's start, stop and duration, and about the date filters of
// GET /me/time_entries. Times are epoch seconds: Toggl keeps entries to the second.

/** Toggl refuses longer entries with this text. */
export const MAX_DURATION_SECONDS = 999 * 3600;
export const MAX_DURATION = 'Max allowed duration per 1 time entry is 999 hours';
export const STOP_BEFORE_START = 'Stop time must be after start time';
export const INCONSISTENT_STOP = 'stop and duration are inconsistent: start + duration must equal stop';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An RFC 3339 timestamp with an explicit offset, to the second (fractions are dropped, as Toggl
 * does). An unencoded `+` in a query string arrives as a space; it is read back as `+`.
 */
export function parseTimestamp(value: string): number | null {
  const text = value.trim().toUpperCase().replace(/ (\d{2}:\d{2})$/, '+$1');
  if (!RFC3339.test(text) || !isDay(text.slice(0, 10))) return null;
  // Date.parse reads RFC 3339 exactly but rolls impossible clock values over, so they are
  // refused first (it is also far cheaper than a luxon DateTime on this hot path).
  const clock = [text.slice(11, 13), text.slice(14, 16), text.slice(17, 19)].map(Number) as [number, number, number];
  if (clock[0] > 23 || clock[1] > 59 || clock[2] > 59) return null;
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  if (offset && (Number(offset[2]) > 23 || Number(offset[3]) > 59)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

export function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  // Plain calendar check: Date.UTC rolls 2024-02-30 over to March, which the round trip catches.
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

// Midnights in a time zone: luxon's zone arithmetic costs more than the rest of a list request,
// and the same few days in the same few zones are asked for again and again.
const midnights = new Map<string, number>();

/** The start of `day` (or of the day after it) in `zone`, in epoch seconds. */
function midnight(day: string, zone: string, nextDay: boolean): number {
  const key = `${zone} ${day} ${nextDay ? 1 : 0}`;
  let value = midnights.get(key);
  if (value === undefined) {
    const start = DateTime.fromISO(day, { zone }).startOf('day');
    value = Math.floor((nextDay ? start.plus({ days: 1 }) : start).toSeconds());
    if (midnights.size >= 10_000) midnights.clear();
    midnights.set(key, value);
  }
  return value;
}

/** Replaces the (UTC) date part of `start`, for the payload's `start_date`. */
export function withDate(start: number, day: string): number {
  if (!isDay(day)) throw invalid("Invalid 'start_date' value: use YYYY-MM-DD");
  const d = DateTime.fromISO(day, { zone: 'utc' });
  return Math.floor(DateTime.fromSeconds(start, { zone: 'utc' }).set({ year: d.year, month: d.month, day: d.day }).toSeconds());
}

export interface Timing {
  start: number;
  stop: number | null;
  duration: number;
}

/**
 * Start, stop and duration after a change. A negative duration means running; otherwise stop
 * follows from start + duration, duration from stop − start, and both given must agree. With
 * neither, a running entry keeps running, a stopped one keeps its stop, and a new one gets a
 * duration of 0 (Toggl reads a missing duration as zero).
 */
export function resolveTiming(
  current: { start: number; stop: number | null } | null,
  change: { start?: number; start_date?: string; stop?: number; duration?: number },
): Timing {
  let start = change.start ?? current?.start;
  if (start === undefined) throw invalid('Start time is required');
  if (change.start_date !== undefined) start = withDate(start, change.start_date);

  let stop: number | null;
  if (change.duration !== undefined) {
    if (change.duration < 0) {
      if (change.stop !== undefined) throw invalid(INCONSISTENT_STOP);
      stop = null;
    } else {
      stop = start + change.duration;
      if (change.stop !== undefined && change.stop !== stop) throw invalid(INCONSISTENT_STOP);
    }
  } else if (change.stop !== undefined) {
    stop = change.stop;
  } else if (current) {
    stop = current.stop;
  } else {
    stop = start;
  }
  if (stop !== null && stop < start) throw invalid(STOP_BEFORE_START);
  const duration = stop === null ? 0 : stop - start;
  // Only a change of times is judged: an entry that ran long can still be retagged or renamed.
  const timesChanged = current === null || change.start !== undefined || change.start_date !== undefined || change.stop !== undefined || change.duration !== undefined;
  if (timesChanged && duration > MAX_DURATION_SECONDS) throw invalid(MAX_DURATION);
  return { start, stop, duration };
}

/** Bounds of GET /me/time_entries, in epoch seconds: start in [from, to), at >= since. */
export interface ListFilter {
  since?: number;
  from?: number;
  to?: number;
  includeDeleted: boolean;
  limit?: number;
}

/** Without filters Toggl lists what started in the last 9 days (v8 docs); v9 kept that default. */
export const DEFAULT_WINDOW_DAYS = 9;
/** Toggl caps date-filtered lists at 1000 entries; `since` (sync) answers are not capped. */
export const LIST_LIMIT = 1000;

function exclusive(a: keyof TimeEntriesQuery, b: keyof TimeEntriesQuery): never {
  throw invalid(`'${a}' and '${b}' can not be present simultaneously`);
}

/**
 * Reads the query of GET /me/time_entries. Dates without a time are days in the user's time zone:
 * start_date from that day's midnight, end_date through the end of that day, before up to that
 * day's midnight. Timestamps are instants.
 */
export function listFilter(query: TimeEntriesQuery, timezone: string, nowSeconds: number): ListFilter {
  const { since, before, start_date, end_date } = query;
  const hasRange = start_date !== undefined || end_date !== undefined;
  if (since !== undefined && before !== undefined) exclusive('since', 'before');
  if (since !== undefined && hasRange) exclusive('since', start_date !== undefined ? 'start_date' : 'end_date');
  if (before !== undefined && hasRange) exclusive('before', start_date !== undefined ? 'start_date' : 'end_date');

  const zone = isValidTimezone(timezone) ? timezone : 'UTC';
  const bound = (name: 'before' | 'start_date' | 'end_date', value: string, endOfDay: boolean): number => {
    const v = value.trim();
    if (isDay(v)) return midnight(v, zone, endOfDay);
    const instant = parseTimestamp(v);
    if (instant === null) throw invalid(`Invalid '${name}' value`);
    return endOfDay ? instant + 1 : instant;
  };

  if (since !== undefined) return { since, includeDeleted: true };
  if (before !== undefined) return { to: bound('before', before, false), includeDeleted: false, limit: LIST_LIMIT };
  if (hasRange) {
    if (start_date === undefined) throw invalid('start_date should not be empty');
    if (end_date === undefined) throw invalid('end_date should not be empty');
    const from = bound('start_date', start_date, false);
    const to = bound('end_date', end_date, true);
    if (to <= from) throw invalid('start_date should come before end_date');
    return { from, to, includeDeleted: false, limit: LIST_LIMIT };
  }
  return { from: nowSeconds - DEFAULT_WINDOW_DAYS * 86400, includeDeleted: false, limit: LIST_LIMIT };
}
