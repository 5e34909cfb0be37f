import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';

/**
 * A stretch of work (one HTTP request) whose queries run on one pooled PostgreSQL connection,
 * taken at its first query and given back at `end()`. Queries that run in parallel don't queue
 * on it (pg will stop queueing queries on a client): one that comes while it is busy takes it
 * once it is free or a connection from the pool, whichever comes first.
 *
 * Why: with a shared pool every statement queues behind every other request's statements, so
 * under load all in-flight requests advance in lockstep and each one keeps its half-built answer
 * alive for the whole queue's length. Those long-lived objects survive young-generation GC and
 * get promoted, and on `/me?with_related_data` that garbage collection had become the largest
 * cost of a request. Holding one connection per request lets the first requests finish while
 * the later ones have not started (and hold nothing yet), and saves a pool checkout per
 * statement.
 */
export interface ConnectionScope {
  /** Runs `fn`, and everything it starts asynchronously, inside this scope. */
  run<T>(fn: () => T): T;
  /** No new query joins the held connection; it goes back to the pool once its last query ends. */
  end(): void;
}

interface Held {
  client: Promise<pg.PoolClient>;
  /** A query has the connection and has not released it yet. */
  busy: boolean;
  /** Queries of the scope that came while it was busy; each takes it or a pool connection, whichever is first. */
  waiting: (() => boolean)[];
  error?: Error;
  giveBack?: (err?: Error | boolean) => void;
}

interface Pin {
  held?: Held;
  ended: boolean;
}

/** The pool interface Kysely's PostgresDialect takes, with per-scope connections. */
export interface ScopedPool {
  connect(): Promise<pg.PoolClient>;
  end(): Promise<void>;
  scope(): ConnectionScope;
}

export function scopedPool(pool: pg.Pool): ScopedPool {
  const pins = new AsyncLocalStorage<Pin>();

  const giveBackIfUnused = (pin: Pin, held: Held) => {
    if (held.busy || (pin.held === held && !pin.ended) || !held.giveBack) return;
    if (pin.held === held) pin.held = undefined;
    const giveBack = held.giveBack;
    held.giveBack = undefined;
    giveBack(held.error);
  };

  const free = (pin: Pin, held: Held) => {
    if (!held.error) {
      while (held.waiting.length > 0) if (held.waiting.shift()!()) return;
    }
    held.waiting = [];
    held.busy = false;
    giveBackIfUnused(pin, held);
  };

  const take = (pin: Pin): Held => {
    const held: Held = { client: pool.connect(), busy: true, waiting: [] };
    held.client.then(
      (client) => {
        held.giveBack = client.release;
        // Kysely releases after every query; while the scope lasts that only frees it.
        client.release = (err?: Error | boolean) => {
          if (err instanceof Error) {
            // A broken connection is not reused: later queries of the scope take a fresh one.
            held.error = err;
            if (pin.held === held) pin.held = undefined;
          }
          free(pin, held);
        };
      },
      () => {
        if (pin.held === held) pin.held = undefined;
        held.busy = false;
      },
    );
    return held;
  };

  /**
   * A query that comes while the scope's connection is busy. Waiting only for that connection
   * could wait for ever (on a transaction that waits for this query), and waiting only for the
   * pool could too: when every pooled connection is held by a scope whose other queries wait
   * for the pool, nobody moves. So it takes whichever frees first; a pool connection that
   * arrives too late goes straight back.
   */
  const either = (held: Held) =>
    new Promise<pg.PoolClient>((resolve, reject) => {
      let settled = false;
      held.waiting.push(() => {
        if (settled) return false;
        settled = true;
        resolve(held.client);
        return true;
      });
      pool.connect().then(
        (client) => {
          if (settled) return client.release();
          settled = true;
          resolve(client);
        },
        (err: unknown) => {
          if (settled) return;
          settled = true;
          reject(err);
        },
      );
    });

  return {
    connect() {
      const pin = pins.getStore();
      if (!pin || pin.ended) return pool.connect();
      const held = pin.held;
      if (!held) return (pin.held = take(pin)).client;
      if (held.busy) return either(held);
      held.busy = true;
      return held.client;
    },
    end: () => pool.end(),
    scope() {
      const pin: Pin = { ended: false };
      return {
        run: (fn) => pins.run(pin, fn),
        end() {
          if (pin.ended) return;
          pin.ended = true;
          if (pin.held) giveBackIfUnused(pin, pin.held);
        },
      };
    },
  };
}
