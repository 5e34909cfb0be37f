// The limits in front of every skin, as a v8 caller meets them: "When a limit has been hit the
// request will get a HTTP 429 response", and the quota (402), body size (413) and login cooling-off
// (429) too — each answered as v8 answers errors, an array of messages, and each refusing before
// anything is written.
import { afterEach, describe, expect, it } from 'vitest';
import { call, type TestApp } from '../../helpers/app.js';
import { createUser } from '../../helpers/factories.js';
import { buildLimitedApp, manualClock } from '../../helpers/limits.js';
import { registeredRoutes, snapshotAll } from '../../helpers/routes.js';

let limited: TestApp | undefined;
afterEach(async () => {
  await limited?.close();
  limited = undefined;
});

const clientRows = (t: TestApp) => t.database.db.selectFrom('clients').selectAll().orderBy('id').execute();

describe('v8 behind the limits', () => {
  it('answers 429 with Retry-After and an array of messages when requests come too fast, creating nothing', async () => {
    const clock = manualClock();
    limited = await buildLimitedApp({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '1' }, { now: clock.now });
    const u = await createUser(limited);
    const create = (name: string) => call(limited!, 'POST', '/api/v8/clients', { auth: { token: u.token }, body: { client: { name } } });
    expect((await create('First')).status).toBe(200);
    const before = await clientRows(limited);
    const refused = await create('Second');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body).toEqual([expect.stringMatching(/^Too many requests/)]);
    expect(await clientRows(limited)).toEqual(before);
    clock.advance(1000);
    expect((await create('Second')).status).toBe(200);
  });

  it('answers 429 and 402 the same way on every v8 route but signups (which has its own limit), writing nothing', async () => {
    const clock = manualClock();
    limited = await buildLimitedApp({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '1', QUOTA_PER_HOUR: '1' }, { now: clock.now });
    const u = await createUser(limited);
    const routes = registeredRoutes(limited.app, '/api/v8').filter((r) => r !== 'POST /signups');
    expect(routes.length).toBeGreaterThan(50);
    // The limits refuse before a route reads its ids or body, so any id will do.
    const send = (route: string) => {
      const [method, path] = route.split(' ') as [string, string];
      return call(limited!, method, `/api/v8${path.replaceAll('{}', String(u.workspaceId))}`, { auth: { token: u.token } });
    };
    // The quota is kept per organization, and apart for requests that name none: use up both.
    expect((await send('GET /workspaces')).status).toBe(200);
    clock.advance(1000);
    expect((await send('GET /workspaces/{}')).status).toBe(200);
    const before = await snapshotAll(limited);
    for (const route of routes) {
      const res = await send(route);
      expect(res.status, route).toBe(429);
      expect(res.body, route).toEqual([expect.stringMatching(/^Too many requests/)]);
    }
    clock.advance(10_000);
    for (const route of routes) {
      clock.advance(1000);
      const res = await send(route);
      expect(res.status, route).toBe(402);
      expect(res.body, route).toEqual([expect.stringMatching(/hourly limit/)]);
    }
    expect(await snapshotAll(limited)).toEqual(before);
  });

  it('answers 402 with an array of messages when the hourly quota is used up', async () => {
    limited = await buildLimitedApp({ RATE_LIMIT_PER_SECOND: '0', QUOTA_PER_HOUR: '1' });
    const u = await createUser(limited);
    expect((await call(limited, 'GET', '/api/v8/clients', { auth: { token: u.token } })).status).toBe(200);
    const before = await clientRows(limited);
    const refused = await call(limited, 'POST', '/api/v8/clients', { auth: { token: u.token }, body: { client: { name: 'Over quota', wid: u.workspaceId } } });
    expect(refused.status).toBe(402);
    expect(refused.body).toEqual([expect.stringMatching(/hourly limit/)]);
    expect(refused.headers['x-toggl-quota-remaining']).toBe('0');
    expect(await clientRows(limited)).toEqual(before);
  });

  it('answers 413 with an array of messages for a body over the limit', async () => {
    limited = await buildLimitedApp({ RATE_LIMIT_PER_SECOND: '0', BODY_LIMIT: '2048' });
    const u = await createUser(limited);
    const before = await clientRows(limited);
    const refused = await call(limited, 'POST', '/api/v8/clients', { auth: { token: u.token }, body: { client: { name: 'x', notes: 'y'.repeat(4096) } } });
    expect(refused.status).toBe(413);
    expect(refused.body).toEqual([expect.stringMatching(/too large/)]);
    expect(await clientRows(limited)).toEqual(before);
  });

  it('answers 429 with an array of messages while password logins cool off', async () => {
    limited = await buildLimitedApp({ RATE_LIMIT_PER_SECOND: '0', LOGIN_FAILURE_LIMIT: '2' });
    const u = await createUser(limited);
    const login = (password: string) => call(limited!, 'GET', '/api/v8/me', { auth: { email: u.email, password } });
    expect((await login('wrong-1')).status).toBe(403);
    expect((await login('wrong-2')).status).toBe(403);
    const throttled = await login(u.password);
    expect(throttled.status).toBe(429);
    expect(throttled.body).toEqual([expect.stringMatching(/^Too many failed login attempts/)]);
  });

  it('answers a body that is not JSON with 400 and an array of messages', async () => {
    limited = await buildLimitedApp({ RATE_LIMIT_PER_SECOND: '0' });
    const u = await createUser(limited);
    const before = await clientRows(limited);
    const res = await call(limited, 'POST', '/api/v8/clients', { auth: { token: u.token }, rawBody: '{"client": ', contentType: 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([expect.stringMatching(/^Invalid JSON input/)]);
    expect(await clientRows(limited)).toEqual(before);
  });

  it('answers an unknown v8 path with 404 and an array of messages', async () => {
    limited = await buildLimitedApp({ RATE_LIMIT_PER_SECOND: '0' });
    const u = await createUser(limited);
    const res = await call(limited, 'GET', '/api/v8/nothing_here', { auth: { token: u.token } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(['404 page not found']);
  });
});
