import { Type } from '@sinclair/typebox';
import { maybe, wrapped } from './common.js';

/** The project fields v8 documents; `color` is a palette index ("5") or a hex value. */
export const ProjectBody = wrapped(
  'project',
  Type.Object({
    name: Type.Optional(Type.String()),
    wid: maybe(Type.Integer()),
    cid: maybe(Type.Integer()),
    active: Type.Optional(Type.Boolean()),
    is_private: Type.Optional(Type.Boolean()),
    template: Type.Optional(Type.Boolean()),
    template_id: maybe(Type.Integer()),
    billable: Type.Optional(Type.Boolean()),
    auto_estimates: Type.Optional(Type.Boolean()),
    estimated_hours: maybe(Type.Integer()),
    color: maybe(Type.Union([Type.String(), Type.Integer()])),
    rate: maybe(Type.Number()),
    currency: maybe(Type.String()),
  }),
);
