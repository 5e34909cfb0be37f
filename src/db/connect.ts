import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Log, PostgresDialect, sql, SqliteDialect, type LogConfig, type Logger } from 'kysely';
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
  /** What /metrics reports of the database (http/metrics.ts). */
  stats: DatabaseStats;
}

export interface PoolFigures {
  /** Open connections, idle or checked out. */
  total: number;
  idle: number;
  /** Checkouts queued for a connection because every one is in use. */
  waiting: number;
}

export interface DatabaseStats {
  /** Tells `listener` each statement's duration in milliseconds (failed ones too); returns its removal. */
  onStatement(listener: (ms: number) => void): () => void;
  /** The PostgreSQL pool's figures; null on SQLite, whose one connection is not pooled. */
  pool(): PoolFigures | null;
}

// int8 (bigint) columns come back from pg as strings; every id and epoch-ms value we keep
// is far below 2^53, so numbers are safe and keep both dialects returning the same types.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * Kysely's query log times every statement; it is always on so that /metrics can report
 * statement latency. A listener is a plain call with a number (no event is kept, no string
 * built), and `log` from the options (the benchmark's SQL capture) still sees every statement.
 */
function statementLog(extra: LogConfig | undefined): { log: Logger; onStatement: DatabaseStats['onStatement'] } {
  // Replaced, never mutated, so a listener removed while statements are being reported is safe.
  let listeners: readonly ((ms: number) => void)[] = [];
  const passOn = extra === undefined ? null : new Log(extra);
  const log: Logger = (event) => {
    const ms = event.queryDurationMillis;
    for (let i = 0; i < listeners.length; i++) listeners[i]!(ms);
    if (passOn) return event.level === 'query' ? passOn.query(() => event) : passOn.error(() => event);
  };
  return {
    log,
    onStatement(listener) {
      listeners = [...listeners, listener];
      return () => {
        listeners = listeners.filter((l) => l !== listener);
      };
    },
  };
}

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
  const { log, onStatement } = statementLog(options.log);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log });
  return {
    db,
    dialect: 'sqlite',
    stats: { onStatement, pool: () => null },
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
  const { log, onStatement } = statementLog(options.log);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: scoped }), log });
  return {
    db,
    dialect: 'postgres',
    stats: {
      onStatement,
      pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    },
    transact: plainTransact(db),
    scope: () => scoped.scope(),
    // Through Kysely, so a ping inside a request's connection scope uses the connection that
    // request already holds: a checkout of its own waited for the pool, and as many concurrent
    // authenticated /readyz calls as the pool has connections held them all and waited forever.
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}

export function openDatabase(target: DatabaseTarget): Database {
  return target.kind === 'sqlite' ? openSqlite(target.file) : openPostgres(target.url);
}
