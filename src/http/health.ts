import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface HealthOptions {
  ping(): Promise<void>;
  /** Extra readiness facts (e.g. a degraded shared rate-limit store) reported alongside. */
  status?: () => Record<string, unknown>;
}

export const health = fp(
  async (app: FastifyInstance, opts: HealthOptions) => {
    app.get('/healthz', { config: { public: true } }, async () => ({ status: 'ok' }));
    app.get('/readyz', { config: { public: true } }, async (_req, reply) => {
      const extra = opts.status?.() ?? {};
      try {
        await opts.ping();
        return { status: 'ok', database: 'ok', ...extra };
      } catch (err) {
        app.log.error({ err }, 'readiness check: database unreachable');
        return reply.code(503).send({ status: 'unavailable', database: 'unreachable', ...extra });
      }
    });
  },
  { name: 'health' },
);
