export interface Tag {
  id: number;
  workspace_id: number;
  name: string;
  creator_id: number | null;
  created_at: number;
  at: number;
  deleted_at: number | null;
}

export interface TagFilter {
  /** Case-insensitive substring of the name. */
  search?: string;
  /** Both set when the caller asked for a page. */
  limit?: number;
  offset?: number;
}

/** One item of the PATCH /workspaces/{wid}/tags body. */
export interface TagPatch {
  op?: unknown;
  tag_id?: unknown;
}
