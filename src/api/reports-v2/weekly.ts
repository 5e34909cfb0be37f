import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseExportOptions } from '../../domain/reports/report-filters.js';
import { weeklyCsv } from '../reports-v3/exports/csv.js';
import { weeklyPdf } from '../reports-v3/exports/pdf.js';
import { sendExport, setRangeHeaders } from '../reports-v3/http.js';
import { begin, V2Query } from './http.js';
import type { ReportsV2Options } from './index.js';
import { weeklyRequest } from './params.js';
import { presentWeekly } from './presenters.js';
import { setWarnings } from './skin.js';

export const weeklyRoutes: FastifyPluginAsyncTypebox<ReportsV2Options> = async (app, { services }) => {
  const reports = services.reports;

  app.get('/weekly', { schema: { querystring: V2Query } }, async (request, reply) => {
    const { user, workspace, query, today } = await begin(services, request);
    const req = weeklyRequest(query, today);
    const report = await reports.weekly(user, workspace.id, req.body);
    setWarnings(reply, req.warnings);
    setRangeHeaders(reply, report.range);
    return presentWeekly(report, req);
  });

  for (const extension of ['csv', 'pdf'] as const) {
    app.get(`/weekly.${extension}`, { schema: { querystring: V2Query } }, async (request, reply) => {
      const { user, workspace, query, today } = await begin(services, request);
      const req = weeklyRequest(query, today);
      const options = parseExportOptions(req.body, 'weekly');
      const report = await reports.weekly(user, workspace.id, req.body);
      setWarnings(reply, req.warnings);
      if (extension === 'csv') return sendExport(reply, 'weekly', report.range, 'csv', weeklyCsv(report, options));
      const context = await reports.describeFilters(user, workspace.id, req.body);
      return sendExport(reply, 'weekly', report.range, 'pdf', await weeklyPdf(report, context, options));
    });
  }
};
