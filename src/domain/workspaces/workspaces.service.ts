import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../db/tables.js';
import { clock } from '../../time.js';
import { forbidden, invalid, notFound } from '../errors.js';
import type { GroupsRepository } from '../groups/groups.repository.js';
import type { User } from '../users/users.types.js';
import { cleanName, isPositiveId } from '../validation.js';
import type { EventAction } from '../webhooks/event-filters.js';
import type { WebhookEventsRecorder } from '../webhooks/webhook-events.js';
import {
  canChangeWorkspaceSettings,
  canManageMembers,
  canReadWorkspace,
  canRemoveMember,
  canSeeInvitationCodes,
  canSeeLabourCosts,
  canSeeMemberRates,
} from './workspaces.policy.js';
import type { WorkspacesRepository } from './workspaces.repository.js';
import {
  WORKSPACE_ROLE_IDS,
  type MemberWorkspace,
  type MembershipChanges,
  type WorkspaceMember,
  type WorkspaceSettings,
  type ListedWorkspaceUser,
  type WorkspaceUserInput,
  type WorkspaceUserRecord,
} from './workspaces.types.js';

export interface WorkspaceInput extends WorkspaceSettings {
  admins?: number[];
  rate_change_mode?: string;
}

const CURRENCY = /^[A-Z]{3}$/;
const RATE_CHANGE_MODES = ['start-today', 'override-current', 'override-all'];
export const NEEDS_ADMIN = 'Workspace needs at least one admin';
export const MAX_USER_IDS = 150;
const WORKSPACE_USER_NOT_FOUND = 'Workspace user not found/accessible by user';
const USER_NOT_IN_WORKSPACE = 'User does not exist in the workspace.';

/** A membership is addressed by its own id (workspace_users) or by its user's id (users). */
export type MembershipRef = { workspaceUserId: number } | { userId: number };

function checkMoney(value: unknown, field: string): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalid(`Invalid ${field}`);
  return value;
}
const BOOLEAN_SETTINGS = [
  'only_admins_may_create_projects',
  'only_admins_may_create_tags',
  'only_admins_see_billable_rates',
  'only_admins_see_team_dashboard',
  'projects_billable_by_default',
  'projects_private_by_default',
  'projects_enforce_billable',
  'limit_public_project_data',
  'reports_collapse',
] as const;

/**
 * The workspace role a payload asks for, by the admin flag, the role name or the role id (one of
 * them); undefined when it names none. Shared by membership changes and invitations.
 */
export function memberRole(input: { admin?: boolean; role?: string; role_id?: number }): 'admin' | 'user' | undefined {
  if (input.admin !== undefined && input.role_id !== undefined) throw invalid('Cannot use both admin flags and role_id.');
  if (input.admin !== undefined && input.role !== undefined) throw invalid('Cannot use both admin flags and role.');
  if (input.role_id !== undefined && input.role !== undefined) throw invalid('Cannot use both role and role_id.');
  if (input.role_id !== undefined) {
    const found = Object.entries(WORKSPACE_ROLE_IDS).find(([, id]) => id === input.role_id);
    if (!found) throw invalid('Invalid role_id.');
    return found[0] as 'admin' | 'user';
  }
  if (input.role !== undefined) {
    // Toggl's project-lead and team-lead roles need permissions Stint does not model; refusing
    // them is better than silently making the person a plain user.
    if (input.role !== 'admin' && input.role !== 'user') throw invalid(`Invalid role: allowed values are admin, user`);
    return input.role;
  }
  if (input.admin !== undefined) return input.admin ? 'admin' : 'user';
  return undefined;
}

export class WorkspacesService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly workspaces: WorkspacesRepository,
    private readonly groups: GroupsRepository,
    private readonly webhookEvents: WebhookEventsRecorder,
  ) {}

  /**
   * A membership's webhook event, recorded in the write's own transaction: the payload
   * (models.SimpleWorkspaceUser) is built from the row the write already read, so no read is added.
   */
  private recordMember(tx: Executor, user: User, action: EventAction, member: WorkspaceMember): Promise<void> {
    return this.webhookEvents.record(tx, {
      workspaceId: member.workspace_id,
      entity: 'workspace_user',
      action,
      entityId: member.id,
      actorId: user.id,
      record: member,
    });
  }

  async listForUser(user: User, options: { since?: number } = {}): Promise<MemberWorkspace[]> {
    return this.workspaces.forMember(user.id, options);
  }

  /** The workspace as the user sees it, or 403 when they are not a member. */
  async require(user: User, workspaceId: number): Promise<MemberWorkspace> {
    const m = isPositiveId(workspaceId) ? await this.workspaces.memberWorkspace(user.id, workspaceId) : null;
    if (!canReadWorkspace(m)) throw forbidden();
    return m;
  }

  async requireAdmin(user: User, workspaceId: number): Promise<MemberWorkspace> {
    const m = await this.require(user, workspaceId);
    if (!canChangeWorkspaceSettings(m)) throw forbidden('Only workspace admins can do this');
    return m;
  }

  /** Checks and normalizes workspace settings from a request, shared by create and update. */
  validateSettings(input: WorkspaceInput): WorkspaceSettings {
    const out: WorkspaceSettings = {};
    if (input.name !== undefined) {
      const name = cleanName(input.name, 140);
      if (name === null) throw invalid('workspace name must contain non-space characters');
      out.name = name;
    }
    if (input.default_currency !== undefined) {
      if (typeof input.default_currency !== 'string' || !CURRENCY.test(input.default_currency.toUpperCase())) {
        throw invalid('Invalid default_currency');
      }
      out.default_currency = input.default_currency.toUpperCase();
    }
    if (input.default_hourly_rate !== undefined) {
      const rate = input.default_hourly_rate;
      if (rate !== null && (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0)) throw invalid('Invalid default_hourly_rate');
      out.default_hourly_rate = rate;
    }
    if (input.rounding !== undefined) {
      if (![-1, 0, 1].includes(input.rounding)) throw invalid('Invalid rounding');
      out.rounding = input.rounding;
    }
    if (input.rounding_minutes !== undefined) {
      if (!Number.isInteger(input.rounding_minutes) || input.rounding_minutes < 0 || input.rounding_minutes > 240) {
        throw invalid('Invalid rounding_minutes');
      }
      out.rounding_minutes = input.rounding_minutes;
    }
    if (input.rate_change_mode !== undefined && !RATE_CHANGE_MODES.includes(input.rate_change_mode)) {
      throw invalid(`Invalid rate_change_mode, allowed values are: ${RATE_CHANGE_MODES.join(', ')}`);
    }
    for (const key of BOOLEAN_SETTINGS) {
      if (input[key] !== undefined) out[key] = input[key];
    }
    return out;
  }

  async update(user: User, workspaceId: number, input: WorkspaceInput): Promise<MemberWorkspace> {
    await this.requireAdmin(user, workspaceId);
    const settings = this.validateSettings(input);
    const now = clock.now();
    await this.db.transaction().execute(async (tx) => {
      if (input.admins !== undefined) {
        if (!Array.isArray(input.admins) || !input.admins.every(isPositiveId)) throw invalid('Invalid admins');
        const members = new Set(await this.workspaces.memberUserIds(workspaceId, tx));
        if (!input.admins.every((id) => members.has(id))) throw invalid('Invalid admins');
        // A workspace must keep an admin, and an admin cannot lock themselves out by accident.
        if (input.admins.length === 0) throw invalid(NEEDS_ADMIN);
        await this.workspaces.setAdmins(tx, workspaceId, input.admins, now);
      }
      if (input.default_hourly_rate !== undefined) (settings as Record<string, unknown>).rate_last_updated = now;
      await this.workspaces.update(workspaceId, settings, now, tx);
    });
    const updated = (await this.workspaces.memberWorkspace(user.id, workspaceId))!;
    // Recorded right after the commit, like projects: the payload is the workspace as the API
    // answers it, read after the commit. It goes to every subscription, so it is the workspace as
    // any member sees it (the default rate only where members see rates), not as its admin does.
    await this.webhookEvents.record(this.db, {
      workspaceId,
      entity: 'workspace',
      action: 'updated',
      entityId: workspaceId,
      actorId: user.id,
      record: { ...updated, admin: false, role: 'user' },
    });
    return updated;
  }

  async users(user: User, workspaceId: number, options: { excludeDeleted?: boolean } = {}): Promise<WorkspaceMember[]> {
    await this.require(user, workspaceId);
    return this.workspaces.members(workspaceId, options);
  }

  /** The members with the details of models.WorkspaceUser, rates hidden as the viewer's role requires. */
  async workspaceUsers(user: User, workspaceId: number): Promise<ListedWorkspaceUser[]> {
    const ws = await this.require(user, workspaceId);
    const records = await this.workspaces.memberRecords(workspaceId);
    // The workspace's groups are listed to all its members, so their memberships are shown to them too.
    const groups = await this.groups.workspaceGroupsOfUsers(workspaceId);
    const rates = canSeeMemberRates(ws);
    const costs = canSeeLabourCosts(ws);
    const codes = canSeeInvitationCodes(ws);
    return records.map((r) => ({
      ...r,
      group_ids: (groups.get(r.user_id) ?? []).map((g) => g.id),
      ...(rates ? {} : { rate: null, rate_last_updated: null }),
      ...(costs ? {} : { labour_cost: null, labour_cost_last_updated: null }),
      ...(codes ? {} : { invitation_code: null }),
    }));
  }

  /** POST /workspaces/{wid}/users/data: the listed users' memberships; ids of non-members are left out. */
  async usersData(user: User, workspaceId: number, userIds: number[]): Promise<WorkspaceMember[]> {
    await this.require(user, workspaceId);
    if (userIds.length === 0) throw invalid('user_ids must not be empty');
    if (userIds.length > MAX_USER_IDS) throw invalid(`user_ids must not contain more than ${MAX_USER_IDS} elements`);
    if (!userIds.every(isPositiveId)) throw invalid('user_ids must be a list of numeric IDs');
    return this.workspaces.memberRecords(workspaceId, { userIds: [...new Set(userIds)] });
  }

  /** Checks a workspace_user.Payload and turns it into column changes (timestamps aside). */
  private membershipChanges(input: WorkspaceUserInput): MembershipChanges {
    const out: MembershipChanges = {};
    const role = memberRole(input);
    if (role !== undefined) {
      out.role = role;
      out.admin = role === 'admin';
    }
    if (input.inactive !== undefined) out.inactive = input.inactive;
    const posted = new Set(input.postedFields ?? []);
    // Toggl's payload names explicit nulls in postedFields; a literal null means the same.
    if (input.rate !== undefined || posted.has('rate')) out.rate = checkMoney(input.rate ?? null, 'rate');
    if (input.labor_cost !== undefined || posted.has('labor_cost')) out.labour_cost = checkMoney(input.labor_cost ?? null, 'labor_cost');
    if (input.working_hours_in_minutes !== undefined || posted.has('working_hours_in_minutes')) {
      const minutes = input.working_hours_in_minutes ?? null;
      if (minutes !== null && (!Number.isInteger(minutes) || minutes <= 0)) throw invalid('Working hours must be positive or null');
      out.working_hours_in_minutes = minutes;
    }
    for (const [field, mode] of [['rate_change_mode', input.rate_change_mode], ['labor_cost_change_mode', input.labor_cost_change_mode]] as const) {
      if (mode !== undefined && !RATE_CHANGE_MODES.includes(mode)) {
        throw invalid(`Invalid ${field}, allowed values are: ${RATE_CHANGE_MODES.join(', ')}`);
      }
    }
    return out;
  }

  /** PUT workspace_users/{id} and users/{user_id}: admins change a member; a workspace keeps an admin. */
  async updateMember(user: User, workspaceId: number, ref: MembershipRef, input: WorkspaceUserInput): Promise<void> {
    const ws = await this.require(user, workspaceId);
    if (!canManageMembers(ws)) throw forbidden();
    const changes = this.membershipChanges(input);
    await this.db.transaction().execute(async (tx) => {
      const target = await this.findMembership(workspaceId, ref, tx);
      const now = clock.now();
      if (changes.rate !== undefined && changes.rate !== target.rate) changes.rate_last_updated = now;
      if (changes.labour_cost !== undefined && changes.labour_cost !== target.labour_cost) changes.labour_cost_last_updated = now;
      await this.workspaces.updateMember(tx, target.id, changes, now);
      if ((await this.workspaces.activeAdminCount(workspaceId, tx)) === 0) throw invalid(NEEDS_ADMIN);
      if (changes.inactive === true) await this.workspaces.reassignDefaultWorkspace(tx, target.user_id, now);
      await this.recordMember(tx, user, 'updated', { ...target, ...changes, at: now });
    });
  }

  /** Removes a member (an admin removing anyone, or a member leaving); a workspace keeps an admin. */
  async removeMember(user: User, workspaceId: number, workspaceUserId: number): Promise<void> {
    const ws = await this.require(user, workspaceId);
    await this.db.transaction().execute(async (tx) => {
      const target = await this.findMembership(workspaceId, { workspaceUserId }, tx);
      if (!canRemoveMember(ws, user.id, target)) throw forbidden();
      const now = clock.now();
      await this.workspaces.removeMembers(tx, [target.id], now);
      if ((await this.workspaces.activeAdminCount(workspaceId, tx)) === 0) throw invalid(NEEDS_ADMIN);
      await this.workspaces.reassignDefaultWorkspace(tx, target.user_id, now);
      await this.recordMember(tx, user, 'deleted', { ...target, deleted_at: now, at: now });
    });
  }

  /**
   * Adds a user to a workspace (and its organization), or revives a removed membership. No actor
   * check: callers are flows that already decided (the CLI and tests; accepting an invitation
   * makes the same write inside its own transaction).
   */
  async addMember(workspaceId: number, userId: number, options: { admin: boolean }): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await this.workspaces.upsertMember(tx, workspaceId, userId, options.admin, clock.now());
    });
  }

  /**
   * `deleted` events of memberships another flow ends (leaving an organization), in that flow's
   * transaction; it has not read the memberships whole, so they carry ids only.
   */
  async recordMembersRemoved(tx: Executor, user: User, memberships: { id: number; workspace_id: number }[]): Promise<void> {
    for (const m of memberships) {
      await this.webhookEvents.record(tx, { workspaceId: m.workspace_id, entity: 'workspace_user', action: 'deleted', entityId: m.id, actorId: user.id, record: null });
    }
  }

  /**
   * `created` events of a user's memberships another flow made live (accepting an invitation).
   * The payload is the membership read back, so this runs right after that flow's commit.
   */
  async recordMemberJoined(user: User, workspaceIds: number[]): Promise<void> {
    for (const workspaceId of workspaceIds) {
      if (!(await this.webhookEvents.wants(this.db, workspaceId, 'workspace_user', 'created'))) continue;
      const [member] = await this.workspaces.memberRecords(workspaceId, { userIds: [user.id], excludeDeleted: true });
      if (member?.active) await this.recordMember(this.db, user, 'created', member);
    }
  }

  private async findMembership(workspaceId: number, ref: MembershipRef, tx: Parameters<WorkspacesRepository['memberRecords']>[2]): Promise<WorkspaceUserRecord> {
    const byId = 'workspaceUserId' in ref;
    const id = byId ? ref.workspaceUserId : ref.userId;
    const [record] = isPositiveId(id)
      ? await this.workspaces.memberRecords(workspaceId, { ...(byId ? { ids: [id] } : { userIds: [id] }), excludeDeleted: true }, tx)
      : [];
    if (!record) throw notFound(byId ? WORKSPACE_USER_NOT_FOUND : USER_NOT_IN_WORKSPACE);
    return record;
  }
}
