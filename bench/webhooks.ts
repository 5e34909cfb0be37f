// Webhooks benchmark (issue 15): (a) what recording events costs the time-entry write path, a
// workspace with no subscriptions against one with 10 enabled and validated ones; (b) how many
// events a second the worker delivers to a loopback receiver, and (c) how long an event takes
// from its write to its receipt on an idle server. Stint runs as its built server; the receiver
// runs in this process.
//
//   npm run build && node --import tsx bench/webhooks.ts [--duration 5] [--rounds 3]
//   BENCH_DATABASE_URL=postgres://... adds the PostgreSQL run (a throwaway schema is used).
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openPostgres, openSqlite, type Database } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrations/index.js';
import { LIMITS_ENV, arg, freePort, root, startServer, textArg } from './common.js';

const DURATION = arg('duration', 5);
const ROUNDS = arg('rounds', 3);
const WARMUP = arg('warmup', 3);
const CONNECTIONS = arg('connections', 50);
const SUBSCRIPTIONS = 10;
// Events queued per delivery round (spread over the 10 subscriptions) and writes timed for latency.
const BACKLOG = arg('backlog', 5000);
const LATENCY_WRITES = arg('latency-writes', 100);
const ENGINE = textArg('engine');
// The built server; BENCH_MAIN points elsewhere (a build in another folder).
const MAIN = process.env.BENCH_MAIN ?? path.join(root, 'dist', 'main.js');

interface Target {
  name: 'SQLite' | 'PostgreSQL';
  url: string;
  open(): Database;
  cleanup(): Promise<void>;
}

async function sqliteTarget(): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stint-bench-'));
  const file = path.join(dir, 'bench.sqlite');
  return { name: 'SQLite', url: `sqlite:${file}`, open: () => openSqlite(file), cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
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
  return { name: 'PostgreSQL', url, open: () => openPostgres(base, { searchPath: schema }), cleanup: () => admin(`drop schema ${schema} cascade`) };
}

/** The loopback endpoint: answers 200 at once and notes when each event arrived. */
async function startReceiver() {
  const arrivals: { at: number; entryId: number | undefined }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      let entryId: number | undefined;
      try {
        entryId = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { payload?: { id?: number } }).payload?.id;
      } catch {
        /* counted anyway */
      }
      arrivals.push({ at, entryId });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: (i: number) => `http://127.0.0.1:${port}/hook/${i}`,
    arrivals,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

interface Seeded {
  quiet: { token: string; workspaceId: number };
  watched: { token: string; workspaceId: number; userId: number };
  subscriptionIds: number[];
}

/** Two users with a workspace each: one without subscriptions, one with 10 receiving every event. */
async function seed(target: Target, callback: (i: number) => string): Promise<Seeded> {
  const database = target.open();
  await migrateToLatest(database.db, database.dialect);
  const { services } = await buildApp({ config: loadConfig({}), database, logger: false });
  const quiet = await services.users.signup({ email: 'quiet@example.com', password: 'bench-password', fullname: 'Quiet' });
  const watched = await services.users.signup({ email: 'watched@example.com', password: 'bench-password', fullname: 'Watched' });
  const now = Date.now();
  const subscriptionIds: number[] = [];
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const row = await database.db
      .insertInto('webhook_subscriptions')
      .values({
        workspace_id: watched.default_workspace_id!,
        user_id: watched.id,
        description: `bench ${i}`,
        url_callback: callback(i),
        secret: `secret-${i}`,
        event_filters: JSON.stringify([{ entity: '*', action: '*' }]),
        enabled: 1,
        validation_code: crypto.randomBytes(16).toString('hex'),
        validated_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    subscriptionIds.push(row.id);
  }
  await database.close();
  return {
    quiet: { token: quiet.api_token, workspaceId: quiet.default_workspace_id! },
    watched: { token: watched.api_token, workspaceId: watched.default_workspace_id!, userId: watched.id },
    subscriptionIds,
  };
}

function startStint(env: Record<string, string>, port: number): Promise<ChildProcess> {
  return startServer([MAIN, 'serve'], { ...LIMITS_ENV, LOG_LEVEL: 'warn', WEBHOOKS_ALLOW_PRIVATE: 'true', ...env }, port);
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const auth = (token: string) => 'Basic ' + Buffer.from(`${token}:api_token`).toString('base64');
const entryBody = (workspaceId: number) =>
  JSON.stringify({ created_with: 'bench', workspace_id: workspaceId, description: 'load', start: '2024-05-01T09:00:00Z', duration: 600 });

/** POST /workspaces/{wid}/time_entries for `duration` seconds with 50 connections: answers per second. */
async function writeLoad(port: number, who: { token: string; workspaceId: number }, duration: number): Promise<{ rps: number; errors: number }> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/v9/workspaces/${who.workspaceId}/time_entries`,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: { authorization: auth(who.token), 'content-type': 'application/json' },
    body: entryBody(who.workspaceId),
  });
  await new Promise((r) => setTimeout(r, 500));
  return { rps: result.requests.average, errors: result.errors + result.non2xx };
}

const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
};
const quantile = (xs: number[], q: number) => {
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)] ?? Number.NaN;
};

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting for deliveries');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function run(target: Target): Promise<string[]> {
  const receiver = await startReceiver();
  const seeded = await seed(target, receiver.url);
  const lines: string[] = [];
  const port = await freePort();
  try {
    // (a) The write path alone: the worker is off, so delivery does not compete for the CPU;
    // what is measured is the recording (subscription cache, one outbox row per subscription).
    let server = await startStint({ DATABASE_URL: target.url, WEBHOOKS_WORKER: 'false' }, port);
    await writeLoad(port, seeded.quiet, WARMUP);
    await writeLoad(port, seeded.watched, WARMUP);
    const quiet: number[] = [];
    const watched: number[] = [];
    let errors = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const q = await writeLoad(port, seeded.quiet, DURATION);
      const w = await writeLoad(port, seeded.watched, DURATION);
      quiet.push(q.rps);
      watched.push(w.rps);
      errors += q.errors + w.errors;
    }
    await stopServer(server);
    const [q, w] = [median(quiet), median(watched)];
    lines.push(`| ${target.name} | write path | ${q.toFixed(0)} req/s without subscriptions, ${w.toFixed(0)} with ${SUBSCRIPTIONS} | cost ${((100 * (q - w)) / q).toFixed(1)} % (rounds: ${quiet.map((x) => x.toFixed(0)).join('/')} vs ${watched.map((x) => x.toFixed(0)).join('/')}; ${errors} errors) |`);
    console.log(lines.at(-1));

    // The write rounds left their events in the outbox; delivery starts from an empty one.
    const database = target.open();
    await database.db.deleteFrom('webhook_events').execute();

    // (b) Delivery throughput: a backlog written straight into the outbox, then the worker on.
    server = await startStint({ DATABASE_URL: target.url }, port);
    const perSecond: number[] = [];
    const now = Date.now();
    for (let r = 0; r < ROUNDS; r++) {
      receiver.arrivals.length = 0;
      const rows = Array.from({ length: BACKLOG }, (_, i) => ({
        subscription_id: seeded.subscriptionIds[i % SUBSCRIPTIONS]!,
        workspace_id: seeded.watched.workspaceId,
        event_user_id: seeded.watched.userId,
        model: 'time_entry',
        action: 'created',
        metadata: JSON.stringify({ action: 'created', model: 'time_entry', workspace_id: String(seeded.watched.workspaceId), time_entry_id: String(i) }),
        payload: JSON.stringify({ id: i, description: 'backlog', workspace_id: seeded.watched.workspaceId, start: '2024-05-01T09:00:00Z', duration: 600 }),
        created_at: now,
      }));
      await database.db.transaction().execute(async (tx) => {
        for (let i = 0; i < rows.length; i += 500) await tx.insertInto('webhook_events').values(rows.slice(i, i + 500)).execute();
      });
      await waitFor(() => receiver.arrivals.length >= BACKLOG, 300_000);
      const first = receiver.arrivals[0]!.at;
      const last = receiver.arrivals[BACKLOG - 1]!.at;
      perSecond.push((BACKLOG - 1) / ((last - first) / 1000));
      await new Promise((r) => setTimeout(r, 1000));
    }
    lines.push(`| ${target.name} | delivery | ${median(perSecond).toFixed(0)} events/s | ${BACKLOG} events over ${SUBSCRIPTIONS} subscriptions (rounds: ${perSecond.map((x) => x.toFixed(0)).join('/')}) |`);
    console.log(lines.at(-1));

    // (c) Latency on an idle server: one write at a time, 50 ms apart; from sending the write
    // to each of its 10 events' arrival.
    receiver.arrivals.length = 0;
    const sent = new Map<number, number>();
    for (let i = 0; i < LATENCY_WRITES; i++) {
      const at = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/api/v9/workspaces/${seeded.watched.workspaceId}/time_entries`, {
        method: 'POST',
        headers: { authorization: auth(seeded.watched.token), 'content-type': 'application/json' },
        body: entryBody(seeded.watched.workspaceId),
      });
      const entry = (await res.json()) as { id: number };
      sent.set(entry.id, at);
      await new Promise((r) => setTimeout(r, 50));
    }
    await waitFor(() => receiver.arrivals.length >= LATENCY_WRITES * SUBSCRIPTIONS, 60_000);
    const latencies = receiver.arrivals.map((a) => a.at - sent.get(a.entryId!)!);
    lines.push(
      `| ${target.name} | latency | p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms, max ${quantile(latencies, 1).toFixed(1)} ms | ${LATENCY_WRITES} writes × ${SUBSCRIPTIONS} subscriptions |`,
    );
    console.log(lines.at(-1));
    await stopServer(server);
    await database.close();
  } finally {
    await receiver.close();
    await target.cleanup();
  }
  return lines;
}

async function main(): Promise<void> {
  if (!fs.existsSync(MAIN)) throw new Error('build first: npm run build');
  const targets: Target[] = [];
  if (ENGINE !== 'postgres') targets.push(await sqliteTarget());
  if (process.env.BENCH_DATABASE_URL && ENGINE !== 'sqlite') targets.push(await postgresTarget(process.env.BENCH_DATABASE_URL));
  const lines: string[] = [];
  for (const target of targets) lines.push(...(await run(target)));
  console.log('\n| database | measure | figure | notes |\n| --- | --- | --- | --- |');
  for (const l of lines) console.log(l);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
