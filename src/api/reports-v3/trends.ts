import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../container.js';
import { currentUser } from '../../http/auth.js';
import { presentComparative, presentDataTrends, presentProfitability } from './presenters/trends.js';
import { pathId, ReportBody, ReportParams } from './schemas/reports.js';

/** Trends and comparisons: comparative, data_trends/{clients,projects,users}, profitability/projects. */
export const trendRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const insights = services.insights;
  const schema = { params: ReportParams, body: ReportBody };

  app.post('/workspace/:workspace_id/comparative', { schema }, async (request) =>
    presentComparative(await insights.comparative(currentUser(request), pathId(request.params.workspace_id), request.body)),
  );

  for (const kind of ['clients', 'projects', 'users'] as const) {
    app.post(`/workspace/:workspace_id/data_trends/${kind}`, { schema }, async (request) =>
      presentDataTrends(await insights.dataTrends(currentUser(request), pathId(request.params.workspace_id), kind, request.body)),
    );
  }

  app.post('/workspace/:workspace_id/profitability/projects', { schema }, async (request) =>
    presentProfitability(await insights.projectProfitability(currentUser(request), pathId(request.params.workspace_id), request.body)),
  );
};
