// The project dashboard as CSV and PDF. The summary, detailed and weekly reports reuse the
// Reports v3 exporters; the dashboard exists only in v2, so its files are drawn here with the
// same PDF building blocks and CSV conventions (UTF-8 with BOM, header row, CRLF).
import { stringify } from 'csv-stringify/sync';
import type { ProjectDashboard } from '../../domain/project-dashboard/project-dashboard.types.js';
import type { ExportOptions } from '../../domain/reports/report-filters.js';
import { formatAmount, formatDuration } from '../reports-v3/exports/format.js';
import { columnsOf, drawHeader, drawHeaderRow, drawRow, newDocument, type Doc } from '../reports-v3/exports/pdf.js';

type DurationFormat = ExportOptions['duration_format'];

const money = (cents: number | null) => (cents === null ? '' : formatAmount(cents));
const estimate = (seconds: number | null, f: DurationFormat) => (seconds === null ? '' : formatDuration(seconds, f));

/** One row per task (every task, in the requested order), then the time without a task. */
export function projectDashboardCsv(d: ProjectDashboard, format: DurationFormat): string {
  const amounts = d.amount_in_cents !== null;
  const columns = ['Task', 'Assignee', 'Estimate', 'Duration', ...(amounts ? [`Amount (${d.currency})`] : [])];
  const rows = d.tasks.map((t) => [t.name ?? '', t.assignee ?? '', estimate(t.estimated_seconds, format), formatDuration(t.seconds, format), ...(amounts ? [money(t.amount_in_cents)] : [])]);
  rows.push(['Without task', '', '', formatDuration(d.seconds_without_task, format), ...(amounts ? [''] : [])]);
  return stringify(rows, { bom: true, header: true, columns, record_delimiter: 'windows' });
}

/** Header with the project's totals and estimate, then its members and its tasks. */
export async function projectDashboardPdf(d: ProjectDashboard, workspaceName: string, format: DurationFormat): Promise<Doc> {
  const doc = await newDocument('Project dashboard');
  const amounts = d.amount_in_cents !== null;
  const estimateSeconds = d.use_task_estimated_seconds ? d.task_estimated_seconds : d.estimated_seconds;
  drawHeader(doc, {
    title: d.name,
    context: { workspace_name: workspaceName, filters: d.client_name ? [{ label: 'Client', value: d.client_name }] : [] },
    period: 'Project dashboard, all time',
    totals: [
      { label: 'Total', value: formatDuration(d.seconds, format) },
      { label: 'Billable', value: formatDuration(d.billable_seconds, format) },
      ...(amounts ? [{ label: 'Amount', value: `${money(d.amount_in_cents)} ${d.currency}` }] : []),
      ...(estimateSeconds !== null ? [{ label: 'Estimate', value: formatDuration(estimateSeconds, format) }] : []),
    ],
  });

  const userColumns = columnsOf(doc, [
    { label: 'Member', weight: 4 },
    { label: 'Duration', weight: 1.5, align: 'right' },
    { label: 'Billable', weight: 1.5, align: 'right' },
    ...(amounts ? [{ label: `Amount (${d.currency})`, weight: 1.5, align: 'right' as const }] : []),
  ]);
  drawHeaderRow(doc, userColumns);
  for (const u of d.users) {
    drawRow(doc, userColumns, [u.name, formatDuration(u.seconds, format), formatDuration(u.billable_seconds, format), ...(amounts ? [money(u.amount_in_cents)] : [])]);
  }
  if (d.users.length === 0) drawRow(doc, userColumns, ['No time tracked on this project']);
  doc.moveDown(1);

  const taskColumns = columnsOf(doc, [
    { label: `Tasks (${d.tasks_count})`, weight: 3 },
    { label: 'Assignee', weight: 2 },
    { label: 'Estimate', weight: 1.3, align: 'right' },
    { label: 'Duration', weight: 1.3, align: 'right' },
    ...(amounts ? [{ label: `Amount (${d.currency})`, weight: 1.5, align: 'right' as const }] : []),
  ]);
  drawHeaderRow(doc, taskColumns);
  for (const t of d.tasks) {
    drawRow(doc, taskColumns, [t.name ?? '', t.assignee ?? '', estimate(t.estimated_seconds, format), formatDuration(t.seconds, format), ...(amounts ? [money(t.amount_in_cents)] : [])]);
  }
  drawRow(doc, taskColumns, ['Without task', '', '', formatDuration(d.seconds_without_task, format), ...(amounts ? [''] : [])], { color: '#6b6b6b' });
  doc.end();
  return doc;
}
