import { DateTime } from 'luxon';

/** Toggl's beginning_of_week: 0 Sunday … 6 Saturday. */
export type WeekStart = number;

export interface Week {
  /** Midnight of the first day, in the user's zone. */
  start: DateTime;
  /** Midnight after the last day (exclusive); 167, 168 or 169 hours later across DST. */
  end: DateTime;
  /** The seven days as YYYY-MM-DD, first to last. */
  days: string[];
}

const zoneOrUtc = (zone: string): string => (DateTime.local().setZone(zone).isValid ? zone : 'UTC');

/**
 * The week holding `at` for a user in `zone` whose weeks begin on `beginningOfWeek`. Computed in
 * calendar days, not 7×24 hours, so the week a clock change falls in still ends at midnight.
 */
export function weekOf(at: DateTime | number, zone: string, beginningOfWeek: WeekStart): Week {
  const z = zoneOrUtc(zone);
  const local = (typeof at === 'number' ? DateTime.fromMillis(at) : at).setZone(z);
  // luxon's weekday: 1 Monday … 7 Sunday; Toggl's: 0 Sunday … 6 Saturday.
  const back = (local.weekday % 7 - (((beginningOfWeek % 7) + 7) % 7) + 7) % 7;
  const start = local.startOf('day').minus({ days: back });
  const end = start.plus({ days: 7 });
  const days = Array.from({ length: 7 }, (_, i) => start.plus({ days: i }).toISODate()!);
  return { start, end, days };
}

/** The user's calendar day (YYYY-MM-DD) of an instant. */
export function dayOf(at: string | number, zone: string): string {
  const dt = typeof at === 'number' ? DateTime.fromMillis(at) : DateTime.fromISO(at);
  return dt.setZone(zoneOrUtc(zone)).toISODate()!;
}

/** Today in the user's zone (not the browser's). */
export const today = (zone: string, now = Date.now()): string => dayOf(now, zone);

/**
 * Toggl's date_format and timeofday_format are moment.js patterns ("MM/DD/YYYY", "h:mm A");
 * luxon spells the same fields differently.
 */
export function luxonPattern(moment: string): string {
  return moment.replace(/YYYY|YY|DD|D|A|a|[^A-Za-z]+|[A-Za-z]/g, (token) => {
    switch (token) {
      case 'YYYY':
        return 'yyyy';
      case 'YY':
        return 'yy';
      case 'DD':
        return 'dd';
      case 'D':
        return 'd';
      case 'A':
      case 'a':
        return 'a';
      default:
        // MM, M, H, HH, h, hh, mm and separators mean the same; other letters are quoted so luxon
        // does not read them as fields.
        return /^[MHhms]$/.test(token) || !/[A-Za-z]/.test(token) ? token : `'${token}'`;
    }
  });
}

export function formatDate(day: string, momentFormat: string): string {
  return DateTime.fromISO(day).toFormat(luxonPattern(momentFormat || 'YYYY-MM-DD'));
}

export function formatTime(at: string, zone: string, momentFormat: string): string {
  return DateTime.fromISO(at).setZone(zoneOrUtc(zone)).toFormat(luxonPattern(momentFormat || 'H:mm'));
}
