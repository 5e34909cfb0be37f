// CSV and XLSX downloads of the insights: project trends, project profitability and employee
// profitability. Both follow the report exports: CSV in UTF-8 with a BOM, a header row and classic
// durations; XLSX with typed cells, durations as decimal hours ("(h)" in the header) and money as
// numbers.
import { stringify } from 'csv-stringify/sync';
import type { EmployeeProfitability, ProjectProfitability, ProjectTrend } from '../../domain/insights/insights.types.js';
import { formatAmount, formatDuration } from '../reports-v3/exports/format.js';
import { hours } from '../reports-v3/exports/xlsx.js';

type Kind = 'text' | 'duration' | 'money';

/** A download's table: typed columns, and rows of text, seconds (durations) or cents (money). */
export interface Table {
  sheet: string;
  columns: { header: string; kind: Kind }[];
  rows: (string | number)[][];
}

const col = (header: string, kind: Kind = 'text') => ({ header, kind });
const total = (list: number[]) => list.reduce((s, v) => s + v, 0);

export function projectTrendsTable(trends: ProjectTrend[]): Table {
  return {
    sheet: 'Project trends',
    columns: [
      col('Project'),
      col('Members'),
      col('Start date'),
      col('End date'),
      col('Duration', 'duration'),
      col('Previous start date'),
      col('Previous end date'),
      col('Previous duration', 'duration'),
    ],
    rows: trends.map((t) => [
      t.name,
      String(t.user_ids.length),
      t.start,
      t.end,
      total(t.current_period_seconds),
      t.previous_start,
      t.previous_end,
      total(t.previous_period_seconds),
    ]),
  };
}

export function projectProfitabilityTable(p: ProjectProfitability): Table {
  const c = p.currency;
  return {
    sheet: 'Project profitability',
    columns: [
      col('Project'),
      col('Client'),
      col('Duration', 'duration'),
      col('Billable duration', 'duration'),
      col(`Earnings (${c})`, 'money'),
      col(`Labour cost (${c})`, 'money'),
      col(`Profit (${c})`, 'money'),
      col('Fixed fee'),
    ],
    rows: p.table.map((r) => [
      r.name,
      r.client_name ?? '',
      r.total_seconds,
      r.billable_seconds,
      r.earnings,
      r.labour_cost,
      r.earnings - r.labour_cost,
      r.fixed_fee ? 'Yes' : 'No',
    ]),
  };
}

export function employeeProfitabilityTable(p: EmployeeProfitability): Table {
  const c = p.currency;
  return {
    sheet: 'Employee profitability',
    columns: [
      col('Start date'),
      col('End date'),
      col('Member'),
      col('Email'),
      col('Duration', 'duration'),
      col('Billable duration', 'duration'),
      col(`Earnings (${c})`, 'money'),
      col(`Labour cost (${c})`, 'money'),
      col(`Profit (${c})`, 'money'),
    ],
    rows: p.rows.map((r) => [
      r.period_start,
      r.period_end,
      r.name,
      r.email,
      r.total_seconds,
      r.billable_seconds,
      r.earnings,
      r.labour_cost,
      r.earnings - r.labour_cost,
    ]),
  };
}

export function tableCsv(table: Table): string {
  const records = table.rows.map((row) =>
    row.map((value, i) => {
      const kind = table.columns[i]!.kind;
      return kind === 'duration' ? formatDuration(Number(value), 'classic') : kind === 'money' ? formatAmount(Number(value)) : String(value);
    }),
  );
  return stringify(records, { bom: true, header: true, columns: table.columns.map((c) => c.header), record_delimiter: 'windows' });
}

export async function tableXlsx(table: Table): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(table.sheet);
  sheet.columns = table.columns.map((c) => {
    const header = c.kind === 'duration' ? `${c.header} (h)` : c.header;
    return { header, width: Math.max(12, header.length + 6) };
  });
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    const added = sheet.addRow(row.map((value, i) => {
      const kind = table.columns[i]!.kind;
      return kind === 'duration' ? hours(Number(value)) : kind === 'money' ? Number(value) / 100 : value;
    }));
    table.columns.forEach((c, i) => {
      if (c.kind === 'duration') added.getCell(i + 1).numFmt = '0.00';
      if (c.kind === 'money') added.getCell(i + 1).numFmt = '#,##0.00';
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
