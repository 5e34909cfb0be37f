import { Type } from '@sinclair/typebox';
import { Id } from './common.js';

export const SavedReportParams = Type.Object({ workspace_id: Id, report_id: Id });

// Strings on purpose: Toggl answers any unreadable value with "Invalid parameter {name}.",
// which the service words; `requestingUserID` is Toggl-internal and has no effect.
export const SavedReportsQuery = Type.Object({
  fixed_dates: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  page: Type.Optional(Type.String()),
  per_page: Type.Optional(Type.String()),
  public: Type.Optional(Type.String()),
  requestingUserID: Type.Optional(Type.String()),
  scheduled: Type.Optional(Type.String()),
  sort_direction: Type.Optional(Type.String()),
  sort_field: Type.Optional(Type.String()),
});

/** saved.Payload */
export const SavedReportBody = Type.Object({
  fixed_daterange: Type.Optional(Type.Boolean()),
  id: Type.Optional(Type.Integer()),
  name: Type.Optional(Type.String()),
  // An object as saved.Payload says, or the JSON string models.SavedReport answers with.
  params: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.String()])),
  public: Type.Optional(Type.Boolean()),
  regenerate_token: Type.Optional(Type.Boolean()),
});

export const SavedReportsBody = Type.Array(SavedReportBody);

/** shared.bulkDeleteInputData */
export const BulkDeleteBody = Type.Object({
  ids: Type.Optional(Type.Array(Type.Integer())),
});
