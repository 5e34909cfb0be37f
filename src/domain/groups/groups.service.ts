import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { clock } from '../../time.js';
import { forbidden, invalid, notFound } from '../errors.js';
import type { User } from '../users/users.types.js';
import { isPositiveId } from '../validation.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { canManageGroup, canSeeWorkspaceGroups } from './groups.policy.js';
import type { GroupsRepository } from './groups.repository.js';
import type { CheckedGroupPatch, Group, GroupActor, GroupFilter, GroupInput, GroupPatch, GroupPatchResult } from './groups.types.js';

export const MAX_GROUP_NAME_LENGTH = 200;
/** Toggl's documented PATCH limits. */
export const MAX_GROUP_PATCHES = 100;
export const MAX_GROUP_PATCH_VALUES = 100;

// Toggl's texts (the 400/403/404 descriptions of the group operations).
export const NAME_MISSING = 'Group name must be present';
export const NAME_TOO_LONG = `Group name too long, maximum length is ${MAX_GROUP_NAME_LENGTH}`;
export const INVALID_GROUP_ID = 'Invalid group ID.';
export const GROUP_NOT_FOUND = 'Group was not found';
export const MANAGE_GROUPS = 'User does not have permission to manage user groups.';
export const RESOURCE_NOT_FOUND = 'Resource can not be found';
export const INVALID_JSON = 'Invalid JSON input';
export const UNSUPPORTED_PATCH = "Unsupported operation (invalid 'op' or 'path', or unsupported combination)";
export const PATCH_VALUE = `Value not present, or too many per patch operation (empty 'value' array or more than ${MAX_GROUP_PATCH_VALUES} values)`;
export const TOO_MANY_PATCHES = `Too many operations (more than ${MAX_GROUP_PATCHES} patches in request)`;
export const userNotInOrganization = (userId: number, organizationId: number) => `User ${userId} not exists in the organization ${organizationId}`;
export const workspaceNotInOrganization = (workspaceId: number, organizationId: number) =>
  `Workspace ${workspaceId} not exists in the organization ${organizationId}`;

function groupName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (name === '') throw invalid(NAME_MISSING);
  if (name.length > MAX_GROUP_NAME_LENGTH) throw invalid(NAME_TOO_LONG);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(name)) throw invalid('Group name must not contain control characters');
  return name;
}

/** An optional id list of group.Payload; ids that are not positive integers name nobody in the organization. */
function idList(value: unknown, field: string): number[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isSafeInteger(v))) {
    throw invalid(`${INVALID_JSON}: '${field}' must be a list of IDs`);
  }
  return [...new Set(value as number[])];
}

export class GroupsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly groups: GroupsRepository,
    private readonly workspaces: WorkspacesService,
  ) {}

  /** The caller's standing in the organization; outsiders are refused. */
  private async actor(user: User, organizationId: number): Promise<GroupActor> {
    const actor = isPositiveId(organizationId) ? await this.groups.actor(user.id, organizationId) : null;
    if (!actor) throw forbidden();
    return actor;
  }

  private async group(organizationId: number, groupId: number, message: string): Promise<Group> {
    const group = isPositiveId(groupId) ? await this.groups.byId(organizationId, groupId) : null;
    if (!group) throw notFound(message);
    return group;
  }

  /** Every id must be a user of the organization, or the first stranger is named. */
  private async checkUsers(organizationId: number, ids: number[]): Promise<void> {
    const known = await this.groups.organizationUserIds(organizationId, ids.filter(isPositiveId));
    const stranger = ids.find((id) => !known.has(id));
    if (stranger !== undefined) throw invalid(userNotInOrganization(stranger, organizationId));
  }

  private async checkWorkspaces(organizationId: number, ids: number[]): Promise<void> {
    const known = await this.groups.organizationWorkspaceIds(organizationId, ids.filter(isPositiveId));
    const stranger = ids.find((id) => !known.has(id));
    if (stranger !== undefined) throw invalid(workspaceNotInOrganization(stranger, organizationId));
  }

  // -------------------------------------------------------------------------------------------
  // Organization paths (Track v9)

  /** GET /organizations/{id}/groups: `workspace` arrives as text and must be a number. */
  async list(user: User, organizationId: number, query: { name?: string; workspace?: string }): Promise<Group[]> {
    await this.actor(user, organizationId);
    const filter: GroupFilter = {};
    const name = query.name?.trim();
    if (name) filter.name = name;
    const workspace = query.workspace?.trim();
    if (workspace) {
      if (!/^\d{1,15}$/.test(workspace) || Number(workspace) === 0) throw invalid(`Invalid number for 'workspace': ${workspace}`);
      filter.workspaceId = Number(workspace);
    }
    return this.groups.list(organizationId, filter);
  }

  /** GET /organizations/{id}/workspaces/{wid}/groups. */
  async listForOrganizationWorkspace(user: User, organizationId: number, workspaceId: number): Promise<Group[]> {
    const actor = await this.actor(user, organizationId);
    if (!isPositiveId(workspaceId) || (await this.groups.organizationOfWorkspace(workspaceId)) !== organizationId) throw notFound(RESOURCE_NOT_FOUND);
    if (!canSeeWorkspaceGroups(actor, workspaceId)) throw forbidden('Forbidden');
    return this.groups.list(organizationId, { workspaceId });
  }

  async create(user: User, organizationId: number, input: GroupInput): Promise<Group> {
    const actor = await this.actor(user, organizationId);
    const name = groupName(input.name);
    const users = idList(input.users, 'users') ?? [];
    const workspaces = idList(input.workspaces, 'workspaces') ?? [];
    if (!canManageGroup(actor, workspaces)) throw forbidden(MANAGE_GROUPS);
    await this.checkUsers(organizationId, users);
    await this.checkWorkspaces(organizationId, workspaces);
    const id = await this.db.transaction().execute(async (tx) => {
      const now = clock.now();
      const id = await this.groups.insert(tx, organizationId, name, now);
      await this.groups.addUsers(tx, id, users, now);
      await this.groups.addWorkspaces(tx, id, workspaces, now);
      return id;
    });
    return (await this.groups.byId(organizationId, id))!;
  }

  /** PUT: a new name; `users` and `workspaces`, when sent, replace the group's sets. */
  async update(user: User, organizationId: number, groupId: number, input: GroupInput): Promise<Group> {
    const actor = await this.actor(user, organizationId);
    const group = await this.group(organizationId, groupId, INVALID_GROUP_ID);
    if (!canManageGroup(actor, group.workspace_ids)) throw forbidden(MANAGE_GROUPS);
    const name = groupName(input.name);
    const users = idList(input.users, 'users');
    const workspaces = idList(input.workspaces, 'workspaces');
    // Whoever edits a group must still be able to manage it afterwards.
    if (workspaces && !canManageGroup(actor, workspaces)) throw forbidden(MANAGE_GROUPS);
    if (users) await this.checkUsers(organizationId, users);
    if (workspaces) await this.checkWorkspaces(organizationId, workspaces);
    await this.db.transaction().execute(async (tx) => {
      const now = clock.now();
      await this.groups.rename(tx, group.id, name, now);
      if (users) await this.groups.setUsers(tx, group.id, users, now);
      if (workspaces) await this.groups.setWorkspaces(tx, group.id, workspaces, now);
    });
    return (await this.groups.byId(organizationId, group.id))!;
  }

  async delete(user: User, organizationId: number, groupId: number): Promise<void> {
    const actor = await this.actor(user, organizationId);
    const group = await this.group(organizationId, groupId, INVALID_GROUP_ID);
    if (!canManageGroup(actor, group.workspace_ids)) throw forbidden(MANAGE_GROUPS);
    await this.db.transaction().execute(async (tx) => this.groups.delete(tx, group.id));
  }

  /**
   * PATCH: adds or removes users and workspaces. "Patches are applied individually and each patch
   * is validated separately": the valid ones are applied (in one transaction) and the others
   * reported with their reason. When none can be applied, nothing changed, and the answer is a
   * 400 with the first reason, as the operation's documented 400 texts are those reasons.
   */
  async patch(user: User, organizationId: number, groupId: number, patches: unknown[]): Promise<GroupPatchResult> {
    const actor = await this.actor(user, organizationId);
    const group = await this.group(organizationId, groupId, INVALID_GROUP_ID);
    if (!canManageGroup(actor, group.workspace_ids)) throw forbidden(MANAGE_GROUPS);
    if (patches.length === 0) throw invalid(`${INVALID_JSON}: the body must list at least one patch`);
    if (patches.length > MAX_GROUP_PATCHES) throw invalid(TOO_MANY_PATCHES);

    const checked: (CheckedGroupPatch | { message: string })[] = patches.map(checkPatch);
    const all = (path: CheckedGroupPatch['path']) => checked.flatMap((p) => ('path' in p && p.path === path ? p.value : []));
    const orgUsers = await this.groups.organizationUserIds(organizationId, all('/users'));
    const orgWorkspaces = await this.groups.organizationWorkspaceIds(organizationId, all('/workspaces'));
    const result: GroupPatchResult = { success: [], failure: [] };
    checked.forEach((p, i) => {
      const message = 'message' in p ? p.message : this.patchProblem(actor, organizationId, p, orgUsers, orgWorkspaces);
      if (message) result.failure.push({ message, patch: patches[i] as GroupPatch });
      else result.success.push(p as CheckedGroupPatch);
    });
    if (result.success.length === 0) throw invalid(result.failure[0]!.message);

    await this.db.transaction().execute(async (tx) => {
      const now = clock.now();
      for (const p of result.success) {
        if (p.path === '/users') {
          if (p.op === 'add') await this.groups.addUsers(tx, group.id, p.value, now);
          else await this.groups.removeUsers(tx, group.id, p.value);
        } else if (p.op === 'add') await this.groups.addWorkspaces(tx, group.id, p.value, now);
        else await this.groups.removeWorkspaces(tx, group.id, p.value);
      }
      await this.groups.touch(tx, group.id, now);
    });
    return result;
  }

  private patchProblem(actor: GroupActor, organizationId: number, p: CheckedGroupPatch, orgUsers: Set<number>, orgWorkspaces: Set<number>): string | null {
    if (p.path === '/users') {
      const stranger = p.value.find((id) => !orgUsers.has(id));
      return stranger === undefined ? null : userNotInOrganization(stranger, organizationId);
    }
    const stranger = p.value.find((id) => !orgWorkspaces.has(id));
    if (stranger !== undefined) return workspaceNotInOrganization(stranger, organizationId);
    // A workspace admin may attach only workspaces they run.
    if (p.op === 'add' && !canManageGroup(actor, p.value)) return MANAGE_GROUPS;
    return null;
  }

  // -------------------------------------------------------------------------------------------
  // Workspace paths (Track v8, and v9's deprecated /workspaces/{id}/groups)

  /** The groups attached to a workspace, for its members. */
  async listForWorkspace(user: User, workspaceId: number): Promise<Group[]> {
    const ws = await this.workspaces.require(user, workspaceId);
    return this.groups.list(ws.organization_id, { workspaceId });
  }

  /** A group of the workspace's organization, attached to the workspace. */
  async createInWorkspace(user: User, workspaceId: number, input: { name?: unknown }): Promise<Group> {
    const ws = await this.workspaces.require(user, workspaceId);
    const actor = await this.actor(user, ws.organization_id);
    if (!canManageGroup(actor, [workspaceId])) throw forbidden(MANAGE_GROUPS);
    const name = groupName(input.name);
    const id = await this.db.transaction().execute(async (tx) => {
      const now = clock.now();
      const id = await this.groups.insert(tx, ws.organization_id, name, now);
      await this.groups.addWorkspaces(tx, id, [workspaceId], now);
      return id;
    });
    return (await this.groups.byId(ws.organization_id, id))!;
  }

  private async workspaceGroup(user: User, workspaceId: number, groupId: number): Promise<Group> {
    const ws = await this.workspaces.require(user, workspaceId);
    const group = isPositiveId(groupId) ? await this.groups.byId(ws.organization_id, groupId) : null;
    if (!group || !group.workspace_ids.includes(workspaceId)) throw notFound(GROUP_NOT_FOUND);
    const actor = await this.actor(user, ws.organization_id);
    if (!canManageGroup(actor, group.workspace_ids)) throw forbidden(MANAGE_GROUPS);
    return group;
  }

  async renameInWorkspace(user: User, workspaceId: number, groupId: number, input: { name?: unknown }): Promise<Group> {
    const group = await this.workspaceGroup(user, workspaceId, groupId);
    const name = groupName(input.name);
    await this.db.transaction().execute(async (tx) => this.groups.rename(tx, group.id, name, clock.now()));
    return (await this.groups.byId(group.organization_id, group.id))!;
  }

  async deleteInWorkspace(user: User, workspaceId: number, groupId: number): Promise<void> {
    const group = await this.workspaceGroup(user, workspaceId, groupId);
    await this.db.transaction().execute(async (tx) => this.groups.delete(tx, group.id));
  }

  /**
   * The organization of a group named by id alone (v8's /groups/{id}). It grants nothing: the
   * organization's own checks follow. An id that names no group is 404.
   */
  async locate(groupId: number): Promise<number> {
    const organizationId = isPositiveId(groupId) ? await this.groups.organizationOfGroup(groupId) : null;
    if (organizationId === null) throw notFound(GROUP_NOT_FOUND);
    return organizationId;
  }
}

/** The shape of one patch: a supported op and path, and 1–100 ids. */
function checkPatch(item: unknown): CheckedGroupPatch | { message: string } {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return { message: INVALID_JSON };
  const { op, path, value } = item as GroupPatch;
  if ((op !== 'add' && op !== 'remove') || (path !== '/users' && path !== '/workspaces')) return { message: UNSUPPORTED_PATCH };
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_GROUP_PATCH_VALUES) return { message: PATCH_VALUE };
  if (!value.every((v) => typeof v === 'number' && Number.isSafeInteger(v))) return { message: `${INVALID_JSON}: 'value' must be a list of IDs` };
  return { op, path, value: [...new Set(value as number[])] };
}
