import { Type } from '@sinclair/typebox';
import { maybe, wrapped } from './common.js';

export const MeQuery = Type.Object({
  with_related_data: Type.Optional(Type.Boolean()),
  since: Type.Optional(Type.Integer({ minimum: 0 })),
});

/** The user fields v8's PUT /me documents, plus the default workspace v8 clients send back. */
export const UserBody = wrapped(
  'user',
  Type.Object({
    fullname: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
    send_product_emails: Type.Optional(Type.Boolean()),
    send_weekly_report: Type.Optional(Type.Boolean()),
    send_timer_notifications: Type.Optional(Type.Boolean()),
    store_start_and_stop_time: Type.Optional(Type.Boolean()),
    beginning_of_week: Type.Optional(Type.Integer()),
    timezone: Type.Optional(Type.String()),
    timeofday_format: Type.Optional(Type.String()),
    date_format: Type.Optional(Type.String()),
    default_wid: Type.Optional(Type.Integer()),
    current_password: Type.Optional(Type.String()),
    password: Type.Optional(Type.String()),
  }),
);

export const SignupBody = wrapped(
  'user',
  Type.Object({
    email: Type.Optional(Type.String()),
    password: Type.Optional(Type.String()),
    fullname: maybe(Type.String()),
    timezone: maybe(Type.String()),
    created_with: maybe(Type.String()),
  }),
);
