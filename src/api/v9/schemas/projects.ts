import { Type } from '@sinclair/typebox';
import { Id } from './common.js';

export const ProjectParams = Type.Object({ workspace_id: Id, project_id: Id });
/** Bulk paths carry comma-separated ids; the domain parses them with Toggl's messages. */
export const ProjectIdsParams = Type.Object({ workspace_id: Id, project_ids: Type.String() });

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** project.Payload. Toggl clients send null to clear optional values, so those accept null. */
export const ProjectBody = Type.Object({
  active: Type.Optional(Type.Boolean()),
  auto_estimates: Type.Optional(Type.Boolean()),
  billable: Type.Optional(Type.Boolean()),
  cid: Type.Optional(Nullable(Type.Integer())),
  client_id: Type.Optional(Nullable(Type.Integer())),
  client_name: Type.Optional(Type.String()),
  color: Type.Optional(Nullable(Type.String())),
  currency: Type.Optional(Nullable(Type.String())),
  end_date: Type.Optional(Nullable(Type.String())),
  estimated_hours: Type.Optional(Nullable(Type.Integer())),
  external_reference: Type.Optional(Nullable(Type.String())),
  fixed_fee: Type.Optional(Nullable(Type.Number())),
  is_private: Type.Optional(Type.Boolean()),
  is_shared: Type.Optional(Type.Boolean()),
  name: Type.Optional(Type.String()),
  rate: Type.Optional(Nullable(Type.Number())),
  rate_change_mode: Type.Optional(Type.String()),
  recurring: Type.Optional(Type.Boolean()),
  recurring_parameters: Type.Optional(
    Nullable(
      Type.Object({
        custom_period: Type.Optional(Type.Integer()),
        period: Type.Optional(Type.String()),
        project_start_date: Type.Optional(Type.String()),
      }),
    ),
  ),
  start_date: Type.Optional(Nullable(Type.String())),
  template: Type.Optional(Type.Boolean()),
  template_id: Type.Optional(Nullable(Type.Integer())),
});

export const ProjectListQuery = Type.Object({
  /** true, false or 'both' */
  active: Type.Optional(Type.String()),
  since: Type.Optional(Type.Integer({ minimum: 0 })),
  billable: Type.Optional(Type.Boolean()),
  user_ids: Type.Optional(Type.String()),
  client_ids: Type.Optional(Type.String()),
  group_ids: Type.Optional(Type.String()),
  project_ids: Type.Optional(Type.String()),
  statuses: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  page: Type.Optional(Type.Integer()),
  sort_field: Type.Optional(Type.String()),
  sort_order: Type.Optional(Type.String()),
  only_templates: Type.Optional(Type.Boolean()),
  only_me: Type.Optional(Type.Boolean()),
  only_editable: Type.Optional(Type.Boolean()),
  per_page: Type.Optional(Type.Integer()),
  sort_pinned: Type.Optional(Type.Boolean()),
  search: Type.Optional(Type.String()),
});

export const ProjectDeleteQuery = Type.Object({ teDeletionMode: Type.Optional(Type.String()) });

/** JSON-Patch operations; their shape is checked by the domain to answer in Toggl's words. */
export const PatchBody = Type.Array(Type.Unknown());

/** projects.pinnedProjectPayload */
export const PinBody = Type.Object({ pin: Type.Boolean() });

/** projects.Payload, projects.taskCountPayload, projects.userCountPayload */
export const ProjectIdsBody = Type.Object({ project_ids: Type.Optional(Type.Unknown()) });

export const PeriodsQuery = Type.Object({
  start_date: Type.Optional(Type.String()),
  end_date: Type.Optional(Type.String()),
});

export const MeProjectsQuery = Type.Object({
  include_archived: Type.Optional(Type.String()),
  since: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const MeProjectsPaginatedQuery = Type.Object({
  start_project_id: Type.Optional(Type.Integer({ minimum: 0 })),
  since: Type.Optional(Type.Integer({ minimum: 0 })),
  per_page: Type.Optional(Type.Integer()),
});
