import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** Resolves once every request that has started has finished its work. */
    inFlightDone(): Promise<void>;
  }
}

/**
 * Counts requests until their handler has finished. Fastify's close() waits for open
 * connections, not for handlers: a client that hangs up mid-request closes its connection
 * while the handler still runs (and may still be writing), so shutdown waits for this count
 * too before the database is closed.
 */
export const inFlight = fp(
  async (app: FastifyInstance) => {
    let count = 0;
    let idle: (() => void)[] = [];
    const started = new WeakSet<FastifyRequest>();
    const finish = (request: FastifyRequest) => {
      if (!started.delete(request)) return;
      count--;
      if (count === 0) {
        const waiting = idle;
        idle = [];
        for (const resolve of waiting) resolve();
      }
    };

    app.decorate('inFlightDone', () => (count === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve))));
    app.addHook('onRequest', async (request) => {
      started.add(request);
      count++;
    });
    // Every request ends in a reply once its handler is done, even when the client has gone
    // (a body cut short ends in an error reply); onResponse covers replies sent without onSend.
    app.addHook('onSend', async (request) => finish(request));
    app.addHook('onResponse', async (request) => finish(request));
  },
  { name: 'in-flight' },
);
