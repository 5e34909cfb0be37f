// The operator's user commands (stint user set-password, reset-token, disable, enable, list) as
// the services they call, checked through every skin's authentication.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type Credentials, type TestApp } from '../../helpers/app.js';
import { createUser, type TestUser } from '../../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0', LOGIN_FAILURE_LIMIT: '0', LOGIN_FAILURE_LIMIT_PER_IP: '0' });
});
afterAll(async () => t.close());

async function login(u: TestUser): Promise<string> {
  const res = await call(t, 'POST', '/api/v9/me/sessions', { auth: { email: u.email, password: u.password } });
  expect(res.status).toBe(200);
  const header = String(res.headers['set-cookie']);
  return header.slice(0, header.indexOf(';'));
}

async function addEntries(u: TestUser, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await u.api.post(`/api/v9/workspaces/${u.workspaceId}/time_entries`, {
      created_with: 'test',
      workspace_id: u.workspaceId,
      start: `2025-03-0${i + 1}T09:00:00Z`,
      duration: 600 * (i + 1),
      description: `entry ${i}`,
      tags: ['kept'],
    });
    expect(res.status).toBe(200);
    ids.push(res.body.id);
  }
  return ids;
}

const REPORT = (u: TestUser) => `/reports/api/v3/workspace/${u.workspaceId}/search/time_entries`;
const REPORT_BODY = { start_date: '2025-03-01', end_date: '2025-03-31' };

/** Status of each skin's "who am I" for a credential: v9, v8, Reports v3, Insights. */
async function statuses(u: TestUser, auth: Credentials) {
  return {
    v9: (await call(t, 'GET', '/api/v9/me', { auth })).status,
    v8: (await call(t, 'GET', '/api/v8/me', { auth })).status,
    reportsV3: (await call(t, 'POST', REPORT(u), { auth, body: REPORT_BODY })).status,
    insights: (await call(t, 'POST', `/insights/api/v1/workspace/${u.workspaceId}/data_trends/projects`, { auth, body: REPORT_BODY, conform: false })).status,
  };
}

// v8 answers a refused credential with 403 (never 401), as Toggl's v8 did; every other skin 401.
const REFUSED = { v9: 401, v8: 403, reportsV3: 401, insights: 401 };

describe('stint user disable / enable', () => {
  it("refuses every credential of a disabled user at once, ends their sessions, and gives everything back on enable", async () => {
    const u = await createUser(t);
    const other = await createUser(t);
    const ids = await addEntries(u, 3);
    const cookie = await login(u);
    const credentials: Credentials[] = [{ email: u.email, password: u.password }, { token: u.token }, { cookie }];
    const before = await u.api.get('/api/v9/me/time_entries?start_date=2025-03-01&end_date=2025-04-01');
    expect(before.body.map((e: { id: number }) => e.id).sort()).toEqual([...ids].sort());
    const insightsBefore = (await statuses(u, { token: u.token })).insights;

    const result = await t.services.users.disableByOperator(u.email.toUpperCase());
    // The login's, and the one v8's GET /me opens for a Basic caller.
    expect(result).toMatchObject({ alreadyDisabled: false, sessionsEnded: 2 });

    for (const auth of credentials) expect(await statuses(u, auth), JSON.stringify(auth)).toEqual(REFUSED);
    // Logging in again is refused too, on v9 and v8.
    expect((await call(t, 'POST', '/api/v9/me/sessions', { auth: { email: u.email, password: u.password } })).status).toBe(401);
    expect((await call(t, 'POST', '/api/v8/sessions', { auth: { email: u.email, password: u.password } })).status).toBe(403);
    expect((await call(t, 'POST', '/api/v8/sessions', { auth: { token: u.token } })).status).toBe(403);
    // Nobody else is affected.
    expect((await other.api.get('/api/v9/me')).status).toBe(200);
    expect(await t.services.users.disableByOperator(u.email)).toMatchObject({ alreadyDisabled: true });

    const enabled = await t.services.users.enableByOperator(u.email);
    expect(enabled.wasDisabled).toBe(true);
    expect(await statuses(u, { token: u.token })).toEqual({ v9: 200, v8: 200, reportsV3: 200, insights: insightsBefore });
    expect(await statuses(u, { email: u.email, password: u.password })).toEqual({ v9: 200, v8: 200, reportsV3: 200, insights: insightsBefore });
    // The session ended by disabling stays ended; a new login works.
    expect((await call(t, 'GET', '/api/v9/me', { auth: { cookie } })).status).toBe(401);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { cookie: await login(u) } })).status).toBe(200);

    const after = await u.api.get('/api/v9/me/time_entries?start_date=2025-03-01&end_date=2025-04-01');
    expect(after.body).toEqual(before.body);
    const report = await u.api.post(REPORT(u), REPORT_BODY);
    expect(report.body).toHaveLength(3);
    expect(await t.services.users.enableByOperator(u.email)).toMatchObject({ wasDisabled: false });
  });

  it('does not let a session written by a login racing the disable work after enable', async () => {
    const u = await createUser(t);
    await t.services.users.disableByOperator(u.email);
    // What POST /me/sessions does for a caller it authenticated just before the disable.
    const late = await t.services.users.startSession(u.user);
    const cookie = `timer_session=${late.value}`;
    expect((await call(t, 'GET', '/api/v9/me', { auth: { cookie } })).status).toBe(401);
    await t.services.users.enableByOperator(u.email);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { cookie } })).status).toBe(401);
  });

  it('answers an unknown e-mail with a clear message', async () => {
    await expect(t.services.users.disableByOperator('nobody@example.com')).rejects.toThrow('No user with e-mail nobody@example.com');
    await expect(t.services.users.enableByOperator('nobody@example.com')).rejects.toThrow('No user with e-mail nobody@example.com');
  });
});

describe('stint user set-password', () => {
  it('replaces the password, ends every session and keeps the API token', async () => {
    const u = await createUser(t);
    const cookies = [await login(u), await login(u)];
    const other = await createUser(t);
    const otherCookie = await login(other);

    const result = await t.services.users.setPasswordByOperator(u.email, 'brand-new-pw');
    expect(result.sessionsEnded).toBe(2);

    expect((await call(t, 'GET', '/api/v9/me', { auth: { email: u.email, password: u.password } })).status).toBe(401);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { email: u.email, password: 'brand-new-pw' } })).status).toBe(200);
    for (const cookie of cookies) expect((await call(t, 'GET', '/api/v9/me', { auth: { cookie } })).status).toBe(401);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { token: u.token } })).status).toBe(200);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { cookie: otherCookie } })).status).toBe(200);
  });

  it("applies the API's password rule and refuses an unknown e-mail, changing nothing", async () => {
    const u = await createUser(t);
    await expect(t.services.users.setPasswordByOperator(u.email, '12345')).rejects.toThrow('Password should be at least 6 characters');
    await expect(t.services.users.setPasswordByOperator('nobody@example.com', 'long-enough')).rejects.toThrow('No user with e-mail nobody@example.com');
    expect((await call(t, 'GET', '/api/v9/me', { auth: { email: u.email, password: u.password } })).status).toBe(200);
  });
});

describe('stint user reset-token', () => {
  it('gives a new API token; the old one stops working', async () => {
    const u = await createUser(t);
    const token = await t.services.users.resetTokenByOperator(u.email);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(token).not.toBe(u.token);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { token: u.token } })).status).toBe(401);
    const me = await call(t, 'GET', '/api/v9/me', { auth: { token } });
    expect(me.status).toBe(200);
    expect(me.body.api_token).toBe(token);
    await expect(t.services.users.resetTokenByOperator('nobody@example.com')).rejects.toThrow('No user with e-mail nobody@example.com');
  });
});

describe('stint user list', () => {
  it('lists every user, disabled ones included, in id order', async () => {
    const u = await createUser(t, { fullname: 'Listed Person' });
    await t.services.users.disableByOperator(u.email);
    const list = await t.services.users.listForOperator();
    expect(list.map((r) => r.id)).toEqual([...list.map((r) => r.id)].sort((a, b) => a - b));
    const row = list.find((r) => r.id === u.user.id)!;
    expect(row).toMatchObject({ email: u.email, fullname: 'Listed Person', created_at: u.user.created_at });
    expect(row.disabled_at).toEqual(expect.any(Number));
  });
});
