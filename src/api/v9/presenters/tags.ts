import type { Tag } from '../../../domain/tags/tags.types.js';
import { formatSeconds, nullable } from '../../../time.js';

/** models.Tag. Stint links no external systems and has no per-record permissions. */
export function presentTag(t: Tag) {
  return {
    at: formatSeconds(t.at),
    creator_id: t.creator_id,
    deleted_at: nullable(t.deleted_at, formatSeconds),
    id: t.id,
    integration_ext_id: null,
    integration_ext_type: null,
    integration_provider: null,
    name: t.name,
    permissions: null,
    workspace_id: t.workspace_id,
  };
}
