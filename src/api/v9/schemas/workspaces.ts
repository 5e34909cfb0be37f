import { Type } from '@sinclair/typebox';
import { Id } from './common.js';

/** workspace.Payload */
export const WorkspaceBody = Type.Object({
  admins: Type.Optional(Type.Array(Type.Integer())),
  default_currency: Type.Optional(Type.String()),
  default_hourly_rate: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  initial_pricing_plan: Type.Optional(Type.Integer()),
  limit_public_project_data: Type.Optional(Type.Boolean()),
  name: Type.Optional(Type.String()),
  only_admins_may_create_projects: Type.Optional(Type.Boolean()),
  only_admins_may_create_tags: Type.Optional(Type.Boolean()),
  only_admins_see_billable_rates: Type.Optional(Type.Boolean()),
  only_admins_see_team_dashboard: Type.Optional(Type.Boolean()),
  projects_billable_by_default: Type.Optional(Type.Boolean()),
  projects_enforce_billable: Type.Optional(Type.Boolean()),
  projects_private_by_default: Type.Optional(Type.Boolean()),
  rate_change_mode: Type.Optional(Type.String()),
  reports_collapse: Type.Optional(Type.Boolean()),
  rounding: Type.Optional(Type.Integer()),
  rounding_minutes: Type.Optional(Type.Integer()),
});

export const WorkspaceUsersQuery = Type.Object({
  exclude_deleted: Type.Optional(Type.Boolean()),
});

export const WorkspaceUserParams = Type.Object({ workspace_id: Id, workspace_user_id: Id });
export const WorkspaceMemberParams = Type.Object({ workspace_id: Id, user_id: Id });

// The swagger marks includeIndirect as required, but a Stint group never brings anyone into a
// workspace, so there are no indirect members to include: a client leaving it out gets the same answer.
export const WorkspaceWorkspaceUsersQuery = Type.Object({
  includeIndirect: Type.Optional(Type.String()),
});

export const UserIds = Type.Array(Type.Integer());

/** workspace_user.Payload */
export const WorkspaceUserBody = Type.Object({
  admin: Type.Optional(Type.Boolean()),
  inactive: Type.Optional(Type.Boolean()),
  labor_cost: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  labor_cost_change_mode: Type.Optional(Type.String()),
  postedFields: Type.Optional(Type.Array(Type.String())),
  rate: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  rate_change_mode: Type.Optional(Type.String()),
  role: Type.Optional(Type.String()),
  role_id: Type.Optional(Type.Integer()),
  view_edit_billable_rates: Type.Optional(Type.Boolean()),
  view_edit_labor_costs: Type.Optional(Type.Boolean()),
  working_hours_in_minutes: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
});
