import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../../helpers/app.js';
import { createUser, type TestUser } from '../../helpers/factories.js';

/** Toggl Accounts ids are 22 characters of shortuuid's alphabet, like real Toggl's. */
const ACCOUNTS_ID = /^[2-9A-HJ-NP-Za-km-z]{22}$/;

let t: TestApp;
let u: TestUser;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

describe('GET /me', () => {
  it('returns every field, with related lists null unless asked for', async () => {
    u = await createUser(t, { fullname: 'Mary Major' });
    const res = await u.api.get('/api/v9/me');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: u.user.id, email: u.email, fullname: 'Mary Major', default_workspace_id: u.workspaceId, beginning_of_week: 1 });
    for (const key of ['clients', 'projects', 'tags', 'tasks', 'time_entries', 'workspaces']) expect(res.body[key]).toBeNull();
    expect(res.body.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('answers the fields real Toggl adds: no Intercom hash, a stable 22-character Toggl Accounts id', async () => {
    const res = await u.api.get('/api/v9/me');
    expect(res.body.intercom_hash).toBeNull();
    expect(res.body.toggl_accounts_id).toMatch(ACCOUNTS_ID);
    expect(res.body).not.toHaveProperty('toggl_accounts_updated_at');
    expect((await u.api.get('/api/v9/me')).body.toggl_accounts_id).toBe(res.body.toggl_accounts_id);
    const other = await createUser(t);
    expect((await other.api.get('/api/v9/me')).body.toggl_accounts_id).not.toBe(res.body.toggl_accounts_id);
  });

  it('fills related data with with_related_data=true', async () => {
    const plain = (await u.api.get('/api/v9/me')).body;
    const res = await u.api.get('/api/v9/me?with_related_data=true');
    expect(res.status).toBe(200);
    expect(res.body.intercom_hash).toBeNull();
    expect(res.body.toggl_accounts_id).toBe(plain.toggl_accounts_id);
    expect(res.body.workspaces).toHaveLength(1);
    expect(res.body.workspaces[0].id).toBe(u.workspaceId);
    expect(res.body.workspaces[0]).toMatchObject({ only_admins_see_billable_rates: false, profile: 102, server_deleted_at: null });
  });

  it('POST /me/sessions answers the same Me as GET /me', async () => {
    const login = await call(t, 'POST', '/api/v9/me/sessions', { auth: { email: u.email, password: u.password } });
    expect(login.status).toBe(200);
    expect(login.body).toEqual((await u.api.get('/api/v9/me')).body);
  });

  it('refuses a non-boolean with_related_data', async () => {
    const res = await u.api.get('/api/v9/me?with_related_data=maybe');
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/with_related_data/);
  });
});

describe('PUT /me', () => {
  it('updates profile fields', async () => {
    const before = (await u.api.get('/api/v9/me')).body;
    const res = await u.api.put('/api/v9/me', { fullname: 'Mary Minor', timezone: 'America/New_York', beginning_of_week: 0, country_id: 70 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ fullname: 'Mary Minor', timezone: 'America/New_York', beginning_of_week: 0, country_id: 70 });
    // As real Toggl's PUT answer: the Toggl Accounts id and its update time, no Intercom hash.
    expect(res.body.toggl_accounts_id).toBe(before.toggl_accounts_id);
    expect(res.body.toggl_accounts_updated_at).toBe(res.body.updated_at);
    expect(res.body).not.toHaveProperty('intercom_hash');
    expect((await u.api.get('/api/v9/me')).body.fullname).toBe('Mary Minor');
  });

  it.each([
    [{ beginning_of_week: 7 }, 'Invalid beginning_of_week'],
    [{ country_id: -3 }, 'Invalid country_id'],
    [{ default_workspace_id: 999999 }, 'Invalid default_workspace_id'],
    [{ email: 'nope' }, 'Invalid email'],
    [{ fullname: '   ' }, 'Invalid fullname'],
    [{ timezone: 'Nowhere/Land' }, 'Invalid timezone'],
    [{ password: 'newpassword' }, 'Current password must be present to change password'],
    [{ password: 'newpassword', current_password: 'wrong-one' }, 'Current password is not valid'],
  ])('refuses %j with "%s" and changes nothing', async (body, message) => {
    const before = (await u.api.get('/api/v9/me')).body;
    const res = await u.api.put('/api/v9/me', body);
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
    expect((await u.api.get('/api/v9/me')).body).toEqual(before);
  });

  it('refuses a too-short new password', async () => {
    const res = await u.api.put('/api/v9/me', { password: '123', current_password: u.password });
    expect(res.status).toBe(400);
    expect(res.body).toBe('Password should be at least 6 characters');
  });

  it("refuses another user's e-mail", async () => {
    const other = await createUser(t);
    const res = await u.api.put('/api/v9/me', { email: other.email.toUpperCase() });
    expect(res.status).toBe(400);
    expect(res.body).toBe('user with this email already exists');
  });

  it('refuses a workspace the user is not a member of as default', async () => {
    const other = await createUser(t);
    const res = await u.api.put('/api/v9/me', { default_workspace_id: other.workspaceId });
    expect(res.status).toBe(400);
    expect(res.body).toBe('Invalid default_workspace_id');
  });

  it('changes the password when the current one is given', async () => {
    const res = await u.api.put('/api/v9/me', { password: 'brand-new-secret', current_password: u.password });
    expect(res.status).toBe(200);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { email: u.email, password: u.password } })).status).toBe(401);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { email: u.email, password: 'brand-new-secret' } })).status).toBe(200);
    u.password = 'brand-new-secret';
  });

  it('answers 400 on wrong JSON types', async () => {
    const res = await u.api.put('/api/v9/me', { beginning_of_week: 'monday' });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/beginning_of_week/);
  });
});

describe('me sub-resources', () => {
  it('GET /me/features lists features per workspace', async () => {
    const res = await u.api.get('/api/v9/me/features');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([expect.objectContaining({ workspace_id: u.workspaceId })]);
    expect(res.body[0].features.length).toBeGreaterThan(0);
  });

  it('GET /me/location answers an empty location (no geolocation data)', async () => {
    const res = await u.api.get('/api/v9/me/location');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
  });

  it('GET /me/workspaces honours since', async () => {
    const future = Math.floor(Date.now() / 1000) + 3600;
    expect((await u.api.get(`/api/v9/me/workspaces?since=${future}`)).body).toEqual([]);
    const listed = (await u.api.get('/api/v9/me/workspaces?since=0')).body;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ only_admins_see_billable_rates: false, profile: 102, server_deleted_at: null });
  });

  it('preferences: defaults, then stored values; unknown keys and wrong types refused', async () => {
    const initial = await u.api.get('/api/v9/me/preferences');
    expect(initial.status).toBe(200);
    expect(initial.body.date_format).toBe('MM/DD/YYYY');
    const set = await u.api.post('/api/v9/me/preferences', { date_format: 'YYYY-MM-DD', pomodoro_enabled: true });
    expect(set.status).toBe(200);
    const after = await u.api.get('/api/v9/me/preferences');
    expect(after.body).toMatchObject({ date_format: 'YYYY-MM-DD', pomodoro_enabled: true });
    const web = await u.api.get('/api/v9/me/preferences/web');
    expect(web.body.date_format).toBe('YYYY-MM-DD');
    const setWeb = await u.api.post('/api/v9/me/preferences/web', { timeofday_format: 'H:mm' });
    expect(setWeb.status).toBe(200);
    expect((await u.api.post('/api/v9/me/preferences', { no_such_preference: 1 })).status).toBe(400);
    expect((await u.api.post('/api/v9/me/preferences', { pomodoro_enabled: 'yes' })).status).toBe(400);
    expect((await u.api.post('/api/v9/me/preferences', { toSAcceptNeeded: false })).status).toBe(400);
    expect((await u.api.get('/api/v9/me/preferences')).body.pomodoro_enabled).toBe(true);
  });
});
