export interface Client {
  id: number;
  workspace_id: number;
  name: string;
  archived: boolean;
  notes: string | null;
  external_reference: string | null;
  creator_id: number | null;
  created_at: number;
  at: number;
  deleted_at: number | null;
}

/** client.Payload as received; values are checked by the service. */
export interface ClientInput {
  name?: unknown;
  notes?: unknown;
  external_reference?: unknown;
}

export type ClientStatus = 'active' | 'archived' | 'both';

export interface ClientFilter {
  status: ClientStatus;
  /** Case-insensitive substring of the name. */
  name?: string;
}

/** project.RestoreParams */
export interface RestoreInput {
  restore_all_projects?: boolean;
  projects?: number[];
}

export interface ClientChanges {
  name?: string;
  notes?: string | null;
  external_reference?: string | null;
}
