// Reports API v2 query strings, translated into the Reports v3 request body the domain reads
// (domain/reports/report-filters.ts). Only what v2 spells differently is decided here: its names
// and values ("yes"/"no"/"both", "on"/"off", "0" for "without"), its date defaults and one-year
// span, and its per-report parameters. Every filter rule stays in the domain.
import { DateTime } from 'luxon';
import { invalid } from '../../domain/errors.js';
import { invalidFormat, invalidValue } from '../../domain/reports/report-filters.js';
import { addDays } from '../../domain/reports/report-range.js';
import type { SummaryOrder } from '../../domain/reports/reports.service.js';
import { DASHBOARD_ORDER_FIELDS, type DashboardQuery } from '../../domain/project-dashboard/project-dashboard.types.js';

export type Query = Record<string, unknown>;
export type ReportKind = 'weekly' | 'details' | 'summary';

/** Rows per page of the detailed report (v2's fixed `per_page`). */
export const PER_PAGE = 50;

const COMMON = [
  'user_agent',
  'workspace_id',
  'since',
  'until',
  'billable',
  'client_ids',
  'project_ids',
  'user_ids',
  'members_of_group_ids',
  'or_members_of_group_ids',
  'tag_ids',
  'task_ids',
  'time_entry_ids',
  'description',
  'without_description',
  'order_field',
  'order_desc',
  'distinct_rates',
  'rounding',
  'display_hours',
] as const;

const EXTRA: Record<ReportKind, readonly string[]> = {
  weekly: ['grouping', 'calculate'],
  details: ['page'],
  summary: ['grouping', 'subgrouping', 'subgrouping_ids', 'grouped_time_entry_ids'],
};

const ORDER_FIELDS: Record<ReportKind, readonly string[]> = {
  details: ['date', 'description', 'duration', 'user'],
  summary: ['title', 'duration', 'amount'],
  weekly: ['title', 'day1', 'day2', 'day3', 'day4', 'day5', 'day6', 'day7', 'week_total'],
};

/** The summary groupings and their sub-groupings, as the v2 reference lists them. */
export const V2_SUBGROUPINGS = {
  projects: ['time_entries', 'tasks', 'users'],
  clients: ['time_entries', 'tasks', 'projects', 'users'],
  users: ['time_entries', 'tasks', 'projects', 'clients'],
} as const;
export type V2Grouping = keyof typeof V2_SUBGROUPINGS;

export const USER_AGENT_MISSING = "Required parameter 'user_agent' is missing from request";
export const WORKSPACE_ID_MISSING = "Required parameter 'workspace_id' is missing from request";
export const PROJECT_ID_MISSING = "Required parameter 'project_id' is missing from request";
export const SPAN_TOO_LONG = 'Maximum date span (until - since) is one year';

/** One query value as text; a parameter given twice is refused rather than guessed at. */
function text(query: Query, key: string): string | undefined {
  const v = query[key];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) throw invalid(`Parameter '${key}' is given more than once`);
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

function choice<T extends string>(query: Query, key: string, allowed: readonly T[]): T | undefined {
  const raw = text(query, key);
  if (raw === undefined) return undefined;
  const found = allowed.find((a) => a === raw.toLowerCase());
  if (!found) throw invalidValue(key, allowed);
  return found;
}

const onOff = (query: Query, key: string): boolean | undefined => {
  const v = choice(query, key, ['on', 'off'] as const);
  return v === undefined ? undefined : v === 'on';
};

const trueFalse = (query: Query, key: string): boolean | undefined => {
  const v = choice(query, key, ['true', 'false'] as const);
  return v === undefined ? undefined : v === 'true';
};

function positiveInt(query: Query, key: string): number | undefined {
  const raw = text(query, key);
  if (raw === undefined) return undefined;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) === 0) throw invalidFormat(key);
  return Number(raw);
}

/** A comma-separated id list; with `withNone`, "0" stands for "without one" (v3's null). */
function idList(query: Query, key: string, withNone: boolean): (number | null)[] | undefined {
  const raw = query[key];
  if (raw === undefined || raw === null) return undefined;
  // Repeated parameters (client_ids=1&client_ids=2) add up, as a list naturally does.
  const joined = (Array.isArray(raw) ? raw.map(String).join(',') : String(raw)).trim();
  if (joined === '') return undefined;
  const parts = joined.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const out: (number | null)[] = [];
  for (const p of parts) {
    if (!/^\d{1,15}$/.test(p)) throw invalidFormat(key);
    const id = Number(p);
    if (id === 0) {
      if (!withNone) throw invalidFormat(key);
      if (!out.includes(null)) out.push(null);
    } else if (!out.includes(id)) out.push(id);
  }
  return out.length ? out : undefined;
}

function date(query: Query, key: string): string | undefined {
  const raw = text(query, key);
  if (raw === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || !DateTime.fromISO(raw, { zone: 'UTC' }).isValid) throw invalidFormat(key);
  return raw;
}

const isoPlus = (d: string, years: number) => DateTime.fromISO(d, { zone: 'UTC' }).plus({ years }).toISODate()!;

/**
 * since/until with v2's defaults: since is until − 6 days; until is today, unless since is in the
 * future or more than a year ago, then since + 6 days. The span may be at most one year.
 */
export function period(query: Query, today: string, kind: ReportKind): { since: string; until: string } {
  const since = date(query, 'since');
  const until = kind === 'weekly' ? undefined : date(query, 'until');
  let from: string;
  let to: string;
  if (since && until) {
    from = since;
    to = until;
  } else if (since) {
    from = since;
    to = since > today || since < isoPlus(today, -1) ? addDays(since, 6) : today;
  } else {
    to = until ?? today;
    from = addDays(to, -6);
  }
  if (kind === 'weekly') return { since: from, until: addDays(from, 6) };
  if (to < from) throw invalid('until should be greater than or equal to since');
  if (to > isoPlus(from, 1)) throw invalid(SPAN_TOO_LONG);
  return { since: from, until: to };
}

/** user_agent and workspace_id, checked before anything else is read. */
export function requireBasics(query: Query): { workspaceId: number } {
  if (text(query, 'user_agent') === undefined) throw invalid(USER_AGENT_MISSING);
  const raw = text(query, 'workspace_id');
  if (raw === undefined) throw invalid(WORKSPACE_ID_MISSING);
  // Anything but a positive id is refused by the workspace check with its own words.
  return { workspaceId: /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN };
}

/** A v2 request, as the v3 domain reads it. */
export interface V2Request {
  /** The Reports v3 body (base.Post and the report's own keys, and the export switches). */
  body: Record<string, unknown>;
  since: string;
  until: string;
  /** Human-readable notes for the Warning header. */
  warnings: string[];
  display_hours: 'decimal' | 'minutes';
}

export interface SummaryRequest extends V2Request {
  grouping: V2Grouping;
  subgrouping: (typeof V2_SUBGROUPINGS)[V2Grouping][number];
  order: SummaryOrder;
  subgrouping_ids: boolean;
  grouped_time_entry_ids: boolean;
}

export interface DetailsRequest extends V2Request {
  page: number;
}

export interface WeeklyRequest extends V2Request {
  grouping: 'users' | 'projects';
  calculate: 'time' | 'earnings';
  order_field: string;
  order_desc: boolean;
}

function unknownParameters(query: Query, known: readonly string[]): string[] {
  return Object.keys(query)
    .filter((k) => !known.includes(k))
    .map((k) => `Unknown parameter '${k}' was ignored`);
}

/** The parameters every report shares. */
function common(query: Query, kind: ReportKind, today: string): V2Request {
  const warnings = unknownParameters(query, [...COMMON, ...EXTRA[kind]]);
  if (kind === 'weekly' && text(query, 'until') !== undefined) warnings.push("The weekly report shows 7 days from 'since'; 'until' was ignored");
  const { since, until } = period(query, today, kind);
  const body: Record<string, unknown> = { start_date: since };
  if (kind !== 'weekly') body.end_date = until;

  const billable = choice(query, 'billable', ['yes', 'no', 'both'] as const);
  if (billable === 'yes' || billable === 'no') body.billable = billable === 'yes';
  for (const key of ['client_ids', 'project_ids', 'tag_ids', 'task_ids'] as const) {
    const ids = idList(query, key, true);
    if (ids) body[key] = ids;
  }
  const userIds = idList(query, 'user_ids', false);
  const timeEntryIds = idList(query, 'time_entry_ids', false);
  if (timeEntryIds) body.time_entry_ids = timeEntryIds;
  // members_of_group_ids "limits provided user_ids to the members of the given groups": the v3
  // `group_ids` rule. or_members_of_group_ids "extends provided user_ids with the members of the
  // given groups": the domain's or_members_of_group_ids (alone, it reports those members).
  const membersOf = idList(query, 'members_of_group_ids', false);
  const orMembersOf = idList(query, 'or_members_of_group_ids', false);
  if (userIds) body.user_ids = userIds;
  if (membersOf) body.group_ids = membersOf;
  if (orMembersOf) body.or_members_of_group_ids = orMembersOf;
  const description = text(query, 'description');
  if (description !== undefined) body.description = description;
  if (trueFalse(query, 'without_description') === true) body.without_description = true;
  // v2 rounds only on request, and then by the workspace's setting; v3 rounds by default.
  if (onOff(query, 'rounding') !== true) body.rounding_minutes = 0;
  const display_hours = choice(query, 'display_hours', ['decimal', 'minutes'] as const) ?? 'minutes';
  body.duration_format = display_hours === 'decimal' ? 'decimal' : 'classic';
  const distinct = onOff(query, 'distinct_rates');
  if (distinct !== undefined) body.distinguish_rates = distinct;
  return { body, since, until, warnings, display_hours };
}

function order(query: Query, kind: ReportKind, fallback: string): { field: string; desc: boolean } {
  return { field: choice(query, 'order_field', ORDER_FIELDS[kind]) ?? fallback, desc: onOff(query, 'order_desc') ?? false };
}

export function detailsRequest(query: Query, today: string): DetailsRequest {
  const req = common(query, 'details', today);
  const page = positiveInt(query, 'page') ?? 1;
  const { field, desc } = order(query, 'details', 'date');
  Object.assign(req.body, { order_by: field, order_dir: desc ? 'DESC' : 'ASC', page_size: PER_PAGE, first_row_number: (page - 1) * PER_PAGE + 1 });
  return { ...req, page };
}

export function summaryRequest(query: Query, today: string): SummaryRequest {
  const req = common(query, 'summary', today);
  const grouping = choice(query, 'grouping', Object.keys(V2_SUBGROUPINGS) as V2Grouping[]) ?? 'projects';
  const allowed = V2_SUBGROUPINGS[grouping];
  const subgrouping = choice(query, 'subgrouping', allowed) ?? 'time_entries';
  const subgrouping_ids = trueFalse(query, 'subgrouping_ids') ?? false;
  const grouped_time_entry_ids = trueFalse(query, 'grouped_time_entry_ids') ?? false;
  const { field, desc } = order(query, 'summary', 'title');
  Object.assign(req.body, {
    grouping,
    sub_grouping: subgrouping,
    // Entry ids also make up the `ids` of time_entries items.
    include_time_entry_ids: grouped_time_entry_ids || (subgrouping_ids && subgrouping === 'time_entries'),
  });
  return { ...req, grouping, subgrouping, subgrouping_ids, grouped_time_entry_ids, order: { by: field as SummaryOrder['by'], dir: desc ? 'DESC' : 'ASC' } };
}

export function weeklyRequest(query: Query, today: string): WeeklyRequest {
  const req = common(query, 'weekly', today);
  const grouping = choice(query, 'grouping', ['users', 'projects'] as const) ?? 'projects';
  const calculate = choice(query, 'calculate', ['time', 'earnings'] as const) ?? 'time';
  const { field, desc } = order(query, 'weekly', 'title');
  // The v3 weekly exports call the same switches `grouping` and `calculate: amounts`.
  Object.assign(req.body, { grouping, calculate: calculate === 'earnings' ? 'amounts' : 'time' });
  return { ...req, grouping, calculate, order_field: field, order_desc: desc };
}

const PROJECT_PARAMETERS = ['user_agent', 'workspace_id', 'project_id', 'page', 'order_field', 'order_desc', 'display_hours'];

/** The project dashboard's own parameters (display_hours only shapes its .csv and .pdf). */
export function dashboardRequest(query: Query): { projectId: number; query: DashboardQuery; warnings: string[]; display_hours: 'decimal' | 'minutes' } {
  const projectId = positiveInt(query, 'project_id');
  if (projectId === undefined) throw invalid(PROJECT_ID_MISSING);
  return {
    projectId,
    query: {
      page: positiveInt(query, 'page') ?? 1,
      order_field: choice(query, 'order_field', DASHBOARD_ORDER_FIELDS) ?? 'name',
      order_desc: onOff(query, 'order_desc') ?? false,
    },
    warnings: unknownParameters(query, PROJECT_PARAMETERS),
    display_hours: choice(query, 'display_hours', ['decimal', 'minutes'] as const) ?? 'minutes',
  };
}
