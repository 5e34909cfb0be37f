import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type LogConfig } from 'kysely';
import type { DatabaseTarget } from '../config.js';
import type { DB } from './tables.js';
import { groupCommitTransact, plainTransact, type Transact } from './transact.js';
import { scopedPool, type ConnectionScope } from './connection-scope.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** How writes that must be atomic run: see db/transact.ts. */
  transact: Transact;
  /** A scope whose queries share one connection (PostgreSQL; SQLite has only one anyway). */
  scope(): ConnectionScope;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// int8 (bigint) columns come back from pg as strings; every id and epoch-ms value we keep
// is far below 2^53, so numbers are safe and keep both dialects returning the same types.
pg.types.setTypeParser(20, (v) => Number(v));

/** `log` lets tools (the benchmark's SQL capture) see every statement Kysely runs. */
/**
 * Kysely prepares every query afresh; preparing costs about as much as running a small query,
 * so prepared statements are kept per SQL text (bounded: id lists of varying length make
 * distinct texts). better-sqlite3 statements are reusable once a previous run has finished,
 * which the driver's single connection guarantees.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SQLite.Statement {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

const UNSCOPED: ConnectionScope = { run: (fn) => fn(), end: () => undefined };

export function openSqlite(file: string, options: { log?: LogConfig } = {}): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: an acknowledged write survives power loss too, not only a process crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), ...(options.log ? { log: options.log } : {}) });
  return {
    db,
    dialect: 'sqlite',
    transact: groupCommitTransact(db),
    scope: () => UNSCOPED,
    async ping() {
      sqlite.prepare('select 1').get();
    },
    async close() {
      await db.destroy();
    },
  };
}

export function openPostgres(url: string, options: { searchPath?: string; max?: number; log?: LogConfig } = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  const scoped = scopedPool(pool);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: scoped }), ...(options.log ? { log: options.log } : {}) });
  return {
    db,
    dialect: 'postgres',
    transact: plainTransact(db),
    scope: () => scoped.scope(),
    async ping() {
      const client = await pool.connect();
      try {
        await client.query('select 1');
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

export function openDatabase(target: DatabaseTarget): Database {
  return target.kind === 'sqlite' ? openSqlite(target.file) : openPostgres(target.url);
}
