import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseExportOptions } from '../../domain/reports/report-filters.js';
import { detailedCsv } from '../reports-v3/exports/csv.js';
import { detailedPdf } from '../reports-v3/exports/pdf.js';
import { sendExport, setRangeHeaders } from '../reports-v3/http.js';
import { begin, V2Query } from './http.js';
import type { ReportsV2Options } from './index.js';
import { detailsRequest } from './params.js';
import { presentDetails } from './presenters.js';
import { setWarnings } from './skin.js';

/** GET /details: one page of 50 entries with the whole report's totals; .csv and .pdf: every entry. */
export const detailsRoutes: FastifyPluginAsyncTypebox<ReportsV2Options> = async (app, { services }) => {
  const reports = services.reports;

  app.get('/details', { schema: { querystring: V2Query } }, async (request, reply) => {
    const { user, workspace, query, today } = await begin(services, request);
    const req = detailsRequest(query, today);
    const [page, totals] = await Promise.all([reports.detailed(user, workspace.id, req.body), reports.totals(user, workspace.id, req.body)]);
    setWarnings(reply, req.warnings);
    setRangeHeaders(reply, page.range);
    return presentDetails(page, totals);
  });

  app.get('/details.csv', { schema: { querystring: V2Query } }, async (request, reply) => {
    const { user, workspace, query, today } = await begin(services, request);
    const req = detailsRequest(query, today);
    const prepared = await reports.prepareDetailedExport(user, workspace.id, req.body);
    const options = parseExportOptions(req.body, 'detailed');
    setWarnings(reply, req.warnings);
    const o = { zone: prepared.range.zone, currency: prepared.currency, amounts: prepared.money.amounts, durationFormat: options.duration_format };
    return sendExport(reply, 'detailed', prepared.range, 'csv', detailedCsv(prepared.batches(), o));
  });

  app.get('/details.pdf', { schema: { querystring: V2Query } }, async (request, reply) => {
    const { user, workspace, query, today } = await begin(services, request);
    const req = detailsRequest(query, today);
    const prepared = await reports.prepareDetailedExport(user, workspace.id, req.body);
    const options = parseExportOptions(req.body, 'detailed');
    const [totals, context] = await Promise.all([reports.exportTotals(user, workspace.id, req.body), reports.describeFilters(user, workspace.id, req.body)]);
    setWarnings(reply, req.warnings);
    const doc = await detailedPdf(prepared.batches(), totals, context, { ...options, zone: prepared.range.zone, amounts: prepared.money.amounts });
    return sendExport(reply, 'detailed', prepared.range, 'pdf', doc);
  });
};
