import { Type } from '@sinclair/typebox';
import { maybe, wrapped } from './common.js';

export const ClientBody = wrapped(
  'client',
  Type.Object({
    name: Type.Optional(Type.String()),
    wid: maybe(Type.Integer()),
    notes: maybe(Type.String()),
  }),
);
