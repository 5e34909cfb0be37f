import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser } from '../../helpers/factories.js';
import { signedWith, startReceiver } from '../../helpers/webhook-receiver.js';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let admin: TestUser;
let stranger: TestUser;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const base = '/webhooks/api/v1';
let subs: string;

const MICROS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

beforeAll(async () => {
  t = await buildTestApp({ WEBHOOKS_ALLOW_PRIVATE: 'true' });
  owner = await createUser(t, { fullname: 'Olga Owner' });
  member = await createUser(t, { fullname: 'Mia Member' });
  admin = await createUser(t, { fullname: 'Ada Admin' });
  stranger = await createUser(t, { fullname: 'Sam Stranger' });
  await addMember(t, owner.workspaceId, member.user.id, { admin: false });
  await addMember(t, owner.workspaceId, admin.user.id, { admin: true });
  receiver = await startReceiver();
  subs = `${base}/subscriptions/${owner.workspaceId}`;
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

const subscriptionRows = () => t.database.db.selectFrom('webhook_subscriptions').selectAll().orderBy('id').execute();

/** Creates a subscription, first deleting the user's oldest when they are at the limit (tests make many). */
async function create(user: TestUser, extra: Record<string, unknown> = {}) {
  const live = await t.database.db
    .selectFrom('webhook_subscriptions')
    .select('id')
    .where('user_id', '=', user.user.id)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
  if (live.length >= 5) await t.database.db.updateTable('webhook_subscriptions').set({ deleted_at: Date.now() }).where('id', '=', live[0]!.id).execute();
  const res = await user.api.post(subs, {
    url_callback: receiver.url,
    event_filters: [{ entity: 'time_entry', action: '*' }],
    description: `hook ${Math.random()}`,
    ...extra,
  });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

describe('public operations', () => {
  it('GET /status answers OK without credentials', async () => {
    const res = await call(t, 'GET', `${base}/status`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'OK' });
  });

  it('GET /event_filters lists every entity with its actions', async () => {
    const res = await call(t, 'GET', `${base}/event_filters`);
    expect(res.status).toBe(200);
    expect(res.body.time_entry).toEqual(['created', 'updated', 'deleted']);
    expect(Object.keys(res.body).sort()).toEqual(['client', 'project', 'project_user', 'tag', 'task', 'time_entry', 'workspace', 'workspace_user']);
  });

  it('answers 401 with an empty body without credentials elsewhere', async () => {
    const res = await call(t, 'GET', subs);
    expect(res.status).toBe(401);
    expect(res.text).toBe('');
  });
});

describe('GET /limits/{workspace_id}', () => {
  it('answers the limits to members, 403 to outsiders', async () => {
    expect((await member.api.get(`${base}/limits/${owner.workspaceId}`)).body).toEqual({ max_events_per_webhook: 30, max_webhooks: 5 });
    expect((await stranger.api.get(`${base}/limits/${owner.workspaceId}`)).status).toBe(403);
  });
});

describe('POST /subscriptions/{workspace_id}', () => {
  it('creates an enabled, unvalidated subscription with a generated secret', async () => {
    const res = await owner.api.post(subs, {
      url_callback: receiver.url,
      event_filters: [
        { entity: 'project', action: 'created' },
        { entity: 'tag', action: '*' },
      ],
      enabled: true,
      description: 'My first Webhooks subscription',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      subscription_id: expect.any(Number),
      workspace_id: owner.workspaceId,
      user_id: owner.user.id,
      enabled: true,
      description: 'My first Webhooks subscription',
      event_filters: [
        { entity: 'project', action: 'created' },
        { entity: 'tag', action: '*' },
      ],
      url_callback: receiver.url,
      secret: expect.stringMatching(/^[0-9a-f]{32}$/),
      validated_at: null,
      has_pending_events: false,
      created_at: expect.stringMatching(MICROS),
      updated_at: expect.stringMatching(MICROS),
      deleted_at: null,
    });
  });

  it('keeps a secret given', async () => {
    expect((await create(owner, { secret: 'my-own-secret' })).secret).toBe('my-own-secret');
  });

  it.each([
    ['no URL', { url_callback: undefined }, 'URL callback is required'],
    ['a non-http URL', { url_callback: 'ftp://example.com/x' }, 'URL callback must use http or https'],
    ['a URL that is not one', { url_callback: 'not a url' }, 'URL callback is not a valid URL'],
    ['no filters', { event_filters: [] }, 'At least one event filter is required'],
    ['an unknown entity', { event_filters: [{ entity: 'invoice', action: '*' }] }, "Unknown event filter entity 'invoice'"],
    ['an unknown action', { event_filters: [{ entity: 'tag', action: 'archived' }] }, "Unknown event filter action 'archived' for entity 'tag'"],
    ['no description', { description: '  ' }, 'Description is required, at most 255 characters'],
    ['a secret with spaces', { secret: 'a b' }, 'Secret must be visible ASCII characters without spaces, at most 255'],
  ])('refuses %s with 400, creating nothing', async (_name, change, message) => {
    const before = await subscriptionRows();
    const body: Record<string, unknown> = { url_callback: receiver.url, event_filters: [{ entity: '*', action: '*' }], description: 'x', ...change };
    const res = await owner.api.post(subs, body);
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
    expect(await subscriptionRows()).toEqual(before);
  });

  it('refuses a body of the wrong type with 400', async () => {
    const res = await owner.api.post(subs, { url_callback: 5, event_filters: 'all' });
    expect(res.status).toBe(400);
  });

  it('answers 403 to outsiders', async () => {
    const res = await stranger.api.post(subs, { url_callback: receiver.url, event_filters: [{ entity: '*', action: '*' }], description: 'x' });
    expect(res.status).toBe(403);
  });

  it('allows 5 subscriptions per user and workspace', async () => {
    const mine = (await member.api.get(subs)).body.length;
    for (let i = mine; i < 5; i++) await create(member);
    const res = await member.api.post(subs, { url_callback: receiver.url, event_filters: [{ entity: '*', action: '*' }], description: 'sixth' });
    expect(res.status).toBe(400);
    expect(res.body).toBe('Maximum number of webhook subscriptions (5) per user and workspace reached');
    // Another user still may.
    await create(admin);
  });
});

describe('callback addresses', () => {
  let strict: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    strict = await buildTestApp();
    user = await createUser(strict);
  });
  afterAll(async () => strict.close());

  it.each(['http://127.0.0.1:9/x', 'http://localhost/x', 'http://10.1.2.3/x', 'http://169.254.169.254/latest', 'http://[::1]/x', 'http://[::ffff:127.0.0.1]/x'])(
    'refuses %s unless WEBHOOKS_ALLOW_PRIVATE',
    async (url) => {
      const res = await user.api.post(`${base}/subscriptions/${user.workspaceId}`, { url_callback: url, event_filters: [{ entity: '*', action: '*' }], description: 'x' });
      expect(res.status).toBe(400);
      expect(res.body).toBe('URL callback must not point at a private, loopback or link-local address');
    },
  );
});

describe('GET /subscriptions/{workspace_id}', () => {
  it('lists a member their own subscriptions, an admin everyone’s without others’ secrets', async () => {
    const mine = await member.api.get(subs);
    expect(mine.status).toBe(200);
    expect(mine.body.every((s: { user_id: number }) => s.user_id === member.user.id)).toBe(true);
    const all = await admin.api.get(subs);
    const users = new Set(all.body.map((s: { user_id: number }) => s.user_id));
    expect(users).toEqual(new Set([owner.user.id, member.user.id, admin.user.id]));
    for (const s of all.body) expect(s.secret === null).toBe(s.user_id !== admin.user.id);
  });

  it('answers 403 to outsiders', async () => {
    expect((await stranger.api.get(subs)).status).toBe(403);
  });
});

describe('PUT, PATCH and DELETE /subscriptions/{workspace_id}/{subscription_id}', () => {
  it('replaces the settings; a new URL must be validated again', async () => {
    const s = await create(owner);
    await t.database.db.updateTable('webhook_subscriptions').set({ validated_at: Date.now() }).where('id', '=', s.subscription_id).execute();
    const same = await owner.api.put(`${subs}/${s.subscription_id}`, { url_callback: receiver.url, event_filters: [{ entity: '*', action: '*' }], description: 'renamed' });
    expect(same.status, same.text).toBe(200);
    expect(same.body).toMatchObject({ description: 'renamed', event_filters: [{ entity: '*', action: '*' }], secret: s.secret, validated_at: expect.stringMatching(MICROS) });
    const moved = await owner.api.put(`${subs}/${s.subscription_id}`, {
      url_callback: receiver.url + '?moved',
      event_filters: [{ entity: '*', action: '*' }],
      description: 'moved',
      secret: 'new secret string'.replace(/ /g, '-'),
    });
    expect(moved.body).toMatchObject({ url_callback: receiver.url + '?moved', validated_at: null, secret: 'new-secret-string' });
  });

  it('lets an admin change a member’s subscription, not a member someone else’s', async () => {
    const s = await create(owner);
    const body = { url_callback: receiver.url, event_filters: [{ entity: 'client', action: 'created' }], description: 'by admin' };
    const byMember = await member.api.put(`${subs}/${s.subscription_id}`, body);
    expect(byMember.status).toBe(404);
    expect(byMember.body).toBe('Subscription not found');
    const byAdmin = await admin.api.put(`${subs}/${s.subscription_id}`, body);
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body).toMatchObject({ description: 'by admin', user_id: owner.user.id, secret: null });
    expect((await stranger.api.put(`${subs}/${s.subscription_id}`, body)).status).toBe(403);
    expect((await owner.api.put(`${subs}/999999`, body)).status).toBe(404);
  });

  it('PATCH turns a subscription off and on', async () => {
    const s = await create(owner);
    const off = await owner.api.patch(`${subs}/${s.subscription_id}`, { enabled: false });
    expect(off.status).toBe(200);
    expect(off.body.enabled).toBe(false);
    expect((await owner.api.patch(`${subs}/${s.subscription_id}`, { enabled: true })).body.enabled).toBe(true);
    const bad = await owner.api.patch(`${subs}/${s.subscription_id}`, {});
    expect(bad.status).toBe(400);
    expect(bad.body).toBe('enabled must be true or false');
    expect((await member.api.patch(`${subs}/${s.subscription_id}`, { enabled: false })).status).toBe(404);
  });

  it('DELETE answers the deleted subscription, which is gone afterwards', async () => {
    const s = await create(owner);
    const res = await owner.api.delete(`${subs}/${s.subscription_id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ subscription_id: s.subscription_id, deleted_at: expect.stringMatching(MICROS) });
    expect((await owner.api.get(subs)).body.some((x: { subscription_id: number }) => x.subscription_id === s.subscription_id)).toBe(false);
    expect((await owner.api.delete(`${subs}/${s.subscription_id}`)).status).toBe(404);
    expect((await stranger.api.delete(`${subs}/${s.subscription_id}`)).status).toBe(403);
  });
});

describe('validation', () => {
  it('a ping answered with the validation code validates the subscription (synchronous)', async () => {
    const s = await create(admin, { secret: 'ping-secret' });
    receiver.answerWith((r) => ({ status: 200, body: JSON.stringify({ validation_code: r.json?.validation_code }) }));
    try {
      const res = await admin.api.post(`${base}/ping/${owner.workspaceId}/${s.subscription_id}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual({ status: 'OK' });
    } finally {
      receiver.answerWith(() => ({ status: 200, body: '{}' }));
    }
    const ping = receiver.received.at(-1)!;
    expect(signedWith(ping, 'ping-secret')).toBe(true);
    expect(ping.headers['content-type']).toBe('application/json');
    expect(ping.json).toEqual({
      event_id: 0,
      created_at: expect.any(String),
      creator_id: admin.user.id,
      metadata: { request_type: 'POST', event_user_id: String(admin.user.id) },
      payload: 'ping',
      subscription_id: s.subscription_id,
      timestamp: expect.any(String),
      url_callback: receiver.url,
      validation_code: expect.stringMatching(/^[0-9a-f]{32}$/),
      validation_code_url: expect.stringContaining(`/webhooks/api/v1/validate/${owner.workspaceId}/${s.subscription_id}/`),
    });
    const after = (await admin.api.get(subs)).body.find((x: { subscription_id: number }) => x.subscription_id === s.subscription_id);
    expect(after.validated_at).toMatch(MICROS);
    // Once validated, a ping carries no code.
    await admin.api.post(`${base}/ping/${owner.workspaceId}/${s.subscription_id}`);
    expect(receiver.received.at(-1)!.json.validation_code).toBeUndefined();
  });

  it('a ping not answered with the code leaves the subscription unvalidated; a failing endpoint is a 400', async () => {
    const s = await create(owner, { enabled: false });
    expect((await owner.api.post(`${base}/ping/${owner.workspaceId}/${s.subscription_id}`)).status).toBe(200);
    const row = (await subscriptionRows()).find((r) => r.id === s.subscription_id)!;
    expect(row.validated_at).toBeNull();
    receiver.answerWith(() => ({ status: 500 }));
    try {
      const res = await owner.api.post(`${base}/ping/${owner.workspaceId}/${s.subscription_id}`);
      expect(res.status).toBe(400);
      expect(res.body).toBe('Ping failed: HTTP 500');
    } finally {
      receiver.answerWith(() => ({ status: 200, body: '{}' }));
    }
    expect((await member.api.post(`${base}/ping/${owner.workspaceId}/${s.subscription_id}`)).status).toBe(404);
    expect((await stranger.api.post(`${base}/ping/${owner.workspaceId}/${s.subscription_id}`)).status).toBe(403);
  });

  it('the validate URL validates without credentials (asynchronous); a wrong code is a 400', async () => {
    const s = await create(owner);
    const row = (await subscriptionRows()).find((r) => r.id === s.subscription_id)!;
    const wrong = await call(t, 'GET', `${base}/validate/${owner.workspaceId}/${s.subscription_id}/${'0'.repeat(32)}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toBe('Invalid validation code');
    const ok = await call(t, 'GET', `${base}/validate/${owner.workspaceId}/${s.subscription_id}/${row.validation_code}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('OK');
    expect((await subscriptionRows()).find((r) => r.id === s.subscription_id)!.validated_at).not.toBeNull();
  });
});

describe('GET /subscriptions/{workspace_id}/{subscription_id}/events', () => {
  it('answers the delivery log, empty at first; not to others', async () => {
    const s = await create(owner);
    const res = await owner.api.get(`${subs}/${s.subscription_id}/events`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ total: 0, events: [] });
    expect((await member.api.get(`${subs}/${s.subscription_id}/events`)).status).toBe(404);
    expect((await stranger.api.get(`${subs}/${s.subscription_id}/events`)).status).toBe(403);
  });
});
