import { DateTime } from 'luxon';
import type { DateRange } from './filters';

// Shaping the API's answers into what the charts and tables draw. Pure; see chartData.test.ts.

export interface GraphBucket {
  seconds: number;
}

export interface BarSeries {
  labels: string[];
  /** Hours per bucket. */
  billable: number[];
  nonBillable: number[];
}

const hours = (s: number) => Math.round((s / 3600) * 100) / 100;

/**
 * Bars from the totals graph. Buckets carry no date: bucket i starts at start + i × resolution
 * (reports-v3-responses.md §2). Billable time comes from a second totals request filtered on
 * billable, whose buckets line up with the first; without it (the filter already fixes billable)
 * everything is `allBillable` or not.
 */
export function barSeries(
  range: DateRange,
  resolution: 'day' | 'week' | 'month',
  all: GraphBucket[],
  billable: GraphBucket[] | null,
  allBillable = false,
): BarSeries {
  const start = DateTime.fromISO(range.start);
  const labels = all.map((_, i) => {
    const at = resolution === 'day' ? start.plus({ days: i }) : resolution === 'week' ? start.plus({ weeks: i }) : start.plus({ months: i });
    return resolution === 'month' ? at.toFormat('LLL yyyy') : resolution === 'week' ? at.toFormat('d LLL') : at.toFormat('ccc d');
  });
  const b = all.map((bucket, i) => (billable ? Math.min(bucket.seconds, billable[i]?.seconds ?? 0) : allBillable ? bucket.seconds : 0));
  return {
    labels,
    billable: b.map(hours),
    nonBillable: all.map((bucket, i) => hours(bucket.seconds - b[i]!)),
  };
}

export interface SummarySubGroup {
  id: number | null;
  title: string;
  seconds: number;
  project_hex_color?: string | null;
}

export interface SummaryGroup {
  id: number | null;
  sub_groups: SummarySubGroup[];
  project_hex_color?: string | null;
  ids?: number[];
}

export interface TableGroup {
  key: string;
  label: string;
  color: string | null;
  seconds: number;
  rows: { key: string; label: string; seconds: number; color: string | null }[];
}

/** A group's seconds are its sub-groups' sum; the API sends no group total. */
export function tableGroups(groups: SummaryGroup[], nameOf: (id: number | null, group: SummaryGroup) => string): TableGroup[] {
  return groups.map((g, i) => ({
    key: `${g.id ?? 'none'}-${i}`,
    label: nameOf(g.id, g),
    color: g.project_hex_color ?? null,
    seconds: g.sub_groups.reduce((s, x) => s + x.seconds, 0),
    rows: g.sub_groups.map((s, j) => ({ key: `${s.id ?? 'x'}-${j}`, label: s.title || '(no description)', seconds: s.seconds, color: s.project_hex_color ?? null })),
  }));
}

/**
 * Colours picked for contrast against both the light (#fff) and dark (#201d25) surfaces: mid
 * lightness, distinct hues. Project colours are used when the group is a project.
 */
export const PALETTE = ['#3b82f6', '#e0567a', '#16a37f', '#d98b1f', '#8b5cf6', '#0ea5b7', '#c2410c', '#65a30d', '#db2777', '#6b7280'];
export const OTHER_COLOR = '#8a8595';

export interface DonutSeries {
  labels: string[];
  values: number[];
  colors: string[];
}

/** The largest `max - 1` slices, the rest summed as "Other", so the donut stays readable. */
export function donutSeries(groups: TableGroup[], max = 8): DonutSeries {
  const sorted = groups.filter((g) => g.seconds > 0).sort((a, b) => b.seconds - a.seconds);
  const head = sorted.length > max ? sorted.slice(0, max - 1) : sorted;
  const rest = sorted.slice(head.length);
  const out: DonutSeries = {
    labels: head.map((g) => g.label),
    values: head.map((g) => hours(g.seconds)),
    colors: head.map((g, i) => g.color ?? PALETTE[i % PALETTE.length]!),
  };
  if (rest.length) {
    out.labels.push(`Other (${rest.length})`);
    out.values.push(hours(rest.reduce((s, g) => s + g.seconds, 0)));
    out.colors.push(OTHER_COLOR);
  }
  return out;
}

export interface WeeklyRow {
  user_id: number;
  project_id: number | null;
  seconds: number[];
  user_name?: string | null;
  project_name?: string | null;
  client_name?: string | null;
  project_hex_color?: string | null;
}

export interface WeeklyGridRow {
  key: string;
  label: string;
  sublabel: string | null;
  color: string | null;
  days: number[];
  total: number;
}

export interface WeeklyGrid {
  rows: WeeklyGridRow[];
  dayTotals: number[];
  total: number;
}

/** The API answers one row per user and project; the grid sums them per user or per project. */
export function weeklyGrid(rows: WeeklyRow[], by: 'users' | 'projects'): WeeklyGrid {
  const map = new Map<string, WeeklyGridRow>();
  for (const r of rows) {
    const key = by === 'users' ? `u${r.user_id}` : `p${r.project_id ?? 0}`;
    let row = map.get(key);
    if (!row) {
      row =
        by === 'users'
          ? { key, label: r.user_name || `User ${r.user_id}`, sublabel: null, color: null, days: [0, 0, 0, 0, 0, 0, 0], total: 0 }
          : { key, label: r.project_id === null ? 'Without project' : r.project_name || `Project ${r.project_id}`, sublabel: r.client_name ?? null, color: r.project_hex_color ?? null, days: [0, 0, 0, 0, 0, 0, 0], total: 0 };
      map.set(key, row);
    }
    for (let i = 0; i < 7; i++) row.days[i]! += r.seconds[i] ?? 0;
  }
  const list = [...map.values()];
  for (const row of list) row.total = row.days.reduce((s, x) => s + x, 0);
  list.sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
  const dayTotals = [0, 1, 2, 3, 4, 5, 6].map((i) => list.reduce((s, r) => s + r.days[i]!, 0));
  return { rows: list, dayTotals, total: dayTotals.reduce((s, x) => s + x, 0) };
}
