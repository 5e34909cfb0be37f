/** One of the latest entries of a workspace, as the team dashboard shows it. Times are epoch seconds. */
export interface DashboardActivity {
  user_id: number;
  project_id: number | null;
  task_id: number | null;
  description: string;
  start: number;
  /** null while running */
  stop: number | null;
  /** seconds; 0 while running */
  duration: number;
}

export interface MostActiveUser {
  user_id: number;
  /** seconds tracked in the window, running entries counted up to now */
  duration: number;
}

export interface Dashboard {
  most_active_user: MostActiveUser[];
  activity: DashboardActivity[];
}
