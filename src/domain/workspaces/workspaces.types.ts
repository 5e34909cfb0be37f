export interface Workspace {
  id: number;
  organization_id: number;
  name: string;
  default_currency: string;
  default_hourly_rate: number | null;
  rounding: number;
  rounding_minutes: number;
  only_admins_may_create_projects: boolean;
  only_admins_may_create_tags: boolean;
  only_admins_see_billable_rates: boolean;
  only_admins_see_team_dashboard: boolean;
  projects_billable_by_default: boolean;
  projects_private_by_default: boolean;
  projects_enforce_billable: boolean;
  limit_public_project_data: boolean;
  reports_collapse: boolean;
  hide_start_end_times: boolean;
  working_hours_in_minutes: number | null;
  logo_url: string | null;
  ical_token: string | null;
  rate_last_updated: number | null;
  created_at: number;
  at: number;
}

/** A workspace as seen by one member: the record plus that member's standing in it. */
export interface MemberWorkspace extends Workspace {
  admin: boolean;
  role: string;
  active_project_count?: number;
}

export interface WorkspaceMember {
  id: number;
  workspace_id: number;
  user_id: number;
  admin: boolean;
  role: string;
  /** The invitation was accepted; false for a pending invitee, who may see and do nothing yet. */
  active: boolean;
  /** Deactivated by an admin. */
  inactive: boolean;
  rate: number | null;
  labour_cost: number | null;
  email: string;
  fullname: string;
  timezone: string;
  image_url: string | null;
  created_at: number;
  at: number;
  deleted_at: number | null;
}

export type WorkspaceSettings = Partial<{
  name: string;
  default_currency: string;
  default_hourly_rate: number | null;
  rounding: number;
  rounding_minutes: number;
  only_admins_may_create_projects: boolean;
  only_admins_may_create_tags: boolean;
  only_admins_see_billable_rates: boolean;
  only_admins_see_team_dashboard: boolean;
  projects_billable_by_default: boolean;
  projects_private_by_default: boolean;
  projects_enforce_billable: boolean;
  limit_public_project_data: boolean;
  reports_collapse: boolean;
}>;

/** A membership with everything models.WorkspaceUser reports about it. */
export interface WorkspaceUserRecord extends WorkspaceMember {
  organization_admin: boolean;
  /** The code of the pending invitation while the membership is not accepted; shown to admins only. */
  invitation_code: string | null;
  rate_last_updated: number | null;
  labour_cost_last_updated: number | null;
  working_hours_in_minutes: number | null;
}

/** A membership as the workspace_users listing shows it. */
export interface ListedWorkspaceUser extends WorkspaceUserRecord {
  /** The groups attached to the workspace that the user belongs to, ascending. */
  group_ids: number[];
}

/**
 * Role ids as Stint numbers them (Toggl does not publish its numbering); the same numbers as
 * OrgUser.role_id of the organization users list.
 */
export const WORKSPACE_ROLE_IDS = { admin: 2, user: 3 } as const;

/** workspace_user.Payload as received; values are checked by the service. */
export interface WorkspaceUserInput {
  admin?: boolean;
  inactive?: boolean;
  labor_cost?: number | null;
  labor_cost_change_mode?: string;
  postedFields?: string[];
  rate?: number | null;
  rate_change_mode?: string;
  role?: string;
  role_id?: number;
  view_edit_billable_rates?: boolean;
  view_edit_labor_costs?: boolean;
  working_hours_in_minutes?: number | null;
}

/** Column changes of one membership, as the repository writes them. */
export type MembershipChanges = Partial<{
  admin: boolean;
  role: string;
  inactive: boolean;
  rate: number | null;
  rate_last_updated: number;
  labour_cost: number | null;
  labour_cost_last_updated: number;
  working_hours_in_minutes: number | null;
}>;
