import type { Client } from '../../../domain/clients/clients.types.js';
import { formatSeconds, nullable } from '../../../time.js';

/** The v8 client. */
export function presentClient(c: Client) {
  return {
    id: c.id,
    wid: c.workspace_id,
    name: c.name,
    notes: c.notes,
    at: formatSeconds(c.at),
    server_deleted_at: nullable(c.deleted_at, formatSeconds),
  };
}
