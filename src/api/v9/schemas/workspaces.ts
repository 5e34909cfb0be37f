import { Type } from '@sinclair/typebox';

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
