import { Type } from '@sinclair/typebox';

export const OrganizationCreateBody = Type.Object({
  name: Type.String(),
  workspace_name: Type.Optional(Type.String()),
});

export const OrganizationUpdateBody = Type.Object({
  name: Type.String(),
});

export const OrganizationUsersQuery = Type.Object({
  filter: Type.Optional(Type.String()),
  active_status: Type.Optional(Type.String()),
  only_admins: Type.Optional(Type.String()),
  groups: Type.Optional(Type.String()),
  workspaces: Type.Optional(Type.String()),
  page: Type.Optional(Type.Integer()),
  per_page: Type.Optional(Type.Integer()),
  sort_dir: Type.Optional(Type.String()),
});
