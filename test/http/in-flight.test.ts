import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { inFlight } from '../../src/http/in-flight.js';

describe('in-flight requests', () => {
  it('are waited for after close(), even when their client has hung up', async () => {
    const app = Fastify();
    await app.register(inFlight);
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    app.get('/slow', async () => {
      await gate;
      events.push('handler finished');
      return { ok: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;

    const req = http.get(`http://127.0.0.1:${port}/slow`);
    req.on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 50));
    req.destroy();
    await new Promise((r) => setTimeout(r, 20));

    await app.close();
    events.push('closed');
    const done = app.inFlightDone().then(() => events.push('in-flight done'));
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual(['closed']);
    release();
    await done;
    expect(events).toEqual(['closed', 'handler finished', 'in-flight done']);
  });

  it('resolve at once when nothing runs', async () => {
    const app = Fastify();
    await app.register(inFlight);
    app.get('/quick', async () => ({ ok: true }));
    expect((await app.inject({ method: 'GET', url: '/quick' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/missing' })).statusCode).toBe(404);
    await app.inFlightDone();
    await app.close();
  });
});
