import type { MemberWorkspace, WorkspaceUserRecord } from '../../../domain/workspaces/workspaces.types.js';
import { canSeeMemberRates } from '../../../domain/workspaces/workspaces.policy.js';
import { formatSeconds } from '../../../time.js';

/** The v8 workspace. Stint is self-hosted with every feature on, so every workspace is premium. */
export function presentWorkspace(ws: MemberWorkspace) {
  return {
    id: ws.id,
    name: ws.name,
    premium: true,
    admin: ws.admin,
    default_hourly_rate: canSeeMemberRates(ws) ? ws.default_hourly_rate : null,
    default_currency: ws.default_currency,
    only_admins_may_create_projects: ws.only_admins_may_create_projects,
    only_admins_see_billable_rates: ws.only_admins_see_billable_rates,
    only_admins_see_team_dashboard: ws.only_admins_see_team_dashboard,
    projects_billable_by_default: ws.projects_billable_by_default,
    rounding: ws.rounding,
    rounding_minutes: ws.rounding_minutes,
    at: formatSeconds(ws.at),
    logo_url: ws.logo_url,
  };
}

/** The v8 workspace_user: the membership, not the person. Stint has no pending invitations. */
export function presentWorkspaceUser(m: WorkspaceUserRecord) {
  return {
    id: m.id,
    uid: m.user_id,
    wid: m.workspace_id,
    admin: m.admin,
    active: m.active,
    email: m.email,
    name: m.fullname,
    at: formatSeconds(m.at),
  };
}
