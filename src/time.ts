// Toggl's wire formats for time are not uniform; these functions are the one place each
// format lives. Evidence (recorded real v9 responses):
// - time entry start/stop/server_deleted_at, and projects'/clients'/workspaces' `at`:
//   seconds with "+00:00", e.g. 2024-12-15T20:20:50+00:00
// - users' and time entries' at/created_at/updated_at: microseconds with "Z",
//   e.g. 2024-12-15T20:20:50.283589Z
// - workspaces.last_modified: a day with "Z", e.g. 2024-12-15T00:00:00Z
// Values are kept as epoch milliseconds, so microseconds are padded with zeros.

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));
// Entry lists format hundreds of timestamps per response; table look-ups beat padding.
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => pad2(i));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** YYYY-MM-DD of a day counted from 1970-01-01 (Howard Hinnant's days-to-civil algorithm). */
function dateOfDay(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 1000 || year > 9999) return new Date(days * 86_400_000).toISOString().slice(0, 10);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

// The entries of one response mostly share a few days: the last day's "YYYY-MM-DDT" is kept.
let lastDay = Number.NaN;
let lastDateT = '';

// Times of day, made on first use and kept. A timestamp is then the day's prefix plus one of
// these: each `+` of a string of 13 characters or more makes a rope node V8 keeps until the
// string is flattened, and lists format hundreds of timestamps per response, so a chain of
// small pieces (hours, ':', minutes, ...) had made formatting the largest allocator of a page.
const TIME_SECONDS: (string | undefined)[] = new Array(86_400); // "HH:mm:ss+00:00"
const TIME_MICROS: (string | undefined)[] = new Array(86_400); // "HH:mm:ss."
const MILLIS_Z = THREE_DIGITS.map((ms) => ms + '000Z');

function timeOfDay(secondsOfDay: number): string {
  const h = Math.floor(secondsOfDay / 3600);
  const rest = secondsOfDay - h * 3600;
  const m = Math.floor(rest / 60);
  return TWO_DIGITS[h] + ':' + TWO_DIGITS[m] + ':' + TWO_DIGITS[rest - m * 60];
}

/**
 * The second of the day of an epoch-milliseconds value, in UTC; leaves that day's "YYYY-MM-DDT"
 * in `lastDateT`. Computed directly: Date#toISOString plus string surgery showed up in profiles
 * of entry lists.
 */
function secondOfDay(ms: number): number {
  const totalSeconds = Math.floor(ms / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  if (days !== lastDay) {
    lastDateT = dateOfDay(days) + 'T';
    lastDay = days;
  }
  return totalSeconds - days * 86_400;
}

/** 2024-12-15T20:20:50+00:00 */
export function formatSeconds(ms: number): string {
  const s = secondOfDay(ms);
  return lastDateT + (TIME_SECONDS[s] ??= timeOfDay(s) + '+00:00');
}

/** 2024-12-15T20:20:50.283000Z */
export function formatMicros(ms: number): string {
  const s = secondOfDay(ms);
  return lastDateT + (TIME_MICROS[s] ??= timeOfDay(s) + '.') + MILLIS_Z[((Math.floor(ms) % 1000) + 1000) % 1000];
}

/** 2024-12-15T00:00:00Z */
export function formatDay(ms: number): string {
  secondOfDay(ms);
  return lastDateT + '00:00:00Z';
}

export function nullable<T, R>(value: T | null | undefined, fn: (v: T) => R): R | null {
  return value === null || value === undefined ? null : fn(value);
}

/** The current time; a single seam so tests can reason about it. */
export const clock = {
  now: (): number => Date.now(),
};
