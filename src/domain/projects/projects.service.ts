import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../db/tables.js';
import { clock } from '../../time.js';
import { DomainError, forbidden, invalid, notFound } from '../errors.js';
import { parseIdList, parsePatch, patchValue, type PatchField } from '../json-patch.js';
import type { User } from '../users/users.types.js';
import { cleanName, isPositiveId } from '../validation.js';
import type { EventAction } from '../webhooks/event-filters.js';
import type { WebhookEventsRecorder } from '../webhooks/webhook-events.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { MemberWorkspace } from '../workspaces/workspaces.types.js';
import { currentPeriod, isValidDay, periodContaining, projectStatus, RECURRING_PERIODS, todayIn } from './projects.dates.js';
import { canCreateProject, canManageProject, canSeeBillableRates, canSeeProject } from './projects.policy.js';
import type { ProjectScope, ProjectsRepository } from './projects.repository.js';
import {
  PROJECT_STATUSES,
  type Period,
  type Project,
  type ProjectChanges,
  type ProjectFilter,
  type ProjectInput,
  type ProjectStatus,
  type ProjectView,
  type ProjectViewer,
  type RecurringParameters,
  type SortField,
} from './projects.types.js';

export const PROJECT_NOT_FOUND = 'Project not found/accessible';
export const RATES_HIDDEN = 'User cannot access billable rate(s).';
const DEFAULT_COLOR = '#0b83d9';
const COLOR = /^#[0-9a-fA-F]{6}$/;
const CURRENCY = /^[A-Z]{3}$/;
const RATE_CHANGE_MODES = ['start-today', 'override-current', 'override-all'];
/** Self-hosted workspaces have every paid feature, so the paid plan's pin limit applies. */
export const MAX_PINS = 100;
const DEFAULT_PER_PAGE = 151;
const MAX_PER_PAGE = 200;
const DEFAULT_ME_PER_PAGE = 201;
export const MAX_PROJECT_IDS = 200;
const SORT_FIELDS: readonly SortField[] = ['name', 'created_at', 'at', 'client_name'];

/** Query of GET /workspaces/{id}/projects as it arrives (lists still comma-separated). */
export interface ProjectListQuery {
  active?: string;
  since?: number;
  billable?: boolean;
  user_ids?: string;
  client_ids?: string;
  group_ids?: string;
  project_ids?: string;
  statuses?: string;
  name?: string;
  page?: number;
  sort_field?: string;
  sort_order?: string;
  only_templates?: boolean;
  only_me?: boolean;
  only_editable?: boolean;
  per_page?: number;
  sort_pinned?: boolean;
  search?: string;
}

/** A project the viewer may see, with their project-user standing on it. */
export interface VisibleProject {
  viewer: ProjectViewer;
  project: Project;
  isProjectUser: boolean;
  isManager: boolean;
}

export interface PatchResult {
  success: number[];
  failure: { id: number; message: string }[];
}

/** Parses `1,2,3` (query string) into ids, or throws "the parameter ... is invalid". */
export function parseCsvIds(raw: string | undefined, parameter: string): number[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const parts = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.some((p) => !/^\d{1,15}$/.test(p))) throw invalid(`the parameter '${parameter}' is invalid`);
  return [...new Set(parts.map(Number))];
}

/** 'true' | 'false' | 'both' (or absent) → true | false | undefined (both). */
export function parseActive(raw: string | undefined, fallback: boolean | undefined): boolean | undefined {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'both') return undefined;
  throw invalid("the parameter 'active' is invalid");
}

export function checkProjectIds(ids: unknown): number[] {
  if (!Array.isArray(ids) || !ids.every(isPositiveId)) throw invalid('invalid body');
  if (ids.length > MAX_PROJECT_IDS) throw invalid(`project_ids cannot exceed ${MAX_PROJECT_IDS} elements.`);
  return [...new Set(ids)];
}

export class ProjectsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly projects: ProjectsRepository,
    private readonly workspaces: WorkspacesService,
    private readonly webhookEvents: WebhookEventsRecorder,
  ) {}

  /**
   * Webhook events of project changes. Creates and updates are recorded right after their commit,
   * because the payload is the project as the API answers it, which is read after the commit;
   * deletions are recorded in their own transaction.
   */
  private record(tx: Executor, user: User, workspaceId: number, action: EventAction, id: number, project: ProjectView | null): Promise<void> {
    return this.webhookEvents.record(tx, { workspaceId, entity: 'project', action, entityId: id, actorId: user.id, projectId: id, record: project });
  }

  /**
   * `updated` events of projects another service changed in passing (archiving or restoring their
   * client), recorded after that service's commit like every project update.
   */
  async recordUpdated(user: User, workspaceId: number, projectIds: number[]): Promise<void> {
    if (projectIds.length === 0 || !(await this.webhookEvents.wants(this.db, workspaceId, 'project', 'updated'))) return;
    const viewer = await this.viewer(user, workspaceId);
    for (const id of projectIds) await this.record(this.db, user, workspaceId, 'updated', id, await this.view(viewer, id));
  }

  /** The caller's standing in a workspace; 403 for outsiders. */
  async viewer(user: User, workspaceId: number): Promise<ProjectViewer> {
    return { user, member: await this.workspaces.require(user, workspaceId) };
  }

  /** Every workspace the user is an active member of, with their standing. */
  async memberWorkspaces(user: User): Promise<MemberWorkspace[]> {
    return this.workspaces.listForUser(user);
  }

  /** A live project the viewer may see, or 404 (private projects are not revealed to outsiders). */
  async requireVisible(viewer: ProjectViewer, projectId: number): Promise<VisibleProject> {
    const project = isPositiveId(projectId) ? await this.projects.byId(viewer.member.id, projectId, viewer.user.id) : null;
    if (!project) throw notFound(PROJECT_NOT_FOUND);
    const standing = (await this.projects.memberships([project.id], viewer.user.id)).get(project.id);
    if (!canSeeProject(viewer.member, project, standing !== undefined)) throw notFound(PROJECT_NOT_FOUND);
    return { viewer, project, isProjectUser: standing !== undefined, isManager: standing?.manager === true };
  }

  /** A project the viewer may change (admin or project manager): 404 when unseen, 403 when read-only. */
  async requireManageable(viewer: ProjectViewer, projectId: number): Promise<VisibleProject> {
    const visible = await this.requireVisible(viewer, projectId);
    if (!canManageProject(viewer.member, visible.isManager)) throw forbidden();
    return visible;
  }

  /** Projects among `ids` the viewer may see, with their standing, in one query each. */
  async visibleAmong(viewer: ProjectViewer, ids: number[]): Promise<VisibleProject[]> {
    const projects = await this.projects.byIds(viewer.member.id, ids, viewer.user.id);
    const standing = await this.projects.memberships(
      projects.map((p) => p.id),
      viewer.user.id,
    );
    return projects
      .filter((p) => canSeeProject(viewer.member, p, standing.has(p.id)))
      .map((project) => ({ viewer, project, isProjectUser: standing.has(project.id), isManager: standing.get(project.id)?.manager === true }));
  }

  /**
   * Computed fields for a page of projects: tracked time and task estimates come from one
   * grouped query each; status and the current period from the viewer's today.
   */
  async views(user: User, projects: Project[], members: Map<number, MemberWorkspace>, total: number | null = null): Promise<ProjectView[]> {
    const now = clock.now();
    const today = todayIn(user.timezone, now);
    const aggregates = await this.projects.aggregates(
      projects.map((p) => p.id),
      Math.floor(now / 1000),
    );
    return projects.map((p) => {
      const agg = aggregates.get(p.id) ?? { actual_seconds: 0, task_estimates: null };
      const member = members.get(p.workspace_id);
      const ratesVisible = member ? canSeeBillableRates(member) : false;
      // Every field listed: a spread of the record followed by the new fields made V8 grow each
      // copy's property storage several times (over 1 KB and ~1 µs a project).
      return {
        id: p.id,
        workspace_id: p.workspace_id,
        client_id: p.client_id,
        client_name: p.client_name,
        name: p.name,
        is_private: p.is_private,
        active: p.active,
        billable: p.billable,
        template: p.template,
        template_id: p.template_id,
        color: p.color,
        auto_estimates: p.auto_estimates,
        estimated_seconds: p.auto_estimates ? agg.task_estimates : p.estimated_seconds,
        rate: ratesVisible ? p.rate : null,
        rate_last_updated: ratesVisible ? p.rate_last_updated : null,
        fixed_fee: ratesVisible ? p.fixed_fee : null,
        currency: p.currency,
        start_date: p.start_date,
        end_date: p.end_date,
        recurring: p.recurring,
        recurring_parameters: p.recurring_parameters,
        external_reference: p.external_reference,
        creator_id: p.creator_id,
        created_at: p.created_at,
        at: p.at,
        deleted_at: p.deleted_at,
        pinned: p.pinned,
        status: projectStatus(p, today),
        actual_seconds: agg.actual_seconds,
        current_period: currentPeriod(p.recurring, p.recurring_parameters, today),
        can_track_time: p.active && p.deleted_at === null,
        total_count: total,
      } satisfies Record<keyof ProjectView, unknown>;
    });
  }

  private async view(viewer: ProjectViewer, projectId: number): Promise<ProjectView> {
    const project = (await this.projects.byId(viewer.member.id, projectId, viewer.user.id))!;
    return (await this.views(viewer.user, [project], new Map([[viewer.member.id, viewer.member]])))[0]!;
  }

  private scope(user: User, members: MemberWorkspace[]): ProjectScope {
    return { userId: user.id, workspaceIds: members.map((m) => m.id), adminWorkspaceIds: members.filter((m) => m.admin).map((m) => m.id) };
  }

  parseListQuery(q: ProjectListQuery): ProjectFilter {
    const filter: ProjectFilter = {};
    filter.active = parseActive(q.active, true);
    if (q.since !== undefined) filter.since = q.since * 1000;
    if (q.billable !== undefined) filter.billable = q.billable;
    filter.user_ids = parseCsvIds(q.user_ids, 'user_ids');
    filter.client_ids = parseCsvIds(q.client_ids, 'client_ids');
    filter.group_ids = parseCsvIds(q.group_ids, 'group_ids');
    filter.project_ids = parseCsvIds(q.project_ids, 'project_ids');
    if (q.statuses !== undefined && q.statuses.trim() !== '') {
      const statuses = q.statuses.split(',').map((s) => s.trim().toLowerCase());
      if (!statuses.every((s): s is ProjectStatus => (PROJECT_STATUSES as readonly string[]).includes(s))) throw invalid('Invalid status');
      filter.statuses = [...new Set(statuses)];
      // Asking for statuses names the archived ones explicitly; `active` must not hide them again.
      if (q.active === undefined) filter.active = undefined;
    }
    if (q.name !== undefined && q.name !== '') filter.name = q.name.trim();
    if (q.search !== undefined && q.search.trim() !== '') filter.search = q.search.trim();
    if (q.sort_field !== undefined) {
      if (!(SORT_FIELDS as readonly string[]).includes(q.sort_field)) throw invalid("the parameter 'sort_field' is invalid");
      filter.sort_field = q.sort_field as SortField;
    }
    if (q.sort_order !== undefined) {
      const order = q.sort_order.toLowerCase();
      if (order !== 'asc' && order !== 'desc') throw invalid("the parameter 'sort_order' is invalid");
      filter.sort_order = order;
    }
    filter.only_templates = q.only_templates === true;
    filter.only_me = q.only_me === true;
    filter.only_editable = q.only_editable === true;
    filter.sort_pinned = q.sort_pinned === true;
    if (q.page !== undefined && q.page < 1) throw invalid('page parameter must contain values > 0.');
    if (q.per_page !== undefined && q.per_page < 1) throw invalid('per_page parameter must contain values > 0.');
    if (q.per_page !== undefined && q.per_page > MAX_PER_PAGE) throw invalid(`per_page cannot exceed ${MAX_PER_PAGE}`);
    filter.page = q.page ?? 1;
    filter.per_page = q.per_page ?? DEFAULT_PER_PAGE;
    return filter;
  }

  async list(user: User, workspaceId: number, query: ProjectListQuery): Promise<ProjectView[]> {
    const viewer = await this.viewer(user, workspaceId);
    const filter = this.parseListQuery(query);
    const today = todayIn(user.timezone, clock.now());
    const { projects, total } = await this.projects.list(filter, this.scope(user, [viewer.member]), today, { withTotal: true });
    return this.views(user, projects, new Map([[workspaceId, viewer.member]]), total);
  }

  async templates(user: User, workspaceId: number): Promise<ProjectView[]> {
    const viewer = await this.viewer(user, workspaceId);
    const today = todayIn(user.timezone, clock.now());
    const { projects } = await this.projects.list({ only_templates: true }, this.scope(user, [viewer.member]), today);
    return this.views(user, projects, new Map([[workspaceId, viewer.member]]));
  }

  async get(user: User, workspaceId: number, projectId: number): Promise<ProjectView> {
    const viewer = await this.viewer(user, workspaceId);
    await this.requireVisible(viewer, projectId);
    return this.view(viewer, projectId);
  }

  /** GET /me/projects: every project the user may see, in every workspace they belong to. */
  /** `members`: the user's workspaces when the caller has just read them (GET /me with related data). */
  async listForMe(user: User, query: { include_archived?: string; since?: number }, members?: MemberWorkspace[]): Promise<ProjectView[]> {
    let includeArchived = false;
    if (query.include_archived !== undefined) {
      if (query.include_archived !== 'true' && query.include_archived !== 'false') throw invalid('Invalid include_archived');
      includeArchived = query.include_archived === 'true';
    }
    const workspaces = members ?? (await this.memberWorkspaces(user));
    const filter: ProjectFilter = { active: includeArchived ? undefined : true, sort_field: 'name' };
    if (query.since !== undefined) filter.since = query.since * 1000;
    const { projects } = await this.projects.list(filter, this.scope(user, workspaces), todayIn(user.timezone, clock.now()));
    return this.views(user, projects, new Map(workspaces.map((m) => [m.id, m])));
  }

  /** GET /me/projects/paginated: by id, from start_project_id (inclusive), archived ones included. */
  async pageForMe(user: User, query: { start_project_id?: number; since?: number; per_page?: number }): Promise<ProjectView[]> {
    if (query.per_page !== undefined && query.per_page < 1) throw invalid('per_page parameter must contain values > 0.');
    const members = await this.memberWorkspaces(user);
    const filter: ProjectFilter = { per_page: query.per_page ?? DEFAULT_ME_PER_PAGE, page: 1, start_id: query.start_project_id ?? 1, sort_field: 'id' };
    if (query.since !== undefined) filter.since = query.since * 1000;
    const { projects } = await this.projects.list(filter, this.scope(user, members), todayIn(user.timezone, clock.now()));
    return this.views(user, projects, new Map(members.map((m) => [m.id, m])));
  }

  /**
   * Checks a project.Payload against the workspace and the project as it is (null on create) and
   * returns the columns to write. Shared by create, update and bulk patch so all three refuse the
   * same values with the same words.
   */
  private async checkInput(viewer: ProjectViewer, input: ProjectInput, existing: Project | null, now: number): Promise<ProjectChanges> {
    const ws = viewer.member;
    const out: ProjectChanges = {};
    if (input.name !== undefined) {
      const name = cleanName(input.name, 255);
      if (name === null) throw invalid("Field 'name' cannot be empty.");
      out.name = name;
    }
    if (input.color !== undefined && input.color !== null) {
      if (typeof input.color !== 'string' || !COLOR.test(input.color)) {
        throw invalid(`Error in validating color '${String(input.color)}'. Project color must be a hex value in the form of #[0-9a-f]{6}.`);
      }
      out.color = input.color.toLowerCase();
    }
    const clientId = input.client_id !== undefined ? input.client_id : input.cid;
    if (clientId !== undefined) {
      if (clientId === null || clientId === 0) out.client_id = null;
      else if (!isPositiveId(clientId) || !(await this.projects.liveClient(ws.id, clientId))) {
        throw invalid(`Client with the ID ${String(clientId)} isn't present in workspace ${ws.id}`);
      } else out.client_id = clientId;
    } else if (input.client_name !== undefined && input.client_name.trim() !== '') {
      const client = await this.projects.clientByName(ws.id, input.client_name);
      if (!client) throw invalid(`Client with the name '${input.client_name.trim()}' isn't present in workspace ${ws.id}`);
      out.client_id = client.id;
    }
    // is_shared belongs to Toggl's project-sharing feature, which keeps no state here; it is ignored.
    for (const key of ['active', 'billable', 'is_private', 'auto_estimates', 'template'] as const) {
      if (input[key] !== undefined) out[key] = input[key];
    }
    if (input.start_date !== undefined && input.start_date !== null) {
      if (!isValidDay(input.start_date)) throw invalid("Invalid 'start_date' value");
      out.start_date = input.start_date;
    }
    if (input.end_date !== undefined) {
      if (input.end_date !== null && !isValidDay(input.end_date)) throw invalid("Invalid 'end_date' value");
      out.end_date = input.end_date;
    }
    if (input.estimated_hours !== undefined) {
      const h = input.estimated_hours;
      if (h !== null && (!Number.isSafeInteger(h) || h < 0)) throw invalid("the parameter 'estimated_hours' is invalid");
      out.estimated_seconds = h === null ? null : h * 3600;
    }
    const touchesRates = input.rate !== undefined || input.fixed_fee !== undefined || input.currency !== undefined;
    if (touchesRates && !canSeeBillableRates(ws)) throw forbidden(RATES_HIDDEN);
    if (input.rate !== undefined) {
      if (input.rate !== null && (!Number.isFinite(input.rate) || input.rate < 0)) throw invalid("the parameter 'rate' is invalid");
      if (input.rate !== (existing?.rate ?? null)) {
        out.rate = input.rate;
        out.rate_last_updated = input.rate === null ? null : now;
      }
    }
    // Stint keeps no history of rates, so every mode means the same: amounts are computed with the
    // rate in force when asked. The value is still checked so a typo is not silently accepted.
    if (input.rate_change_mode !== undefined && !RATE_CHANGE_MODES.includes(input.rate_change_mode)) {
      throw invalid(`Invalid rate_change_mode, allowed values are: ${RATE_CHANGE_MODES.join(', ')}`);
    }
    if (input.fixed_fee !== undefined) {
      if (input.fixed_fee !== null && (!Number.isFinite(input.fixed_fee) || input.fixed_fee < 0)) throw invalid("the parameter 'fixed_fee' is invalid");
      out.fixed_fee = input.fixed_fee;
    }
    if (input.currency !== undefined) {
      const c = input.currency === null || input.currency === '' ? null : input.currency.toUpperCase();
      if (c !== null && !CURRENCY.test(c)) throw invalid('Invalid currency');
      out.currency = c;
    }
    if (input.external_reference !== undefined) {
      if (input.external_reference !== null && input.external_reference.length > 255) throw invalid("the parameter 'external_reference' is invalid");
      out.external_reference = input.external_reference;
    }
    if (input.template_id !== undefined) {
      if (input.template_id === null || input.template_id === 0) out.template_id = null;
      else {
        const tpl = isPositiveId(input.template_id) ? await this.projects.byId(ws.id, input.template_id, viewer.user.id) : null;
        if (!tpl || !tpl.template) throw invalid(`Template with the ID ${String(input.template_id)} isn't present in workspace ${ws.id}`);
        out.template_id = tpl.id;
      }
    }

    const startDate = out.start_date ?? existing?.start_date ?? null;
    const endDate = out.end_date !== undefined ? out.end_date : (existing?.end_date ?? null);
    if (startDate !== null && endDate !== null && endDate < startDate) throw invalid('start_date should come before end_date');

    const recurring = input.recurring ?? existing?.recurring ?? false;
    if (input.recurring !== undefined) out.recurring = input.recurring;
    if (!recurring) {
      if (existing?.recurring_parameters || input.recurring_parameters) out.recurring_parameters = null;
    } else if (input.recurring_parameters || input.recurring === true || input.estimated_hours !== undefined) {
      const previous = existing?.recurring_parameters?.at(-1) ?? null;
      const given = input.recurring_parameters ?? {};
      const period = given.period ?? previous?.period;
      if (period === undefined || !(RECURRING_PERIODS as readonly string[]).includes(period)) throw invalid('Invalid periodicity');
      const customPeriod = period === 'custom' ? (given.custom_period ?? previous?.custom_period ?? null) : null;
      if (period === 'custom' && (customPeriod === null || !Number.isSafeInteger(customPeriod) || customPeriod < 1)) throw invalid('Invalid periodicity');
      const anchor = given.project_start_date ?? previous?.project_start_date ?? startDate ?? todayIn(viewer.user.timezone, now);
      if (!isValidDay(anchor)) throw invalid("Invalid 'start_date' value");
      const estimated = out.estimated_seconds !== undefined ? out.estimated_seconds : (existing?.estimated_seconds ?? null);
      const params: RecurringParameters = {
        custom_period: customPeriod,
        estimated_seconds: estimated,
        parameter_start_date: todayIn(viewer.user.timezone, now),
        parameter_end_date: null,
        period,
        project_start_date: anchor,
      };
      if (endDate !== null && periodContaining(params, endDate).end_date !== endDate) throw invalid('End date must respect periodicity');
      out.recurring_parameters = [params];
    } else if (out.end_date) {
      const params = existing?.recurring_parameters?.at(-1);
      if (params && periodContaining(params, out.end_date).end_date !== out.end_date) throw invalid('End date must respect periodicity');
    }
    return out;
  }

  async create(user: User, workspaceId: number, input: ProjectInput): Promise<ProjectView> {
    const viewer = await this.viewer(user, workspaceId);
    const ws = viewer.member;
    if (!canCreateProject(ws)) throw forbidden('Only admins may create projects in this workspace');
    if (input.name === undefined) throw invalid('Name is required');
    const now = clock.now();
    const changes = await this.checkInput(viewer, input, null, now);
    const template = changes.template_id ? await this.projects.byId(ws.id, changes.template_id, user.id) : null;
    // A project made from a template starts with the template's settings unless the payload says otherwise.
    const fromTemplate: ProjectChanges = template
      ? {
          client_id: template.client_id,
          color: template.color,
          billable: template.billable,
          is_private: template.is_private,
          auto_estimates: template.auto_estimates,
          estimated_seconds: template.estimated_seconds,
          ...(canSeeBillableRates(ws)
            ? { rate: template.rate, rate_last_updated: template.rate === null ? null : now, fixed_fee: template.fixed_fee, currency: template.currency }
            : {}),
        }
      : {};
    const values = {
      billable: ws.projects_billable_by_default,
      is_private: ws.projects_private_by_default,
      color: DEFAULT_COLOR,
      active: true,
      start_date: todayIn(user.timezone, now),
      ...fromTemplate,
      ...changes,
      name: changes.name!,
      workspace_id: ws.id,
      creator_id: user.id,
    };
    if (values.end_date && values.start_date && values.end_date < values.start_date) throw invalid('start_date should come before end_date');
    const projectId = await this.db.transaction().execute(async (tx) => {
      const id = await this.projects.insert(tx, values, now);
      // The creator of a private project joins it as its manager, so they keep seeing it.
      if (values.is_private) await this.projects.addProjectUser(tx, ws.id, id, user.id, true, now);
      if (template) await this.projects.copyFromTemplate(tx, template.id, id, values.is_private ? user.id : null, now);
      return id;
    });
    const view = await this.view(viewer, projectId);
    await this.record(this.db, user, ws.id, 'created', projectId, view);
    return view;
  }

  async update(user: User, workspaceId: number, projectId: number, input: ProjectInput): Promise<ProjectView> {
    const viewer = await this.viewer(user, workspaceId);
    const { project } = await this.requireManageable(viewer, projectId);
    const now = clock.now();
    const changes = await this.checkInput(viewer, input, project, now);
    await this.db.transaction().execute(async (tx) => this.projects.update(tx, project.id, changes, now));
    const view = await this.view(viewer, project.id);
    await this.record(this.db, user, workspaceId, 'updated', project.id, view);
    return view;
  }

  /** Every project of a workspace the user sees, unpaginated (the v8 skin's list). */
  async listAll(user: User, workspaceId: number, query: { active?: string; only_templates?: boolean; client_ids?: string }): Promise<ProjectView[]> {
    const viewer = await this.viewer(user, workspaceId);
    const filter: ProjectFilter = {
      active: parseActive(query.active, true),
      only_templates: query.only_templates === true,
      client_ids: parseCsvIds(query.client_ids, 'client_ids'),
    };
    const { projects } = await this.projects.list(filter, this.scope(user, [viewer.member]), todayIn(user.timezone, clock.now()));
    return this.views(user, projects, new Map([[workspaceId, viewer.member]]));
  }

  /** Deletes several projects at once, all or none: every one must exist and be the caller's to manage. */
  async removeMany(user: User, workspaceId: number, projectIds: number[]): Promise<void> {
    const viewer = await this.viewer(user, workspaceId);
    const visible = new Map((await this.visibleAmong(viewer, projectIds)).map((v) => [v.project.id, v]));
    for (const id of projectIds) {
      const v = visible.get(id);
      if (!v) throw notFound(PROJECT_NOT_FOUND);
      if (!canManageProject(viewer.member, v.isManager)) throw forbidden();
    }
    const now = clock.now();
    await this.db.transaction().execute(async (tx) => {
      for (const id of visible.keys()) {
        await this.projects.softDelete(tx, id, null, now);
        await this.record(tx, user, workspaceId, 'deleted', id, null);
      }
    });
  }

  async remove(user: User, workspaceId: number, projectId: number, mode: string | undefined): Promise<number> {
    const viewer = await this.viewer(user, workspaceId);
    if (mode !== undefined && mode !== 'delete' && mode !== 'unassign') throw invalid("the parameter 'teDeletionMode' is invalid");
    const { project } = await this.requireManageable(viewer, projectId);
    await this.db.transaction().execute(async (tx) => {
      await this.projects.softDelete(tx, project.id, mode ?? null, clock.now());
      await this.record(tx, user, workspaceId, 'deleted', project.id, null);
    });
    return project.id;
  }

  /** PATCH /workspaces/{id}/projects/{ids}: the same changes to each project, each on its own. */
  async patch(user: User, workspaceId: number, rawIds: string, operations: unknown): Promise<PatchResult> {
    const viewer = await this.viewer(user, workspaceId);
    const ids = parseIdList(rawIds, 'Invalid project_ids');
    const changes = parsePatch(operations, PROJECT_PATCH_FIELDS);
    const input = Object.fromEntries(changes.map((c) => [c.field, c.value])) as ProjectInput;
    const result: PatchResult = { success: [], failure: [] };
    for (const id of ids) {
      try {
        const { project } = await this.requireManageable(viewer, id);
        const now = clock.now();
        const columns = await this.checkInput(viewer, input, project, now);
        await this.db.transaction().execute(async (tx) => this.projects.update(tx, project.id, columns, now));
        result.success.push(id);
        await this.record(this.db, user, workspaceId, 'updated', id, await this.view(viewer, id));
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        result.failure.push({ id, message: err.message });
      }
    }
    return result;
  }

  async pin(user: User, workspaceId: number, projectId: number, pin: boolean): Promise<void> {
    const viewer = await this.viewer(user, workspaceId);
    const { project } = await this.requireVisible(viewer, projectId);
    await this.db.transaction().execute(async (tx) => {
      if (!pin) return this.projects.unpin(tx, user.id, project.id);
      if (!project.pinned && (await this.projects.pinCount(user.id, tx)) >= MAX_PINS) {
        throw forbidden(`Cannot pin more projects: Max ${MAX_PINS} pins for paid plans`);
      }
      await this.projects.pin(tx, user.id, project.id, clock.now());
    });
  }

  /** First start and last stop among the project's finished entries, epoch seconds. */
  async statistics(user: User, workspaceId: number, projectId: number): Promise<{ earliest: number | null; latest: number | null }> {
    const viewer = await this.viewer(user, workspaceId);
    const { project } = await this.requireVisible(viewer, projectId);
    return this.projects.entrySpan(project.id);
  }

  /** The recurring period containing start_date (or end_date, or today). */
  async period(user: User, workspaceId: number, projectId: number, query: { start_date?: string; end_date?: string }): Promise<Period> {
    const viewer = await this.viewer(user, workspaceId);
    if (query.start_date !== undefined && !isValidDay(query.start_date)) throw invalid('start_date has invalid format');
    if (query.end_date !== undefined && !isValidDay(query.end_date)) throw invalid('end_date has invalid format');
    if (query.start_date && query.end_date && query.start_date > query.end_date) throw invalid('start_date should come before end_date');
    const { project } = await this.requireVisible(viewer, projectId);
    const params = project.recurring ? project.recurring_parameters?.at(-1) : undefined;
    if (!params) throw invalid('Project is not recurring');
    return periodContaining(params, query.start_date ?? query.end_date ?? todayIn(user.timezone, clock.now()));
  }

  /** POST .../projects/billable-amounts: the requested projects with their rates and tracked time. */
  async billableAmounts(user: User, workspaceId: number, projectIds: unknown): Promise<ProjectView[]> {
    const viewer = await this.viewer(user, workspaceId);
    const ids = checkProjectIds(projectIds);
    const visible = await this.visibleAmong(viewer, ids);
    return this.views(
      user,
      visible.map((v) => v.project),
      new Map([[workspaceId, viewer.member]]),
    );
  }

  /** Live tasks or project users per requested project the viewer may see. */
  async counts(user: User, workspaceId: number, of: 'tasks' | 'project_users', projectIds: unknown): Promise<{ project_id: number; count: number }[]> {
    const viewer = await this.viewer(user, workspaceId);
    const ids = checkProjectIds(projectIds);
    const visible = (await this.visibleAmong(viewer, ids)).map((v) => v.project.id);
    const counts = await this.projects.childCounts(of, visible);
    return visible.map((id) => ({ project_id: id, count: counts.get(id) ?? 0 }));
  }
}

/** Fields of project.Payload that the bulk PATCH may change. */
const PROJECT_PATCH_FIELDS: Record<string, PatchField> = {
  active: { ops: ['add', 'replace'], parse: patchValue.boolean('active') },
  auto_estimates: { ops: ['add', 'replace'], parse: patchValue.boolean('auto_estimates') },
  billable: { ops: ['add', 'replace'], parse: patchValue.boolean('billable') },
  is_private: { ops: ['add', 'replace'], parse: patchValue.boolean('is_private') },
  template: { ops: ['add', 'replace'], parse: patchValue.boolean('template') },
  name: { ops: ['add', 'replace'], parse: patchValue.string('name') },
  color: { ops: ['add', 'replace'], parse: patchValue.string('color') },
  client_id: { ops: ['add', 'replace', 'remove'], parse: patchValue.integerOrNull('client_id') },
  currency: { ops: ['add', 'replace', 'remove'], parse: patchValue.stringOrNull('currency') },
  start_date: { ops: ['add', 'replace'], parse: patchValue.string('start_date') },
  end_date: { ops: ['add', 'replace', 'remove'], parse: patchValue.stringOrNull('end_date') },
  estimated_hours: { ops: ['add', 'replace', 'remove'], parse: patchValue.integerOrNull('estimated_hours') },
  rate: { ops: ['add', 'replace', 'remove'], parse: patchValue.numberOrNull('rate') },
  fixed_fee: { ops: ['add', 'replace', 'remove'], parse: patchValue.numberOrNull('fixed_fee') },
  external_reference: { ops: ['add', 'replace', 'remove'], parse: patchValue.stringOrNull('external_reference') },
};
