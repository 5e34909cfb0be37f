import type {
  ClientOption,
  ProjectOption,
  ProjectUserOption,
  TrackingStatus,
  UserOption,
} from '../../../domain/report-utils/report-utils.types.js';
import type { TaskView } from '../../../domain/tasks/tasks.types.js';
import { formatSeconds, nullable } from '../../../time.js';

/** dto.ClientFilterResponse */
export function presentClientOption(c: ClientOption) {
  return { id: c.id, name: c.name };
}

/** dto.ProjectFilterResponse */
export function presentProjectOption(p: ProjectOption) {
  return {
    active: p.active,
    billable: p.billable,
    client_id: p.client_id,
    color: p.color,
    currency: p.currency,
    id: p.id,
    name: p.name,
  };
}

/** dto.ProjectUserResponse; Stint has no user groups, so group_id is null. */
export function presentProjectUserOption(pu: ProjectUserOption) {
  return {
    group_id: null,
    hourly_rate: pu.rate,
    id: pu.id,
    labour_cost: pu.labour_cost_in_cents,
    project_id: pu.project_id,
    user_id: pu.user_id,
  };
}

/** dto.ProjectStatusResponse and tasks.TaskStatus (the same fields); amounts in cents. */
export function presentTrackingStatus(s: TrackingStatus) {
  return {
    billable_amount: s.billable_amount,
    billable_seconds: s.billable_seconds,
    currency: s.currency,
    estimated_seconds: s.estimated_seconds,
    id: s.id,
    tracked_seconds: s.tracked_seconds,
  };
}

/** dto.UserFilterResponse */
export function presentUserOption(u: UserOption) {
  return {
    deleted_at: nullable(u.deleted_at, formatSeconds),
    id: u.id,
    name: u.fullname,
  };
}

/** model.User (search/users) */
export function presentSearchUser(u: UserOption) {
  return {
    active: u.active,
    avatar: u.image_url,
    deactivated: u.deactivated,
    deleted_at: nullable(u.deleted_at, formatSeconds),
    email: u.email,
    fullname: u.fullname,
    id: u.id,
    workspace_user_id: u.workspace_user_id,
  };
}

/**
 * models.Task as the report filters list it. Stint has no integrations, recurring tasks or Toggl
 * accounts, so those fields are null/false.
 */
export function presentReportTask(t: TaskView) {
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
  };
}
