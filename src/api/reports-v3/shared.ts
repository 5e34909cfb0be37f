import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../container.js';
import type { SharedRun } from '../../domain/saved-reports/shared-reports.service.js';
import { BadRequestBody } from '../../http/json-only.js';
import { detailedCsv, summaryCsv, weeklyCsv } from './exports/csv.js';
import { detailedPdf, summaryPdf, weeklyPdf } from './exports/pdf.js';
import { weeklyXlsx } from './exports/weekly-xlsx.js';
import { detailedXlsx, summaryXlsx } from './exports/xlsx.js';
import { sendExport, setRangeHeaders } from './http.js';
import { presentSharedReport } from './presenters/shared.js';
import { ReportBody } from './schemas/reports.js';

const SharedParams = Type.Object({ report_token: Type.String() });

/** A wrong credential is refused even on a public report; a missing one is fine there. */
const credentialsGiven = (request: FastifyRequest) => request.headers.authorization !== undefined;

/**
 * Saved reports opened through their token. The routes are public (no credential needed) and the
 * service decides: public reports for anyone, private ones for their owner and the workspace's
 * admins. The report is computed as its owner sees the workspace.
 */
export const sharedReportRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const shared = services.sharedReports;
  // Toggl's swagger says these operations consume text/plain; the text is the JSON parameters.
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(new BadRequestBody(`Invalid JSON input: ${(err as Error).message}`), undefined);
    }
  });

  const options = { config: { public: true }, schema: { params: SharedParams, body: ReportBody } };
  const open = (request: FastifyRequest) =>
    shared.open((request.params as { report_token: string }).report_token, request.user, credentialsGiven(request), request.body);

  app.post('/shared/:report_token', options, async (request, reply) => {
    const out = await shared.load(await open(request));
    const range = out.summary?.range ?? out.detailed?.range ?? out.weekly?.range ?? out.totals.range;
    setRangeHeaders(reply, range);
    if (out.detailed) {
      reply.header('X-Page-Size', String(out.detailed.options.page_size));
      if (out.detailed.next) {
        reply.header('X-Next-ID', String(out.detailed.next.id));
        reply.header('X-Next-Row-Number', String(out.detailed.next.row_number));
        reply.header('X-Next-Timestamp', String(out.detailed.next.timestamp));
      }
    }
    return presentSharedReport(out);
  });

  async function exportReport(run: SharedRun, reply: FastifyReply, format: 'csv' | 'pdf' | 'xlsx') {
    const o = shared.exportOptions(run);
    switch (run.type) {
      case 'summary': {
        const report = await shared.summary(run, { by: o.order_by ?? 'title', dir: o.order_dir });
        if (format === 'csv') return sendExport(reply, 'summary', report.range, 'csv', summaryCsv(report, o));
        if (format === 'xlsx') return sendExport(reply, 'summary', report.range, 'xlsx', await summaryXlsx(report, o));
        const [totals, context] = await Promise.all([shared.totals(run, report.range), shared.context(run)]);
        return sendExport(reply, 'summary', report.range, 'pdf', await summaryPdf(report, totals, context, o));
      }
      case 'detailed': {
        const prepared = await shared.detailedExport(run);
        const rows = { zone: prepared.range.zone, currency: prepared.currency, amounts: prepared.money.amounts, durationFormat: o.duration_format };
        if (format === 'csv') return sendExport(reply, 'detailed', prepared.range, 'csv', detailedCsv(prepared.batches(), rows));
        if (format === 'xlsx') return sendExport(reply, 'detailed', prepared.range, 'xlsx', await detailedXlsx(prepared.batches(), rows));
        const [totals, context] = await Promise.all([shared.totals(run, prepared.range), shared.context(run)]);
        const doc = await detailedPdf(prepared.batches(), totals, context, { ...o, zone: prepared.range.zone, amounts: prepared.money.amounts });
        return sendExport(reply, 'detailed', prepared.range, 'pdf', doc);
      }
      case 'weekly': {
        const report = await shared.weekly(run);
        if (format === 'csv') return sendExport(reply, 'weekly', report.range, 'csv', weeklyCsv(report, o));
        if (format === 'xlsx') return sendExport(reply, 'weekly', report.range, 'xlsx', await weeklyXlsx(report, o));
        return sendExport(reply, 'weekly', report.range, 'pdf', await weeklyPdf(report, await shared.context(run), o));
      }
    }
  }

  for (const format of ['csv', 'pdf', 'xlsx'] as const) {
    app.post(`/shared/:report_token/${format}`, options, async (request, reply) => exportReport(await open(request), reply, format));
  }
};
