import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './tables.js';

/**
 * Runs `fn` in a transaction and answers its result once the transaction is durably committed.
 * If `fn` throws, nothing it wrote is kept. `fn` must do all its database work through `tx`
 * and must not call `transact` itself.
 */
export type Transact = <T>(fn: (tx: Transaction<DB>) => Promise<T>) => Promise<T>;

export function plainTransact(db: Kysely<DB>): Transact {
  return (fn) => db.transaction().execute(fn);
}

interface Job {
  fn: (tx: Transaction<DB>) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

const SAVEPOINT = sql.raw('stint_write');

/**
 * Group commit for SQLite. SQLite has one writer and, with synchronous=FULL, one fsync per
 * commit; under concurrent writes that fsync, not the SQL, is what limits throughput. Writes
 * that arrive together (or while a batch is being applied) wait in a queue; the queue is applied as one
 * transaction, each write inside its own savepoint (a failing write rolls back only itself),
 * and committed with a single fsync. No caller hears of success before that commit, so an
 * acknowledged write is as durable as before, and because the batch holds SQLite's only
 * connection until it commits, no reader ever sees a write that is not yet committed.
 * PostgreSQL needs none of this: it already flushes concurrent commits together.
 */
export function groupCommitTransact(db: Kysely<DB>, maxBatch = 64): Transact {
  const queue: Job[] = [];
  let draining = false;

  async function runOne(job: Job): Promise<void> {
    try {
      job.resolve(await db.transaction().execute(job.fn));
    } catch (err) {
      job.reject(err);
    }
  }

  async function runBatch(batch: Job[]): Promise<void> {
    const applied: { job: Job; value: unknown }[] = [];
    let next = 0;
    try {
      await db.transaction().execute(async (tx) => {
        for (; next < batch.length; next++) {
          const job = batch[next]!;
          await sql`savepoint ${SAVEPOINT}`.execute(tx);
          let value: unknown;
          try {
            value = await job.fn(tx);
          } catch (err) {
            await sql`rollback to ${SAVEPOINT}`.execute(tx);
            await sql`release ${SAVEPOINT}`.execute(tx);
            job.reject(err);
            continue;
          }
          await sql`release ${SAVEPOINT}`.execute(tx);
          applied.push({ job, value });
        }
      });
    } catch (err) {
      // The batch as a whole failed (its commit, or undoing one write): nothing of it was kept.
      for (const a of applied) a.job.reject(err);
      if (next < batch.length) {
        batch[next]!.reject(err);
        // Writes not yet tried get their own chance in the next batch.
        queue.unshift(...batch.slice(next + 1));
      }
      return;
    }
    for (const a of applied) a.job.resolve(a.value);
  }

  async function drain(): Promise<void> {
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        await (batch.length === 1 ? runOne(batch[0]!) : runBatch(batch));
      }
    } finally {
      draining = false;
    }
  }

  return <T>(fn: (tx: Transaction<DB>) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (draining) return;
      draining = true;
      // better-sqlite3 answers synchronously, so a whole request runs without yielding to I/O.
      // Starting the batch after this turn's I/O callbacks lets the requests that arrived
      // together queue their writes first.
      setImmediate(() => void drain());
    });
}
