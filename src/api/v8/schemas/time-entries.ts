import { Type } from '@sinclair/typebox';
import { maybe, wrapped } from './common.js';

/**
 * v8's time_entry. Clients often send back the whole entry they received (id, at, guid ...);
 * fields not listed pass through unread.
 */
export const TimeEntryBody = wrapped(
  'time_entry',
  Type.Object({
    description: maybe(Type.String()),
    guid: maybe(Type.String()),
    wid: maybe(Type.Integer()),
    pid: maybe(Type.Integer()),
    tid: maybe(Type.Integer()),
    uid: maybe(Type.Integer()),
    billable: maybe(Type.Boolean()),
    start: maybe(Type.String()),
    stop: maybe(Type.String()),
    duration: maybe(Type.Integer()),
    created_with: maybe(Type.String()),
    tags: maybe(Type.Array(Type.String())),
    tag_action: maybe(Type.String()),
    duronly: maybe(Type.Boolean()),
  }),
);

export const TimeEntriesQuery = Type.Object({
  start_date: Type.Optional(Type.String()),
  end_date: Type.Optional(Type.String()),
});
