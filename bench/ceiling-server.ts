// The ceiling for bench/track-api.ts: a bare node:http server that, for each benchmarked
// route, runs exactly the SQL statements Stint issued for that request (captured beforehand)
// and answers JSON.stringify of what they returned. No framework, validation, auth logic or
// presenters: what Stint adds on top of its SQL is the difference between the two.
import crypto from 'node:crypto';
import http from 'node:http';
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { parseDatabaseUrl } from '../src/config.js';
import { FRESH_UUID, type CapturedStatement, type CeilingPlan } from './ceiling-plan.js';

const withFreshValues = (params: unknown[]) => params.map((p) => (p === FRESH_UUID ? crypto.randomUUID() : p));

type Runner = (statements: CapturedStatement[]) => Promise<unknown[]>;

function sqliteRunner(file: string): Runner {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const cache = new Map<string, SQLite.Statement>();
  const prepared = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  return async (statements) => {
    try {
      return statements.map(({ sql, params }) => {
        const s = prepared(sql);
        const values = withFreshValues(params);
        return s.reader ? s.all(...values) : s.run(...values);
      });
    } catch (err) {
      if (db.inTransaction) db.prepare('rollback').run();
      throw err;
    }
  };
}

function postgresRunner(url: string): Runner {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pg.types.setTypeParser(20, (v) => Number(v));
  return async (statements) => {
    const client = await pool.connect();
    try {
      const out: unknown[] = [];
      for (const { sql, params } of statements) out.push((await client.query(sql, withFreshValues(params))).rows);
      return out;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  };
}

const plan = JSON.parse(fs.readFileSync(process.env.CEILING_PLAN!, 'utf8')) as CeilingPlan;
const target = parseDatabaseUrl(process.env.CEILING_DATABASE_URL);
const run = target.kind === 'sqlite' ? sqliteRunner(target.file) : postgresRunner(target.url);

let reported = false;
const server = http.createServer((req, res) => {
  const path = (req.url ?? '').split('?')[0];
  if (path === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  const route = plan.routes.find((r) => r.method === req.method && r.path === path);
  if (!route) {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    run(route.statements).then(
      (results) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(results)),
      (err: Error) => {
        // A failing replay would flatter the ceiling; say so loudly once.
        if (!reported) console.error(`ceiling: ${req.method} ${path} failed: ${err.message}`);
        reported = true;
        res.writeHead(500).end(JSON.stringify(err.message));
      },
    );
  });
});
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
