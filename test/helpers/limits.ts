import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrations/index.js';
import type { LimitStore } from '../../src/http/limits/store.js';
import { openTestDatabase, type TestApp } from './app.js';

/** A clock the test moves by hand, so buckets leak and windows reset without sleeping. */
export function manualClock(start = Date.UTC(2025, 0, 6, 9, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

export interface LimitedAppOptions {
  now?: () => number;
  store?: LimitStore;
  /** An already migrated database shared with another instance; the caller closes it. */
  database?: Database;
  logger?: boolean | object;
}

/** A test app with rate-limit settings from `env` and an injected clock. */
export async function buildLimitedApp(env: Record<string, string>, options: LimitedAppOptions = {}): Promise<TestApp> {
  const config = loadConfig({ ...env });
  let database: Database;
  let drop = async () => {};
  if (options.database) {
    database = options.database;
  } else {
    const opened = await openTestDatabase();
    database = opened.database;
    drop = opened.drop;
    await migrateToLatest(database.db, database.dialect);
  }
  const { app, services, routes } = await buildApp({
    config,
    database,
    logger: options.logger ?? false,
    limits: { ...(options.now ? { now: options.now } : {}), ...(options.store ? { store: options.store } : {}) },
  });
  await app.ready();
  return {
    app,
    services,
    routes,
    database,
    config,
    async close() {
      await app.close();
      if (!options.database) {
        await database.close();
        await drop();
      }
    },
  };
}
