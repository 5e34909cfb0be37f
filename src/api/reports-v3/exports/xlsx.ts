// XLSX exports with typed cells: durations are numbers of hours and amounts are numbers, so a
// spreadsheet can sum them. Durations are not written as time-formatted serials: readers (exceljs
// among them) turn any h/m/s number format into dates. The detailed export streams rows into the
// workbook as they are read.
import { PassThrough, type Readable } from 'node:stream';
import type { ExportOptions } from '../../../domain/reports/report-filters.js';
import type { DetailedRow, SummaryReport } from '../../../domain/reports/reports.types.js';
import { detailedColumns, detailedRecord, summaryTable } from './csv.js';

const AMOUNT_FORMAT = '#,##0.00';

const HOURS_FORMAT = '0.00';
const HOURS_HEADER = 'Duration (h)';

/** Hours, to the second. */
export const hours = (seconds: number): number => Math.round((seconds / 3600) * 1e6) / 1e6;

export interface DetailedXlsxOptions {
  zone: string;
  currency: string;
  amounts: boolean;
}

export async function detailedXlsx(batches: AsyncIterable<DetailedRow[]>, o: DetailedXlsxOptions): Promise<Readable> {
  const out = new PassThrough();
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Detailed report');
  const columns = detailedColumns(o).map((c) => (c === 'Duration' ? HOURS_HEADER : c));
  sheet.columns = columns.map((header) => ({ header, width: header === 'Description' ? 40 : header.length + 8 }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  const durationIndex = columns.indexOf(HOURS_HEADER) + 1;
  void (async () => {
    for await (const batch of batches) {
      for (const row of batch) {
        const r = detailedRecord(row, o.zone);
        const values: unknown[] = [r.user, r.email, r.client, r.project, r.task, r.description, r.billable, r.start.date, r.start.time, r.stop.date, r.stop.time, hours(r.seconds), r.tags];
        if (o.amounts) values.push(r.amountCents === null ? null : r.amountCents / 100);
        const added = sheet.addRow(values);
        added.getCell(durationIndex).numFmt = HOURS_FORMAT;
        if (o.amounts) added.getCell(columns.length).numFmt = AMOUNT_FORMAT;
        added.commit();
      }
    }
    sheet.commit();
    await workbook.commit();
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

export async function summaryXlsx(report: SummaryReport, o: ExportOptions): Promise<Buffer> {
  const table = summaryTable(report, o);
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Summary report');
  sheet.columns = table.columns.map((c) => (c === 'Duration' ? HOURS_HEADER : c)).map((header) => ({ header, width: Math.max(12, header.length + 6) }));
  sheet.getRow(1).font = { bold: true };
  const textCount = table.columns.length - 1 - (table.showRate ? 1 : 0) - (table.showAmount ? 1 : 0);
  let totalSeconds = 0;
  let totalCents = 0;
  for (const r of table.rows) {
    const values: unknown[] = [...r.cells, hours(r.seconds)];
    if (table.showRate) values.push(r.rateCents === null ? null : r.rateCents / 100);
    if (table.showAmount) values.push(r.amountCents === null ? null : r.amountCents / 100);
    const row = sheet.addRow(values);
    row.getCell(textCount + 1).numFmt = HOURS_FORMAT;
    for (let i = textCount + 2; i <= values.length; i++) row.getCell(i).numFmt = AMOUNT_FORMAT;
    totalSeconds += r.seconds;
    totalCents += r.amountCents ?? 0;
  }
  const totals: unknown[] = ['Total', ...Array(textCount - 1).fill(null), hours(totalSeconds)];
  if (table.showRate) totals.push(null);
  if (table.showAmount) totals.push(totalCents / 100);
  const totalRow = sheet.addRow(totals);
  totalRow.font = { bold: true };
  totalRow.getCell(textCount + 1).numFmt = HOURS_FORMAT;
  if (table.showAmount) totalRow.getCell(totals.length).numFmt = AMOUNT_FORMAT;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
