// PDF exports (pdfkit): A4 pages with real text (selectable and searchable), a header with the
// title, period, workspace, filters and totals, then the report's table; summaries also get a bar
// chart of time per day, week or month. The document is a stream, written as rows arrive.
import { DateTime } from 'luxon';
import type { ExportOptions } from '../../../domain/reports/report-filters.js';
import type { DetailedRow, ReportContext, SummaryReport, TotalsReport, WeeklyReport } from '../../../domain/reports/reports.types.js';
import { summaryLevel, summaryTable, weeklyTable } from './csv.js';
import { clockTime, formatAmount, formatDate, formatDuration, localParts, periodText } from './format.js';

export type Doc = PDFKit.PDFDocument;

const MARGIN = 40;
const INK = '#1f1f1f';
const MUTED = '#6b6b6b';
const RULE = '#d9d9d9';
const BAR = '#8fb7e3';
const BAR_BILLABLE = '#2d6fb8';

/**
 * The standard PDF fonts encode WinAnsi only; anything outside it would print as garbage, so it
 * is shown as "?" (names in other scripts need an embedded font, which Stint does not ship).
 */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
export function pdfText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out += (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch) ? ch : '?';
  }
  return out;
}

/**
 * pdfkit (like exceljs) is loaded on the first export rather than at start: the two libraries
 * are over a third of an idle server's heap, which every major garbage collection walks.
 */
export async function newDocument(title: string): Promise<Doc> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: title, Creator: 'Stint', Producer: 'Stint' } });
  let page = 1;
  const footer = () => {
    const { height, width } = doc.page;
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(7).fillColor(MUTED).text(`${title} · page ${page}`, MARGIN, height - 25, { width: width - 2 * MARGIN, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
    doc.fillColor(INK);
    doc.x = MARGIN;
    doc.y = doc.page.margins.top;
  };
  doc.on('pageAdded', () => {
    page += 1;
    footer();
  });
  footer();
  return doc;
}

const pageWidth = (doc: Doc) => doc.page.width - 2 * MARGIN;
const pageBottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom - 10;

/** Starts a new page when fewer than `height` points are left. */
function ensureSpace(doc: Doc, height: number): boolean {
  if (doc.y + height <= pageBottom(doc)) return false;
  doc.addPage();
  return true;
}

/** Cuts text to a width with an ellipsis, so table cells stay on one line. */
function fit(doc: Doc, text: string, width: number): string {
  const clean = pdfText(text);
  if (doc.widthOfString(clean) <= width) return clean;
  let lo = 0;
  let hi = clean.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (doc.widthOfString(clean.slice(0, mid) + '…') <= width) lo = mid;
    else hi = mid - 1;
  }
  return clean.slice(0, lo) + '…';
}

interface Column {
  label: string;
  width: number;
  align?: 'left' | 'right';
}

export function drawRow(doc: Doc, columns: Column[], cells: string[], options: { bold?: boolean; color?: string; size?: number; indent?: number } = {}): void {
  const size = options.size ?? 8;
  const height = size + 6;
  ensureSpace(doc, height);
  const y = doc.y;
  doc.font(options.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size).fillColor(options.color ?? INK);
  let x = MARGIN;
  columns.forEach((c, i) => {
    const indent = i === 0 ? (options.indent ?? 0) : 0;
    const w = c.width - 4 - indent;
    doc.text(fit(doc, cells[i] ?? '', w), x + indent, y, { width: w, align: c.align ?? 'left', lineBreak: false });
    x += c.width;
  });
  doc.fillColor(INK);
  doc.x = MARGIN;
  doc.y = y + height;
}

export function drawHeaderRow(doc: Doc, columns: Column[]): void {
  ensureSpace(doc, 40);
  drawRow(doc, columns, columns.map((c) => c.label), { bold: true, color: MUTED, size: 7 });
  doc.moveTo(MARGIN, doc.y - 3).lineTo(MARGIN + pageWidth(doc), doc.y - 3).lineWidth(0.5).strokeColor(RULE).stroke();
  doc.y += 2;
}

/** Scales relative column widths to the page. */
export function columnsOf(doc: Doc, spec: { label: string; weight: number; align?: 'left' | 'right' }[]): Column[] {
  const total = spec.reduce((s, c) => s + c.weight, 0);
  return spec.map((c) => ({ label: c.label, width: (c.weight / total) * pageWidth(doc), ...(c.align ? { align: c.align } : {}) }));
}

export interface PdfHeader {
  title: string;
  context: ReportContext;
  period: string;
  totals: { label: string; value: string }[];
}

export function drawHeader(doc: Doc, h: PdfHeader): void {
  doc.font('Helvetica-Bold').fontSize(18).fillColor(INK).text(pdfText(h.title), MARGIN, doc.y);
  doc.font('Helvetica').fontSize(10).fillColor(MUTED).text(pdfText(`${h.period} · ${h.context.workspace_name}`));
  doc.moveDown(0.6);
  const filters = h.context.filters.length ? h.context.filters.map((f) => `${f.label}: ${f.value}`).join('   ·   ') : 'No filters';
  doc.font('Helvetica').fontSize(8).fillColor(MUTED).text(pdfText(`Filters: ${filters}`), { width: pageWidth(doc) });
  doc.moveDown(0.8);
  let x = MARGIN;
  const y = doc.y;
  for (const t of h.totals) {
    doc.font('Helvetica').fontSize(8).fillColor(MUTED).text(pdfText(t.label.toUpperCase()), x, y, { lineBreak: false });
    doc.font('Helvetica-Bold').fontSize(14).fillColor(INK).text(pdfText(t.value), x, y + 11, { lineBreak: false });
    x += 130;
  }
  doc.x = MARGIN;
  doc.y = y + 36;
  doc.fillColor(INK);
}

function totalsLine(totals: TotalsReport, o: ExportOptions): PdfHeader['totals'] {
  const out = [
    { label: 'Total', value: formatDuration(totals.seconds, o.duration_format) },
    { label: 'Billable', value: formatDuration(totals.billable_seconds, o.duration_format) },
  ];
  if (totals.billable_amount_in_cents !== null && !o.hide_amounts) {
    out.push({ label: 'Amount', value: `${formatAmount(totals.billable_amount_in_cents, o.cents_separator)} ${totals.currency}` });
  }
  return out;
}

function bucketLabel(totals: TotalsReport, index: number, o: ExportOptions): string {
  const start = DateTime.fromISO(totals.range.start_date, { zone: 'UTC' });
  const d = totals.resolution === 'day' ? start.plus({ days: index }) : totals.resolution === 'week' ? start.plus({ weeks: index }) : start.plus({ months: index });
  return totals.resolution === 'month' ? d.toFormat('LLL yyyy') : formatDate(d.toISODate()!, o.date_format).slice(0, 5);
}

/** Column chart of time per bucket, billable time darker, with an hour scale. */
function drawChart(doc: Doc, totals: TotalsReport, o: ExportOptions): void {
  const graph = totals.graph ?? [];
  if (graph.length === 0) return;
  const height = 130;
  ensureSpace(doc, height + 50);
  const top = doc.y + 6;
  const left = MARGIN + 30;
  const width = pageWidth(doc) - 30;
  const maxHours = Math.max(1, Math.ceil(Math.max(...graph.map((b) => b.seconds)) / 3600));
  doc.font('Helvetica').fontSize(7).fillColor(MUTED);
  for (const frac of [0, 0.5, 1]) {
    const y = top + height - frac * height;
    doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.4).strokeColor(RULE).stroke();
    doc.text(`${Math.round(maxHours * frac * 10) / 10} h`, MARGIN, y - 4, { width: 26, align: 'right', lineBreak: false });
  }
  const slot = width / graph.length;
  const barWidth = Math.max(1, slot * 0.7);
  const labelEvery = Math.ceil(graph.length / Math.floor(width / 34));
  graph.forEach((b, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    const total = (b.seconds / 3600 / maxHours) * height;
    const billable = (b.billable_seconds / 3600 / maxHours) * height;
    if (total > 0) doc.rect(x, top + height - total, barWidth, total).fill(BAR);
    if (billable > 0) doc.rect(x, top + height - billable, barWidth, billable).fill(BAR_BILLABLE);
    if (i % labelEvery === 0) {
      doc.font('Helvetica').fontSize(6).fillColor(MUTED).text(bucketLabel(totals, i, o), left + i * slot - 10, top + height + 4, { width: slot * labelEvery + 20, align: 'left', lineBreak: false });
    }
  });
  // Legend: billable time is the darker part of each bar.
  const legendY = top + height + 16;
  doc.rect(left, legendY, 7, 7).fill(BAR_BILLABLE);
  doc.font('Helvetica').fontSize(7).fillColor(MUTED).text('Billable', left + 10, legendY, { lineBreak: false });
  doc.rect(left + 50, legendY, 7, 7).fill(BAR);
  doc.fillColor(MUTED).text('Non-billable', left + 60, legendY, { lineBreak: false });
  doc.fillColor(INK);
  doc.x = MARGIN;
  doc.y = legendY + 16;
}

export async function summaryPdf(report: SummaryReport, totals: TotalsReport, context: ReportContext, o: ExportOptions): Promise<Doc> {
  const doc = await newDocument('Summary report');
  drawHeader(doc, { title: 'Summary report', context, period: periodText(report.range, o.date_format), totals: totalsLine(totals, o) });
  drawChart(doc, totals, o);
  const table = summaryTable(report, o);
  const group = summaryLevel(report.grouping, null);
  const sub = summaryLevel(report.sub_grouping, report.grouping);
  const labels = [...group.columns, ...sub.columns];
  const columns = columnsOf(doc, [
    ...labels.map((label, i) => ({ label, weight: i === labels.length - 1 ? 3 : 2 })),
    { label: 'Duration', weight: 1.3, align: 'right' as const },
    { label: '%', weight: 0.7, align: 'right' as const },
    ...(table.showRate ? [{ label: 'Rate', weight: 1, align: 'right' as const }] : []),
    ...(table.showAmount ? [{ label: `Amount (${report.currency})`, weight: 1.3, align: 'right' as const }] : []),
  ]);
  const grand = report.groups.reduce((s, g) => s + g.seconds, 0);
  const share = (seconds: number) => (grand > 0 ? `${((seconds / grand) * 100).toFixed(1)}` : '');
  const money = (cents: number | null) => (cents === null ? '' : formatAmount(cents, o.cents_separator));
  drawHeaderRow(doc, columns);
  // Each group in bold with its total, its sub-groups beneath it.
  for (const g of report.groups) {
    ensureSpace(doc, 30);
    drawRow(doc, columns, [...group.values(g), ...sub.columns.map(() => ''), formatDuration(g.seconds, o.duration_format), share(g.seconds), ...(table.showRate ? [''] : []), ...(table.showAmount ? [money(g.amount_in_cents)] : [])], { bold: true });
    for (const s of g.sub_groups) {
      const cells = sub.values(s).map((v) => (v === '' && report.sub_grouping === 'time_entries' ? '(no description)' : v));
      const rate = s.rates && s.rates.length === 1 ? money(s.rates[0]!.hourly_rate_in_cents) : '';
      drawRow(doc, columns, [...group.columns.map(() => ''), ...cells, formatDuration(s.seconds, o.duration_format), share(s.seconds), ...(table.showRate ? [rate] : []), ...(table.showAmount ? [money(s.amount_in_cents)] : [])], { color: '#3a3a3a' });
    }
  }
  doc.moveDown(0.5);
  drawRow(doc, columns, ['Total', ...Array(labels.length - 1).fill(''), formatDuration(totals.seconds, o.duration_format), grand > 0 ? '100.0' : '', ...(table.showRate ? [''] : []), ...(table.showAmount ? [money(totals.billable_amount_in_cents ?? 0)] : [])], { bold: true });
  doc.end();
  return doc;
}

export async function detailedPdf(
  batches: AsyncIterable<DetailedRow[]>,
  totals: TotalsReport,
  context: ReportContext,
  o: ExportOptions & { zone: string; amounts: boolean },
): Promise<Doc> {
  const doc = await newDocument('Detailed report');
  drawHeader(doc, { title: 'Detailed report', context, period: periodText(totals.range, o.date_format), totals: totalsLine(totals, o) });
  const columns = columnsOf(doc, [
    { label: 'Description', weight: 4 },
    { label: 'Member', weight: 2 },
    { label: 'Date', weight: 1.4 },
    { label: 'Time', weight: 2 },
    { label: 'Duration', weight: 1.3, align: 'right' },
    ...(o.amounts ? [{ label: `Amount (${totals.currency})`, weight: 1.4, align: 'right' as const }] : []),
  ]);
  const time = (s: number) => clockTime(localParts(s, o.zone).time, o.hour_format);
  drawHeaderRow(doc, columns);
  void (async () => {
    let any = false;
    for await (const batch of batches) {
      for (const row of batch) {
        any = true;
        const first = row.time_entries[0]!;
        const last = row.time_entries.reduce((a, e) => (e.stop > a.stop ? e : a), first);
        const seconds = row.time_entries.reduce((s, e) => s + e.seconds, 0);
        if (ensureSpace(doc, 24)) drawHeaderRow(doc, columns);
        const startY = doc.y;
        drawRow(doc, columns, [
          row.description || '(no description)',
          row.username,
          formatDate(localParts(first.start, o.zone).date, o.date_format),
          `${time(first.start)} – ${time(last.stop)}`,
          formatDuration(seconds, o.duration_format),
          ...(o.amounts ? [row.billable_amount_in_cents === null ? '' : formatAmount(row.billable_amount_in_cents, o.cents_separator)] : []),
        ]);
        const detail = [row.project_name, row.client_name, row.task_name].filter(Boolean).join(' · ');
        const tags = row.tag_names.length ? `  [${row.tag_names.join(', ')}]` : '';
        if (detail || tags) drawRow(doc, columns.slice(0, 1).map((c) => ({ ...c, width: pageWidth(doc) })), [detail + tags], { color: MUTED, size: 7 });
        if (doc.y > startY) doc.moveTo(MARGIN, doc.y - 1).lineTo(MARGIN + pageWidth(doc), doc.y - 1).lineWidth(0.3).strokeColor(RULE).stroke();
      }
    }
    if (!any) drawRow(doc, columns, ['No time entries in this period']);
    doc.end();
  })().catch((err: unknown) => doc.emit('error', err));
  return doc;
}

export async function weeklyPdf(report: WeeklyReport, context: ReportContext, o: ExportOptions): Promise<Doc> {
  const doc = await newDocument('Weekly report');
  const table = weeklyTable(report, o);
  const total = report.rows.reduce((s, r) => s + r.seconds.reduce((a, b) => a + b, 0), 0);
  const billable = report.rows.reduce((s, r) => s + r.billable_seconds.reduce((a, b) => a + b, 0), 0);
  const headerTotals = [
    { label: 'Total', value: formatDuration(total, o.duration_format) },
    { label: 'Billable', value: formatDuration(billable, o.duration_format) },
  ];
  if (report.money.amounts && !o.hide_amounts) {
    const amount = report.rows.reduce((s, r) => s + (r.billable_amounts_in_cents ?? []).reduce((a, b) => a + b, 0), 0);
    headerTotals.push({ label: 'Amount', value: `${formatAmount(amount, o.cents_separator)} ${report.currency}` });
  }
  drawHeader(doc, { title: 'Weekly report', context, period: periodText(report.range, o.date_format), totals: headerTotals });
  const dayLabels = table.columns.slice(3, 10).map((d) => DateTime.fromISO(d, { zone: 'UTC' }).toFormat('ccc') + ' ' + formatDate(d, o.date_format).slice(0, 5));
  const columns = columnsOf(doc, [
    { label: table.columns[0]!, weight: 2 },
    { label: table.columns[1]!, weight: 2 },
    ...dayLabels.map((label) => ({ label, weight: 1, align: 'right' as const })),
    { label: 'Total', weight: 1.2, align: 'right' },
  ]);
  const show = (v: number) => (v === 0 ? '' : table.amounts ? formatAmount(v, o.cents_separator) : formatDuration(v, o.duration_format));
  drawHeaderRow(doc, columns);
  const dayTotals = Array(7).fill(0) as number[];
  for (const r of table.rows) {
    r.values.forEach((v, i) => (dayTotals[i] = dayTotals[i]! + v));
    const second = r.cells[2] ? `${r.cells[1]} (${r.cells[2]})` : r.cells[1]!;
    drawRow(doc, columns, [r.cells[0]!, second, ...r.values.map(show), show(r.total)]);
  }
  doc.moveDown(0.5);
  drawRow(doc, columns, ['Total', '', ...dayTotals.map(show), show(dayTotals.reduce((a, b) => a + b, 0))], { bold: true });
  doc.end();
  return doc;
}
