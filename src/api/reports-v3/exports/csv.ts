// CSV exports. Toggl's files are UTF-8 with a BOM and a header row (reports-v3-responses.md §6);
// the detailed export is streamed row batch by row batch, so memory stays flat however long the
// period is.
import { Readable, type Transform } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { ExportOptions, Grouping, SubGrouping } from '../../../domain/reports/report-filters.js';
import type { DetailedRow, SummaryGroup, SummaryReport, SummarySubGroup, WeeklyReport } from '../../../domain/reports/reports.types.js';
import { formatAmount, formatDuration, localParts } from './format.js';

function csv(columns: string[]): Transform {
  return stringify({ bom: true, header: true, columns, record_delimiter: 'windows' });
}

/** A stream of CSV text from a header and an (async) iterable of records. */
function toCsv(columns: string[], records: AsyncIterable<unknown[]> | Iterable<unknown[]>): Readable {
  const out = csv(columns);
  const source = Readable.from(records, { objectMode: true });
  source.on('error', (err) => out.destroy(err));
  return source.pipe(out);
}

export interface DetailedCsvOptions {
  zone: string;
  currency: string;
  amounts: boolean;
  durationFormat: ExportOptions['duration_format'];
}

/** Toggl's detailed columns: User,Email,Client,Project,Task,Description,Billable,Start date,…,Amount (CUR). */
export function detailedColumns(o: { amounts: boolean; currency: string }): string[] {
  const columns = ['User', 'Email', 'Client', 'Project', 'Task', 'Description', 'Billable', 'Start date', 'Start time', 'End date', 'End time', 'Duration', 'Tags'];
  if (o.amounts) columns.push(`Amount (${o.currency})`);
  return columns;
}

/** One CSV/XLSX record per detailed row (a grouped row spans its first start to its last stop). */
export function detailedRecord(row: DetailedRow, zone: string): {
  user: string;
  email: string;
  client: string;
  project: string;
  task: string;
  description: string;
  billable: string;
  start: ReturnType<typeof localParts>;
  stop: ReturnType<typeof localParts>;
  seconds: number;
  tags: string;
  amountCents: number | null;
} {
  const first = row.time_entries[0]!;
  const last = row.time_entries.reduce((a, e) => (e.stop > a.stop ? e : a), first);
  return {
    user: row.username,
    email: row.email,
    client: row.client_name ?? '',
    project: row.project_name ?? '',
    task: row.task_name ?? '',
    description: row.description,
    billable: row.billable ? 'Yes' : 'No',
    start: localParts(first.start, zone),
    stop: localParts(last.stop, zone),
    seconds: row.time_entries.reduce((s, e) => s + e.seconds, 0),
    tags: row.tag_names.join(', '),
    amountCents: row.billable_amount_in_cents,
  };
}

export function detailedCsv(batches: AsyncIterable<DetailedRow[]>, o: DetailedCsvOptions): Readable {
  async function* records() {
    for await (const batch of batches) {
      for (const row of batch) {
        const r = detailedRecord(row, o.zone);
        const record: unknown[] = [r.user, r.email, r.client, r.project, r.task, r.description, r.billable, r.start.date, r.start.time, r.stop.date, r.stop.time, formatDuration(r.seconds, o.durationFormat), r.tags];
        if (o.amounts) record.push(r.amountCents === null ? '' : formatAmount(r.amountCents));
        yield record;
      }
    }
  }
  return toCsv(detailedColumns(o), records());
}

const WITHOUT: Record<string, string> = {
  projects: 'Without project',
  clients: 'Without client',
  tasks: 'Without task',
  tags: 'Without tags',
  users: '',
};

/** Column names and cell values of one level (group or sub-group) of a summary. */
export function summaryLevel(kind: Grouping | SubGrouping, grouping: Grouping | null): { columns: string[]; values(item: SummaryGroup | SummarySubGroup): string[] } {
  const title = (item: SummaryGroup | SummarySubGroup) => item.title ?? WITHOUT[kind] ?? '';
  switch (kind) {
    case 'projects':
      // The client already has its column when the report is grouped by client.
      return grouping === 'clients'
        ? { columns: ['Project'], values: (i) => [title(i)] }
        : { columns: ['Project', 'Client'], values: (i) => [title(i), i.client_name ?? ''] };
    case 'clients':
      return { columns: ['Client'], values: (i) => [title(i)] };
    case 'users':
      return { columns: ['User'], values: (i) => [title(i)] };
    case 'tags':
      return { columns: ['Tags'], values: (i) => [title(i)] };
    case 'tasks':
      return { columns: ['Task'], values: (i) => [title(i)] };
    case 'time_entries':
      return { columns: ['Description'], values: (i) => [i.title ?? ''] };
  }
}

export interface SummaryTable {
  columns: string[];
  /** Text cells before the numbers, then seconds, rate (cents) and amount (cents) where shown. */
  rows: { cells: string[]; seconds: number; rateCents: number | null; amountCents: number | null }[];
  showRate: boolean;
  showAmount: boolean;
}

/**
 * The summary as a table, one row per sub-group (a group without sub-groups gets one row):
 * Project, Client, Description, Duration (reports-v3-responses.md §6), with rate and amount columns
 * when the viewer may see them and the request does not hide them.
 */
export function summaryTable(report: SummaryReport, o: ExportOptions): SummaryTable {
  const group = summaryLevel(report.grouping, null);
  const sub = summaryLevel(report.sub_grouping, report.grouping);
  const showAmount = report.money.amounts && !o.hide_amounts;
  const showRate = showAmount && report.distinguish_rates && !o.hide_rates;
  const columns = [...group.columns, ...sub.columns, 'Duration'];
  if (showRate) columns.push(`Rate (${report.currency})`);
  if (showAmount) columns.push(`Amount (${report.currency})`);
  const rows: SummaryTable['rows'] = [];
  for (const g of report.groups) {
    const subs = g.sub_groups.length > 0 ? g.sub_groups : [null];
    for (const s of subs) {
      rows.push({
        cells: [...group.values(g), ...(s ? sub.values(s) : sub.columns.map(() => ''))],
        seconds: s ? s.seconds : g.seconds,
        rateCents: s && s.rates && s.rates.length === 1 ? s.rates[0]!.hourly_rate_in_cents : null,
        amountCents: s ? s.amount_in_cents : g.amount_in_cents,
      });
    }
  }
  return { columns, rows, showRate, showAmount };
}

export function summaryCsv(report: SummaryReport, o: ExportOptions): Readable {
  const table = summaryTable(report, o);
  const records = table.rows.map((r) => {
    const record: unknown[] = [...r.cells, formatDuration(r.seconds, o.duration_format)];
    if (table.showRate) record.push(r.rateCents === null ? '' : formatAmount(r.rateCents));
    if (table.showAmount) record.push(r.amountCents === null ? '' : formatAmount(r.amountCents));
    return record;
  });
  return toCsv(table.columns, records);
}

export interface WeeklyTable {
  columns: string[];
  /** Label cells, then seven day values and the total (seconds, or cents when calculating amounts). */
  rows: { cells: string[]; values: number[]; total: number }[];
  amounts: boolean;
}

/**
 * The weekly report as a table. Toggl publishes nothing about this file; Stint writes the labels
 * (User, Project, Client — or Project, Client, User when grouped by project), one column per day
 * (YYYY-MM-DD) and a total.
 */
export function weeklyTable(report: WeeklyReport, o: ExportOptions): WeeklyTable {
  const amounts = o.calculate === 'amounts' && report.money.amounts;
  const days = Array.from({ length: 7 }, (_, i) => localDayLabel(report.range.start_date, i));
  const byProject = o.weekly_grouping === 'projects';
  const labels = byProject ? ['Project', 'Client', 'User'] : ['User', 'Project', 'Client'];
  const rows = report.rows.map((r) => {
    const project = r.project_name ?? 'Without project';
    const cells = byProject ? [project, r.client_name ?? '', r.user_name] : [r.user_name, project, r.client_name ?? ''];
    const values = amounts ? (r.billable_amounts_in_cents ?? Array(7).fill(0)) : r.seconds;
    return { cells, values, total: values.reduce((s, v) => s + v, 0) };
  });
  if (byProject) rows.sort((a, b) => a.cells[0]!.localeCompare(b.cells[0]!) || a.cells[2]!.localeCompare(b.cells[2]!));
  return { columns: [...labels, ...days, amounts ? `Total (${report.currency})` : 'Total'], rows, amounts };
}

function localDayLabel(start: string, offset: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

export function weeklyCsv(report: WeeklyReport, o: ExportOptions): Readable {
  const table = weeklyTable(report, o);
  const show = (v: number) => (table.amounts ? formatAmount(v) : formatDuration(v, o.duration_format));
  return toCsv(
    table.columns,
    table.rows.map((r) => [...r.cells, ...r.values.map(show), show(r.total)]),
  );
}
