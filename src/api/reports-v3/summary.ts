import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import { parseExportOptions, requireBody } from '../../domain/reports/report-filters.js';
import type { ReportsSkinOptions } from './index.js';
import { summaryCsv } from './exports/csv.js';
import { summaryPdf } from './exports/pdf.js';
import { summaryXlsx } from './exports/xlsx.js';
import { exportExtension, sendExport, setRangeHeaders } from './http.js';
import { presentSummary } from './presenters/reports.js';
import { ExportParams, pathId, ReportBody, ReportParams } from './schemas/reports.js';

const base = '/workspace/:workspace_id/summary/time_entries';

export const summaryRoutes: FastifyPluginAsyncTypebox<ReportsSkinOptions> = async (app, { services }) => {
  const reports = services.reports;

  app.post(base, { schema: { params: ReportParams, body: ReportBody } }, async (request, reply) => {
    const report = await reports.summary(currentUser(request), pathId(request.params.workspace_id), request.body);
    setRangeHeaders(reply, report.range);
    reply.header('X-Grouping', report.grouping).header('X-Sub-Grouping', report.sub_grouping);
    return presentSummary(report);
  });

  /** Shared by the PDF, CSV and XLSX exports: the report in the export's order, and its options. */
  async function exportData(user: ReturnType<typeof currentUser>, workspaceId: number, body: unknown) {
    // Outsiders learn nothing about the request: membership is checked before the options.
    await reports.requireWorkspace(user, workspaceId);
    const options = parseExportOptions(requireBody(body), 'summary');
    const report = await reports.summary(user, workspaceId, body, { by: options.order_by ?? 'title', dir: options.order_dir });
    return { options, report };
  }

  app.post(`${base}.pdf`, { schema: { params: ReportParams, body: ReportBody } }, async (request, reply) => {
    const user = currentUser(request);
    const workspaceId = pathId(request.params.workspace_id);
    const { options, report } = await exportData(user, workspaceId, request.body);
    const [totals, context] = await Promise.all([
      reports.exportTotals(user, workspaceId, request.body, { hideAmounts: options.hide_amounts, ...(options.resolution ? { resolution: options.resolution } : {}) }),
      reports.describeFilters(user, workspaceId, request.body),
    ]);
    return sendExport(reply, 'summary', report.range, 'pdf', await summaryPdf(report, totals, context, options));
  });

  app.post(`${base}.:extension`, { schema: { params: ExportParams, body: ReportBody } }, async (request, reply) => {
    const user = currentUser(request);
    const workspaceId = pathId(request.params.workspace_id);
    await reports.requireWorkspace(user, workspaceId);
    const extension = exportExtension(request.params.extension, ['csv', 'xlsx'] as const);
    const { options, report } = await exportData(user, workspaceId, request.body);
    const payload = extension === 'csv' ? summaryCsv(report, options) : await summaryXlsx(report, options);
    return sendExport(reply, 'summary', report.range, extension, payload);
  });
};
