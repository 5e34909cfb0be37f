import { DateTime } from 'luxon';
import { clock } from '../../time.js';
import { forbidden, invalid } from '../errors.js';
import type { ReportUtilsRepository } from '../report-utils/report-utils.repository.js';
import {
  AT_LEAST_ONE_PARAMETER,
  EARLIEST_DATE,
  LATEST_DATE,
  invalidValue,
  optionalBody,
  parseReportFilters,
  RESOLUTIONS,
  type ReportBody,
  type ReportFilters,
} from '../reports/report-filters.js';
import { addDays, autoResolution, bucketIndex, bucketStarts, dateOfEpochDay, epochDay, reportRange, type ReportRange } from '../reports/report-range.js';
import { moneyVisibleTo, reportViewer } from '../reports/reports.policy.js';
import type { ReportScope, ReportsRepository, WeeklyDbRow } from '../reports/reports.repository.js';
import type { ReportsService } from '../reports/reports.service.js';
import type { User } from '../users/users.types.js';
import { isPositiveId } from '../validation.js';
import type { MemberWorkspace } from '../workspaces/workspaces.types.js';
import type { InsightsRepository } from './insights.repository.js';
import type {
  ComparativeReport,
  DataTrends,
  EmployeeProfitability,
  EmployeeProfitabilityRow,
  EmployeeResolution,
  ProfitabilityRow,
  ProjectProfitability,
  ProjectTrend,
  ProjectTrends,
  TrendEntity,
  TrendKind,
} from './insights.types.js';

/** A chart has at most this many bars; longer ranges need a coarser resolution. */
export const MAX_BUCKETS = 366;
/** Data trends compare a handful of projects (Toggl: "Maximum 5 ids allowed"). */
export const MAX_TREND_PROJECTS = 5;

export const ADMIN_REQUIRED = 'Admin permissions required';
export const EXPORT_ADMIN_REQUIRED = 'User has no access to workspace or is not admin';
export const TRENDS_EXPORT_FORBIDDEN = 'user has no required access to asked workspace';
export const CURRENCY_REQUIRED = 'Currency is required parameter';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^[A-Za-z]{3}$/;
const EMPLOYEE_RESOLUTIONS = ['day', 'week', 'month', 'quarter'] as const;
/** Body keys a trend may pass on to the report filters, per operation's request definition. */
const COMPARATIVE_FILTERS = ['billable', 'rounding', 'rounding_minutes', 'user_ids', 'group_ids', 'project_ids', 'client_ids', 'tag_ids', 'task_ids'] as const;
const TREND_FILTERS = ['billable', 'rounding', 'rounding_minutes'] as const;
const PROFITABILITY_FILTERS = ['billable', 'rounding', 'rounding_minutes', 'project_ids', 'client_ids'] as const;
const EMPLOYEE_FILTERS = ['rounding', 'rounding_minutes', 'user_ids', 'group_ids'] as const;
const PROJECT_TREND_FILTERS = ['billable', 'rounding', 'rounding_minutes', 'project_ids'] as const;

const centsOf = (rate: number): number => Math.round(rate * 100);
const amountOf = (seconds: number, rateCents: number): number => Math.round((seconds * rateCents) / 3600);

/** Error texts differ per operation in Toggl's docs; each operation names its own. */
interface DateTexts {
  format: string;
  bounds: string;
  order: string;
}

function readDay(body: ReportBody, key: string, texts: DateTexts): string | undefined {
  const raw = body[key];
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string' || !DATE.test(raw) || !DateTime.fromISO(raw, { zone: 'UTC' }).isValid) throw invalid(texts.format);
  if (raw < EARLIEST_DATE || raw > LATEST_DATE) throw invalid(texts.bounds);
  return raw;
}

function readPeriod(body: ReportBody, texts: DateTexts): { start_date?: string; end_date?: string } {
  const start = readDay(body, 'start_date', texts);
  const end = readDay(body, 'end_date', texts);
  if (start && end && end < start) throw invalid(texts.order);
  return { ...(start ? { start_date: start } : {}), ...(end ? { end_date: end } : {}) };
}

function readCurrency(body: ReportBody, missing: string): string {
  const raw = body.currency;
  if (raw === undefined || raw === null || raw === '') throw invalid(missing);
  if (typeof raw !== 'string' || !CURRENCY.test(raw)) throw invalid(`Invalid currency format`);
  return raw.toUpperCase();
}

function readResolution<T extends string>(body: ReportBody, allowed: readonly T[], text?: string): T | undefined {
  const raw = body.resolution;
  if (raw === undefined || raw === null || raw === '') return undefined;
  const found = typeof raw === 'string' ? allowed.find((a) => a === raw.toLowerCase()) : undefined;
  if (!found) throw text ? invalid(text) : invalidValue('resolution', allowed);
  return found;
}

/** The report filters of a trend body: its period plus the filter keys its definition shares with reports. */
function filtersOf(body: ReportBody, period: { start_date?: string; end_date?: string }, keys: readonly string[], extra: ReportBody = {}): ReportFilters {
  const picked: ReportBody = { ...period, ...extra };
  for (const key of keys) if (body[key] !== undefined) picked[key] = body[key];
  return parseReportFilters(picked);
}

/** First days (YYYY-MM-DD) of every bucket of the range, quarters included (3 months from start_date). */
function bucketDays(range: ReportRange, resolution: EmployeeResolution): number[] {
  if (resolution !== 'quarter') return bucketStarts(range, resolution);
  const out: number[] = [];
  const start = DateTime.fromISO(range.start_date, { zone: 'UTC' });
  const last = range.first_day + range.day_count - 1;
  for (let i = 0; ; i++) {
    const day = epochDay(start.plus({ months: 3 * i }).toISODate()!);
    if (day > last) return out;
    out.push(day);
  }
}

function byName<T extends { name: string; id?: number; project_id?: number; user_id?: number }>(a: T, b: T): number {
  return a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || (a.id ?? a.project_id ?? a.user_id ?? 0) - (b.id ?? b.project_id ?? b.user_id ?? 0);
}

export class InsightsService {
  constructor(
    private readonly rows: ReportsRepository,
    private readonly reports: Pick<ReportsService, 'requireWorkspace'>,
    private readonly lookups: ReportUtilsRepository,
    private readonly insights: InsightsRepository,
  ) {}

  /** The query scope of a trend, built by the same rules as the reports': rounding, rates, visibility. */
  private async scope(user: User, ws: MemberWorkspace, filters: ReportFilters, range: ReportRange, withAmounts: boolean): Promise<ReportScope> {
    const minutes = filters.rounding_minutes ?? ws.rounding_minutes;
    const rounding = minutes <= 0 ? null : { direction: filters.rounding ?? ws.rounding, minutes };
    const rates = withAmounts ? await this.rows.ratePlan(ws.id) : null;
    return { workspaceId: ws.id, viewer: reportViewer(user.id, ws), range, filters, rounding, rates, labour: null };
  }

  /** A row's hourly rate in cents (workspace default last) and currency, as the reports resolve them. */
  private money(ws: MemberWorkspace, row: { rate: number | null; currency: string | null }): { cents: number | null; currency: string } {
    const rate = row.rate ?? ws.default_hourly_rate;
    return { cents: rate === null ? null : centsOf(rate), currency: row.currency ?? ws.default_currency };
  }

  private async requireAdmin(user: User, workspaceId: number, message: string): Promise<MemberWorkspace> {
    const ws = await this.reports.requireWorkspace(user, workspaceId);
    if (!ws.admin) throw forbidden(message);
    return ws;
  }

  // ---------------------------------------------------------------------------------------------

  /** POST comparative: tracked seconds per day, week or month of the period. */
  async comparative(user: User, workspaceId: number, params: unknown): Promise<ComparativeReport> {
    const ws = await this.reports.requireWorkspace(user, workspaceId);
    const body = optionalBody(params);
    const period = readPeriod(body, {
      format: 'Invalid date format',
      bounds: `Date should be within ${EARLIEST_DATE} to ${LATEST_DATE}`,
      order: 'Start time must be before end time',
    });
    const requested = readResolution(body, RESOLUTIONS, 'Resolution must be one of [day, week, month]');
    const filters = filtersOf(body, period, COMPARATIVE_FILTERS);
    const range = reportRange(filters, user.timezone, clock.now());
    const resolution = requested ?? autoResolution(range);
    const starts = bucketStarts(range, resolution);
    if (starts.length > MAX_BUCKETS) throw invalid('Date range too large for given resolution');
    const days = await this.rows.dayRows(await this.scope(user, ws, filters, range, false));
    const seconds = starts.map(() => 0);
    for (const d of days) seconds[bucketIndex(starts, d.day)]! += d.seconds;
    return { resolution, data: starts.map((day, i) => ({ date: dateOfEpochDay(day), seconds: seconds[i]! })) };
  }

  /** POST data_trends/{projects|clients|users}: time, billable time and earnings per entity and bucket. */
  async dataTrends(user: User, workspaceId: number, kind: TrendKind, params: unknown): Promise<DataTrends> {
    const ws = await this.reports.requireWorkspace(user, workspaceId);
    const body = optionalBody(params);
    const currency = readCurrency(body, CURRENCY_REQUIRED);
    const period = readPeriod(body, { format: 'Invalid date format', bounds: 'Invalid date format', order: 'Invalid date format' });
    const requested = readResolution(body, RESOLUTIONS);
    let ids: number[] | undefined;
    if (body.ids !== undefined && body.ids !== null) {
      if (!Array.isArray(body.ids) || !body.ids.every(isPositiveId)) throw invalid("Invalid 'ids' value, IDs must be positive integers");
      ids = [...new Set(body.ids as number[])];
    }
    if (kind === 'projects') {
      if (!ids?.length) throw invalid('At least 1 id required');
      if (ids.length > MAX_TREND_PROJECTS) throw invalid(`Maximum ${MAX_TREND_PROJECTS} ids allowed`);
    }
    const idFilter = kind === 'users' ? 'user_ids' : kind === 'clients' ? 'client_ids' : 'project_ids';
    const filters = filtersOf(body, period, TREND_FILTERS, ids?.length ? { [idFilter]: ids } : {});
    const range = reportRange(filters, user.timezone, clock.now());
    const resolution = requested ?? autoResolution(range);
    const starts = bucketStarts(range, resolution);
    if (starts.length > MAX_BUCKETS) throw invalid('Date range too large for given resolution');
    const amounts = moneyVisibleTo(ws).amounts;
    const rows = await this.rows.weeklyRows(await this.scope(user, ws, filters, range, amounts));

    const projectIds = [...new Set(rows.flatMap((r) => (r.project_id === null ? [] : [r.project_id])))];
    // Clients are reached through the entries' projects.
    const projectNames = kind === 'clients' ? await this.rows.projects(ws.id, projectIds) : new Map<number, { client_id: number | null }>();
    const keyOf = (r: WeeklyDbRow): number | null =>
      kind === 'users' ? r.user_id : kind === 'projects' ? r.project_id : r.project_id === null ? null : (projectNames.get(r.project_id)?.client_id ?? null);

    // Which entities the chart shows: the requested projects the viewer may see (even without
    // time), or every client/user with time in the period.
    const entities = new Map<number, { name: string; color: string | null; currency: string | null }>();
    if (kind === 'projects') {
      const visible = await this.lookups.projects(ws.id, { userId: user.id, admin: ws.admin }, { ids: ids! }, ids!.length);
      for (const p of visible) entities.set(p.id, { name: p.name, color: p.color, currency: p.currency });
    } else {
      const keys = [...new Set(rows.map(keyOf).filter((k): k is number => k !== null))];
      const names = kind === 'users' ? await this.rows.users(keys) : await this.rows.clients(ws.id, keys);
      for (const k of keys) {
        const n = names.get(k);
        entities.set(k, { name: typeof n === 'string' ? n : (n?.fullname ?? ''), color: null, currency: null });
      }
    }

    const cells = starts.map(() => new Map<number, { total: number; billable: number; earnings: number }>());
    for (const r of rows) {
      const key = keyOf(r);
      if (key === null || !entities.has(key)) continue;
      const bucket = cells[bucketIndex(starts, r.day)]!;
      const cell = bucket.get(key) ?? { total: 0, billable: 0, earnings: 0 };
      cell.total += r.seconds;
      cell.billable += r.billable_seconds;
      const m = this.money(ws, r);
      if (m.cents !== null && m.currency === currency) cell.earnings += amountOf(r.billable_seconds, m.cents);
      bucket.set(key, cell);
    }
    const order = [...entities.entries()].map(([id, e]) => ({ id, ...e })).sort(byName);
    return {
      kind,
      currency,
      resolution,
      buckets: starts.map((day, i) => ({
        date: dateOfEpochDay(day),
        entities: order.map((e): TrendEntity => {
          const cell = cells[i]!.get(e.id);
          return {
            id: e.id,
            name: e.name,
            total_seconds: cell?.total ?? 0,
            billable_seconds: cell?.billable ?? 0,
            earnings: amounts ? (cell?.earnings ?? 0) : null,
            color: e.color,
            currency: e.currency,
          };
        }),
      })),
    };
  }

  /**
   * POST profitability/projects (and its insights export): per project, time, earnings and labour
   * cost in one currency; earnings are the fixed fee for fixed-fee projects, else billable time
   * at its rates. Admins only: labour costs are the employer's business.
   */
  async projectProfitability(user: User, workspaceId: number, params: unknown, mode: 'report' | 'export' = 'report'): Promise<ProjectProfitability> {
    const ws = await this.requireAdmin(user, workspaceId, mode === 'report' ? ADMIN_REQUIRED : EXPORT_ADMIN_REQUIRED);
    const body = optionalBody(params);
    const texts =
      mode === 'report'
        ? { format: 'Wrong format date', bounds: 'Invalid date span', order: 'Invalid date span' }
        : { format: 'Invalid parameters: wrong format date', bounds: 'Invalid parameters: invalid date span', order: 'Invalid parameters: invalid date span' };
    const currency = readCurrency(body, mode === 'report' ? CURRENCY_REQUIRED : 'Invalid parameters: currency is required');
    const period = readPeriod(body, texts);
    const requested = readResolution(body, RESOLUTIONS);
    const filters = filtersOf(body, period, PROFITABILITY_FILTERS);
    const range = reportRange(filters, user.timezone, clock.now());
    const resolution = requested ?? autoResolution(range);
    const starts = bucketStarts(range, resolution);
    if (starts.length > MAX_BUCKETS) throw invalid('Date range too large for given resolution');
    const rows = (await this.rows.weeklyRows(await this.scope(user, ws, filters, range, true))).filter((r) => r.project_id !== null);

    const requestedIds = filters.project_ids?.ids ?? [];
    const projectIds = [...new Set([...rows.map((r) => r.project_id!), ...requestedIds])];
    const [names, money, labour] = await Promise.all([
      this.rows.projects(ws.id, projectIds),
      this.insights.projectMoney(ws.id, projectIds),
      this.insights.labourCosts(ws.id, [...new Set(rows.map((r) => r.user_id))], projectIds),
    ]);

    interface Acc {
      total: number;
      billable: number;
      earnings: number;
      labour: number;
    }
    const table = new Map<number, Acc>();
    const graph = starts.map(() => ({ earnings: 0, labour: 0 }));
    const inCurrency = (id: number) => money.get(id)?.currency === currency;
    for (const id of projectIds) if (names.has(id) && inCurrency(id)) table.set(id, { total: 0, billable: 0, earnings: 0, labour: 0 });
    for (const r of rows) {
      const id = r.project_id!;
      const acc = table.get(id);
      if (!acc) continue;
      const m = this.money(ws, r);
      const earned = m.cents === null ? 0 : amountOf(r.billable_seconds, m.cents);
      const cost = labour(r.user_id, id);
      const labourCents = cost === null ? 0 : (r.seconds * cost * 100) / 3600;
      acc.total += r.seconds;
      acc.billable += r.billable_seconds;
      acc.earnings += earned;
      acc.labour += labourCents;
      const bucket = graph[bucketIndex(starts, r.day)]!;
      if (money.get(id)?.fixed_fee === null) bucket.earnings += earned;
      bucket.labour += labourCents;
    }
    const out: ProfitabilityRow[] = [...table.entries()].map(([id, acc]) => {
      const project = names.get(id)!;
      const fee = money.get(id)?.fixed_fee ?? null;
      return {
        project_id: id,
        name: project.name,
        color: project.color,
        client_name: project.client_name,
        currency,
        total_seconds: acc.total,
        billable_seconds: acc.billable,
        earnings: fee !== null ? centsOf(fee) : acc.earnings,
        labour_cost: Math.round(acc.labour),
        fixed_fee: fee !== null,
      };
    });
    return {
      currency,
      resolution,
      start_date: range.start_date,
      end_date: range.end_date,
      graph: starts.map((day, i) => ({ date: dateOfEpochDay(day), earnings: graph[i]!.earnings, labour_cost: Math.round(graph[i]!.labour) })),
      table: out.sort(byName),
    };
  }

  /** Insights profitability/employees export: per member (and period), time, earnings, labour cost. */
  async employeeProfitability(user: User, workspaceId: number, params: unknown): Promise<EmployeeProfitability> {
    const ws = await this.requireAdmin(user, workspaceId, EXPORT_ADMIN_REQUIRED);
    const body = optionalBody(params);
    const currency = readCurrency(body, 'Invalid parameters: currency is required');
    const period = readPeriod(body, {
      format: 'Invalid parameters: wrong format date',
      bounds: 'Invalid parameters: invalid date span',
      order: 'Invalid parameters: invalid date span',
    });
    const resolution = readResolution(body, EMPLOYEE_RESOLUTIONS) ?? null;
    const filters = filtersOf(body, period, EMPLOYEE_FILTERS);
    const range = reportRange(filters, user.timezone, clock.now());
    const starts = resolution ? bucketDays(range, resolution) : [range.first_day];
    if (starts.length > MAX_BUCKETS) throw invalid('Date range too large for given resolution');
    const rows = await this.rows.weeklyRows(await this.scope(user, ws, filters, range, true));
    const userIds = [...new Set(rows.map((r) => r.user_id))];
    const [users, labour] = await Promise.all([
      this.rows.users(userIds),
      this.insights.labourCosts(ws.id, userIds, [...new Set(rows.flatMap((r) => (r.project_id === null ? [] : [r.project_id])))]),
    ]);
    const cells = new Map<string, { bucket: number; user_id: number; total: number; billable: number; earnings: number; labour: number }>();
    for (const r of rows) {
      const bucket = bucketIndex(starts, r.day);
      const key = `${bucket}|${r.user_id}`;
      const cell = cells.get(key) ?? { bucket, user_id: r.user_id, total: 0, billable: 0, earnings: 0, labour: 0 };
      const m = this.money(ws, r);
      cell.total += r.seconds;
      cell.billable += r.billable_seconds;
      if (m.cents !== null && m.currency === currency) cell.earnings += amountOf(r.billable_seconds, m.cents);
      const cost = labour(r.user_id, r.project_id);
      if (cost !== null) cell.labour += (r.seconds * cost * 100) / 3600;
      cells.set(key, cell);
    }
    const lastDay = range.first_day + range.day_count - 1;
    const out: EmployeeProfitabilityRow[] = [...cells.values()].map((c) => ({
      period_start: dateOfEpochDay(starts[c.bucket]!),
      period_end: dateOfEpochDay(Math.min((starts[c.bucket + 1] ?? lastDay + 1) - 1, lastDay)),
      user_id: c.user_id,
      name: users.get(c.user_id)?.fullname ?? '',
      email: users.get(c.user_id)?.email ?? '',
      total_seconds: c.total,
      billable_seconds: c.billable,
      earnings: c.earnings,
      labour_cost: Math.round(c.labour),
    }));
    out.sort((a, b) => a.period_start.localeCompare(b.period_start) || byName(a, b));
    return { currency, start_date: range.start_date, end_date: range.end_date, resolution, rows: out };
  }

  /**
   * Insights data_trends/projects (and the trends/projects export): each project's time per day
   * in the period and in a previous period of the same length (from previous_period_start, by
   * default right before), and who tracked it.
   */
  async projectTrends(user: User, workspaceId: number, params: unknown, mode: 'data' | 'export' = 'data'): Promise<ProjectTrends> {
    const ws = await this.requireAdmin(user, workspaceId, mode === 'data' ? ADMIN_REQUIRED : TRENDS_EXPORT_FORBIDDEN);
    const body = optionalBody(params);
    if (Object.values(body).every((v) => v === undefined || v === null)) throw invalid(AT_LEAST_ONE_PARAMETER);
    const wrong = mode === 'data' ? 'Wrong format date' : 'wrong format date';
    const period = readPeriod(body, { format: wrong, bounds: wrong, order: 'start should come after end' });
    const previousStart = readDay(body, 'previous_period_start', { format: wrong, bounds: wrong, order: wrong });
    const filters = filtersOf(body, period, PROJECT_TREND_FILTERS);
    const now = clock.now();
    const range = reportRange(filters, user.timezone, now);
    const prevStart = previousStart ?? addDays(range.start_date, -range.day_count);
    const prevFilters: ReportFilters = { ...filters, start_date: prevStart, end_date: addDays(prevStart, range.day_count - 1) };
    const prevRange = reportRange(prevFilters, user.timezone, now);
    const [current, previous] = await Promise.all([
      this.scope(user, ws, filters, range, false).then((s) => this.rows.weeklyRows(s)),
      this.scope(user, ws, prevFilters, prevRange, false).then((s) => this.rows.weeklyRows(s)),
    ]);
    const ids = [...new Set([...current, ...previous].flatMap((r) => (r.project_id === null ? [] : [r.project_id])).concat(filters.project_ids?.ids ?? []))];
    const names = await this.rows.projects(ws.id, ids);
    const trends = new Map<number, ProjectTrend>();
    for (const id of ids) {
      const project = names.get(id);
      if (!project) continue;
      trends.set(id, {
        project_id: id,
        name: project.name,
        start: range.start_date,
        end: range.end_date,
        previous_start: prevRange.start_date,
        previous_end: prevRange.end_date,
        current_period_seconds: Array(range.day_count).fill(0),
        previous_period_seconds: Array(prevRange.day_count).fill(0),
        user_ids: [],
      });
    }
    const users = new Map<number, Set<number>>();
    for (const r of current) {
      const trend = r.project_id === null ? undefined : trends.get(r.project_id);
      const idx = r.day - range.first_day;
      if (!trend || idx < 0 || idx >= range.day_count) continue;
      trend.current_period_seconds[idx]! += r.seconds;
      if (!users.has(trend.project_id)) users.set(trend.project_id, new Set());
      users.get(trend.project_id)!.add(r.user_id);
    }
    for (const r of previous) {
      const trend = r.project_id === null ? undefined : trends.get(r.project_id);
      const idx = r.day - prevRange.first_day;
      if (!trend || idx < 0 || idx >= prevRange.day_count) continue;
      trend.previous_period_seconds[idx]! += r.seconds;
    }
    for (const [id, set] of users) trends.get(id)!.user_ids = [...set].sort((a, b) => a - b);
    return {
      start_date: range.start_date,
      end_date: range.end_date,
      previous_start: prevRange.start_date,
      previous_end: prevRange.end_date,
      trends: [...trends.values()].sort(byName),
    };
  }
}
