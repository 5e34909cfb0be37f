import { DateTime } from 'luxon';

// The state of a report page, kept in the URL so a report can be bookmarked and shared between
// people of the same workspace. Pure functions only: tested in filters.test.ts.

export const REPORT_KINDS = ['summary', 'detailed', 'weekly'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** The server's saved-report periods, so a saved report keeps "this week" relative, not frozen. */
export const PRESETS = ['today', 'yesterday', 'thisWeek', 'prevWeek', 'thisMonth', 'prevMonth', 'thisYear', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];
export const PRESET_LABELS: Record<Preset, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  thisWeek: 'This week',
  prevWeek: 'Last week',
  thisMonth: 'This month',
  prevMonth: 'Last month',
  thisYear: 'This year',
  custom: 'Custom range',
};

export const GROUPINGS = ['projects', 'clients', 'users', 'tags'] as const;
export type Grouping = (typeof GROUPINGS)[number];
export type SubGrouping = 'time_entries' | 'tasks' | 'projects' | 'clients' | 'users' | 'tags';
/** As the API allows them (src/domain/reports/report-filters.ts SUB_GROUPINGS_OF). */
export const SUB_GROUPINGS_OF: Record<Grouping, readonly SubGrouping[]> = {
  projects: ['time_entries', 'tasks', 'users', 'tags'],
  clients: ['time_entries', 'tasks', 'projects', 'users', 'tags'],
  users: ['time_entries', 'tasks', 'projects', 'clients', 'tags'],
  tags: ['time_entries', 'tasks', 'projects', 'clients', 'users'],
};
export const DETAILED_SORTS = ['date', 'user', 'duration', 'description'] as const;
export type DetailedSort = (typeof DETAILED_SORTS)[number];

export interface ReportFilters {
  preset: Preset;
  /** Only for `custom`; YYYY-MM-DD, both included. */
  from: string;
  to: string;
  users: number[];
  groups: number[];
  /** 0 stands for "without project/client/tag/task" (the API's null). */
  projects: number[];
  clients: number[];
  tags: number[];
  tasks: number[];
  billable: 'all' | 'yes' | 'no';
  description: string;
  grouping: Grouping;
  subGrouping: SubGrouping;
  donut: 'projects' | 'clients';
  sort: DetailedSort;
  dir: 'asc' | 'desc';
  weeklyBy: 'users' | 'projects';
}

export const DEFAULT_FILTERS: ReportFilters = {
  preset: 'thisWeek',
  from: '',
  to: '',
  users: [],
  groups: [],
  projects: [],
  clients: [],
  tags: [],
  tasks: [],
  billable: 'all',
  description: '',
  grouping: 'projects',
  subGrouping: 'time_entries',
  donut: 'projects',
  sort: 'date',
  dir: 'desc',
  weeklyBy: 'users',
};

export interface DateRange {
  start: string;
  end: string;
}

const validZone = (zone: string) => (DateTime.local().setZone(zone).isValid ? zone : 'UTC');

/**
 * The dates a preset covers at `nowMs` for a user in `zone` whose weeks begin on `beginningOfWeek`
 * (0 Sunday … 6 Saturday), as the server computes saved periods (saved-reports.period.ts): "today"
 * is the user's today, not the browser's, and weeks are counted in calendar days, so DST changes
 * cannot shift them.
 */
export function presetRange(preset: Exclude<Preset, 'custom'>, nowMs: number, zone: string, beginningOfWeek: number): DateRange {
  const today = DateTime.fromMillis(nowMs, { zone: validZone(zone) }).startOf('day');
  const d = (x: DateTime) => x.toISODate()!;
  const weekStart = today.minus({ days: (today.weekday % 7 - (((beginningOfWeek % 7) + 7) % 7) + 7) % 7 });
  switch (preset) {
    case 'today':
      return { start: d(today), end: d(today) };
    case 'yesterday':
      return { start: d(today.minus({ days: 1 })), end: d(today.minus({ days: 1 })) };
    case 'thisWeek':
      return { start: d(weekStart), end: d(weekStart.plus({ days: 6 })) };
    case 'prevWeek':
      return { start: d(weekStart.minus({ days: 7 })), end: d(weekStart.minus({ days: 1 })) };
    case 'thisMonth':
      return { start: d(today.startOf('month')), end: d(today.endOf('month')) };
    case 'prevMonth': {
      const prev = today.minus({ months: 1 });
      return { start: d(prev.startOf('month')), end: d(prev.endOf('month')) };
    }
    case 'thisYear':
      return { start: d(today.startOf('year')), end: d(today.endOf('year')) };
  }
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string) => ISO_DAY.test(s) && DateTime.fromISO(s).isValid;

/** The filters' dates; a custom range missing or reversed falls back to this week. */
export function rangeOf(f: ReportFilters, nowMs: number, zone: string, beginningOfWeek: number): DateRange {
  if (f.preset === 'custom' && isDay(f.from) && isDay(f.to)) {
    return f.from <= f.to ? { start: f.from, end: f.to } : { start: f.to, end: f.from };
  }
  return presetRange(f.preset === 'custom' ? 'thisWeek' : f.preset, nowMs, zone, beginningOfWeek);
}

export const dayCount = (r: DateRange) => Math.round(DateTime.fromISO(r.end).diff(DateTime.fromISO(r.start), 'days').days) + 1;

/** Day bars up to a month; a longer range in weeks, so a year is 53 bars rather than 365. */
export const chartResolution = (r: DateRange): 'day' | 'week' => (dayCount(r) <= 31 ? 'day' : 'week');

const ids = (list: number[]) => (list.length ? list.map((id) => (id === 0 ? null : id)) : undefined);

/** The Reports v3 filters (base.Post) of a report; absent keys filter nothing. */
export function filterBody(f: ReportFilters, range: DateRange): Record<string, unknown> {
  const body: Record<string, unknown> = { start_date: range.start, end_date: range.end };
  const set = (key: string, value: unknown) => {
    if (value !== undefined) body[key] = value;
  };
  set('user_ids', f.users.length ? f.users : undefined);
  set('group_ids', f.groups.length ? f.groups : undefined);
  set('project_ids', ids(f.projects));
  set('client_ids', ids(f.clients));
  set('tag_ids', ids(f.tags));
  set('task_ids', ids(f.tasks));
  if (f.billable !== 'all') body.billable = f.billable === 'yes';
  if (f.description.trim()) body.description = f.description.trim();
  return body;
}

/** The grouping the API will use: a sub-grouping the grouping does not allow becomes its first. */
export function effectiveSubGrouping(f: Pick<ReportFilters, 'grouping' | 'subGrouping'>): SubGrouping {
  const allowed = SUB_GROUPINGS_OF[f.grouping];
  return allowed.includes(f.subGrouping) ? f.subGrouping : allowed[0]!;
}

// ---- URL ----

const LIST_KEYS = ['users', 'groups', 'projects', 'clients', 'tags', 'tasks'] as const;

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function idList(value: string | null): number[] {
  if (!value) return [];
  const out = value.split(',').map(Number).filter((n) => Number.isSafeInteger(n) && n >= 0);
  return [...new Set(out)];
}

/** Only what differs from the defaults goes into the URL, so links stay short. */
export function toSearch(f: ReportFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.preset !== DEFAULT_FILTERS.preset) p.set('period', f.preset);
  if (f.preset === 'custom') {
    if (f.from) p.set('from', f.from);
    if (f.to) p.set('to', f.to);
  }
  for (const key of LIST_KEYS) if (f[key].length) p.set(key, f[key].join(','));
  if (f.billable !== 'all') p.set('billable', f.billable);
  if (f.description) p.set('q', f.description);
  if (f.grouping !== DEFAULT_FILTERS.grouping) p.set('group', f.grouping);
  if (f.subGrouping !== DEFAULT_FILTERS.subGrouping) p.set('sub', f.subGrouping);
  if (f.donut !== DEFAULT_FILTERS.donut) p.set('donut', f.donut);
  if (f.sort !== DEFAULT_FILTERS.sort) p.set('sort', f.sort);
  if (f.dir !== DEFAULT_FILTERS.dir) p.set('dir', f.dir);
  if (f.weeklyBy !== DEFAULT_FILTERS.weeklyBy) p.set('by', f.weeklyBy);
  return p;
}

/** Reads a URL written by toSearch; anything unknown or malformed is the default. */
export function fromSearch(p: URLSearchParams): ReportFilters {
  const grouping = oneOf(p.get('group'), GROUPINGS, DEFAULT_FILTERS.grouping);
  const from = p.get('from') ?? '';
  const to = p.get('to') ?? '';
  const f: ReportFilters = {
    ...DEFAULT_FILTERS,
    preset: oneOf(p.get('period'), PRESETS, DEFAULT_FILTERS.preset),
    from: isDay(from) ? from : '',
    to: isDay(to) ? to : '',
    billable: oneOf(p.get('billable'), ['all', 'yes', 'no'] as const, 'all'),
    description: (p.get('q') ?? '').slice(0, 200),
    grouping,
    subGrouping: oneOf(p.get('sub'), SUB_GROUPINGS_OF[grouping], DEFAULT_FILTERS.subGrouping),
    donut: oneOf(p.get('donut'), ['projects', 'clients'] as const, DEFAULT_FILTERS.donut),
    sort: oneOf(p.get('sort'), DETAILED_SORTS, DEFAULT_FILTERS.sort),
    dir: oneOf(p.get('dir'), ['asc', 'desc'] as const, DEFAULT_FILTERS.dir),
    weeklyBy: oneOf(p.get('by'), ['users', 'projects'] as const, DEFAULT_FILTERS.weeklyBy),
  };
  for (const key of LIST_KEYS) f[key] = idList(p.get(key));
  return f;
}

/**
 * The params a saved report stores (saved.Payload.params): the filters, the report's options,
 * and for a preset its period, so the shared link shows "this week" whenever it is opened.
 */
export function savedParams(kind: ReportKind, f: ReportFilters, range: DateRange): Record<string, unknown> {
  const params: Record<string, unknown> = { report_type: kind, ...filterBody(f, range) };
  if (f.preset !== 'custom') params.period = f.preset;
  if (kind === 'summary') {
    params.grouping = f.grouping;
    params.sub_grouping = effectiveSubGrouping(f);
  }
  if (kind === 'detailed') {
    params.order_by = f.sort;
    params.order_dir = f.dir.toUpperCase();
    params.enrich_response = true;
  }
  if (kind === 'weekly') params.grouping = f.weeklyBy;
  return params;
}
