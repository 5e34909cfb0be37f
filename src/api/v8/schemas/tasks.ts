import { Type } from '@sinclair/typebox';
import { maybe, wrapped } from './common.js';

/** v8's task; `fields` asks for extra fields ("done_seconds,uname"). */
export const TaskBody = wrapped(
  'task',
  Type.Object({
    name: Type.Optional(Type.String()),
    pid: Type.Optional(Type.Integer()),
    wid: maybe(Type.Integer()),
    uid: maybe(Type.Integer()),
    estimated_seconds: maybe(Type.Integer()),
    active: Type.Optional(Type.Boolean()),
    fields: Type.Optional(Type.String()),
  }),
);
