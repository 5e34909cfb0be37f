import { Type, type TSchema } from '@sinclair/typebox';

export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const IdParams = Type.Object({ id: Id });
export const WorkspaceParams = Type.Object({ workspace_id: Id });
/** Bulk paths carry comma-separated ids (`/tasks/1,2,3`); a single id is a list of one. */
export const IdsParams = Type.Object({ ids: Type.String() });

/** Optional, and null where v8 clients send null to clear a value. */
export const maybe = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

/**
 * A v8 body: the record under its name (`{"client": {...}}`). The wrapper is optional here so
 * that its absence gets Toggl's own "client can't be blank" from the route, not a schema message.
 */
export const wrapped = <T extends TSchema>(key: string, inner: T) =>
  Type.Union([Type.Object({ [key]: Type.Optional(inner) }), Type.Null()]);

/** `active=true|false|both` of v8 lists. */
export const ActiveQuery = Type.Object({ active: Type.Optional(Type.String()) });
