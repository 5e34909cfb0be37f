// Project timeframes, status and recurring periods: pure functions of the project and "today".
// Dates are calendar days (YYYY-MM-DD) as Toggl stores them; "today" is the viewer's day in their
// own timezone, so a project ending today is still active for the person looking at it.
import { DateTime } from 'luxon';
import type { Period, ProjectStatus, RecurringParameters } from './projects.types.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isValidDay(value: unknown): value is string {
  return typeof value === 'string' && DAY.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

export function todayIn(timezone: string, nowMs: number): string {
  const local = DateTime.fromMillis(nowMs, { zone: timezone });
  return (local.isValid ? local : DateTime.fromMillis(nowMs, { zone: 'utc' })).toISODate()!;
}


/** Epoch milliseconds of 00:00 UTC of a day. */
export function dayStartMs(day: string): number {
  return DateTime.fromISO(day, { zone: 'utc' }).toMillis();
}

export function projectStatus(
  p: { deleted_at: number | null; active: boolean; start_date: string | null; end_date: string | null },
  today: string,
): ProjectStatus {
  if (p.deleted_at !== null) return 'deleted';
  if (!p.active) return 'archived';
  if (p.start_date !== null && p.start_date > today) return 'upcoming';
  if (p.end_date !== null && p.end_date < today) return 'ended';
  return 'active';
}

export const RECURRING_PERIODS = ['weekly', 'biweekly', 'monthly', 'quarterly', 'yearly', 'custom'] as const;
export type RecurringPeriodName = (typeof RECURRING_PERIODS)[number];

function step(params: Pick<RecurringParameters, 'period' | 'custom_period'>, k: number) {
  switch (params.period as RecurringPeriodName) {
    case 'weekly':
      return { weeks: k };
    case 'biweekly':
      return { weeks: 2 * k };
    case 'monthly':
      return { months: k };
    case 'quarterly':
      return { months: 3 * k };
    case 'yearly':
      return { years: k };
    case 'custom':
      // custom_period counts days.
      return { days: k * Math.max(1, params.custom_period ?? 1) };
  }
}

/**
 * The period of a recurring schedule that contains `day`. Periods start on project_start_date and
 * repeat every `period`; each one is computed from the anchor (not from the previous period) so a
 * schedule anchored on the 31st comes back to the 31st after a short month. A day before the
 * schedule begins belongs to the first period.
 */
export function periodContaining(params: Pick<RecurringParameters, 'period' | 'custom_period' | 'project_start_date'>, day: string): Period {
  const anchor = DateTime.fromISO(params.project_start_date, { zone: 'utc' });
  const target = DateTime.fromISO(day, { zone: 'utc' });
  const startOf = (k: number) => anchor.plus(step(params, k));
  let k = 0;
  if (target > anchor) {
    const days = target.diff(anchor, 'days').days;
    const first = startOf(1).diff(anchor, 'days').days;
    k = Math.max(0, Math.floor(days / Math.max(1, first)) - 1);
    while (startOf(k + 1) <= target) k++;
    while (k > 0 && startOf(k) > target) k--;
  }
  return { start_date: startOf(k).toISODate()!, end_date: startOf(k + 1).minus({ days: 1 }).toISODate()! };
}

/** The period in force today, from the latest recurring parameters; null for a plain project. */
export function currentPeriod(recurring: boolean, parameters: RecurringParameters[] | null, today: string): Period | null {
  if (!recurring || !parameters || parameters.length === 0) return null;
  return periodContaining(parameters[parameters.length - 1]!, today);
}
