import { Type, type TSchema } from '@sinclair/typebox';
import { Id } from './common.js';

// Toggl clients often PUT back the whole entry they received, with nulls where Toggl sent
// nulls and read-only fields (id, at, server_deleted_at); so fields accept null and unknown
// properties pass through untouched.
const maybe = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

export const TimeEntryParams = Type.Object({ time_entry_id: Id });
export const WorkspaceTimeEntryParams = Type.Object({ workspace_id: Id, time_entry_id: Id });
/** Comma-separated ids, parsed by the service so the answer uses Toggl's bulk-edit texts. */
export const WorkspaceTimeEntryIdsParams = Type.Object({ workspace_id: Id, time_entry_ids: Type.String() });
export const InvitationActionParams = Type.Object({
  workspace_id: Id,
  time_entry_invitation_id: Id,
  action: Type.String(),
});

export const ReadQuery = Type.Object({
  meta: Type.Optional(Type.Boolean()),
  include_sharing: Type.Optional(Type.Boolean()),
});

export const TimeEntriesQuery = Type.Object({
  since: Type.Optional(Type.Integer({ minimum: 0 })),
  before: Type.Optional(Type.String()),
  start_date: Type.Optional(Type.String()),
  end_date: Type.Optional(Type.String()),
  meta: Type.Optional(Type.Boolean()),
  include_sharing: Type.Optional(Type.Boolean()),
});

/** timeentry.Payload */
export const TimeEntryBody = Type.Object({
  billable: maybe(Type.Boolean()),
  created_with: maybe(Type.String()),
  description: maybe(Type.String()),
  duration: maybe(Type.Integer()),
  duronly: maybe(Type.Boolean()),
  event_metadata: maybe(Type.Object({ origin_feature: maybe(Type.String()), visible_goals_count: maybe(Type.Integer()) })),
  expense_ids: maybe(Type.Array(Type.Integer())),
  pid: maybe(Type.Integer()),
  project_id: maybe(Type.Integer()),
  shared_with_user_ids: maybe(Type.Array(Type.Integer())),
  start: maybe(Type.String()),
  start_date: maybe(Type.String()),
  stop: maybe(Type.String()),
  tag_action: maybe(Type.String()),
  tag_ids: maybe(Type.Array(Type.Integer())),
  tags: maybe(Type.Array(Type.String())),
  task_id: maybe(Type.Integer()),
  tid: maybe(Type.Integer()),
  uid: maybe(Type.Integer()),
  user_id: maybe(Type.Integer()),
  wid: maybe(Type.Integer()),
  workspace_id: maybe(Type.Integer()),
});

/** Array of timeentry.PatchInput */
export const PatchBody = Type.Array(
  Type.Object({
    op: Type.String(),
    path: Type.String(),
    value: Type.Optional(Type.Unknown()),
  }),
);

/** Array of timeentries.BulkGetSharingRequest */
export const SharingBody = Type.Array(
  Type.Object({
    time_entry_id: Id,
    workspace_id: Id,
  }),
);
