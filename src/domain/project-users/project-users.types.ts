/** A user's membership of a project (project_users row, flags as booleans). */
export interface ProjectUser {
  id: number;
  workspace_id: number;
  project_id: number;
  user_id: number;
  manager: boolean;
  rate: number | null;
  rate_last_updated: number | null;
  labor_cost: number | null;
  labor_cost_last_updated: number | null;
  created_at: number;
  at: number;
  deleted_at: number | null;
}

/** A project user with the person and their workspace membership, for the paginated list. */
export interface ProjectUserWithMeta extends ProjectUser {
  user_name: string;
  avatar_url: string | null;
  /** Still an active member of the workspace. */
  is_active: boolean;
  workspace_user_id: number | null;
  workspace_user_rate: number | null;
  workspace_user_labor_cost: number | null;
}

/** user.PostPayload / user.PutPayload after the skin's type check. */
export interface ProjectUserInput {
  project_id?: number;
  user_id?: number;
  manager?: boolean;
  rate?: number | null;
  rate_change_mode?: string;
  labor_cost?: number | null;
  labor_cost_change_mode?: string;
}

export type ProjectUserChanges = Partial<{
  manager: boolean;
  rate: number | null;
  rate_last_updated: number | null;
  labor_cost: number | null;
  labor_cost_last_updated: number | null;
}>;
