import { expressionBuilder, sql, type Kysely, type RawBuilder } from 'kysely';
import { integerSum, orderedIdList, parseIdList } from '../../db/aggregates.js';
import type { Dialect } from '../../db/connect.js';
import type { DB } from '../../db/tables.js';
import { inGroupsOfWorkspace } from '../groups/groups.policy.js';
import { projectVisibleTo } from '../projects/projects.policy.js';
import type { DetailedOrderBy, OrderDir, ReportFilters } from './report-filters.js';
import type { ReportRange } from './report-range.js';
import { entryVisibleInReports, type ReportViewer } from './reports.policy.js';

// Every report aggregates in the database (GROUP BY over the filtered entries) and brings back
// only grouped rows; the queries are written with Kysely's `sql` so that one text serves both
// engines. Numbers computed here (ids, epoch seconds, offsets, rounding steps) are inlined as
// literals: better-sqlite3 binds JS numbers as REAL, which would turn the integer arithmetic
// of rounding and day bucketing into float division. User text is always a bound parameter.

type Sql = RawBuilder<unknown>;

/** Which rate sources exist in the workspace; absent ones stay out of the query. */
export interface RatePlan {
  taskRates: boolean;
  projectUserRates: boolean;
  projectRates: boolean;
  memberRates: boolean;
  projectCurrencies: boolean;
}

export interface LabourPlan {
  projectUserCosts: boolean;
  memberCosts: boolean;
}

export interface Rounding {
  /** -1 down, 0 nearest, 1 up (Toggl's workspace `rounding`). */
  direction: number;
  minutes: number;
}

/** One report's query context: whose entries, which period, which filters. */
export interface ReportScope {
  workspaceId: number;
  viewer: ReportViewer;
  range: ReportRange;
  filters: ReportFilters;
  rounding: Rounding | null;
  /** Null when amounts are not computed (hidden, or no rate anywhere). */
  rates: RatePlan | null;
  labour: LabourPlan | null;
}

export type SummaryKey = 'projects' | 'clients' | 'users' | 'tasks' | 'time_entries' | 'tags';

export interface SummaryRow {
  g: number | string | null;
  s: number | string | null;
  rate: number | null;
  currency: string | null;
  seconds: number;
  billable_seconds: number;
  first_start: number;
  ids: number[];
}

export interface EntryRow {
  id: number;
  user_id: number;
  project_id: number | null;
  task_id: number | null;
  description: string;
  billable: boolean;
  start: number;
  stop: number;
  at: number;
  seconds: number;
  rate: number | null;
  currency: string | null;
}

export interface GroupedEntryRow {
  user_id: number;
  project_id: number | null;
  task_id: number | null;
  description: string;
  billable: boolean;
  rate: number | null;
  currency: string | null;
  ids: number[];
}

export interface DayRow {
  day: number;
  seconds: number;
  billable_seconds: number;
}

export interface TotalsRow {
  day: number;
  rate: number | null;
  currency: string | null;
  seconds: number;
  billable_seconds: number;
  /** Number of entries in the row. */
  entries: number;
}

export interface RateRow {
  day: number | null;
  rate: number | null;
  currency: string | null;
  seconds: number;
}

export interface WeeklyDbRow {
  user_id: number;
  project_id: number | null;
  day: number;
  rate: number | null;
  currency: string | null;
  seconds: number;
  billable_seconds: number;
}

/** Where a keyset page of the detailed export resumes. */
export interface DetailedCursor {
  key: number | string;
  start: number;
  id: number;
}

export interface UserName {
  id: number;
  fullname: string;
  email: string;
}

export interface ProjectName {
  id: number;
  name: string;
  color: string;
  client_id: number | null;
  client_name: string | null;
  is_private: boolean;
}

export interface EntryTag {
  time_entry_id: number;
  tag_id: number;
  name: string;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function lit(n: number): Sql {
  if (!Number.isFinite(n)) throw new Error(`not a number: ${n}`);
  return sql.lit(n);
}

function idList(ids: number[]): Sql {
  return sql.join(ids.map((id) => lit(id)));
}

/** `col in (ids) [or col is null]` for the [null]-means-none filters. */
function idFilter(column: Sql, filter: { ids: number[]; none: boolean }): Sql {
  const parts: Sql[] = [];
  if (filter.ids.length > 0) parts.push(sql`${column} in (${idList(filter.ids)})`);
  if (filter.none) parts.push(sql`${column} is null`);
  return parts.length === 0 ? sql`1 = 0` : sql`(${sql.join(parts, sql` or `)})`;
}

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const LIVE_TAG = sql`join tags tg on tg.id = x.tag_id and tg.deleted_at is null`;

/** A grouping key of an aggregate query; `constant` keys (a rate no row can have) are selected but not grouped by. */
interface Key {
  expr: Sql;
  as: string;
  constant?: boolean;
}

/**
 * `select <keys>, <aggregates> … group by <the non-constant keys>`. Grouping by a constant costs
 * nothing to the result but misleads PostgreSQL's estimate of the group count, which then picks
 * a sort-based aggregate spilling to disk instead of a hash table.
 */
function grouped(keys: Key[], aggregates: Sql[]): { select: Sql; groupBy: Sql } {
  const select = sql.join([...keys.map((k) => sql`${k.expr} as ${sql.ref(k.as)}`), ...aggregates]);
  const positions = keys.flatMap((k, i) => (k.constant ? [] : [lit(i + 1)]));
  return { select, groupBy: positions.length ? sql`group by ${sql.join(positions)}` : sql`` };
}

export class ReportsRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
  ) {}

  // ---------------------------------------------------------------------------------------------
  // Query pieces

  /** The entry's seconds, rounded per entry when the report rounds (Toggl rounds each entry). */
  secondsExpr(scope: ReportScope): Sql {
    const r = scope.rounding;
    if (!r || r.minutes <= 0) return sql`te.duration`;
    const step = r.minutes * 60;
    if (r.direction > 0) return sql`(((te.duration + ${lit(step - 1)}) / ${lit(step)}) * ${lit(step)})`;
    if (r.direction < 0) return sql`((te.duration / ${lit(step)}) * ${lit(step)})`;
    return sql`(((te.duration + ${lit(step / 2)}) / ${lit(step)}) * ${lit(step)})`;
  }

  /** Hourly rate precedence: task → project user → project → workspace user (workspace default in JS). */
  private rateExpr(plan: RatePlan): Sql {
    const sources: Sql[] = [];
    if (plan.taskRates) sources.push(sql`tk.rate`);
    if (plan.projectUserRates) sources.push(sql`pur.rate`);
    if (plan.projectRates) sources.push(sql`p.rate`);
    if (plan.memberRates) sources.push(sql`wur.rate`);
    if (sources.length === 0) return sql`null`;
    return sources.length === 1 ? sources[0]! : sql`coalesce(${sql.join(sources)})`;
  }

  private currencyExpr(plan: RatePlan): Sql {
    return plan.projectCurrencies ? sql`p.currency` : sql`null`;
  }

  /** The rate and currency keys of a rated aggregate (none when amounts are not computed). */
  private rateKeys(plan: RatePlan | null): Key[] {
    if (!plan) return [];
    const anyRate = plan.taskRates || plan.projectUserRates || plan.projectRates || plan.memberRates;
    return [
      { expr: this.rateExpr(plan), as: 'rate', constant: !anyRate },
      { expr: this.currencyExpr(plan), as: 'currency', constant: !plan.projectCurrencies },
    ];
  }

  private sum(value: Sql): Sql {
    return integerSum(this.dialect, value);
  }

  /** Tracked and billable seconds (rounded per entry when the report rounds). */
  private secondsAggregates(scope: ReportScope): Sql[] {
    const secs = this.secondsExpr(scope);
    return [sql`${this.sum(secs)} as seconds`, sql`${this.sum(sql`case when te.billable = 1 then ${secs} else 0 end`)} as billable_seconds`];
  }

  /** Labour cost precedence: project user → workspace user. */
  private labourExpr(plan: LabourPlan): Sql {
    const sources: Sql[] = [];
    if (plan.projectUserCosts) sources.push(sql`pur.labor_cost`);
    if (plan.memberCosts) sources.push(sql`wur.labour_cost`);
    if (sources.length === 0) return sql`null`;
    return sources.length === 1 ? sources[0]! : sql`coalesce(${sql.join(sources)})`;
  }

  /** The entry's local epoch-day, with the range's piecewise UTC offsets. */
  private dayExpr(range: ReportRange): Sql {
    const pieces = range.offsets;
    let offset: Sql;
    if (pieces.length === 1) {
      offset = lit(pieces[0]!.offset);
    } else {
      const whens = pieces.slice(0, -1).map((p) => sql`when te.start < ${lit(p.until!)} then ${lit(p.offset)}`);
      offset = sql`(case ${sql.join(whens, sql` `)} else ${lit(pieces[pieces.length - 1]!.offset)} end)`;
    }
    return sql`((te.start + ${offset}) / 86400)`;
  }

  /** The entry's live tag ids, sorted, as one comma-separated key ('' without tags). */
  private tagKeyExpr(): Sql {
    const list = orderedIdList(this.dialect, sql`x.tag_id`, sql`x.tag_id`);
    return sql`coalesce((select ${list} from time_entry_tags x ${LIVE_TAG} where x.time_entry_id = te.id), '')`;
  }

  private keyExpr(key: SummaryKey): Sql {
    switch (key) {
      case 'projects':
        return sql`te.project_id`;
      case 'clients':
        return sql`p.client_id`;
      case 'users':
        return sql`te.user_id`;
      case 'tasks':
        return sql`te.task_id`;
      case 'time_entries':
        return sql`te.description`;
      case 'tags':
        return this.tagKeyExpr();
    }
  }

  private from(scope: ReportScope, needs: { projects?: boolean; users?: boolean; labour?: boolean } = {}): Sql {
    const rates = scope.rates;
    const labour = needs.labour ? scope.labour : null;
    const joins: Sql[] = [];
    const projects =
      needs.projects || !scope.viewer.admin || scope.filters.client_ids !== undefined || !!rates?.projectRates || !!rates?.projectCurrencies;
    if (projects) joins.push(sql`left join projects p on p.id = te.project_id`);
    if (needs.users) joins.push(sql`join users u on u.id = te.user_id`);
    if (rates?.taskRates) joins.push(sql`left join tasks tk on tk.id = te.task_id`);
    if (rates?.projectUserRates || labour?.projectUserCosts) {
      joins.push(sql`left join project_users pur on pur.project_id = te.project_id and pur.user_id = te.user_id and pur.deleted_at is null`);
    }
    if (rates?.memberRates || labour?.memberCosts) {
      // One row per user even if a membership was recorded twice.
      joins.push(sql`left join (select user_id, max(rate) as rate, max(labour_cost) as labour_cost from workspace_users
        where workspace_id = ${lit(scope.workspaceId)} and deleted_at is null group by user_id) wur on wur.user_id = te.user_id`);
    }
    return sql`from time_entries te ${sql.join(joins, sql` `)}`;
  }

  private where(scope: ReportScope): Sql {
    const f = scope.filters;
    const c: Sql[] = [
      sql`te.workspace_id = ${lit(scope.workspaceId)}`,
      sql`te.deleted_at is null`,
      // A running entry has no duration yet; reports count finished time only.
      sql`te.stop is not null`,
      sql`te.start >= ${lit(scope.range.from)}`,
      sql`te.start < ${lit(scope.range.to)}`,
    ];
    const users: Sql[] = [];
    if (f.user_ids) users.push(sql`te.user_id in (${idList(f.user_ids)})`);
    if (f.or_members_of_group_ids) users.push(inGroupsOfWorkspace(sql`te.user_id`, scope.workspaceId, f.or_members_of_group_ids));
    if (users.length) c.push(sql`(${sql.join(users, sql` or `)})`);
    if (f.group_ids) c.push(inGroupsOfWorkspace(sql`te.user_id`, scope.workspaceId, f.group_ids));
    if (f.project_ids) c.push(idFilter(sql`te.project_id`, f.project_ids));
    if (f.task_ids) c.push(idFilter(sql`te.task_id`, f.task_ids));
    if (f.client_ids) c.push(idFilter(sql`p.client_id`, f.client_ids));
    if (f.tag_ids) {
      const parts: Sql[] = [];
      if (f.tag_ids.ids.length > 0) {
        parts.push(sql`exists (select 1 from time_entry_tags x ${LIVE_TAG} where x.time_entry_id = te.id and x.tag_id in (${idList(f.tag_ids.ids)}))`);
      }
      if (f.tag_ids.none) parts.push(sql`not exists (select 1 from time_entry_tags x ${LIVE_TAG} where x.time_entry_id = te.id)`);
      c.push(sql`(${sql.join(parts, sql` or `)})`);
    }
    if (f.time_entry_ids) c.push(sql`te.id in (${idList(f.time_entry_ids)})`);
    if (f.description !== undefined) c.push(sql`lower(te.description) like ${likePattern(f.description)} escape '\\'`);
    if (f.without_description) c.push(sql`te.description <> ''`);
    if (f.billable !== undefined) c.push(sql`te.billable = ${lit(f.billable ? 1 : 0)}`);
    if (f.min_duration_seconds !== undefined) c.push(sql`te.duration >= ${lit(f.min_duration_seconds)}`);
    if (f.max_duration_seconds !== undefined) c.push(sql`te.duration <= ${lit(f.max_duration_seconds)}`);
    c.push(entryVisibleInReports(scope.viewer) as Sql);
    return sql`where ${sql.join(c, sql` and `)}`;
  }

  // ---------------------------------------------------------------------------------------------
  // Plans

  async ratePlan(workspaceId: number): Promise<RatePlan> {
    const w = lit(workspaceId);
    const any = async (q: Sql) => (await sql<{ one: number }>`${q} limit 1`.execute(this.db)).rows.length > 0;
    const [taskRates, projectUserRates, projectRates, memberRates, projectCurrencies] = await Promise.all([
      any(sql`select 1 as one from tasks where workspace_id = ${w} and rate is not null`),
      any(sql`select 1 as one from project_users where workspace_id = ${w} and rate is not null and deleted_at is null`),
      any(sql`select 1 as one from projects where workspace_id = ${w} and rate is not null`),
      any(sql`select 1 as one from workspace_users where workspace_id = ${w} and rate is not null and deleted_at is null`),
      any(sql`select 1 as one from projects where workspace_id = ${w} and currency is not null`),
    ]);
    return { taskRates, projectUserRates, projectRates, memberRates, projectCurrencies };
  }

  async labourPlan(workspaceId: number): Promise<LabourPlan> {
    const w = lit(workspaceId);
    const any = async (q: Sql) => (await sql<{ one: number }>`${q} limit 1`.execute(this.db)).rows.length > 0;
    const [projectUserCosts, memberCosts] = await Promise.all([
      any(sql`select 1 as one from project_users where workspace_id = ${w} and labor_cost is not null and deleted_at is null`),
      any(sql`select 1 as one from workspace_users where workspace_id = ${w} and labour_cost is not null and deleted_at is null`),
    ]);
    return { projectUserCosts, memberCosts };
  }

  // ---------------------------------------------------------------------------------------------
  // Aggregations

  /** Seconds per (group, sub-group[, rate]), for the summary report. */
  async summaryRows(scope: ReportScope, group: SummaryKey, sub: SummaryKey, options: { withIds: boolean }): Promise<SummaryRow[]> {
    const rates = scope.rates;
    const keys: Key[] = [{ expr: this.keyExpr(group), as: 'g' }, { expr: this.keyExpr(sub), as: 's' }, ...this.rateKeys(rates)];
    const aggregates = [...this.secondsAggregates(scope), sql`min(te.start) as first_start`];
    if (options.withIds) aggregates.push(sql`${orderedIdList(this.dialect, sql`te.id`, sql`te.id`)} as ids`);
    const q = grouped(keys, aggregates);
    const needsProjects = group === 'clients' || sub === 'clients';
    const { rows } = await sql<Record<string, unknown>>`select ${q.select} ${this.from(scope, { projects: needsProjects })} ${this.where(scope)} ${q.groupBy}`.execute(this.db);
    const numericKey = (key: SummaryKey, v: unknown) => (v === null || v === undefined ? null : key === 'time_entries' || key === 'tags' ? String(v) : Number(v));
    return rows.map((r) => ({
      g: numericKey(group, r.g),
      s: numericKey(sub, r.s),
      rate: rates ? numOrNull(r.rate) : null,
      currency: rates ? ((r.currency as string | null) ?? null) : null,
      seconds: num(r.seconds),
      billable_seconds: num(r.billable_seconds),
      first_start: num(r.first_start),
      ids: options.withIds ? parseIdList(r.ids as string | null) : [],
    }));
  }

  /** Seconds per local day of the range. */
  async dayRows(scope: ReportScope): Promise<DayRow[]> {
    const q = grouped([{ expr: this.dayExpr(scope.range), as: 'day' }], this.secondsAggregates(scope));
    const { rows } = await sql<Record<string, unknown>>`select ${q.select} ${this.from(scope)} ${this.where(scope)} ${q.groupBy}`.execute(this.db);
    return rows.map((r) => ({ day: num(r.day), seconds: num(r.seconds), billable_seconds: num(r.billable_seconds) }));
  }

  /**
   * Seconds and billable seconds per local day and rate, in one pass over the entries: the totals
   * call's sums, tracked days, rates and graph all fold from these rows.
   */
  async totalsRows(scope: ReportScope): Promise<TotalsRow[]> {
    const q = grouped([{ expr: this.dayExpr(scope.range), as: 'day' }, ...this.rateKeys(scope.rates)], [...this.secondsAggregates(scope), sql`count(*) as entries`]);
    const { rows } = await sql<Record<string, unknown>>`select ${q.select} ${this.from(scope)} ${this.where(scope)} ${q.groupBy}`.execute(this.db);
    return rows.map((r) => ({
      day: num(r.day),
      rate: scope.rates ? numOrNull(r.rate) : null,
      currency: scope.rates ? ((r.currency as string | null) ?? null) : null,
      seconds: num(r.seconds),
      billable_seconds: num(r.billable_seconds),
      entries: num(r.entries),
    }));
  }

  /** Seconds per labour cost (and per local day when asked). */
  async labourRows(scope: ReportScope, byDay: boolean): Promise<RateRow[]> {
    if (!scope.labour || (!scope.labour.memberCosts && !scope.labour.projectUserCosts)) return [];
    const keys: Key[] = [{ expr: this.labourExpr(scope.labour), as: 'rate' }];
    if (byDay) keys.push({ expr: this.dayExpr(scope.range), as: 'day' });
    const q = grouped(keys, [sql`${this.sum(this.secondsExpr(scope))} as seconds`]);
    const { rows } = await sql<Record<string, unknown>>`select ${q.select} ${this.from(scope, { labour: true })} ${this.where(scope)} ${q.groupBy}`.execute(this.db);
    return rows.map((r) => ({ day: byDay ? num(r.day) : null, rate: numOrNull(r.rate), currency: null, seconds: num(r.seconds) }));
  }

  /** Seconds per user, project and local day, for the weekly report. */
  async weeklyRows(scope: ReportScope): Promise<WeeklyDbRow[]> {
    const keys: Key[] = [
      { expr: sql`te.user_id`, as: 'user_id' },
      { expr: sql`te.project_id`, as: 'project_id' },
      { expr: this.dayExpr(scope.range), as: 'day' },
      ...this.rateKeys(scope.rates),
    ];
    const q = grouped(keys, this.secondsAggregates(scope));
    const { rows } = await sql<Record<string, unknown>>`select ${q.select} ${this.from(scope)} ${this.where(scope)} ${q.groupBy}`.execute(this.db);
    return rows.map((r) => ({
      user_id: num(r.user_id),
      project_id: numOrNull(r.project_id),
      day: num(r.day),
      rate: scope.rates ? numOrNull(r.rate) : null,
      currency: scope.rates ? ((r.currency as string | null) ?? null) : null,
      seconds: num(r.seconds),
      billable_seconds: num(r.billable_seconds),
    }));
  }

  /** Tracked and billable seconds per user and project (projects/summary). */
  async projectUserRows(scope: ReportScope): Promise<{ user_id: number; project_id: number; seconds: number; billable_seconds: number }[]> {
    const { rows } = await sql<Record<string, unknown>>`select te.user_id as user_id, te.project_id as project_id, ${this.sum(sql`te.duration`)} as seconds,
      ${this.sum(sql`case when te.billable = 1 then te.duration else 0 end`)} as billable_seconds
      ${this.from(scope)} ${this.where(scope)} and te.project_id is not null group by 1, 2 order by 2, 1`.execute(this.db);
    return rows.map((r) => ({ user_id: num(r.user_id), project_id: num(r.project_id), seconds: num(r.seconds), billable_seconds: num(r.billable_seconds) }));
  }

  // ---------------------------------------------------------------------------------------------
  // Detailed rows

  private orderKey(orderBy: DetailedOrderBy): Sql {
    switch (orderBy) {
      case 'date':
        return sql`te.start`;
      case 'user':
        return sql`u.fullname`;
      case 'duration':
        return sql`te.duration`;
      case 'description':
        return sql`te.description`;
      case 'last_update':
        return sql`te.at`;
    }
  }

  /** Report order with start and id as tie-breakers; in date order the index already yields (start, id). */
  private orderBy(order: { by: DetailedOrderBy; dir: OrderDir }): Sql {
    const dir = order.dir === 'DESC' ? sql`desc` : sql`asc`;
    return order.by === 'date' ? sql`te.start ${dir}, te.id ${dir}` : sql`${this.orderKey(order.by)} ${dir}, te.start ${dir}, te.id ${dir}`;
  }

  private entryColumns(scope: ReportScope): Sql {
    const cols: Sql[] = [
      sql`te.id as id`,
      sql`te.user_id as user_id`,
      sql`te.project_id as project_id`,
      sql`te.task_id as task_id`,
      sql`te.description as description`,
      sql`te.billable as billable`,
      sql`te.start as start`,
      sql`te.stop as stop`,
      sql`te.at as at`,
      sql`${this.secondsExpr(scope)} as seconds`,
    ];
    if (scope.rates) cols.push(sql`${this.rateExpr(scope.rates)} as rate`, sql`${this.currencyExpr(scope.rates)} as currency`);
    return sql.join(cols);
  }

  private toEntryRow(scope: ReportScope, r: Record<string, unknown>): EntryRow {
    return {
      id: num(r.id),
      user_id: num(r.user_id),
      project_id: numOrNull(r.project_id),
      task_id: numOrNull(r.task_id),
      description: (r.description as string) ?? '',
      billable: num(r.billable) === 1,
      start: num(r.start),
      stop: num(r.stop),
      at: num(r.at),
      seconds: num(r.seconds),
      rate: scope.rates ? numOrNull(r.rate) : null,
      currency: scope.rates ? ((r.currency as string | null) ?? null) : null,
    };
  }

  /** One page of entries in report order; `limit` rows from the 0-based `offset`. */
  async entryPage(scope: ReportScope, order: { by: DetailedOrderBy; dir: OrderDir }, limit: number, offset: number): Promise<EntryRow[]> {
    const { rows } = await sql<Record<string, unknown>>`select ${this.entryColumns(scope)}
      ${this.from(scope, { users: order.by === 'user' })} ${this.where(scope)}
      order by ${this.orderBy(order)}
      limit ${lit(limit)} offset ${lit(offset)}`.execute(this.db);
    return rows.map((r) => this.toEntryRow(scope, r));
  }

  /**
   * The next batch of entries after a cursor, in report order (keyset paging, so a whole-year
   * export reads each entry once however deep it goes).
   */
  async entryBatch(
    scope: ReportScope,
    order: { by: DetailedOrderBy; dir: OrderDir },
    after: DetailedCursor | null,
    limit: number,
  ): Promise<{ rows: EntryRow[]; cursor: DetailedCursor | null }> {
    const desc = order.dir === 'DESC';
    const cmp = desc ? sql`<` : sql`>`;
    const key = this.orderKey(order.by);
    // `key >= cursor` (or <=) is the condition the (workspace_id, start) index resumes from in date
    // order. In the tie-breaking OR, unary plus keeps numeric columns off the indexes: otherwise
    // SQLite's planner may answer the OR with a multi-index scan that sorts the whole period for
    // every batch. (Row values would be neater, but throw the planner off the index too.)
    const numeric = order.by !== 'user' && order.by !== 'description';
    const bound = desc ? sql`<=` : sql`>=`;
    let keyset: Sql = sql``;
    let within = scope;
    if (after && order.by === 'date') {
      // The period's own bound on start moves up to the cursor: with two lower bounds on start,
      // SQLite seeks the index from the first one and walks every earlier batch again.
      const range = desc ? { ...scope.range, to: Math.min(scope.range.to, after.start + 1) } : { ...scope.range, from: Math.max(scope.range.from, after.start) };
      within = { ...scope, range };
      keyset = sql`and (+te.start ${cmp} ${lit(after.start)} or (+te.start = ${lit(after.start)} and +te.id ${cmp} ${lit(after.id)}))`;
    } else if (after) {
      const k = typeof after.key === 'number' ? lit(after.key) : sql`${after.key}`;
      const free = numeric ? sql`+${key}` : key;
      keyset = sql`and ${key} ${bound} ${k} and (${free} ${cmp} ${k} or (${free} = ${k} and (+te.start ${cmp} ${lit(after.start)} or (+te.start = ${lit(after.start)} and +te.id ${cmp} ${lit(after.id)}))))`;
    }
    const { rows } = await sql<Record<string, unknown>>`select ${this.entryColumns(scope)}, ${key} as order_key
      ${this.from(scope, { users: order.by === 'user' })} ${this.where(within)} ${keyset}
      order by ${this.orderBy(order)}
      limit ${lit(limit)}`.execute(this.db);
    const last = rows[rows.length - 1];
    const cursor = last
      ? { key: typeof last.order_key === 'string' ? last.order_key : num(last.order_key), start: num(last.start), id: num(last.id) }
      : null;
    return { rows: rows.map((r) => this.toEntryRow(scope, r)), cursor };
  }

  /**
   * One page of grouped rows: entries sharing user, project, task, description, billable and
   * tags merge into one row; the row's entry ids come in start order.
   */
  async groupedPage(scope: ReportScope, order: { by: DetailedOrderBy; dir: OrderDir }, limit: number, offset: number): Promise<GroupedEntryRow[]> {
    const dir = order.dir === 'DESC' ? sql`desc` : sql`asc`;
    const keys: Key[] = [
      { expr: sql`te.user_id`, as: 'user_id' },
      { expr: sql`te.project_id`, as: 'project_id' },
      { expr: sql`te.task_id`, as: 'task_id' },
      { expr: sql`te.description`, as: 'description' },
      { expr: sql`te.billable`, as: 'billable' },
      { expr: this.tagKeyExpr(), as: 'tags' },
    ];
    if (order.by === 'user') keys.push({ expr: sql`u.fullname`, as: 'fullname' });
    const keyCount = keys.length;
    keys.push(...this.rateKeys(scope.rates));
    const orderKey: Record<DetailedOrderBy, Sql> = {
      date: sql`min(te.start)`,
      user: sql`${lit(keyCount)}`,
      duration: sql`sum(te.duration)`,
      description: sql`4`,
      last_update: sql`max(te.at)`,
    };
    const q = grouped(keys, [sql`${orderedIdList(this.dialect, sql`te.id`, sql`te.start, te.id`)} as ids`]);
    const { rows } = await sql<Record<string, unknown>>`select ${q.select}
      ${this.from(scope, { users: order.by === 'user' })} ${this.where(scope)}
      ${q.groupBy}
      order by ${orderKey[order.by]} ${dir}, min(te.start) ${dir}, min(te.id) ${dir}
      limit ${lit(limit)} offset ${lit(offset)}`.execute(this.db);
    return rows.map((r) => ({
      user_id: num(r.user_id),
      project_id: numOrNull(r.project_id),
      task_id: numOrNull(r.task_id),
      description: (r.description as string) ?? '',
      billable: num(r.billable) === 1,
      rate: scope.rates ? numOrNull(r.rate) : null,
      currency: scope.rates ? ((r.currency as string | null) ?? null) : null,
      ids: parseIdList(r.ids as string | null),
    }));
  }

  /** Entries by id (for grouped rows), with rounded seconds. */
  async entriesByIds(scope: ReportScope, ids: number[]): Promise<Map<number, { id: number; seconds: number; start: number; stop: number; at: number }>> {
    const out = new Map<number, { id: number; seconds: number; start: number; stop: number; at: number }>();
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      const { rows } = await sql<Record<string, unknown>>`select te.id as id, ${this.secondsExpr(scope)} as seconds, te.start as start, te.stop as stop, te.at as at
        from time_entries te where te.id in (${idList(chunk)})`.execute(this.db);
      for (const r of rows) out.set(num(r.id), { id: num(r.id), seconds: num(r.seconds), start: num(r.start), stop: num(r.stop), at: num(r.at) });
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Names, batch-loaded for the rows at hand

  async users(ids: number[]): Promise<Map<number, UserName>> {
    const out = new Map<number, UserName>();
    if (ids.length === 0) return out;
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await this.db.selectFrom('users').select(['id', 'fullname', 'email']).where('id', 'in', ids.slice(i, i + 1000)).execute();
      for (const r of rows) out.set(r.id, { id: r.id, fullname: r.fullname, email: r.email });
    }
    return out;
  }

  async projects(workspaceId: number, ids: number[]): Promise<Map<number, ProjectName>> {
    const out = new Map<number, ProjectName>();
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await this.db
        .selectFrom('projects as p')
        .leftJoin('clients as c', 'c.id', 'p.client_id')
        .select(['p.id', 'p.name', 'p.color', 'p.client_id', 'p.is_private', 'c.name as client_name'])
        .where('p.workspace_id', '=', workspaceId)
        .where('p.id', 'in', ids.slice(i, i + 1000))
        .execute();
      for (const r of rows) {
        out.set(r.id, { id: r.id, name: r.name, color: r.color, client_id: r.client_id, client_name: r.client_name ?? null, is_private: r.is_private === 1 });
      }
    }
    return out;
  }

  async clients(workspaceId: number, ids: number[]): Promise<Map<number, string>> {
    return this.names('clients', workspaceId, ids);
  }

  async tasks(workspaceId: number, ids: number[]): Promise<Map<number, string>> {
    return this.names('tasks', workspaceId, ids);
  }

  async tags(workspaceId: number, ids: number[]): Promise<Map<number, string>> {
    return this.names('tags', workspaceId, ids);
  }

  private async names(table: 'clients' | 'tasks' | 'tags', workspaceId: number, ids: number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await this.db.selectFrom(table).select(['id', 'name']).where('workspace_id', '=', workspaceId).where('id', 'in', ids.slice(i, i + 1000)).execute();
      for (const r of rows) out.set(r.id, r.name);
    }
    return out;
  }

  /** Live tags of entries, in the order the entry lists them. */
  async entryTags(entryIds: number[]): Promise<Map<number, EntryTag[]>> {
    const out = new Map<number, EntryTag[]>();
    for (let i = 0; i < entryIds.length; i += 1000) {
      const rows = await this.db
        .selectFrom('time_entry_tags as x')
        .innerJoin('tags as tg', 'tg.id', 'x.tag_id')
        .select(['x.time_entry_id', 'x.tag_id', 'tg.name'])
        .where('x.time_entry_id', 'in', entryIds.slice(i, i + 1000))
        .where('tg.deleted_at', 'is', null)
        .orderBy('x.time_entry_id')
        .orderBy('x.position')
        .orderBy('x.tag_id')
        .execute();
      for (const r of rows) {
        const list = out.get(r.time_entry_id) ?? [];
        list.push({ time_entry_id: r.time_entry_id, tag_id: r.tag_id, name: r.name });
        out.set(r.time_entry_id, list);
      }
    }
    return out;
  }

  /** Every group a summary may show without time (audit.show_empty_groups). */
  async groupCandidates(workspaceId: number, viewer: ReportViewer, kind: 'projects' | 'clients' | 'users' | 'tags'): Promise<number[]> {
    switch (kind) {
      case 'projects': {
        const eb = expressionBuilder<DB, 'projects'>();
        const rows = await this.db
          .selectFrom('projects as p')
          .select('p.id')
          .where('p.workspace_id', '=', workspaceId)
          .where('p.deleted_at', 'is', null)
          .where('p.template', '=', 0)
          .where(() => projectVisibleTo(eb, viewer, 'p'))
          .execute();
        return rows.map((r) => r.id);
      }
      case 'clients':
      case 'tags': {
        const rows = await this.db.selectFrom(kind).select('id').where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null).execute();
        return rows.map((r) => r.id);
      }
      case 'users': {
        const rows = await this.db
          .selectFrom('workspace_users')
          .select('user_id')
          .distinct()
          .where('workspace_id', '=', workspaceId)
          .where('deleted_at', 'is', null)
          // Invitees who have not accepted are not members yet.
          .where('active', '=', 1)
          .execute();
        return rows.map((r) => r.user_id);
      }
    }
  }

  /** A project of the workspace, or null. */
  async project(workspaceId: number, projectId: number): Promise<ProjectName | null> {
    return (await this.projects(workspaceId, [projectId])).get(projectId) ?? null;
  }

  /** The user's standing in a project (project_users), or null when not a member. */
  async projectMembership(userId: number, projectId: number): Promise<{ manager: boolean } | null> {
    const row = await this.db
      .selectFrom('project_users')
      .select('manager')
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? { manager: row.manager === 1 } : null;
  }
}
