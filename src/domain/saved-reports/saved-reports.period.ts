import { DateTime } from 'luxon';

// A saved report without a fixed date range keeps a relative period (Toggl's report URLs name
// them `period/thisWeek`, `period/prevMonth`, ...) and is computed for "now" whenever it is
// opened, in the owner's time zone and week start.

export const REPORT_PERIODS = ['today', 'yesterday', 'thisWeek', 'prevWeek', 'thisMonth', 'prevMonth', 'thisYear', 'prevYear'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export const REPORT_PERIOD_NOT_SUPPORTED = 'The report period is not supported';

export function isReportPeriod(value: unknown): value is ReportPeriod {
  return typeof value === 'string' && (REPORT_PERIODS as readonly string[]).includes(value);
}

/**
 * The inclusive dates (YYYY-MM-DD) of a period around `nowMs`. `beginningOfWeek` is Toggl's
 * 0 = Sunday … 6 = Saturday.
 */
export function periodDates(period: ReportPeriod, nowMs: number, timezone: string, beginningOfWeek: number): { start_date: string; end_date: string } {
  const today = DateTime.fromMillis(nowMs, { zone: timezone }).startOf('day');
  const day = (d: DateTime) => d.toISODate()!;
  const range = (start: DateTime, end: DateTime) => ({ start_date: day(start), end_date: day(end) });
  // luxon numbers weekdays 1 = Monday … 7 = Sunday; Toggl 0 = Sunday … 6 = Saturday.
  const weekStart = (d: DateTime) => d.minus({ days: (d.weekday % 7 - beginningOfWeek + 7) % 7 });
  switch (period) {
    case 'today':
      return range(today, today);
    case 'yesterday':
      return range(today.minus({ days: 1 }), today.minus({ days: 1 }));
    case 'thisWeek': {
      const start = weekStart(today);
      return range(start, start.plus({ days: 6 }));
    }
    case 'prevWeek': {
      const start = weekStart(today).minus({ days: 7 });
      return range(start, start.plus({ days: 6 }));
    }
    case 'thisMonth':
      return range(today.startOf('month'), today.endOf('month'));
    case 'prevMonth': {
      const prev = today.minus({ months: 1 });
      return range(prev.startOf('month'), prev.endOf('month'));
    }
    case 'thisYear':
      return range(today.startOf('year'), today.endOf('year'));
    case 'prevYear': {
      const prev = today.minus({ years: 1 });
      return range(prev.startOf('year'), prev.endOf('year'));
    }
  }
}
