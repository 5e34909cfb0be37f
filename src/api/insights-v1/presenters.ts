import type { ProjectTrend } from '../../domain/insights/insights.types.js';

/** Toggl's Go service sends its date-only values as midnight UTC timestamps. */
const day = (date: string) => `${date}T00:00:00Z`;

/** projects.ProjectTrends */
export function presentProjectTrend(t: ProjectTrend) {
  return {
    current_period_seconds: t.current_period_seconds,
    end: day(t.end),
    previousStart: day(t.previous_start),
    previous_period_seconds: t.previous_period_seconds,
    project_id: t.project_id,
    start: day(t.start),
    user_ids: t.user_ids,
  };
}
