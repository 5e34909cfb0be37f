/** A time entry as the domain sees it. Field names follow Toggl's v9 model. */
export interface TimeEntry {
  id: number;
  workspace_id: number;
  user_id: number;
  project_id: number | null;
  task_id: number | null;
  description: string;
  billable: boolean;
  /** epoch seconds */
  start: number;
  /** epoch seconds; null while running */
  stop: number | null;
  /** seconds; 0 while running (the wire value −start is the presenter's business) */
  duration: number;
  duronly: boolean;
  created_with: string;
  /** epoch milliseconds */
  created_at: number;
  at: number;
  deleted_at: number | null;
  /** The client-visible id v8 shows; null only for rows written outside Stint's services. */
  guid: string | null;
  /** Live tags in the entry's order. */
  tag_ids: number[];
  tags: string[];
}

/** The related names Toggl adds to an entry when asked with meta=true. */
export interface TimeEntryMeta {
  client_id: number | null;
  client_name: string | null;
  project_name: string | null;
  project_color: string | null;
  project_active: boolean | null;
  project_billable: boolean | null;
  task_name: string | null;
  user_name: string;
  user_avatar_url: string;
}

/** models.TimeEntrySharedWith: a person the entry was shared with, and whether they accepted. */
export interface TimeEntrySharedWith {
  accepted: boolean;
  user_id: number;
  user_name: string;
}

export interface TimeEntryView extends TimeEntry {
  /** Present only when the caller asked for meta. */
  meta?: TimeEntryMeta;
  /** Present only when the caller asked for include_sharing. */
  shared_with?: TimeEntrySharedWith[];
}

export interface ReadOptions {
  meta?: boolean;
  /** include_sharing: who each entry is shared with. */
  sharing?: boolean;
}

/**
 * timeentry.Payload as a request carries it. `undefined` means "not sent"; `null` is kept apart
 * because Toggl clients clear a project, task, description or tags by sending null.
 */
export interface TimeEntryInput {
  billable?: boolean | null;
  created_with?: string | null;
  description?: string | null;
  duration?: number | null;
  duronly?: boolean | null;
  expense_ids?: number[] | null;
  /** v8: a create retried with the same guid answers the entry made the first time. */
  guid?: string | null;
  pid?: number | null;
  project_id?: number | null;
  shared_with_user_ids?: number[] | null;
  start?: string | null;
  start_date?: string | null;
  stop?: string | null;
  tag_action?: string | null;
  tag_ids?: number[] | null;
  tags?: string[] | null;
  task_id?: number | null;
  tid?: number | null;
  uid?: number | null;
  user_id?: number | null;
  wid?: number | null;
  workspace_id?: number | null;
}

/** Query of GET /me/time_entries; dates are YYYY-MM-DD (user's time zone) or RFC 3339. */
export interface TimeEntriesQuery {
  since?: number;
  before?: string;
  start_date?: string;
  end_date?: string;
}

/** One JSON-Patch operation of the bulk edit (timeentry.PatchInput). */
export interface PatchOperation {
  op: string;
  path: string;
  value?: unknown;
}

export interface PatchOutcome {
  success: number[];
  failure: { id: number; message: string }[];
}

export interface SharingRequest {
  time_entry_id: number;
  workspace_id: number;
}

/** One recipient of a shared entry (timeentries.BulkGetSharingResponse). */
export interface SharingDetails {
  is_accepted: boolean;
  time_entry_id: number;
  time_entry_invitation_id: number;
  user_id: number;
  user_name: string;
  workspace_id: number;
}

export interface TimeEntryInvitation {
  shared_by_user_id: number;
  shared_by_user_name: string;
  time_entry: TimeEntryView;
  time_entry_invitation_id: number;
  workspace_id: number;
}

export interface TimeEntryChecklist {
  time_entries_count_check: boolean;
  time_entries_created_check: boolean;
}

export type TagAction = 'replace' | 'add' | 'delete';

/** A change to an entry's tags: ids and names together, applied with one action. */
export interface TagChange {
  action: TagAction;
  ids: number[];
  names: string[];
}

/**
 * A change to whom an entry is shared with: `replace` makes `user_ids` the recipients, `add`
 * invites more, `delete` withdraws unanswered invitations.
 */
export interface SharingChange {
  action: 'replace' | 'add' | 'delete';
  user_ids: number[];
}

/**
 * A normalized change, the common form of a create payload, a PUT payload and a bulk PATCH;
 * `undefined` leaves the field as it is.
 */
export interface TimeEntryChange {
  created_with?: string;
  /** Only on create. */
  guid?: string;
  description?: string;
  billable?: boolean;
  project_id?: number | null;
  task_id?: number | null;
  /** epoch seconds */
  start?: number;
  /** YYYY-MM-DD replacing the date part of start */
  start_date?: string;
  /** epoch seconds */
  stop?: number;
  duration?: number;
  duronly?: boolean;
  tags: TagChange[];
  sharing?: SharingChange[];
}
