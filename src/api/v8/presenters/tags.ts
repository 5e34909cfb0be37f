import type { Tag } from '../../../domain/tags/tags.types.js';
import { formatSeconds, nullable } from '../../../time.js';

/** The v8 tag. */
export function presentTag(t: Tag) {
  return {
    id: t.id,
    wid: t.workspace_id,
    name: t.name,
    at: formatSeconds(t.at),
    server_deleted_at: nullable(t.deleted_at, formatSeconds),
  };
}
