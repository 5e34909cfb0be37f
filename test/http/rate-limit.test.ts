import { afterEach, describe, expect, it } from 'vitest';
import { call, client, type TestApp } from '../helpers/app.js';
import { createUser } from '../helpers/factories.js';
import { buildLimitedApp, manualClock } from '../helpers/limits.js';

const apps: TestApp[] = [];
afterEach(async () => {
  while (apps.length) await apps.pop()!.close();
});

async function limited(env: Record<string, string>, clock = manualClock()) {
  const t = await buildLimitedApp(env, { now: clock.now });
  apps.push(t);
  return { t, clock };
}

const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

describe('leaky bucket per credential per IP', () => {
  it('admits the burst, answers 429 with Retry-After, and admits again once a request has leaked out', async () => {
    const { t, clock } = await limited({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '3' });
    const u = await createUser(t);
    for (let i = 0; i < 3; i++) expect((await u.api.get('/api/v9/me')).status).toBe(200);
    const refused = await u.api.get('/api/v9/me');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(typeof refused.body).toBe('string');
    expect(refused.body).toMatch(/Too many requests/);
    clock.advance(999);
    expect((await u.api.get('/api/v9/me')).status).toBe(429);
    clock.advance(1);
    expect((await u.api.get('/api/v9/me')).status).toBe(200);
    expect((await u.api.get('/api/v9/me')).status).toBe(429);
  });

  it('applies nothing of a refused request', async () => {
    const { t } = await limited({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '1' });
    const u = await createUser(t, { fullname: 'Before' });
    expect((await u.api.get('/api/v9/me')).status).toBe(200);
    const res = await u.api.put('/api/v9/me', { fullname: 'After' });
    expect(res.status).toBe(429);
    const row = await t.database.db.selectFrom('users').select('fullname').where('id', '=', u.user.id).executeTakeFirstOrThrow();
    expect(row.fullname).toBe('Before');
  });

  it('gives two tokens from one IP separate buckets', async () => {
    const { t } = await limited({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '2' });
    const a = await createUser(t);
    const b = await createUser(t);
    for (let i = 0; i < 2; i++) expect((await a.api.get('/api/v9/me')).status).toBe(200);
    expect((await a.api.get('/api/v9/me')).status).toBe(429);
    for (let i = 0; i < 2; i++) expect((await b.api.get('/api/v9/me')).status).toBe(200);
    expect((await b.api.get('/api/v9/me')).status).toBe(429);
  });

  it('gives one token from two IPs separate buckets, reading the IP from X-Forwarded-For behind a trusted proxy', async () => {
    const { t } = await limited({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '2', TRUST_PROXY: 'true' });
    const u = await createUser(t);
    for (let i = 0; i < 2; i++) expect((await u.api.get('/api/v9/me', from('203.0.113.1'))).status).toBe(200);
    expect((await u.api.get('/api/v9/me', from('203.0.113.1'))).status).toBe(429);
    for (let i = 0; i < 2; i++) expect((await u.api.get('/api/v9/me', from('203.0.113.2'))).status).toBe(200);
    expect((await u.api.get('/api/v9/me', from('203.0.113.2'))).status).toBe(429);
  });

  it('ignores X-Forwarded-For when the proxy is not trusted, so a client cannot pick a fresh bucket', async () => {
    const { t } = await limited({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '2' });
    const u = await createUser(t);
    expect((await u.api.get('/api/v9/me', from('203.0.113.1'))).status).toBe(200);
    expect((await u.api.get('/api/v9/me', from('203.0.113.2'))).status).toBe(200);
    expect((await u.api.get('/api/v9/me', from('203.0.113.3'))).status).toBe(429);
  });

  it('keys password logins and tokens of the same user apart, as they are different credentials', async () => {
    const { t } = await limited({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '1' });
    const u = await createUser(t);
    expect((await u.api.get('/api/v9/me')).status).toBe(200);
    expect((await u.api.get('/api/v9/me')).status).toBe(429);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { email: u.email, password: u.password } })).status).toBe(200);
  });

  it('is off when the rate is 0', async () => {
    const { t } = await limited({ RATE_LIMIT_PER_SECOND: '0', RATE_LIMIT_BURST: '1' });
    const u = await createUser(t);
    for (let i = 0; i < 20; i++) expect((await u.api.get('/api/v9/me/id')).status).toBe(200);
  });

  it('leaves anonymous callers to the 401 and public routes alone', async () => {
    const { t } = await limited({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '1' });
    for (let i = 0; i < 5; i++) expect((await call(t, 'GET', '/api/v9/me')).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('hourly quota', () => {
  it('reports the figures on every response in X-Toggl-Quota-Remaining and X-Toggl-Quota-Resets-In', async () => {
    const { t, clock } = await limited({ QUOTA_PER_HOUR: '100' });
    const u = await createUser(t);
    const first = await u.api.get('/api/v9/me');
    expect(first.headers['x-toggl-quota-remaining']).toBe('99');
    expect(first.headers['x-toggl-quota-resets-in']).toBe('3600');
    clock.advance(600_000);
    const second = await u.api.get('/api/v9/me/organizations');
    expect(second.headers['x-toggl-quota-remaining']).toBe('98');
    expect(second.headers['x-toggl-quota-resets-in']).toBe('3000');
    // Requests at a workspace count against its organization, not against the /me quota.
    const ws = await u.api.get(`/api/v9/workspaces/${u.workspaceId}`);
    expect(ws.status).toBe(200);
    expect(ws.headers['x-toggl-quota-remaining']).toBe('99');
    expect(ws.headers['x-toggl-quota-resets-in']).toBe('3600');
    const org = await u.api.get(`/api/v9/organizations/${u.organizationId}`);
    expect(org.headers['x-toggl-quota-remaining']).toBe('98');
  });

  it('GET /me/quota lists each organization of the user and the quota outside any, without using it up', async () => {
    const { t, clock } = await limited({ QUOTA_PER_HOUR: '50' });
    const u = await createUser(t);
    const second = await u.api.post('/api/v9/organizations', { name: 'Second org', workspace_name: 'Second ws' });
    expect(second.status).toBe(200);
    await u.api.get(`/api/v9/workspaces/${second.body.workspace_id}`);
    clock.advance(60_000);
    const res = await u.api.get('/api/v9/me/quota');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { organization_id: u.organizationId, remaining: 50, resets_in_secs: 3600, total: 50 },
      { organization_id: second.body.id, remaining: 49, resets_in_secs: 3540, total: 50 },
      { organization_id: null, remaining: 49, resets_in_secs: 3540, total: 50 },
    ]);
    const again = await u.api.get('/api/v9/me/quota');
    expect(again.body[2].remaining).toBe(49);
    expect(again.headers['x-toggl-quota-remaining']).toBe('49');
  });

  it('counts requests at organizations the user is not in as outside any organization', async () => {
    const { t } = await limited({ QUOTA_PER_HOUR: '50' });
    const owner = await createUser(t);
    const stranger = await createUser(t);
    const res = await stranger.api.get(`/api/v9/workspaces/${owner.workspaceId}`);
    expect(res.status).toBe(403);
    const quota = await stranger.api.get('/api/v9/me/quota');
    expect(quota.body).toEqual([
      { organization_id: stranger.organizationId, remaining: 50, resets_in_secs: 3600, total: 50 },
      { organization_id: null, remaining: 49, resets_in_secs: 3600, total: 50 },
    ]);
  });

  it('when enforced, answers 402 once the quota is used up, as Toggl does, until the window resets', async () => {
    const { t, clock } = await limited({ QUOTA_PER_HOUR: '3' });
    const u = await createUser(t);
    for (let i = 0; i < 3; i++) expect((await u.api.get('/api/v9/me')).status).toBe(200);
    const refused = await u.api.put('/api/v9/me', { fullname: 'Changed' });
    expect(refused.status).toBe(402);
    expect(refused.body).toMatch(/hourly limit/);
    expect(refused.headers['retry-after']).toBe('3600');
    expect(refused.headers['x-toggl-quota-remaining']).toBe('0');
    const row = await t.database.db.selectFrom('users').select('fullname').where('id', '=', u.user.id).executeTakeFirstOrThrow();
    expect(row.fullname).toBe('Test User');
    // The organization's quota is a separate window.
    expect((await u.api.get(`/api/v9/workspaces/${u.workspaceId}`)).status).toBe(200);
    // Reading the quota still works, and says when it resets.
    const quota = await u.api.get('/api/v9/me/quota');
    expect(quota.status).toBe(200);
    clock.advance(3_600_000);
    expect((await u.api.get('/api/v9/me')).status).toBe(200);
  });

  it('when not enforced, never refuses and lets remaining go negative', async () => {
    const { t } = await limited({ QUOTA_PER_HOUR: '2', QUOTA_ENFORCE: 'false' });
    const u = await createUser(t);
    for (let i = 0; i < 4; i++) expect((await u.api.get('/api/v9/me/id')).status).toBe(200);
    const quota = await u.api.get('/api/v9/me/quota');
    expect(quota.body.find((q: { organization_id: number | null }) => q.organization_id === null).remaining).toBe(-2);
  });
});

describe('failed password logins', () => {
  it('after repeated failures for one e-mail answers 429 for a cooling-off period, even for the right password', async () => {
    const { t, clock } = await limited({ LOGIN_FAILURE_LIMIT: '3', LOGIN_FAILURE_WINDOW: '600' });
    const u = await createUser(t);
    const wrong = { email: u.email, password: 'not-the-password' };
    for (let i = 0; i < 3; i++) expect((await call(t, 'GET', '/api/v9/me', { auth: wrong })).status).toBe(401);
    const blocked = await call(t, 'POST', '/api/v9/me/sessions', { auth: { email: u.email.toUpperCase(), password: u.password } });
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe('600');
    expect(blocked.body).toMatch(/failed login attempts/);
    expect(blocked.headers['set-cookie']).toBeUndefined();
    // The API token is another credential and keeps working.
    expect((await u.api.get('/api/v9/me')).status).toBe(200);
    clock.advance(600_000);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { email: u.email, password: u.password } })).status).toBe(200);
  });

  it('forgets earlier failures of an e-mail once its owner logs in', async () => {
    const { t } = await limited({ LOGIN_FAILURE_LIMIT: '3' });
    const u = await createUser(t);
    const wrong = { email: u.email, password: 'not-the-password' };
    for (let i = 0; i < 2; i++) await call(t, 'GET', '/api/v9/me', { auth: wrong });
    expect((await call(t, 'GET', '/api/v9/me', { auth: { email: u.email, password: u.password } })).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await call(t, 'GET', '/api/v9/me', { auth: wrong })).status).toBe(401);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { email: u.email, password: u.password } })).status).toBe(200);
  });

  it('after repeated failures from one IP answers 429 to that IP only', async () => {
    const { t } = await limited({ LOGIN_FAILURE_LIMIT: '100', LOGIN_FAILURE_LIMIT_PER_IP: '3', TRUST_PROXY: 'true' });
    const u = await createUser(t);
    for (let i = 0; i < 3; i++) {
      const res = await call(t, 'GET', '/api/v9/me', { auth: { email: `guess-${i}@example.com`, password: 'guess' }, ...from('198.51.100.7') });
      expect(res.status).toBe(401);
    }
    const blocked = await call(t, 'GET', '/api/v9/me', { auth: { email: u.email, password: u.password }, ...from('198.51.100.7') });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { email: u.email, password: u.password }, ...from('198.51.100.8') })).status).toBe(200);
  });
});

describe('signup', () => {
  it('is limited per IP per hour, and a refused signup creates nothing', async () => {
    const { t, clock } = await limited({ SIGNUP_LIMIT_PER_HOUR: '2', TRUST_PROXY: 'true' });
    const signup = (email: string, ip: string) => call(t, 'POST', '/api/v9/signup', { body: { email, password: 'secret1' }, ...from(ip) });
    expect((await signup('one@example.com', '192.0.2.1')).status).toBe(200);
    expect((await signup('not-an-email', '192.0.2.1')).status).toBe(400);
    const refused = await signup('three@example.com', '192.0.2.1');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('3600');
    expect(typeof refused.body).toBe('string');
    const rows = await t.database.db.selectFrom('users').select('email').where('email', '=', 'three@example.com').execute();
    expect(rows).toHaveLength(0);
    expect((await signup('four@example.com', '192.0.2.2')).status).toBe(200);
    clock.advance(3_600_000);
    expect((await signup('three@example.com', '192.0.2.1')).status).toBe(200);
  });
});

describe('request size', () => {
  it('answers 413 with a JSON-string message for a 5 MiB body, before parsing it, and changes nothing', async () => {
    const { t } = await limited({});
    const u = await createUser(t, { fullname: 'Unchanged' });
    const huge = JSON.stringify({ fullname: 'x'.repeat(5 * 1024 * 1024) });
    const res = await client(t, { token: u.token }).put('/api/v9/me', undefined, { rawBody: huge });
    expect(res.status).toBe(413);
    expect(res.body).toBe('Request body is too large: the limit is 1048576 bytes');
    const row = await t.database.db.selectFrom('users').select('fullname').where('id', '=', u.user.id).executeTakeFirstOrThrow();
    expect(row.fullname).toBe('Unchanged');
  });

  it('refuses an oversized body even without credentials, before authenticating', async () => {
    const { t } = await limited({ BODY_LIMIT: '2048' });
    const res = await call(t, 'POST', '/api/v9/signup', { rawBody: JSON.stringify({ email: 'big@example.com', password: 'x'.repeat(4096) }) });
    expect(res.status).toBe(413);
    expect(res.body).toBe('Request body is too large: the limit is 2048 bytes');
  });
});

describe('readiness', () => {
  it('reports the in-memory store on /readyz when no Redis is configured', async () => {
    const { t } = await limited({});
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', rate_limits: 'memory' });
  });
});
