import { Type } from '@sinclair/typebox';
import { maybe, wrapped } from './common.js';

/** The workspace settings v8's PUT /workspaces/{id} documents, plus the v9 flags v8 clients may send. */
export const WorkspaceBody = wrapped(
  'workspace',
  Type.Object({
    name: Type.Optional(Type.String()),
    default_currency: Type.Optional(Type.String()),
    default_hourly_rate: maybe(Type.Number()),
    only_admins_may_create_projects: Type.Optional(Type.Boolean()),
    only_admins_see_billable_rates: Type.Optional(Type.Boolean()),
    only_admins_see_team_dashboard: Type.Optional(Type.Boolean()),
    projects_billable_by_default: Type.Optional(Type.Boolean()),
    rounding: Type.Optional(Type.Integer()),
    rounding_minutes: Type.Optional(Type.Integer()),
  }),
);

export const WorkspaceProjectsQuery = Type.Object({
  active: Type.Optional(Type.String()),
  actual_hours: Type.Optional(Type.Boolean()),
  only_templates: Type.Optional(Type.Boolean()),
});

export const InviteBody = Type.Union([Type.Object({ emails: Type.Optional(Type.Array(Type.String())) }), Type.Null()]);

/** v8 lets only the admin flag change. */
export const WorkspaceUserBody = wrapped('workspace_user', Type.Object({ admin: Type.Optional(Type.Boolean()) }));
