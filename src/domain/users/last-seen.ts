import { AsyncResource } from 'node:async_hooks';

/** How stale `stint user list`'s "last seen" may be; also the most often one user's row is written. */
export const LAST_SEEN_INTERVAL_MS = 5 * 60_000;

/**
 * Records when users authenticate without a write per request: the server is measured against
 * bare node:http, so a user's row is written at most once per interval, and the times written
 * are remembered in memory (per process; several instances each write at most that often).
 *
 * The write is started and not awaited, so the request never waits for it, and its failure is
 * dropped: a missed "last seen" is corrected by the next one, while a failed request is not.
 */
export class LastSeen {
  private readonly written = new Map<number, number>();
  private readonly start: (userId: number, at: number) => void;

  constructor(
    write: (userId: number, at: number) => Promise<void>,
    private readonly intervalMs = LAST_SEEN_INTERVAL_MS,
    private readonly maxUsers = 100_000,
  ) {
    // Bound to the context this is built in (start-up), not the request's: a reading request
    // holds one PostgreSQL connection for its statements (db/connection-scope.ts), and this
    // write should neither queue on it nor keep it from going back to the pool.
    this.start = AsyncResource.bind((userId: number, at: number) => {
      try {
        write(userId, at).catch(() => undefined);
      } catch {
        // As for a failed write: the next interval tries again.
      }
    });
  }

  seen(userId: number, now: number): void {
    const last = this.written.get(userId);
    if (last !== undefined && now - last < this.intervalMs && now >= last) return;
    // Re-inserted so the map is ordered oldest write first, and the oldest goes when it is full.
    this.written.delete(userId);
    if (this.written.size >= this.maxUsers) this.written.delete(this.written.keys().next().value!);
    this.written.set(userId, now);
    this.start(userId, now);
  }
}
