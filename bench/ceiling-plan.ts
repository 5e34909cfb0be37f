// What bench/track-api.ts captures from Stint and bench/ceiling-server.ts replays.

/** A captured parameter the ceiling replaces by a new random UUID on every request. */
export const FRESH_UUID = '\u0000fresh-uuid';

export interface CapturedStatement {
  sql: string;
  params: unknown[];
}

export interface CeilingPlan {
  // Kysely logs its begin/commit too, so a route's statements replay its transactions as they were.
  routes: { method: string; path: string; statements: CapturedStatement[] }[];
}

