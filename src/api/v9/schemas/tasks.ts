import { Type } from '@sinclair/typebox';
import { Id } from './common.js';

export const ProjectTasksParams = Type.Object({ workspace_id: Id, project_id: Id });
export const TaskParams = Type.Object({ workspace_id: Id, project_id: Id, task_id: Id });
export const TaskIdsParams = Type.Object({ workspace_id: Id, project_id: Id, task_ids: Type.String() });

/** task.Payload. estimated_seconds, external_reference and user_id may be cleared with null. */
export const TaskBody = Type.Object({
  active: Type.Optional(Type.Boolean()),
  estimated_seconds: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  external_reference: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  name: Type.Optional(Type.String()),
  user_id: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
});

export const ProjectTasksQuery = Type.Object({ active: Type.Optional(Type.Boolean()) });

const Paging = {
  page: Type.Optional(Type.Integer()),
  per_page: Type.Optional(Type.Integer()),
  sort_order: Type.Optional(Type.String()),
  sort_field: Type.Optional(Type.String()),
  /** true, false or 'both' */
  active: Type.Optional(Type.String()),
  search: Type.Optional(Type.String()),
};

export const WorkspaceTasksQuery = Type.Object({
  ...Paging,
  since: Type.Optional(Type.Integer({ minimum: 0 })),
  pid: Type.Optional(Id),
  start_date: Type.Optional(Type.String()),
  end_date: Type.Optional(Type.String()),
});

export const BasicTasksQuery = Type.Object({
  ...Paging,
  project_id: Type.Optional(Id),
  project_ids: Type.Optional(Type.String()),
  task_ids: Type.Optional(Type.String()),
  only_me: Type.Optional(Type.Boolean()),
  client_ids: Type.Optional(Type.String()),
});

/** tasks.requestBody; the ids lists are checked by the domain ("invalid body"). */
export const TasksDataBody = Type.Object({
  project_ids: Type.Optional(Type.Unknown()),
  task_ids: Type.Optional(Type.Unknown()),
});

/** The swagger marks all three as required. */
export const TasksDataQuery = Type.Object({
  search: Type.String(),
  per_page: Type.Integer(),
  page: Type.Integer(),
});

export const MeTasksQuery = Type.Object({
  since: Type.Optional(Type.Integer({ minimum: 0 })),
  include_not_active: Type.Optional(Type.String()),
  meta: Type.Optional(Type.Boolean()),
  offset: Type.Optional(Type.Integer()),
  per_page: Type.Optional(Type.Integer()),
});
