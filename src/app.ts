import crypto from 'node:crypto';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.js';
import { buildServices, type Services, type WebhookOverrides } from './container.js';
import type { Database } from './db/connect.js';
import { trackV8 } from './api/v8/index.js';
import { trackV9 } from './api/v9/index.js';
import { reportsV1Gone, reportsV2 } from './api/reports-v2/index.js';
import { reportsV3 } from './api/reports-v3/index.js';
import { insightsV1 } from './api/insights-v1/index.js';
import { webhooksV1 } from './api/webhooks-v1/index.js';
import { stintV1 } from './api/stint-v1/index.js';
import { eventOrigin } from './domain/webhooks/event-origin.js';
import { auth } from './http/auth.js';
import { health } from './http/health.js';
import { inFlight } from './http/in-flight.js';
import { jsonOnly } from './http/json-only.js';
import { createLimits, type LimitsOptions } from './http/limits/limits.js';
import { metrics } from './http/metrics.js';
import { rateLimit } from './http/rate-limit.js';
import { validatorCompiler } from './http/validation.js';
import { resolveWebDir, web } from './http/web.js';
import { classifyError, sendJsonString } from './api/errors.js';

export interface AppDeps {
  config: Config;
  database: Database;
  /** Pino options or false; tests pass false to keep output quiet. */
  logger?: boolean | object;
  /** Rate-limit clock and store; tests inject a clock so buckets leak without sleeping. */
  limits?: LimitsOptions;
  /** Clock of the domain counts /metrics caches; tests move it by hand. */
  metricsClock?: () => number;
  /** Webhook delivery's clock, timers or sender; tests deliver without waiting. */
  webhooks?: WebhookOverrides;
}

export interface App {
  app: FastifyInstance;
  services: Services;
  /** Every route as registered, schemas included, so audits can walk what each one accepts. */
  routes: RouteOptions[];
}

export async function buildApp({ config, database, logger, limits: limitsOptions, metricsClock, webhooks }: AppDeps): Promise<App> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    // Toggl's paths are case-sensitive and never carry a trailing slash; tolerate one anyway.
    // Bulk operations put up to 100 comma-separated ids in one path segment.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });

  await app.register(inFlight, { scope: () => database.scope() });
  // Before every route, so each one's requests are counted.
  await app.register(metrics, { database, token: config.metricsToken, ...(metricsClock ? { now: metricsClock } : {}) });
  const services = buildServices(database, config, webhooks);
  // Webhook events name the request that caused them (metadata.path and request_type).
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') return done();
    const q = request.url.indexOf('?');
    eventOrigin.run({ method: request.method, path: q < 0 ? request.url : request.url.slice(0, q) }, done);
  });
  app.addHook('onClose', async () => {
    await services.webhookDelivery.stop();
  });
  const limits = createLimits(config, app.log, limitsOptions);
  await app.register(jsonOnly);
  // Before auth: an oversized body is refused before a password is hashed.
  await app.register(rateLimit, { limits, services, bodyLimit: config.bodyLimit });
  await app.register(auth, { services, logins: limits });
  await app.register(health, { ping: () => database.ping(), status: () => ({ ...limits.status() }) });

  app.setErrorHandler((err, request, reply) => {
    const { status, message } = classifyError(err, request);
    return sendJsonString(reply, status, message);
  });
  app.setNotFoundHandler((_request, reply) => sendJsonString(reply, 404, '404 page not found'));

  await app.register(trackV9, { prefix: '/api/v9', services, config });
  await app.register(trackV8, { prefix: '/api/v8', services, config });
  await app.register(reportsV1Gone, { prefix: '/reports/api/v1' });
  await app.register(reportsV2, { prefix: '/reports/api/v2', services, config });
  await app.register(reportsV3, { prefix: '/reports/api/v3', services, config });
  await app.register(insightsV1, { prefix: '/insights/api/v1', services });
  await app.register(webhooksV1, { prefix: '/webhooks/api/v1', services });
  await app.register(stintV1, { prefix: '/stint/api/v1', services });
  await app.register(web, { root: resolveWebDir(config.webDir), secure: config.cookieSecure });

  return { app, services, routes };
}
