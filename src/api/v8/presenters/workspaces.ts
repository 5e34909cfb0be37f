import type { InvitationView } from '../../../domain/invitations/invitations.types.js';
import type { MemberWorkspace, WorkspaceUserRecord } from '../../../domain/workspaces/workspaces.types.js';
import { canSeeMemberRates } from '../../../domain/workspaces/workspaces.policy.js';
import { formatSeconds, nullable } from '../../../time.js';

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

/**
 * The v8 workspace_user: the membership, not the person. `active` is false until the invitation is
 * accepted; the invite URL is there for admins only (the service leaves the code out otherwise).
 */
export function presentWorkspaceUser(m: WorkspaceUserRecord, links: (code: string) => string) {
  return {
    id: m.id,
    uid: m.user_id,
    wid: m.workspace_id,
    admin: m.admin,
    active: m.active,
    email: m.email,
    name: m.fullname,
    at: formatSeconds(m.at),
    invite_url: nullable(m.invitation_code, links),
  };
}

/**
 * A workspace_user of POST /workspaces/{id}/invite. An address without an account yet has no user
 * and no membership until it signs up and accepts, so its id and uid are left out (null, as v8
 * leaves nulls out).
 */
export function presentInvitedWorkspaceUser(i: InvitationView, workspaceId: number, links: (code: string) => string) {
  const w = i.workspaces.find((x) => x.workspace_id === workspaceId);
  return {
    id: w?.workspace_user_id ?? null,
    uid: i.recipient_id,
    wid: workspaceId,
    admin: w?.admin ?? false,
    active: false,
    email: i.email,
    invite_url: links(i.code),
  };
}
