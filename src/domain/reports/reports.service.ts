import { clock } from '../../time.js';
import { DomainError, forbidden, invalid } from '../errors.js';
import type { GroupsRepository } from '../groups/groups.repository.js';
import { canSeeProject } from '../projects/projects.policy.js';
import type { User } from '../users/users.types.js';
import { isPositiveId } from '../validation.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { MemberWorkspace } from '../workspaces/workspaces.types.js';
import {
  optionalBody,
  parseDetailedOptions,
  parseReportFilters,
  parseSummaryOptions,
  parseTotalsOptions,
  requireBody,
  requiredParameter,
  type OrderDir,
  type ReportFilters,
  type SummaryAudit,
  type SummaryOrderBy,
  type TotalsOptions,
} from './report-filters.js';
import { autoResolution, bucketIndex, bucketStarts, reportRange, weeklyRange, type ReportRange } from './report-range.js';
import { moneyVisibleTo, reportViewer, type ReportViewer } from './reports.policy.js';
import type { EntryRow, ProjectName, ReportScope, ReportsRepository, SummaryKey, SummaryRow, UserName } from './reports.repository.js';
import type {
  DetailedPage,
  DetailedRow,
  DetailedTimeEntry,
  MoneyVisibility,
  ProjectUserSummary,
  RateTotal,
  ReportContext,
  SummaryGroup,
  SummaryReport,
  SummarySubGroup,
  TotalsBucket,
  TotalsReport,
  WeeklyReport,
  WeeklyRow,
} from './reports.types.js';

export const WORKSPACE_NOT_ACCESSIBLE = 'Workspace not found/accessible';
export const INVALID_WORKSPACE_ID = 'Invalid workspace id';
export const INVALID_PROJECT_ID = 'Invalid project id';
export const PROJECT_NOT_ACCESSIBLE = 'project not found or not accessible';

/** Rows per database round trip when an export walks the whole report. */
const EXPORT_BATCH = 2000;

/** Everything one report request resolved: the member's workspace, the period and the query scope. */
interface Prepared {
  ws: MemberWorkspace;
  viewer: ReportViewer;
  range: ReportRange;
  money: MoneyVisibility;
  scope: ReportScope;
}

interface RateAccumulator {
  rateCents: number;
  currency: string;
  seconds: number;
}

const centsOf = (rate: number): number => Math.round(rate * 100);
const amountOf = (seconds: number, rateCents: number): number => Math.round((seconds * rateCents) / 3600);

/**
 * Billable seconds per hourly rate and currency. A summary keeps one per sub-group (tens of
 * thousands in a year's project × user summary), each usually holding one or two rates: a short
 * list, indexed by a map only once it grows.
 */
class RateSums {
  readonly list: RateAccumulator[] = [];
  private index: Map<string, RateAccumulator> | null = null;

  add(rateCents: number, currency: string, seconds: number): void {
    if (seconds === 0) return;
    const found = this.index
      ? this.index.get(`${rateCents}|${currency}`)
      : this.list.find((r) => r.rateCents === rateCents && r.currency === currency);
    if (found) {
      found.seconds += seconds;
      return;
    }
    const added = { rateCents, currency, seconds };
    this.list.push(added);
    if (this.index) this.index.set(`${rateCents}|${currency}`, added);
    else if (this.list.length > 8) this.index = new Map(this.list.map((r) => [`${r.rateCents}|${r.currency}`, r]));
  }
}

function rateTotals(rates: RateSums): RateTotal[] {
  const list = rates.list.length > 1 ? [...rates.list].sort((a, b) => a.currency.localeCompare(b.currency) || a.rateCents - b.rateCents) : rates.list;
  return list.map((r) => ({ hourly_rate_in_cents: r.rateCents, currency: r.currency, billable_seconds: r.seconds, amount_in_cents: amountOf(r.seconds, r.rateCents) }));
}

const sumAmounts = (rates: RateTotal[]): number => rates.reduce((s, r) => s + r.amount_in_cents, 0);

const collator = new Intl.Collator('en', { sensitivity: 'base' });

/** Titles sort alphabetically with "without …" (null) last, then by id, as Toggl lists them. */
function compareTitles(a: { title: string | null; id: number | null }, b: { title: string | null; id: number | null }): number {
  if (a.title === null || b.title === null) {
    if (a.title !== b.title) return a.title === null ? 1 : -1;
  } else {
    const c = collator.compare(a.title, b.title) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0);
    if (c !== 0) return c;
  }
  return (a.id ?? Number.MAX_SAFE_INTEGER) - (b.id ?? Number.MAX_SAFE_INTEGER);
}

export interface SummaryOrder {
  /** `amount` (billable amount, all currencies together) is Reports v2's third summary order. */
  by: SummaryOrderBy | 'amount';
  dir: OrderDir;
}

export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly workspaces: WorkspacesService,
    private readonly groups: Pick<GroupsRepository, 'workspaceGroupNames'>,
  ) {}

  // ---------------------------------------------------------------------------------------------
  // Shared preparation

  /** The workspace as the user sees it; Reports v3 answers outsiders with its own 403 text. */
  async requireWorkspace(user: User, workspaceId: number): Promise<MemberWorkspace> {
    if (!isPositiveId(workspaceId)) throw invalid(INVALID_WORKSPACE_ID);
    try {
      return await this.workspaces.require(user, workspaceId);
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'forbidden') throw forbidden(WORKSPACE_NOT_ACCESSIBLE);
      throw err;
    }
  }

  private async prepare(
    ws: MemberWorkspace,
    user: User,
    filters: ReportFilters,
    range: ReportRange,
    options: { hideAmounts?: boolean; rounding?: boolean } = {},
  ): Promise<Prepared> {
    const viewer = reportViewer(user.id, ws);
    const visible = moneyVisibleTo(ws);
    const money: MoneyVisibility = { amounts: visible.amounts && !options.hideAmounts, labour_costs: visible.labour_costs };
    // Rounding defaults to the workspace's (Toggl: "default from user preferences"; Stint keeps
    // rounding on the workspace); it applies when the minutes are not zero.
    const minutes = filters.rounding_minutes ?? ws.rounding_minutes;
    const rounding = options.rounding === false || minutes <= 0 ? null : { direction: filters.rounding ?? ws.rounding, minutes };
    let rates: ReportScope['rates'] = null;
    if (money.amounts) {
      const plan = await this.reports.ratePlan(ws.id);
      const anySource = plan.taskRates || plan.projectUserRates || plan.projectRates || plan.memberRates || ws.default_hourly_rate !== null;
      if (anySource) rates = plan;
    }
    const labour = money.labour_costs ? await this.reports.labourPlan(ws.id) : null;
    return { ws, viewer, range, money, scope: { workspaceId: ws.id, viewer, range, filters, rounding, rates, labour } };
  }

  private effectiveRate(p: Prepared, rate: number | null): number | null {
    if (!p.scope.rates) return null;
    const r = rate ?? p.ws.default_hourly_rate;
    return r === null ? null : centsOf(r);
  }

  private currency(p: Prepared, currency: string | null): string {
    return currency ?? p.ws.default_currency;
  }

  /** Parses a summary/detailed/totals body and resolves its period and scope. */
  private async prepareReport(user: User, workspaceId: number, params: unknown, options: { hideAmounts?: boolean } = {}) {
    const ws = await this.requireWorkspace(user, workspaceId);
    const body = requireBody(params);
    const filters = parseReportFilters(body);
    const range = reportRange(filters, user.timezone, clock.now());
    return { body, prepared: await this.prepare(ws, user, filters, range, options) };
  }

  // ---------------------------------------------------------------------------------------------
  // Summary

  /** POST summary/time_entries: seconds per group and sub-group, with amounts per rate. */
  async summary(user: User, workspaceId: number, params: unknown, order?: SummaryOrder): Promise<SummaryReport> {
    const ws = await this.requireWorkspace(user, workspaceId);
    const body = requireBody(params);
    const filters = parseReportFilters(body);
    const options = parseSummaryOptions(body);
    const range = reportRange(filters, user.timezone, clock.now());
    const p = await this.prepare(ws, user, filters, range);
    const rows = await this.reports.summaryRows(p.scope, options.grouping, options.sub_grouping, { withIds: options.include_time_entry_ids });
    const groups = await this.buildSummary(p, rows, options.grouping, options.sub_grouping, options.distinguish_rates, options.include_time_entry_ids);
    if (options.audit) await this.applyAudit(p, groups, options.grouping, options.audit);
    const sorted = this.sortSummary(groups, order ?? { by: 'title', dir: 'ASC' });
    return {
      grouping: options.grouping,
      sub_grouping: options.sub_grouping,
      distinguish_rates: options.distinguish_rates,
      range,
      money: p.money,
      currency: ws.default_currency,
      groups: sorted,
    };
  }

  private async buildSummary(
    p: Prepared,
    rows: SummaryRow[],
    grouping: SummaryKey,
    subGrouping: SummaryKey,
    distinguishRates: boolean,
    withIds: boolean,
  ): Promise<SummaryGroup[]> {
    interface SubAcc {
      id: number | string | null;
      rateCents: number | null;
      seconds: number;
      billable: number;
      firstStart: number;
      ids: number[];
      rates: RateSums;
    }
    interface GroupAcc {
      key: number | string | null;
      seconds: number;
      billable: number;
      rates: RateSums;
      // Keyed by the sub-group's own key (ids, descriptions, tag sets and null stay distinct).
      subs: Map<unknown, SubAcc>;
    }
    const groups = new Map<number | string | null, GroupAcc>();
    for (const r of rows) {
      let g = groups.get(r.g);
      if (!g) groups.set(r.g, (g = { key: r.g, seconds: 0, billable: 0, rates: new RateSums(), subs: new Map() }));
      const rateCents = this.effectiveRate(p, r.rate);
      const currency = this.currency(p, r.currency);
      // distinguish_rates: one sub-group per rate (summary.ReportPost).
      const sKey = distinguishRates ? `${typeof r.s}:${String(r.s)}|${rateCents ?? ''}|${currency}` : r.s;
      let s = g.subs.get(sKey);
      if (!s) {
        s = { id: r.s, rateCents: distinguishRates ? rateCents : null, seconds: 0, billable: 0, firstStart: r.first_start, ids: [], rates: new RateSums() };
        g.subs.set(sKey, s);
      }
      s.seconds += r.seconds;
      s.billable += r.billable_seconds;
      if (r.first_start < s.firstStart) s.firstStart = r.first_start;
      if (withIds) for (const id of r.ids) s.ids.push(id);
      if (rateCents !== null) {
        s.rates.add(rateCents, currency, r.billable_seconds);
        g.rates.add(rateCents, currency, r.billable_seconds);
      }
      g.seconds += r.seconds;
      g.billable += r.billable_seconds;
    }

    const names = await this.summaryNames(p, grouping, subGrouping, rows);
    const showRates = p.money.amounts;
    const out: SummaryGroup[] = [];
    for (const g of groups.values()) {
      const gName = names.title(grouping, g.key);
      const subGroups: SummarySubGroup[] = [];
      for (const s of g.subs.values()) {
        const rates = showRates ? rateTotals(s.rates) : null;
        const sName = names.title(subGrouping, s.id);
        subGroups.push({
          id: subGrouping === 'time_entries' || subGrouping === 'tags' ? null : (s.id as number | null),
          title: subGrouping === 'time_entries' ? String(s.id ?? '') : sName.title,
          seconds: s.seconds,
          billable_seconds: s.billable,
          first_start: s.firstStart,
          rates,
          amount_in_cents: rates ? sumAmounts(rates) : null,
          time_entry_ids: withIds ? s.ids.sort((a, b) => a - b) : null,
          tag_ids: subGrouping === 'tags' ? names.tagIds(s.id) : null,
          project_hex_color: grouping === 'projects' ? gName.color : subGrouping === 'projects' ? sName.color : null,
          client_name: subGrouping === 'projects' ? sName.client : null,
        });
      }
      const rates = showRates ? rateTotals(g.rates) : null;
      out.push({
        id: grouping === 'tags' ? null : (g.key as number | null),
        tag_ids: grouping === 'tags' ? names.tagIds(g.key) : null,
        title: gName.title,
        client_name: grouping === 'projects' ? gName.client : null,
        project_hex_color: grouping === 'projects' ? gName.color : null,
        seconds: g.seconds,
        billable_seconds: g.billable,
        amount_in_cents: rates ? sumAmounts(rates) : null,
        rates,
        sub_groups: subGroups,
      });
    }
    return out;
  }

  /** Names of every entity the summary's keys refer to, loaded in one query per kind. */
  private async summaryNames(p: Prepared, grouping: SummaryKey, subGrouping: SummaryKey, rows: SummaryRow[]) {
    const wid = p.ws.id;
    const idsOf = (kind: SummaryKey) => {
      const values = new Set<number>();
      for (const r of rows) {
        for (const [k, v] of [[grouping, r.g], [subGrouping, r.s]] as const) {
          if (k !== kind || v === null) continue;
          if (kind === 'tags') for (const id of String(v).split(',').filter(Boolean)) values.add(Number(id));
          else values.add(v as number);
        }
      }
      return [...values];
    };
    const kinds = new Set([grouping, subGrouping]);
    const [projects, clients, users, tasks, tags] = await Promise.all([
      kinds.has('projects') ? this.reports.projects(wid, idsOf('projects')) : new Map(),
      kinds.has('clients') ? this.reports.clients(wid, idsOf('clients')) : new Map<number, string>(),
      kinds.has('users') ? this.reports.users(idsOf('users')) : new Map(),
      kinds.has('tasks') ? this.reports.tasks(wid, idsOf('tasks')) : new Map<number, string>(),
      kinds.has('tags') ? this.reports.tags(wid, idsOf('tags')) : new Map<number, string>(),
    ]);
    const tagIds = (key: number | string | null): number[] =>
      key === null ? [] : String(key).split(',').filter(Boolean).map(Number);
    return {
      tagIds,
      title(kind: SummaryKey, key: number | string | null): { title: string | null; color: string | null; client: string | null } {
        if (kind === 'time_entries') return { title: key === null ? '' : String(key), color: null, client: null };
        if (kind === 'tags') {
          const list = tagIds(key).map((id) => tags.get(id) ?? String(id)).sort((a, b) => a.localeCompare(b));
          return { title: list.length ? list.join(', ') : null, color: null, client: null };
        }
        if (key === null) return { title: null, color: null, client: null };
        const id = key as number;
        switch (kind) {
          case 'projects': {
            const project = projects.get(id);
            return { title: project?.name ?? null, color: project?.color ?? null, client: project?.client_name ?? null };
          }
          case 'clients':
            return { title: clients.get(id) ?? null, color: null, client: null };
          case 'users':
            return { title: users.get(id)?.fullname ?? null, color: null, client: null };
          case 'tasks':
            return { title: tasks.get(id) ?? null, color: null, client: null };
        }
      },
    };
  }

  /** summary.Audit: empty groups on request, tracked groups unless turned off, group bounds. */
  private async applyAudit(p: Prepared, groups: SummaryGroup[], grouping: SummaryKey, audit: SummaryAudit): Promise<void> {
    const inRange = (g: SummaryGroup): boolean => {
      if (audit.min_duration_seconds !== undefined && g.seconds < audit.min_duration_seconds) return false;
      if (audit.max_duration_seconds !== undefined && g.seconds > audit.max_duration_seconds) return false;
      if (audit.min_amount_cents !== undefined || audit.max_amount_cents !== undefined) {
        const amount = (g.rates ?? []).filter((r) => !audit.currency || r.currency === audit.currency).reduce((s, r) => s + r.amount_in_cents, 0);
        if (audit.min_amount_cents !== undefined && amount < audit.min_amount_cents) return false;
        if (audit.max_amount_cents !== undefined && amount > audit.max_amount_cents) return false;
      }
      return true;
    };
    const kept = audit.show_tracked_groups ? groups.filter(inRange) : [];
    // Tag groups are tag sets, which have no list of "all" to show empty ones from.
    if (audit.show_empty_groups && grouping !== 'tags') {
      const present = new Set(groups.map((g) => g.id));
      const candidates = (await this.reports.groupCandidates(p.ws.id, p.viewer, grouping as 'projects' | 'clients' | 'users')).filter((id) => !present.has(id));
      // summaryNames reads keys off summary rows; empty groups are rows without time.
      const asRows = candidates.map((id): SummaryRow => ({ g: id, s: null, rate: null, currency: null, seconds: 0, billable_seconds: 0, first_start: 0, ids: [] }));
      const names = await this.summaryNames(p, grouping, grouping, asRows);
      for (const id of candidates) {
        const n = names.title(grouping, id);
        kept.push({
          id,
          tag_ids: null,
          title: n.title,
          client_name: grouping === 'projects' ? n.client : null,
          project_hex_color: grouping === 'projects' ? n.color : null,
          seconds: 0,
          billable_seconds: 0,
          amount_in_cents: p.money.amounts ? 0 : null,
          rates: p.money.amounts ? [] : null,
          sub_groups: [],
        });
      }
    }
    groups.splice(0, groups.length, ...kept);
  }

  private sortSummary(groups: SummaryGroup[], order: SummaryOrder): SummaryGroup[] {
    const sign = order.dir === 'DESC' ? -1 : 1;
    // Same title twice happens with distinguish_rates and for tag sets; the rate, then the first
    // start, keep the order stable on both engines.
    const tie = (a: { rates: RateTotal[] | null }, b: { rates: RateTotal[] | null }) =>
      (a.rates?.[0]?.hourly_rate_in_cents ?? -1) - (b.rates?.[0]?.hourly_rate_in_cents ?? -1);
    const key = <T extends { seconds: number; amount_in_cents: number | null }>(x: T) => (order.by === 'amount' ? (x.amount_in_cents ?? 0) : x.seconds);
    const cmp = <T extends { title: string | null; id: number | null; seconds: number; amount_in_cents: number | null; rates: RateTotal[] | null }>(a: T, b: T) =>
      (order.by === 'title' ? sign * compareTitles(a, b) : sign * (key(a) - key(b)) || compareTitles(a, b)) ||
      tie(a, b) ||
      ('first_start' in a && 'first_start' in b ? (a.first_start as number) - (b.first_start as number) : 0);
    for (const g of groups) g.sub_groups.sort(cmp);
    return groups.sort(cmp);
  }

  // ---------------------------------------------------------------------------------------------
  // Totals

  /** POST search/time_entries/totals: the detailed report's sums, per rate, and a graph on request. */
  async totals(user: User, workspaceId: number, params: unknown): Promise<TotalsReport> {
    const { body, prepared } = await this.prepareReport(user, workspaceId, params);
    return this.computeTotals(prepared, parseTotalsOptions(body));
  }

  private async computeTotals(p: Prepared, options: TotalsOptions): Promise<TotalsReport> {
    const withGraph = options.with_graph;
    const [rows, labourRows] = await Promise.all([
      this.reports.totalsRows(p.scope),
      p.money.labour_costs ? this.reports.labourRows(p.scope, withGraph) : Promise.resolve([]),
    ]);
    const resolution = options.resolution ?? autoResolution(p.range);
    const days = new Map<number, { seconds: number; billable: number }>();
    const totalRates = new RateSums();
    let entryCount = 0;
    for (const r of rows) {
      entryCount += r.entries;
      const day = days.get(r.day) ?? { seconds: 0, billable: 0 };
      day.seconds += r.seconds;
      day.billable += r.billable_seconds;
      days.set(r.day, day);
      const cents = this.effectiveRate(p, r.rate);
      if (cents !== null) totalRates.add(cents, this.currency(p, r.currency), r.billable_seconds);
    }
    const rates = p.money.amounts ? rateTotals(totalRates) : null;
    const labourCents = (list: typeof labourRows) => Math.round(list.reduce((s, r) => s + (r.rate === null ? 0 : (r.seconds * r.rate * 100) / 3600), 0));

    let graph: TotalsBucket[] | null = null;
    if (withGraph) {
      const starts = bucketStarts(p.range, resolution);
      const buckets = starts.map(() => ({ seconds: 0, billable: 0, rates: new RateSums(), labour: [] as typeof labourRows }));
      const at = (day: number) => buckets[bucketIndex(starts, day)];
      for (const r of rows) {
        const b = at(r.day);
        if (!b) continue;
        b.seconds += r.seconds;
        b.billable += r.billable_seconds;
        const cents = this.effectiveRate(p, r.rate);
        if (cents !== null) b.rates.add(cents, this.currency(p, r.currency), r.billable_seconds);
      }
      for (const r of labourRows) at(r.day!)?.labour.push(r);
      graph = buckets.map((b) => {
        const bucketRates = rateTotals(b.rates);
        return {
          seconds: b.seconds,
          billable_seconds: b.billable,
          by_rate: p.money.amounts ? Object.fromEntries(bucketRates.map((r) => [String(r.hourly_rate_in_cents), r.billable_seconds])) : null,
          billable_amount_in_cents: p.money.amounts ? sumAmounts(bucketRates) : null,
          labour_cost_in_cents: p.money.labour_costs ? labourCents(b.labour) : null,
        };
      });
    }
    const dayList = [...days.values()];
    return {
      range: p.range,
      money: p.money,
      currency: p.ws.default_currency,
      seconds: dayList.reduce((s, d) => s + d.seconds, 0),
      billable_seconds: dayList.reduce((s, d) => s + d.billable, 0),
      billable_amount_in_cents: rates ? sumAmounts(rates) : null,
      labour_cost_in_cents: p.money.labour_costs ? labourCents(labourRows) : null,
      tracked_days: dayList.filter((d) => d.seconds > 0).length,
      entry_count: entryCount,
      resolution,
      graph,
      rates,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Detailed

  /** POST search/time_entries: one page of rows, with where the next page starts. */
  async detailed(user: User, workspaceId: number, params: unknown): Promise<DetailedPage> {
    const ws = await this.requireWorkspace(user, workspaceId);
    const body = requireBody(params);
    const filters = parseReportFilters(body);
    const options = parseDetailedOptions(body);
    const range = reportRange(filters, user.timezone, clock.now());
    const p = await this.prepare(ws, user, filters, range, { hideAmounts: options.hide_amounts });
    const order = { by: options.order_by, dir: options.order_dir };
    const offset = options.first_row_number - 1;
    if (options.grouped) {
      const groups = await this.reports.groupedPage(p.scope, order, options.page_size + 1, offset);
      const page = groups.slice(0, options.page_size);
      const extra = groups[options.page_size];
      const entries = await this.reports.entriesByIds(p.scope, [...page.flatMap((g) => g.ids), ...(extra ? [extra.ids[0]!] : [])]);
      const rows = await this.buildRows(
        p,
        page.map((g) => ({ ...g, entries: g.ids.map((id) => entries.get(id)!).filter(Boolean) })),
        offset,
      );
      const first = extra ? entries.get(extra.ids[0]!) : undefined;
      return { range, options, rows, next: first ? { id: first.id, row_number: offset + options.page_size + 1, timestamp: first.start } : null };
    }
    const found = await this.reports.entryPage(p.scope, order, options.page_size + 1, offset);
    const page = found.slice(0, options.page_size);
    const extra = found[options.page_size];
    const rows = await this.buildRows(p, page.map(singleRow), offset);
    return { range, options, rows, next: extra ? { id: extra.id, row_number: offset + options.page_size + 1, timestamp: extra.start } : null };
  }

  /**
   * Every row of a detailed report in batches, for exports: keyset paging over the entries (or
   * offset paging over grouped rows), so memory holds one batch whatever the period.
   */
  async *detailedBatches(
    user: User,
    workspaceId: number,
    params: unknown,
    overrides: { hideAmounts?: boolean } = {},
  ): AsyncGenerator<DetailedRow[], void, undefined> {
    const prepared = await this.prepareDetailedExport(user, workspaceId, params, overrides);
    yield* prepared.batches();
  }

  /** Validates a detailed export request up front (so errors come before the download starts). */
  async prepareDetailedExport(user: User, workspaceId: number, params: unknown, overrides: { hideAmounts?: boolean } = {}) {
    const ws = await this.requireWorkspace(user, workspaceId);
    const body = requireBody(params);
    const filters = parseReportFilters(body);
    const options = parseDetailedOptions(body);
    const range = reportRange(filters, user.timezone, clock.now());
    const p = await this.prepare(ws, user, filters, range, { hideAmounts: options.hide_amounts || overrides.hideAmounts });
    const order = { by: options.order_by, dir: options.order_dir };
    const self = this;
    return {
      range,
      money: p.money,
      currency: ws.default_currency,
      options,
      async *batches(): AsyncGenerator<DetailedRow[], void, undefined> {
        let rowNumber = 0;
        const cache = newNameCache();
        if (options.grouped) {
          for (let offset = 0; ; offset += EXPORT_BATCH) {
            const groups = await self.reports.groupedPage(p.scope, order, EXPORT_BATCH, offset);
            if (groups.length === 0) return;
            const entries = await self.reports.entriesByIds(p.scope, groups.flatMap((g) => g.ids));
            yield await self.buildRows(p, groups.map((g) => ({ ...g, entries: g.ids.map((id) => entries.get(id)!).filter(Boolean) })), rowNumber, cache);
            rowNumber += groups.length;
            if (groups.length < EXPORT_BATCH) return;
          }
        }
        // The next batch is asked for as soon as this one's cursor is known, so the database
        // reads it while this batch is named and written out; at most two batches are held.
        type Batch = Awaited<ReturnType<ReportsRepository['entryBatch']>>;
        let next: Promise<Batch> | null = self.reports.entryBatch(p.scope, order, null, EXPORT_BATCH);
        try {
          while (next) {
            const batch: Batch = await next;
            next = batch.rows.length === EXPORT_BATCH ? self.reports.entryBatch(p.scope, order, batch.cursor, EXPORT_BATCH) : null;
            if (batch.rows.length === 0) return;
            yield await self.buildRows(p, batch.rows.map(singleRow), rowNumber, cache);
            rowNumber += batch.rows.length;
          }
        } finally {
          // A download cut short leaves the prefetch unread; its failure must not go unhandled.
          next?.catch(() => {});
        }
      },
    };
  }

  /**
   * Detailed rows with names, tags and amounts, batch-loaded for the whole page. An export passes
   * one cache for all its batches, so each user, project and task is read once per export.
   */
  private async buildRows(p: Prepared, groups: RowSource[], offset: number, cache: NameCache = newNameCache()): Promise<DetailedRow[]> {
    const wid = p.ws.id;
    const entryIds = groups.flatMap((g) => g.entries.map((e) => e.id));
    const missing = <K>(map: Map<number, K>, ids: (number | null)[]) => [...new Set(ids.filter((id): id is number => id !== null && !map.has(id)))];
    const [newUsers, newProjects, newTasks, tags] = await Promise.all([
      this.reports.users(missing(cache.users, groups.map((g) => g.user_id))),
      this.reports.projects(wid, missing(cache.projects, groups.map((g) => g.project_id))),
      this.reports.tasks(wid, missing(cache.tasks, groups.map((g) => g.task_id))),
      this.reports.entryTags(entryIds),
    ]);
    for (const [id, v] of newUsers) cache.users.set(id, v);
    for (const [id, v] of newProjects) cache.projects.set(id, v);
    for (const [id, v] of newTasks) cache.tasks.set(id, v);
    const { users, projects, tasks } = cache;
    return groups.map((g, i) => {
      const user = users.get(g.user_id);
      const project = g.project_id === null ? undefined : projects.get(g.project_id);
      const entryTags = tags.get(g.entries[0]?.id ?? -1) ?? [];
      const rateCents = this.effectiveRate(p, g.rate);
      const entries: DetailedTimeEntry[] = g.entries.map((e) => ({ id: e.id, seconds: e.seconds, start: e.start, stop: e.stop, at: e.at }));
      return {
        row_number: offset + i + 1,
        user_id: g.user_id,
        username: user?.fullname ?? '',
        email: user?.email ?? '',
        project_id: g.project_id,
        project_name: project?.name ?? null,
        project_hex_color: project?.color ?? null,
        client_name: project?.client_name ?? null,
        task_id: g.task_id,
        task_name: g.task_id === null ? null : (tasks.get(g.task_id) ?? null),
        billable: g.billable,
        description: g.description,
        tag_ids: entryTags.map((t) => t.tag_id),
        tag_names: entryTags.map((t) => t.name),
        hourly_rate_in_cents: rateCents,
        // Billable time earns the rate; non-billable time earns nothing at it.
        billable_amount_in_cents: rateCents === null ? null : g.billable ? g.entries.reduce((s, e) => s + amountOf(e.seconds, rateCents), 0) : 0,
        currency: this.currency(p, g.currency),
        time_entries: entries,
      };
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Weekly

  /** POST weekly/time_entries: seven days of seconds (and amounts) per user and project. */
  async weekly(user: User, workspaceId: number, params: unknown): Promise<WeeklyReport> {
    const ws = await this.requireWorkspace(user, workspaceId);
    const body = requireBody(params);
    const filters = parseReportFilters(body);
    const range = weeklyRange(filters, user.timezone, user.beginning_of_week, clock.now());
    const p = await this.prepare(ws, user, filters, range);
    const dbRows = await this.reports.weeklyRows(p.scope);
    interface Acc {
      user_id: number;
      project_id: number | null;
      seconds: number[];
      billable: number[];
      amounts: number[];
      rates: Set<number>;
      currency: string | null;
    }
    const rows = new Map<string, Acc>();
    for (const r of dbRows) {
      const idx = r.day - range.first_day;
      if (idx < 0 || idx > 6) continue;
      const key = `${r.user_id}|${r.project_id}`;
      let acc = rows.get(key);
      if (!acc) {
        acc = { user_id: r.user_id, project_id: r.project_id, seconds: Array(7).fill(0), billable: Array(7).fill(0), amounts: Array(7).fill(0), rates: new Set(), currency: null };
        rows.set(key, acc);
      }
      acc.seconds[idx] += r.seconds;
      acc.billable[idx] += r.billable_seconds;
      const cents = this.effectiveRate(p, r.rate);
      if (cents !== null) {
        acc.rates.add(cents);
        acc.amounts[idx] += amountOf(r.billable_seconds, cents);
      }
      acc.currency ??= r.currency;
    }
    const list = [...rows.values()];
    const [users, projects] = await Promise.all([
      this.reports.users([...new Set(list.map((r) => r.user_id))]),
      this.reports.projects(ws.id, [...new Set(list.flatMap((r) => (r.project_id === null ? [] : [r.project_id])))]),
    ]);
    const out: WeeklyRow[] = list.map((r) => {
      const project = r.project_id === null ? undefined : projects.get(r.project_id);
      return {
        user_id: r.user_id,
        user_name: users.get(r.user_id)?.fullname ?? '',
        project_id: r.project_id,
        project_name: project?.name ?? null,
        client_name: project?.client_name ?? null,
        project_hex_color: project?.color ?? null,
        seconds: r.seconds,
        billable_seconds: r.billable,
        billable_amounts_in_cents: p.scope.rates ? r.amounts : p.money.amounts ? Array(7).fill(0) : null,
        hourly_rate_in_cents: r.rates.size === 1 ? [...r.rates][0]! : null,
        currency: this.currency(p, r.currency),
      };
    });
    out.sort(
      (a, b) =>
        compareTitles({ title: a.user_name, id: a.user_id }, { title: b.user_name, id: b.user_id }) ||
        compareTitles({ title: a.project_name, id: a.project_id }, { title: b.project_name, id: b.project_id }),
    );
    return { range, money: p.money, currency: ws.default_currency, rows: out };
  }

  // ---------------------------------------------------------------------------------------------
  // Project summaries

  /** POST projects/summary: tracked and billable seconds per project and user. */
  async projectUsers(user: User, workspaceId: number, params: unknown): Promise<ProjectUserSummary[]> {
    const ws = await this.requireWorkspace(user, workspaceId);
    const filters = parseReportFilters(requireBody(params));
    const range = reportRange(filters, user.timezone, clock.now());
    const p = await this.prepare(ws, user, filters, range, { rounding: false });
    const rows = await this.reports.projectUserRows(p.scope);
    return rows.map((r) => ({ user_id: r.user_id, project_id: r.project_id, tracked_seconds: r.seconds, billable_seconds: r.billable_seconds }));
  }

  /** POST projects/{project_id}/summary: the project's totals over the period, with its graph. */
  async projectSummary(user: User, workspaceId: number, projectId: number, params: unknown): Promise<TotalsReport> {
    const ws = await this.requireWorkspace(user, workspaceId);
    if (!isPositiveId(projectId)) throw invalid(INVALID_PROJECT_ID);
    const body = optionalBody(params);
    const filters = parseReportFilters({ start_date: body.start_date, end_date: body.end_date, startTime: body.startTime, endTime: body.endTime, start_time: body.start_time, end_time: body.end_time });
    if (!filters.start_date) throw requiredParameter('start_date');
    const project = await this.reports.project(ws.id, projectId);
    const membership = project ? await this.reports.projectMembership(user.id, projectId) : null;
    if (!project || !canSeeProject(ws, project, membership !== null)) throw forbidden(PROJECT_NOT_ACCESSIBLE);
    filters.project_ids = { ids: [projectId], none: false };
    const range = reportRange(filters, user.timezone, clock.now());
    const p = await this.prepare(ws, user, filters, range, { rounding: false });
    return this.computeTotals(p, { with_graph: true });
  }

  // ---------------------------------------------------------------------------------------------
  // Export helpers

  /** Totals under the same request, for the header of an export. */
  async exportTotals(user: User, workspaceId: number, params: unknown, overrides: { hideAmounts?: boolean; resolution?: TotalsOptions['resolution'] } = {}): Promise<TotalsReport> {
    const { prepared } = await this.prepareReport(user, workspaceId, params, { hideAmounts: overrides.hideAmounts });
    return this.computeTotals(prepared, { with_graph: true, ...(overrides.resolution ? { resolution: overrides.resolution } : {}) });
  }

  /** The request's filters in words (names, not ids), for export headers. */
  async describeFilters(user: User, workspaceId: number, params: unknown): Promise<ReportContext> {
    const ws = await this.requireWorkspace(user, workspaceId);
    const f = parseReportFilters(requireBody(params));
    const wid = ws.id;
    // Group filters match only through groups attached to the workspace, so only those are named;
    // any other id stays a bare id, as it selects nobody.
    const [users, groups, projects, clients, tags, tasks] = await Promise.all([
      this.reports.users(f.user_ids ?? []),
      this.groups.workspaceGroupNames(wid, [...(f.group_ids ?? []), ...(f.or_members_of_group_ids ?? [])]),
      this.reports.projects(wid, f.project_ids?.ids ?? []),
      this.reports.clients(wid, f.client_ids?.ids ?? []),
      this.reports.tags(wid, f.tag_ids?.ids ?? []),
      this.reports.tasks(wid, f.task_ids?.ids ?? []),
    ]);
    const filters: ReportContext['filters'] = [];
    const list = (label: string, ids: number[] | undefined, name: (id: number) => string | undefined, none?: { none: boolean; text: string }, more: string[] = []) => {
      const parts = (ids ?? []).map((id) => name(id) ?? `#${id}`);
      if (none?.none) parts.push(none.text);
      parts.push(...more);
      if (parts.length) filters.push({ label, value: parts.join(', ') });
    };
    const group = (id: number) => groups.get(id) ?? `#${id}`;
    // Reports v2's or_members_of_group_ids adds the groups' members to the listed users.
    const orMembers = (f.or_members_of_group_ids ?? []).map((id) => `members of ${group(id)}`);
    list('Members', f.user_ids, (id) => users.get(id)?.fullname, undefined, orMembers);
    list('Groups', f.group_ids, group);
    list('Clients', f.client_ids?.ids, (id) => clients.get(id), f.client_ids && { none: f.client_ids.none, text: 'Without client' });
    list('Projects', f.project_ids?.ids, (id) => projects.get(id)?.name, f.project_ids && { none: f.project_ids.none, text: 'Without project' });
    list('Tasks', f.task_ids?.ids, (id) => tasks.get(id), f.task_ids && { none: f.task_ids.none, text: 'Without task' });
    list('Tags', f.tag_ids?.ids, (id) => tags.get(id), f.tag_ids && { none: f.tag_ids.none, text: 'Without tags' });
    if (f.description !== undefined) filters.push({ label: 'Description', value: f.description });
    if (f.without_description) filters.push({ label: 'Without description', value: 'Left out' });
    if (f.billable !== undefined) filters.push({ label: 'Billable', value: f.billable ? 'Billable' : 'Non-billable' });
    if (f.min_duration_seconds !== undefined) filters.push({ label: 'Minimum duration', value: `${f.min_duration_seconds} s` });
    if (f.max_duration_seconds !== undefined) filters.push({ label: 'Maximum duration', value: `${f.max_duration_seconds} s` });
    if (f.time_entry_ids) filters.push({ label: 'Time entries', value: `${f.time_entry_ids.length} selected` });
    const minutes = f.rounding_minutes ?? ws.rounding_minutes;
    if (minutes > 0) {
      const direction = f.rounding ?? ws.rounding;
      filters.push({ label: 'Rounding', value: `${direction > 0 ? 'up' : direction < 0 ? 'down' : 'to nearest'} ${minutes} min` });
    }
    return { workspace_name: ws.name, filters };
  }
}

interface NameCache {
  users: Map<number, UserName>;
  projects: Map<number, ProjectName>;
  tasks: Map<number, string>;
}

const newNameCache = (): NameCache => ({ users: new Map(), projects: new Map(), tasks: new Map() });

/** A detailed row's source: its key fields and its entries (one, unless grouped). */
interface RowSource {
  user_id: number;
  project_id: number | null;
  task_id: number | null;
  description: string;
  billable: boolean;
  rate: number | null;
  currency: string | null;
  entries: { id: number; seconds: number; start: number; stop: number; at: number }[];
}

function singleRow(e: EntryRow): RowSource {
  return {
    user_id: e.user_id,
    project_id: e.project_id,
    task_id: e.task_id,
    description: e.description,
    billable: e.billable,
    rate: e.rate,
    currency: e.currency,
    entries: [{ id: e.id, seconds: e.seconds, start: e.start, stop: e.stop, at: e.at }],
  };
}
