import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import type { SkinOptions } from './index.js';
import { presentSavedReport } from './presenters/reports.js';
import { WorkspaceParams } from './schemas/common.js';
import { BulkDeleteBody, SavedReportBody, SavedReportParams, SavedReportsBody, SavedReportsQuery } from './schemas/reports.js';

/** Saved and shared reports: /workspaces/{wid}/reports/shared… */
export const savedReportRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  app.get('/workspaces/:workspace_id/reports/shared', { schema: { params: WorkspaceParams, querystring: SavedReportsQuery } }, async (request) => {
    const reports = await services.savedReports.list(currentUser(request), request.params.workspace_id, request.query);
    return reports.map(presentSavedReport);
  });

  app.post('/workspaces/:workspace_id/reports/shared', { schema: { params: WorkspaceParams, body: SavedReportBody } }, async (request) =>
    presentSavedReport(await services.savedReports.create(currentUser(request), request.params.workspace_id, request.body)),
  );

  app.put('/workspaces/:workspace_id/reports/shared', { schema: { params: WorkspaceParams, body: SavedReportsBody } }, async (request) =>
    presentSavedReport(await services.savedReports.updateMany(currentUser(request), request.params.workspace_id, request.body)),
  );

  app.patch('/workspaces/:workspace_id/reports/shared/bulk_delete', { schema: { params: WorkspaceParams, body: BulkDeleteBody } }, async (request) => {
    const deleted = await services.savedReports.bulkDelete(currentUser(request), request.params.workspace_id, request.body?.ids);
    return deleted.map(presentSavedReport);
  });

  app.get('/workspaces/:workspace_id/reports/shared/:report_id', { schema: { params: SavedReportParams } }, async (request) =>
    presentSavedReport(await services.savedReports.get(currentUser(request), request.params.workspace_id, request.params.report_id)),
  );

  app.put('/workspaces/:workspace_id/reports/shared/:report_id', { schema: { params: SavedReportParams, body: SavedReportBody } }, async (request) =>
    presentSavedReport(
      await services.savedReports.update(currentUser(request), request.params.workspace_id, request.params.report_id, request.body),
    ),
  );

  app.delete('/workspaces/:workspace_id/reports/shared/:report_id', { schema: { params: SavedReportParams } }, async (request) =>
    presentSavedReport(await services.savedReports.delete(currentUser(request), request.params.workspace_id, request.params.report_id)),
  );
};
