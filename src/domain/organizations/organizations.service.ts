import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { clock } from '../../time.js';
import { forbidden, invalid, notFound } from '../errors.js';
import type { GroupsRepository } from '../groups/groups.repository.js';
import type { User } from '../users/users.types.js';
import { cleanName, isPositiveId } from '../validation.js';
import type { WorkspacesRepository } from '../workspaces/workspaces.repository.js';
import type { WorkspaceInput, WorkspacesService } from '../workspaces/workspaces.service.js';
import type { MemberWorkspace } from '../workspaces/workspaces.types.js';
import { canChangeOrganization, canCreateWorkspace, canListOrganizationUsers } from './organizations.policy.js';
import type { MemberFilter, OrganizationsRepository } from './organizations.repository.js';
import type { MemberOrganization, OrganizationMember } from './organizations.types.js';

/** Self-hosted: no plan caps the number of workspaces. Reported as Toggl reports its own limit. */
export const MAX_WORKSPACES = 1000;

export interface OrganizationUsersQuery {
  filter?: string;
  active_status?: string;
  only_admins?: string;
  groups?: string;
  workspaces?: string;
  page?: number;
  per_page?: number;
  sort_dir?: string;
}

export class OrganizationsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly organizations: OrganizationsRepository,
    private readonly workspaces: WorkspacesRepository,
    private readonly workspacesService: WorkspacesService,
    private readonly groups: GroupsRepository,
  ) {}

  async listForUser(user: User): Promise<MemberOrganization[]> {
    return this.organizations.forMember(user.id);
  }

  async require(user: User, organizationId: number): Promise<MemberOrganization> {
    const m = isPositiveId(organizationId) ? await this.organizations.memberOrganization(user.id, organizationId) : null;
    if (!m) throw forbidden();
    return m;
  }

  async create(user: User, input: { name?: unknown; workspace_name?: unknown }): Promise<{ organization: MemberOrganization; workspace: MemberWorkspace }> {
    const name = cleanName(input.name, 140);
    if (name === null) throw invalid("Field 'name' cannot be empty.");
    const wsName = input.workspace_name === undefined ? name : cleanName(input.workspace_name, 140);
    if (wsName === null) throw invalid("Field 'workspace_name' cannot be empty.");
    const { orgId, wsId } = await this.db.transaction().execute(async (tx) => {
      const now = clock.now();
      const orgId = await this.organizations.insert(tx, name, now);
      await this.organizations.addMember(tx, orgId, user.id, { admin: true, owner: true }, now);
      const wsId = await this.workspaces.insert(tx, orgId, wsName, {}, now);
      await this.workspaces.addMember(tx, wsId, user.id, true, now);
      return { orgId, wsId };
    });
    return {
      organization: (await this.organizations.memberOrganization(user.id, orgId))!,
      workspace: (await this.workspaces.memberWorkspace(user.id, wsId))!,
    };
  }

  async rename(user: User, organizationId: number, input: { name?: unknown }): Promise<void> {
    const m = await this.require(user, organizationId);
    if (!canChangeOrganization(m)) throw forbidden('User is not authorized to update the organization');
    const name = cleanName(input.name, 140);
    if (name === null) throw invalid("Field 'name' cannot be empty.");
    await this.organizations.rename(organizationId, name, clock.now());
  }

  async createWorkspace(user: User, organizationId: number, input: WorkspaceInput): Promise<MemberWorkspace> {
    const m = isPositiveId(organizationId) ? await this.organizations.memberOrganization(user.id, organizationId) : null;
    if (!m) throw notFound('Organization not found/accessible');
    if (!canCreateWorkspace(m)) throw forbidden('Forbidden');
    if (input.name === undefined) throw invalid('workspace name must contain non-space characters');
    const settings = this.workspacesService.validateSettings(input);
    if ((await this.organizations.workspaceCount(organizationId)) >= MAX_WORKSPACES) {
      throw invalid('Maximum number of workspaces reached for the organization');
    }
    const wsId = await this.db.transaction().execute(async (tx) => {
      const now = clock.now();
      const wsId = await this.workspaces.insert(tx, organizationId, settings.name!, settings, now);
      await this.workspaces.addMember(tx, wsId, user.id, true, now);
      return wsId;
    });
    return (await this.workspaces.memberWorkspace(user.id, wsId))!;
  }

  async users(user: User, organizationId: number, query: OrganizationUsersQuery): Promise<OrganizationMember[]> {
    const m = await this.require(user, organizationId);
    if (!canListOrganizationUsers(m)) throw forbidden('User is not authorized to list the organization users');
    const perPage = query.per_page ?? 50;
    const page = query.page ?? 1;
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 1000) throw invalid('per_page must be between 1 and 1000');
    if (!Number.isInteger(page) || page < 1) throw invalid('page must be a positive integer');
    const filter: MemberFilter = { limit: perPage, offset: (page - 1) * perPage };
    if (query.filter) filter.text = query.filter;
    if (query.only_admins !== undefined) filter.onlyAdmins = query.only_admins === 'true';
    if (query.sort_dir !== undefined) {
      if (query.sort_dir !== 'asc' && query.sort_dir !== 'desc') throw invalid("sort_dir must be 'asc' or 'desc'");
      filter.sortDesc = query.sort_dir === 'desc';
    }
    if (query.active_status) {
      const parts = query.active_status.split(',').map((s) => s.trim());
      if (!parts.every((p) => p === 'active' || p === 'inactive' || p === 'invited')) {
        throw invalid('active_status parameter must be a comma separated list of: active, inactive, invited');
      }
      filter.activeStatus = parts as MemberFilter['activeStatus'];
    }
    if (query.workspaces) {
      const ids = query.workspaces.split(',').map((s) => Number(s.trim()));
      if (!ids.every(isPositiveId)) throw invalid('workspaces parameter must be a comma separated list of workspace ids');
      filter.workspaceIds = ids;
    }
    if (query.groups) {
      const ids = query.groups.split(',').map((s) => Number(s.trim()));
      if (!ids.every(isPositiveId)) throw invalid('groups parameter must be a comma separated list of group ids');
      filter.groupIds = ids;
    }
    const members = await this.organizations.members(organizationId, filter);
    // Listing the users is for the organization's admins, who see every group (Toggl shows the
    // groups here with no further restriction).
    const groups = await this.groups.groupsOfUsers(organizationId, members.map((m) => m.user_id));
    return members.map((m) => ({ ...m, groups: groups.get(m.user_id) ?? [] }));
  }

  /**
   * DELETE /organizations/{id}/users/leave: the user leaves the organization and every workspace
   * of it. Toggl refuses the owner; Stint also refuses to leave a workspace without an admin.
   * When nobody is left, the organization and its workspaces are deleted, as Toggl describes.
   */
  async leave(user: User, organizationId: number): Promise<void> {
    const m = isPositiveId(organizationId) ? await this.organizations.memberOrganization(user.id, organizationId) : null;
    if (!m) throw forbidden('The user does not belong to the organization.');
    if (m.owner) throw invalid('Cannot remove the organization owner.');
    await this.db.transaction().execute(async (tx) => {
      const now = clock.now();
      const memberships = await this.workspaces.membershipsInOrganization(organizationId, user.id, tx);
      await this.workspaces.removeMembers(tx, memberships.map((w) => w.id), now);
      await this.organizations.removeMember(tx, organizationId, user.id);
      await this.workspacesService.recordMembersRemoved(tx, user, memberships);
      if ((await this.organizations.memberCount(organizationId, tx)) === 0) {
        await this.organizations.softDelete(tx, organizationId, now);
      } else {
        for (const w of memberships) {
          if (w.admin && (await this.workspaces.activeAdminCount(w.workspace_id, tx)) === 0) {
            throw invalid(`Cannot leave the organization: you are the only admin of workspace '${w.name}'`);
          }
        }
      }
      await this.workspaces.reassignDefaultWorkspace(tx, user.id, now);
    });
  }
}
