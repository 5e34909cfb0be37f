import { WORKSPACE_ROLE_IDS, type ListedWorkspaceUser, type MemberWorkspace, type WorkspaceMember } from '../../../domain/workspaces/workspaces.types.js';
import { canSeeMemberRates } from '../../../domain/workspaces/workspaces.policy.js';
import { formatDay, formatSeconds, nullable } from '../../../time.js';

/**
 * Toggl's plan profile id of a workspace on its paid Premium plan (a recorded premium, business_ws
 * workspace shows 102; free ones show 0). Not Enterprise: organizations say pricing_plan_enterprise false.
 */
const PREMIUM_PROFILE = 102;

/**
 * models.Workspace, plus only_admins_see_billable_rates, profile and server_deleted_at, which real
 * Toggl sends though the swagger leaves them out. Stint is self-hosted with every feature on, so the
 * plan flags (premium, business_ws) are true and billing-only fields are null. Deleted workspaces are
 * never listed, so server_deleted_at is always null.
 */
export function presentWorkspace(ws: MemberWorkspace) {
  return {
    admin: ws.admin,
    api_token: null,
    at: formatSeconds(ws.at),
    business_ws: true,
    csv_upload: null,
    default_currency: ws.default_currency,
    default_hourly_rate: canSeeMemberRates(ws) ? ws.default_hourly_rate : null,
    disable_approvals: false,
    disable_expenses: false,
    disable_timesheet_view: false,
    hide_start_end_times: ws.hide_start_end_times,
    ical_enabled: false,
    ical_url: null,
    id: ws.id,
    last_modified: formatDay(ws.at),
    limit_public_project_data: ws.limit_public_project_data,
    logo_url: ws.logo_url,
    max_data_retention_days: null,
    name: ws.name,
    only_admins_may_create_projects: ws.only_admins_may_create_projects,
    only_admins_may_create_tags: ws.only_admins_may_create_tags,
    only_admins_see_billable_rates: ws.only_admins_see_billable_rates,
    only_admins_see_team_dashboard: ws.only_admins_see_team_dashboard,
    organization_id: ws.organization_id,
    permissions: null,
    premium: true,
    profile: PREMIUM_PROFILE,
    projects_billable_by_default: ws.projects_billable_by_default,
    projects_enforce_billable: ws.projects_enforce_billable,
    projects_private_by_default: ws.projects_private_by_default,
    rate_last_updated: nullable(ws.rate_last_updated, formatSeconds),
    reports_collapse: ws.reports_collapse,
    role: ws.role,
    rounding: ws.rounding,
    rounding_minutes: ws.rounding_minutes,
    server_deleted_at: null,
    subscription: null,
    suspended_at: null,
    te_constraints: null,
    working_hours_in_minutes: ws.working_hours_in_minutes,
  };
}

/** workspace.WithActiveProjectCount, as GET /me/workspaces lists them. */
export function presentWorkspaceWithCount(ws: MemberWorkspace) {
  return { ...presentWorkspace(ws), active_project_count: ws.active_project_count ?? 0 };
}

/** models.SimpleWorkspaceUser */
export function presentSimpleWorkspaceUser(m: WorkspaceMember) {
  return {
    email: m.email,
    fullname: m.fullname,
    id: m.user_id,
    inactive: m.inactive,
    is_active: m.active && m.deleted_at === null,
    is_admin: m.admin,
    role: m.role,
  };
}

/**
 * github_com_toggl_toggl_api_internal_models.WorkspaceUser, with the user's groups of the
 * workspace. Stint has no two-factor sign-in, and a group never brings anyone into a workspace, so
 * every member is a direct one; user_id/workspace_id are documented as used only by the
 * organization-level listing. A pending invitee (active: false) carries the invitation's code and
 * URL when the viewer is an admin (the service leaves the code out for anyone else).
 */
export function presentWorkspaceUser(m: ListedWorkspaceUser, links: (code: string) => string) {
  return {
    '2fa_enabled': false,
    active: m.active,
    admin: m.admin,
    at: formatSeconds(m.at),
    avatar_file_name: m.image_url,
    email: m.email,
    group_ids: m.group_ids,
    id: m.id,
    inactive: m.inactive,
    invitation_code: m.invitation_code,
    invite_url: nullable(m.invitation_code, links),
    is_direct: true,
    labor_cost: m.labour_cost,
    labor_cost_last_updated: nullable(m.labour_cost_last_updated, formatSeconds),
    name: m.fullname,
    organization_admin: m.organization_admin,
    rate: m.rate,
    rate_last_updated: nullable(m.rate_last_updated, formatSeconds),
    role: m.role,
    role_id: m.admin ? WORKSPACE_ROLE_IDS.admin : WORKSPACE_ROLE_IDS.user,
    timezone: m.timezone,
    uid: m.user_id,
    user_id: null,
    view_edit_billable_rates: m.admin,
    view_edit_labor_costs: m.admin,
    wid: m.workspace_id,
    working_hours_in_minutes: m.working_hours_in_minutes,
    workspace_admin: m.admin,
    workspace_id: null,
  };
}
