import { Type } from '@sinclair/typebox';

const Ids = Type.Array(Type.Integer());

// Bodies are optional for the filters/* lists and required (non-empty) for search/*; the
// service says which ("At least one parameter must be set"), so every body is nullable here.
const optional = <T extends ReturnType<typeof Type.Object>>(schema: T) => Type.Union([schema, Type.Null()]);

/** dto.ClientFilterParamsRequest */
export const ClientFilterBody = optional(
  Type.Object({
    ids: Type.Optional(Ids),
    name: Type.Optional(Type.String()),
    start: Type.Optional(Type.Integer()),
  }),
);

/** dto.ProjectFilterParamRequest; `null` in client_ids asks for projects without client. */
export const ProjectFilterBody = optional(
  Type.Object({
    client_ids: Type.Optional(Type.Array(Type.Union([Type.Integer(), Type.Null()]))),
    currency: Type.Optional(Type.String()),
    ids: Type.Optional(Ids),
    is_active: Type.Optional(Type.Boolean()),
    is_billable: Type.Optional(Type.Boolean()),
    is_private: Type.Optional(Type.Boolean()),
    name: Type.Optional(Type.String()),
    page_size: Type.Optional(Type.Integer()),
    start: Type.Optional(Type.Integer()),
  }),
);

/** dto.ProjectGroupParamsRequest */
export const ProjectGroupBody = optional(
  Type.Object({
    group_ids: Type.Optional(Ids),
    project_ids: Type.Optional(Ids),
    start_id: Type.Optional(Type.Integer()),
  }),
);

/** dto.ProjectUserParamsRequest */
export const ProjectUserFilterBody = optional(
  Type.Object({
    client_ids: Type.Optional(Ids),
    project_ids: Type.Optional(Ids),
    start_id: Type.Optional(Type.Integer()),
  }),
);

/** dto.ProjectStatusParamsRequest */
export const ProjectStatusBody = optional(
  Type.Object({
    active: Type.Optional(Type.Boolean()),
    ids: Type.Optional(Ids),
  }),
);

/** tasks.tasksStatusPost */
export const TaskStatusBody = optional(Type.Object({ ids: Type.Optional(Ids) }));

/** dto.UserFilterParamsRequest */
export const UserFilterBody = optional(
  Type.Object({
    active: Type.Optional(Type.Boolean()),
    ids: Type.Optional(Ids),
    start: Type.Optional(Type.Integer()),
  }),
);

/** tasks.tasksPost */
export const TaskFilterBody = optional(
  Type.Object({
    active: Type.Optional(Type.Boolean()),
    ids: Type.Optional(Ids),
    name: Type.Optional(Type.String()),
    page_size: Type.Optional(Type.Integer()),
    project_active: Type.Optional(Type.Boolean()),
    project_ids: Type.Optional(Ids),
    start: Type.Optional(Type.Integer()),
    user_ids: Type.Optional(Ids),
  }),
);
