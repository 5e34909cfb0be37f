import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUser, type TestUser } from '../helpers/factories.js';

// The worker as the server runs it: its own timers, woken by writes, never drained by hand.

let t: TestApp;
let owner: TestUser;
let closed = false;
const base = '/webhooks/api/v1';

/** A receiver that, while `hang` is set, reads each request and never answers it. */
const endpoint = { hang: false, received: [] as { at: number; json: any }[], waiting: [] as (() => void)[] };
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      endpoint.received.push({ at: Date.now(), json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      for (const w of endpoint.waiting.splice(0)) w();
      if (endpoint.hang) return;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  // A long poll: only wake() can make a delivery prompt.
  t = await buildTestApp({ WEBHOOKS_ALLOW_PRIVATE: 'true' }, { webhooks: { pollMs: 60_000 } });
  owner = await createUser(t);
  const res = await owner.api.post(`${base}/subscriptions/${owner.workspaceId}`, { url_callback: url, event_filters: [{ entity: 'time_entry', action: 'created' }], description: 'worker' });
  const id = res.body.subscription_id as number;
  const row = await t.database.db.selectFrom('webhook_subscriptions').select('validation_code').where('id', '=', id).executeTakeFirstOrThrow();
  expect((await owner.api.get(`${base}/validate/${owner.workspaceId}/${id}/${row.validation_code}`)).status).toBe(200);
});
afterAll(async () => {
  if (!closed) await t.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function nextRequest(ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no delivery arrived')), ms);
    endpoint.waiting.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function startEntry(description: string) {
  const res = await owner.api.post(`/api/v9/workspaces/${owner.workspaceId}/time_entries`, {
    description,
    start: new Date().toISOString(),
    duration: 60,
    created_with: 'test',
    workspace_id: owner.workspaceId,
  });
  expect(res.status, res.text).toBe(200);
}

const events = () => t.database.db.selectFrom('webhook_events').select(['status', 'failed_delivery_attempts']).orderBy('id').execute();

describe('the running worker', () => {
  it('delivers an event soon after its write, woken rather than polled', async () => {
    t.services.webhookDelivery.start();
    const arrived = nextRequest();
    const written = Date.now();
    await startEntry('on its own');
    await arrived;
    expect(endpoint.received.at(-1)!.json.payload.description).toBe('on its own');
    // Far below the 60 s poll: the write woke the worker.
    expect(endpoint.received.at(-1)!.at - written).toBeLessThan(2000);
    await expect.poll(async () => (await events()).at(-1)!.status).toBe('delivered');
  });

  it('stop() gives up a delivery in flight at once; the event stays pending and goes out after a restart', async () => {
    endpoint.hang = true;
    const arrived = nextRequest();
    await startEntry('slow endpoint');
    await arrived;
    const before = Date.now();
    await t.services.webhookDelivery.stop();
    // The attempt would have lasted WEBHOOKS_TIMEOUT_MS (10 s, the default shutdown timeout).
    expect(Date.now() - before).toBeLessThan(1000);
    expect((await events()).at(-1)).toEqual({ status: 'pending', failed_delivery_attempts: 0 });
    const claim = await t.database.db.selectFrom('webhook_subscriptions').select(['claimed_by', 'retry_at']).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
    expect(claim).toEqual({ claimed_by: null, retry_at: null });

    endpoint.hang = false;
    const again = nextRequest();
    t.services.webhookDelivery.start();
    await again;
    expect(endpoint.received.at(-1)!.json.payload.description).toBe('slow endpoint');
    await expect.poll(async () => (await events()).at(-1)!.status).toBe('delivered');
  });

  it('closing the app (shutdown) does not wait for a slow endpoint', async () => {
    endpoint.hang = true;
    const arrived = nextRequest();
    await startEntry('during shutdown');
    await arrived;
    const before = Date.now();
    closed = true;
    await t.close();
    expect(Date.now() - before).toBeLessThan(2000);
  });
});
