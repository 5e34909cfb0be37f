import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';

/**
 * A stretch of work (one HTTP request) whose queries run on one pooled PostgreSQL connection,
 * taken at its first query and given back at `end()`. A query that comes while that
 * connection is busy (queries run in parallel) takes another one from the pool for itself, as
 * without a scope: pg does not queue queries on a client, and waiting for the scope's own
 * connection could wait for ever on a transaction that waits for the query.
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

  const take = (pin: Pin): Held => {
    const held: Held = { client: pool.connect(), busy: false };
    held.client.then(
      (client) => {
        held.giveBack = client.release;
        // Kysely releases after every query; while the scope lasts that only frees it.
        client.release = (err?: Error | boolean) => {
          held.busy = false;
          if (err instanceof Error) {
            // A broken connection is not reused: later queries of the scope take a fresh one.
            held.error = err;
            if (pin.held === held) pin.held = undefined;
          }
          giveBackIfUnused(pin, held);
        };
      },
      () => {
        if (pin.held === held) pin.held = undefined;
      },
    );
    return held;
  };

  return {
    connect() {
      const pin = pins.getStore();
      if (!pin || pin.ended || pin.held?.busy) return pool.connect();
      const held = (pin.held ??= take(pin));
      held.busy = true;
      return held.client.catch((err: unknown) => {
        held.busy = false;
        throw err;
      });
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
