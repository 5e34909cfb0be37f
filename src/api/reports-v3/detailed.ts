import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import { parseExportOptions, requireBody } from '../../domain/reports/report-filters.js';
import type { ReportsSkinOptions } from './index.js';
import { detailedCsv } from './exports/csv.js';
import { detailedPdf } from './exports/pdf.js';
import { detailedXlsx } from './exports/xlsx.js';
import { exportExtension, sendExport, setRangeHeaders } from './http.js';
import { presentDetailedRow, presentTotals } from './presenters/reports.js';
import { ExportParams, pathId, ReportBody, ReportParams } from './schemas/reports.js';

const base = '/workspace/:workspace_id/search/time_entries';

export const detailedRoutes: FastifyPluginAsyncTypebox<ReportsSkinOptions> = async (app, { services }) => {
  const reports = services.reports;

  app.post(base, { schema: { params: ReportParams, body: ReportBody } }, async (request, reply) => {
    const user = currentUser(request);
    const page = await reports.detailed(user, pathId(request.params.workspace_id), request.body);
    setRangeHeaders(reply, page.range);
    reply.header('X-Page-Size', String(page.options.page_size));
    // The last page carries none of the X-Next-* headers, even when it is exactly full (§1).
    if (page.next) {
      reply.header('X-Next-ID', String(page.next.id));
      reply.header('X-Next-Row-Number', String(page.next.row_number));
      reply.header('X-Next-Timestamp', String(page.next.timestamp));
    }
    return page.rows.map((row) => presentDetailedRow(row, page.range.zone, { enrich: page.options.enrich_response }));
  });

  app.post(`${base}/totals`, { schema: { params: ReportParams, body: ReportBody } }, async (request, reply) => {
    const totals = await reports.totals(currentUser(request), pathId(request.params.workspace_id), request.body);
    setRangeHeaders(reply, totals.range);
    return presentTotals(totals);
  });

  app.post(`${base}.pdf`, { schema: { params: ReportParams, body: ReportBody } }, async (request, reply) => {
    const user = currentUser(request);
    const workspaceId = pathId(request.params.workspace_id);
    const prepared = await reports.prepareDetailedExport(user, workspaceId, request.body);
    const options = parseExportOptions(requireBody(request.body), 'detailed');
    const [totals, context] = await Promise.all([
      reports.exportTotals(user, workspaceId, request.body, { hideAmounts: prepared.options.hide_amounts }),
      reports.describeFilters(user, workspaceId, request.body),
    ]);
    const doc = await detailedPdf(prepared.batches(), totals, context, { ...options, zone: prepared.range.zone, amounts: prepared.money.amounts });
    return sendExport(reply, 'detailed', prepared.range, 'pdf', doc);
  });

  app.post(`${base}.:extension`, { schema: { params: ExportParams, body: ReportBody } }, async (request, reply) => {
    const user = currentUser(request);
    const workspaceId = pathId(request.params.workspace_id);
    await reports.requireWorkspace(user, workspaceId);
    const extension = exportExtension(request.params.extension, ['csv', 'xlsx'] as const);
    // Everything is checked before the first byte goes out; the rows then stream batch by batch.
    const prepared = await reports.prepareDetailedExport(user, workspaceId, request.body);
    const options = parseExportOptions(requireBody(request.body), 'detailed');
    const o = { zone: prepared.range.zone, currency: prepared.currency, amounts: prepared.money.amounts, durationFormat: options.duration_format };
    const payload = extension === 'csv' ? detailedCsv(prepared.batches(), o) : await detailedXlsx(prepared.batches(), o);
    return sendExport(reply, 'detailed', prepared.range, extension, payload);
  });
};
