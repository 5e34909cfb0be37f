import type {
  PatchOutcome,
  SharingDetails,
  TimeEntryChecklist,
  TimeEntryInvitation,
  TimeEntryView,
} from '../../../domain/time-entries/time-entries.types.js';
import { formatMicros, formatSeconds, nullable } from '../../../time.js';

export interface TimeEntryPresentation {
  /** A GET answer: the swagger says duronly "will always be true" there. */
  read?: boolean;
}

/**
 * models.TimeEntry, with the legacy names (wid, pid, tid, uid) beside the v9 ones. A running
 * entry has stop null and duration −start (UNIX seconds). The meta fields appear only when the
 * caller asked for them, as Toggl sends them.
 */
export function presentTimeEntry(e: TimeEntryView, options: TimeEntryPresentation = {}) {
  const entry = {
    at: formatMicros(e.at),
    billable: e.billable,
    // The swagger: "null if not provided at creation/update".
    description: e.description === '' ? null : e.description,
    duration: e.stop === null ? -e.start : e.duration,
    duronly: options.read ? true : e.duronly,
    expense_ids: [] as number[],
    id: e.id,
    permissions: null,
    pid: e.project_id,
    project_id: e.project_id,
    server_deleted_at: nullable(e.deleted_at, formatSeconds),
    // Loaded only for include_sharing; otherwise Toggl sends null.
    shared_with: e.shared_with ? e.shared_with.map((w) => ({ accepted: w.accepted, user_id: w.user_id, user_name: w.user_name })) : null,
    start: formatSeconds(e.start * 1000),
    stop: e.stop === null ? null : formatSeconds(e.stop * 1000),
    tag_ids: e.tag_ids,
    tags: e.tags,
    task_id: e.task_id,
    tid: e.task_id,
    uid: e.user_id,
    user_id: e.user_id,
    wid: e.workspace_id,
    workspace_id: e.workspace_id,
  };
  if (!e.meta) return entry;
  // Added to the object just built rather than spread into a copy, which V8 does slowly for
  // objects gaining properties; meta=true lists are common.
  return Object.assign(entry, {
    client_id: e.meta.client_id,
    client_name: e.meta.client_name,
    project_active: e.meta.project_active,
    project_billable: e.meta.project_billable,
    project_color: e.meta.project_color,
    project_name: e.meta.project_name,
    task_name: e.meta.task_name,
    user_avatar_url: e.meta.user_avatar_url,
    user_name: e.meta.user_name,
  });
}

/** models.TimeEntryChecklist */
export function presentChecklist(c: TimeEntryChecklist) {
  return {
    time_entries_count_check: c.time_entries_count_check,
    time_entries_created_check: c.time_entries_created_check,
  };
}

/** timeentries.BulkGetSharingResponse */
export function presentSharingDetails(s: SharingDetails) {
  return {
    is_accepted: s.is_accepted,
    time_entry_id: s.time_entry_id,
    time_entry_invitation_id: s.time_entry_invitation_id,
    user_id: s.user_id,
    user_name: s.user_name,
    workspace_id: s.workspace_id,
  };
}

/** timeentries.GetTimEntryInvitationsResponse */
export function presentInvitation(i: TimeEntryInvitation) {
  return {
    shared_by_user_id: i.shared_by_user_id,
    shared_by_user_name: i.shared_by_user_name,
    time_entry: presentTimeEntry(i.time_entry, { read: true }),
    time_entry_invitation_id: i.time_entry_invitation_id,
    workspace_id: i.workspace_id,
  };
}

/** timeentry.PatchOutput */
export function presentPatchOutcome(o: PatchOutcome) {
  return {
    failure: o.failure.map((f) => ({ id: f.id, message: f.message })),
    success: o.success,
  };
}
