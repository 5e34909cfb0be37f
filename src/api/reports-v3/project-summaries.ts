import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import type { ReportsSkinOptions } from './index.js';
import { presentProjectUser, presentTotals } from './presenters/reports.js';
import { pathId, ProjectReportParams, ReportBody, ReportParams } from './schemas/reports.js';

export const projectSummaryRoutes: FastifyPluginAsyncTypebox<ReportsSkinOptions> = async (app, { services }) => {
  const reports = services.reports;

  app.post('/workspace/:workspace_id/projects/summary', { schema: { params: ReportParams, body: ReportBody } }, async (request) => {
    const rows = await reports.projectUsers(currentUser(request), pathId(request.params.workspace_id), request.body);
    return rows.map(presentProjectUser);
  });

  app.post('/workspace/:workspace_id/projects/:project_id/summary', { schema: { params: ProjectReportParams, body: ReportBody } }, async (request) => {
    const { workspace_id, project_id } = request.params;
    return presentTotals(await reports.projectSummary(currentUser(request), pathId(workspace_id), pathId(project_id), request.body));
  });
};
