import { Type } from '@sinclair/typebox';
import { Id } from './common.js';

export const TagParams = Type.Object({ workspace_id: Id, tag_id: Id });

export const TagsQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1 })),
  search: Type.Optional(Type.String()),
});

/** tags.payload; clients also send workspace_id, which the path already fixes. */
export const TagBody = Type.Object({
  name: Type.Optional(Type.String()),
});

export const TagPatchBody = Type.Array(
  Type.Object({
    op: Type.String(),
    tag_id: Type.Integer(),
  }),
);
