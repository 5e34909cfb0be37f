import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../db/tables.js';
import { clock } from '../../time.js';
import { DomainError, invalid, notFound } from '../errors.js';
import { parseIdList, parsePatch, patchValue, type PatchField } from '../json-patch.js';
import { dayStartMs, isValidDay } from '../projects/projects.dates.js';
import { canSeeBillableRates } from '../projects/projects.policy.js';
import type { ProjectScope } from '../projects/projects.repository.js';
import { parseActive, parseCsvIds, type PatchResult, type ProjectsService, type VisibleProject } from '../projects/projects.service.js';
import type { ProjectViewer } from '../projects/projects.types.js';
import type { User } from '../users/users.types.js';
import { cleanName, isPositiveId } from '../validation.js';
import type { EventAction } from '../webhooks/event-filters.js';
import type { WebhookEventsRecorder } from '../webhooks/webhook-events.js';
import type { MemberWorkspace } from '../workspaces/workspaces.types.js';
import type { TasksRepository } from './tasks.repository.js';
import type { Task, TaskChanges, TaskFilter, TaskInput, TaskPage, TaskView } from './tasks.types.js';

export const TASK_NOT_FOUND = 'Task not found in workspace';
export const ARCHIVED_PROJECT = 'Can not change tasks of archived project';
const DEFAULT_PER_PAGE = 50;
const MAX_PER_PAGE = 200;

/** Query of GET /workspaces/{id}/tasks and .../tasks/basic as it arrives. */
export interface WorkspaceTasksQuery {
  since?: number;
  page?: number;
  per_page?: number;
  sort_order?: string;
  sort_field?: string;
  active?: string;
  pid?: number;
  project_id?: number;
  project_ids?: string;
  task_ids?: string;
  client_ids?: string;
  only_me?: boolean;
  start_date?: string;
  end_date?: string;
  search?: string;
}

/** task.Response without the tasks' presentation. */
export interface TaskListing extends TaskPage {
  page: number;
  per_page: number;
  sort_field: string;
  sort_order: string;
}

/**
 * One payload goes to every subscription of the workspace, whoever created it, so it shows the
 * task as any member sees it: the rate only where members may see billable rates.
 */
function asPlainMember(viewer: ProjectViewer, view: TaskView): TaskView {
  return canSeeBillableRates({ ...viewer.member, admin: false }) ? view : { ...view, rate: null, rate_last_updated: null };
}

export class TasksService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly tasks: TasksRepository,
    private readonly projects: ProjectsService,
    private readonly webhookEvents: WebhookEventsRecorder,
  ) {}

  /**
   * Webhook events of task changes. Creates and updates are recorded right after their commit, as
   * projects' are: the payload is the task as the API answers it (tracked time included), read
   * after the commit. Deletions are recorded in their own transaction and carry ids only.
   */
  private record(tx: Executor, viewer: ProjectViewer, action: EventAction, task: Task, view: TaskView | null): Promise<void> {
    return this.webhookEvents.record(tx, {
      workspaceId: task.workspace_id,
      entity: 'task',
      action,
      entityId: task.id,
      actorId: viewer.user.id,
      projectId: task.project_id,
      record: view && asPlainMember(viewer, view),
    });
  }

  /** Tracked time for a page of tasks in one grouped query; rates the viewer may not see nulled. */
  private async views(tasks: Task[], members: Map<number, MemberWorkspace>): Promise<TaskView[]> {
    const tracked = await this.tasks.trackedMs(
      tasks.map((t) => t.id),
      Math.floor(clock.now() / 1000),
    );
    return tasks.map((t) => {
      const member = members.get(t.workspace_id);
      const rates = member ? canSeeBillableRates(member) : false;
      return { ...t, rate: rates ? t.rate : null, rate_last_updated: rates ? t.rate_last_updated : null, tracked_ms: tracked.get(t.id) ?? 0 };
    });
  }

  private scope(user: User, members: MemberWorkspace[]): ProjectScope {
    return { userId: user.id, workspaceIds: members.map((m) => m.id), adminWorkspaceIds: members.filter((m) => m.admin).map((m) => m.id) };
  }

  private one(viewer: ProjectViewer) {
    return { scope: this.scope(viewer.user, [viewer.member]), members: new Map([[viewer.member.id, viewer.member]]) };
  }

  private async requireTask(viewer: ProjectViewer, projectId: number, taskId: number): Promise<Task> {
    const task = isPositiveId(taskId) ? await this.tasks.byId(viewer.member.id, projectId, taskId) : null;
    if (!task) throw notFound(TASK_NOT_FOUND);
    return task;
  }

  /** Tasks of a project change only while it is active, and only by its admins and managers. */
  private async requireWritableProject(viewer: ProjectViewer, projectId: number): Promise<VisibleProject> {
    const visible = await this.projects.requireManageable(viewer, projectId);
    if (!visible.project.active) throw invalid(ARCHIVED_PROJECT);
    return visible;
  }

  private async checkInput(viewer: ProjectViewer, input: TaskInput): Promise<TaskChanges> {
    const out: TaskChanges = {};
    if (input.name !== undefined) {
      const name = cleanName(input.name, 255);
      if (name === null) throw invalid("Field 'name' cannot be empty.");
      out.name = name;
    }
    if (input.active !== undefined) out.active = input.active;
    if (input.estimated_seconds !== undefined) {
      const s = input.estimated_seconds;
      if (s !== null && (!Number.isSafeInteger(s) || s < 0)) throw invalid("the parameter 'estimated_seconds' is invalid");
      out.estimated_seconds = s;
    }
    if (input.external_reference !== undefined) {
      if (input.external_reference !== null && input.external_reference.length > 255) throw invalid("the parameter 'external_reference' is invalid");
      out.external_reference = input.external_reference;
    }
    if (input.user_id !== undefined) {
      if (input.user_id !== null && (!isPositiveId(input.user_id) || !(await this.tasks.isActiveMember(viewer.member.id, input.user_id)))) {
        throw invalid('Invalid user_id');
      }
      out.user_id = input.user_id;
    }
    return out;
  }

  async listForProject(user: User, workspaceId: number, projectId: number, query: { active?: boolean }): Promise<TaskView[]> {
    const viewer = await this.projects.viewer(user, workspaceId);
    const { project } = await this.projects.requireVisible(viewer, projectId);
    const { scope, members } = this.one(viewer);
    const { tasks } = await this.tasks.list({ projectIds: [project.id], active: query.active === true ? true : undefined }, scope);
    return this.views(tasks, members);
  }

  async get(user: User, workspaceId: number, projectId: number, taskId: number): Promise<TaskView> {
    const viewer = await this.projects.viewer(user, workspaceId);
    const { project } = await this.projects.requireVisible(viewer, projectId);
    const task = await this.requireTask(viewer, project.id, taskId);
    return (await this.views([task], this.one(viewer).members))[0]!;
  }

  async create(user: User, workspaceId: number, projectId: number, input: TaskInput): Promise<TaskView> {
    const viewer = await this.projects.viewer(user, workspaceId);
    const { project } = await this.requireWritableProject(viewer, projectId);
    if (input.name === undefined) throw invalid('Name is required');
    // task.Payload: "user_id ... if omitted, will use requester user ID".
    const changes = await this.checkInput(viewer, { ...input, user_id: input.user_id === undefined ? user.id : input.user_id });
    const now = clock.now();
    const id = await this.db.transaction().execute(async (tx) =>
      this.tasks.insert(tx, { active: true, ...changes, name: changes.name!, workspace_id: workspaceId, project_id: project.id }, now),
    );
    const view = await this.get(user, workspaceId, project.id, id);
    await this.record(this.db, viewer, 'created', view, view);
    return view;
  }

  async update(user: User, workspaceId: number, projectId: number, taskId: number, input: TaskInput): Promise<TaskView> {
    const [task] = await this.updateMany(user, workspaceId, [{ projectId, taskId }], input);
    return task!;
  }

  /** Finds each task, checking its project once; 404/403/400 before anything changes. */
  private async requireTasks(viewer: ProjectViewer, refs: { projectId: number; taskId: number }[], writable: boolean): Promise<Task[]> {
    const checked = new Set<number>();
    const tasks: Task[] = [];
    for (const { projectId, taskId } of refs) {
      if (!checked.has(projectId)) {
        if (writable) await this.requireWritableProject(viewer, projectId);
        else await this.projects.requireManageable(viewer, projectId);
        checked.add(projectId);
      }
      tasks.push(await this.requireTask(viewer, projectId, taskId));
    }
    return tasks;
  }

  /** Changes several tasks the same way, all or none (the v8 skin's PUT /tasks/1,2). */
  async updateMany(user: User, workspaceId: number, refs: { projectId: number; taskId: number }[], input: TaskInput): Promise<TaskView[]> {
    const viewer = await this.projects.viewer(user, workspaceId);
    const tasks = await this.requireTasks(viewer, refs, true);
    const changes = await this.checkInput(viewer, input);
    const now = clock.now();
    await this.db.transaction().execute(async (tx) => {
      for (const task of tasks) await this.tasks.update(tx, task.id, changes, now);
    });
    const out: TaskView[] = [];
    for (const task of tasks) {
      const view = await this.get(user, workspaceId, task.project_id, task.id);
      await this.record(this.db, viewer, 'updated', view, view);
      out.push(view);
    }
    return out;
  }

  async remove(user: User, workspaceId: number, projectId: number, taskId: number): Promise<void> {
    await this.removeMany(user, workspaceId, [{ projectId, taskId }]);
  }

  /** Deletes several tasks, all or none. */
  async removeMany(user: User, workspaceId: number, refs: { projectId: number; taskId: number }[]): Promise<void> {
    const viewer = await this.projects.viewer(user, workspaceId);
    const tasks = await this.requireTasks(viewer, refs, false);
    const now = clock.now();
    await this.db.transaction().execute(async (tx) => {
      for (const task of tasks) {
        await this.tasks.softDelete(tx, task.id, now);
        await this.record(tx, viewer, 'deleted', task, null);
      }
    });
  }

  /** Every task of a workspace the user sees, unpaginated (the v8 skin's list); active ones by default. */
  async listAll(user: User, workspaceId: number, query: { active?: string }): Promise<TaskView[]> {
    const viewer = await this.projects.viewer(user, workspaceId);
    const { scope, members } = this.one(viewer);
    const { tasks } = await this.tasks.list({ active: parseActive(query.active, true) }, scope);
    return this.views(tasks, members);
  }

  async patch(user: User, workspaceId: number, projectId: number, rawIds: string, operations: unknown): Promise<PatchResult> {
    const viewer = await this.projects.viewer(user, workspaceId);
    const ids = parseIdList(rawIds, 'Invalid task_id');
    const { project } = await this.requireWritableProject(viewer, projectId);
    const input = Object.fromEntries(parsePatch(operations, TASK_PATCH_FIELDS).map((c) => [c.field, c.value])) as TaskInput;
    const changes = await this.checkInput(viewer, input);
    const result: PatchResult = { success: [], failure: [] };
    for (const id of ids) {
      try {
        const task = await this.requireTask(viewer, project.id, id);
        const now = clock.now();
        await this.db.transaction().execute(async (tx) => this.tasks.update(tx, task.id, changes, now));
        result.success.push(id);
        const view = await this.get(user, workspaceId, project.id, task.id);
        await this.record(this.db, viewer, 'updated', view, view);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        result.failure.push({ id, message: err.message });
      }
    }
    return result;
  }

  private paging(q: { page?: number; per_page?: number }, maxPerPage = MAX_PER_PAGE): { page: number; perPage: number } {
    if (q.page !== undefined && q.page < 1) throw invalid('page parameter must contain values > 0.');
    if (q.per_page !== undefined && q.per_page < 1) throw invalid('per_page parameter must contain values > 0.');
    if (q.per_page !== undefined && q.per_page > maxPerPage) throw invalid(`per_page cannot exceed ${maxPerPage}`);
    return { page: q.page ?? 1, perPage: q.per_page ?? DEFAULT_PER_PAGE };
  }

  private sorting(q: { sort_field?: string; sort_order?: string }): { sortField: 'name' | 'created_at'; sortOrder: 'asc' | 'desc' } {
    const field = q.sort_field ?? 'name';
    if (field !== 'name' && field !== 'created_at') throw invalid("the parameter 'sort_field' is invalid");
    const order = (q.sort_order ?? 'asc').toLowerCase();
    if (order !== 'asc' && order !== 'desc') throw invalid("the parameter 'sort_order' is invalid");
    return { sortField: field, sortOrder: order };
  }

  private async listing(viewer: ProjectViewer, filter: TaskFilter, q: WorkspaceTasksQuery): Promise<TaskListing> {
    const { page, perPage } = this.paging(q);
    const { sortField, sortOrder } = this.sorting(q);
    const { scope, members } = this.one(viewer);
    const { tasks, total } = await this.tasks.list({ ...filter, sortField, sortOrder, limit: perPage, offset: (page - 1) * perPage }, scope, { withTotal: true });
    return { tasks: await this.views(tasks, members), total: total!, page, per_page: perPage, sort_field: sortField, sort_order: sortOrder.toUpperCase() };
  }

  /** GET /workspaces/{id}/tasks */
  async listWorkspace(user: User, workspaceId: number, q: WorkspaceTasksQuery): Promise<TaskListing> {
    const viewer = await this.projects.viewer(user, workspaceId);
    const filter: TaskFilter = { active: parseActive(q.active, undefined) };
    if (q.since !== undefined) filter.since = q.since * 1000;
    if (q.pid !== undefined) filter.projectIds = [q.pid];
    if (q.start_date !== undefined) {
      if (!isValidDay(q.start_date)) throw invalid('start_date has invalid format');
      filter.createdFrom = dayStartMs(q.start_date);
    }
    if (q.end_date !== undefined) {
      if (!isValidDay(q.end_date)) throw invalid('end_date has invalid format');
      filter.createdBefore = dayStartMs(q.end_date) + 86_400_000;
    }
    if (q.start_date && q.end_date && q.start_date > q.end_date) throw invalid('start_date should come before end_date');
    if (q.search?.trim()) filter.search = q.search.trim();
    return this.listing(viewer, filter, q);
  }

  /** GET /workspaces/{id}/tasks/basic: active tasks of the caller's own projects unless told otherwise. */
  async listBasic(user: User, workspaceId: number, q: WorkspaceTasksQuery): Promise<TaskListing> {
    const viewer = await this.projects.viewer(user, workspaceId);
    const filter: TaskFilter = { active: parseActive(q.active, true), onlyMine: q.only_me ?? true };
    const projectIds = [...(q.project_id !== undefined ? [q.project_id] : []), ...(parseCsvIds(q.project_ids, 'project_ids') ?? [])];
    if (projectIds.length) filter.projectIds = projectIds;
    filter.taskIds = parseCsvIds(q.task_ids, 'task_ids');
    filter.clientIds = parseCsvIds(q.client_ids, 'client_ids');
    if (q.search?.trim()) filter.search = q.search.trim();
    return this.listing(viewer, filter, q);
  }

  /** POST /workspaces/{id}/tasks/data: a page of tasks of the given projects and/or ids, by project. */
  async data(
    user: User,
    workspaceId: number,
    body: { project_ids?: unknown; task_ids?: unknown },
    q: { search: string; page: number; per_page: number },
  ): Promise<Map<number, TaskView[]>> {
    const viewer = await this.projects.viewer(user, workspaceId);
    const ids = (v: unknown) => {
      if (v === undefined || v === null) return undefined;
      if (!Array.isArray(v) || !v.every(isPositiveId)) throw invalid('invalid body');
      return [...new Set(v)];
    };
    const filter: TaskFilter = { projectIds: ids(body.project_ids), taskIds: ids(body.task_ids), eitherIds: true, active: true };
    if (q.search.trim()) filter.search = q.search.trim();
    const { tasks } = await this.listing(viewer, filter, q);
    const out = new Map<number, TaskView[]>();
    for (const t of tasks) out.set(t.project_id, [...(out.get(t.project_id) ?? []), t]);
    return out;
  }

  /** GET /me/tasks: tasks of the projects the user sees in all their workspaces. */
  /** `members`: the user's workspaces when the caller has just read them (GET /me with related data). */
  async listForMe(
    user: User,
    q: { since?: number; include_not_active?: string; offset?: number; per_page?: number },
    members?: MemberWorkspace[],
  ): Promise<TaskView[]> {
    let includeDone = false;
    if (q.include_not_active !== undefined) {
      if (q.include_not_active !== 'true' && q.include_not_active !== 'false') throw invalid('Invalid include_not_active');
      includeDone = q.include_not_active === 'true';
    }
    if (q.per_page !== undefined && q.per_page < 1) throw invalid('per_page parameter must contain values > 0.');
    if (q.offset !== undefined && q.offset < 0) throw invalid("the parameter 'offset' is invalid");
    const workspaces = members ?? (await this.projects.memberWorkspaces(user));
    const filter: TaskFilter = { active: includeDone ? undefined : true, limit: q.per_page, offset: q.offset };
    if (q.since !== undefined) filter.since = q.since * 1000;
    const { tasks } = await this.tasks.list(filter, this.scope(user, workspaces));
    return this.views(tasks, new Map(workspaces.map((m) => [m.id, m])));
  }
}

const TASK_PATCH_FIELDS: Record<string, PatchField> = {
  active: { ops: ['add', 'replace'], parse: patchValue.boolean('active') },
  name: { ops: ['add', 'replace'], parse: patchValue.string('name') },
  estimated_seconds: { ops: ['add', 'replace', 'remove'], parse: patchValue.integerOrNull('estimated_seconds') },
  user_id: { ops: ['add', 'replace', 'remove'], parse: patchValue.integerOrNull('user_id') },
  external_reference: { ops: ['add', 'replace', 'remove'], parse: patchValue.stringOrNull('external_reference') },
};
