import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { WebhookOverrides } from '../../src/container.js';
import { openSqlite, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrations/index.js';
import { WebhookEventsRepository } from '../../src/domain/webhooks/webhook-events.repository.js';
import { openSharedTestDatabases, type TestApp } from '../helpers/app.js';
import { createUser, type TestUser } from '../helpers/factories.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const base = '/webhooks/api/v1';

/** One Stint instance on a database that outlives it. */
async function instance(database: Database, webhooks: WebhookOverrides = {}): Promise<TestApp> {
  const config = loadConfig({ WEBHOOKS_ALLOW_PRIVATE: 'true' });
  const { app, services, routes } = await buildApp({ config, database, logger: false, webhooks });
  await app.ready();
  return { app, services, routes, database, config, close: async () => void (await app.close()) };
}

/** Databases shared by instances: a SQLite file, or one PostgreSQL schema through several pools. */
async function sharedDatabases(count: number): Promise<{ open(i: number): Database; drop(): Promise<void> }> {
  if (onPostgres) {
    const { databases, drop } = await openSharedTestDatabases(count);
    return { open: (i) => databases[i]!, drop };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stint-webhooks-'));
  const file = path.join(dir, 'stint.sqlite');
  const opened: Database[] = [];
  const first = openSqlite(file);
  await migrateToLatest(first.db, 'sqlite');
  await first.close();
  return {
    open: () => {
      const d = openSqlite(file);
      opened.push(d);
      return d;
    },
    drop: async () => {
      for (const d of opened) await d.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function validatedSubscription(t: TestApp, user: TestUser, url: string): Promise<number> {
  const res = await user.api.post(`${base}/subscriptions/${user.workspaceId}`, { url_callback: url, event_filters: [{ entity: 'time_entry', action: '*' }], description: 'hook' });
  expect(res.status, res.text).toBe(200);
  const id = res.body.subscription_id as number;
  await t.database.db.updateTable('webhook_subscriptions').set({ validated_at: Date.now() }).where('id', '=', id).execute();
  t.services.webhookEvents.invalidate(user.workspaceId);
  return id;
}

async function addEntry(user: TestUser, description: string) {
  const res = await user.api.post(`/api/v9/workspaces/${user.workspaceId}/time_entries`, {
    description,
    start: new Date(Date.now() - 3600_000).toISOString(),
    duration: 60,
    created_with: 'test',
    workspace_id: user.workspaceId,
  });
  expect(res.status, res.text).toBe(200);
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('webhook outbox across restarts and instances', () => {
  it('an event written just before the process stopped is delivered after a restart', async () => {
    const receiver = await startReceiver();
    cleanups.push(receiver.close);
    const shared = await sharedDatabases(2);
    cleanups.push(shared.drop);

    const first = await instance(shared.open(0));
    const user = await createUser(first);
    await validatedSubscription(first, user, receiver.url);
    await addEntry(user, 'before the crash');
    // The first instance goes away without delivering anything.
    await first.close();
    expect(receiver.received).toHaveLength(0);

    const second = await instance(shared.open(1));
    cleanups.push(second.close);
    second.services.webhookDelivery.start();
    await until(() => receiver.received.length === 1);
    await second.services.webhookDelivery.stop();
    expect(receiver.received[0]!.json.payload.description).toBe('before the crash');
  });

  it('a claim left by an instance that died mid-delivery is taken over once its lease expires', async () => {
    const receiver = await startReceiver();
    cleanups.push(receiver.close);
    const shared = await sharedDatabases(1);
    cleanups.push(shared.drop);
    let now = Date.now();
    const t = await instance(shared.open(0), { now: () => now });
    cleanups.push(t.close);
    const user = await createUser(t);
    await validatedSubscription(t, user, receiver.url);
    await addEntry(user, 'orphaned');
    // Another instance claims the queue and dies.
    const repo = new WebhookEventsRepository(t.database.db, t.database.dialect);
    expect(await repo.claim(now, now + 15_000, 'dead-instance', 10)).toHaveLength(1);
    expect(await t.services.webhookDelivery.drain()).toBe(0);
    now += 16_000;
    expect(await t.services.webhookDelivery.drain()).toBe(1);
    expect(receiver.received.map((r) => r.json.payload.description)).toEqual(['orphaned']);
  });

  it.skipIf(!onPostgres)('two instances on one PostgreSQL deliver every event exactly once', async () => {
    const receiver = await startReceiver();
    cleanups.push(receiver.close);
    const shared = await sharedDatabases(2);
    cleanups.push(shared.drop);
    const a = await instance(shared.open(0));
    const b = await instance(shared.open(1));
    cleanups.push(a.close, b.close);
    const users = [await createUser(a), await createUser(a), await createUser(a)];
    for (const u of users) await validatedSubscription(a, u, receiver.url);
    b.services.webhookEvents.invalidate(0);
    for (let i = 0; i < 10; i++) for (const u of users) await addEntry(u, `entry ${i}`);
    for (let round = 0; round < 20; round++) {
      const [x, y] = await Promise.all([a.services.webhookDelivery.runOnce(), b.services.webhookDelivery.runOnce()]);
      if (x + y === 0) break;
    }
    const ids = receiver.received.map((r) => r.json.event_id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    // In order per subscription.
    for (const u of users) {
      const mine = receiver.received.filter((r) => r.json.creator_id === u.user.id).map((r) => r.json.payload.description);
      expect(mine).toEqual(Array.from({ length: 10 }, (_, i) => `entry ${i}`));
    }
  });
});
