import { sql, type Kysely } from 'kysely';
import { flag, isSet } from '../../db/rows.js';
import type { DB, Executor } from '../../db/tables.js';
import type { MemberOrganization, Organization, OrganizationMember } from './organizations.types.js';

export interface MemberFilter {
  text?: string;
  onlyAdmins?: boolean;
  workspaceIds?: number[];
  /** Members of any of these groups of the organization. */
  groupIds?: number[];
  activeStatus?: ('active' | 'inactive' | 'invited')[];
  sortDesc?: boolean;
  limit: number;
  offset: number;
}

export class OrganizationsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(tx: Executor, name: string, now: number): Promise<number> {
    const row = await tx.insertInto('organizations').values({ name, created_at: now, at: now }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async addMember(tx: Executor, organizationId: number, userId: number, role: { admin: boolean; owner: boolean }, now: number): Promise<void> {
    await tx
      .insertInto('organization_users')
      .values({ organization_id: organizationId, user_id: userId, admin: flag(role.admin), owner: flag(role.owner), created_at: now, at: now })
      .execute();
  }

  async byId(id: number): Promise<Organization | null> {
    const row = await this.db.selectFrom('organizations').select(['id', 'name', 'created_at', 'at']).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    return row ?? null;
  }

  private memberQuery(userId: number, tx: Executor) {
    return tx
      .selectFrom('organizations as o')
      .innerJoin('organization_users as ou', 'ou.organization_id', 'o.id')
      .select(['o.id', 'o.name', 'o.created_at', 'o.at', 'ou.admin', 'ou.owner'])
      .select((eb) =>
        eb
          .selectFrom('organization_users as c')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('c.organization_id', '=', 'o.id')
          .where('c.inactive', '=', 0)
          .as('user_count'),
      )
      .where('ou.user_id', '=', userId)
      .where('ou.inactive', '=', 0)
      .where('o.deleted_at', 'is', null);
  }

  async forMember(userId: number, tx: Executor = this.db): Promise<MemberOrganization[]> {
    const rows = await this.memberQuery(userId, tx).orderBy('o.id').execute();
    return rows.map((r) => ({ ...r, admin: isSet(r.admin), owner: isSet(r.owner), user_count: Number(r.user_count) }));
  }

  async memberOrganization(userId: number, organizationId: number, tx: Executor = this.db): Promise<MemberOrganization | null> {
    const r = await this.memberQuery(userId, tx).where('o.id', '=', organizationId).executeTakeFirst();
    return r ? { ...r, admin: isSet(r.admin), owner: isSet(r.owner), user_count: Number(r.user_count) } : null;
  }

  async rename(id: number, name: string, now: number): Promise<void> {
    await this.db.updateTable('organizations').set({ name, at: now }).where('id', '=', id).execute();
  }

  async workspaceCount(organizationId: number): Promise<number> {
    const r = await this.db
      .selectFrom('workspaces')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** A page of the organization's users, with their workspaces (groups are the groups repository's). */
  async members(organizationId: number, filter: MemberFilter): Promise<Omit<OrganizationMember, 'groups'>[]> {
    let q = this.db
      .selectFrom('organization_users as ou')
      .innerJoin('users as u', 'u.id', 'ou.user_id')
      .select(['ou.id', 'ou.organization_id', 'ou.user_id', 'ou.admin', 'ou.owner', 'ou.inactive', 'u.email', 'u.fullname', 'u.image_url'])
      .where('ou.organization_id', '=', organizationId);
    if (filter.text) {
      const like = `%${filter.text.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      q = q.where((eb) =>
        eb.or([sql<boolean>`lower(u.fullname) like ${like} escape '\\'`, sql<boolean>`u.email_key like ${like} escape '\\'`]),
      );
    }
    if (filter.onlyAdmins) q = q.where('ou.admin', '=', 1);
    if (filter.activeStatus && filter.activeStatus.length) {
      const wanted = new Set(filter.activeStatus);
      // Invitees join the organization only when they accept, so "invited" matches nobody here.
      if (wanted.has('active') && !wanted.has('inactive')) q = q.where('ou.inactive', '=', 0);
      else if (wanted.has('inactive') && !wanted.has('active')) q = q.where('ou.inactive', '=', 1);
      else if (!wanted.has('active') && !wanted.has('inactive')) q = q.where(sql<boolean>`1 = 0`);
    }
    if (filter.workspaceIds && filter.workspaceIds.length) {
      const ids = filter.workspaceIds;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('workspace_users as wu')
            .select('wu.id')
            .whereRef('wu.user_id', '=', 'ou.user_id')
            .where('wu.workspace_id', 'in', ids)
            .where('wu.deleted_at', 'is', null),
        ),
      );
    }
    if (filter.groupIds && filter.groupIds.length) {
      const ids = filter.groupIds;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('group_users as gu')
            .innerJoin('groups as g', 'g.id', 'gu.group_id')
            .select('gu.group_id')
            .whereRef('gu.user_id', '=', 'ou.user_id')
            .where('g.organization_id', '=', organizationId)
            .where('gu.group_id', 'in', ids),
        ),
      );
    }
    const dir = filter.sortDesc ? 'desc' : 'asc';
    const rows = await q.orderBy('u.fullname', dir).orderBy('u.id', dir).limit(filter.limit).offset(filter.offset).execute();
    if (rows.length === 0) return [];
    const memberships = await this.db
      .selectFrom('workspace_users as wu')
      .innerJoin('workspaces as w', 'w.id', 'wu.workspace_id')
      .select(['wu.user_id', 'wu.workspace_id', 'wu.admin', 'wu.role', 'wu.active', 'wu.inactive', 'w.name'])
      .where('w.organization_id', '=', organizationId)
      .where('w.deleted_at', 'is', null)
      .where('wu.deleted_at', 'is', null)
      .where('wu.user_id', 'in', rows.map((r) => r.user_id))
      .orderBy('wu.workspace_id')
      .execute();
    return rows.map((r) => ({
      ...r,
      admin: isSet(r.admin),
      owner: isSet(r.owner),
      inactive: isSet(r.inactive),
      workspaces: memberships
        .filter((m) => m.user_id === r.user_id)
        .map((m) => ({ workspace_id: m.workspace_id, admin: isSet(m.admin), role: m.role, active: isSet(m.active), inactive: isSet(m.inactive), name: m.name })),
    }));
  }

  /** Ends a membership, with the user's place in the organization's groups, so a return starts clean. */
  async removeMember(tx: Executor, organizationId: number, userId: number): Promise<void> {
    await tx
      .deleteFrom('group_users')
      .where('user_id', '=', userId)
      .where('group_id', 'in', (eb) => eb.selectFrom('groups').select('id').where('organization_id', '=', organizationId))
      .execute();
    await tx.deleteFrom('organization_users').where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
  }

  async memberCount(organizationId: number, tx: Executor = this.db): Promise<number> {
    const r = await tx
      .selectFrom('organization_users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Deletes the organization and its workspaces softly. */
  async softDelete(tx: Executor, organizationId: number, now: number): Promise<void> {
    await tx.updateTable('workspaces').set({ deleted_at: now, at: now }).where('organization_id', '=', organizationId).where('deleted_at', 'is', null).execute();
    await tx.updateTable('organizations').set({ deleted_at: now, at: now }).where('id', '=', organizationId).execute();
  }
}
