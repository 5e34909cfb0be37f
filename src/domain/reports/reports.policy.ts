import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { DB } from '../../db/tables.js';
import { canSeeBillableRates, projectManageableBy } from '../projects/projects.policy.js';
import { canSeeLabourCosts } from '../workspaces/workspaces.policy.js';
import type { MemberWorkspace } from '../workspaces/workspaces.types.js';
import type { MoneyVisibility } from './reports.types.js';

/** The viewer of a report, with the workspace settings that decide what they see. */
export interface ReportViewer {
  userId: number;
  admin: boolean;
  limitPublicProjectData: boolean;
}

export function reportViewer(userId: number, ws: MemberWorkspace): ReportViewer {
  return { userId, admin: ws.admin, limitPublicProjectData: ws.limit_public_project_data };
}

/**
 * Whose time a report shows (Toggl's "Access rights and privileges"): admins see the whole
 * workspace; a member sees their own time, everyone's time on public projects (only their own when
 * "limit public projects data in reports to admins" is on), and all time on projects they manage.
 */
export function canSeeEntryInReports(
  viewer: ReportViewer,
  entry: { user_id: number },
  project: { is_private: boolean } | null,
  managesProject: boolean,
): boolean {
  if (viewer.admin || entry.user_id === viewer.userId) return true;
  if (!project) return false;
  return (!project.is_private && !viewer.limitPublicProjectData) || managesProject;
}

/**
 * canSeeEntryInReports as a SQL condition on a query with the entry as `te` and its project
 * (left-joined) as `p`.
 */
export function entryVisibleInReports(viewer: ReportViewer): Expression<SqlBool> {
  if (viewer.admin) return sql<boolean>`1 = 1`;
  const manages = projectManageableBy(expressionBuilder<DB, 'projects'>(), { userId: viewer.userId, admin: false }, 'p');
  const publicProject = viewer.limitPublicProjectData ? sql<boolean>`1 = 0` : sql<boolean>`p.is_private = 0`;
  return sql<boolean>`(te.user_id = ${viewer.userId} or (te.project_id is not null and (${publicProject} or ${manages})))`;
}

/** Amounts follow the workspace's "who can see billable rates"; labour costs are for admins. */
export function moneyVisibleTo(ws: MemberWorkspace): MoneyVisibility {
  return { amounts: canSeeBillableRates(ws), labour_costs: canSeeLabourCosts(ws) };
}
