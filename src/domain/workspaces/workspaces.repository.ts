import type { Kysely, Selectable, Transaction } from 'kysely';
import { flag, flagsToColumns, isSet } from '../../db/rows.js';
import type { DB, WorkspacesTable } from '../../db/tables.js';
import type { MemberWorkspace, Workspace, WorkspaceMember, WorkspaceSettings } from './workspaces.types.js';

type Executor = Kysely<DB> | Transaction<DB>;

function toWorkspace(row: Selectable<WorkspacesTable>): Workspace {
  return {
    id: row.id,
    organization_id: row.organization_id,
    name: row.name,
    default_currency: row.default_currency,
    default_hourly_rate: row.default_hourly_rate,
    rounding: row.rounding,
    rounding_minutes: row.rounding_minutes,
    only_admins_may_create_projects: isSet(row.only_admins_may_create_projects),
    only_admins_may_create_tags: isSet(row.only_admins_may_create_tags),
    only_admins_see_billable_rates: isSet(row.only_admins_see_billable_rates),
    only_admins_see_team_dashboard: isSet(row.only_admins_see_team_dashboard),
    projects_billable_by_default: isSet(row.projects_billable_by_default),
    projects_private_by_default: isSet(row.projects_private_by_default),
    projects_enforce_billable: isSet(row.projects_enforce_billable),
    limit_public_project_data: isSet(row.limit_public_project_data),
    reports_collapse: isSet(row.reports_collapse),
    hide_start_end_times: isSet(row.hide_start_end_times),
    working_hours_in_minutes: row.working_hours_in_minutes,
    logo_url: row.logo_url,
    ical_token: row.ical_token,
    rate_last_updated: row.rate_last_updated,
    created_at: row.created_at,
    at: row.at,
  };
}

export class WorkspacesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(tx: Executor, organizationId: number, name: string, settings: WorkspaceSettings, now: number): Promise<number> {
    const row = await tx
      .insertInto('workspaces')
      .values({ ...flagsToColumns(settings), organization_id: organizationId, name, created_at: now, at: now } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async addMember(tx: Executor, workspaceId: number, userId: number, admin: boolean, now: number): Promise<void> {
    await tx
      .insertInto('workspace_users')
      .values({ workspace_id: workspaceId, user_id: userId, admin: flag(admin), role: admin ? 'admin' : 'user', created_at: now, at: now })
      .execute();
  }

  async byId(id: number, tx: Executor = this.db): Promise<Workspace | null> {
    const row = await tx.selectFrom('workspaces').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    return row ? toWorkspace(row) : null;
  }

  private memberQuery(userId: number, tx: Executor) {
    return tx
      .selectFrom('workspaces')
      .innerJoin('workspace_users as wu', 'wu.workspace_id', 'workspaces.id')
      .selectAll('workspaces')
      .select(['wu.admin as member_admin', 'wu.role as member_role'])
      .where('wu.user_id', '=', userId)
      .where('wu.deleted_at', 'is', null)
      .where('wu.inactive', '=', 0)
      .where('workspaces.deleted_at', 'is', null);
  }

  async forMember(userId: number, options: { since?: number } = {}, tx: Executor = this.db): Promise<MemberWorkspace[]> {
    let q = this.memberQuery(userId, tx);
    if (options.since !== undefined) q = q.where('workspaces.at', '>=', options.since);
    const rows = await q.orderBy('workspaces.id').execute();
    return rows.map((r) => ({ ...toWorkspace(r), admin: isSet(r.member_admin), role: r.member_role }));
  }

  async memberWorkspace(userId: number, workspaceId: number, tx: Executor = this.db): Promise<MemberWorkspace | null> {
    const r = await this.memberQuery(userId, tx).where('workspaces.id', '=', workspaceId).executeTakeFirst();
    return r ? { ...toWorkspace(r), admin: isSet(r.member_admin), role: r.member_role } : null;
  }

  async update(id: number, settings: WorkspaceSettings, now: number, tx: Executor = this.db): Promise<void> {
    await tx
      .updateTable('workspaces')
      .set({ ...flagsToColumns(settings), at: now } as never)
      .where('id', '=', id)
      .execute();
  }

  async setAdmins(tx: Executor, workspaceId: number, adminUserIds: number[], now: number): Promise<void> {
    await tx.updateTable('workspace_users').set({ admin: 0, role: 'user', at: now }).where('workspace_id', '=', workspaceId).where('admin', '=', 1).where('user_id', 'not in', adminUserIds.length ? adminUserIds : [0]).execute();
    if (adminUserIds.length) {
      await tx.updateTable('workspace_users').set({ admin: 1, role: 'admin', at: now }).where('workspace_id', '=', workspaceId).where('user_id', 'in', adminUserIds).execute();
    }
  }

  async memberUserIds(workspaceId: number, tx: Executor = this.db): Promise<number[]> {
    const rows = await tx.selectFrom('workspace_users').select('user_id').where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null).execute();
    return rows.map((r) => r.user_id);
  }

  async members(workspaceId: number, options: { excludeDeleted?: boolean } = {}): Promise<WorkspaceMember[]> {
    let q = this.db
      .selectFrom('workspace_users as wu')
      .innerJoin('users as u', 'u.id', 'wu.user_id')
      .select([
        'wu.id',
        'wu.workspace_id',
        'wu.user_id',
        'wu.admin',
        'wu.role',
        'wu.active',
        'wu.inactive',
        'wu.rate',
        'wu.labour_cost',
        'wu.created_at',
        'wu.at',
        'wu.deleted_at',
        'u.email',
        'u.fullname',
        'u.timezone',
        'u.image_url',
      ])
      .where('wu.workspace_id', '=', workspaceId);
    if (options.excludeDeleted) q = q.where('wu.deleted_at', 'is', null);
    const rows = await q.orderBy('u.fullname').orderBy('u.id').execute();
    return rows.map((r) => ({
      ...r,
      admin: isSet(r.admin),
      active: isSet(r.active),
      inactive: isSet(r.inactive),
    }));
  }
}
