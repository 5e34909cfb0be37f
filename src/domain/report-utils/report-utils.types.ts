// The report helpers Toggl lists under "utils": filter lists and searches of clients, projects,
// users, project users and tasks, and the project and task status lookups.

/** dto.ClientFilterParamsRequest */
export interface ClientFilterInput {
  ids?: number[];
  name?: string;
  start?: number;
}

/** dto.ProjectFilterParamRequest; a null in client_ids stands for "without client". */
export interface ProjectFilterInput {
  client_ids?: (number | null)[];
  currency?: string;
  ids?: number[];
  is_active?: boolean;
  is_billable?: boolean;
  is_private?: boolean;
  name?: string;
  page_size?: number;
  start?: number;
}

/** dto.ProjectGroupParamsRequest */
export interface ProjectGroupInput {
  group_ids?: number[];
  project_ids?: number[];
  start_id?: number;
}

/** dto.ProjectUserParamsRequest */
export interface ProjectUserFilterInput {
  client_ids?: number[];
  project_ids?: number[];
  start_id?: number;
}

/** dto.ProjectStatusParamsRequest */
export interface ProjectStatusInput {
  active?: boolean;
  ids?: number[];
}

/** dto.UserFilterParamsRequest */
export interface UserFilterInput {
  active?: boolean;
  ids?: number[];
  start?: number;
}

/** tasks.tasksPost */
export interface TaskFilterInput {
  active?: boolean;
  ids?: number[];
  name?: string;
  page_size?: number;
  project_active?: boolean;
  project_ids?: number[];
  start?: number;
  user_ids?: number[];
}

export interface ClientOption {
  id: number;
  name: string;
}

export interface ProjectOption {
  id: number;
  name: string;
  active: boolean;
  billable: boolean;
  client_id: number | null;
  color: string;
  /** The project's currency, or the workspace's when the project has none. */
  currency: string;
}

export interface ProjectUserOption {
  id: number;
  project_id: number;
  user_id: number;
  /** null when no rate is set or the viewer may not see rates */
  rate: number | null;
  /** in cents; null when none is set or the viewer is not an admin */
  labour_cost_in_cents: number | null;
}

/** A workspace member as the report filters list them. */
export interface UserOption {
  id: number;
  fullname: string;
  email: string;
  image_url: string | null;
  workspace_user_id: number;
  /** membership neither removed nor deactivated */
  active: boolean;
  deactivated: boolean;
  /** when the membership was removed, epoch ms */
  deleted_at: number | null;
}

/** Tracked time and billable amount of a project or task (dto.ProjectStatusResponse, tasks.TaskStatus). */
export interface TrackingStatus {
  id: number;
  estimated_seconds: number | null;
  tracked_seconds: number;
  billable_seconds: number;
  /** in cents; null when the viewer may not see amounts */
  billable_amount: number | null;
  currency: string;
}

/** Billable seconds of one id at one hourly rate, as the repository sums them. */
export interface RateBucket {
  id: number;
  rate: number | null;
  billable_seconds: number;
}
