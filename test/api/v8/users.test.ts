import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, client, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser } from '../../helpers/factories.js';
import { V8_TIME } from './v8.fixtures.js';

let t: TestApp;
let u: TestUser;

beforeAll(async () => {
  t = await buildTestApp();
  u = await createUser(t, { fullname: 'Vera Eight', timezone: 'Europe/Tallinn' });
});
afterAll(async () => t.close());

const userCount = async () => Number((await t.database.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0]!;

describe('authentication', () => {
  it('answers a missing credential with 403, as v8 does (never 401)', async () => {
    const res = await call(t, 'GET', '/api/v8/me');
    expect(res.status).toBe(403);
    expect(res.text).toBe('');
  });

  it.each([
    ['a wrong password', () => ({ email: u.email, password: 'wrong-password' })],
    ['an unknown token', () => ({ token: 'ffffffffffffffffffffffffffffffff' })],
    ['a malformed header', () => ({ authorization: 'Bearer nope' })],
    ['an unknown session cookie', () => ({ cookie: 'timer_session=not-a-session-that-exists-anywhere' })],
  ])('answers %s with 403', async (_what, auth) => {
    const res = await call(t, 'GET', '/api/v8/me', { auth: auth() });
    expect(res.status).toBe(403);
  });

  it('takes Basic email:password and <token>:api_token alike', async () => {
    const byPassword = await call(t, 'GET', '/api/v8/me', { auth: { email: u.email, password: u.password } });
    const byToken = await call(t, 'GET', '/api/v8/me', { auth: { token: u.token } });
    expect(byPassword.status).toBe(200);
    expect(byToken.status).toBe(200);
    expect(byPassword.body.data.id).toBe(u.user.id);
    expect(byToken.body.data).toEqual(byPassword.body.data);
  });

  it('creates a session on a Basic-authenticated GET /me, and the cookie alone then authenticates', async () => {
    const res = await call(t, 'GET', '/api/v8/me', { auth: { email: u.email, password: u.password } });
    expect(res.headers['set-cookie']).toMatch(/^timer_session=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    const cookie = cookieOf(res);
    const again = await call(t, 'GET', '/api/v8/workspaces', { auth: { cookie } });
    expect(again.status).toBe(200);
    expect(again.body.map((w: { id: number }) => w.id)).toEqual([u.workspaceId]);
    // A caller already on a session keeps it rather than collecting new ones.
    const meByCookie = await call(t, 'GET', '/api/v8/me', { auth: { cookie } });
    expect(meByCookie.status).toBe(200);
    expect(meByCookie.headers['set-cookie']).toBeUndefined();
  });

  it('POST /sessions answers the user with since and sets the cookie; DELETE /sessions ends it', async () => {
    const res = await call(t, 'POST', '/api/v8/sessions', { auth: { token: u.token } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ since: expect.any(Number), data: expect.objectContaining({ id: u.user.id, email: u.email }) });
    const cookie = cookieOf(res);
    expect((await call(t, 'GET', '/api/v8/me', { auth: { cookie } })).status).toBe(200);

    const out = await call(t, 'DELETE', '/api/v8/sessions', { auth: { cookie } });
    expect(out.status).toBe(200);
    expect(out.headers['set-cookie']).toMatch(/^timer_session=; Path=\/; Max-Age=0/);
    expect((await call(t, 'GET', '/api/v8/me', { auth: { cookie } })).status).toBe(403);
  });

  it('DELETE /sessions without a session cookie ends nothing and still clears the cookie', async () => {
    const p = await createUser(t);
    const session = await call(t, 'POST', '/api/v8/sessions', { auth: { token: p.token } });
    const before = await t.database.db.selectFrom('sessions').selectAll().where('user_id', '=', p.user.id).execute();
    expect(before).toHaveLength(1);
    const out = await call(t, 'DELETE', '/api/v8/sessions', { auth: { token: p.token } });
    expect(out.status).toBe(200);
    expect(out.headers['set-cookie']).toMatch(/^timer_session=; Path=\/; Max-Age=0/);
    expect(await t.database.db.selectFrom('sessions').selectAll().where('user_id', '=', p.user.id).execute()).toEqual(before);
    expect((await call(t, 'GET', '/api/v8/me', { auth: { cookie: cookieOf(session) } })).status).toBe(200);
  });

  it('refuses POST /sessions with a wrong password, creating no session', async () => {
    const before = await t.database.db.selectFrom('sessions').selectAll().execute();
    const res = await call(t, 'POST', '/api/v8/sessions', { auth: { email: u.email, password: 'nope-nope' } });
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await t.database.db.selectFrom('sessions').selectAll().execute()).toHaveLength(before.length);
  });
});

describe('GET /me', () => {
  it('answers the v8 user with "since" beside "data", null fields left out', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await u.api.get('/api/v8/me');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'since']);
    expect(res.body.since).toBeGreaterThanOrEqual(before);
    expect(res.body.data).toEqual({
      id: u.user.id,
      api_token: u.token,
      default_wid: u.workspaceId,
      email: u.email,
      fullname: 'Vera Eight',
      jquery_timeofday_format: 'h:i A',
      jquery_date_format: 'm/d/Y',
      timeofday_format: 'h:mm A',
      date_format: 'MM/DD/YYYY',
      store_start_and_stop_time: true,
      beginning_of_week: 1,
      language: 'en_US',
      duration_format: 'improved',
      at: expect.stringMatching(V8_TIME),
      created_at: expect.stringMatching(V8_TIME),
      timezone: 'Europe/Tallinn',
      openid_enabled: false,
      send_product_emails: true,
      send_weekly_report: true,
      send_timer_notifications: true,
    });
    // image_url is null for this user, so it is not in the answer at all.
    expect('image_url' in res.body.data).toBe(false);
  });

  it('with_related_data=true adds everything the user can see, in v8 shapes', async () => {
    const owner = await createUser(t, { fullname: 'Rel Owner' });
    const ws = owner.workspaceId;
    const client = await owner.api.post(`/api/v9/workspaces/${ws}/clients`, { name: 'Rel Client' });
    const project = await owner.api.post(`/api/v9/workspaces/${ws}/projects`, { name: 'Rel Project', client_id: client.body.id, is_private: false });
    const task = await owner.api.post(`/api/v9/workspaces/${ws}/projects/${project.body.id}/tasks`, { name: 'Rel Task' });
    const tag = await owner.api.post(`/api/v9/workspaces/${ws}/tags`, { name: 'rel-tag' });
    const entry = await owner.api.post(`/api/v9/workspaces/${ws}/time_entries`, {
      created_with: 'test', start: new Date(Date.now() - 3600_000).toISOString(), duration: 600, project_id: project.body.id, tags: ['rel-tag'],
    });

    const res = await owner.api.get('/api/v8/me?with_related_data=true');
    expect(res.status).toBe(200);
    const d = res.body.data;
    expect(d.workspaces).toEqual([expect.objectContaining({ id: ws, admin: true, premium: true })]);
    expect(d.clients).toEqual([{ id: client.body.id, wid: ws, name: 'Rel Client', at: expect.stringMatching(V8_TIME) }]);
    expect(d.projects).toEqual([expect.objectContaining({ id: project.body.id, wid: ws, cid: client.body.id, name: 'Rel Project', active: true })]);
    expect(d.tasks).toEqual([expect.objectContaining({ id: task.body.id, wid: ws, pid: project.body.id, name: 'Rel Task', active: true })]);
    expect(d.tags).toEqual([{ id: tag.body.id, wid: ws, name: 'rel-tag', at: expect.stringMatching(V8_TIME) }]);
    expect(d.time_entries).toEqual([expect.objectContaining({ id: entry.body.id, wid: ws, pid: project.body.id, duration: 600, tags: ['rel-tag'] })]);

    // since: only what changed from then on.
    const later = await owner.api.get(`/api/v8/me?with_related_data=true&since=${res.body.since + 3600}`);
    expect(later.body.data.projects).toEqual([]);
    expect(later.body.data.time_entries).toEqual([]);
  });

  it.each([['with_related_data=maybe'], ['since=yesterday'], ['since=-5']])('refuses the query %s with 400 and an array of messages', async (q) => {
    const res = await u.api.get(`/api/v8/me?${q}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual([expect.any(String)]);
  });

  it("never shows another tenant's data among the related data", async () => {
    const other = await createUser(t);
    await other.api.post(`/api/v9/workspaces/${other.workspaceId}/clients`, { name: 'Secret Client' });
    const res = await u.api.get('/api/v8/me?with_related_data=true');
    expect(res.body.data.workspaces.map((w: { id: number }) => w.id)).toEqual([u.workspaceId]);
    expect(JSON.stringify(res.body)).not.toContain('Secret Client');
  });
});

describe('PUT /me', () => {
  it('updates profile fields and v8 preferences together, and v9 reads them back', async () => {
    const p = await createUser(t, { fullname: 'Put Person' });
    const res = await p.api.put('/api/v8/me', {
      user: { fullname: 'Put Renamed', beginning_of_week: 0, timezone: 'America/New_York', date_format: 'DD.MM.YYYY', timeofday_format: 'H:mm', send_weekly_report: false },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      fullname: 'Put Renamed',
      beginning_of_week: 0,
      timezone: 'America/New_York',
      date_format: 'DD.MM.YYYY',
      jquery_date_format: 'd.m.Y',
      timeofday_format: 'H:mm',
      jquery_timeofday_format: 'H:i',
      send_weekly_report: false,
    });
    const v9 = await p.api.get('/api/v9/me');
    expect(v9.body).toMatchObject({ fullname: 'Put Renamed', beginning_of_week: 0, timezone: 'America/New_York' });
    const prefs = await p.api.get('/api/v9/me/preferences');
    expect(prefs.body).toMatchObject({ date_format: 'DD.MM.YYYY', timeofday_format: 'H:mm', send_weekly_report: false });
  });

  it('changes the password with the current one', async () => {
    const p = await createUser(t, { password: 'old-password' });
    const res = await p.api.put('/api/v8/me', { user: { current_password: 'old-password', password: 'new-password' } });
    expect(res.status).toBe(200);
    expect((await call(t, 'GET', '/api/v8/me', { auth: { email: p.email, password: 'new-password' } })).status).toBe(200);
    expect((await call(t, 'GET', '/api/v8/me', { auth: { email: p.email, password: 'old-password' } })).status).toBe(403);
  });

  it.each([
    [{ user: { timezone: 'Mars/Olympus' } }, 'Invalid timezone'],
    [{ user: { beginning_of_week: 9 } }, 'Invalid beginning_of_week'],
    [{ user: { email: 'not-an-email' } }, 'Invalid email'],
    [{ user: { date_format: 'YY/M/D' } }, 'Invalid date_format: use one of MM/DD/YYYY, DD-MM-YYYY, MM-DD-YYYY, YYYY-MM-DD, DD/MM/YYYY, DD.MM.YYYY'],
    [{ user: { timeofday_format: 'hh' } }, 'Invalid timeofday_format: use one of H:mm, h:mm A'],
    [{ user: { password: 'new-password' } }, 'Current password must be present to change password'],
    [{ user: { store_start_and_stop_time: false } }, 'Stint always stores the start and stop time of time entries'],
    [{ user: { fullname: 42 } }, "Invalid field 'user.fullname': must be string"],
    [{ fullname: 'No Wrapper' }, "user can't be blank"],
  ])('refuses %j with 404 and an array of messages, changing nothing', async (body, message) => {
    const p = await createUser(t, { fullname: 'Stays Same' });
    const res = await p.api.put('/api/v8/me', body);
    expect(res.status).toBe(404);
    expect(res.body).toEqual([message]);
    const me = await p.api.get('/api/v8/me');
    expect(me.body.data).toMatchObject({ fullname: 'Stays Same', timezone: 'UTC', date_format: 'MM/DD/YYYY', beginning_of_week: 1 });
  });

  it("refuses another user's e-mail address, changing nothing", async () => {
    const p = await createUser(t, { fullname: 'Keeps Address' });
    const other = await createUser(t);
    const res = await p.api.put('/api/v8/me', { user: { email: other.email.toUpperCase() } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(['user with this email already exists']);
    expect((await p.api.get('/api/v8/me')).body.data.email).toBe(p.email);
  });

  it('sets the default workspace only to one the user belongs to', async () => {
    const p = await createUser(t);
    const other = await createUser(t);
    const refused = await p.api.put('/api/v8/me', { user: { default_wid: other.workspaceId } });
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual(['Invalid default_workspace_id']);
    await addMember(t, other.workspaceId, p.user.id);
    const ok = await p.api.put('/api/v8/me', { user: { default_wid: other.workspaceId } });
    expect(ok.body.data.default_wid).toBe(other.workspaceId);
  });
});

describe('POST /reset_token', () => {
  it('answers the new token as a JSON string; the old one stops working', async () => {
    const p = await createUser(t);
    const res = await p.api.post('/api/v8/reset_token');
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body).not.toBe(p.token);
    expect((await call(t, 'GET', '/api/v8/me', { auth: { token: p.token } })).status).toBe(403);
    const me = await client(t, { token: res.body }).get('/api/v8/me');
    expect(me.body.data.api_token).toBe(res.body);
  });

  it('needs authentication', async () => {
    expect((await call(t, 'POST', '/api/v8/reset_token')).status).toBe(403);
  });
});

describe('POST /signups', () => {
  it('creates a user with a workspace, answering the v8 user with its API token', async () => {
    const res = await call(t, 'POST', '/api/v8/signups', {
      body: { user: { email: 'eight@example.com', password: 'StrongPassword', timezone: 'Etc/UTC', created_with: 'v8 test' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ email: 'eight@example.com', timezone: 'Etc/UTC', api_token: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(res.body.data.default_wid).toEqual(expect.any(Number));
    const me = await client(t, { email: 'eight@example.com', password: 'StrongPassword' }).get('/api/v8/workspaces');
    expect(me.body.map((w: { id: number }) => w.id)).toEqual([res.body.data.default_wid]);
  });

  it.each([
    [{ user: { email: 'bad', password: 'StrongPassword' } }, 'Invalid email'],
    [{ user: { email: 'short@example.com', password: '123' } }, 'Password should be at least 6 characters'],
    [{ user: { email: 'eight@example.com', password: 'StrongPassword' } }, 'user with this email already exists'],
    [{ email: 'unwrapped@example.com', password: 'StrongPassword' }, "user can't be blank"],
  ])('refuses %j with 404 and creates nobody', async (body, message) => {
    const before = await userCount();
    const res = await call(t, 'POST', '/api/v8/signups', { body });
    expect(res.status).toBe(404);
    expect(res.body).toEqual([message]);
    expect(await userCount()).toBe(before);
  });
});

describe('POST /signups limits', () => {
  it('shares the per-address signup limit, and a refused signup creates nobody', async () => {
    const limited = await buildTestApp({ SIGNUP_LIMIT_PER_HOUR: '1', TRUST_PROXY: 'true' });
    try {
      const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
      const signup = (email: string, ip: string) => call(limited, 'POST', '/api/v8/signups', { body: { user: { email, password: 'secret1' } }, ...from(ip) });
      expect((await signup('first@example.com', '192.0.2.10')).status).toBe(200);
      const refused = await signup('second@example.com', '192.0.2.10');
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('3600');
      expect(refused.body).toEqual([expect.stringMatching(/^Too many signups from this address/)]);
      expect(await limited.database.db.selectFrom('users').select('id').where('email', '=', 'second@example.com').execute()).toEqual([]);
      expect((await signup('second@example.com', '192.0.2.11')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('answers 403 when the server has closed signups', async () => {
    const closed = await buildTestApp({ SIGNUP: 'closed' });
    try {
      await createUser(closed);
      const res = await call(closed, 'POST', '/api/v8/signups', { body: { user: { email: 'late@example.com', password: 'secret1' } } });
      expect(res.status).toBe(403);
      expect(res.body).toEqual(['Signups are closed on this server']);
    } finally {
      await closed.close();
    }
  });
});
