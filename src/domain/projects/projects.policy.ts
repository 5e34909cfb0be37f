import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/tables.js';

/**
 * Who may see a project: workspace admins see all; members see public projects and the
 * private ones they were added to. One rule, used by projects, tasks, time entries and reports.
 */
export function canSeeProject(viewer: { admin: boolean }, project: { is_private: boolean }, isProjectMember: boolean): boolean {
  return viewer.admin || !project.is_private || isProjectMember;
}

/**
 * The same rule as a SQL condition on a query that has the `projects` table in scope
 * (optionally under an alias), for list queries.
 */
export function projectVisibleTo<T extends keyof DB>(
  eb: ExpressionBuilder<DB, T>,
  viewer: { userId: number; admin: boolean },
  alias = 'projects',
): Expression<SqlBool> {
  if (viewer.admin) return sql<boolean>`1 = 1`;
  const ref = (col: string) => sql.ref(`${alias}.${col}`);
  return sql<boolean>`(${ref('is_private')} = 0 or exists (select 1 from project_users pu where pu.project_id = ${ref('id')} and pu.user_id = ${viewer.userId} and pu.deleted_at is null))`;
}

/** Members may create projects unless the workspace keeps that to admins. */
export function canCreateProject(member: { admin: boolean; only_admins_may_create_projects: boolean }): boolean {
  return member.admin || !member.only_admins_may_create_projects;
}

/**
 * Who may change a project, its tasks and its project users: workspace admins, and the
 * project's managers (project_users.manager).
 */
export function canManageProject(viewer: { admin: boolean }, isProjectManager: boolean): boolean {
  return viewer.admin || isProjectManager;
}

/** Billable rates and amounts are hidden from members when the workspace says so. */
export function canSeeBillableRates(member: { admin: boolean; only_admins_see_billable_rates: boolean }): boolean {
  return member.admin || !member.only_admins_see_billable_rates;
}

/** canManageProject as a SQL condition, for `only_editable` lists. */
export function projectManageableBy<T extends keyof DB>(
  eb: ExpressionBuilder<DB, T>,
  viewer: { userId: number; admin: boolean },
  alias = 'projects',
): Expression<SqlBool> {
  if (viewer.admin) return sql<boolean>`1 = 1`;
  const ref = (col: string) => sql.ref(`${alias}.${col}`);
  return sql<boolean>`exists (select 1 from project_users pu where pu.project_id = ${ref('id')} and pu.user_id = ${viewer.userId} and pu.manager = 1 and pu.deleted_at is null)`;
}
