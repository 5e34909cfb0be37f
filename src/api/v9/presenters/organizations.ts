import type { GroupName } from '../../../domain/groups/groups.types.js';
import type { MemberOrganization, OrganizationMember } from '../../../domain/organizations/organizations.types.js';
import { MAX_WORKSPACES } from '../../../domain/organizations/organizations.service.js';
import { formatSeconds } from '../../../time.js';

// Role ids as Stint numbers them for OrgUser.role_id (Toggl does not publish its numbering).
export const ROLE_IDS = { owner: 1, admin: 2, member: 3 } as const;

/** models.MeOrganization. A self-hosted server has no subscription, so billing fields are null. */
export function presentOrganization(org: MemberOrganization) {
  return {
    admin: org.admin,
    at: formatSeconds(org.at),
    created_at: formatSeconds(org.created_at),
    id: org.id,
    is_multi_workspace_enabled: true,
    is_unified: false,
    max_data_retention_days: null,
    max_workspaces: MAX_WORKSPACES,
    name: org.name,
    owner: org.owner,
    permissions: null,
    pricing_plan_enterprise: false,
    pricing_plan_id: null,
    pricing_plan_name: 'Self-hosted',
    subscription: null,
    suspended_at: null,
    trial_info: null,
    user_count: org.user_count,
  };
}

/** models.GroupDict */
const presentGroupDict = (g: GroupName) => ({ group_id: g.id, name: g.name });

/** models.OrgUser: the user's groups, and in each workspace those of them attached to it. */
export function presentOrganizationUser(m: OrganizationMember) {
  return {
    '2fa_enabled': false,
    admin: m.admin,
    avatar_url: m.image_url,
    can_edit_email: true,
    email: m.email,
    groups: m.groups.map(presentGroupDict),
    id: m.id,
    inactive: m.inactive,
    invitation_id: null,
    joined: true,
    name: m.fullname,
    organization_id: m.organization_id,
    owner: m.owner,
    role_id: m.owner ? ROLE_IDS.owner : m.admin ? ROLE_IDS.admin : ROLE_IDS.member,
    user_id: m.user_id,
    workspace_count: m.workspaces.length,
    workspaces: m.workspaces.map((w) => ({
      active: w.active && !w.inactive,
      admin: w.admin,
      cost: null,
      default_currency: null,
      groups: m.groups.filter((g) => g.workspace_ids.includes(w.workspace_id)).map(presentGroupDict),
      inactive: w.inactive,
      rate: null,
      role: w.role,
      role_id: w.admin ? ROLE_IDS.admin : ROLE_IDS.member,
      view_edit_billable_rates: w.admin,
      view_edit_labor_costs: w.admin,
      working_hours: null,
      workspace_id: w.workspace_id,
      workspace_name: w.name,
      workspace_user_id: null,
    })),
  };
}
