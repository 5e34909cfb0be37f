// The one reader of report requests (Reports API v3 bodies, saved-report params, and the
// Reports v2 skin): every parameter of Toggl's base.Post, summary.ReportPost,
// detailed.Post, totals.ReportPost and the export variants is checked here, with Toggl's
// messages, before any query runs. Unknown keys are ignored: client libraries send extras such as
// `workspace_id` in the body.
import { DateTime } from 'luxon';
import { invalid } from '../errors.js';
import { isPositiveId } from '../validation.js';

export const AT_LEAST_ONE_PARAMETER = 'At least one parameter must be set';

/** "Invalid '{parameter}' value, allowed values are: '{valid_values}'" (Reports v3 400 texts). */
export function invalidValue(parameter: string, allowed: readonly (string | number)[]) {
  return invalid(`Invalid '${parameter}' value, allowed values are: '${allowed.join("', '")}'`);
}

/** "Invalid {parameter} format" (Reports v3 400 texts). */
export const invalidFormat = (parameter: string) => invalid(`Invalid ${parameter} format`);

export const requiredParameter = (parameter: string) => invalid(`The ${parameter} parameter is required`);

/** Dates Toggl accepts: "{date_range} should be within 2006-01-01 to 2030-01-01". */
export const EARLIEST_DATE = '2006-01-01';
export const LATEST_DATE = '2030-01-01';

export const ROUNDING_DIRECTIONS = [-1, 0, 1] as const;
export const ROUNDING_MINUTES = [0, 1, 5, 6, 10, 12, 15, 30, 60, 240] as const;

export const GROUPINGS = ['projects', 'clients', 'users', 'tags'] as const;
export type Grouping = (typeof GROUPINGS)[number];
export const SUB_GROUPINGS = ['time_entries', 'tasks', 'projects', 'clients', 'users', 'tags'] as const;
export type SubGrouping = (typeof SUB_GROUPINGS)[number];

/**
 * Sub-groupings per grouping: Toggl's documented table (projects → time entries, tasks, users;
 * clients → time entries, tasks, projects, users; users → time entries, tasks, projects, clients)
 * plus tags, which Reports v3 groups by (summary.GroupData.ids "will be used for tags grouping").
 */
export const SUB_GROUPINGS_OF: Record<Grouping, readonly SubGrouping[]> = {
  projects: ['time_entries', 'tasks', 'users', 'tags'],
  clients: ['time_entries', 'tasks', 'projects', 'users', 'tags'],
  users: ['time_entries', 'tasks', 'projects', 'clients', 'tags'],
  tags: ['time_entries', 'tasks', 'projects', 'clients', 'users'],
};

export const DETAILED_ORDER_BY = ['date', 'user', 'duration', 'description', 'last_update'] as const;
export type DetailedOrderBy = (typeof DETAILED_ORDER_BY)[number];
export const SUMMARY_ORDER_BY = ['title', 'duration'] as const;
export type SummaryOrderBy = (typeof SUMMARY_ORDER_BY)[number];
export const ORDER_DIRS = ['ASC', 'DESC'] as const;
export type OrderDir = (typeof ORDER_DIRS)[number];
export const RESOLUTIONS = ['day', 'week', 'month'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export const DURATION_FORMATS = ['classic', 'decimal', 'improved'] as const;
export type DurationFormat = (typeof DURATION_FORMATS)[number];
export const DATE_FORMATS = ['MM/DD/YYYY', 'DD-MM-YYYY', 'MM-DD-YYYY', 'YYYY-MM-DD', 'DD/MM/YYYY', 'DD.MM.YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
export const WEEKLY_GROUPINGS = ['users', 'projects'] as const;
export const WEEKLY_CALCULATE = ['time', 'amounts'] as const;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
/** Bound on id lists, far above any real filter and below both engines' parameter limits. */
export const MAX_IDS = 5000;

/** An id filter where `none` stands for the `null` item: `[null]` = records without one. */
export interface IdFilter {
  ids: number[];
  none: boolean;
}

/** The filters every report shares (base.Post). Absent keys filter nothing. */
export interface ReportFilters {
  start_date?: string;
  end_date?: string;
  /** Time of day (HH:MM:SS) on start_date / end_date, in the user's time zone. */
  start_time?: string;
  end_time?: string;
  user_ids?: number[];
  /** Only the time of members of these groups (of the groups attached to the workspace). */
  group_ids?: number[];
  /**
   * Reports v2's `or_members_of_group_ids`: "extends provided user_ids with the members of the
   * given groups", so the users reported are those of user_ids and these groups' members.
   */
  or_members_of_group_ids?: number[];
  project_ids?: IdFilter;
  client_ids?: IdFilter;
  tag_ids?: IdFilter;
  task_ids?: IdFilter;
  time_entry_ids?: number[];
  description?: string;
  /**
   * Reports v2's `without_description=true`: "filters out the time entries which do not have a
   * description", so only described entries remain.
   */
  without_description?: boolean;
  billable?: boolean;
  min_duration_seconds?: number;
  max_duration_seconds?: number;
  rounding?: number;
  rounding_minutes?: number;
}

export type ReportBody = Record<string, unknown>;

function isObject(value: unknown): value is ReportBody {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request body as an object; Toggl refuses an empty one. */
export function requireBody(body: unknown): ReportBody {
  if (body === undefined || body === null) throw invalid(AT_LEAST_ONE_PARAMETER);
  if (!isObject(body)) throw invalid('Invalid JSON input: the body must be an object');
  if (Object.keys(body).length === 0) throw invalid(AT_LEAST_ONE_PARAMETER);
  return body;
}

/** The body as an object, allowing it to be absent (operations whose body is optional). */
export function optionalBody(body: unknown): ReportBody {
  if (body === undefined || body === null) return {};
  if (!isObject(body)) throw invalid('Invalid JSON input: the body must be an object');
  return body;
}

function has(body: ReportBody, key: string): boolean {
  return body[key] !== undefined && body[key] !== null;
}

export function readBoolean(body: ReportBody, key: string): boolean | undefined {
  if (!has(body, key)) return undefined;
  if (typeof body[key] !== 'boolean') throw invalidFormat(key);
  return body[key] as boolean;
}

function readInteger(body: ReportBody, key: string, min = 0): number | undefined {
  if (!has(body, key)) return undefined;
  const v = body[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw invalidFormat(key);
  return v;
}

function readString(body: ReportBody, key: string): string | undefined {
  if (!has(body, key)) return undefined;
  if (typeof body[key] !== 'string') throw invalidFormat(key);
  return body[key] as string;
}

/** An enumerated string; matching ignores case, as clients send "asc" and "ASC" alike. */
function readChoice<T extends string>(body: ReportBody, key: string, allowed: readonly T[], fallback: T): T;
function readChoice<T extends string>(body: ReportBody, key: string, allowed: readonly T[]): T | undefined;
function readChoice<T extends string>(body: ReportBody, key: string, allowed: readonly T[], fallback?: T): T | undefined {
  const raw = body[key];
  if (raw === undefined || raw === null || raw === '') return fallback;
  const found = typeof raw === 'string' ? allowed.find((a) => a.toLowerCase() === raw.toLowerCase()) : undefined;
  if (!found) throw invalidValue(key, allowed);
  return found;
}

function readIds(body: ReportBody, key: string): number[] | undefined {
  if (!has(body, key)) return undefined;
  const v = body[key];
  if (!Array.isArray(v) || v.length > MAX_IDS || !v.every(isPositiveId)) throw invalidFormat(key);
  return v.length === 0 ? undefined : [...new Set(v as number[])];
}

/** An id list where `null` means "without one" (project_ids, client_ids, tag_ids, task_ids). */
function readIdFilter(body: ReportBody, key: string): IdFilter | undefined {
  if (!has(body, key)) return undefined;
  const v = body[key];
  if (!Array.isArray(v) || v.length > MAX_IDS || !v.every((x) => x === null || x === 0 || isPositiveId(x))) throw invalidFormat(key);
  // An empty list is how clients say "no filter" (toggl-api-wrapper always sends []).
  if (v.length === 0) return undefined;
  // 0 is the Reports v2 spelling of "none"; accept it as null.
  return { ids: [...new Set(v.filter(isPositiveId) as number[])], none: v.some((x) => x === null || x === 0) };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function readDate(body: ReportBody, key: string): string | undefined {
  const raw = readString(body, key);
  if (raw === undefined || raw === '') return undefined;
  if (!DATE.test(raw) || !DateTime.fromISO(raw, { zone: 'UTC' }).isValid) throw invalidFormat(key);
  if (raw < EARLIEST_DATE || raw > LATEST_DATE) throw invalid(`${key} should be within ${EARLIEST_DATE} to ${LATEST_DATE}`);
  return raw;
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/**
 * startTime/endTime (also accepted as start_time/end_time): the swagger lists them beside the
 * dates of every range without a description; Stint reads them as the time of day the range
 * starts on start_date and ends on end_date (inclusive), in the user's time zone.
 */
function readTimeOfDay(body: ReportBody, camel: string, snake: string, endOfMinute: boolean): string | undefined {
  const key = has(body, camel) ? camel : snake;
  const raw = readString(body, key);
  if (raw === undefined || raw === '') return undefined;
  const m = TIME_OF_DAY.exec(raw);
  if (!m) throw invalidFormat(key);
  return `${m[1]}:${m[2]}:${m[3] ?? (endOfMinute ? '59' : '00')}`;
}

/** base.Post: the filters shared by every report. */
export function parseReportFilters(body: ReportBody): ReportFilters {
  const out: ReportFilters = {};
  const set = <K extends keyof ReportFilters>(key: K, value: ReportFilters[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('start_date', readDate(body, 'start_date'));
  set('end_date', readDate(body, 'end_date'));
  if (out.start_date && out.end_date && out.end_date < out.start_date) {
    throw invalid('end_date should be greater than or equal to start_date');
  }
  set('start_time', readTimeOfDay(body, 'startTime', 'start_time', false));
  set('end_time', readTimeOfDay(body, 'endTime', 'end_time', true));
  set('user_ids', readIds(body, 'user_ids'));
  set('group_ids', readIds(body, 'group_ids'));
  set('or_members_of_group_ids', readIds(body, 'or_members_of_group_ids'));
  set('project_ids', readIdFilter(body, 'project_ids'));
  set('client_ids', readIdFilter(body, 'client_ids'));
  set('tag_ids', readIdFilter(body, 'tag_ids'));
  set('task_ids', readIdFilter(body, 'task_ids'));
  set('time_entry_ids', readIds(body, 'time_entry_ids'));
  const description = readString(body, 'description');
  if (description !== undefined && description !== '') out.description = description;
  if (readBoolean(body, 'without_description') === true) out.without_description = true;
  set('billable', readBoolean(body, 'billable'));
  set('min_duration_seconds', readInteger(body, 'min_duration_seconds'));
  set('max_duration_seconds', readInteger(body, 'max_duration_seconds'));
  if (out.min_duration_seconds !== undefined && out.max_duration_seconds !== undefined && out.min_duration_seconds > out.max_duration_seconds) {
    throw invalid('min_duration_seconds should be less than max_duration_seconds');
  }
  if (has(body, 'rounding')) {
    if (!ROUNDING_DIRECTIONS.includes(body.rounding as never)) throw invalidValue('rounding', ROUNDING_DIRECTIONS);
    out.rounding = body.rounding as number;
  }
  if (has(body, 'rounding_minutes')) {
    if (!ROUNDING_MINUTES.includes(body.rounding_minutes as never)) throw invalidValue('rounding_minutes', ROUNDING_MINUTES);
    out.rounding_minutes = body.rounding_minutes as number;
  }
  return out;
}

/** summary.Audit.group_filter and its switches (summary.ReportPost.audit). */
export interface SummaryAudit {
  show_empty_groups: boolean;
  show_tracked_groups: boolean;
  currency?: string;
  min_amount_cents?: number;
  max_amount_cents?: number;
  min_duration_seconds?: number;
  max_duration_seconds?: number;
}

export interface SummaryOptions {
  grouping: Grouping;
  sub_grouping: SubGrouping;
  distinguish_rates: boolean;
  include_time_entry_ids: boolean;
  audit: SummaryAudit | null;
}

function parseAudit(body: ReportBody): SummaryAudit | null {
  if (!has(body, 'audit')) return null;
  const audit = body.audit;
  if (!isObject(audit)) throw invalidFormat('audit');
  const out: SummaryAudit = {
    show_empty_groups: readBoolean(audit, 'show_empty_groups') ?? false,
    show_tracked_groups: readBoolean(audit, 'show_tracked_groups') ?? true,
  };
  if (has(audit, 'group_filter')) {
    const f = audit.group_filter;
    if (!isObject(f)) throw invalidFormat('group_filter');
    const currency = readString(f, 'currency');
    if (currency) out.currency = currency.toUpperCase();
    for (const key of ['min_amount_cents', 'max_amount_cents', 'min_duration_seconds', 'max_duration_seconds'] as const) {
      const v = readInteger(f, key);
      if (v !== undefined) out[key] = v;
    }
  }
  return out;
}

/** summary.ReportPost beyond the filters. */
export function parseSummaryOptions(body: ReportBody): SummaryOptions {
  const grouping = readChoice(body, 'grouping', GROUPINGS, 'projects');
  const allowed = SUB_GROUPINGS_OF[grouping];
  const sub_grouping = readChoice(body, 'sub_grouping', allowed, allowed[0]!);
  return {
    grouping,
    sub_grouping,
    distinguish_rates: readBoolean(body, 'distinguish_rates') ?? false,
    include_time_entry_ids: readBoolean(body, 'include_time_entry_ids') ?? false,
    audit: parseAudit(body),
  };
}

export interface DetailedOptions {
  grouped: boolean;
  order_by: DetailedOrderBy;
  order_dir: OrderDir;
  page_size: number;
  /** 1-based row number the page starts at; paging keys on it (reports-v3-responses.md §1). */
  first_row_number: number;
  first_id?: number;
  first_timestamp?: number;
  enrich_response: boolean;
  hide_amounts: boolean;
}

/** detailed.Post beyond the filters. */
export function parseDetailedOptions(body: ReportBody): DetailedOptions {
  const page_size = readInteger(body, 'page_size', 1) ?? DEFAULT_PAGE_SIZE;
  if (page_size > MAX_PAGE_SIZE) throw invalid(`Invalid 'page_size' value, it should be between 1 and ${MAX_PAGE_SIZE}`);
  const out: DetailedOptions = {
    grouped: readBoolean(body, 'grouped') ?? false,
    order_by: readChoice(body, 'order_by', DETAILED_ORDER_BY, 'date'),
    order_dir: readChoice(body, 'order_dir', ORDER_DIRS, 'ASC'),
    page_size,
    first_row_number: readInteger(body, 'first_row_number', 1) ?? 1,
    enrich_response: readBoolean(body, 'enrich_response') ?? false,
    hide_amounts: readBoolean(body, 'hide_amounts') ?? false,
  };
  const first_id = readInteger(body, 'first_id', 1);
  if (first_id !== undefined) out.first_id = first_id;
  const first_timestamp = readInteger(body, 'first_timestamp');
  if (first_timestamp !== undefined) out.first_timestamp = first_timestamp;
  return out;
}

export interface TotalsOptions {
  /** Requested bucket size; `granularity` overrides `resolution`. Undefined: chosen from the range. */
  resolution?: Resolution;
  with_graph: boolean;
}

/** totals.ReportPost beyond the filters (`grouped` and `withInlineRates` do not change totals). */
export function parseTotalsOptions(body: ReportBody): TotalsOptions {
  readBoolean(body, 'grouped');
  readBoolean(body, 'withInlineRates');
  const granularity = readChoice(body, 'granularity', RESOLUTIONS);
  const resolution = readChoice(body, 'resolution', RESOLUTIONS);
  const out: TotalsOptions = { with_graph: readBoolean(body, 'with_graph') ?? false };
  const chosen = granularity ?? resolution;
  if (chosen) out.resolution = chosen;
  return out;
}

/** The presentation switches of the CSV, XLSX and PDF exports. */
export interface ExportOptions {
  duration_format: DurationFormat;
  date_format: DateFormat;
  hide_amounts: boolean;
  hide_rates: boolean;
  order_by?: SummaryOrderBy;
  order_dir: OrderDir;
  cents_separator: string;
  /** Summary PDF: fold the smallest groups of the chart into "Other". */
  collapse: boolean;
  /** Weekly exports: rows per user (then project) or per project (then user); days show time or amounts. */
  weekly_grouping: (typeof WEEKLY_GROUPINGS)[number];
  calculate: (typeof WEEKLY_CALCULATE)[number];
  /** Detailed PDF: 12- or 24-hour clock. */
  hour_format: '12h' | '24h';
  resolution?: Resolution;
  logo_url?: string;
}

export function parseExportOptions(body: ReportBody, kind: 'summary' | 'detailed' | 'weekly'): ExportOptions {
  const hourFormat = readString(body, 'hour_format');
  const centsSeparator = readString(body, 'cents_separator');
  if (centsSeparator !== undefined && centsSeparator !== '' && centsSeparator !== '.' && centsSeparator !== ',') {
    throw invalidValue('cents_separator', ['.', ',']);
  }
  readString(body, 'display_mode');
  const out: ExportOptions = {
    duration_format: readChoice(body, 'duration_format', DURATION_FORMATS, 'classic'),
    date_format: readChoice(body, 'date_format', DATE_FORMATS, 'MM/DD/YYYY'),
    hide_amounts: readBoolean(body, 'hide_amounts') ?? false,
    hide_rates: readBoolean(body, 'hide_rates') ?? false,
    order_dir: readChoice(body, 'order_dir', ORDER_DIRS, 'ASC'),
    cents_separator: centsSeparator || '.',
    collapse: readBoolean(body, 'collapse') ?? false,
    weekly_grouping: kind === 'weekly' ? readChoice(body, 'grouping', WEEKLY_GROUPINGS, 'users') : 'users',
    calculate: readChoice(body, 'calculate', WEEKLY_CALCULATE, 'time'),
    // Toggl's hour_format values follow its date pickers ("h:mm A" for a 12-hour clock).
    hour_format: hourFormat && /a|12/i.test(hourFormat) ? '12h' : '24h',
  };
  if (kind === 'summary') {
    const orderBy = readChoice(body, 'order_by', SUMMARY_ORDER_BY);
    if (orderBy) out.order_by = orderBy;
  }
  const resolution = readChoice(body, 'resolution', RESOLUTIONS);
  if (resolution) out.resolution = resolution;
  const logo = readString(body, 'logo_url');
  if (logo) out.logo_url = logo;
  readBoolean(body, 'group_by_task');
  return out;
}
