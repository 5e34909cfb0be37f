import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { migrateToLatest } from '../../src/db/migrations/index.js';
import { DOMAIN_COUNTS_MAX_AGE_MS, isLoopback } from '../../src/http/metrics.js';
import { call, openTestDatabase, type TestApp } from '../helpers/app.js';
import { createUser } from '../helpers/factories.js';
import { manualClock } from '../helpers/limits.js';

const apps: TestApp[] = [];
afterEach(async () => {
  while (apps.length) await apps.pop()!.close();
});

/** An app whose rate limits and /metrics' domain counts run on one clock the test moves. */
async function metricsApp(env: Record<string, string> = {}, clock = manualClock()) {
  const config = loadConfig(env);
  const { database, drop } = await openTestDatabase();
  await migrateToLatest(database.db, database.dialect);
  const built = await buildApp({ config, database, logger: false, limits: { now: clock.now }, metricsClock: clock.now });
  await built.app.ready();
  const t: TestApp = {
    ...built,
    database,
    config,
    async close() {
      await built.app.close();
      await database.close();
      await drop();
    },
  };
  apps.push(t);
  return { t, clock };
}

const TOKEN = 'metrics-token-0123456789abcdef';

function scrape(t: TestApp, options: { remoteAddress?: string; headers?: Record<string, string> } = {}) {
  return t.app.inject({ method: 'GET', url: '/metrics', ...options });
}

// --- A strict reader of Prometheus' text exposition format 0.0.4 --------------------------------

type Labels = Record<string, string>;
interface Sample {
  name: string;
  labels: Labels;
  value: number;
}
interface Family {
  type: string;
  help?: string;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// As Go's strconv.ParseFloat, which Prometheus uses: NaN and Inf in any case (prom-client writes "Nan").
const FLOAT = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?inf(?:inity)?|nan)$/i;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseFloatStrict(raw: string, where: string): number {
  if (!FLOAT.test(raw)) throw new Error(`${where}: "${raw}" is not a number`);
  if (/inf/i.test(raw)) return raw.startsWith('-') ? -Infinity : Infinity;
  return /nan/i.test(raw) ? NaN : Number(raw);
}

function parseLabels(raw: string, where: string): { labels: Labels; rest: string } {
  const labels: Labels = {};
  let i = 1; // past '{'
  for (;;) {
    if (raw[i] === '}') return { labels, rest: raw.slice(i + 1) };
    const eq = raw.indexOf('=', i);
    if (eq < 0) throw new Error(`${where}: label without '='`);
    const name = raw.slice(i, eq);
    if (!LABEL_NAME.test(name)) throw new Error(`${where}: bad label name "${name}"`);
    if (name in labels) throw new Error(`${where}: label ${name} twice`);
    if (raw[eq + 1] !== '"') throw new Error(`${where}: label value not quoted`);
    let value = '';
    let j = eq + 2;
    for (;;) {
      const c = raw[j];
      if (c === undefined) throw new Error(`${where}: unterminated label value`);
      if (c === '"') break;
      if (c === '\\') {
        const next = raw[j + 1];
        if (next === '\\') value += '\\';
        else if (next === '"') value += '"';
        else if (next === 'n') value += '\n';
        else throw new Error(`${where}: bad escape \\${next} in label value`);
        j += 2;
      } else {
        value += c;
        j++;
      }
    }
    labels[name] = value;
    i = j + 1;
    if (raw[i] === ',') i++;
    else if (raw[i] !== '}') throw new Error(`${where}: expected ',' or '}' after a label`);
  }
}

/** The family a sample name belongs to, given the families whose TYPE has been read. */
function familyOf(name: string, families: Map<string, Family>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    const type = families.get(base)?.type;
    if (type === 'histogram' || (type === 'summary' && suffix !== '_bucket')) return base;
  }
  return name;
}

function parseExposition(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('the text must end with a line feed');
  const families = new Map<string, Family>();
  const finished = new Set<string>();
  const seen = new Set<string>();
  let current: string | null = null;
  const enter = (name: string, where: string) => {
    if (current === name) return;
    if (finished.has(name)) throw new Error(`${where}: ${name} continues after another metric`);
    if (current !== null) finished.add(current);
    current = name;
  };
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((line, index) => {
    const where = `line ${index + 1}`;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s+(.*))?$/.exec(line);
      if (!m) return; // a plain comment
      const [, keyword, name, rest = ''] = m;
      if (!METRIC_NAME.test(name!)) throw new Error(`${where}: bad metric name "${name}"`);
      enter(name!, where);
      const family = families.get(name!) ?? { type: 'untyped', samples: [] };
      if (keyword === 'TYPE') {
        if (families.get(name!)?.type !== undefined && families.get(name!)!.type !== 'untyped') throw new Error(`${where}: second TYPE for ${name}`);
        if (family.samples.length > 0) throw new Error(`${where}: TYPE of ${name} after its samples`);
        if (!TYPES.has(rest)) throw new Error(`${where}: unknown type "${rest}"`);
        family.type = rest;
      } else {
        if (family.help !== undefined) throw new Error(`${where}: second HELP for ${name}`);
        if (!/^(?:[^\\]|\\[\\n])*$/.test(rest)) throw new Error(`${where}: bad escape in HELP`);
        family.help = rest;
      }
      families.set(name!, family);
      return;
    }
    const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
    if (!nameMatch) throw new Error(`${where}: no metric name in "${line}"`);
    const name = nameMatch[0];
    let rest = line.slice(name.length);
    let labels: Labels = {};
    if (rest.startsWith('{')) ({ labels, rest } = parseLabels(rest, where));
    const fields = rest.trim().split(/[ \t]+/);
    if (!/^[ \t]/.test(rest) || fields.length < 1 || fields.length > 2) throw new Error(`${where}: expected " value [timestamp]" in "${line}"`);
    const value = parseFloatStrict(fields[0]!, where);
    if (fields[1] !== undefined && !/^-?\d+$/.test(fields[1])) throw new Error(`${where}: bad timestamp`);
    const familyName = familyOf(name, families);
    enter(familyName, where);
    const family = families.get(familyName) ?? { type: 'untyped', samples: [] };
    families.set(familyName, family);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`${where}: duplicate series ${key}`);
    seen.add(key);
    if (family.type === 'counter' && !(value >= 0)) throw new Error(`${where}: counter ${name} is ${value}`);
    family.samples.push({ name, labels, value });
  });
  for (const [name, family] of families) if (family.type === 'histogram') checkHistogram(name, family);
  return families;
}

/** Buckets ascend by `le`, counts never fall, the last is +Inf and equals _count, and _sum is there. */
function checkHistogram(name: string, family: Family): void {
  const groups = new Map<string, { buckets: [number, number][]; sum?: number; count?: number }>();
  for (const s of family.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const group = groups.get(key) ?? { buckets: [] };
    groups.set(key, group);
    if (s.name === `${name}_bucket`) {
      if (le === undefined) throw new Error(`${name}: bucket without le`);
      group.buckets.push([parseFloatStrict(le, name), s.value]);
    } else if (s.name === `${name}_sum`) group.sum = s.value;
    else if (s.name === `${name}_count`) group.count = s.value;
    else throw new Error(`${name}: unexpected sample ${s.name}`);
  }
  for (const [key, g] of groups) {
    if (g.buckets.length === 0 || g.sum === undefined || g.count === undefined) throw new Error(`${name}${key}: buckets, _sum and _count are all required`);
    for (let i = 1; i < g.buckets.length; i++) {
      if (!(g.buckets[i]![0] > g.buckets[i - 1]![0])) throw new Error(`${name}${key}: le not ascending`);
      if (g.buckets[i]![1] < g.buckets[i - 1]![1]) throw new Error(`${name}${key}: bucket counts fall`);
    }
    const last = g.buckets[g.buckets.length - 1]!;
    if (last[0] !== Infinity) throw new Error(`${name}${key}: no +Inf bucket`);
    if (last[1] !== g.count) throw new Error(`${name}${key}: +Inf bucket ${last[1]} differs from _count ${g.count}`);
  }
}

/** The value of one series, or undefined when it is not exposed. */
function valueOf(families: Map<string, Family>, name: string, labels: Labels = {}): number | undefined {
  const family = families.get(familyOf(name, families));
  const wanted = JSON.stringify(Object.entries(labels).sort());
  return family?.samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted)?.value;
}

async function read(t: TestApp): Promise<Map<string, Family>> {
  const res = await scrape(t);
  expect(res.statusCode).toBe(200);
  return parseExposition(res.body);
}

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const hasPromtool = promtool.status === 0;

// --- Tests -----------------------------------------------------------------------------------------

describe('the exposition parser used here', () => {
  it('rejects what Prometheus rejects', () => {
    const bad = [
      'a 1', // no final line feed
      'a{b="c} 1\n',
      'a{b="\\x"} 1\n',
      '1a 1\n',
      'a one\n',
      'a 1\na 2\n',
      '# TYPE a counter\na -1\n',
      '# TYPE a gauge\n# TYPE a gauge\na 1\n',
      'a 1\nb 1\na{x="y"} 2\n',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n',
    ];
    for (const text of bad) expect(() => parseExposition(text), text).toThrow();
    const good = '# HELP h A \\\\ help\\n.\n# TYPE h histogram\nh_bucket{le="0.5",a="x\\"y"} 1\nh_bucket{a="x\\"y",le="+Inf"} 2\nh_sum{a="x\\"y"} 3\nh_count{a="x\\"y"} 2\n';
    expect(valueOf(parseExposition(good), 'h_count', { a: 'x"y' })).toBe(2);
  });
});

describe('GET /metrics', () => {
  it('answers a loopback client in the Prometheus text format, valid throughout', async () => {
    const { t } = await metricsApp();
    const u = await createUser(t);
    await u.api.get('/api/v9/me');
    for (const remoteAddress of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      const res = await scrape(t, { remoteAddress });
      expect(res.statusCode, remoteAddress).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4(;|$)/);
    }
    const families = parseExposition((await scrape(t)).body);
    for (const name of [
      'stint_http_requests_total',
      'stint_http_request_duration_seconds',
      'stint_http_requests_in_flight',
      'stint_http_refusals_total',
      'stint_db_statement_duration_seconds',
      'stint_users',
      'stint_workspaces',
      'stint_running_time_entries',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(families.has(name), name).toBe(true);
    }
    expect(families.get('stint_http_request_duration_seconds')!.type).toBe('histogram');
    expect(valueOf(families, 'stint_http_requests_in_flight')).toBe(1); // this scrape
    expect(valueOf(families, 'stint_db_statement_duration_seconds_count')).toBeGreaterThan(0);
    if (t.database.dialect === 'postgres') {
      expect(valueOf(families, 'stint_db_pool_clients')).toBeGreaterThanOrEqual(1);
      expect(valueOf(families, 'stint_db_pool_waiting')).toBe(0);
    } else {
      expect(families.has('stint_db_pool_clients')).toBe(false);
    }
  });

  it.skipIf(!hasPromtool)('passes promtool check metrics, when promtool is installed', async () => {
    const { t } = await metricsApp();
    await createUser(t).then((u) => u.api.get('/api/v9/me'));
    const body = (await scrape(t)).body;
    const checked = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
    const said = checked.stdout + checked.stderr;
    // 1: unreadable; 3: lint remarks (prom-client's *_total gauges drew them until left out).
    expect(checked.status, said).toBe(0);
  });

  it('counts requests by route template, method and status, and unmatched paths under one label', async () => {
    const { t } = await metricsApp();
    const u = await createUser(t);
    for (let i = 0; i < 3; i++) expect((await u.api.get(`/api/v9/workspaces/${u.workspaceId}/projects`)).status).toBe(200);
    expect((await call(t, 'GET', `/api/v9/workspaces/${u.workspaceId}/projects`, { auth: null })).status).toBe(401);
    for (const path of ['/no/such/path', '/another/one']) expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
    expect((await u.api.get('/api/v9/nothing-here', { conform: false })).status).toBe(404);
    const families = await read(t);
    const route = '/api/v9/workspaces/:workspace_id/projects';
    expect(valueOf(families, 'stint_http_requests_total', { route, method: 'GET', status_code: '200' })).toBe(3);
    expect(valueOf(families, 'stint_http_requests_total', { route, method: 'GET', status_code: '401' })).toBe(1);
    expect(valueOf(families, 'stint_http_requests_total', { route: 'unmatched', method: 'GET', status_code: '404' })).toBe(3);
    expect(valueOf(families, 'stint_http_request_duration_seconds_count', { route, method: 'GET' })).toBe(4);
    const routes = new Set(families.get('stint_http_requests_total')!.samples.map((s) => s.labels.route));
    expect([...routes].some((r) => r?.includes('no/such'))).toBe(false);
  });

  it('counts refusals by kind: rate limit, quota, login and signup throttling, body too large', async () => {
    const { t, clock } = await metricsApp({
      RATE_LIMIT_PER_SECOND: '1',
      RATE_LIMIT_BURST: '2',
      QUOTA_PER_HOUR: '3',
      LOGIN_FAILURE_LIMIT: '1',
      SIGNUP_LIMIT_PER_HOUR: '2',
      BODY_LIMIT: '2048',
    });
    const u = await createUser(t);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await u.api.get('/api/v9/me')).status);
    clock.advance(2000);
    for (let i = 0; i < 2; i++) statuses.push((await u.api.get('/api/v9/me')).status);
    expect(statuses).toEqual([200, 200, 429, 200, 402]);

    const wrong = { auth: { email: u.email, password: 'wrong-password' } };
    expect((await call(t, 'GET', '/api/v9/me', wrong)).status).toBe(401);
    expect((await call(t, 'GET', '/api/v9/me', wrong)).status).toBe(429);

    // Streamed without a Content-Length, the body is refused by Fastify's reader once it exceeds the limit.
    const streamed = await t.app.inject({ method: 'POST', url: '/api/v9/signup', headers: { 'content-type': 'application/json' }, payload: Readable.from([JSON.stringify({ pad: 'x'.repeat(4096) })]) });
    expect(streamed.statusCode).toBe(413);
    expect(streamed.body).toBe('"Request body is too large"'); // Fastify's limit, not the Content-Length check
    const signup = (n: number) => call(t, 'POST', '/api/v9/signup', { body: { email: `new-${n}@example.com`, password: 'secret-password' } });
    expect((await signup(1)).status).toBe(200);
    expect((await signup(2)).status).toBe(429);

    const big = await t.app.inject({ method: 'POST', url: '/api/v9/signup', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ pad: 'x'.repeat(4096) }) });
    expect(big.statusCode).toBe(413);

    const families = await read(t);
    const refusals = (kind: string) => valueOf(families, 'stint_http_refusals_total', { kind });
    expect({ rate: refusals('rate_limit'), quota: refusals('quota'), login: refusals('login'), signup: refusals('signup'), body: refusals('body_too_large') }).toEqual({
      rate: 1,
      quota: 1,
      login: 1,
      signup: 1,
      body: 2,
    });
  });

  it('counts nothing against rate limits or quotas and needs no API credentials', async () => {
    const { t } = await metricsApp({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '1', QUOTA_PER_HOUR: '1' });
    const u = await createUser(t);
    for (let i = 0; i < 5; i++) expect((await scrape(t)).statusCode).toBe(200);
    // Even a scraper that sends a user's credentials uses none of that user's allowance.
    const withCredentials = { authorization: 'Basic ' + Buffer.from(`${u.token}:api_token`).toString('base64') };
    for (let i = 0; i < 5; i++) expect((await scrape(t, { headers: withCredentials })).statusCode).toBe(200);
    expect((await u.api.get('/api/v9/me')).status).toBe(200);
    const families = await read(t);
    expect(valueOf(families, 'stint_http_refusals_total', { kind: 'rate_limit' })).toBe(0);
    expect(valueOf(families, 'stint_http_refusals_total', { kind: 'quota' })).toBe(0);
    // Counted once answered: the scrape that reads them is not among them yet.
    expect(valueOf(families, 'stint_http_requests_total', { route: '/metrics', method: 'GET', status_code: '200' })).toBe(10);
  });

  it('reports users, workspaces and running timers, read at most every 15 seconds', async () => {
    const { t, clock } = await metricsApp();
    const a = await createUser(t);
    const running = await a.api.post(`/api/v9/workspaces/${a.workspaceId}/time_entries`, { created_with: 'test', start: '2024-06-03T09:00:00Z', duration: -1, workspace_id: a.workspaceId });
    expect(running.status).toBe(200);
    await a.api.post(`/api/v9/workspaces/${a.workspaceId}/time_entries`, { created_with: 'test', start: '2024-06-03T08:00:00Z', duration: 60, workspace_id: a.workspaceId });
    const figures = async () => {
      const f = await read(t);
      return { users: valueOf(f, 'stint_users'), workspaces: valueOf(f, 'stint_workspaces'), running: valueOf(f, 'stint_running_time_entries') };
    };
    expect(await figures()).toEqual({ users: 1, workspaces: 1, running: 1 });

    const b = await createUser(t);
    await b.api.post(`/api/v9/workspaces/${b.workspaceId}/time_entries`, { created_with: 'test', start: '2024-06-03T10:00:00Z', duration: -1, workspace_id: b.workspaceId });
    clock.advance(DOMAIN_COUNTS_MAX_AGE_MS - 1);
    expect(await figures()).toEqual({ users: 1, workspaces: 1, running: 1 });
    clock.advance(1);
    expect(await figures()).toEqual({ users: 2, workspaces: 2, running: 2 });

    expect((await a.api.patch(`/api/v9/workspaces/${a.workspaceId}/time_entries/${running.body.id}/stop`)).status).toBe(200);
    clock.advance(DOMAIN_COUNTS_MAX_AGE_MS);
    expect(await figures()).toEqual({ users: 2, workspaces: 2, running: 1 });
  });

  it('counts users, workspaces and timers only for a scrape that finds the figures due', async () => {
    const { t, clock } = await metricsApp();
    await createUser(t);
    let statements = 0;
    const stop = t.database.stats.onStatement(() => statements++);
    const statementsOf = async (work: () => Promise<unknown>) => {
      statements = 0;
      await work();
      return statements;
    };
    expect(await statementsOf(() => read(t))).toBe(3);
    expect(await statementsOf(() => read(t))).toBe(0);
    clock.advance(DOMAIN_COUNTS_MAX_AGE_MS);
    expect(await statementsOf(() => Promise.all([read(t), read(t), read(t)]))).toBe(3);
    stop();
  });
});

describe('who may read /metrics', () => {
  it('refuses other addresses without METRICS_TOKEN', async () => {
    const { t } = await metricsApp();
    for (const remoteAddress of ['10.0.0.7', '203.0.113.9', '::ffff:10.0.0.7', '2001:db8::1', '128.0.0.1']) {
      const res = await scrape(t, { remoteAddress });
      expect(res.statusCode, remoteAddress).toBe(401);
      expect(res.body).not.toMatch(/stint_/);
    }
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set', async () => {
    const { t } = await metricsApp();
    expect((await scrape(t, { remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': '127.0.0.1' } })).statusCode).toBe(401);
    expect((await scrape(t, { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(200);
  });

  it('behind a trusted proxy, wants both the connection and the forwarded client on loopback', async () => {
    const { t } = await metricsApp({ TRUST_PROXY: 'true' });
    // A reverse proxy on this host forwarding a client from elsewhere.
    expect((await scrape(t, { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(401);
    // A client from elsewhere claiming loopback.
    expect((await scrape(t, { remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': '127.0.0.1' } })).statusCode).toBe(401);
    // A scraper on this host, directly or through the local proxy.
    expect((await scrape(t, { remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    expect((await scrape(t, { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '127.0.0.1' } })).statusCode).toBe(200);
  });

  it('with METRICS_TOKEN, asks every client for it as a bearer token', async () => {
    const { t } = await metricsApp({ METRICS_TOKEN: TOKEN });
    const bearer = (value: string) => ({ authorization: value });
    const missing = await scrape(t);
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    for (const authorization of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer ', `Basic ${TOKEN}`, TOKEN, `Bearer ${TOKEN} extra`]) {
      expect((await scrape(t, { headers: bearer(authorization) })).statusCode, authorization).toBe(401);
    }
    expect((await scrape(t, { headers: bearer(`Bearer ${TOKEN}`) })).statusCode).toBe(200);
    expect((await scrape(t, { headers: bearer(`bearer ${TOKEN}`) })).statusCode).toBe(200);
    const remote = await scrape(t, { remoteAddress: '203.0.113.9', headers: bearer(`Bearer ${TOKEN}`) });
    expect(remote.statusCode).toBe(200);
    parseExposition(remote.body);
  });

  it('knows loopback addresses', () => {
    for (const a of ['127.0.0.1', '127.255.255.254', '::1', '::ffff:127.0.0.1', '::FFFF:127.1.2.3']) expect(isLoopback(a), a).toBe(true);
    for (const a of [undefined, '', '128.0.0.1', '10.127.0.1', '::2', '::ffff:10.0.0.1', '1127.0.0.1', '127.0.0.1.example', 'localhost']) expect(isLoopback(a), String(a)).toBe(false);
  });
});

describe('many apps in one process', () => {
  it('keep their own figures, and closing one leaves the others working', async () => {
    const { t: one } = await metricsApp();
    const { t: two } = await metricsApp();
    await one.app.inject({ method: 'GET', url: '/healthz' });
    await one.app.inject({ method: 'GET', url: '/healthz' });
    await two.app.inject({ method: 'GET', url: '/healthz' });
    const healthz = { route: '/healthz', method: 'GET', status_code: '200' };
    expect(valueOf(await read(one), 'stint_http_requests_total', healthz)).toBe(2);
    expect(valueOf(await read(two), 'stint_http_requests_total', healthz)).toBe(1);
    await apps.splice(apps.indexOf(one), 1)[0]!.close();
    const third = await metricsApp();
    expect(valueOf(await read(third.t), 'stint_http_requests_total', healthz)).toBeUndefined();
    expect((await scrape(two)).statusCode).toBe(200);
  });
});

