// Toggl's wire formats for time are not uniform; these functions are the one place each
// format lives. Evidence (recorded real v9 responses):
// - time entry start/stop/server_deleted_at, and projects'/clients'/workspaces' `at`:
//   seconds with "+00:00", e.g. 2024-12-15T20:20:50+00:00
// - users' and time entries' at/created_at/updated_at: microseconds with "Z",
//   e.g. 2024-12-15T20:20:50.283589Z
// - workspaces.last_modified: a day with "Z", e.g. 2024-12-15T00:00:00Z
// Values are kept as epoch milliseconds, so microseconds are padded with zeros.

/** 2024-12-15T20:20:50+00:00 */
export function formatSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** 2024-12-15T20:20:50.283000Z */
export function formatMicros(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** 2024-12-15T00:00:00Z */
export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10) + 'T00:00:00Z';
}

export function nullable<T, R>(value: T | null | undefined, fn: (v: T) => R): R | null {
  return value === null || value === undefined ? null : fn(value);
}

/** The current time; a single seam so tests can reason about it. */
export const clock = {
  now: (): number => Date.now(),
};
