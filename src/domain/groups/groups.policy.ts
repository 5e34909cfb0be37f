import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { GroupActor } from './groups.types.js';

// Who may do what with user groups. Any member of an organization may list its groups; a group is
// managed by the organization's admins, and by a workspace admin when every workspace the group
// is attached to is one they administer, so that nobody changes a group reaching into a
// workspace they do not run. A group attached to no workspace is for organization admins only.

/** The groups of one workspace are seen by its members and by the organization's admins. */
export const canSeeWorkspaceGroups = (actor: GroupActor, workspaceId: number): boolean =>
  actor.organizationAdmin || actor.memberWorkspaceIds.has(workspaceId);

export function canManageGroup(actor: GroupActor, workspaceIds: readonly number[]): boolean {
  if (actor.organizationAdmin) return true;
  return workspaceIds.length > 0 && workspaceIds.every((id) => actor.adminWorkspaceIds.has(id));
}

/**
 * "Members of these groups" as a SQL condition on a user id column, for the reports of one
 * workspace: the users of those groups that are attached to the workspace and still belong to the
 * group's organization. A group of another organization can never be attached to the workspace,
 * so its id matches nobody. Ids are checked positive integers, inlined as literals like the rest
 * of the report queries.
 */
export function inGroupsOfWorkspace(userColumn: Expression<unknown> | RawBuilder<unknown>, workspaceId: number, groupIds: readonly number[]): RawBuilder<SqlBool> {
  if (groupIds.length === 0) return sql<SqlBool>`1 = 0`;
  const lit = (n: number) => {
    if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`not an id: ${n}`);
    return sql.lit(n);
  };
  return sql<SqlBool>`${userColumn} in (select gu.user_id from group_users gu
    join group_workspaces gw on gw.group_id = gu.group_id and gw.workspace_id = ${lit(workspaceId)}
    join groups g on g.id = gu.group_id
    join organization_users ou on ou.organization_id = g.organization_id and ou.user_id = gu.user_id
    where gu.group_id in (${sql.join(groupIds.map(lit))}))`;
}
