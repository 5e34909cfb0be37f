// The weekly report as XLSX, for shared weekly reports (Toggl offers XLSX for every saved report,
// while the weekly operation itself exports only CSV and PDF). The CSV's table with typed cells:
// hours or amounts as numbers, like the other XLSX exports.
import type { ExportOptions } from '../../../domain/reports/report-filters.js';
import type { WeeklyReport } from '../../../domain/reports/reports.types.js';
import { weeklyTable } from './csv.js';
import { hours } from './xlsx.js';

export async function weeklyXlsx(report: WeeklyReport, o: ExportOptions): Promise<Buffer> {
  const table = weeklyTable(report, o);
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Weekly report');
  // Seven day columns and the total follow the labels.
  const labels = table.columns.length - 8;
  const unit = table.amounts ? '' : ' (h)';
  sheet.columns = table.columns.map((header, i) => ({ header: i >= labels ? `${header}${unit}` : header, width: Math.max(12, header.length + 6) }));
  sheet.getRow(1).font = { bold: true };
  for (const r of table.rows) {
    const numbers = [...r.values, r.total].map((v) => (table.amounts ? v / 100 : hours(v)));
    const row = sheet.addRow([...r.cells, ...numbers]);
    numbers.forEach((_, i) => {
      row.getCell(labels + i + 1).numFmt = table.amounts ? '#,##0.00' : '0.00';
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
