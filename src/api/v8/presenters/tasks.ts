import type { TaskView } from '../../../domain/tasks/tasks.types.js';
import { formatSeconds, nullable } from '../../../time.js';

/** Extra fields a v8 request may ask for with `fields=done_seconds,uname`. */
export interface TaskFields {
  done_seconds?: boolean;
  uname?: boolean;
}

/** The v8 task; tracked time in seconds, as v8 documents tracked_seconds. */
export function presentTask(t: TaskView, fields: TaskFields = {}) {
  const seconds = Math.floor(t.tracked_ms / 1000);
  return {
    id: t.id,
    name: t.name,
    wid: t.workspace_id,
    pid: t.project_id,
    uid: t.user_id,
    active: t.active,
    at: formatSeconds(t.at),
    estimated_seconds: t.estimated_seconds,
    tracked_seconds: seconds,
    done_seconds: fields.done_seconds ? seconds : null,
    uname: fields.uname ? t.user_name : null,
    server_deleted_at: nullable(t.deleted_at, formatSeconds),
  };
}
