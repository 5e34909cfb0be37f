import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from 'kysely';
import { isUniqueViolation } from '../../db/dialect.js';
import { prepared } from '../../db/prepared.js';
import { chunks, flag, isSet } from '../../db/rows.js';
import type { DB, ProjectsTable, Executor } from '../../db/tables.js';
import { conflict } from '../errors.js';
import { projectManageableBy, projectVisibleTo } from './projects.policy.js';
import type { Project, ProjectAggregates, ProjectChanges, ProjectFilter, RecurringParameters } from './projects.types.js';

export const PROJECT_NAME_TAKEN = 'Name has already been taken';

/** Which projects a query may return: the workspaces searched and where the viewer is admin. */
export interface ProjectScope {
  userId: number;
  workspaceIds: number[];
  adminWorkspaceIds: number[];
}

type ProjectRow = Selectable<ProjectsTable> & { client_name: string | null; pinned_by: number | null };

function parseRecurring(raw: string | null): RecurringParameters[] | null {
  if (raw === null) return null;
  try {
    const parsed = JSON.parse(raw) as unknown;
    return Array.isArray(parsed) ? (parsed as RecurringParameters[]) : null;
  } catch {
    return null;
  }
}

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    workspace_id: row.workspace_id,
    client_id: row.client_id,
    client_name: row.client_name,
    name: row.name,
    is_private: isSet(row.is_private),
    active: isSet(row.active),
    billable: isSet(row.billable),
    template: isSet(row.template),
    template_id: row.template_id,
    color: row.color,
    auto_estimates: isSet(row.auto_estimates),
    estimated_seconds: row.estimated_seconds,
    rate: row.rate,
    rate_last_updated: row.rate_last_updated,
    fixed_fee: row.fixed_fee,
    currency: row.currency,
    start_date: row.start_date,
    end_date: row.end_date,
    recurring: isSet(row.recurring),
    recurring_parameters: parseRecurring(row.recurring_parameters),
    external_reference: row.external_reference,
    creator_id: row.creator_id,
    created_at: row.created_at,
    at: row.at,
    deleted_at: row.deleted_at,
    pinned: row.pinned_by !== null,
  };
}

function toColumns(changes: ProjectChanges): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (key === 'recurring_parameters') out[key] = value === null ? null : JSON.stringify(value);
    else out[key] = typeof value === 'boolean' ? flag(value) : value;
  }
  if (typeof changes.name === 'string') out.name_key = changes.name.toLowerCase();
  return out;
}

/** `%text%` for LIKE, with the wildcard characters of the text escaped. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const trackedSeconds = prepared((db, a: { ids: number[]; now: number }) =>
  db
    .selectFrom('time_entries')
    .select(['project_id', sql<number>`cast(sum(case when stop is null then ${a.now} - start else duration end) as bigint)`.as('seconds')])
    .where('project_id', 'in', a.ids)
    .where('deleted_at', 'is', null)
    .groupBy('project_id'),
);

const taskEstimates = prepared((db, a: { ids: number[] }) =>
  db
    .selectFrom('tasks')
    .select(['project_id', sql<number | null>`cast(sum(estimated_seconds) as bigint)`.as('estimated')])
    .where('project_id', 'in', a.ids)
    .where('deleted_at', 'is', null)
    .groupBy('project_id'),
);

export class ProjectsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private select(tx: Executor, viewerId: number) {
    return tx
      .selectFrom('projects')
      .leftJoin('clients', 'clients.id', 'projects.client_id')
      .leftJoin('project_pins as pin', (join) => join.onRef('pin.project_id', '=', 'projects.id').on('pin.user_id', '=', viewerId))
      .selectAll('projects')
      .select(['clients.name as client_name', 'pin.user_id as pinned_by']);
  }

  /** A live project of the workspace, as `viewerId` sees it (pinned or not). */
  async byId(workspaceId: number, projectId: number, viewerId: number, tx: Executor = this.db): Promise<Project | null> {
    const row = await this.select(tx, viewerId)
      .where('projects.workspace_id', '=', workspaceId)
      .where('projects.id', '=', projectId)
      .where('projects.deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? toProject(row) : null;
  }

  /** Live projects of the workspace among `ids`, in id order. */
  async byIds(workspaceId: number, ids: number[], viewerId: number, tx: Executor = this.db): Promise<Project[]> {
    if (ids.length === 0) return [];
    const rows = await this.select(tx, viewerId)
      .where('projects.workspace_id', '=', workspaceId)
      .where('projects.id', 'in', ids)
      .where('projects.deleted_at', 'is', null)
      .orderBy('projects.id')
      .execute();
    return rows.map(toProject);
  }

  // `eb` comes from queries with and without joins; the conditions only use raw SQL on `projects`.
  private conditions(eb: ExpressionBuilder<any, any>, filter: ProjectFilter, scope: ProjectScope, today: string): Expression<SqlBool> {
    const base = eb as ExpressionBuilder<DB, 'projects'>;
    const col = (c: string) => sql.ref(`projects.${c}`);
    const conds: Expression<SqlBool>[] = [];
    conds.push(sql<SqlBool>`${col('workspace_id')} in (${sql.join(scope.workspaceIds.length ? scope.workspaceIds : [0])})`);
    const everywhereAdmin = scope.workspaceIds.every((id) => scope.adminWorkspaceIds.includes(id));
    if (!everywhereAdmin) {
      const visible = projectVisibleTo(base, { userId: scope.userId, admin: false });
      conds.push(
        scope.adminWorkspaceIds.length
          ? sql<SqlBool>`(${col('workspace_id')} in (${sql.join(scope.adminWorkspaceIds)}) or ${visible})`
          : visible,
      );
    }
    const includeDeleted = filter.since !== undefined || filter.statuses?.includes('deleted') === true;
    if (!includeDeleted) conds.push(sql<SqlBool>`${col('deleted_at')} is null`);
    if (filter.since !== undefined) conds.push(sql<SqlBool>`${col('at')} >= ${filter.since}`);
    if (filter.active !== undefined) conds.push(sql<SqlBool>`${col('active')} = ${flag(filter.active)}`);
    if (filter.billable !== undefined) conds.push(sql<SqlBool>`${col('billable')} = ${flag(filter.billable)}`);
    if (filter.client_ids?.length) conds.push(sql<SqlBool>`${col('client_id')} in (${sql.join(filter.client_ids)})`);
    if (filter.project_ids?.length) conds.push(sql<SqlBool>`${col('id')} in (${sql.join(filter.project_ids)})`);
    // Stint never shares a project with a user group.
    if (filter.group_ids?.length) conds.push(sql<SqlBool>`1 = 0`);
    if (filter.user_ids?.length) {
      conds.push(
        sql<SqlBool>`exists (select 1 from project_users fu where fu.project_id = ${col('id')} and fu.deleted_at is null and fu.user_id in (${sql.join(filter.user_ids)}))`,
      );
    }
    if (filter.only_me) {
      conds.push(sql<SqlBool>`exists (select 1 from project_users mu where mu.project_id = ${col('id')} and mu.deleted_at is null and mu.user_id = ${scope.userId})`);
    }
    if (filter.only_editable) {
      const admin = scope.workspaceIds.every((id) => scope.adminWorkspaceIds.includes(id));
      conds.push(projectManageableBy(base, { userId: scope.userId, admin }));
    }
    if (filter.only_templates) conds.push(sql<SqlBool>`${col('template')} = 1`);
    if (filter.name !== undefined) conds.push(sql<SqlBool>`${col('name_key')} = ${filter.name.toLowerCase()}`);
    if (filter.search) conds.push(sql<SqlBool>`${col('name_key')} like ${containsPattern(filter.search)} escape '\\'`);
    if (filter.start_id !== undefined) conds.push(sql<SqlBool>`${col('id')} >= ${filter.start_id}`);
    if (filter.statuses?.length) {
      const live = sql`${col('deleted_at')} is null and ${col('active')} = 1`;
      const byStatus = {
        deleted: sql<SqlBool>`${col('deleted_at')} is not null`,
        archived: sql<SqlBool>`(${col('deleted_at')} is null and ${col('active')} = 0)`,
        upcoming: sql<SqlBool>`(${live} and ${col('start_date')} > ${today})`,
        ended: sql<SqlBool>`(${live} and (${col('start_date')} is null or ${col('start_date')} <= ${today}) and ${col('end_date')} < ${today})`,
        active: sql<SqlBool>`(${live} and (${col('start_date')} is null or ${col('start_date')} <= ${today}) and (${col('end_date')} is null or ${col('end_date')} >= ${today}))`,
      };
      conds.push(sql<SqlBool>`(${sql.join(filter.statuses.map((s) => byStatus[s]), sql` or `)})`);
    }
    return eb.and(conds);
  }

  /** One page of the projects matching the filter, and (only when asked) how many match in all. */
  async list(
    filter: ProjectFilter,
    scope: ProjectScope,
    today: string,
    options: { withTotal?: boolean } = {},
    tx: Executor = this.db,
  ): Promise<{ projects: Project[]; total: number | null }> {
    const counted = options.withTotal
      ? await tx
          .selectFrom('projects')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where((eb) => this.conditions(eb, filter, scope, today))
          .executeTakeFirst()
      : null;
    let q = this.select(tx, scope.userId).where((eb) => this.conditions(eb, filter, scope, today));
    if (filter.sort_pinned) q = q.orderBy(sql`case when pin.user_id is null then 1 else 0 end`);
    const dir = filter.sort_order ?? 'asc';
    switch (filter.sort_field ?? 'name') {
      case 'name':
        q = q.orderBy('projects.name_key', dir);
        break;
      case 'created_at':
        q = q.orderBy('projects.created_at', dir);
        break;
      case 'at':
        q = q.orderBy('projects.at', dir);
        break;
      case 'client_name':
        // Projects without a client last, the same on both engines.
        q = q.orderBy(sql`case when clients.name is null then 1 else 0 end`).orderBy(sql`lower(clients.name)`, dir);
        break;
      case 'id':
        break;
    }
    q = q.orderBy('projects.id', dir);
    if (filter.per_page !== undefined) q = q.limit(filter.per_page).offset(((filter.page ?? 1) - 1) * filter.per_page);
    const rows = await q.execute();
    return { projects: rows.map(toProject), total: counted ? Number(counted.n) : null };
  }

  /**
   * Tracked time (running entries count up to `nowSeconds`) and the sum of task estimates of
   * each project, in two grouped queries for the whole page.
   */
  async aggregates(projectIds: number[], nowSeconds: number, tx: Executor = this.db): Promise<Map<number, ProjectAggregates>> {
    const out = new Map<number, ProjectAggregates>();
    if (projectIds.length === 0) return out;
    for (const id of projectIds) out.set(id, { actual_seconds: 0, task_estimates: null });
    // One plan per page size, so the ids stay bound parameters.
    for (const ids of chunks(projectIds)) {
      for (const r of await trackedSeconds.all(tx, { ids, now: nowSeconds })) {
        if (r.project_id !== null) out.get(r.project_id)!.actual_seconds = Math.max(0, Number(r.seconds ?? 0));
      }
      for (const r of await taskEstimates.all(tx, { ids })) out.get(r.project_id)!.task_estimates = r.estimated === null ? null : Number(r.estimated);
    }
    return out;
  }

  /** The viewer's project-user standing on each project: absent = not a project user. */
  async memberships(projectIds: number[], userId: number, tx: Executor = this.db): Promise<Map<number, { manager: boolean }>> {
    const out = new Map<number, { manager: boolean }>();
    if (projectIds.length === 0) return out;
    const rows = await tx
      .selectFrom('project_users')
      .select(['project_id', 'manager'])
      .where('project_id', 'in', projectIds)
      .where('user_id', '=', userId)
      .where('deleted_at', 'is', null)
      .execute();
    for (const r of rows) out.set(r.project_id, { manager: isSet(r.manager) });
    return out;
  }

  async liveClient(workspaceId: number, clientId: number, tx: Executor = this.db): Promise<{ id: number; name: string } | null> {
    const row = await tx
      .selectFrom('clients')
      .select(['id', 'name'])
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', clientId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row ?? null;
  }

  async clientByName(workspaceId: number, name: string, tx: Executor = this.db): Promise<{ id: number; name: string } | null> {
    const row = await tx
      .selectFrom('clients')
      .select(['id', 'name'])
      .where('workspace_id', '=', workspaceId)
      .where('name_key', '=', name.trim().toLowerCase())
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row ?? null;
  }

  async insert(
    tx: Executor,
    values: ProjectChanges & { workspace_id: number; name: string; creator_id: number },
    now: number,
  ): Promise<number> {
    try {
      const row = await tx
        .insertInto('projects')
        .values({ ...toColumns(values), workspace_id: values.workspace_id, creator_id: values.creator_id, created_at: now, at: now } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(PROJECT_NAME_TAKEN);
      throw err;
    }
  }

  async update(tx: Executor, projectId: number, changes: ProjectChanges, now: number): Promise<void> {
    try {
      await tx
        .updateTable('projects')
        .set({ ...toColumns(changes), at: now } as never)
        .where('id', '=', projectId)
        .execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(PROJECT_NAME_TAKEN);
      throw err;
    }
  }

  async addProjectUser(tx: Executor, workspaceId: number, projectId: number, userId: number, manager: boolean, now: number): Promise<void> {
    await tx
      .insertInto('project_users')
      .values({ workspace_id: workspaceId, project_id: projectId, user_id: userId, manager: flag(manager), created_at: now, at: now })
      .execute();
  }

  /** Copies a template's live tasks and project users (except `skipUserId`) into a new project. */
  async copyFromTemplate(tx: Executor, templateId: number, projectId: number, skipUserId: number | null, now: number): Promise<void> {
    const tasks = await tx
      .selectFrom('tasks')
      .select(['workspace_id', 'name', 'name_key', 'active', 'estimated_seconds', 'user_id', 'rate', 'external_reference'])
      .where('project_id', '=', templateId)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute();
    if (tasks.length) {
      await tx
        .insertInto('tasks')
        .values(tasks.map((t) => ({ ...t, project_id: projectId, rate_last_updated: t.rate === null ? null : now, created_at: now, at: now })))
        .execute();
    }
    let members = tx
      .selectFrom('project_users')
      .select(['workspace_id', 'user_id', 'manager', 'rate', 'labor_cost'])
      .where('project_id', '=', templateId)
      .where('deleted_at', 'is', null);
    if (skipUserId !== null) members = members.where('user_id', '!=', skipUserId);
    const rows = await members.orderBy('id').execute();
    if (rows.length) {
      await tx
        .insertInto('project_users')
        .values(
          rows.map((m) => ({
            ...m,
            project_id: projectId,
            rate_last_updated: m.rate === null ? null : now,
            labor_cost_last_updated: m.labor_cost === null ? null : now,
            created_at: now,
            at: now,
          })),
        )
        .execute();
    }
  }

  /**
   * Soft-deletes a project with its tasks and project users, and drops its pins. Its time entries
   * are deleted too (`delete`), detached from it (`unassign`), or left pointing at it.
   */
  async softDelete(tx: Executor, projectId: number, mode: 'delete' | 'unassign' | null, now: number): Promise<void> {
    await tx.updateTable('projects').set({ deleted_at: now, at: now }).where('id', '=', projectId).execute();
    await tx.updateTable('tasks').set({ deleted_at: now, at: now }).where('project_id', '=', projectId).where('deleted_at', 'is', null).execute();
    await tx
      .updateTable('project_users')
      .set({ deleted_at: now, at: now })
      .where('project_id', '=', projectId)
      .where('deleted_at', 'is', null)
      .execute();
    await tx.deleteFrom('project_pins').where('project_id', '=', projectId).execute();
    if (mode === 'delete') {
      await tx
        .updateTable('time_entries')
        .set({ deleted_at: now, at: now })
        .where('project_id', '=', projectId)
        .where('deleted_at', 'is', null)
        .execute();
    } else if (mode === 'unassign') {
      await tx.updateTable('time_entries').set({ project_id: null, task_id: null, at: now }).where('project_id', '=', projectId).execute();
    }
  }

  async pin(tx: Executor, userId: number, projectId: number, now: number): Promise<void> {
    await tx
      .insertInto('project_pins')
      .values({ user_id: userId, project_id: projectId, created_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'project_id']).doNothing())
      .execute();
  }

  async unpin(tx: Executor, userId: number, projectId: number): Promise<void> {
    await tx.deleteFrom('project_pins').where('user_id', '=', userId).where('project_id', '=', projectId).execute();
  }

  async pinCount(userId: number, tx: Executor = this.db): Promise<number> {
    const row = await tx
      .selectFrom('project_pins')
      .innerJoin('projects', 'projects.id', 'project_pins.project_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project_pins.user_id', '=', userId)
      .where('projects.deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Start of the first and stop of the last finished, live time entry of a project (epoch seconds). */
  async entrySpan(projectId: number, tx: Executor = this.db): Promise<{ earliest: number | null; latest: number | null }> {
    const row = await tx
      .selectFrom('time_entries')
      .select([sql<number | null>`min(start)`.as('earliest'), sql<number | null>`max(stop)`.as('latest')])
      .where('project_id', '=', projectId)
      .where('deleted_at', 'is', null)
      .where('stop', 'is not', null)
      .executeTakeFirst();
    return {
      earliest: row?.earliest === null || row?.earliest === undefined ? null : Number(row.earliest),
      latest: row?.latest === null || row?.latest === undefined ? null : Number(row.latest),
    };
  }

  /** Live task and project-user counts per project, one grouped query each. */
  async childCounts(table: 'tasks' | 'project_users', projectIds: number[], tx: Executor = this.db): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    if (projectIds.length === 0) return out;
    const rows = await tx
      .selectFrom(table)
      .select(['project_id', sql<number>`count(*)`.as('n')])
      .where('project_id', 'in', projectIds)
      .where('deleted_at', 'is', null)
      .groupBy('project_id')
      .execute();
    for (const r of rows) out.set(r.project_id, Number(r.n));
    return out;
  }
}
