import type { TaskView } from '../../../domain/tasks/tasks.types.js';
import type { TaskListing } from '../../../domain/tasks/tasks.service.js';
import { formatSeconds, nullable } from '../../../time.js';

/**
 * models.Task, with its project, client and assignee metadata always filled in. Stint has no
 * integrations, recurring tasks or Toggl accounts, so those fields are null/false.
 */
export function presentTask(t: TaskView) {
  return {
    active: t.active,
    at: formatSeconds(t.at),
    avatar_url: t.avatar_url,
    client_id: t.client_id,
    client_name: t.client_name,
    estimated_seconds: t.estimated_seconds,
    external_reference: t.external_reference,
    id: t.id,
    integration_ext_id: null,
    integration_ext_type: null,
    integration_provider: null,
    name: t.name,
    permissions: null,
    project_billable: t.project_billable,
    project_color: t.project_color,
    project_id: t.project_id,
    project_is_private: t.project_is_private,
    project_name: t.project_name,
    rate: t.rate,
    rate_last_updated: nullable(t.rate_last_updated, formatSeconds),
    recurring: false,
    toggl_accounts_id: null,
    // The swagger: "The value tracked_seconds is in milliseconds, not in seconds."
    tracked_seconds: t.tracked_ms,
    user_id: t.user_id,
    user_name: t.user_name,
    workspace_id: t.workspace_id,
    // models.Task does not declare it, but sync clients asking `since` must learn of deletions.
    ...(t.deleted_at !== null ? { server_deleted_at: formatSeconds(t.deleted_at) } : {}),
  };
}

/** task.Response */
export function presentTaskListing(l: TaskListing) {
  return {
    data: l.tasks.map(presentTask),
    page: l.page,
    per_page: l.per_page,
    sort_field: l.sort_field,
    sort_order: l.sort_order,
    total_count: l.total,
  };
}
