import { sql, type Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/dialect.js';
import { chunks, isSet } from '../../db/rows.js';
import type { DB, Executor } from '../../db/tables.js';
import { conflict } from '../errors.js';
import type { Group, GroupActor, GroupFilter, GroupMember, GroupName, UserGroup } from './groups.types.js';

export const NAME_TAKEN = 'Name has already been taken';

async function translateUnique<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(NAME_TAKEN);
    throw err;
  }
}

interface GroupRow {
  id: number;
  organization_id: number;
  name: string;
  created_at: number;
  at: number;
}

export class GroupsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The user's standing in the organization, or null when they are not an active member. */
  async actor(userId: number, organizationId: number, tx: Executor = this.db): Promise<GroupActor | null> {
    const org = await tx
      .selectFrom('organization_users as ou')
      .innerJoin('organizations as o', 'o.id', 'ou.organization_id')
      .select(['ou.admin', 'ou.owner'])
      .where('ou.organization_id', '=', organizationId)
      .where('ou.user_id', '=', userId)
      .where('ou.inactive', '=', 0)
      .where('o.deleted_at', 'is', null)
      .executeTakeFirst();
    if (!org) return null;
    const memberships = await tx
      .selectFrom('workspace_users as wu')
      .innerJoin('workspaces as w', 'w.id', 'wu.workspace_id')
      .select(['wu.workspace_id', 'wu.admin'])
      .where('w.organization_id', '=', organizationId)
      .where('w.deleted_at', 'is', null)
      .where('wu.user_id', '=', userId)
      .where('wu.deleted_at', 'is', null)
      .where('wu.active', '=', 1)
      .where('wu.inactive', '=', 0)
      .execute();
    return {
      userId,
      organizationAdmin: isSet(org.admin) || isSet(org.owner),
      memberWorkspaceIds: new Set(memberships.map((m) => m.workspace_id)),
      adminWorkspaceIds: new Set(memberships.filter((m) => isSet(m.admin)).map((m) => m.workspace_id)),
    };
  }

  /** The organization of a live workspace, or null. */
  async organizationOfWorkspace(workspaceId: number): Promise<number | null> {
    const row = await this.db.selectFrom('workspaces').select('organization_id').where('id', '=', workspaceId).where('deleted_at', 'is', null).executeTakeFirst();
    return row?.organization_id ?? null;
  }

  /** Groups of the organization sorted by name, with their users and workspaces (three queries). */
  async list(organizationId: number, filter: GroupFilter = {}, tx: Executor = this.db): Promise<Group[]> {
    let q = tx.selectFrom('groups as g').select(['g.id', 'g.organization_id', 'g.name', 'g.created_at', 'g.at']).where('g.organization_id', '=', organizationId);
    if (filter.name) {
      const pattern = `%${filter.name.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      q = q.where(sql<boolean>`g.name_key like ${pattern} escape '\\'`);
    }
    if (filter.workspaceId !== undefined) {
      const wid = filter.workspaceId;
      q = q.where((eb) => eb.exists(eb.selectFrom('group_workspaces as gw').select('gw.group_id').whereRef('gw.group_id', '=', 'g.id').where('gw.workspace_id', '=', wid)));
    }
    const rows = await q.orderBy('g.name_key').orderBy('g.id').execute();
    return this.withRelations(rows, tx);
  }

  async byId(organizationId: number, groupId: number, tx: Executor = this.db): Promise<Group | null> {
    const row = await tx
      .selectFrom('groups')
      .select(['id', 'organization_id', 'name', 'created_at', 'at'])
      .where('organization_id', '=', organizationId)
      .where('id', '=', groupId)
      .executeTakeFirst();
    return row ? (await this.withRelations([row], tx))[0]! : null;
  }

  /** The organization of a group, found by its id alone (v8 paths name no organization). */
  async organizationOfGroup(groupId: number): Promise<number | null> {
    const row = await this.db.selectFrom('groups').select('organization_id').where('id', '=', groupId).executeTakeFirst();
    return row?.organization_id ?? null;
  }

  private async withRelations(rows: GroupRow[], tx: Executor): Promise<Group[]> {
    if (rows.length === 0) return [];
    const users = new Map<number, GroupMember[]>();
    const workspaces = new Map<number, number[]>();
    const orgId = rows[0]!.organization_id;
    for (const ids of chunks(rows.map((r) => r.id))) {
      // Users who left the organization keep no place in its groups.
      const members = await tx
        .selectFrom('group_users as gu')
        .innerJoin('users as u', 'u.id', 'gu.user_id')
        .innerJoin('organization_users as ou', (j) => j.onRef('ou.user_id', '=', 'gu.user_id').on('ou.organization_id', '=', orgId))
        .select(['gu.group_id', 'u.id as user_id', 'u.fullname', 'u.image_url', 'ou.inactive'])
        .where('gu.group_id', 'in', ids)
        .orderBy('u.fullname')
        .orderBy('u.id')
        .execute();
      for (const m of members) {
        const list = users.get(m.group_id) ?? [];
        list.push({ user_id: m.user_id, name: m.fullname, avatar_url: m.image_url, inactive: isSet(m.inactive) });
        users.set(m.group_id, list);
      }
      const attached = await tx
        .selectFrom('group_workspaces as gw')
        .innerJoin('workspaces as w', 'w.id', 'gw.workspace_id')
        .select(['gw.group_id', 'gw.workspace_id'])
        .where('gw.group_id', 'in', ids)
        .where('w.deleted_at', 'is', null)
        .orderBy('gw.workspace_id')
        .execute();
      for (const a of attached) {
        const list = workspaces.get(a.group_id) ?? [];
        list.push(a.workspace_id);
        workspaces.set(a.group_id, list);
      }
    }
    return rows.map((r) => ({ ...r, users: users.get(r.id) ?? [], workspace_ids: workspaces.get(r.id) ?? [] }));
  }

  // Memberships shown beside users (OrgUser.groups, WorkspaceUser.group_ids, report dictionaries).
  // Each loads a whole page of users at once, one query per kind whatever the page's length (up to
  // IN_LIST_CHUNK users a query). Groups are deleted for good with their memberships, so a deleted
  // group has no row left to show; a membership counts only while the user still belongs to the
  // group's organization, as for the group's own user list.

  /**
   * The groups of the organization that each user belongs to, by name, with the live workspaces
   * each group is attached to. Users without a group are absent from the map.
   */
  async groupsOfUsers(organizationId: number, userIds: number[], tx: Executor = this.db): Promise<Map<number, UserGroup[]>> {
    const rows: { user_id: number; id: number; name: string }[] = [];
    for (const ids of chunks([...new Set(userIds)])) {
      rows.push(
        ...(await tx
          .selectFrom('group_users as gu')
          .innerJoin('groups as g', 'g.id', 'gu.group_id')
          .innerJoin('organization_users as ou', (j) => j.onRef('ou.user_id', '=', 'gu.user_id').onRef('ou.organization_id', '=', 'g.organization_id'))
          .select(['gu.user_id', 'g.id', 'g.name'])
          .where('g.organization_id', '=', organizationId)
          .where('gu.user_id', 'in', ids)
          .orderBy('g.name_key')
          .orderBy('g.id')
          .execute()),
      );
    }
    const attached = new Map<number, number[]>();
    for (const ids of chunks([...new Set(rows.map((r) => r.id))])) {
      const links = await tx
        .selectFrom('group_workspaces as gw')
        .innerJoin('workspaces as w', 'w.id', 'gw.workspace_id')
        .select(['gw.group_id', 'gw.workspace_id'])
        .where('gw.group_id', 'in', ids)
        .where('w.organization_id', '=', organizationId)
        .where('w.deleted_at', 'is', null)
        .orderBy('gw.workspace_id')
        .execute();
      for (const l of links) attached.set(l.group_id, [...(attached.get(l.group_id) ?? []), l.workspace_id]);
    }
    const out = new Map<number, UserGroup[]>();
    for (const r of rows) {
      const list = out.get(r.user_id) ?? [];
      list.push({ id: r.id, name: r.name, workspace_ids: attached.get(r.id) ?? [] });
      out.set(r.user_id, list);
    }
    return out;
  }

  /**
   * The groups attached to a workspace that each user belongs to, by id; every member of such a
   * group when `userIds` is left out. Users without a group are absent from the map.
   */
  async workspaceGroupsOfUsers(workspaceId: number, userIds?: number[], tx: Executor = this.db): Promise<Map<number, GroupName[]>> {
    const query = (ids?: number[]) => {
      let q = this.inWorkspace(tx, workspaceId)
        .innerJoin('group_users as gu', 'gu.group_id', 'g.id')
        .innerJoin('organization_users as ou', (j) => j.onRef('ou.user_id', '=', 'gu.user_id').onRef('ou.organization_id', '=', 'g.organization_id'))
        .select(['gu.user_id', 'g.id', 'g.name']);
      if (ids) q = q.where('gu.user_id', 'in', ids);
      return q.orderBy('g.id').execute();
    };
    const rows = userIds === undefined ? await query() : [];
    for (const ids of userIds === undefined ? [] : chunks([...new Set(userIds)])) rows.push(...(await query(ids)));
    const out = new Map<number, GroupName[]>();
    for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), { id: r.id, name: r.name }]);
    return out;
  }

  /** Names of those of `groupIds` that are attached to the workspace; others are absent. */
  async workspaceGroupNames(workspaceId: number, groupIds: number[], tx: Executor = this.db): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const ids of chunks([...new Set(groupIds)])) {
      const rows = await this.inWorkspace(tx, workspaceId).select(['g.id', 'g.name']).where('g.id', 'in', ids).execute();
      for (const r of rows) out.set(r.id, r.name);
    }
    return out;
  }

  /**
   * Groups attached to a live workspace, of the workspace's own organization: an attachment can
   * only be made within the organization, and this keeps it so should one ever slip through.
   */
  private inWorkspace(tx: Executor, workspaceId: number) {
    return tx
      .selectFrom('groups as g')
      .innerJoin('group_workspaces as gw', (j) => j.onRef('gw.group_id', '=', 'g.id').on('gw.workspace_id', '=', workspaceId))
      .innerJoin('workspaces as w', (j) => j.onRef('w.id', '=', 'gw.workspace_id').onRef('w.organization_id', '=', 'g.organization_id'))
      .where('w.deleted_at', 'is', null);
  }

  /** Ids among `userIds` that belong to the organization (inactive members included). */
  async organizationUserIds(organizationId: number, userIds: number[], tx: Executor = this.db): Promise<Set<number>> {
    const out = new Set<number>();
    for (const ids of chunks(userIds)) {
      const rows = await tx.selectFrom('organization_users').select('user_id').where('organization_id', '=', organizationId).where('user_id', 'in', ids).execute();
      for (const r of rows) out.add(r.user_id);
    }
    return out;
  }

  /** Ids among `workspaceIds` that are live workspaces of the organization. */
  async organizationWorkspaceIds(organizationId: number, workspaceIds: number[], tx: Executor = this.db): Promise<Set<number>> {
    const out = new Set<number>();
    for (const ids of chunks(workspaceIds)) {
      const rows = await tx
        .selectFrom('workspaces')
        .select('id')
        .where('organization_id', '=', organizationId)
        .where('id', 'in', ids)
        .where('deleted_at', 'is', null)
        .execute();
      for (const r of rows) out.add(r.id);
    }
    return out;
  }

  async insert(tx: Executor, organizationId: number, name: string, now: number): Promise<number> {
    const row = await translateUnique(() =>
      tx
        .insertInto('groups')
        .values({ organization_id: organizationId, name, name_key: name.toLowerCase(), created_at: now, at: now })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    return row.id;
  }

  async rename(tx: Executor, groupId: number, name: string, now: number): Promise<void> {
    await translateUnique(() => tx.updateTable('groups').set({ name, name_key: name.toLowerCase(), at: now }).where('id', '=', groupId).execute());
  }

  /** Marks the group changed (`at`) when its users or workspaces change. */
  async touch(tx: Executor, groupId: number, now: number): Promise<void> {
    await tx.updateTable('groups').set({ at: now }).where('id', '=', groupId).execute();
  }

  async addUsers(tx: Executor, groupId: number, userIds: number[], now: number): Promise<void> {
    const present = await this.linked(tx, 'group_users', 'user_id', groupId);
    const fresh = [...new Set(userIds)].filter((id) => !present.has(id));
    for (const ids of chunks(fresh)) {
      await tx.insertInto('group_users').values(ids.map((user_id) => ({ group_id: groupId, user_id, created_at: now }))).execute();
    }
  }

  async removeUsers(tx: Executor, groupId: number, userIds: number[]): Promise<void> {
    for (const ids of chunks(userIds)) await tx.deleteFrom('group_users').where('group_id', '=', groupId).where('user_id', 'in', ids).execute();
  }

  async addWorkspaces(tx: Executor, groupId: number, workspaceIds: number[], now: number): Promise<void> {
    const present = await this.linked(tx, 'group_workspaces', 'workspace_id', groupId);
    const fresh = [...new Set(workspaceIds)].filter((id) => !present.has(id));
    for (const ids of chunks(fresh)) {
      await tx.insertInto('group_workspaces').values(ids.map((workspace_id) => ({ group_id: groupId, workspace_id, created_at: now }))).execute();
    }
  }

  async removeWorkspaces(tx: Executor, groupId: number, workspaceIds: number[]): Promise<void> {
    for (const ids of chunks(workspaceIds)) await tx.deleteFrom('group_workspaces').where('group_id', '=', groupId).where('workspace_id', 'in', ids).execute();
  }

  /** Replaces the group's users with exactly `userIds`. */
  async setUsers(tx: Executor, groupId: number, userIds: number[], now: number): Promise<void> {
    const present = await this.linked(tx, 'group_users', 'user_id', groupId);
    const wanted = new Set(userIds);
    await this.removeUsers(tx, groupId, [...present].filter((id) => !wanted.has(id)));
    await this.addUsers(tx, groupId, userIds, now);
  }

  /** Replaces the group's workspaces with exactly `workspaceIds`. */
  async setWorkspaces(tx: Executor, groupId: number, workspaceIds: number[], now: number): Promise<void> {
    const present = await this.linked(tx, 'group_workspaces', 'workspace_id', groupId);
    const wanted = new Set(workspaceIds);
    await this.removeWorkspaces(tx, groupId, [...present].filter((id) => !wanted.has(id)));
    await this.addWorkspaces(tx, groupId, workspaceIds, now);
  }

  /** Deletes the group for good, with its memberships and attachments. */
  async delete(tx: Executor, groupId: number): Promise<void> {
    await tx.deleteFrom('group_users').where('group_id', '=', groupId).execute();
    await tx.deleteFrom('group_workspaces').where('group_id', '=', groupId).execute();
    await tx.deleteFrom('groups').where('id', '=', groupId).execute();
  }

  private async linked(tx: Executor, table: 'group_users', column: 'user_id', groupId: number): Promise<Set<number>>;
  private async linked(tx: Executor, table: 'group_workspaces', column: 'workspace_id', groupId: number): Promise<Set<number>>;
  private async linked(tx: Executor, table: 'group_users' | 'group_workspaces', column: 'user_id' | 'workspace_id', groupId: number): Promise<Set<number>> {
    const rows = await tx.selectFrom(table).select(sql<number>`${sql.ref(column)}`.as('id')).where('group_id', '=', groupId).execute();
    return new Set(rows.map((r) => Number(r.id)));
  }
}
