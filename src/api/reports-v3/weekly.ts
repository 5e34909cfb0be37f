import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import { parseExportOptions, requireBody } from '../../domain/reports/report-filters.js';
import type { ReportsSkinOptions } from './index.js';
import { weeklyCsv } from './exports/csv.js';
import { weeklyPdf } from './exports/pdf.js';
import { sendExport, setRangeHeaders } from './http.js';
import { presentWeeklyRow } from './presenters/reports.js';
import { pathId, ReportBody, ReportParams } from './schemas/reports.js';

const base = '/workspace/:workspace_id/weekly/time_entries';

export const weeklyRoutes: FastifyPluginAsyncTypebox<ReportsSkinOptions> = async (app, { services }) => {
  const reports = services.reports;

  app.post(base, { schema: { params: ReportParams, body: ReportBody } }, async (request, reply) => {
    const report = await reports.weekly(currentUser(request), pathId(request.params.workspace_id), request.body);
    setRangeHeaders(reply, report.range);
    return report.rows.map(presentWeeklyRow);
  });

  app.post(`${base}.csv`, { schema: { params: ReportParams, body: ReportBody } }, async (request, reply) => {
    const report = await reports.weekly(currentUser(request), pathId(request.params.workspace_id), request.body);
    const options = parseExportOptions(requireBody(request.body), 'weekly');
    return sendExport(reply, 'weekly', report.range, 'csv', weeklyCsv(report, options));
  });

  app.post(`${base}.pdf`, { schema: { params: ReportParams, body: ReportBody } }, async (request, reply) => {
    const user = currentUser(request);
    const workspaceId = pathId(request.params.workspace_id);
    const report = await reports.weekly(user, workspaceId, request.body);
    const options = parseExportOptions(requireBody(request.body), 'weekly');
    const context = await reports.describeFilters(user, workspaceId, request.body);
    return sendExport(reply, 'weekly', report.range, 'pdf', await weeklyPdf(report, context, options));
  });
};
