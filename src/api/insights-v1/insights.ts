import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../container.js';
import { currentUser } from '../../http/auth.js';
import { CONTENT_TYPES } from '../reports-v3/exports/format.js';
import { exportExtension } from '../reports-v3/http.js';
import { pathId, ReportBody, ReportParams } from '../reports-v3/schemas/reports.js';
import { employeeProfitabilityTable, projectProfitabilityTable, projectTrendsTable, tableCsv, tableXlsx, type Table } from './exports.js';
import { presentProjectTrend } from './presenters.js';

const ExportParams = Type.Object({ workspace_id: Type.String(), extension: Type.String() });

async function sendTable(reply: FastifyReply, table: Table, extension: 'csv' | 'xlsx', name: string, period: { start: string; end: string }) {
  const payload = extension === 'csv' ? tableCsv(table) : await tableXlsx(table);
  return reply
    .code(200)
    .type(CONTENT_TYPES[extension])
    .header('Content-Disposition', `attachment; filename="Stint_${name}_${period.start}_${period.end}.${extension}"`)
    .send(payload);
}

/** /insights/api/v1: project trends and profitability, as JSON or as CSV/XLSX downloads. */
export const insightsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const insights = services.insights;

  app.post('/workspace/:workspace_id/data_trends/projects', { schema: { params: ReportParams, body: ReportBody } }, async (request) => {
    const report = await insights.projectTrends(currentUser(request), pathId(request.params.workspace_id), request.body, 'data');
    return report.trends.map(presentProjectTrend);
  });

  app.post('/workspace/:workspace_id/trends/projects.:extension', { schema: { params: ExportParams, body: ReportBody } }, async (request, reply) => {
    const extension = exportExtension(request.params.extension, ['csv', 'xlsx'] as const);
    const report = await insights.projectTrends(currentUser(request), pathId(request.params.workspace_id), request.body, 'export');
    return sendTable(reply, projectTrendsTable(report.trends), extension, 'project_trends', { start: report.start_date, end: report.end_date });
  });

  app.post('/workspace/:workspace_id/profitability/projects.:extension', { schema: { params: ExportParams, body: ReportBody } }, async (request, reply) => {
    const extension = exportExtension(request.params.extension, ['csv', 'xlsx'] as const);
    const report = await insights.projectProfitability(currentUser(request), pathId(request.params.workspace_id), request.body, 'export');
    return sendTable(reply, projectProfitabilityTable(report), extension, 'project_profitability', { start: report.start_date, end: report.end_date });
  });

  app.post('/workspace/:workspace_id/profitability/employees.:extension', { schema: { params: ExportParams, body: ReportBody } }, async (request, reply) => {
    const extension = exportExtension(request.params.extension, ['csv', 'xlsx'] as const);
    const report = await insights.employeeProfitability(currentUser(request), pathId(request.params.workspace_id), request.body);
    return sendTable(reply, employeeProfitabilityTable(report), extension, 'employee_profitability', { start: report.start_date, end: report.end_date });
  });
};
