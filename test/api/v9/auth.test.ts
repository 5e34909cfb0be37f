import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, client, type TestApp } from '../../helpers/app.js';
import { createUser } from '../../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

describe('signup', () => {
  it('creates a user, an organization they own and a workspace they administer, and answers like GET /me', async () => {
    const res = await call(t, 'POST', '/api/v9/signup', { body: { email: 'New.Person@Example.com', password: 'hunter22', fullname: 'New Person', timezone: 'Europe/Tallinn' } });
    expect(res.status).toBe(200);
    expect(res.body.email).toBe('New.Person@Example.com');
    expect(res.body.api_token).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.timezone).toBe('Europe/Tallinn');
    expect(res.body.has_password).toBe(true);
    const me = await call(t, 'GET', '/api/v9/me', { auth: { token: res.body.api_token } });
    expect(me.status).toBe(200);
    expect(me.body).toEqual(res.body);
    const orgs = await call(t, 'GET', '/api/v9/me/organizations', { auth: { token: res.body.api_token } });
    expect(orgs.body).toHaveLength(1);
    expect(orgs.body[0]).toMatchObject({ owner: true, admin: true, user_count: 1 });
    const ws = await call(t, 'GET', '/api/v9/me/workspaces', { auth: { token: res.body.api_token } });
    expect(ws.body).toHaveLength(1);
    expect(ws.body[0]).toMatchObject({ id: res.body.default_workspace_id, admin: true, organization_id: orgs.body[0].id });
  });

  it('treats e-mail as case-insensitive and unique', async () => {
    await call(t, 'POST', '/api/v9/signup', { body: { email: 'dup@example.com', password: 'secret1' } });
    const again = await call(t, 'POST', '/api/v9/signup', { body: { email: 'DUP@example.com', password: 'secret1' } });
    expect(again.status).toBe(400);
    expect(again.body).toBe('user with this email already exists');
  });

  it.each([
    [{ email: 'not-an-email', password: 'secret1' }, 'Invalid email'],
    [{ email: 'short@example.com', password: '12345' }, 'Password should be at least 6 characters'],
    [{ email: 'tz@example.com', password: 'secret1', timezone: 'Mars/Olympus' }, 'Invalid timezone'],
  ])('refuses %j with %s', async (body, message) => {
    const before = await t.database.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await call(t, 'POST', '/api/v9/signup', { body });
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
    const after = await t.database.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('answers 400 for missing fields and wrong types', async () => {
    const missing = await call(t, 'POST', '/api/v9/signup', { body: { email: 'x@example.com' } });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatch(/password/);
    const wrongType = await call(t, 'POST', '/api/v9/signup', { body: { email: 'x@example.com', password: 123456 } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toMatch(/password/);
  });
});

describe('closed signup', () => {
  it('lets only the very first user sign up', async () => {
    const closed = await buildTestApp({ SIGNUP: 'closed' });
    try {
      const first = await call(closed, 'POST', '/api/v9/signup', { body: { email: 'owner@example.com', password: 'secret1' } });
      expect(first.status).toBe(200);
      const second = await call(closed, 'POST', '/api/v9/signup', { body: { email: 'other@example.com', password: 'secret1' } });
      expect(second.status).toBe(403);
      expect(typeof second.body).toBe('string');
    } finally {
      await closed.close();
    }
  });
});

describe('authentication', () => {
  it('accepts email:password and token:api_token, and refuses wrong credentials with an empty 401', async () => {
    const u = await createUser(t);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { email: u.email, password: u.password } })).status).toBe(200);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { email: u.email.toUpperCase(), password: u.password } })).status).toBe(200);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { token: u.token } })).status).toBe(200);
    for (const auth of [
      { email: u.email, password: 'wrong-password' },
      { email: 'nobody@example.com', password: u.password },
      { token: 'ffffffffffffffffffffffffffffffff' },
      { authorization: 'Bearer something' },
      { authorization: 'Basic !!!' },
      null,
    ]) {
      const res = await call(t, 'GET', '/api/v9/me', { auth });
      expect(res.status).toBe(401);
      expect(res.text).toBe('');
    }
  });

  it('protects every API route, not only /me', async () => {
    for (const url of ['/api/v9/me/workspaces', '/api/v9/me/organizations', '/api/v9/workspaces/1', '/api/v9/organizations/1/users']) {
      expect((await call(t, 'GET', url)).status).toBe(401);
    }
  });

  it('keeps a cookie session until logout', async () => {
    const u = await createUser(t);
    const login = await call(t, 'POST', '/api/v9/me/sessions', { auth: { email: u.email, password: u.password } });
    expect(login.status).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const cookie = setCookie.split(';')[0]!;
    const me = await call(t, 'GET', '/api/v9/me', { auth: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(u.user.id);
    const logout = await call(t, 'DELETE', '/api/v9/me/sessions', { auth: { cookie } });
    expect(logout.status).toBe(200);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { cookie } })).status).toBe(401);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { cookie: 'timer_session=forged-value-that-is-long-enough' } })).status).toBe(401);
  });

  it('resets the API token: the new one works, the old one stops at once', async () => {
    const u = await createUser(t);
    const res = await call(t, 'POST', '/api/v9/me/reset_token', { auth: { token: u.token } });
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body).not.toBe(u.token);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { token: u.token } })).status).toBe(401);
    const me = await call(t, 'GET', '/api/v9/me', { auth: { token: res.body } });
    expect(me.status).toBe(200);
    expect(me.body.api_token).toBe(res.body);
  });

  it('stores passwords as scrypt hashes and tokens only findable by their hash', async () => {
    const u = await createUser(t);
    const row = await t.database.db.selectFrom('users').selectAll().where('id', '=', u.user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain(u.password);
    expect(row.api_token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('GET /me/logged answers 200 for a valid credential', async () => {
    const u = await createUser(t);
    const res = await client(t, { token: u.token }).get('/api/v9/me/logged');
    expect(res.status).toBe(200);
  });
});
