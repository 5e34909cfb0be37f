// Reports v3 benchmark (issue 5, "Performance"): a workspace with 1,000,000 time entries (50 users,
// 500 projects, 100 clients, 200 tags, two years), seeded once per database, then p50/p95 of four
// report calls through Stint's real HTTP stack, each beside its ceiling: one hand-written SQL query
// computing the same aggregation, run through the same driver in the same process. Stint and
// ceiling runs alternate, so noise on a shared machine hits both alike. Before timing anything, the
// script checks that Stint and the ceiling agree (summary and totals seconds, first page ids, CSV
// row count).
//
//   node --import tsx bench/reports.ts [--entries 1000000] [--runs 20] [--csv-runs 3]
//   BENCH_DATABASE_URL=postgres://... adds the PostgreSQL run (in a throwaway schema);
//   BENCH_ONLY=postgres then skips SQLite.
//   --keep NAME keeps the seeded data (SQLite: $TMPDIR/NAME.sqlite; PostgreSQL: schema NAME) and
//   reuses it on the next run with the same NAME, for measuring again after a change.
//
// CSV exports run against a separate server process each (so its peak RSS is the export's alone),
// downloaded over loopback by this process: time, peak RSS and heap for one month, one year and
// two years, plus the heap left after forced GCs during the export (what it really retains).
import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openPostgres, openSqlite, type Database } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrations/index.js';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '..');
const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ENTRIES = arg('entries', 1_000_000);
const RUNS = arg('runs', 20);
const CSV_RUNS = arg('csv-runs', 3);

// One client asking for reports back to back: the per-credential rate limit is off and the hourly
// quota is counted but never refuses.
const LIMITS_ENV = { RATE_LIMIT_PER_SECOND: '0', QUOTA_PER_HOUR: '1000000000', QUOTA_ENFORCE: 'false' };

/** The seeded data spans 2024 and 2025 (UTC, the owner's time zone); reports ask for 2025. */
const FIRST_SECOND = Date.UTC(2024, 0, 1) / 1000;
const SPAN_SECONDS = Date.UTC(2026, 0, 1) / 1000 - FIRST_SECOND;
const YEAR = { start_date: '2025-01-01', end_date: '2025-12-31' };
const MONTH = { start_date: '2025-06-01', end_date: '2025-06-30' };
const TWO_YEARS = { start_date: '2024-01-01', end_date: '2025-12-31' };
const YEAR_FROM = Date.UTC(2025, 0, 1) / 1000;
const YEAR_TO = Date.UTC(2026, 0, 1) / 1000;

// ---------------------------------------------------------------------------------------------
// Databases

/** Where a target lives, in a form a child process can be handed. */
type Location = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema: string };

/** The ceiling's access: the bare driver, no Kysely, no Stint. */
interface Raw {
  all(text: string): Promise<Record<string, unknown>[]>;
  /** Reads a query's rows in batches (as an export would) and returns how many there were. */
  each(text: string, onRow: (row: Record<string, unknown>) => void): Promise<number>;
  close(): Promise<void>;
}

interface Target {
  name: 'SQLite' | 'PostgreSQL';
  location: Location;
  open(): Database;
  raw(): Promise<Raw>;
  cleanup(): Promise<void>;
}

function openLocation(l: Location): Database {
  return l.kind === 'sqlite' ? openSqlite(l.file) : openPostgres(l.url, { searchPath: l.schema, max: 4 });
}

function sqliteTarget(keep: string | null): Target {
  const dir = keep ? os.tmpdir() : fs.mkdtempSync(path.join(os.tmpdir(), 'stint-reports-bench-'));
  const location: Location = { kind: 'sqlite', file: path.join(dir, keep ? `${keep}.sqlite` : 'bench.sqlite') };
  return {
    name: 'SQLite',
    location,
    open: () => openLocation(location),
    async raw() {
      const db = new SQLite(location.file, { readonly: true });
      return {
        all: async (text) => db.prepare(text).all() as Record<string, unknown>[],
        async each(text, onRow) {
          let n = 0;
          for (const row of db.prepare(text).iterate()) {
            onRow(row as Record<string, unknown>);
            n++;
          }
          return n;
        },
        close: async () => void db.close(),
      };
    },
    cleanup: async () => {
      if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function pgClient(url: string, schema?: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  await client.connect();
  return client;
}

async function postgresTarget(url: string, keep: string | null): Promise<Target> {
  const schema = keep ?? `bench_reports_${crypto.randomBytes(4).toString('hex')}`;
  const admin = await pgClient(url);
  await admin.query(`create schema if not exists ${schema}`);
  await admin.end();
  const location: Location = { kind: 'postgres', url, schema };
  return {
    name: 'PostgreSQL',
    location,
    open: () => openLocation(location),
    async raw() {
      const client = await pgClient(url, schema);
      return {
        all: async (text) => (await client.query(text)).rows,
        async each(text, onRow) {
          // A cursor, so the ceiling reads in batches like the export instead of buffering a year.
          await client.query('begin');
          await client.query(`declare ceiling_cursor no scroll cursor for ${text}`);
          let n = 0;
          for (;;) {
            const { rows } = await client.query('fetch 2000 from ceiling_cursor');
            for (const row of rows) onRow(row);
            n += rows.length;
            if (rows.length < 2000) break;
          }
          await client.query('commit');
          return n;
        },
        close: () => client.end(),
      };
    },
    async cleanup() {
      if (keep) return;
      const c = await pgClient(url);
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Seeding

interface Seeded {
  token: string;
  workspaceId: number;
}

/** A small deterministic generator, so both engines hold the same data. */
function generator(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface EntryRow {
  id: number;
  user_id: number;
  project_id: number | null;
  description: string;
  billable: number;
  start: number;
  duration: number;
  deleted_at: number | null;
}

/** The entries in id order, generated lazily in chunks, with their tags. */
function* entryChunks(userIds: number[], projectIds: number[], tagIds: number[], chunk: number) {
  const rnd = generator(42);
  const now = Date.now();
  for (let first = 1; first <= ENTRIES; first += chunk) {
    const rows: EntryRow[] = [];
    const tags: { time_entry_id: number; tag_id: number; position: number }[] = [];
    for (let id = first; id < first + chunk && id <= ENTRIES; id++) {
      const project = rnd() < 0.9 ? projectIds[Math.floor(rnd() * projectIds.length)]! : null;
      rows.push({
        id,
        user_id: userIds[Math.floor(rnd() * userIds.length)]!,
        project_id: project,
        description: `Task ${Math.floor(rnd() * 2000)}`,
        billable: rnd() < 0.6 ? 1 : 0,
        // Entries arrive roughly in the order they happen (ids follow starts, as when people track
        // as they go), and one in twenty is filled in up to two weeks late.
        start: FIRST_SECOND + Math.floor(((id - 1 + rnd()) * SPAN_SECONDS) / ENTRIES) - (rnd() < 0.05 ? Math.floor(rnd() * 14 * 86_400) : 0),
        duration: 300 + Math.floor(rnd() * 7200),
        // A few deleted entries, which every report must leave out.
        deleted_at: rnd() < 0.01 ? now : null,
      });
      if (rnd() < 0.3) {
        const a = tagIds[Math.floor(rnd() * tagIds.length)]!;
        tags.push({ time_entry_id: id, tag_id: a, position: 0 });
        if (rnd() < 0.3) {
          const b = tagIds[Math.floor(rnd() * tagIds.length)]!;
          if (b !== a) tags.push({ time_entry_id: id, tag_id: b, position: 1 });
        }
      }
    }
    yield { rows, tags };
  }
}

async function seed(target: Target): Promise<Seeded> {
  const t0 = performance.now();
  const database = target.open();
  await migrateToLatest(database.db, database.dialect);
  // With --keep, data seeded by an earlier run is used as it is.
  const earlier = await database.db.selectFrom('users').select(['api_token', 'default_workspace_id']).where('email', '=', 'owner@bench.example').executeTakeFirst();
  if (earlier) {
    await database.close();
    console.log(`${target.name}: using the entries seeded earlier`);
    return { token: earlier.api_token, workspaceId: earlier.default_workspace_id! };
  }
  const { app, services } = await buildApp({ config: loadConfig(LIMITS_ENV), database, logger: false });
  const db = database.db;
  const owner = await services.users.signup({ email: 'owner@bench.example', password: 'bench-password', fullname: 'Bench Owner' });
  const wid = owner.default_workspace_id!;
  const now = Date.now();
  // Amounts are part of the report: a workspace rate, member rates for a fifth, project rates for a third.
  await db.updateTable('workspaces').set({ default_hourly_rate: 100 }).where('id', '=', wid).execute();
  const userIds = [owner.id];
  for (let i = 1; i < 50; i++) {
    const u = await services.users.signup({ email: `member${i}@bench.example`, password: 'bench-password', fullname: `Member ${String(i).padStart(2, '0')}` });
    await db.insertInto('workspace_users').values({ workspace_id: wid, user_id: u.id, admin: 0, rate: i % 5 === 0 ? 60 + i : null, created_at: now, at: now }).execute();
    userIds.push(u.id);
  }
  const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
  const clientIds = ids(
    await db
      .insertInto('clients')
      .values(Array.from({ length: 100 }, (_, i) => ({ workspace_id: wid, name: `Client ${i}`, name_key: `client ${i}`, created_at: now, at: now })))
      .returning('id')
      .execute(),
  );
  const projectRows = await db
    .insertInto('projects')
    .values(
      Array.from({ length: 500 }, (_, i) => ({
        workspace_id: wid,
        name: `Project ${i}`,
        name_key: `project ${i}`,
        client_id: i % 10 === 9 ? null : clientIds[i % 100]!,
        is_private: 0,
        billable: 1,
        rate: i % 3 === 0 ? 50 + (i % 7) * 10 : null,
        color: '#0b83d9',
        created_at: now,
        at: now,
      })),
    )
    .returning('id')
    .execute();
  const projectIds = ids(projectRows);
  const tagIds = ids(
    await db
      .insertInto('tags')
      .values(Array.from({ length: 200 }, (_, i) => ({ workspace_id: wid, name: `tag-${i}`, name_key: `tag-${i}`, created_at: now, at: now })))
      .returning('id')
      .execute(),
  );
  await app.close();
  await database.close();

  let entryCount = 0;
  let tagCount = 0;
  if (target.location.kind === 'sqlite') {
    const raw = new SQLite(target.location.file);
    raw.pragma('synchronous = OFF');
    const insertEntry = raw.prepare(
      `insert into time_entries (id, workspace_id, user_id, project_id, description, billable, start, stop, duration, created_with, created_at, at, deleted_at)
       values (?, ${wid}, ?, ?, ?, ?, ?, ?, ?, 'bench', ${now}, ${now}, ?)`,
    );
    const insertTag = raw.prepare('insert into time_entry_tags (time_entry_id, tag_id, position) values (?, ?, ?)');
    const load = raw.transaction((rows: EntryRow[], tags: { time_entry_id: number; tag_id: number; position: number }[]) => {
      for (const r of rows) insertEntry.run(r.id, r.user_id, r.project_id, r.description, r.billable, r.start, r.start + r.duration, r.duration, r.deleted_at);
      for (const t of tags) insertTag.run(t.time_entry_id, t.tag_id, t.position);
    });
    for (const { rows, tags } of entryChunks(userIds, projectIds, tagIds, 50_000)) {
      load(rows, tags);
      entryCount += rows.length;
      tagCount += tags.length;
    }
    // No ANALYZE: Stint never runs it on SQLite, so the planner works as it would in production.
    raw.close();
  } else {
    const client = await pgClient(target.location.url, target.location.schema);
    for (const { rows, tags } of entryChunks(userIds, projectIds, tagIds, 20_000)) {
      await client.query(
        `insert into time_entries (id, workspace_id, user_id, project_id, description, billable, start, stop, duration, created_with, created_at, at, deleted_at)
         select id, ${wid}, user_id, project_id, description, billable, start, start + duration, duration, 'bench', ${now}, ${now}, deleted_at
         from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::int[], $6::bigint[], $7::bigint[], $8::bigint[])
           as t(id, user_id, project_id, description, billable, start, duration, deleted_at)`,
        [rows.map((r) => r.id), rows.map((r) => r.user_id), rows.map((r) => r.project_id), rows.map((r) => r.description), rows.map((r) => r.billable), rows.map((r) => r.start), rows.map((r) => r.duration), rows.map((r) => r.deleted_at)],
      );
      await client.query('insert into time_entry_tags (time_entry_id, tag_id, position) select * from unnest($1::bigint[], $2::bigint[], $3::int[])', [
        tags.map((t) => t.time_entry_id),
        tags.map((t) => t.tag_id),
        tags.map((t) => t.position),
      ]);
      entryCount += rows.length;
      tagCount += tags.length;
    }
    // Explicit ids leave the identity behind; later inserts must not collide.
    await client.query(`select setval(pg_get_serial_sequence('time_entries', 'id'), ${ENTRIES})`);
    // What autovacuum would have done by the time anyone asks for a report.
    await client.query('vacuum analyze');
    await client.end();
  }
  console.log(`${target.name}: seeded ${entryCount} entries, ${tagCount} entry tags in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return { token: owner.api_token, workspaceId: wid };
}

// ---------------------------------------------------------------------------------------------
// Ceilings: one hand-written query per report, computing what the report has to return.

function ceilings(target: Target, wid: number) {
  const pgsql = target.location.kind === 'postgres';
  const live = `te.workspace_id = ${wid} and te.deleted_at is null and te.stop is not null and te.start >= ${YEAR_FROM} and te.start < ${YEAR_TO}`;
  // The rate precedence that applies to this data: project rate, then the member's rate (the
  // workspace default is a constant the report adds outside SQL).
  const rateJoins = `left join projects p on p.id = te.project_id
    left join workspace_users wur on wur.workspace_id = ${wid} and wur.user_id = te.user_id and wur.deleted_at is null`;
  const tagNames = pgsql
    ? `(select string_agg(tg.name, ', ' order by x.position) from time_entry_tags x join tags tg on tg.id = x.tag_id where x.time_entry_id = te.id)`
    : `(select group_concat(tg.name, ', ' order by x.position) from time_entry_tags x join tags tg on tg.id = x.tag_id where x.time_entry_id = te.id)`;
  const detailedSelect = `select te.id, te.user_id, u.fullname, u.email, te.project_id, p.name as project_name, p.color, c.name as client_name,
      te.task_id, te.description, te.billable, te.start, te.stop, te.at, te.duration, coalesce(p.rate, wur.rate) as rate, ${tagNames} as tags
    from time_entries te join users u on u.id = te.user_id ${rateJoins} left join clients c on c.id = p.client_id
    where ${live} order by te.start, te.id`;
  return {
    summary: `select te.project_id, te.user_id, coalesce(p.rate, wur.rate) as rate, sum(te.duration) as seconds,
        sum(case when te.billable = 1 then te.duration else 0 end) as billable_seconds, min(te.start) as first_start
      from time_entries te ${rateJoins} where ${live} group by te.project_id, te.user_id, coalesce(p.rate, wur.rate)`,
    totals: `select te.start / 86400 as day, coalesce(p.rate, wur.rate) as rate, sum(te.duration) as seconds,
        sum(case when te.billable = 1 then te.duration else 0 end) as billable_seconds, count(*) as entries
      from time_entries te ${rateJoins} where ${live} group by te.start / 86400, coalesce(p.rate, wur.rate)`,
    bareSum: `select sum(te.duration) as seconds from time_entries te where ${live}`,
    detailed: `${detailedSelect} limit 51`,
    csv: detailedSelect,
  };
}

// ---------------------------------------------------------------------------------------------
// Measuring

const median = (xs: number[]) => percentile(xs, 50);
function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Line {
  target: string;
  call: string;
  stint: number[];
  ceiling: number[];
  ceilingName: string;
}

async function measure(
  runs: number,
  stint: () => Promise<void>,
  ceiling: () => Promise<void>,
): Promise<{ stint: number[]; ceiling: number[] }> {
  const time = async (f: () => Promise<void>) => {
    const t = performance.now();
    await f();
    return performance.now() - t;
  };
  // One warm-up each: caches, prepared statements, JIT.
  await stint();
  await ceiling();
  const s: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < runs; i++) {
    s.push(await time(stint));
    c.push(await time(ceiling));
  }
  return { stint: s, ceiling: c };
}

interface CsvRun {
  ms: number;
  bytes: number;
  lines: number;
  baseRssMiB: number;
  peakRssMiB: number;
  baseHeapMiB: number;
  peakHeapMiB: number;
  /** Largest heap left after a forced full GC (only when sampled with `live`), i.e. what the export retains. */
  liveHeapMiB: number | null;
}

type ServerStats = Omit<CsvRun, 'ms' | 'bytes' | 'lines'>;

/**
 * One CSV export from a fresh server process (so its peak RSS is the export's alone), downloaded
 * and counted here. With `live`, the server forces a full GC every 200 ms to see what it retains,
 * which slows it down: those runs measure memory only.
 */
async function csvExport(location: Location, seeded: Seeded, body: unknown, live: boolean): Promise<CsvRun> {
  const child = fork(here, ['--csv-server'], {
    cwd: root,
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, BENCH_CSV_SERVER: JSON.stringify({ location, seeded, live }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>() => new Promise<T>((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`CSV server exited ${code}`)));
  });
  const { port } = await next<{ port: number }>();
  child.send('start');
  await next<'started'>();
  const auth = 'Basic ' + Buffer.from(`${seeded.token}:api_token`).toString('base64');
  const payload = JSON.stringify(body);
  const t = performance.now();
  const { bytes, lines } = await new Promise<{ bytes: number; lines: number }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: `/reports/api/v3/workspace/${seeded.workspaceId}/search/time_entries.csv`, headers: { authorization: auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`CSV export answered ${res.statusCode}`));
        let size = 0;
        let newlines = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) newlines++;
        });
        res.on('end', () => resolve({ bytes: size, lines: newlines }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
  const ms = performance.now() - t;
  child.send('stop');
  const stats = await next<ServerStats>();
  child.send('exit');
  await new Promise((resolve) => child.once('exit', resolve));
  return { ms, bytes, lines, ...stats };
}

/** The server side of csvExport: Stint on a loopback port, reporting its memory on request. */
async function csvServer(): Promise<void> {
  const { location, seeded, live } = JSON.parse(process.env.BENCH_CSV_SERVER!) as { location: Location; seeded: Seeded; live: boolean };
  const database = openLocation(location);
  const { app } = await buildApp({ config: loadConfig(LIMITS_ENV), database, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const gc = global.gc!;
  const mib = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
  let base = process.memoryUsage();
  let peakRss = 0;
  let peakHeap = 0;
  let liveHeap = 0;
  let sampler: NodeJS.Timeout | undefined;
  let collector: NodeJS.Timeout | undefined;
  // If the benchmark dies, its server goes too.
  process.once('disconnect', () => process.exit(0));
  process.on('message', async (m) => {
    if (m === 'start') {
      gc();
      base = process.memoryUsage();
      peakRss = base.rss;
      peakHeap = base.heapUsed;
      liveHeap = base.heapUsed;
      // The cheap readings: process.memoryUsage() as a whole costs enough to show in a profile.
      sampler = setInterval(() => {
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
        peakHeap = Math.max(peakHeap, v8.getHeapStatistics().used_heap_size);
      }, 10);
      if (live) {
        collector = setInterval(() => {
          gc();
          liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
        }, 200);
      }
      process.send!('started');
    } else if (m === 'stop') {
      clearInterval(sampler);
      clearInterval(collector);
      // maxRSS is the kernel's high-water mark (KiB): it also catches peaks between samples.
      peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
      const stats: ServerStats = {
        baseRssMiB: mib(base.rss),
        peakRssMiB: mib(peakRss),
        baseHeapMiB: mib(base.heapUsed),
        peakHeapMiB: mib(peakHeap),
        liveHeapMiB: live ? mib(liveHeap) : null,
      };
      process.send!(stats);
    } else if (m === 'exit') {
      await app.close();
      await database.close();
      process.disconnect();
    }
  });
  // A one-day export first, so every code path is loaded before the baseline is taken.
  const warm = await app.inject({
    method: 'POST',
    url: `/reports/api/v3/workspace/${seeded.workspaceId}/search/time_entries.csv`,
    headers: { authorization: 'Basic ' + Buffer.from(`${seeded.token}:api_token`).toString('base64'), 'content-type': 'application/json' },
    payload: JSON.stringify({ start_date: '2025-01-01', end_date: '2025-01-01' }),
  });
  if (warm.statusCode !== 200) throw new Error(`warm-up export answered ${warm.statusCode}`);
  process.send!({ port: (app.server.address() as AddressInfo).port });
}

async function benchTarget(target: Target): Promise<{ lines: Line[]; csv: { range: string; runs: CsvRun[]; live: CsvRun }[] }> {
  const seeded = await seed(target);
  const database = target.open();
  const { app } = await buildApp({ config: loadConfig(LIMITS_ENV), database, logger: false });
  const raw = await target.raw();
  const q = ceilings(target, seeded.workspaceId);
  const headers = { authorization: 'Basic ' + Buffer.from(`${seeded.token}:api_token`).toString('base64'), 'content-type': 'application/json' };
  const post = async (p: string, body: unknown) => {
    const res = await app.inject({ method: 'POST', url: `/reports/api/v3/workspace/${seeded.workspaceId}/${p}`, headers, payload: JSON.stringify(body) });
    if (res.statusCode !== 200) throw new Error(`${p}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res;
  };
  const lines: Line[] = [];
  const add = (call: string, ceilingName: string, m: { stint: number[]; ceiling: number[] }) => {
    const line = { target: target.name, call, ceilingName, ...m };
    lines.push(line);
    console.log(`${target.name} ${call}: Stint p50 ${median(m.stint).toFixed(0)} ms p95 ${percentile(m.stint, 95).toFixed(0)} ms; ${ceilingName} p50 ${median(m.ceiling).toFixed(0)} ms p95 ${percentile(m.ceiling, 95).toFixed(0)} ms`);
  };

  // Stint and the ceiling must agree before their times mean anything.
  const summaryBody = { ...YEAR, grouping: 'projects', sub_grouping: 'users' };
  const summary = JSON.parse((await post('summary/time_entries', summaryBody)).body) as { groups: { sub_groups: { seconds: number }[] }[] };
  const summarySeconds = summary.groups.reduce((s, g) => s + g.sub_groups.reduce((t, x) => t + x.seconds, 0), 0);
  const ceilingSummary = await raw.all(q.summary);
  const ceilingSeconds = ceilingSummary.reduce((s, r) => s + Number(r.seconds), 0);
  if (summarySeconds !== ceilingSeconds) throw new Error(`summary: Stint ${summarySeconds} s, ceiling ${ceilingSeconds} s`);
  const totalsBody = { ...YEAR, with_graph: true };
  const totals = JSON.parse((await post('search/time_entries/totals', totalsBody)).body) as { seconds: number };
  if (totals.seconds !== ceilingSeconds) throw new Error(`totals: Stint ${totals.seconds} s, ceiling ${ceilingSeconds} s`);
  const detailedBody = { ...YEAR, page_size: 50 };
  const page = JSON.parse((await post('search/time_entries', detailedBody)).body) as { time_entries: { id: number }[] }[];
  const ceilingPage = await raw.all(q.detailed);
  if (page.map((r) => r.time_entries[0]!.id).join() !== ceilingPage.slice(0, 50).map((r) => Number(r.id)).join()) throw new Error('detailed: first pages differ');
  console.log(`${target.name}: ${ceilingSummary.length} project×user×rate rows, ${ceilingSeconds} s in 2025 — Stint agrees`);

  add('summary, one year, projects × users', 'project×user×rate GROUP BY', await measure(RUNS, async () => void (await post('summary/time_entries', summaryBody)), async () => void (await raw.all(q.summary))));
  add('totals, one year (with graph)', 'day×rate GROUP BY', await measure(RUNS, async () => void (await post('search/time_entries/totals', totalsBody)), async () => void (await raw.all(q.totals))));
  add('totals, one year (with graph)', 'bare SUM (reference)', await measure(RUNS, async () => void (await post('search/time_entries/totals', totalsBody)), async () => void (await raw.all(q.bareSum))));
  add('detailed, first page of 50, one year', 'ORDER BY start LIMIT 51 with names and tags', await measure(RUNS, async () => void (await post('search/time_entries', detailedBody)), async () => void (await raw.all(q.detailed))));

  await app.close();
  await database.close();

  // CSV: time and memory from server processes; the ceiling streams the same rows with their names.
  const csv: { range: string; runs: CsvRun[]; live: CsvRun }[] = [];
  const ceilingCsv: number[] = [];
  let ceilingRows = 0;
  for (const [label, body] of [['one month', MONTH], ['one year', YEAR], ['two years', TWO_YEARS]] as const) {
    const runs: CsvRun[] = [];
    for (let i = 0; i < CSV_RUNS; i++) {
      runs.push(await csvExport(target.location, seeded, body, false));
      if (body === YEAR) {
        const t = performance.now();
        ceilingRows = await raw.each(q.csv, () => {});
        ceilingCsv.push(performance.now() - t);
      }
    }
    const live = await csvExport(target.location, seeded, body, true);
    csv.push({ range: `${label} (${runs[0]!.lines - 1} rows)`, runs, live });
    if (body === YEAR) {
      if (runs[0]!.lines - 1 !== ceilingRows) throw new Error(`CSV: Stint ${runs[0]!.lines - 1} rows, ceiling ${ceilingRows}`);
      add(`CSV export, one year (${ceilingRows} rows)`, 'the detailed query without LIMIT, read in batches of 2,000', { stint: runs.map((r) => r.ms), ceiling: ceilingCsv });
    }
  }
  for (const c of csv) {
    const m = (k: keyof ServerStats) => median(c.runs.map((r) => r[k] as number));
    console.log(`${target.name} CSV ${c.range}: peak RSS ${m('peakRssMiB')} MiB (before ${m('baseRssMiB')}), peak heap ${m('peakHeapMiB')} MiB (before ${m('baseHeapMiB')}), live heap ${c.live.liveHeapMiB} MiB`);
  }
  await raw.close();
  return { lines, csv };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const keep = args.includes('--keep') ? args[args.indexOf('--keep') + 1]! : null;
  if (keep !== null && !/^[a-z_][a-z0-9_]*$/.test(keep)) throw new Error('--keep takes a lower-case name (letters, digits, _)');
  const targets: Target[] = [sqliteTarget(keep)];
  if (process.env.BENCH_DATABASE_URL) targets.push(await postgresTarget(process.env.BENCH_DATABASE_URL, keep));
  if (process.env.BENCH_ONLY === 'postgres') targets.shift();
  const lines: Line[] = [];
  const memory: string[] = [];
  for (const target of targets) {
    try {
      const r = await benchTarget(target);
      lines.push(...r.lines);
      for (const c of r.csv) {
        const m = (k: keyof CsvRun) => median(c.runs.map((x) => x[k] as number));
        memory.push(`| ${target.name} | ${c.range} | ${(m('ms') / 1000).toFixed(1)} | ${(m('bytes') / 1024 / 1024).toFixed(1)} | ${m('baseRssMiB')} | ${m('peakRssMiB')} | ${m('baseHeapMiB')} | ${m('peakHeapMiB')} | ${c.live.liveHeapMiB} |`);
      }
    } finally {
      await target.cleanup();
    }
  }
  const ms = (x: number) => (x >= 1000 ? x.toFixed(0) : x >= 10 ? x.toFixed(0) : x.toFixed(1));
  console.log(`\n${ENTRIES} entries; ${RUNS} runs per call (CSV: ${CSV_RUNS}), medians of the runs; ${os.cpus().length} CPUs; Node ${process.version}\n`);
  console.log('| database | call | Stint p50 ms | Stint p95 ms | ceiling | ceiling p50 ms | ceiling p95 ms | p50 ratio |');
  console.log('| --- | --- | ---: | ---: | --- | ---: | ---: | ---: |');
  for (const l of lines) {
    console.log(`| ${l.target} | ${l.call} | ${ms(median(l.stint))} | ${ms(percentile(l.stint, 95))} | ${l.ceilingName} | ${ms(median(l.ceiling))} | ${ms(percentile(l.ceiling, 95))} | ${(median(l.stint) / median(l.ceiling)).toFixed(2)}× |`);
  }
  console.log('\n| database | CSV export | time s | size MiB | RSS before MiB | peak RSS MiB | heap before MiB | peak heap MiB | live heap MiB |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const m of memory) console.log(m);
  console.log(`\ntotal ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

if (args.includes('--csv-server')) {
  csvServer().catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
