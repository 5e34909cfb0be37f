import { Type } from '@sinclair/typebox';
import { Id } from './common.js';

export const ClientParams = Type.Object({ workspace_id: Id, client_id: Id });

export const ClientsQuery = Type.Object({
  status: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
});

/** client.Payload; Toggl clients also send wid/workspace_id, which the path already fixes. */
export const ClientBody = Type.Object({
  name: Type.Optional(Type.String()),
  notes: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  external_reference: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

export const ClientIds = Type.Array(Type.Integer());

/** project.RestoreParams; the body may be left out to restore the client alone. */
export const RestoreBody = Type.Union([
  Type.Object({
    projects: Type.Optional(Type.Array(Type.Integer())),
    restore_all_projects: Type.Optional(Type.Boolean()),
  }),
  Type.Null(),
]);
