import { sql } from 'kysely';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopedPool } from '../../src/db/connection-scope.js';
import type { Database } from '../../src/db/connect.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildTestApp, openTestDatabase, type TestApp } from '../helpers/app.js';
import { createUser } from '../helpers/factories.js';

/**
 * A stand-in for pg.Pool with `size` connections that records checkouts and give-backs; like
 * pg's pool, it sets `release` on the client at each checkout and queues callers when all are out.
 */
function fakePool(size = 100) {
  let next = 1;
  const log: string[] = [];
  let failNext = false;
  const idle: number[] = [];
  const queue: ((id: number) => void)[] = [];
  let out = 0;
  const checkout = (id: number) => {
    log.push(`take ${id}`);
    return {
      id,
      release: (err?: Error | boolean) => {
        log.push(`give back ${id}${err instanceof Error ? ` (${err.message})` : ''}`);
        // A connection given back with an error is closed, as pg's pool does.
        if (err instanceof Error) {
          out--;
          const waiter = queue.shift();
          if (waiter) {
            out++;
            waiter(next++);
          }
          return;
        }
        const waiter = queue.shift();
        if (waiter) waiter(id);
        else {
          out--;
          idle.push(id);
        }
      },
    };
  };
  const pool = {
    async connect() {
      await Promise.resolve();
      if (failNext) {
        failNext = false;
        throw new Error('no connection');
      }
      if (out >= size) return checkout(await new Promise<number>((resolve) => queue.push(resolve)));
      out++;
      return checkout(idle.shift() ?? next++);
    },
    async end() {},
  };
  return { pool: pool as unknown as pg.Pool, log, failNext: () => (failNext = true) };
}

type Client = pg.PoolClient & { id: number };

/** A scoped pool over a fake one, and one scope of it. */
function setup(size?: number) {
  const fake = fakePool(size);
  const scoped = scopedPool(fake.pool);
  return { ...fake, scoped, scope: scoped.scope() };
}

describe('scopedPool', () => {
  it('gives the queries of a scope the same connection, and gives it back at the end', async () => {
    const { scoped, scope, log } = setup();
    const ids = await scope.run(async () => {
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) {
        const c = (await scoped.connect()) as Client;
        ids.push(c.id);
        c.release();
      }
      return ids;
    });
    expect(ids).toEqual([1, 1, 1]);
    expect(log).toEqual(['take 1']);
    scope.end();
    expect(log).toEqual(['take 1', 'give back 1']);
  });

  it('lets a query that comes while the connection is busy take its own from the pool', async () => {
    const { scoped, scope, log } = setup();
    await scope.run(async () => {
      const [a, b] = (await Promise.all([scoped.connect(), scoped.connect()])) as Client[];
      expect([a!.id, b!.id]).toEqual([1, 2]);
      b!.release();
      a!.release();
      const c = (await scoped.connect()) as Client;
      expect(c.id).toBe(1);
      c.release();
    });
    scope.end();
    expect(log).toEqual(['take 1', 'take 2', 'give back 2', 'give back 1']);
  });

  it('waits for queries still running when the scope ends, and sends later ones to the pool', async () => {
    const { scoped, scope, log } = setup();
    const running = (await scope.run(() => scoped.connect())) as Client;
    scope.end();
    expect(log).toEqual(['take 1']);
    const later = (await scope.run(() => scoped.connect())) as Client;
    expect(later.id).toBe(2);
    running.release();
    expect(log).toEqual(['take 1', 'take 2', 'give back 1']);
    later.release();
    expect(log).toEqual(['take 1', 'take 2', 'give back 1', 'give back 2']);
  });

  it('does not reuse a connection a query reported broken', async () => {
    const { scoped, scope, log } = setup();
    await scope.run(async () => {
      const broken = (await scoped.connect()) as Client;
      broken.release(new Error('connection lost'));
      const fresh = (await scoped.connect()) as Client;
      expect(fresh.id).toBe(2);
      fresh.release();
    });
    scope.end();
    expect(log).toEqual(['take 1', 'give back 1 (connection lost)', 'take 2', 'give back 2']);
  });

  it('passes a failed checkout on and tries again at the next query', async () => {
    const { scoped, scope, log, failNext } = setup();
    failNext();
    await expect(scope.run(() => scoped.connect())).rejects.toThrow('no connection');
    const client = (await scope.run(() => scoped.connect())) as Client;
    client.release();
    scope.end();
    expect(log).toEqual(['take 1', 'give back 1']);
  });

  it('hands the connection to a query that waited for it when it frees before the pool answers', async () => {
    const { scoped, scope, log } = setup(1);
    await scope.run(async () => {
      const a = (await scoped.connect()) as Client;
      const waiting = scoped.connect();
      a.release();
      const b = (await waiting) as Client;
      expect(b.id).toBe(1);
      b.release();
    });
    scope.end();
    await new Promise((r) => setTimeout(r, 0));
    // The pool's late answer (the same connection, once given back) went straight back.
    expect(log).toEqual(['take 1', 'give back 1', 'take 1', 'give back 1']);
  });

  it('does not stall when scopes hold every pooled connection and run queries in parallel', async () => {
    const { pool } = fakePool(2);
    const scoped = scopedPool(pool);
    const request = async () => {
      const scope = scoped.scope();
      try {
        await scope.run(async () => {
          const first = await scoped.connect();
          first.release();
          await Promise.all(
            Array.from({ length: 3 }, async () => {
              const c = await scoped.connect();
              await new Promise((r) => setTimeout(r, 1));
              c.release();
            }),
          );
        });
      } finally {
        scope.end();
      }
    };
    await Promise.all([request(), request(), request()]);
  });

  it('leaves queries outside any scope to the pool', async () => {
    const { pool, log } = fakePool();
    const scoped = scopedPool(pool);
    const a = (await scoped.connect()) as Client;
    const b = (await scoped.connect()) as Client;
    a.release();
    b.release();
    expect(log).toEqual(['take 1', 'take 2', 'give back 1', 'give back 2']);
  });
});

describe('connection scopes of the database under test', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => ({ database, drop } = await openTestDatabase()));
  afterAll(async () => {
    await database.close();
    await drop();
  });

  it.runIf(process.env.TEST_DATABASE_URL)('runs a scope on one PostgreSQL backend and returns it to the pool', async () => {
    const backend = async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db)).rows[0]!.pid;
    // More scopes at once than the test pool has connections: a scope that kept its connection
    // would leave the others waiting for ever.
    const runs = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const scope = database.scope();
        try {
          return await scope.run(async () => [await backend(), await backend(), await backend()]);
        } finally {
          scope.end();
        }
      }),
    );
    for (const pids of runs) expect(new Set(pids).size).toBe(1);
  });
});

describe('reading requests and their connection', () => {
  let t: TestApp;
  beforeAll(async () => (t = await buildTestApp()));
  afterAll(async () => t.close());

  it('gives the connection back after answers, errors and hang-ups', async () => {
    const { api, token, workspaceId } = await createUser(t);
    // The test pool has four connections: any of these keeping one would stall the rest.
    for (let i = 0; i < 10; i++) {
      expect((await api.get('/api/v9/me/time_entries')).status).toBe(200);
      expect((await api.get(`/api/v9/workspaces/${workspaceId}/projects/999999`)).status).toBe(404);
      expect((await api.get('/api/v9/me/time_entries?since=1&before=2024-01-01')).status).toBe(400);
    }
    // Clients that hang up as soon as they have asked.
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    await Promise.all(
      Array.from(
        { length: 10 },
        () =>
          new Promise<void>((resolve) => {
            const req = http.get({ port, host: '127.0.0.1', path: '/api/v9/me?with_related_data=true', auth: `${token}:api_token` });
            req.on('error', () => resolve());
            req.on('close', () => resolve());
            setImmediate(() => req.destroy());
          }),
      ),
    );
    const answers = await Promise.all(Array.from({ length: 12 }, () => api.get('/api/v9/me?with_related_data=true')));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
  });
});
