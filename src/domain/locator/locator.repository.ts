import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import type { LocatableKind, RecordHome } from './locator.types.js';

/**
 * Finds the workspace of records by id alone, deleted ones included: whether the caller may see
 * the record, and whether it still exists for them, is the owning area's service to decide.
 */
export class LocatorRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async homes(kind: LocatableKind, ids: number[]): Promise<Map<number, RecordHome>> {
    const out = new Map<number, RecordHome>();
    if (ids.length === 0) return out;
    if (kind === 'tasks' || kind === 'project_users') {
      const rows = await this.db.selectFrom(kind).select(['id', 'workspace_id', 'project_id']).where('id', 'in', ids).execute();
      for (const r of rows) out.set(r.id, { workspace_id: r.workspace_id, project_id: r.project_id });
      return out;
    }
    const rows = await this.db.selectFrom(kind).select(['id', 'workspace_id']).where('id', 'in', ids).execute();
    for (const r of rows) out.set(r.id, { workspace_id: r.workspace_id, project_id: null });
    return out;
  }
}
