import type { GroupName } from '../groups/groups.types.js';

/** A saved report as the domain sees it; `params` is the parameters object the report runs with. */
export interface SavedReport {
  id: number;
  workspace_id: number;
  /** The owner, Toggl's `uid`. */
  user_id: number;
  name: string;
  params: Record<string, unknown>;
  public: boolean;
  fixed_daterange: boolean;
  token: string;
  created_at: number;
  updated_at: number;
  updated_by: number | null;
  deleted_at: number | null;
}

/** The report types a saved report may hold, as Toggl's saved.ReportOutput names them. */
export const REPORT_TYPES = ['summary', 'detailed', 'weekly'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

/** saved.Payload after the skin's type check; values are checked by the service. */
export interface SavedReportInput {
  id?: number;
  name?: string;
  /** An object, or the JSON string models.SavedReport carries. */
  params?: Record<string, unknown> | string;
  public?: boolean;
  fixed_daterange?: boolean;
  regenerate_token?: boolean;
}

/** Column changes of one saved report, as the repository writes them. */
export type SavedReportChanges = Partial<{
  name: string;
  params: Record<string, unknown>;
  public: boolean;
  fixed_daterange: boolean;
  token: string;
}>;

export type SavedReportSortField = 'id' | 'name' | 'updated_at';

/** Query of GET /workspaces/{wid}/reports/shared, already checked. */
export interface SavedReportFilter {
  fixed_daterange?: boolean;
  public?: boolean;
  scheduled?: boolean;
  name?: string;
  sort_field: SavedReportSortField;
  sort_direction: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

/** The workspace's entities a shared report's rows refer to, by id. */
export interface EntityDictionaries {
  clients: { id: number; name: string; external_reference: string | null }[];
  projects: {
    id: number;
    name: string;
    color: string;
    client_id: number | null;
    currency: string;
    /** null when amounts are hidden */
    fixed_fee: number | null;
    estimated_seconds: number | null;
    actual_seconds: number;
    start_date: string | null;
    end_date: string | null;
    recurring: boolean;
    recurring_period: string | null;
    custom_period: number | null;
    external_reference: string | null;
  }[];
  tasks: { id: number; name: string; project_id: number; estimated_seconds: number | null; tracked_seconds: number }[];
  users: {
    id: number;
    name: string;
    /** null for viewers from outside the workspace */
    email: string | null;
    avatar_url: string | null;
    /** in cents; admins of the workspace only */
    labour_cost: number | null;
  }[];
  tags: { id: number; name: string }[];
}

/** dictionary.ReportDictionaries: the entities, with the users' groups and the groups named. */
export interface ReportDictionaries extends Omit<EntityDictionaries, 'users'> {
  /** group_ids: the groups attached to the workspace that the user belongs to, ascending. */
  users: (EntityDictionaries['users'][number] & { group_ids: number[] })[];
  /** The groups the users belong to and those the report filters by, ascending by id. */
  user_groups: GroupName[];
}

/** Ids a report's rows mention, per kind, for its dictionaries. */
export interface DictionaryIds {
  clients: Set<number>;
  projects: Set<number>;
  tasks: Set<number>;
  users: Set<number>;
  tags: Set<number>;
}
