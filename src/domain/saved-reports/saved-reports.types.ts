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
  params?: Record<string, unknown>;
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
