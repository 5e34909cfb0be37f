import { Type } from '@sinclair/typebox';
import { maybe, wrapped } from './common.js';

/**
 * v8's project_user. `uid` is one user id, or several as a comma-separated string; `fields`
 * asks for extra fields ("fullname").
 */
export const ProjectUserBody = wrapped(
  'project_user',
  Type.Object({
    pid: Type.Optional(Type.Integer()),
    uid: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
    wid: maybe(Type.Integer()),
    manager: Type.Optional(Type.Boolean()),
    rate: maybe(Type.Number()),
    fields: Type.Optional(Type.String()),
  }),
);
