import { Type } from '@sinclair/typebox';

export const SignupBody = Type.Object({
  email: Type.String(),
  password: Type.String(),
  fullname: Type.Optional(Type.String()),
  timezone: Type.Optional(Type.String()),
  country_id: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
});

export const MeQuery = Type.Object({
  with_related_data: Type.Optional(Type.Boolean()),
});

export const UpdateMeBody = Type.Object({
  beginning_of_week: Type.Optional(Type.Integer()),
  country_id: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  current_password: Type.Optional(Type.String()),
  default_workspace_id: Type.Optional(Type.Integer()),
  email: Type.Optional(Type.String()),
  fullname: Type.Optional(Type.String()),
  password: Type.Optional(Type.String()),
  timezone: Type.Optional(Type.String()),
});

export const SinceQuery = Type.Object({
  since: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const PreferencesBody = Type.Record(Type.String(), Type.Unknown());
export const PreferencesClientParams = Type.Object({ client: Type.Union([Type.Literal('desktop'), Type.Literal('web')]) });
