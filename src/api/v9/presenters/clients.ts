import type { Client } from '../../../domain/clients/clients.types.js';
import { formatSeconds } from '../../../time.js';

/**
 * models.Client. Stint links no external systems and has no per-record permissions, so those
 * fields are null. A deleted client only ever appears in GET /me/clients?since, and then carries
 * server_deleted_at as real Toggl sends it (toggl/mobileapp's Client model; see quirks.ts).
 */
export function presentClient(c: Client) {
  return {
    archived: c.archived,
    at: formatSeconds(c.at),
    creator_id: c.creator_id,
    external_reference: c.external_reference,
    id: c.id,
    integration_ext_id: null,
    integration_ext_type: null,
    integration_provider: null,
    name: c.name,
    notes: c.notes,
    permissions: null,
    total_count: null,
    wid: c.workspace_id,
    ...(c.deleted_at !== null ? { server_deleted_at: formatSeconds(c.deleted_at) } : {}),
  };
}
