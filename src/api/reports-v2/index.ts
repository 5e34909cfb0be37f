import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Services } from '../../container.js';
import { detailsRoutes } from './details.js';
import { projectRoutes } from './project.js';
import { AUTH_TIP, sendV2Error, v2Error } from './skin.js';
import { summaryRoutes } from './summary.js';
import { weeklyRoutes } from './weekly.js';

export interface ReportsV2Options {
  services: Services;
  config: Config;
}

export const TEST_WARNING = 'Test warning: this endpoint always answers with an error';
export const NOT_AUTHENTICATED = 'api token missing';
export const AUTHENTICATION_FAILED = 'Authentication failed: the API token (or e-mail and password) is not valid';
export const GONE = 'this api version is deprecated. Update your client.';

/**
 * Reports API v2, mounted at /reports/api/v2: an adapter over the Reports v3 domain and exporters.
 * It owns v2's conventions (skin.ts): a failed authentication is 403, every error is
 * {"error": {"message", "tip", "code"}}, and notes to the caller travel in the Warning header.
 */
export async function reportsV2(app: FastifyInstance, opts: ReportsV2Options): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    if (request.user || request.routeOptions.config.public) return;
    return sendV2Error(reply, 403, request.headers.authorization === undefined ? NOT_AUTHENTICATED : AUTHENTICATION_FAILED, AUTH_TIP);
  });

  app.setErrorHandler((err, request, reply) => {
    const { status, message } = v2Error(err, request);
    return sendV2Error(reply, status, message);
  });

  app.setNotFoundHandler((request, reply) => sendV2Error(reply, 404, `No such endpoint: ${request.method} ${request.url.split('?')[0]}`));

  // The reference's two test endpoints, for client-side error handling; they need no token.
  app.get('/error400', { config: { public: true } }, async (_request, reply) => {
    reply.header('Warning', TEST_WARNING);
    return sendV2Error(reply, 400, 'This is a test error 400', 'This endpoint always answers 400, so that clients can test their error handling');
  });
  app.get('/error500', { config: { public: true } }, async (_request, reply) => {
    reply.header('Warning', TEST_WARNING);
    return sendV2Error(reply, 500, 'We are sorry, this Error should never happen to you', 'This endpoint always answers 500, so that clients can test their error handling');
  });

  // Pass only what routes need: forwarding `opts` whole would re-apply the prefix.
  const deps: ReportsV2Options = { services: opts.services, config: opts.config };
  for (const routes of [weeklyRoutes, detailsRoutes, summaryRoutes, projectRoutes]) await app.register(routes, deps);
}

/** Reports API v1, retired before v2: every request answers 410 Gone, in v2's error format. */
export async function reportsV1Gone(app: FastifyInstance): Promise<void> {
  const gone = async (_request: unknown, reply: Parameters<typeof sendV2Error>[0]) => sendV2Error(reply, 410, GONE);
  app.all('/', { config: { public: true } }, gone);
  app.all('/*', { config: { public: true } }, gone);
}
