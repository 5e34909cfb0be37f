import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CONTENT_TYPES } from '../reports-v3/exports/format.js';
import { projectDashboardCsv, projectDashboardPdf } from './exports.js';
import { begin, V2Query } from './http.js';
import type { ReportsV2Options } from './index.js';
import { dashboardRequest } from './params.js';
import { presentProjectDashboard } from './presenters.js';
import { setWarnings } from './skin.js';

/** GET /project: the project dashboard (all time), with .csv (its tasks) and .pdf. */
export const projectRoutes: FastifyPluginAsyncTypebox<ReportsV2Options> = async (app, { services }) => {
  async function dashboard(request: Parameters<typeof begin>[1]) {
    const { user, workspace, query } = await begin(services, request);
    const req = dashboardRequest(query);
    return { workspace, req, dashboard: await services.projectDashboard.dashboard(user, workspace.id, req.projectId, req.query) };
  }

  app.get('/project', { schema: { querystring: V2Query } }, async (request, reply) => {
    const { req, dashboard: d } = await dashboard(request);
    setWarnings(reply, req.warnings);
    return presentProjectDashboard(d);
  });

  for (const extension of ['csv', 'pdf'] as const) {
    app.get(`/project.${extension}`, { schema: { querystring: V2Query } }, async (request, reply) => {
      const { workspace, req, dashboard: d } = await dashboard(request);
      const format = req.display_hours === 'decimal' ? 'decimal' : 'classic';
      setWarnings(reply, req.warnings);
      const payload = extension === 'csv' ? projectDashboardCsv(d, format) : await projectDashboardPdf(d, workspace.name, format);
      return reply
        .code(200)
        .type(CONTENT_TYPES[extension])
        .header('Content-Disposition', `attachment; filename="Stint_project_dashboard_${d.project_id}.${extension}"`)
        .send(payload);
    });
  }
};
