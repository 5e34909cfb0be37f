import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ConnectionScope } from '../db/connection-scope.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Resolves once every request that has started has finished its work. */
    inFlightDone(): Promise<void>;
    /** Requests started and not yet finished (the /metrics gauge). */
    inFlightCount(): number;
  }
}

/**
 * Follows each request until its handler has finished.
 *
 * Shutdown: Fastify's close() waits for open connections, not for handlers. A client that hangs
 * up mid-request closes its connection while the handler still runs (and may still be
 * writing), so shutdown waits for this count too before the database is closed.
 *
 * Connections: a reading request (GET, HEAD) runs all its statements on one database
 * connection (db/connection-scope.ts says why), given back when its handler is done. Writes
 * keep a connection per statement or transaction, so a transaction never shares its
 * connection with a parallel query of the same request.
 */
export const inFlight = fp<{ scope?: () => ConnectionScope }>(
  async (app: FastifyInstance, { scope }) => {
    let count = 0;
    let idle: (() => void)[] = [];
    const started = new WeakMap<FastifyRequest, ConnectionScope | null>();
    const finish = (request: FastifyRequest) => {
      const held = started.get(request);
      if (held === undefined) return;
      started.delete(request);
      held?.end();
      count--;
      if (count === 0) {
        const waiting = idle;
        idle = [];
        for (const resolve of waiting) resolve();
      }
    };

    app.decorate('inFlightDone', () => (count === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve))));
    app.decorate('inFlightCount', () => count);
    // Callback-style hooks: these run on every request, and an async hook costs a promise each.
    app.addHook('onRequest', (request, _reply, done) => {
      count++;
      if (!scope || (request.method !== 'GET' && request.method !== 'HEAD')) {
        started.set(request, null);
        return done();
      }
      const s = scope();
      started.set(request, s);
      // Everything after this hook (the other hooks, the handler) runs inside the scope.
      s.run(done);
    });
    // Every request ends in a reply once its handler is done, even when the client has gone
    // (a body cut short ends in an error reply); onResponse covers replies sent without onSend.
    app.addHook('onSend', (request, _reply, payload, done) => {
      finish(request);
      done(null, payload);
    });
    app.addHook('onResponse', (request, _reply, done) => {
      finish(request);
      done();
    });
  },
  { name: 'in-flight' },
);
