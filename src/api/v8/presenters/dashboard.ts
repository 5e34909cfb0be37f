import type { Dashboard, DashboardActivity } from '../../../domain/dashboard/dashboard.types.js';
import { formatSeconds } from '../../../time.js';

/**
 * v8's activity item: project_id is 0 without a project; description and stop are left out
 * when empty or running; a running entry's duration is −start.
 */
function presentActivity(a: DashboardActivity) {
  return {
    user_id: a.user_id,
    project_id: a.project_id ?? 0,
    duration: a.stop === null ? -a.start : a.duration,
    description: a.description === '' ? null : a.description,
    stop: a.stop === null ? null : formatSeconds(a.stop * 1000),
    tid: a.task_id,
  };
}

export function presentDashboard(d: Dashboard) {
  return {
    most_active_user: d.most_active_user.map((u) => ({ user_id: u.user_id, duration: u.duration })),
    activity: d.activity.map(presentActivity),
  };
}
