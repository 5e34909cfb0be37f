import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LAST_SEEN_INTERVAL_MS, LastSeen } from '../../../src/domain/users/last-seen.js';
import { UsersRepository } from '../../../src/domain/users/users.repository.js';
import { clock } from '../../../src/time.js';
import { buildTestApp, call, type Credentials, type TestApp } from '../../helpers/app.js';
import { createUser } from '../../helpers/factories.js';

describe('LastSeen', () => {
  it('writes a user at most once per interval, each user on their own', () => {
    const writes: [number, number][] = [];
    const seen = new LastSeen(async (id, at) => void writes.push([id, at]), 1000);
    seen.seen(1, 10_000);
    seen.seen(1, 10_500);
    seen.seen(2, 10_600);
    seen.seen(1, 10_999);
    seen.seen(1, 11_000);
    expect(writes).toEqual([
      [1, 10_000],
      [2, 10_600],
      [1, 11_000],
    ]);
  });

  it('does not wait for the write, and a failing write fails nothing', async () => {
    let finish: () => void = () => undefined;
    const slow = new LastSeen(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(slow.seen(1, 1)).toBeUndefined();
    finish();
    const failing = new LastSeen(() => Promise.reject(new Error('database gone')));
    expect(() => failing.seen(1, 1)).not.toThrow();
    const throwing = new LastSeen(() => {
      throw new Error('database gone');
    });
    expect(() => throwing.seen(1, 1)).not.toThrow();
    await new Promise((r) => setImmediate(r));
  });

  it("writes outside the request's async context, so it never holds the request's connection", async () => {
    const request = new AsyncLocalStorage<string>();
    const stores: (string | undefined)[] = [];
    const seen = new LastSeen(async () => void stores.push(request.getStore()));
    request.run('request', () => seen.seen(1, 1));
    await new Promise((r) => setImmediate(r));
    expect(stores).toEqual([undefined]);
  });

  it('remembers a bounded number of users, forgetting the longest-written first', () => {
    const writes: number[] = [];
    const seen = new LastSeen(async (id) => void writes.push(id), 1000, 2);
    seen.seen(1, 0);
    seen.seen(2, 1);
    seen.seen(3, 2); // forgets 1
    seen.seen(2, 3);
    seen.seen(1, 4);
    expect(writes).toEqual([1, 2, 3, 1]);
  });
});

describe('last seen through authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0' });
  });
  afterAll(async () => t.close());
  afterEach(() => vi.restoreAllMocks());

  const row = async (id: number) =>
    t.database.db.selectFrom('users').select(['last_seen_at', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();

  /** The write is not awaited by the request; give it a moment to land. */
  async function settled(id: number, expected: number | null) {
    for (let i = 0; i < 50 && (await row(id)).last_seen_at !== expected; i++) await new Promise((r) => setTimeout(r, 10));
    return (await row(id)).last_seen_at;
  }

  it.each<[string, (u: Awaited<ReturnType<typeof createUser>>, cookie: string) => Credentials]>([
    ['API token', (u) => ({ token: u.token })],
    ['e-mail and password', (u) => ({ email: u.email, password: u.password })],
    ['session cookie', (_u, cookie) => ({ cookie })],
  ])('is recorded on the first request with %s, then not again within the interval', async (_what, credential) => {
    const u = await createUser(t);
    const login = await call(t, 'POST', '/api/v9/me/sessions', { auth: { email: u.email, password: u.password } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const writes = vi.spyOn(UsersRepository.prototype, 'recordLastSeen');
    const start = Date.now() + 60 * 60_000;
    const now = vi.spyOn(clock, 'now').mockReturnValue(start);
    // The login above was seen at the real time; an hour later is past the interval.
    const before = (await row(u.user.id)).updated_at;

    for (let i = 0; i < 5; i++) expect((await call(t, 'GET', '/api/v9/me', { auth: credential(u, cookie) })).status).toBe(200);
    expect(await settled(u.user.id, start)).toBe(start);
    expect(writes).toHaveBeenCalledTimes(1);
    expect((await row(u.user.id)).updated_at).toBe(before);

    now.mockReturnValue(start + LAST_SEEN_INTERVAL_MS - 1);
    expect((await call(t, 'GET', '/api/v8/me', { auth: credential(u, cookie) })).status).toBe(200);
    expect(writes).toHaveBeenCalledTimes(1);

    now.mockReturnValue(start + LAST_SEEN_INTERVAL_MS);
    expect((await call(t, 'GET', '/api/v9/me', { auth: credential(u, cookie) })).status).toBe(200);
    expect(await settled(u.user.id, start + LAST_SEEN_INTERVAL_MS)).toBe(start + LAST_SEEN_INTERVAL_MS);
    expect(writes).toHaveBeenCalledTimes(2);
  });

  it('is not recorded for a refused credential, and a failing write does not fail the request', async () => {
    const u = await createUser(t);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { email: u.email, password: 'wrong-password' } })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 50));
    expect((await row(u.user.id)).last_seen_at).toBeNull();

    vi.spyOn(UsersRepository.prototype, 'recordLastSeen').mockRejectedValue(new Error('disk full'));
    expect((await call(t, 'GET', '/api/v9/me', { auth: { token: u.token } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect((await row(u.user.id)).last_seen_at).toBeNull();
  });

  it('shows in the operator listing', async () => {
    const u = await createUser(t);
    const at = Date.now() + 2 * 60 * 60_000;
    vi.spyOn(clock, 'now').mockReturnValue(at);
    expect((await call(t, 'GET', '/api/v9/me', { auth: { token: u.token } })).status).toBe(200);
    await settled(u.user.id, at);
    const listed = (await t.services.users.listForOperator()).find((r) => r.id === u.user.id);
    expect(listed?.last_seen_at).toBe(at);
  });
});
