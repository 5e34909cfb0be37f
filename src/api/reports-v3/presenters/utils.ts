import { presentTask } from '../../v9/presenters/tasks.js';
import type {
  ClientOption,
  ProjectOption,
  ProjectUserOption,
  TrackingStatus,
  UserOption,
} from '../../../domain/report-utils/report-utils.types.js';
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

/** dto.ProjectUserResponse; Stint never shares a project with a user group, so group_id is null. */
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

/** models.Task as the report filters list it: the same definition the Track API answers with. */
export const presentReportTask = presentTask;
