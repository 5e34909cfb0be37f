/** The time one member put into a project. */
export interface DashboardUser {
  user_id: number;
  name: string;
  seconds: number;
  billable_seconds: number;
  /** Null when the viewer may not see amounts. */
  amount_in_cents: number | null;
}

/** A task of the project with the time tracked on it. */
export interface DashboardTask {
  /** Null only for the "sum of others" line of the top tasks. */
  id: number | null;
  name: string | null;
  assignee: string | null;
  estimated_seconds: number | null;
  seconds: number;
  amount_in_cents: number | null;
}

export const DASHBOARD_ORDER_FIELDS = ['name', 'assignee', 'duration', 'billable_amount', 'estimated_seconds'] as const;
export type DashboardOrderField = (typeof DASHBOARD_ORDER_FIELDS)[number];

export interface DashboardQuery {
  /** 1-based page of the task list. */
  page: number;
  order_field: DashboardOrderField;
  order_desc: boolean;
}

/** At-a-glance figures of one project over all its time (Reports v2 project dashboard). */
export interface ProjectDashboard {
  project_id: number;
  name: string;
  client_name: string | null;
  seconds: number;
  seconds_without_task: number;
  billable_seconds: number;
  amount_in_cents: number | null;
  currency: string;
  estimated_seconds: number | null;
  task_estimated_seconds: number | null;
  use_task_estimated_seconds: boolean;
  tasks_count: number;
  tasks_per_page: number;
  users: DashboardUser[];
  /** Tasks with more than a tenth of the time tracked on tasks, then one unnamed line for the rest. */
  top_tasks: DashboardTask[];
  /** The requested page of the project's tasks, in the requested order. */
  tasks_page: DashboardTask[];
  /** Every task of the project in the requested order, for exports. */
  tasks: DashboardTask[];
}
