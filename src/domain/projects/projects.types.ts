import type { User } from '../users/users.types.js';
import type { MemberWorkspace } from '../workspaces/workspaces.types.js';

export type ProjectStatus = 'upcoming' | 'active' | 'ended' | 'archived' | 'deleted';
export const PROJECT_STATUSES: readonly ProjectStatus[] = ['upcoming', 'active', 'ended', 'archived', 'deleted'];

export interface Period {
  start_date: string;
  end_date: string;
}

/** models.RecurringProjectParameters, as stored (JSON) on the project. */
export interface RecurringParameters {
  custom_period: number | null;
  estimated_seconds: number | null;
  parameter_start_date: string;
  parameter_end_date: string | null;
  period: string;
  project_start_date: string;
}

/** A project row as the domain sees it (flags as booleans), plus its client's name. */
export interface Project {
  id: number;
  workspace_id: number;
  client_id: number | null;
  client_name: string | null;
  name: string;
  is_private: boolean;
  active: boolean;
  billable: boolean;
  template: boolean;
  template_id: number | null;
  color: string;
  auto_estimates: boolean;
  estimated_seconds: number | null;
  rate: number | null;
  rate_last_updated: number | null;
  fixed_fee: number | null;
  currency: string | null;
  start_date: string | null;
  end_date: string | null;
  recurring: boolean;
  recurring_parameters: RecurringParameters[] | null;
  external_reference: string | null;
  creator_id: number | null;
  created_at: number;
  at: number;
  deleted_at: number | null;
  /** Pinned by the viewer the row was loaded for. */
  pinned: boolean;
}

/** A project as one viewer sees it: computed fields filled in, hidden amounts nulled. */
export interface ProjectView extends Project {
  status: ProjectStatus;
  actual_seconds: number;
  current_period: Period | null;
  can_track_time: boolean;
  /** Number of projects matching a paginated list query; null outside such lists. */
  total_count: number | null;
}

/** Who is looking: the user and their standing in the project's workspace. */
export interface ProjectViewer {
  user: User;
  member: MemberWorkspace;
}

/** Live aggregates over time entries and tasks, loaded for a page of projects in one query each. */
export interface ProjectAggregates {
  actual_seconds: number;
  task_estimates: number | null;
}

/** project.Payload after the skin's type check; every field optional. */
export interface ProjectInput {
  active?: boolean;
  auto_estimates?: boolean;
  billable?: boolean;
  cid?: number | null;
  client_id?: number | null;
  client_name?: string;
  color?: string | null;
  currency?: string | null;
  end_date?: string | null;
  estimated_hours?: number | null;
  external_reference?: string | null;
  fixed_fee?: number | null;
  is_private?: boolean;
  is_shared?: boolean;
  name?: string;
  rate?: number | null;
  rate_change_mode?: string;
  recurring?: boolean;
  recurring_parameters?: { custom_period?: number; period?: string; project_start_date?: string } | null;
  start_date?: string | null;
  template?: boolean;
  template_id?: number | null;
}

/** Columns a create or update writes (booleans converted by the repository). */
export type ProjectChanges = Partial<
  Omit<Project, 'id' | 'workspace_id' | 'client_name' | 'creator_id' | 'created_at' | 'at' | 'deleted_at' | 'pinned'>
>;

/** `id` is used internally by the id-paginated list; clients may choose the others. */
export type SortField = 'name' | 'created_at' | 'at' | 'client_name' | 'id';

/** Filters of GET /workspaces/{id}/projects (and the /me lists), already checked. */
export interface ProjectFilter {
  /** true, false or undefined for both */
  active?: boolean;
  /** epoch ms; includes deleted projects changed since then */
  since?: number;
  billable?: boolean;
  user_ids?: number[];
  client_ids?: number[];
  group_ids?: number[];
  project_ids?: number[];
  statuses?: ProjectStatus[];
  name?: string;
  search?: string;
  only_templates?: boolean;
  only_me?: boolean;
  only_editable?: boolean;
  sort_field?: SortField;
  sort_order?: 'asc' | 'desc';
  sort_pinned?: boolean;
  /** id to start from (inclusive), for /me/projects/paginated */
  start_id?: number;
  page?: number;
  per_page?: number;
}
