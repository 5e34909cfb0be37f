import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../helpers/app.js';
import { createUser, type TestUser } from '../helpers/factories.js';

let t: TestApp;
let u: TestUser;
beforeAll(async () => {
  t = await buildTestApp();
  u = await createUser(t);
});
afterAll(async () => t.close());

const orgCount = async () =>
  Number((await t.database.db.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('JSON only', () => {
  it('refuses a body that is not valid JSON with 400 and a readable message, changing nothing', async () => {
    const before = await orgCount();
    const res = await call(t, 'POST', '/api/v9/organizations', { auth: { token: u.token }, rawBody: '{"name": "Acme",' });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/^Invalid JSON input/);
    expect(await orgCount()).toBe(before);
  });

  it('refuses a body that is not sent as application/json', async () => {
    const before = await orgCount();
    const res = await call(t, 'POST', '/api/v9/organizations', { auth: { token: u.token }, rawBody: 'name=Acme', contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/application\/json/);
    expect(await orgCount()).toBe(before);
  });

  it('accepts application/json with a charset', async () => {
    const res = await call(t, 'POST', '/api/v9/organizations', { auth: { token: u.token }, body: { name: 'Charset Inc' }, contentType: 'application/json; charset=utf-8' });
    expect(res.status).toBe(200);
  });

  it('refuses a JSON body of the wrong shape', async () => {
    const before = await orgCount();
    for (const rawBody of ['[]', '"name"', '42', 'null']) {
      const res = await call(t, 'POST', '/api/v9/organizations', { auth: { token: u.token }, rawBody });
      expect(res.status, rawBody).toBe(400);
      expect(typeof res.body).toBe('string');
    }
    expect(await orgCount()).toBe(before);
  });
});

describe('routing and errors', () => {
  it('answers unknown routes with 404', async () => {
    const res = await call(t, 'GET', '/api/v9/no/such/thing', { auth: { token: u.token } });
    expect(res.status).toBe(404);
    expect((await call(t, 'GET', '/nothing-here')).status).toBe(404);
  });

  it('answers non-numeric ids with 400', async () => {
    const res = await call(t, 'GET', '/api/v9/workspaces/abc', { auth: { token: u.token } });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/workspace_id/);
  });

  it('hides the details of unexpected failures behind a generic 500 and logs them with the request id', async () => {
    const failing = await buildTestApp();
    try {
      const user = await createUser(failing);
      failing.services.workspaces.listForUser = async () => {
        throw new Error('secret internal detail');
      };
      const res = await call(failing, 'GET', '/api/v9/me/workspaces', { auth: { token: user.token } });
      expect(res.status).toBe(500);
      expect(res.body).toBe('Internal Server Error');
      expect(res.text).not.toContain('secret');
      expect(res.headers['x-request-id']).toBeTruthy();
    } finally {
      await failing.close();
    }
  });

  it('reports health and readiness', async () => {
    const health = await call(t, 'GET', '/healthz');
    expect(health.status).toBe(200);
    const ready = await call(t, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.database).toBe('ok');
  });

  it('answers many concurrent readiness checks made with credentials', async () => {
    // Each authenticated GET holds a PostgreSQL connection for its statements; the ping once took
    // another from the pool, so as many calls as the pool's connections (4 in tests) waited forever.
    const answers = await Promise.all(Array.from({ length: 12 }, () => call(t, 'GET', '/readyz', { auth: { token: u.token } })));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
  });

  it('reports not ready when the database is gone', async () => {
    const broken = await buildTestApp();
    broken.database.ping = async () => {
      throw new Error('down');
    };
    try {
      const res = await call(broken, 'GET', '/readyz');
      expect(res.status).toBe(503);
      expect(res.body.database).toBe('unreachable');
    } finally {
      await broken.close();
    }
  });
});
