import type { Kysely, Selectable } from 'kysely';
import { isUniqueViolation } from '../../db/dialect.js';
import { flag, isSet } from '../../db/rows.js';
import type { DB, ProjectUsersTable, Executor } from '../../db/tables.js';
import { isActiveWorkspaceMember } from '../workspaces/workspaces.repository.js';
import { conflict } from '../errors.js';
import { projectVisibleTo } from '../projects/projects.policy.js';
import type { ProjectUser, ProjectUserChanges, ProjectUserWithMeta } from './project-users.types.js';

export const PROJECT_USER_EXISTS = 'Project user already exists';

function toProjectUser(row: Selectable<ProjectUsersTable>): ProjectUser {
  return {
    id: row.id,
    workspace_id: row.workspace_id,
    project_id: row.project_id,
    user_id: row.user_id,
    manager: isSet(row.manager),
    rate: row.rate,
    rate_last_updated: row.rate_last_updated,
    labor_cost: row.labor_cost,
    labor_cost_last_updated: row.labor_cost_last_updated,
    created_at: row.created_at,
    at: row.at,
    deleted_at: row.deleted_at,
  };
}

function toColumns(changes: ProjectUserChanges): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) out[k] = typeof v === 'boolean' ? flag(v) : v;
  return out;
}

export class ProjectUsersRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Live project users of live projects the viewer may see, optionally narrowed. */
  private visible(tx: Executor, workspaceId: number, viewer: { userId: number; admin: boolean }) {
    return tx
      .selectFrom('project_users')
      .innerJoin('projects', 'projects.id', 'project_users.project_id')
      .where('project_users.workspace_id', '=', workspaceId)
      .where('projects.workspace_id', '=', workspaceId)
      .where('project_users.deleted_at', 'is', null)
      .where('projects.deleted_at', 'is', null)
      .where((eb) => projectVisibleTo(eb, viewer));
  }

  async list(
    workspaceId: number,
    viewer: { userId: number; admin: boolean },
    filter: { projectIds?: number[]; userId?: number },
    tx: Executor = this.db,
  ): Promise<ProjectUser[]> {
    let q = this.visible(tx, workspaceId, viewer).selectAll('project_users');
    if (filter.projectIds) q = q.where('project_users.project_id', 'in', filter.projectIds.length ? filter.projectIds : [0]);
    if (filter.userId !== undefined) q = q.where('project_users.user_id', '=', filter.userId);
    const rows = await q.orderBy('project_users.project_id').orderBy('project_users.id').execute();
    return rows.map(toProjectUser);
  }

  /** Project users of the given projects with the person's name and workspace standing. */
  async withMeta(
    workspaceId: number,
    viewer: { userId: number; admin: boolean },
    projectIds: number[],
    showInactive: boolean,
    tx: Executor = this.db,
  ): Promise<ProjectUserWithMeta[]> {
    if (projectIds.length === 0) return [];
    let q = this.visible(tx, workspaceId, viewer)
      .innerJoin('users', 'users.id', 'project_users.user_id')
      .leftJoin('workspace_users as wu', (join) =>
        join.onRef('wu.workspace_id', '=', 'project_users.workspace_id').onRef('wu.user_id', '=', 'project_users.user_id'),
      )
      .selectAll('project_users')
      .select([
        'users.fullname as user_name',
        'users.email as user_email',
        'users.image_url as avatar_url',
        'wu.id as wu_id',
        'wu.rate as wu_rate',
        'wu.labour_cost as wu_labour_cost',
        'wu.active as wu_active',
        'wu.inactive as wu_inactive',
        'wu.deleted_at as wu_deleted_at',
      ])
      .where('project_users.project_id', 'in', projectIds);
    if (!showInactive) q = q.where('wu.deleted_at', 'is', null).where('wu.inactive', '=', 0).where('wu.active', '=', 1);
    const rows = await q.orderBy('project_users.project_id').orderBy('users.fullname').orderBy('project_users.user_id').execute();
    return rows.map((r) => ({
      ...toProjectUser(r),
      user_name: r.user_name || r.user_email,
      avatar_url: r.avatar_url,
      is_active: r.wu_id !== null && r.wu_deleted_at === null && isSet(r.wu_active) && !isSet(r.wu_inactive),
      workspace_user_id: r.wu_id,
      workspace_user_rate: r.wu_rate,
      workspace_user_labor_cost: r.wu_labour_cost,
    }));
  }

  async byId(workspaceId: number, id: number, tx: Executor = this.db): Promise<ProjectUser | null> {
    const row = await tx
      .selectFrom('project_users')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? toProjectUser(row) : null;
  }

  /** Whether the user is an active member of the workspace (only they can join its projects). */
  async isActiveMember(workspaceId: number, userId: number, tx: Executor = this.db): Promise<boolean> {
    return isActiveWorkspaceMember(tx, workspaceId, userId);
  }

  async insert(
    tx: Executor,
    values: ProjectUserChanges & { workspace_id: number; project_id: number; user_id: number },
    now: number,
  ): Promise<number> {
    try {
      const row = await tx
        .insertInto('project_users')
        .values({ ...toColumns(values), workspace_id: values.workspace_id, project_id: values.project_id, user_id: values.user_id, created_at: now, at: now } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(PROJECT_USER_EXISTS);
      throw err;
    }
  }

  async update(tx: Executor, id: number, changes: ProjectUserChanges, now: number): Promise<void> {
    await tx
      .updateTable('project_users')
      .set({ ...toColumns(changes), at: now } as never)
      .where('id', '=', id)
      .execute();
  }

  async softDelete(tx: Executor, id: number, now: number): Promise<void> {
    await tx.updateTable('project_users').set({ deleted_at: now, at: now }).where('id', '=', id).execute();
  }
}
