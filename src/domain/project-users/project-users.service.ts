import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../db/tables.js';
import { clock } from '../../time.js';
import { DomainError, forbidden, invalid, notFound } from '../errors.js';
import { parseIdList, parsePatch, patchValue, type PatchField } from '../json-patch.js';
import { canManageProject, canSeeBillableRates } from '../projects/projects.policy.js';
import { checkProjectIds, parseCsvIds, RATES_HIDDEN, type PatchResult, type ProjectsService } from '../projects/projects.service.js';
import type { ProjectViewer } from '../projects/projects.types.js';
import type { User } from '../users/users.types.js';
import { isPositiveId } from '../validation.js';
import type { EventAction } from '../webhooks/event-filters.js';
import type { WebhookEventsRecorder } from '../webhooks/webhook-events.js';
import type { ProjectUsersRepository } from './project-users.repository.js';
import type { ProjectUser, ProjectUserChanges, ProjectUserInput, ProjectUserWithMeta } from './project-users.types.js';

export const PROJECT_USER_NOT_FOUND = 'Project user not found/accessible';
const CHANGE_MODES = ['start-today', 'override-current', 'override-all'];

/** Labour costs are what the workspace pays its people: only admins see or set them. */
const canSeeLaborCosts = (viewer: ProjectViewer) => viewer.member.admin;

export class ProjectUsersService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly projectUsers: ProjectUsersRepository,
    private readonly projects: ProjectsService,
    private readonly webhookEvents: WebhookEventsRecorder,
  ) {}

  /**
   * Webhook events of project-user changes. Creates and updates are recorded right after their
   * commit, as projects' are, because the payload is the record as the API answers it, read after
   * the commit; deletions are recorded in their own transaction and carry ids only. One payload
   * goes to every subscription of the workspace, so it shows what any member may see: never
   * labour costs, rates only where members see billable rates.
   */
  private record(tx: Executor, viewer: ProjectViewer, action: EventAction, pu: ProjectUser, deleted = false): Promise<void> {
    const plain = { ...viewer, member: { ...viewer.member, admin: false } };
    return this.webhookEvents.record(tx, {
      workspaceId: pu.workspace_id,
      entity: 'project_user',
      action,
      entityId: pu.id,
      actorId: viewer.user.id,
      projectId: pu.project_id,
      record: deleted ? null : this.shape(plain, pu),
    });
  }

  /** Rates and labour costs the viewer may not see are sent as null. */
  private shape<T extends ProjectUser>(viewer: ProjectViewer, pu: T): T {
    const rates = canSeeBillableRates(viewer.member);
    const costs = canSeeLaborCosts(viewer);
    return {
      ...pu,
      rate: rates ? pu.rate : null,
      rate_last_updated: rates ? pu.rate_last_updated : null,
      labor_cost: costs ? pu.labor_cost : null,
      labor_cost_last_updated: costs ? pu.labor_cost_last_updated : null,
    };
  }

  private viewerScope(viewer: ProjectViewer) {
    return { userId: viewer.user.id, admin: viewer.member.admin };
  }

  async list(user: User, workspaceId: number, query: { project_ids?: string; user_id?: string }): Promise<ProjectUser[]> {
    const viewer = await this.projects.viewer(user, workspaceId);
    const projectIds = parseCsvIds(query.project_ids, 'project_ids');
    if (projectIds && projectIds.length > 200) throw invalid('project_ids cannot exceed 200 elements.');
    let userId: number | undefined;
    if (query.user_id !== undefined && query.user_id !== '') {
      if (!/^\d{1,15}$/.test(query.user_id)) throw invalid('Invalid user_id');
      userId = Number(query.user_id);
    }
    const rows = await this.projectUsers.list(workspaceId, this.viewerScope(viewer), { projectIds, userId });
    return rows.map((r) => this.shape(viewer, r));
  }

  /** POST .../project_users/paginated: per project, `users_per_project` people a page. */
  async paginated(
    user: User,
    workspaceId: number,
    projectIds: unknown,
    query: { show_inactive?: boolean; users_per_project?: string; page?: number },
  ): Promise<ProjectUserWithMeta[]> {
    const viewer = await this.projects.viewer(user, workspaceId);
    const ids = checkProjectIds(projectIds);
    let perProject: number | null = null;
    if (query.users_per_project !== undefined && query.users_per_project !== '') {
      if (!/^\d{1,6}$/.test(query.users_per_project) || Number(query.users_per_project) < 1) throw invalid("the parameter 'users_per_project' is invalid");
      perProject = Number(query.users_per_project);
    }
    const page = query.page ?? 1;
    if (page < 1) throw invalid('page parameter must contain values > 0.');
    const rows = await this.projectUsers.withMeta(workspaceId, this.viewerScope(viewer), ids, query.show_inactive === true);
    const seen = new Map<number, number>();
    const out: ProjectUserWithMeta[] = [];
    for (const r of rows) {
      const index = seen.get(r.project_id) ?? 0;
      seen.set(r.project_id, index + 1);
      const inPage = perProject === null ? page === 1 : index >= (page - 1) * perProject && index < page * perProject;
      if (inPage) out.push(this.shape(viewer, r));
    }
    if (!canSeeBillableRates(viewer.member)) for (const r of out) r.workspace_user_rate = null;
    if (!canSeeLaborCosts(viewer)) for (const r of out) r.workspace_user_labor_cost = null;
    return out;
  }

  private checkInput(viewer: ProjectViewer, input: ProjectUserInput, existing: ProjectUser | null, now: number): ProjectUserChanges {
    const out: ProjectUserChanges = {};
    if (input.manager !== undefined) out.manager = input.manager;
    // No rate history is kept, so the change modes only need to be valid (see ProjectsService).
    if (input.rate_change_mode !== undefined && !CHANGE_MODES.includes(input.rate_change_mode)) {
      throw invalid(`Invalid rate_change_mode, allowed values are: ${CHANGE_MODES.join(', ')}`);
    }
    if (input.labor_cost_change_mode !== undefined && !CHANGE_MODES.includes(input.labor_cost_change_mode)) {
      throw invalid(`Invalid labor_cost_change_mode, allowed values are: ${CHANGE_MODES.join(', ')}`);
    }
    if (input.rate !== undefined) {
      if (!canSeeBillableRates(viewer.member)) throw forbidden(RATES_HIDDEN);
      if (input.rate !== null && (!Number.isFinite(input.rate) || input.rate < 0)) throw invalid('/rate expects an float64 or null');
      if (input.rate !== (existing?.rate ?? null)) {
        out.rate = input.rate;
        out.rate_last_updated = input.rate === null ? null : now;
      }
    }
    if (input.labor_cost !== undefined) {
      if (!canSeeLaborCosts(viewer)) throw forbidden();
      if (input.labor_cost !== null && (!Number.isFinite(input.labor_cost) || input.labor_cost < 0)) throw invalid('/labor_cost expects an float64 or null');
      if (input.labor_cost !== (existing?.labor_cost ?? null)) {
        out.labor_cost = input.labor_cost;
        out.labor_cost_last_updated = input.labor_cost === null ? null : now;
      }
    }
    return out;
  }

  async create(user: User, workspaceId: number, input: ProjectUserInput): Promise<ProjectUser> {
    const [created] = await this.createMany(user, workspaceId, { ...input, user_ids: [input.user_id as number] });
    return created!;
  }

  /** Adds several people to one project, all or none (the v8 skin's `"uid": "1,2,3"`). */
  async createMany(user: User, workspaceId: number, input: ProjectUserInput & { user_ids: number[] }): Promise<ProjectUser[]> {
    const viewer = await this.projects.viewer(user, workspaceId);
    if (!isPositiveId(input.project_id)) throw invalid('Invalid project_id');
    // The project comes from the body, so a project the caller cannot see is a bad value, not a missing page.
    const visible = await this.projects.requireVisible(viewer, input.project_id).catch((err: unknown) => {
      if (err instanceof DomainError && err.kind === 'not_found') throw invalid('Invalid project_id');
      throw err;
    });
    if (!canManageProject(viewer.member, visible.isManager)) throw forbidden();
    for (const userId of input.user_ids) {
      if (!isPositiveId(userId) || !(await this.projectUsers.isActiveMember(workspaceId, userId))) throw invalid('Invalid user_id');
    }
    const now = clock.now();
    const changes = this.checkInput(viewer, input, null, now);
    const ids = await this.db.transaction().execute(async (tx) => {
      const out: number[] = [];
      for (const userId of input.user_ids) {
        out.push(await this.projectUsers.insert(tx, { ...changes, workspace_id: workspaceId, project_id: visible.project.id, user_id: userId }, now));
      }
      return out;
    });
    const created = await this.byIds(viewer, ids);
    for (const pu of created) await this.record(this.db, viewer, 'created', pu);
    return created;
  }

  private async byIds(viewer: ProjectViewer, ids: number[]): Promise<ProjectUser[]> {
    const out: ProjectUser[] = [];
    for (const id of ids) out.push(this.shape(viewer, (await this.projectUsers.byId(viewer.member.id, id))!));
    return out;
  }

  /** A project user whose project the viewer manages: 404 when unseen, 403 when read-only. */
  private async requireManageable(viewer: ProjectViewer, id: number): Promise<ProjectUser> {
    const pu = isPositiveId(id) ? await this.projectUsers.byId(viewer.member.id, id) : null;
    if (!pu) throw notFound(PROJECT_USER_NOT_FOUND);
    const visible = await this.projects.requireVisible(viewer, pu.project_id).catch((err: unknown) => {
      if (err instanceof DomainError && err.kind === 'not_found') throw notFound(PROJECT_USER_NOT_FOUND);
      throw err;
    });
    if (!canManageProject(viewer.member, visible.isManager)) throw forbidden();
    return pu;
  }

  async update(user: User, workspaceId: number, id: number, input: ProjectUserInput): Promise<ProjectUser> {
    const viewer = await this.projects.viewer(user, workspaceId);
    const pu = await this.requireManageable(viewer, id);
    if (input.manager === undefined && input.rate === undefined && input.labor_cost === undefined) throw invalid('Missing data');
    const now = clock.now();
    const changes = this.checkInput(viewer, input, pu, now);
    await this.db.transaction().execute(async (tx) => this.projectUsers.update(tx, pu.id, changes, now));
    const updated = (await this.projectUsers.byId(workspaceId, pu.id))!;
    await this.record(this.db, viewer, 'updated', updated);
    return this.shape(viewer, updated);
  }

  async remove(user: User, workspaceId: number, id: number): Promise<number> {
    await this.removeMany(user, workspaceId, [id]);
    return id;
  }

  /** Changes several project users the same way, all or none (the v8 skin's PUT /project_users/1,2). */
  async updateMany(user: User, workspaceId: number, ids: number[], input: ProjectUserInput): Promise<ProjectUser[]> {
    const viewer = await this.projects.viewer(user, workspaceId);
    const found: ProjectUser[] = [];
    for (const id of ids) found.push(await this.requireManageable(viewer, id));
    const now = clock.now();
    await this.db.transaction().execute(async (tx) => {
      for (const pu of found) await this.projectUsers.update(tx, pu.id, this.checkInput(viewer, input, pu, now), now);
    });
    const updated = await this.byIds(viewer, ids);
    for (const pu of updated) await this.record(this.db, viewer, 'updated', pu);
    return updated;
  }

  /** Removes several project users, all or none. */
  async removeMany(user: User, workspaceId: number, ids: number[]): Promise<void> {
    const viewer = await this.projects.viewer(user, workspaceId);
    const found: ProjectUser[] = [];
    for (const id of ids) found.push(await this.requireManageable(viewer, id));
    const now = clock.now();
    await this.db.transaction().execute(async (tx) => {
      for (const pu of found) {
        await this.projectUsers.softDelete(tx, pu.id, now);
        await this.record(tx, viewer, 'deleted', pu, true);
      }
    });
  }

  async patch(user: User, workspaceId: number, rawIds: string, operations: unknown): Promise<PatchResult> {
    const viewer = await this.projects.viewer(user, workspaceId);
    const ids = parseIdList(rawIds, 'Invalid value as user IDs');
    const changes = parsePatch(operations, PROJECT_USER_PATCH_FIELDS);
    const input = Object.fromEntries(changes.map((c) => [c.field, c.value])) as ProjectUserInput;
    const result: PatchResult = { success: [], failure: [] };
    for (const id of ids) {
      try {
        const pu = await this.requireManageable(viewer, id);
        const now = clock.now();
        const columns = this.checkInput(viewer, input, pu, now);
        await this.db.transaction().execute(async (tx) => this.projectUsers.update(tx, pu.id, columns, now));
        result.success.push(id);
        await this.record(this.db, viewer, 'updated', (await this.projectUsers.byId(workspaceId, pu.id))!);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        result.failure.push({ id, message: err.message });
      }
    }
    return result;
  }
}

/** Toggl's project-user PATCH accepts replace (and remove for the amounts), never add. */
const PROJECT_USER_PATCH_FIELDS: Record<string, PatchField> = {
  manager: { ops: ['replace'], parse: patchValue.boolean('manager') },
  rate: { ops: ['replace', 'remove'], parse: patchValue.numberOrNull('rate') },
  labor_cost: { ops: ['replace', 'remove'], parse: patchValue.numberOrNull('labor_cost') },
};
