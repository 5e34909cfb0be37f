/** A task with the names of its project, client and assignee, as task lists show them. */
export interface Task {
  id: number;
  workspace_id: number;
  project_id: number;
  name: string;
  active: boolean;
  estimated_seconds: number | null;
  user_id: number | null;
  rate: number | null;
  rate_last_updated: number | null;
  external_reference: string | null;
  created_at: number;
  at: number;
  deleted_at: number | null;
  project_name: string;
  project_color: string;
  project_billable: boolean;
  project_is_private: boolean;
  client_id: number | null;
  client_name: string | null;
  user_name: string | null;
  avatar_url: string | null;
}

export interface TaskView extends Task {
  /** Time tracked on the task in milliseconds (Toggl's documented unit for this field). */
  tracked_ms: number;
}

/** task.Payload after the skin's type check. */
export interface TaskInput {
  name?: string;
  active?: boolean;
  estimated_seconds?: number | null;
  external_reference?: string | null;
  user_id?: number | null;
}

export type TaskChanges = Partial<{
  name: string;
  active: boolean;
  estimated_seconds: number | null;
  external_reference: string | null;
  user_id: number | null;
}>;

export interface TaskFilter {
  projectIds?: number[];
  taskIds?: number[];
  /** With both ids lists: tasks in either (POST /tasks/data's "project_ids and/or task_ids"). */
  eitherIds?: boolean;
  clientIds?: number[];
  /** true, false, or undefined for both */
  active?: boolean;
  /** epoch ms; includes deleted tasks changed since then */
  since?: number;
  search?: string;
  /** only tasks of projects the viewer is a project user of */
  onlyMine?: boolean;
  createdFrom?: number;
  createdBefore?: number;
  sortField?: 'name' | 'created_at';
  sortOrder?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export interface TaskPage {
  tasks: TaskView[];
  total: number;
}
