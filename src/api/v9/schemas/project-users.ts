import { Type } from '@sinclair/typebox';
import { Id } from './common.js';

export const ProjectUserParams = Type.Object({ workspace_id: Id, project_user_id: Id });
export const ProjectUserIdsParams = Type.Object({ workspace_id: Id, project_user_ids: Type.String() });

export const ProjectUsersQuery = Type.Object({
  project_ids: Type.Optional(Type.String()),
  /** Checked by the domain, to answer "Invalid user_id" as Toggl does. */
  user_id: Type.Optional(Type.String()),
  with_group_members: Type.Optional(Type.Boolean()),
});

/** user.PostPayload */
export const ProjectUserPostBody = Type.Object({
  project_id: Type.Optional(Type.Integer()),
  user_id: Type.Optional(Type.Integer()),
  manager: Type.Optional(Type.Boolean()),
  rate: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  rate_change_mode: Type.Optional(Type.String()),
  labor_cost: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  labor_cost_change_mode: Type.Optional(Type.String()),
});

/** user.PutPayload */
export const ProjectUserPutBody = Type.Object({
  manager: Type.Optional(Type.Boolean()),
  rate: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  rate_change_mode: Type.Optional(Type.String()),
  labor_cost: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  labor_cost_change_mode: Type.Optional(Type.String()),
});

/** The body is the bare array of project ids; checked by the domain. */
export const ProjectUsersPaginatedBody = Type.Unknown();

export const ProjectUsersPaginatedQuery = Type.Object({
  show_inactive: Type.Optional(Type.Boolean()),
  users_per_project: Type.Optional(Type.String()),
  page: Type.Optional(Type.Integer()),
});
