import { sql, type Kysely, type SqlBool } from 'kysely';
import { isUniqueViolation } from '../../db/dialect.js';
import { chunks, flag, isSet } from '../../db/rows.js';
import type { DB, InvitationStatus, Executor } from '../../db/tables.js';
import { conflict } from '../errors.js';
import type { InvitationView, InvitationWorkspace } from './invitations.types.js';

export const ALREADY_BEING_INVITED = 'Another request is inviting the same e-mail right now; try again';

export class InvitationsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private base(tx: Executor) {
    return tx
      .selectFrom('invitations as i')
      .innerJoin('organizations as o', 'o.id', 'i.organization_id')
      .innerJoin('users as s', 's.id', 'i.sender_id')
      .select([
        'i.id',
        'i.organization_id',
        'i.email',
        'i.code',
        'i.sender_id',
        'i.recipient_id',
        'i.status',
        'i.created_at',
        'i.updated_at',
        'o.name as organization_name',
        's.email as sender_email',
        's.fullname as sender_name',
      ])
      // An organization that is gone takes its invitations with it.
      .where('o.deleted_at', 'is', null);
  }

  private async withWorkspaces(tx: Executor, rows: Omit<InvitationView, 'workspaces'>[]): Promise<InvitationView[]> {
    if (rows.length === 0) return [];
    const entries = await tx
      .selectFrom('invitation_workspaces as iw')
      .innerJoin('workspaces as w', 'w.id', 'iw.workspace_id')
      .leftJoin('workspace_users as wu', 'wu.id', 'iw.workspace_user_id')
      .select(['iw.invitation_id', 'iw.workspace_id', 'iw.admin', 'iw.role', 'iw.workspace_user_id'])
      .select(
        sql<SqlBool>`(w.deleted_at is not null or (iw.workspace_user_id is not null and wu.deleted_at is not null and wu.active = 0))`.as('withdrawn'),
      )
      .where(
        'iw.invitation_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('iw.workspace_id')
      .execute();
    return rows.map((r) => ({
      ...r,
      workspaces: entries
        .filter((e) => e.invitation_id === r.id)
        .map(
          (e): InvitationWorkspace => ({
            workspace_id: e.workspace_id,
            admin: isSet(e.admin),
            role: e.role === 'admin' ? 'admin' : 'user',
            workspace_user_id: e.workspace_user_id,
            withdrawn: isSet(Number(e.withdrawn)),
          }),
        ),
    }));
  }

  async byCodeHash(hash: string, tx: Executor = this.db): Promise<InvitationView | null> {
    const rows = await this.base(tx).where('i.code_hash', '=', hash).execute();
    return (await this.withWorkspaces(tx, rows))[0] ?? null;
  }

  async byId(id: number, tx: Executor = this.db): Promise<InvitationView | null> {
    const rows = await this.base(tx).where('i.id', '=', id).execute();
    return (await this.withWorkspaces(tx, rows))[0] ?? null;
  }

  async byIds(ids: number[], tx: Executor = this.db): Promise<InvitationView[]> {
    if (ids.length === 0) return [];
    const rows = await this.base(tx).where('i.id', 'in', ids).orderBy('i.id').execute();
    return this.withWorkspaces(tx, rows);
  }

  /** Every pending invitation into an organization, oldest first. */
  async pendingIn(organizationId: number, tx: Executor = this.db): Promise<InvitationView[]> {
    const rows = await this.base(tx).where('i.organization_id', '=', organizationId).where('i.status', '=', 'pending').orderBy('i.id').execute();
    return this.withWorkspaces(tx, rows);
  }

  /** The one pending invitation of an address into an organization. */
  async pendingFor(tx: Executor, organizationId: number, email: string): Promise<InvitationView | null> {
    const rows = await this.base(tx).where('i.organization_id', '=', organizationId).where('i.email', '=', email).where('i.status', '=', 'pending').execute();
    return (await this.withWorkspaces(tx, rows))[0] ?? null;
  }

  async insert(
    tx: Executor,
    values: { organization_id: number; email: string; code: string; code_hash: string; sender_id: number; recipient_id: number | null },
    now: number,
  ): Promise<number> {
    try {
      const row = await tx
        .insertInto('invitations')
        .values({ ...values, status: 'pending', created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    } catch (err) {
      // Two requests inviting one address at once: the partial unique index keeps one pending.
      if (isUniqueViolation(err)) throw conflict(ALREADY_BEING_INVITED);
      throw err;
    }
  }

  async addWorkspace(
    tx: Executor,
    invitationId: number,
    entry: { workspace_id: number; admin: boolean; role: string; workspace_user_id: number | null },
    now: number,
  ): Promise<void> {
    await tx
      .insertInto('invitation_workspaces')
      .values({ invitation_id: invitationId, workspace_id: entry.workspace_id, admin: flag(entry.admin), role: entry.role, workspace_user_id: entry.workspace_user_id, created_at: now })
      .execute();
  }

  async linkMembership(tx: Executor, invitationId: number, workspaceId: number, workspaceUserId: number | null): Promise<void> {
    await tx
      .updateTable('invitation_workspaces')
      .set({ workspace_user_id: workspaceUserId })
      .where('invitation_id', '=', invitationId)
      .where('workspace_id', '=', workspaceId)
      .execute();
  }

  async touch(tx: Executor, id: number, changes: { recipient_id?: number | null }, now: number): Promise<void> {
    await tx
      .updateTable('invitations')
      .set({ ...changes, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Answers a pending invitation. False when it was answered first by a concurrent request, so
   * an invitation is accepted or rejected once.
   */
  async answer(tx: Executor, id: number, status: Exclude<InvitationStatus, 'pending'>, userId: number, now: number): Promise<boolean> {
    const result = await tx
      .updateTable('invitations')
      .set({ status, recipient_id: userId, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Names of the given workspaces that are live and belong to the organization. */
  async workspacesOf(organizationId: number, ids: number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const chunk of chunks(ids)) {
      const rows = await this.db
        .selectFrom('workspaces')
        .select(['id', 'name'])
        .where('organization_id', '=', organizationId)
        .where('deleted_at', 'is', null)
        .where('id', 'in', chunk)
        .execute();
      for (const r of rows) out.set(r.id, r.name);
    }
    return out;
  }

  /** Of the given users, those an admin deactivated in the organization. */
  async deactivatedInOrganization(tx: Executor, organizationId: number, userIds: number[]): Promise<Set<number>> {
    if (userIds.length === 0) return new Set();
    const rows = await tx
      .selectFrom('organization_users')
      .select('user_id')
      .where('organization_id', '=', organizationId)
      .where('user_id', 'in', userIds)
      .where('inactive', '=', 1)
      .execute();
    return new Set(rows.map((r) => r.user_id));
  }

  /** Owners of memberships, with their state, by membership id. */
  async memberships(tx: Executor, ids: number[]): Promise<Map<number, { user_id: number; active: boolean; deleted: boolean }>> {
    const out = new Map<number, { user_id: number; active: boolean; deleted: boolean }>();
    if (ids.length === 0) return out;
    const rows = await tx.selectFrom('workspace_users').select(['id', 'user_id', 'active', 'deleted_at']).where('id', 'in', ids).execute();
    for (const r of rows) out.set(r.id, { user_id: r.user_id, active: isSet(r.active), deleted: r.deleted_at !== null });
    return out;
  }
}
