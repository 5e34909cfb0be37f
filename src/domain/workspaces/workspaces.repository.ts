import type { Kysely, Selectable } from 'kysely';
import { prepared } from '../../db/prepared.js';
import { flag, flagsToColumns, isSet } from '../../db/rows.js';
import type { DB, WorkspacesTable, Executor } from '../../db/tables.js';
import type { MemberWorkspace, MembershipChanges, Workspace, WorkspaceMember, WorkspaceSettings, WorkspaceUserRecord } from './workspaces.types.js';

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

/**
 * The workspaces a user actively belongs to, as a subquery for `workspace_id in (...)`: the one
 * place that says which tenants' rows the user's /me lists may show. A membership counts once
 * the invitation is accepted (`active`) and while no admin has deactivated it (`inactive`).
 */
export function activeWorkspaceIdsOf(db: Executor, userId: number) {
  return db
    .selectFrom('workspace_users as wu')
    .innerJoin('workspaces as w', 'w.id', 'wu.workspace_id')
    .select('wu.workspace_id')
    .where('wu.user_id', '=', userId)
    .where('wu.deleted_at', 'is', null)
    .where('wu.active', '=', 1)
    .where('wu.inactive', '=', 0)
    .where('w.deleted_at', 'is', null);
}

/** Whether the user is an active member of the workspace: the people projects, tasks and shares may name. */
export async function isActiveWorkspaceMember(tx: Executor, workspaceId: number, userId: number): Promise<boolean> {
  const row = await tx
    .selectFrom('workspace_users')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .where('active', '=', 1)
    .where('inactive', '=', 0)
    .executeTakeFirst();
  return row !== undefined;
}

/** A user's membership row in a workspace, removed or not, as the invitation flow weighs it. */
export interface MembershipState {
  id: number;
  active: boolean;
  inactive: boolean;
  deleted: boolean;
}

/** A workspace with the reader's membership. (Set on the new record rather than spread into a
 * copy: V8 copies a large object that gains properties slowly, and nearly every request reads one.) */
function toMemberWorkspace(r: Selectable<WorkspacesTable> & { member_admin: number; member_role: string }): MemberWorkspace {
  const w = toWorkspace(r) as MemberWorkspace;
  w.admin = isSet(r.member_admin);
  w.role = r.member_role;
  return w;
}

// The workspaces a user actively belongs to, with their role: read by nearly every request.
const memberWorkspaces = prepared((db, a: { userId: number; workspaceId?: number; since?: number }) => {
  let q = db
    .selectFrom('workspaces')
    .innerJoin('workspace_users as wu', 'wu.workspace_id', 'workspaces.id')
    .selectAll('workspaces')
    .select(['wu.admin as member_admin', 'wu.role as member_role'])
    .where('wu.user_id', '=', a.userId)
    .where('wu.deleted_at', 'is', null)
    .where('wu.active', '=', 1)
    .where('wu.inactive', '=', 0)
    .where('workspaces.deleted_at', 'is', null);
  if (a.workspaceId !== undefined) q = q.where('workspaces.id', '=', a.workspaceId);
  if (a.since !== undefined) q = q.where('workspaces.at', '>=', a.since);
  return q.orderBy('workspaces.id');
});

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

  async forMember(userId: number, options: { since?: number } = {}, tx: Executor = this.db): Promise<MemberWorkspace[]> {
    const rows = await memberWorkspaces.all(tx, { userId, since: options.since });
    return rows.map(toMemberWorkspace);
  }

  async memberWorkspace(userId: number, workspaceId: number, tx: Executor = this.db): Promise<MemberWorkspace | null> {
    const r = await memberWorkspaces.first(tx, { userId, workspaceId });
    return r ? toMemberWorkspace(r) : null;
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

  /** Users who joined the workspace (invitees who have not accepted yet are not among them). */
  async memberUserIds(workspaceId: number, tx: Executor = this.db): Promise<number[]> {
    const rows = await tx
      .selectFrom('workspace_users')
      .select('user_id')
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .where('active', '=', 1)
      .execute();
    return rows.map((r) => r.user_id);
  }

  async members(workspaceId: number, options: { excludeDeleted?: boolean } = {}): Promise<WorkspaceMember[]> {
    return this.memberRecords(workspaceId, options);
  }

  /** Memberships of a workspace with their users, optionally narrowed to membership or user ids. */
  async memberRecords(
    workspaceId: number,
    filter: { ids?: number[]; userIds?: number[]; excludeDeleted?: boolean } = {},
    tx: Executor = this.db,
  ): Promise<WorkspaceUserRecord[]> {
    if ((filter.ids && filter.ids.length === 0) || (filter.userIds && filter.userIds.length === 0)) return [];
    let q = tx
      .selectFrom('workspace_users as wu')
      .innerJoin('users as u', 'u.id', 'wu.user_id')
      .innerJoin('workspaces as w', 'w.id', 'wu.workspace_id')
      .leftJoin('organization_users as ou', (j) => j.onRef('ou.organization_id', '=', 'w.organization_id').onRef('ou.user_id', '=', 'wu.user_id'))
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
        'wu.rate_last_updated',
        'wu.labour_cost_last_updated',
        'wu.working_hours_in_minutes',
        'wu.created_at',
        'wu.at',
        'wu.deleted_at',
        'u.email',
        'u.fullname',
        'u.timezone',
        'u.image_url',
        'ou.admin as organization_admin',
      ])
      // The code of the pending invitation behind a membership not yet accepted.
      .select((eb) =>
        eb
          .selectFrom('invitation_workspaces as iw')
          .innerJoin('invitations as i', 'i.id', 'iw.invitation_id')
          .select('i.code')
          .whereRef('iw.workspace_user_id', '=', 'wu.id')
          .where('wu.active', '=', 0)
          .where('i.status', '=', 'pending')
          .limit(1)
          .as('invitation_code'),
      )
      .where('wu.workspace_id', '=', workspaceId)
      // An invitation turned down or withdrawn never was a membership.
      .where((eb) => eb.or([eb('wu.active', '=', 1), eb('wu.deleted_at', 'is', null)]));
    if (filter.ids) q = q.where('wu.id', 'in', filter.ids);
    if (filter.userIds) q = q.where('wu.user_id', 'in', filter.userIds);
    if (filter.excludeDeleted) q = q.where('wu.deleted_at', 'is', null);
    const rows = await q.orderBy('u.fullname').orderBy('u.id').execute();
    return rows.map((r) => ({
      ...r,
      admin: isSet(r.admin),
      active: isSet(r.active),
      inactive: isSet(r.inactive),
      organization_admin: isSet(r.organization_admin),
      invitation_code: r.invitation_code ?? null,
    }));
  }

  async updateMember(tx: Executor, id: number, changes: MembershipChanges, now: number): Promise<void> {
    await tx
      .updateTable('workspace_users')
      .set({ ...flagsToColumns(changes), at: now } as never)
      .where('id', '=', id)
      .execute();
  }

  /** Admins who can still act: active, not deleted. A workspace must keep at least one. */
  async activeAdminCount(workspaceId: number, tx: Executor = this.db): Promise<number> {
    const r = await tx
      .selectFrom('workspace_users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('admin', '=', 1)
      .where('active', '=', 1)
      .where('inactive', '=', 0)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async removeMembers(tx: Executor, ids: number[], now: number): Promise<void> {
    if (ids.length === 0) return;
    await tx.updateTable('workspace_users').set({ deleted_at: now, at: now }).where('id', 'in', ids).execute();
  }

  /** The user's live memberships in the workspaces of an organization. */
  async membershipsInOrganization(organizationId: number, userId: number, tx: Executor = this.db) {
    const rows = await tx
      .selectFrom('workspace_users as wu')
      .innerJoin('workspaces as w', 'w.id', 'wu.workspace_id')
      .select(['wu.id', 'wu.workspace_id', 'wu.admin', 'wu.active', 'wu.inactive', 'w.name'])
      .where('w.organization_id', '=', organizationId)
      .where('wu.user_id', '=', userId)
      .where('wu.deleted_at', 'is', null)
      .orderBy('wu.workspace_id')
      .execute();
    return rows.map((r) => ({ ...r, admin: isSet(r.admin), active: isSet(r.active), inactive: isSet(r.inactive) }));
  }

  /**
   * Makes the user a member of the workspace and of its organization. A membership removed
   * earlier is revived rather than duplicated (one row per workspace and user).
   */
  async upsertMember(tx: Executor, workspaceId: number, userId: number, admin: boolean, now: number): Promise<void> {
    const ws = await tx.selectFrom('workspaces').select('organization_id').where('id', '=', workspaceId).executeTakeFirstOrThrow();
    await tx
      .insertInto('organization_users')
      .values({ organization_id: ws.organization_id, user_id: userId, created_at: now, at: now })
      .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doNothing())
      .execute();
    const role = admin ? 'admin' : 'user';
    await tx
      .insertInto('workspace_users')
      .values({ workspace_id: workspaceId, user_id: userId, admin: flag(admin), role, created_at: now, at: now })
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'user_id']).doUpdateSet({ admin: flag(admin), role, active: 1, inactive: 0, deleted_at: null, at: now }),
      )
      .execute();
  }

  /** The user's row in each of the workspaces, removed ones included. */
  async membershipStates(tx: Executor, userId: number, workspaceIds: number[]): Promise<Map<number, MembershipState>> {
    const out = new Map<number, MembershipState>();
    if (workspaceIds.length === 0) return out;
    const rows = await tx
      .selectFrom('workspace_users')
      .select(['id', 'workspace_id', 'active', 'inactive', 'deleted_at'])
      .where('user_id', '=', userId)
      .where('workspace_id', 'in', workspaceIds)
      .execute();
    for (const r of rows) out.set(r.workspace_id, { id: r.id, active: isSet(r.active), inactive: isSet(r.inactive), deleted: r.deleted_at !== null });
    return out;
  }

  /**
   * A membership waiting for its invitation to be accepted (active = 0): it is listed, but grants
   * nothing. Reuses the row of an earlier invitation that was turned down or withdrawn; callers
   * never pass a user who has a live membership or was a member before.
   */
  async insertPendingMember(tx: Executor, workspaceId: number, userId: number, role: { admin: boolean; role: string }, now: number): Promise<number> {
    const row = await tx
      .insertInto('workspace_users')
      .values({ workspace_id: workspaceId, user_id: userId, admin: flag(role.admin), role: role.role, active: 0, created_at: now, at: now })
      .onConflict((oc) =>
        oc
          .columns(['workspace_id', 'user_id'])
          .doUpdateSet({ admin: flag(role.admin), role: role.role, active: 0, inactive: 0, deleted_at: null, at: now })
          // Never turns a real membership, live or removed, back into an invitation.
          .where('workspace_users.active', '=', 0)
          .where('workspace_users.deleted_at', 'is not', null),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Turns accepted pending memberships into real ones, and makes the user an organization member. */
  async activatePendingMembers(tx: Executor, organizationId: number, userId: number, ids: number[], now: number): Promise<void> {
    if (ids.length === 0) return;
    await tx
      .insertInto('organization_users')
      .values({ organization_id: organizationId, user_id: userId, created_at: now, at: now })
      .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doNothing())
      .execute();
    await tx.updateTable('workspace_users').set({ active: 1, at: now }).where('id', 'in', ids).where('active', '=', 0).execute();
  }

  /**
   * After the user lost memberships, points their default workspace at one they still belong to
   * (the oldest), or at none.
   */
  async reassignDefaultWorkspace(tx: Executor, userId: number, now: number): Promise<void> {
    const user = await tx.selectFrom('users').select('default_workspace_id').where('id', '=', userId).executeTakeFirst();
    if (!user) return;
    const live = await this.forMember(userId, {}, tx);
    if (user.default_workspace_id !== null && live.some((w) => w.id === user.default_workspace_id)) return;
    const next = live[0]?.id ?? null;
    if (next === user.default_workspace_id) return;
    await tx.updateTable('users').set({ default_workspace_id: next, updated_at: now }).where('id', '=', userId).execute();
  }
}
