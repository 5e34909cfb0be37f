import type { Period, ProjectView, RecurringParameters } from '../../../domain/projects/projects.types.js';
import { formatSeconds, nullable } from '../../../time.js';

function presentPeriod(p: Period) {
  return { end_date: p.end_date, start_date: p.start_date };
}

/** models.RecurringProjectParameters */
function presentRecurringParameters(r: RecurringParameters) {
  return {
    custom_period: r.custom_period,
    estimated_seconds: r.estimated_seconds,
    parameter_end_date: r.parameter_end_date,
    parameter_start_date: r.parameter_start_date,
    period: r.period,
    project_start_date: r.project_start_date,
  };
}

/**
 * github_com_toggl_toggl_api_internal_models.Project. Stint has no external integrations or
 * per-project permission lists, so those fields are null, as Toggl sends them for plain projects.
 */
export function presentProject(p: ProjectView) {
  return {
    active: p.active,
    actual_hours: Math.floor(p.actual_seconds / 3600),
    actual_seconds: p.actual_seconds,
    at: formatSeconds(p.at),
    auto_estimates: p.auto_estimates,
    billable: p.billable,
    can_track_time: p.can_track_time,
    cid: p.client_id,
    client_id: p.client_id,
    client_name: p.client_name,
    color: p.color,
    created_at: formatSeconds(p.created_at),
    currency: p.currency,
    current_period: nullable(p.current_period, presentPeriod),
    end_date: p.end_date,
    estimated_hours: nullable(p.estimated_seconds, (s) => Math.floor(s / 3600)),
    estimated_seconds: p.estimated_seconds,
    external_reference: p.external_reference,
    fixed_fee: p.fixed_fee,
    id: p.id,
    integration_ext_id: null,
    integration_ext_type: null,
    integration_provider: null,
    is_private: p.is_private,
    name: p.name,
    permissions: null,
    pinned: p.pinned,
    rate: p.rate,
    rate_last_updated: nullable(p.rate_last_updated, formatSeconds),
    recurring: p.recurring,
    recurring_parameters: p.recurring && p.recurring_parameters ? p.recurring_parameters.map(presentRecurringParameters) : null,
    server_deleted_at: nullable(p.deleted_at, formatSeconds),
    start_date: p.start_date,
    status: p.status,
    template: p.template,
    template_id: p.template_id,
    total_count: p.total_count,
    wid: p.workspace_id,
    workspace_id: p.workspace_id,
  };
}

/** models.ProjectStatistics; entry times are epoch seconds. */
export function presentProjectStatistics(s: { earliest: number | null; latest: number | null }) {
  return {
    earliest_time_entry: nullable(s.earliest, (v) => formatSeconds(v * 1000)),
    latest_time_entry: nullable(s.latest, (v) => formatSeconds(v * 1000)),
  };
}

/** models.RecurringPeriod */
export const presentRecurringPeriod = presentPeriod;
