// Text forms of durations, dates and amounts shared by the CSV, XLSX and PDF exports.
import { DateTime } from 'luxon';
import type { DateFormat, DurationFormat } from '../../../domain/reports/report-filters.js';
import { localWallClock, type ReportRange } from '../../../domain/reports/report-range.js';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Toggl's duration formats: classic 01:30:00 (the CSV default, reports-v3-responses.md §6),
 * improved 1:30:00, decimal 1.50 (hours).
 */
export function formatDuration(seconds: number, format: DurationFormat): string {
  if (format === 'decimal') return (seconds / 3600).toFixed(2);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${format === 'classic' ? pad(h) : String(h)}:${pad(m)}:${pad(s)}`;
}

const LUXON_DATE: Record<DateFormat, string> = {
  'MM/DD/YYYY': 'MM/dd/yyyy',
  'DD-MM-YYYY': 'dd-MM-yyyy',
  'MM-DD-YYYY': 'MM-dd-yyyy',
  'YYYY-MM-DD': 'yyyy-MM-dd',
  'DD/MM/YYYY': 'dd/MM/yyyy',
  'DD.MM.YYYY': 'dd.MM.yyyy',
};

/** A YYYY-MM-DD date in the requested date format. */
export function formatDate(date: string, format: DateFormat): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).toFormat(LUXON_DATE[format]);
}

/** An instant's local date (YYYY-MM-DD) and time (HH:MM:SS) in the report's time zone. */
export function localParts(epochSeconds: number, zone: string): { date: string; time: string } {
  const wall = localWallClock(epochSeconds, zone);
  return { date: wall.slice(0, 10), time: wall.slice(11) };
}

/** HH:MM, or h:MM AM/PM for a 12-hour clock. */
export function clockTime(time: string, hourFormat: '12h' | '24h'): string {
  if (hourFormat === '24h') return time.slice(0, 5);
  const h = Number(time.slice(0, 2));
  return `${h % 12 === 0 ? 12 : h % 12}:${time.slice(3, 5)} ${h < 12 ? 'AM' : 'PM'}`;
}

/** Cents as a decimal amount, with the requested cents separator. */
export function formatAmount(cents: number, separator = '.'): string {
  const text = (cents / 100).toFixed(2);
  return separator === '.' ? text : text.replace('.', separator);
}

export function periodText(range: ReportRange, format: DateFormat): string {
  return `${formatDate(range.start_date, format)} – ${formatDate(range.end_date, format)}`;
}

export type ReportKind = 'summary' | 'detailed' | 'weekly';

/** e.g. Stint_summary_report_2025-03-01_2025-03-31.csv */
export function exportFilename(kind: ReportKind, range: ReportRange, extension: string): string {
  return `Stint_${kind}_report_${range.start_date}_${range.end_date}.${extension}`;
}

export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;
