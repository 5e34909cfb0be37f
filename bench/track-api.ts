// Load benchmark of the Track API against its ceiling: a bare node:http server that runs the
// very SQL statements Stint ran for the same request (captured from Kysely's log) and
// JSON.stringify. Both servers run as separate processes on loopback; autocannon drives them
// alternately in this process, so machine noise hits both alike and the ratio is what counts.
//
//   npm run build && node --import tsx bench/track-api.ts [--duration 10] [--connections 50]
//   BENCH_DATABASE_URL=postgres://... adds the PostgreSQL run (a throwaway schema is used).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import type { LogConfig } from 'kysely';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openPostgres, openSqlite, type Database } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrations/index.js';
import { LIMITS_ENV, arg, freePort, root, startServer, textArg } from './common.js';
import { FRESH_UUID, type CapturedStatement, type CeilingPlan } from './ceiling-plan.js';

const DURATION = arg('duration', 10);
const CONNECTIONS = arg('connections', 50);
const ROUNDS = arg('rounds', 5);
const WARMUP = arg('warmup', 5);
// Node flags for both servers alike (BENCH_NODE_FLAGS="--max-semi-space-size=32").
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
// For quicker looks at one case: --only <part of a request name>, --engine sqlite|postgres.
const ONLY = textArg('only');
const ENGINE = textArg('engine');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// A new time entry gets a fresh guid, unique per user: the ceiling makes a fresh one too.
const captureInto =
  (sink: (s: CapturedStatement) => void): LogConfig =>
  (event) => {
    if (event.level !== 'query') return;
    const params = event.query.parameters.map((p) => (typeof p === 'string' && UUID.test(p) ? FRESH_UUID : p));
    sink({ sql: event.query.sql, params });
  };

interface Target {
  name: 'SQLite' | 'PostgreSQL';
  /** DATABASE_URL for the server processes. */
  url: string;
  open(log?: (s: CapturedStatement) => void): Database;
  cleanup(): Promise<void>;
}

async function sqliteTarget(): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stint-bench-'));
  const file = path.join(dir, 'bench.sqlite');
  return {
    name: 'SQLite',
    url: `sqlite:${file}`,
    open: (log) => openSqlite(file, log ? { log: captureInto(log) } : {}),
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresTarget(base: string): Promise<Target> {
  const schema = `bench_${crypto.randomBytes(5).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  await admin(`create schema ${schema}`);
  const url = `${base}${base.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    name: 'PostgreSQL',
    url,
    open: (log) =>
      openPostgres(base, {
        searchPath: schema,
        ...(log ? { log: captureInto(log) } : {}),
      }),
    cleanup: () => admin(`drop schema ${schema} cascade`),
  };
}

interface Seeded {
  token: string;
  workspaceId: number;
  projectId: number;
  /** A date range holding exactly 100 of the user's entries. */
  listUrl: string;
}

/** One user, one workspace, 50 projects, 10,000 entries: 25 a day over 400 days, a fifth tagged. */
async function seed(target: Target): Promise<Seeded> {
  const database = target.open();
  await migrateToLatest(database.db, database.dialect);
  const { services } = await buildApp({ config: loadConfig({}), database, logger: false });
  const user = await services.users.signup({ email: 'bench@example.com', password: 'bench-password', fullname: 'Bench Mark' });
  const wid = user.default_workspace_id!;
  const db = database.db;
  const now = Date.now();
  const projectIds: number[] = [];
  for (let i = 0; i < 50; i++) {
    const name = `Project ${i + 1}`;
    const row = await db
      .insertInto('projects')
      .values({ workspace_id: wid, name, name_key: name.toLowerCase(), is_private: 0, billable: i % 2, creator_id: user.id, created_at: now, at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    projectIds.push(row.id);
  }
  const tag = await db.insertInto('tags').values({ workspace_id: wid, name: 'billed', name_key: 'billed', creator_id: user.id, created_at: now, at: now }).returning('id').executeTakeFirstOrThrow();
  const today = Math.floor(now / 86_400_000) * 86_400;
  const firstDay = today - 400 * 86_400;
  const rows = [];
  for (let i = 0; i < 10_000; i++) {
    const start = firstDay + Math.floor(i / 25) * 86_400 + (i % 25) * 3_300;
    rows.push({
      workspace_id: wid,
      user_id: user.id,
      project_id: projectIds[i % 50]!,
      description: `Entry ${i}`,
      billable: i % 3 === 0 ? 1 : 0,
      start,
      stop: start + 1_800,
      duration: 1_800,
      created_with: 'bench',
      created_at: now,
      at: now,
    });
  }
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await db.insertInto('time_entries').values(rows.slice(i, i + 500)).returning('id').execute();
    ids.push(...inserted.map((r) => r.id));
  }
  const tagged = ids.filter((_, i) => i % 5 === 0).map((id) => ({ time_entry_id: id, tag_id: tag.id }));
  for (let i = 0; i < tagged.length; i += 500) await db.insertInto('time_entry_tags').values(tagged.slice(i, i + 500)).execute();
  await database.close();
  // Days 100..103 after the first day hold entries 2,500..2,599: exactly 100.
  const day = (d: number) => new Date((firstDay + d * 86_400) * 1000).toISOString().slice(0, 10);
  return { token: user.api_token, workspaceId: wid, projectId: projectIds[0]!, listUrl: `/api/v9/me/time_entries?start_date=${day(100)}&end_date=${day(103)}` };
}

interface Scenario {
  name: string;
  method: 'GET' | 'POST';
  url: string;
  body?: string;
}

function scenarios(s: Seeded): Scenario[] {
  // The POST scenario runs last: it adds thousands of entries, and the others are measured on
  // the workspace as seeded (50 projects, 10,000 entries).
  return [
    { name: 'GET /me/time_entries (100 entries)', method: 'GET', url: s.listUrl },
    { name: 'GET /me?with_related_data=true', method: 'GET', url: '/api/v9/me?with_related_data=true' },
    {
      name: 'POST /workspaces/{wid}/time_entries',
      method: 'POST',
      url: `/api/v9/workspaces/${s.workspaceId}/time_entries`,
      body: JSON.stringify({ created_with: 'bench', workspace_id: s.workspaceId, project_id: s.projectId, description: 'load', start: '2024-05-01T09:00:00Z', duration: 600 }),
    },
  ];
}

/** Runs each scenario once through an in-process Stint and records the SQL it issued. */
async function capture(target: Target, seeded: Seeded): Promise<CeilingPlan> {
  let sink: CapturedStatement[] | null = null;
  const database = target.open((s) => sink?.push(s));
  const { app } = await buildApp({ config: loadConfig(LIMITS_ENV), database, logger: false });
  const headers = { authorization: 'Basic ' + Buffer.from(`${seeded.token}:api_token`).toString('base64'), 'content-type': 'application/json' };
  const plan: CeilingPlan = { routes: [] };
  for (const sc of scenarios(seeded)) {
    const statements: CapturedStatement[] = [];
    sink = statements;
    const res = await app.inject({ method: sc.method, url: sc.url, headers, ...(sc.body ? { payload: sc.body } : {}) });
    sink = null;
    if (res.statusCode !== 200) throw new Error(`${sc.name}: Stint answered ${res.statusCode} ${res.body.slice(0, 200)}`);
    if (sc.name.startsWith('GET /me/time_entries')) {
      const n = (JSON.parse(res.body) as unknown[]).length;
      if (n !== 100) throw new Error(`the list scenario returned ${n} entries, not 100`);
    }
    plan.routes.push({ method: sc.method, path: sc.url.split('?')[0]!, statements });
  }
  await app.close();
  await database.close();
  return plan;
}

interface Figures {
  rps: number;
  p99: number;
  errors: number;
}

/** CPU seconds used so far by processes (Linux /proc; 0 elsewhere), for BENCH_VERBOSE's split. */
function cpuSeconds(select: (pid: number, comm: string) => boolean, withEnded = false, only?: 'user' | 'system'): number {
  let ticks = 0;
  try {
    for (const entry of fs.readdirSync('/proc')) {
      const pid = Number(entry);
      if (!Number.isInteger(pid)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (!select(pid, comm)) continue;
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += (only === 'system' ? 0 : Number(fields[11])) + (only === 'user' ? 0 : Number(fields[12]));
        // PostgreSQL backends that ended are counted in their parent's children time.
        if (withEnded) ticks += Number(fields[13]) + Number(fields[14]);
      } catch {
        /* the process ended meanwhile */
      }
    }
  } catch {
    return 0;
  }
  return ticks / 100;
}

const serverPids = new Map<number, number>();

/**
 * One measured round. autocannon opens its connections first, and the round's clock starts once
 * every connection has had an answer: a Node server whose event loop is saturated accepts one
 * new connection per turn of the loop, so connecting 50 clients to it takes seconds (4.3 s for a
 * bare node:http server with a 3.4 ms handler and a 120 KB answer), and the requests queued
 * behind that would land in the 99th percentile at random, for either server. Only requests
 * sent after the clock started count in the latencies; throughput counts the answers within it.
 */
async function load(port: number, sc: Scenario, token: string, duration: number): Promise<Figures> {
  const serverPid = serverPids.get(port);
  const verbose = Boolean(process.env.BENCH_VERBOSE);
  // Scanning /proc is only for verbose mode's CPU split.
  const cpu = () => (!verbose ? [] : [
    cpuSeconds((pid) => pid === serverPid),
    cpuSeconds((_, comm) => comm === 'postgres', true),
    cpuSeconds((pid) => pid === process.pid),
    cpuSeconds((pid) => pid === serverPid, false, 'system'),
  ]);
  let before: number[] = [];
  const latencies: number[] = [];
  const connected = new Set<unknown>();
  let clockStart = 0;
  let answers = 0;
  let errors = 0;
  let stopTimer: NodeJS.Timeout | undefined;
  const instance = autocannon(
    {
      url: `http://127.0.0.1:${port}${sc.url}`,
      method: sc.method,
      connections: CONNECTIONS,
      // Stopped by the clock below; this only bounds a server that never answers every connection.
      duration: duration + 60,
      headers: { authorization: 'Basic ' + Buffer.from(`${token}:api_token`).toString('base64'), 'content-type': 'application/json' },
      ...(sc.body ? { body: sc.body } : {}),
    },
    () => undefined,
  );
  const finished = new Promise<void>((resolve) => instance.on('done', () => resolve()));
  instance.on('response', (client: unknown, status: number, _bytes: number, ms: number) => {
    const now = performance.now();
    if (!clockStart) {
      connected.add(client);
      if (connected.size < CONNECTIONS) return;
      clockStart = now;
      before = cpu();
      stopTimer = setTimeout(() => instance.stop(), duration * 1000);
      return;
    }
    answers++;
    if (status < 200 || status >= 300) errors++;
    if (now - ms >= clockStart) latencies.push(ms);
  });
  instance.on('reqError', () => errors++);
  await finished;
  clearTimeout(stopTimer);
  if (!clockStart) throw new Error(`${sc.name}: not every connection was answered in ${duration + 60} s`);
  const used = cpu();
  // Let the server drain what autocannon left in flight before the other server is loaded.
  await new Promise((r) => setTimeout(r, 1000));
  latencies.sort((x, y) => x - y);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? Number.NaN;
  const rps = answers / duration;
  if (verbose) {
    const n = answers || 1;
    const [server, postgres, driver, serverSystem] = used.map((v, i) => ((v - before[i]!) * 1000) / n);
    const ms = (v: number) => v.toFixed(1);
    console.error(`  port ${port} ${sc.name}: ${rps.toFixed(0)} req/s, latency p50 ${ms(at(0.5))} p90 ${ms(at(0.9))} p97.5 ${ms(at(0.975))} p99 ${ms(at(0.99))} max ${ms(at(1))} ms`);
    console.error(`    CPU ms per request: server ${server!.toFixed(2)} (system ${serverSystem!.toFixed(2)}), PostgreSQL ${postgres!.toFixed(2)}, autocannon ${driver!.toFixed(2)}`);
  }
  return { rps, p99: at(0.99), errors };
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(root, 'dist', 'main.js'))) throw new Error('build first: npm run build');
  const targets: Target[] = [];
  if (ENGINE !== 'postgres') targets.push(await sqliteTarget());
  if (process.env.BENCH_DATABASE_URL && ENGINE !== 'sqlite') targets.push(await postgresTarget(process.env.BENCH_DATABASE_URL));
  const lines: string[] = [];
  for (const target of targets) {
    const seeded = await seed(target);
    const plan = await capture(target, seeded);
    const planFile = path.join(os.tmpdir(), `stint-ceiling-${process.pid}.json`);
    fs.writeFileSync(planFile, JSON.stringify(plan));
    const stintPort = await freePort();
    const ceilingPort = await freePort();
    const stint = await startServer([...NODE_FLAGS, 'dist/main.js', 'serve'], { DATABASE_URL: target.url, LOG_LEVEL: 'warn', ...LIMITS_ENV }, stintPort);
    const ceiling = await startServer([...NODE_FLAGS, '--import', 'tsx', 'bench/ceiling-server.ts'], { CEILING_DATABASE_URL: target.url, CEILING_PLAN: planFile }, ceilingPort);
    serverPids.set(stintPort, stint.pid!).set(ceilingPort, ceiling.pid!);
    try {
      for (const sc of scenarios(seeded).filter((x) => !ONLY || x.name.includes(ONLY))) {
        // Warm-up: long enough for both servers' hot paths to be compiled by the JIT.
        await load(stintPort, sc, seeded.token, WARMUP);
        await load(ceilingPort, sc, seeded.token, WARMUP);
        const s: Figures[] = [];
        const c: Figures[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          s.push(await load(stintPort, sc, seeded.token, DURATION));
          c.push(await load(ceilingPort, sc, seeded.token, DURATION));
        }
        // The median round of each server: one round hit by a hiccup of this shared machine
        // (which both servers see at random) does not decide the figure.
        const median = (xs: Figures[], k: keyof Figures) => {
          const v = xs.map((x) => x[k]).sort((a, b) => a - b);
          return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
        };
        const [srps, crps, sp99, cp99] = [median(s, 'rps'), median(c, 'rps'), median(s, 'p99'), median(c, 'p99')];
        const errors = s.reduce((a, x) => a + x.errors, 0) + c.reduce((a, x) => a + x.errors, 0);
        const line = `| ${target.name} | ${sc.name} | ${srps.toFixed(0)} | ${crps.toFixed(0)} | ${((100 * srps) / crps).toFixed(0)} % | ${sp99.toFixed(1)} | ${cp99.toFixed(1)} | ${(sp99 / cp99).toFixed(2)}× | ${errors} |`;
        console.log(line);
        lines.push(line);
      }
    } finally {
      stint.kill('SIGTERM');
      ceiling.kill('SIGTERM');
      fs.rmSync(planFile, { force: true });
      await target.cleanup();
    }
  }
  console.log('\n| database | request | Stint req/s | ceiling req/s | Stint/ceiling | Stint p99 ms | ceiling p99 ms | p99 ratio | errors |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const l of lines) console.log(l);
}

if (process.env.STINT_BENCH_SEED_ONLY) {
  // Seeds a SQLite file and prints how to load it, for profiling one server by hand.
  const where = process.env.STINT_BENCH_SEED_ONLY;
  const pgSchema = process.env.STINT_BENCH_SEED_SCHEMA;
  const target: Target = pgSchema
    ? { name: 'PostgreSQL', url: where, open: () => openPostgres(where, { searchPath: pgSchema }), cleanup: async () => {} }
    : { name: 'SQLite', url: `sqlite:${where}`, open: () => openSqlite(where), cleanup: async () => {} };
  seed(target).then((s) => console.log(JSON.stringify(s)));
} else main().catch((err) => {
  console.error(err);
  process.exit(1);
});
