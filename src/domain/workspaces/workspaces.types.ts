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
  active: boolean;
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
