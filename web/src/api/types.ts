// The fields of Track v9's answers that the app reads; the API sends more.

export interface Me {
  id: number;
  email: string;
  fullname: string;
  timezone: string;
  beginning_of_week: number;
  default_workspace_id: number;
  api_token: string;
  image_url: string | null;
}

export interface Preferences {
  date_format?: string;
  timeofday_format?: string;
  duration_format?: string;
  [key: string]: unknown;
}

export interface TimeEntry {
  id: number;
  workspace_id: number;
  project_id: number | null;
  task_id: number | null;
  billable: boolean;
  description: string | null;
  start: string;
  stop: string | null;
  /** Seconds; negative (−start in UNIX seconds) while running. */
  duration: number;
  tags: string[] | null;
  tag_ids: number[] | null;
  // With meta=true:
  project_name?: string | null;
  project_color?: string | null;
  client_name?: string | null;
}

export interface Project {
  id: number;
  workspace_id: number;
  client_id: number | null;
  name: string;
  color: string;
  active: boolean;
  billable: boolean | null;
}

export interface Client {
  id: number;
  wid: number;
  name: string;
  archived: boolean;
}

export interface NewTimeEntry {
  description: string;
  project_id: number | null;
  task_id?: number | null;
  billable: boolean;
  tags?: string[];
}
