import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openSharedTestDatabases, openTestDatabase, type TestApp } from '../../helpers/app.js';
import { createUser } from '../../helpers/factories.js';
import { buildLimitedApp, manualClock } from '../../helpers/limits.js';
import { migrateToLatest } from '../../../src/db/migrations/index.js';
import type { Database } from '../../../src/db/connect.js';
import { RedisStore } from '../../../src/http/limits/redis-store.js';

const REDIS = process.env.TEST_REDIS_URL;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Log lines an app writes, to check what it tells the operator. */
function capturedLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: { level: 'info', stream } };
}

/** One database both instances use: a shared PostgreSQL schema, or one SQLite connection. */
async function sharedDatabases(): Promise<[Database, Database]> {
  if (process.env.TEST_DATABASE_URL) {
    const { databases, drop } = await openSharedTestDatabases(2);
    cleanups.push(drop);
    return [databases[0]!, databases[1]!];
  }
  const { database, drop } = await openTestDatabase();
  await migrateToLatest(database.db, database.dialect);
  cleanups.push(async () => {
    await database.close();
    await drop();
  });
  return [database, database];
}

async function instance(env: Record<string, string>, database: Database, now: () => number, logger?: object): Promise<TestApp> {
  const t = await buildLimitedApp(env, { database, now, ...(logger ? { logger } : {}) });
  cleanups.push(() => t.close());
  return t;
}

describe.skipIf(!REDIS)('Redis store', () => {
  const prefix = () => `stint-test:${crypto.randomBytes(4).toString('hex')}:`;

  it('keeps the bucket and window semantics of the memory store', async () => {
    const log = pino({ level: 'silent' });
    const store = new RedisStore({ url: REDIS!, prefix: prefix(), log, maxKeys: 100 });
    cleanups.push(() => store.close());
    await store.ready();
    expect(store.status().rate_limits).toBe('redis');
    const T0 = 1_700_000_000_000;
    const rule = { perSecond: 2, burst: 3 };
    for (let i = 0; i < 3; i++) expect((await store.bucket('k', rule, T0)).allowed).toBe(true);
    expect(await store.bucket('k', rule, T0)).toEqual({ allowed: false, retryAfterMs: 500 });
    expect((await store.bucket('k', rule, T0 + 500)).allowed).toBe(true);
    // A lagging clock does not refill the bucket.
    expect((await store.bucket('k', rule, T0 - 5000)).allowed).toBe(false);

    const w = { limit: 2, windowMs: 60_000, consume: true, enforce: true };
    expect(await store.window('w', { ...w, consume: false }, T0)).toEqual({ allowed: true, count: 0, resetsInMs: 60_000 });
    expect(await store.window('w', w, T0)).toEqual({ allowed: true, count: 1, resetsInMs: 60_000 });
    expect(await store.window('w', w, T0 + 1000)).toEqual({ allowed: true, count: 2, resetsInMs: 59_000 });
    expect(await store.window('w', w, T0 + 2000)).toEqual({ allowed: false, count: 2, resetsInMs: 58_000 });
    expect(await store.window('w', { ...w, enforce: false }, T0 + 2000)).toEqual({ allowed: true, count: 3, resetsInMs: 58_000 });
    expect(await store.window('w', w, T0 + 60_000)).toEqual({ allowed: true, count: 1, resetsInMs: 60_000 });
    await store.clear('w');
    expect((await store.window('w', { ...w, consume: false }, T0 + 60_000)).count).toBe(0);
  });

  it('lets keys expire in Redis once they carry no information', async () => {
    const p = prefix();
    const store = new RedisStore({ url: REDIS!, prefix: p, log: pino({ level: 'silent' }), maxKeys: 100 });
    const admin = new Redis(REDIS!);
    cleanups.push(async () => {
      await store.close();
      admin.disconnect();
    });
    await store.ready();
    await store.bucket('b', { perSecond: 1, burst: 5 }, Date.now());
    await store.window('w', { limit: 5, windowMs: 3_600_000, consume: true, enforce: true }, Date.now());
    const bucketTtl = await admin.pttl(`${p}b`);
    const windowTtl = await admin.pttl(`${p}w`);
    expect(bucketTtl).toBeGreaterThan(0);
    expect(bucketTtl).toBeLessThanOrEqual(2000);
    expect(windowTtl).toBeGreaterThan(3_500_000);
    expect(windowTtl).toBeLessThanOrEqual(3_600_000);
  });

  it('makes two instances enforce one combined limit, even for simultaneous requests', async () => {
    const clock = manualClock();
    const env = { REDIS_URL: REDIS!, REDIS_PREFIX: prefix(), RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '4', QUOTA_PER_HOUR: '1000' };
    const [dbA, dbB] = await sharedDatabases();
    const a = await instance(env, dbA, clock.now);
    const b = await instance(env, dbB, clock.now);
    // On a loaded machine the first connection (or a command) can outlast the store's timeouts, which
    // reports Redis as down until it answers again; the combined limit is about after that.
    for (const inst of [a, b]) {
      for (let i = 0; i < 200 && inst.app.limits.status().rate_limits !== 'redis'; i++) await new Promise((r) => setTimeout(r, 50));
    }
    expect((await a.app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ rate_limits: 'redis' });
    const u = await createUser(a);
    const auth = { authorization: 'Basic ' + Buffer.from(`${u.token}:api_token`).toString('base64') };
    const get = (t: TestApp) => t.app.inject({ method: 'GET', url: '/api/v9/me/id', headers: auth });

    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => get(i % 2 ? a : b)));
    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(8);
    expect(answers.filter((r, i) => r.statusCode === 429 && i % 2 === 1).length).toBeGreaterThan(0);
    expect(answers.filter((r, i) => r.statusCode === 429 && i % 2 === 0).length).toBeGreaterThan(0);

    clock.advance(1000);
    expect((await get(a)).statusCode).toBe(200);
    expect((await get(b)).statusCode).toBe(429);

    // The quota window is shared too: the five admitted requests were counted, through both
    // instances; refused ones were not, and still carry the figures.
    const refusedB = await get(b);
    expect(refusedB.statusCode).toBe(429);
    expect(refusedB.headers['x-toggl-quota-remaining']).toBe('995');
    clock.advance(1000);
    const q = await b.app.inject({ method: 'GET', url: '/api/v9/me/quota', headers: auth });
    expect(q.statusCode).toBe(200);
    expect(q.json().find((x: { organization_id: number | null }) => x.organization_id === null).remaining).toBe(995);
  });

  it('falls back to memory when Redis drops the connection, and shares limits again once it is back', async () => {
    const log = capturedLog();
    const env = { REDIS_URL: REDIS!, REDIS_PREFIX: prefix(), RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '100' };
    const [db] = await sharedDatabases();
    const t = await instance(env, db, Date.now, log.logger);
    const u = await createUser(t);
    const admin = new Redis(REDIS!);
    cleanups.push(async () => admin.disconnect());
    const clients = String(await admin.client('LIST')).split('\n').filter((l) => l.includes('name=stint-limits'));
    expect(clients.length).toBeGreaterThan(0);
    await admin.call('CLIENT', 'KILL', 'SKIPME', 'yes', 'TYPE', 'normal');
    expect((await u.api.get('/api/v9/me')).status).toBe(200);
    for (let i = 0; i < 50 && !log.lines.some((l) => l.includes('Redis unavailable')); i++) await new Promise((r) => setTimeout(r, 20));
    expect(log.lines.some((l) => l.includes('Redis unavailable'))).toBe(true);
    for (let i = 0; i < 100 && t.app.limits.status().rate_limits !== 'redis'; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ rate_limits: 'redis' });
    expect((await u.api.get('/api/v9/me')).status).toBe(200);
  });
});

describe('Redis unreachable', () => {
  it('keeps serving with per-instance limits, and says so in its log and on /readyz', async () => {
    const log = capturedLog();
    const [db] = await sharedDatabases();
    const t = await instance({ REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '2' }, db, manualClock().now, log.logger);
    expect(log.lines.some((l) => l.includes('Redis unavailable') && l.includes('"level":40'))).toBe(true);
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ok', database: 'ok', rate_limits: 'memory (Redis unavailable; limits are per instance)' });
    const u = await createUser(t);
    expect((await u.api.get('/api/v9/me')).status).toBe(200);
    expect((await u.api.get('/api/v9/me')).status).toBe(200);
    const refused = await u.api.get('/api/v9/me');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
  });
});
