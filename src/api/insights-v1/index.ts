import type { FastifyInstance } from 'fastify';
import type { Services } from '../../container.js';
import { classifyError, sendJsonString } from '../errors.js';
import { insightsRoutes } from './insights.js';
import { requireUser } from '../../http/auth.js';

/**
 * Insights API v1, mounted at /insights/api/v1 (Toggl documents it in the Reports v3 swagger):
 * the same rules as the other skins, 401 with an empty body without credentials and 4xx
 * messages as JSON strings.
 */
export async function insightsV1(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  app.addHook('onRequest', requireUser(401));

  app.setErrorHandler((err, request, reply) => {
    const { status, message } = classifyError(err, request);
    return sendJsonString(reply, status, message);
  });

  app.setNotFoundHandler((_request, reply) => sendJsonString(reply, 404, '404 page not found'));

  // Pass only what routes need: forwarding `opts` whole would re-apply the prefix.
  await app.register(insightsRoutes, { services: opts.services });
}
