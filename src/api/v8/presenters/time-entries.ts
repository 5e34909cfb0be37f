import type { TimeEntryView } from '../../../domain/time-entries/time-entries.types.js';
import { formatSeconds, nullable } from '../../../time.js';

/**
 * The v8 time entry. A running entry has no stop and a duration of −start (UNIX seconds); an
 * empty description or tag list is left out, as v8 leaves out what is empty.
 */
export function presentTimeEntry(e: TimeEntryView) {
  return {
    id: e.id,
    guid: e.guid,
    wid: e.workspace_id,
    pid: e.project_id,
    tid: e.task_id,
    uid: e.user_id,
    billable: e.billable,
    start: formatSeconds(e.start * 1000),
    stop: e.stop === null ? null : formatSeconds(e.stop * 1000),
    duration: e.stop === null ? -e.start : e.duration,
    description: e.description === '' ? null : e.description,
    tags: e.tags.length > 0 ? e.tags : null,
    duronly: e.duronly,
    created_with: e.created_with === '' ? null : e.created_with,
    at: formatSeconds(e.at),
    server_deleted_at: nullable(e.deleted_at, formatSeconds),
  };
}
