import { clock } from '../../time.js';
import { DomainError, forbidden, invalid, notFound } from '../errors.js';
import type { GroupsRepository } from '../groups/groups.repository.js';
import type { GroupName } from '../groups/groups.types.js';
import { invalidFormat, optionalBody, parseExportOptions, parseReportFilters, type ExportOptions, type ReportBody, type SummaryOrderBy } from '../reports/report-filters.js';
import type { ReportRange } from '../reports/report-range.js';
import { moneyVisibleTo } from '../reports/reports.policy.js';
import type { ReportsService } from '../reports/reports.service.js';
import type { DetailedPage, ReportContext, SummaryReport, TotalsReport, WeeklyReport } from '../reports/reports.types.js';
import type { UsersService } from '../users/users.service.js';
import type { User } from '../users/users.types.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { MemberWorkspace } from '../workspaces/workspaces.types.js';
import { isReportPeriod, periodDates, REPORT_PERIOD_NOT_SUPPORTED } from './saved-reports.period.js';
import { canOpenSharedReport } from './saved-reports.policy.js';
import type { SavedReportsRepository } from './saved-reports.repository.js';
import { REPORT_TYPES, type DictionaryIds, type ReportDictionaries, type ReportType, type SavedReport } from './saved-reports.types.js';

export const OWNER_GONE = "Workspace was not found or the report's owner is no longer active on it";
const TOKEN = /^[0-9a-f]{32}$/;

/** An id no row has: a narrowed filter that leaves nothing must match nothing, not everything. */
const NO_ID = Number.MAX_SAFE_INTEGER;

/** Request keys that change how the report is shown, never which entries it covers. */
const PRESENTATION_KEYS = [
  'rounding',
  'rounding_minutes',
  'grouped',
  'grouping',
  'sub_grouping',
  'first_timestamp',
  'first_row_number',
  'first_id',
  'page_size',
  'order_by',
  'order_dir',
  'duration_format',
  'date_format',
  'display_mode',
  'hour_format',
  'cents_separator',
  'collapse',
  'calculate',
  'hide_rates',
] as const;
/** Filters a viewer may narrow but never widen: the result stays inside what was shared. */
const ID_FILTERS = ['user_ids', 'group_ids', 'project_ids', 'client_ids', 'task_ids', 'tag_ids'] as const;

/** A shared report opened for one request: who owns it, what it runs with, who looks. */
export interface SharedRun {
  saved: SavedReport;
  type: ReportType;
  owner: User;
  workspace: MemberWorkspace;
  /** The viewer's own standing in the workspace, null for anonymous callers and outsiders. */
  viewer: MemberWorkspace | null;
  /** The report body the reports run with: saved parameters, narrowed and dated for this request. */
  params: ReportBody;
  /** The request parameters that were applied. */
  input: ReportBody;
  hideAmounts: boolean;
}

export interface SharedReportOutput {
  run: SharedRun;
  summary: SummaryReport | null;
  detailed: DetailedPage | null;
  weekly: WeeklyReport | null;
  totals: TotalsReport;
  dictionaries: ReportDictionaries;
  /** Detailed rows carry names and e-mails only for members of the workspace. */
  enrich: boolean;
}

const unauthorized = (message: string) => new DomainError('unauthorized', message);

function isList(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

/** Ids of an id filter, with 0 read as null ("without"), as the reports read them. */
const normalize = (v: unknown) => (v === 0 ? null : v);

/** The saved filter narrowed by the request's: their intersection, or nothing when they share none. */
function narrowIds(key: string, saved: unknown, requested: unknown): unknown {
  if (requested === undefined || requested === null) return saved;
  if (!isList(requested)) throw invalidFormat(key);
  if (!isList(saved) || saved.length === 0) return requested;
  if (requested.length === 0) return saved;
  const allowed = new Set(saved.map(normalize));
  const kept = requested.filter((v) => allowed.has(normalize(v)));
  return kept.length > 0 ? kept : [NO_ID];
}

/** Amounts removed from a summary (hide_amounts). */
function summaryWithoutAmounts(r: SummaryReport): SummaryReport {
  return {
    ...r,
    money: { ...r.money, amounts: false },
    groups: r.groups.map((g) => ({
      ...g,
      rates: null,
      amount_in_cents: null,
      sub_groups: g.sub_groups.map((s) => ({ ...s, rates: null, amount_in_cents: null })),
    })),
  };
}

function weeklyWithoutAmounts(r: WeeklyReport): WeeklyReport {
  return { ...r, money: { ...r.money, amounts: false }, rows: r.rows.map((row) => ({ ...row, billable_amounts_in_cents: null, hourly_rate_in_cents: null })) };
}

/**
 * Opening saved reports through their token (/reports/api/v3/shared/{token}): who may, with which
 * parameters, and the report itself, computed by the reports service as the report's owner sees
 * the workspace.
 */
export class SharedReportsService {
  constructor(
    private readonly saved: SavedReportsRepository,
    private readonly workspaces: WorkspacesService,
    private readonly users: Pick<UsersService, 'byId'>,
    private readonly reports: ReportsService,
    private readonly groups: Pick<GroupsRepository, 'workspaceGroupsOfUsers' | 'workspaceGroupNames'>,
  ) {}

  /**
   * Resolves the token and checks access: public reports open for anyone; private ones for their
   * owner and the workspace's admins (401 without credentials, 403 otherwise). `credentialsGiven`
   * tells a wrong credential (refused) from none at all.
   */
  async open(token: string, viewer: User | null, credentialsGiven: boolean, body: unknown): Promise<SharedRun> {
    if (credentialsGiven && !viewer) throw unauthorized('Incorrect username and/or password');
    const saved = TOKEN.test(token) ? await this.saved.byToken(token) : null;
    if (!saved) throw notFound('Not found');
    const viewerMember = viewer ? await this.membership(viewer, saved.workspace_id) : null;
    if (!canOpenSharedReport(viewer ? { userId: viewer.id, admin: viewerMember?.admin === true } : null, saved)) {
      if (!viewer) throw unauthorized('Unable to extract authentication data');
      throw forbidden('Invalid token');
    }
    const owner = await this.users.byId(saved.user_id);
    const workspace = owner ? await this.membership(owner, saved.workspace_id) : null;
    if (!owner || !workspace) throw forbidden(OWNER_GONE);

    const type = saved.params.report_type;
    if (typeof type !== 'string' || !(REPORT_TYPES as readonly string[]).includes(type)) throw invalid('report_type does not exist in params');
    const input = optionalBody(body);
    const { params, applied } = this.merge(saved, owner, input);
    return {
      saved,
      type: type as ReportType,
      owner,
      workspace,
      viewer: viewerMember,
      params,
      input: applied,
      hideAmounts: saved.params.hide_amounts === true || input.hide_amounts === true,
    };
  }

  private async membership(user: User, workspaceId: number): Promise<MemberWorkspace | null> {
    try {
      return await this.workspaces.require(user, workspaceId);
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'forbidden') return null;
      throw err;
    }
  }

  /** The saved parameters with the request's applied: presentation freely, filters only narrowing, dates unless fixed. */
  private merge(saved: SavedReport, owner: User, input: ReportBody): { params: ReportBody; applied: ReportBody } {
    const stored = saved.params;
    const params: ReportBody = { ...stored };
    const applied: ReportBody = {};
    for (const key of PRESENTATION_KEYS) {
      if (input[key] === undefined) continue;
      params[key] = input[key];
      applied[key] = input[key];
    }
    let nothing = false;
    for (const key of ID_FILTERS) {
      if (input[key] === undefined) continue;
      params[key] = narrowIds(key, stored[key], input[key]);
      applied[key] = input[key];
    }
    if (input.description !== undefined && input.description !== null && input.description !== '') {
      applied.description = input.description;
      if (stored.description === undefined || stored.description === null || stored.description === '') params.description = input.description;
    }
    if (input.billable !== undefined && input.billable !== null) {
      applied.billable = input.billable;
      if (stored.billable === undefined || stored.billable === null) params.billable = input.billable;
      else if (stored.billable !== input.billable) nothing = true;
    }
    if (input.hide_amounts === true) applied.hide_amounts = true;
    if (nothing) params.time_entry_ids = [NO_ID];

    const period = stored.period;
    if (period !== undefined && period !== null && !isReportPeriod(period)) throw invalid(REPORT_PERIOD_NOT_SUPPORTED);
    const asked = !saved.fixed_daterange && (input.start_date !== undefined || input.end_date !== undefined);
    if (asked) {
      params.start_date = input.start_date;
      params.end_date = input.end_date;
      applied.start_date = input.start_date;
      applied.end_date = input.end_date;
    } else if (isReportPeriod(period) && (!saved.fixed_daterange || (stored.start_date === undefined && stored.end_date === undefined))) {
      Object.assign(params, periodDates(period, clock.now(), owner.timezone, owner.beginning_of_week));
    }
    for (const key of ['start_date', 'end_date'] as const) if (params[key] === undefined) delete params[key];
    return { params, applied };
  }

  /** The whole JSON answer: the report of the saved type, its totals and dictionaries. */
  async load(run: SharedRun): Promise<SharedReportOutput> {
    let summary: SummaryReport | null = null;
    let detailed: DetailedPage | null = null;
    let weekly: WeeklyReport | null = null;
    let range: ReportRange;
    switch (run.type) {
      case 'summary':
        summary = await this.summary(run);
        range = summary.range;
        break;
      case 'detailed':
        detailed = await this.reports.detailed(run.owner, run.workspace.id, { ...run.params, hide_amounts: run.hideAmounts });
        range = detailed.range;
        break;
      case 'weekly':
        weekly = await this.weekly(run);
        range = weekly.range;
        break;
    }
    const totals = await this.totals(run, { start_date: range.start_date, end_date: range.end_date });
    const ids: DictionaryIds = { clients: new Set(), projects: new Set(), tasks: new Set(), users: new Set(), tags: new Set() };
    const add = (set: Set<number>, id: number | null | undefined) => {
      if (typeof id === 'number') set.add(id);
    };
    if (summary) {
      const kinds = [summary.grouping, summary.sub_grouping];
      const target = (kind: string) => (kind === 'time_entries' ? null : ids[kind as keyof DictionaryIds]);
      for (const g of summary.groups) {
        const gSet = target(kinds[0]!);
        if (gSet) add(gSet, g.id);
        for (const t of g.tag_ids ?? []) ids.tags.add(t);
        for (const s of g.sub_groups) {
          const sSet = target(kinds[1]!);
          if (sSet) add(sSet, s.id);
          for (const t of s.tag_ids ?? []) ids.tags.add(t);
        }
      }
    }
    for (const row of detailed?.rows ?? []) {
      add(ids.users, row.user_id);
      add(ids.projects, row.project_id);
      add(ids.tasks, row.task_id);
      for (const t of row.tag_ids) ids.tags.add(t);
    }
    for (const row of weekly?.rows ?? []) {
      add(ids.users, row.user_id);
      add(ids.projects, row.project_id);
    }
    const dictionaries = await this.saved.dictionaries(run.workspace.id, ids);
    const member = run.viewer !== null;
    const admin = run.viewer?.admin === true;
    // Who belongs to which group is for the workspace's members, who see its groups anyway. Anyone
    // else sees only the groups the report is filtered by, which its owner published with it.
    const memberships = member ? await this.groups.workspaceGroupsOfUsers(run.workspace.id, dictionaries.users.map((u) => u.id)) : new Map<number, GroupName[]>();
    const filtered = await this.groups.workspaceGroupNames(run.workspace.id, parseReportFilters(run.params).group_ids ?? []);
    const userGroups = new Map<number, GroupName>([...filtered].map(([id, name]) => [id, { id, name }]));
    for (const list of memberships.values()) for (const g of list) userGroups.set(g.id, g);
    const amounts = moneyVisibleTo(run.workspace).amounts && !run.hideAmounts;
    return {
      run,
      summary,
      detailed,
      weekly,
      totals,
      dictionaries: {
        ...dictionaries,
        projects: dictionaries.projects.map((p) => ({ ...p, fixed_fee: amounts ? p.fixed_fee : null })),
        // E-mail addresses are for the workspace's members, labour costs for its admins.
        users: dictionaries.users.map((u) => ({
          ...u,
          email: member ? u.email : null,
          labour_cost: admin ? u.labour_cost : null,
          group_ids: (memberships.get(u.id) ?? []).map((g) => g.id),
        })),
        user_groups: [...userGroups.values()].sort((a, b) => a.id - b.id),
      },
      enrich: member && run.params.enrich_response === true,
    };
  }

  /** The summary as the owner sees it, in the requested order, amounts hidden on request. */
  async summary(run: SharedRun, order?: { by: SummaryOrderBy; dir: 'ASC' | 'DESC' }): Promise<SummaryReport> {
    const report = await this.reports.summary(run.owner, run.workspace.id, run.params, order);
    return run.hideAmounts ? summaryWithoutAmounts(report) : report;
  }

  async weekly(run: SharedRun): Promise<WeeklyReport> {
    const report = await this.reports.weekly(run.owner, run.workspace.id, run.params);
    return run.hideAmounts ? weeklyWithoutAmounts(report) : report;
  }

  /** Totals over the report's period (with its graph); labour costs only for the workspace's admins. */
  async totals(run: SharedRun, period: { start_date: string; end_date: string }): Promise<TotalsReport> {
    const totals = await this.reports.exportTotals(run.owner, run.workspace.id, { ...run.params, ...period }, { hideAmounts: run.hideAmounts });
    if (run.viewer?.admin) return totals;
    return {
      ...totals,
      money: { ...totals.money, labour_costs: false },
      labour_cost_in_cents: null,
      graph: totals.graph?.map((b) => ({ ...b, labour_cost_in_cents: null })) ?? null,
    };
  }

  /** The rows of a detailed export, streamed in batches. */
  async detailedExport(run: SharedRun) {
    return this.reports.prepareDetailedExport(run.owner, run.workspace.id, run.params, { hideAmounts: run.hideAmounts });
  }

  exportOptions(run: SharedRun): ExportOptions {
    return { ...parseExportOptions(run.params, run.type), ...(run.hideAmounts ? { hide_amounts: true } : {}) };
  }

  /** The filters in words, for an export's header. */
  async context(run: SharedRun): Promise<ReportContext> {
    return this.reports.describeFilters(run.owner, run.workspace.id, run.params);
  }
}
