import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Services } from '../../container.js';
import { classifyError, sendJsonString } from '../errors.js';
import { detailedRoutes } from './detailed.js';
import { projectSummaryRoutes } from './project-summaries.js';
import { summaryRoutes } from './summary.js';
import { sharedReportRoutes } from './shared.js';
import { trendRoutes } from './trends.js';
import { reportUtilsRoutes } from './utils.js';
import { weeklyRoutes } from './weekly.js';
import { requireUser } from '../../http/auth.js';

export interface ReportsSkinOptions {
  services: Services;
  config: Config;
}

/**
 * Reports API v3, mounted at /reports/api/v3. Same rules as Track v9: 401 with an empty body for a
 * missing or wrong credential (routes marked `config: { public: true }` excepted, such as public
 * shared reports), and 4xx messages as JSON strings.
 */
export async function reportsV3(app: FastifyInstance, opts: ReportsSkinOptions): Promise<void> {
  app.addHook('onRequest', requireUser(401));

  app.setErrorHandler((err, request, reply) => {
    const { status, message } = classifyError(err, request);
    return sendJsonString(reply, status, message);
  });

  app.setNotFoundHandler((_request, reply) => sendJsonString(reply, 404, '404 page not found'));

  // Pass only what routes need: forwarding `opts` whole would re-apply the prefix.
  const deps: ReportsSkinOptions = { services: opts.services, config: opts.config };
  for (const routes of [summaryRoutes, detailedRoutes, weeklyRoutes, projectSummaryRoutes, reportUtilsRoutes, trendRoutes, sharedReportRoutes]) await app.register(routes, deps);
}
