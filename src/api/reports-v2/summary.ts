import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseExportOptions } from '../../domain/reports/report-filters.js';
import { summaryCsv } from '../reports-v3/exports/csv.js';
import { summaryPdf } from '../reports-v3/exports/pdf.js';
import { sendExport, setRangeHeaders } from '../reports-v3/http.js';
import { begin, V2Query } from './http.js';
import type { ReportsV2Options } from './index.js';
import { summaryRequest } from './params.js';
import { presentSummary } from './presenters.js';
import { setWarnings } from './skin.js';

export const summaryRoutes: FastifyPluginAsyncTypebox<ReportsV2Options> = async (app, { services }) => {
  const reports = services.reports;

  app.get('/summary', { schema: { querystring: V2Query } }, async (request, reply) => {
    const { user, workspace, query, today } = await begin(services, request);
    const req = summaryRequest(query, today);
    const report = await reports.summary(user, workspace.id, req.body, req.order);
    setWarnings(reply, req.warnings);
    setRangeHeaders(reply, report.range);
    return presentSummary(report, req);
  });

  for (const extension of ['csv', 'pdf'] as const) {
    app.get(`/summary.${extension}`, { schema: { querystring: V2Query } }, async (request, reply) => {
      const { user, workspace, query, today } = await begin(services, request);
      const req = summaryRequest(query, today);
      const options = parseExportOptions(req.body, 'summary');
      const report = await reports.summary(user, workspace.id, req.body, req.order);
      setWarnings(reply, req.warnings);
      if (extension === 'csv') return sendExport(reply, 'summary', report.range, 'csv', summaryCsv(report, options));
      const [totals, context] = await Promise.all([reports.exportTotals(user, workspace.id, req.body), reports.describeFilters(user, workspace.id, req.body)]);
      return sendExport(reply, 'summary', report.range, 'pdf', await summaryPdf(report, totals, context, options));
    });
  }
};
