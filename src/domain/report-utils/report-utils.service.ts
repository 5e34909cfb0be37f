import { clock } from '../../time.js';
import { invalid } from '../errors.js';
import { canSeeBillableRates } from '../projects/projects.policy.js';
import { reportViewer } from '../reports/reports.policy.js';
import type { ReportsService } from '../reports/reports.service.js';
import type { TaskView } from '../tasks/tasks.types.js';
import type { User } from '../users/users.types.js';
import { isPositiveId } from '../validation.js';
import { canSeeLabourCosts } from '../workspaces/workspaces.policy.js';
import type { MemberWorkspace } from '../workspaces/workspaces.types.js';
import type { ReportUtilsRepository } from './report-utils.repository.js';
import type {
  ClientFilterInput,
  ClientOption,
  ProjectFilterInput,
  ProjectGroupInput,
  ProjectOption,
  ProjectStatusInput,
  ProjectUserFilterInput,
  ProjectUserOption,
  TaskFilterInput,
  TrackingStatus,
  UserFilterInput,
  UserOption,
} from './report-utils.types.js';

export const AT_LEAST_ONE_PARAMETER = 'At least one parameter must be set';
/** Toggl's documented caps on posted ids: 2000 in general, 100 for users. */
export const MAX_POSTED_IDS = 2000;
export const MAX_POSTED_USER_IDS = 100;
/** "If unset, the default value of 201 will be used" (dto.ProjectFilterParamRequest); the same for the other cursor lists. */
export const DEFAULT_PAGE_SIZE = 201;
export const MAX_PAGE_SIZE = 1000;

const tooManyIds = (max: number) => invalid(`Maximum count of posted IDs is ${max}`);

/** Every field of a request body that is set; an empty body sets none. */
function anySet(input: object | undefined): boolean {
  return !!input && Object.values(input).some((v) => v !== undefined && v !== null);
}

function checkIds(list: unknown[] | undefined, field: string, max = MAX_POSTED_IDS): number[] | undefined {
  if (list === undefined || list === null) return undefined;
  if (list.length > max) throw tooManyIds(max);
  if (!list.every(isPositiveId)) throw invalid(`Invalid '${field}' value, IDs must be positive integers`);
  return [...new Set(list as number[])];
}

function checkCursor(value: number | undefined, field: string): number | undefined {
  if (value === undefined || value === null || value === 0) return undefined;
  if (!isPositiveId(value)) throw invalid(`Invalid '${field}' value, it must be a positive integer`);
  return value;
}

function pageSize(value: number | undefined): number {
  if (value === undefined || value === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_PAGE_SIZE) throw invalid(`Invalid 'page_size' value, it must be between 1 and ${MAX_PAGE_SIZE}`);
  return value;
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Amount in cents for billable seconds at an hourly rate, rounded as the reports round it (rate to cents first). */
export function amountInCents(seconds: number, rate: number): number {
  return Math.round((seconds * Math.round(rate * 100)) / 3600);
}

export class ReportUtilsService {
  constructor(
    private readonly lookups: ReportUtilsRepository,
    private readonly reports: Pick<ReportsService, 'requireWorkspace'>,
  ) {}

  /** filters/clients (no parameter needed) and search/clients (at least one). */
  async clients(user: User, workspaceId: number, input: ClientFilterInput | undefined, mode: 'filters' | 'search'): Promise<ClientOption[]> {
    await this.reports.requireWorkspace(user, workspaceId);
    if (mode === 'search' && !anySet(input)) throw invalid(AT_LEAST_ONE_PARAMETER);
    const ids = checkIds(input?.ids, 'ids');
    const name = text(input?.name);
    const startId = checkCursor(input?.start, 'start');
    return this.lookups.clients(workspaceId, { ...(ids ? { ids } : {}), ...(name ? { name } : {}), ...(startId ? { startId } : {}) }, DEFAULT_PAGE_SIZE);
  }

  /** filters/projects and search/projects: the projects the caller may see, from id `start` on. */
  async projects(user: User, workspaceId: number, input: ProjectFilterInput | undefined, mode: 'filters' | 'search'): Promise<ProjectOption[]> {
    const ws = await this.reports.requireWorkspace(user, workspaceId);
    if (mode === 'search' && !anySet(input)) throw invalid(AT_LEAST_ONE_PARAMETER);
    const ids = checkIds(input?.ids, 'ids');
    let clientIds: number[] | undefined;
    let withoutClient = false;
    if (input?.client_ids) {
      if (input.client_ids.length > MAX_POSTED_IDS) throw tooManyIds(MAX_POSTED_IDS);
      withoutClient = input.client_ids.includes(null);
      clientIds = checkIds(input.client_ids.filter((id) => id !== null), 'client_ids');
    }
    const currency = text(input?.currency);
    if (currency !== undefined && !/^[A-Za-z]{3}$/.test(currency)) throw invalid("Invalid 'currency' value, it must be a 3-letter currency code");
    const name = text(input?.name);
    const startId = checkCursor(input?.start, 'start');
    const limit = pageSize(input?.page_size);
    return this.lookups.projects(
      workspaceId,
      { userId: user.id, admin: ws.admin },
      {
        ...(ids ? { ids } : {}),
        ...(clientIds ? { clientIds, withoutClient } : withoutClient ? { withoutClient } : {}),
        ...(currency ? { currency } : {}),
        ...(input?.is_active !== undefined ? { active: input.is_active } : {}),
        ...(input?.is_billable !== undefined ? { billable: input.is_billable } : {}),
        ...(input?.is_private !== undefined ? { isPrivate: input.is_private } : {}),
        ...(name ? { name } : {}),
        ...(startId ? { startId } : {}),
      },
      limit,
    );
  }

  /**
   * filters/project_groups: the user groups projects are shared with. Stint never shares a
   * project with a group, so once the request is valid the answer is truthfully empty.
   */
  async projectGroups(user: User, workspaceId: number, input: ProjectGroupInput | undefined): Promise<never[]> {
    await this.reports.requireWorkspace(user, workspaceId);
    const projectIds = checkIds(input?.project_ids, 'project_ids');
    const groupIds = checkIds(input?.group_ids, 'group_ids');
    checkCursor(input?.start_id, 'start_id');
    if (!projectIds?.length && !groupIds?.length) throw invalid(AT_LEAST_ONE_PARAMETER);
    return [];
  }

  /** filters/project_users: project memberships of visible projects; rates and costs as the role allows. */
  async projectUsers(user: User, workspaceId: number, input: ProjectUserFilterInput | undefined): Promise<ProjectUserOption[]> {
    const ws = await this.reports.requireWorkspace(user, workspaceId);
    if (!anySet(input)) throw invalid(AT_LEAST_ONE_PARAMETER);
    const projectIds = checkIds(input?.project_ids, 'project_ids');
    const clientIds = checkIds(input?.client_ids, 'client_ids');
    const startId = checkCursor(input?.start_id, 'start_id');
    const rows = await this.lookups.projectUsers(
      workspaceId,
      { userId: user.id, admin: ws.admin },
      { ...(projectIds ? { projectIds } : {}), ...(clientIds ? { clientIds } : {}), ...(startId ? { startId } : {}) },
      DEFAULT_PAGE_SIZE,
    );
    const rates = canSeeBillableRates(ws);
    const costs = canSeeLabourCosts(ws);
    return rows.map((r) => ({ ...r, rate: rates ? r.rate : null, labour_cost_in_cents: costs ? r.labour_cost_in_cents : null }));
  }

  /** filters/users (active members by default) and search/users (at least one parameter). */
  async users(user: User, workspaceId: number, input: UserFilterInput | undefined, mode: 'filters' | 'search'): Promise<UserOption[]> {
    await this.reports.requireWorkspace(user, workspaceId);
    if (mode === 'search' && !anySet(input)) throw invalid(AT_LEAST_ONE_PARAMETER);
    const ids = checkIds(input?.ids, 'ids', MAX_POSTED_USER_IDS);
    const startId = checkCursor(input?.start, 'start');
    return this.lookups.users(
      workspaceId,
      { active: input?.active ?? true, ...(ids ? { ids } : {}), ...(startId ? { startId } : {}) },
      DEFAULT_PAGE_SIZE,
    );
  }

  /** filters/projects/status: estimate, tracked and billable time and amount of visible projects. */
  async projectStatuses(user: User, workspaceId: number, input: ProjectStatusInput | undefined): Promise<TrackingStatus[]> {
    const ws = await this.reports.requireWorkspace(user, workspaceId);
    const ids = checkIds(input?.ids, 'ids');
    const projects = await this.lookups.projectsForStatus(workspaceId, { userId: user.id, admin: ws.admin }, {
      ...(ids ? { ids } : {}),
      ...(input?.active !== undefined ? { active: input.active } : {}),
    });
    return this.statuses(user, ws, 'project', projects);
  }

  /** filters/tasks/status: the same for tasks of visible projects. */
  async taskStatuses(user: User, workspaceId: number, input: { ids?: number[] } | undefined): Promise<TrackingStatus[]> {
    const ws = await this.reports.requireWorkspace(user, workspaceId);
    const ids = checkIds(input?.ids, 'ids');
    if (!ids?.length) throw invalid(AT_LEAST_ONE_PARAMETER);
    const tasks = await this.lookups.tasksForStatus(workspaceId, { userId: user.id, admin: ws.admin }, ids);
    return this.statuses(user, ws, 'task', tasks);
  }

  private async statuses(
    user: User,
    ws: MemberWorkspace,
    by: 'project' | 'task',
    records: { id: number; estimated_seconds: number | null; currency: string }[],
  ): Promise<TrackingStatus[]> {
    const { totals, billable } = await this.lookups.trackedByRate(
      ws.id,
      reportViewer(user.id, ws),
      by,
      records.map((r) => r.id),
    );
    const amounts = canSeeBillableRates(ws);
    const billableSeconds = new Map<number, number>();
    const cents = new Map<number, number>();
    for (const b of billable) {
      billableSeconds.set(b.id, (billableSeconds.get(b.id) ?? 0) + b.billable_seconds);
      if (b.rate !== null) cents.set(b.id, (cents.get(b.id) ?? 0) + amountInCents(b.billable_seconds, b.rate));
    }
    return records.map((r) => ({
      id: r.id,
      estimated_seconds: r.estimated_seconds,
      tracked_seconds: totals.get(r.id) ?? 0,
      billable_seconds: billableSeconds.get(r.id) ?? 0,
      billable_amount: amounts ? (cents.get(r.id) ?? 0) : null,
      currency: r.currency,
    }));
  }

  /** {action}/tasks with action `filters` or `search` (the latter needs a parameter). */
  async tasks(user: User, workspaceId: number, input: TaskFilterInput | undefined, mode: 'filters' | 'search'): Promise<TaskView[]> {
    const ws = await this.reports.requireWorkspace(user, workspaceId);
    if (mode === 'search' && !anySet(input)) throw invalid(AT_LEAST_ONE_PARAMETER);
    const ids = checkIds(input?.ids, 'ids');
    const projectIds = checkIds(input?.project_ids, 'project_ids');
    const userIds = checkIds(input?.user_ids, 'user_ids');
    const name = text(input?.name);
    const startId = checkCursor(input?.start, 'start');
    const limit = pageSize(input?.page_size);
    const tasks = await this.lookups.tasks(
      workspaceId,
      { userId: user.id, admin: ws.admin },
      {
        ...(ids ? { ids } : {}),
        ...(projectIds ? { projectIds } : {}),
        ...(userIds ? { userIds } : {}),
        ...(name ? { name } : {}),
        ...(input?.active !== undefined ? { active: input.active } : {}),
        ...(input?.project_active !== undefined ? { projectActive: input.project_active } : {}),
        ...(startId ? { startId } : {}),
      },
      limit,
    );
    const tracked = await this.lookups.trackedMs(
      tasks.map((t) => t.id),
      Math.floor(clock.now() / 1000),
    );
    const rates = canSeeBillableRates(ws);
    return tasks.map((t) => ({
      ...t,
      rate: rates ? t.rate : null,
      rate_last_updated: rates ? t.rate_last_updated : null,
      tracked_ms: tracked.get(t.id) ?? 0,
    }));
  }
}
