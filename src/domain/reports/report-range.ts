// Report periods. Dates are whole days in the requesting user's time zone, both ends included;
// queries compare entry starts (epoch seconds) against the period's instants, and group by the
// entry's local day through a piecewise UTC offset, so SQLite (which has no time-zone database)
// and PostgreSQL bucket identically, daylight-saving changes included.
import { DateTime, IANAZone } from 'luxon';
import type { ReportFilters, Resolution } from './report-filters.js';

export interface OffsetPiece {
  /** The piece applies to instants before this epoch second; null for the last piece. */
  until: number | null;
  /** UTC offset in seconds. */
  offset: number;
}

export interface ReportRange {
  /** YYYY-MM-DD, as reported in X-Range-Start / X-Range-End. */
  start_date: string;
  end_date: string;
  /** Entries whose start is in [from, to) belong to the report (epoch seconds). */
  from: number;
  to: number;
  zone: string;
  /** Local epoch-day number (days since 1970-01-01) of start_date. */
  first_day: number;
  day_count: number;
  offsets: OffsetPiece[];
}

const DAY = 86_400;

function zoneOf(timezone: string): string {
  return IANAZone.isValidZone(timezone) ? timezone : 'UTC';
}

/** The user's calendar date today. */
export function todayIn(timezone: string, nowMs: number): string {
  return DateTime.fromMillis(nowMs, { zone: zoneOf(timezone) }).toISODate()!;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** Epoch-day number of a YYYY-MM-DD date. */
export function epochDay(date: string): number {
  return Math.round(DateTime.fromISO(date, { zone: 'UTC' }).toSeconds() / DAY);
}

export function dateOfEpochDay(day: number): string {
  return DateTime.fromSeconds(day * DAY, { zone: 'UTC' }).toISODate()!;
}

/** UTC offsets in force between two instants, as pieces ordered by time. */
export function offsetPieces(zone: string, from: number, to: number): OffsetPiece[] {
  const offsetAt = (s: number) => zoneOffset(zone, s);
  const pieces: OffsetPiece[] = [];
  let current = offsetAt(from);
  // Offsets change at most a few times a year; step by half a day and bisect each change.
  const step = DAY / 2;
  for (let t = from; t < to; t += step) {
    const next = Math.min(t + step, to);
    if (offsetAt(next) === current) continue;
    let lo = t;
    let hi = next;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(mid) === current) lo = mid;
      else hi = mid;
    }
    pieces.push({ until: hi, offset: current });
    current = offsetAt(hi);
  }
  pieces.push({ until: null, offset: current });
  return pieces;
}

function build(start_date: string, end_date: string, zone: string, startTime?: string, endTime?: string): ReportRange {
  const z = zoneOf(zone);
  const from = DateTime.fromISO(`${start_date}T${startTime ?? '00:00:00'}`, { zone: z }).toSeconds();
  const to = endTime
    ? DateTime.fromISO(`${end_date}T${endTime}`, { zone: z }).toSeconds() + 1
    : DateTime.fromISO(end_date, { zone: z }).plus({ days: 1 }).startOf('day').toSeconds();
  const first_day = epochDay(start_date);
  return {
    start_date,
    end_date,
    from,
    to: Math.max(to, from),
    zone: z,
    first_day,
    day_count: epochDay(end_date) - first_day + 1,
    offsets: offsetPieces(z, from, Math.max(to, from)),
  };
}

/**
 * The period of a summary, detailed or totals report. With only start_date, real Toggl ends it six
 * days later (reports-v3-responses.md §0); with only end_date it starts six days before; with
 * neither it is the last seven days, as in Reports v2.
 */
export function reportRange(filters: ReportFilters, timezone: string, nowMs: number): ReportRange {
  let start = filters.start_date;
  let end = filters.end_date;
  if (!start && !end) end = todayIn(timezone, nowMs);
  if (!start) start = addDays(end!, -6);
  if (!end) end = addDays(start, 6);
  return build(start, end, timezone, filters.start_time, filters.end_time);
}

/**
 * The weekly report's seven days: from start_date, or from the first day of the user's current
 * week (beginning_of_week: 0 = Sunday … 6 = Saturday). An end_date inside the week cuts it short;
 * the report still has seven columns.
 */
export function weeklyRange(filters: ReportFilters, timezone: string, beginningOfWeek: number, nowMs: number): ReportRange {
  let start = filters.start_date;
  if (!start) {
    const today = DateTime.fromISO(todayIn(timezone, nowMs), { zone: 'UTC' });
    const back = (today.weekday % 7 - beginningOfWeek + 7) % 7;
    start = today.minus({ days: back }).toISODate()!;
  }
  const weekEnd = addDays(start, 6);
  const end = filters.end_date && filters.end_date < weekEnd ? filters.end_date : weekEnd;
  const range = build(start, end, timezone, filters.start_time, filters.end_time);
  return { ...range, end_date: weekEnd, day_count: 7 };
}

/** Local epoch-day of an instant, with the same offsets the SQL uses. */
export function localDay(range: ReportRange, epochSeconds: number): number {
  const piece = range.offsets.find((p) => p.until === null || epochSeconds < p.until)!;
  return Math.floor((epochSeconds + piece.offset) / DAY);
}

/**
 * Toggl's automatic graph resolution: day bars for short ranges, weeks up to about six months,
 * months beyond (support article; one client uses ≤ 31 / ≤ 183 days).
 */
export function autoResolution(range: ReportRange): Resolution {
  if (range.day_count <= 31) return 'day';
  if (range.day_count <= 183) return 'week';
  return 'month';
}

/**
 * The first epoch-day of every graph bucket. Clients derive bucket i as start_date + i × resolution
 * (reports-v3-responses.md §2), so buckets start at start_date, not at calendar weeks or months.
 */
export function bucketStarts(range: ReportRange, resolution: Resolution): number[] {
  const out: number[] = [];
  const start = DateTime.fromISO(range.start_date, { zone: 'UTC' });
  const lastDay = range.first_day + range.day_count - 1;
  for (let i = 0; ; i++) {
    const d = resolution === 'day' ? start.plus({ days: i }) : resolution === 'week' ? start.plus({ weeks: i }) : start.plus({ months: i });
    const day = Math.round(d.toSeconds() / DAY);
    if (day > lastDay) break;
    out.push(day);
  }
  return out;
}

/** Index of the bucket holding an epoch-day (bucket starts ascending). */
export function bucketIndex(starts: number[], day: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (starts[mid]! <= day) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

interface ZoneOffsets {
  zone: IANAZone;
  /** Per UTC day: the offset when it holds all day, null on a day the offset changes. */
  days: Map<number, number | null>;
  /** Per quarter hour, on the days the offset changes. */
  quarters: Map<number, number>;
}

const offsetCache = new Map<string, ZoneOffsets>();
const offsetOf = (zone: IANAZone, epochSeconds: number) => zone.offset(epochSeconds * 1000) * 60;
const QUARTER_HOUR = 900;

/**
 * The zone's UTC offset (seconds) at an instant. Reports format two or three instants per row for
 * hundreds of thousands of rows, and each lookup through Intl costs microseconds, so offsets are
 * cached per UTC day when the offset is the same at both ends of the day (no zone changes twice
 * within a day and back), else per quarter hour (offsets only change on quarter hours).
 */
export function zoneOffset(zone: string, epochSeconds: number): number {
  let cache = offsetCache.get(zone);
  if (!cache) {
    if (offsetCache.size > 100) offsetCache.clear();
    cache = { zone: IANAZone.create(zoneOf(zone)), days: new Map(), quarters: new Map() };
    offsetCache.set(zone, cache);
  }
  const z = cache.zone;
  const day = Math.floor(epochSeconds / DAY);
  let whole = cache.days.get(day);
  if (whole === undefined) {
    if (cache.days.size > 100_000) cache.days.clear();
    const first = offsetOf(z, day * DAY);
    whole = first === offsetOf(z, (day + 1) * DAY) ? first : null;
    cache.days.set(day, whole);
  }
  if (whole !== null) return whole;
  const quarter = Math.floor(epochSeconds / QUARTER_HOUR);
  let offset = cache.quarters.get(quarter);
  if (offset === undefined) {
    if (cache.quarters.size > 200_000) cache.quarters.clear();
    offset = offsetOf(z, quarter * QUARTER_HOUR);
    cache.quarters.set(quarter, offset);
  }
  return offset;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const dateCache = new Map<number, string>();

/** YYYY-MM-DD of an epoch day, cached: an export formats each day's date thousands of times. */
function dateOf(day: number): string {
  let date = dateCache.get(day);
  if (date === undefined) {
    if (dateCache.size > 50_000) dateCache.clear();
    date = new Date(day * DAY * 1000).toISOString().slice(0, 10);
    dateCache.set(day, date);
  }
  return date;
}

/** YYYY-MM-DDTHH:MM:SS of an instant's local wall-clock time. */
export function localWallClock(epochSeconds: number, zone: string): string {
  const local = epochSeconds + zoneOffset(zone, epochSeconds);
  const day = Math.floor(local / DAY);
  const second = local - day * DAY;
  return `${dateOf(day)}T${TWO_DIGITS[Math.floor(second / 3600)]}:${TWO_DIGITS[Math.floor((second % 3600) / 60)]}:${TWO_DIGITS[second % 60]}`;
}

function offsetSuffix(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${sign}${String(Math.floor(abs / 3600)).padStart(2, '0')}:${String(Math.floor((abs % 3600) / 60)).padStart(2, '0')}`;
}

/** 2024-04-08T21:19:52-07:00: an instant in the user's offset, as Reports v3 sends start/stop. */
export function formatInZone(epochSeconds: number, zone: string): string {
  return localWallClock(epochSeconds, zone) + offsetSuffix(zoneOffset(zone, epochSeconds));
}

/** 2025-03-03T09:00:00Z: local wall-clock time with a literal Z, as summary `local_start` (§3). */
export function formatLocalWithZ(epochSeconds: number, zone: string): string {
  return `${localWallClock(epochSeconds, zone)}Z`;
}
