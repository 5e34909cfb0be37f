// Toggl's wire formats for time are not uniform; these functions are the one place each
// format lives. Evidence (recorded real v9 responses):
// - time entry start/stop/server_deleted_at, and projects'/clients'/workspaces' `at`:
//   seconds with "+00:00", e.g. 2024-12-15T20:20:50+00:00
// - users' and time entries' at/created_at/updated_at: microseconds with "Z",
//   e.g. 2024-12-15T20:20:50.283589Z
// - workspaces.last_modified: a day with "Z", e.g. 2024-12-15T00:00:00Z
// Values are kept as epoch milliseconds, so microseconds are padded with zeros.

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

/**
 * YYYY-MM-DDTHH:mm:ss of an epoch-milliseconds value, in UTC. Entry lists format hundreds of
 * timestamps per response, and Date#toISOString plus string surgery showed up in profiles, so
 * the civil date is computed directly (Howard Hinnant's days-to-civil algorithm).
 */
function civil(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const secondsOfDay = totalSeconds - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 1000 || year > 9999) return new Date(totalSeconds * 1000).toISOString().slice(0, 19);
  const h = Math.floor(secondsOfDay / 3600);
  const m = Math.floor((secondsOfDay % 3600) / 60);
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(h)}:${pad2(m)}:${pad2(secondsOfDay % 60)}`;
}

/** 2024-12-15T20:20:50+00:00 */
export function formatSeconds(ms: number): string {
  return civil(ms) + '+00:00';
}

/** 2024-12-15T20:20:50.283000Z */
export function formatMicros(ms: number): string {
  const millis = ((ms % 1000) + 1000) % 1000;
  return `${civil(ms)}.${String(millis).padStart(3, '0')}000Z`;
}

/** 2024-12-15T00:00:00Z */
export function formatDay(ms: number): string {
  return civil(ms).slice(0, 10) + 'T00:00:00Z';
}

export function nullable<T, R>(value: T | null | undefined, fn: (v: T) => R): R | null {
  return value === null || value === undefined ? null : fn(value);
}

/** The current time; a single seam so tests can reason about it. */
export const clock = {
  now: (): number => Date.now(),
};
