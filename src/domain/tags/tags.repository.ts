import { prepared } from '../../db/prepared.js';
import { sql, type Kysely, type Selectable } from 'kysely';
import { isUniqueViolation } from '../../db/dialect.js';
import type { DB, TagsTable, Executor } from '../../db/tables.js';
import { activeWorkspaceIdsOf } from '../workspaces/workspaces.repository.js';
import { conflict } from '../errors.js';
import type { Tag, TagFilter } from './tags.types.js';

export const tagNameTaken = (name: string) => conflict(`a tag with the name '${name}' already exists`);

function toTag(row: Selectable<TagsTable>): Tag {
  return {
    id: row.id,
    workspace_id: row.workspace_id,
    name: row.name,
    creator_id: row.creator_id,
    created_at: row.created_at,
    at: row.at,
    deleted_at: row.deleted_at,
  };
}

async function translateUnique<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) throw tagNameTaken(name);
    throw err;
  }
}

/** The subset of `ids` that are live tags of the workspace (used by tags and time entries). */
export async function liveTagIds(tx: Executor, workspaceId: number, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await tx
    .selectFrom('tags')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .where('deleted_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.id));
}

const tagsOfUser = prepared((db, a: { userId: number; since?: number }) => {
  let q = db.selectFrom('tags as t').selectAll('t').where('t.workspace_id', 'in', activeWorkspaceIdsOf(db, a.userId));
  q = a.since === undefined ? q.where('t.deleted_at', 'is', null) : q.where('t.at', '>=', a.since);
  return q.orderBy('t.workspace_id').orderBy('t.name_key').orderBy('t.id');
});

export class TagsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async list(workspaceId: number, filter: TagFilter): Promise<Tag[]> {
    let q = this.db.selectFrom('tags').selectAll().where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null);
    if (filter.search) {
      const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      q = q.where(sql<boolean>`name_key like ${pattern} escape '\\'`);
    }
    q = q.orderBy('name_key').orderBy('id');
    if (filter.limit !== undefined) q = q.limit(filter.limit).offset(filter.offset ?? 0);
    return (await q.execute()).map(toTag);
  }

  /**
   * Tags of every workspace the user is an active member of. With `since` (epoch ms) the result
   * is what changed from then on, deleted tags included (they carry deleted_at).
   */
  async forUser(userId: number, since?: number): Promise<Tag[]> {
    return (await tagsOfUser.all(this.db, { userId, since })).map(toTag);
  }

  async byId(workspaceId: number, id: number, tx: Executor = this.db): Promise<Tag | null> {
    const row = await tx
      .selectFrom('tags')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? toTag(row) : null;
  }

  /** Ids among `ids` that are live tags of the workspace. */
  async existingIds(workspaceId: number, ids: number[], tx: Executor = this.db): Promise<Set<number>> {
    return liveTagIds(tx, workspaceId, ids);
  }

  async insert(workspaceId: number, name: string, creatorId: number, now: number): Promise<Tag> {
    const row = await translateUnique(name, () =>
      this.db
        .insertInto('tags')
        .values({ workspace_id: workspaceId, name, name_key: name.toLowerCase(), creator_id: creatorId, created_at: now, at: now })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return toTag(row);
  }

  async rename(id: number, name: string, now: number): Promise<void> {
    await translateUnique(name, () =>
      this.db.updateTable('tags').set({ name, name_key: name.toLowerCase(), at: now }).where('id', '=', id).execute(),
    );
  }

  /**
   * Deletes the tags softly and takes them off every time entry. Toggl leaves the entries' `at`
   * as it was when a tag disappears from them (toggl/mobileapp#2073), so entries are not touched.
   */
  async softDelete(tx: Executor, workspaceId: number, ids: number[], now: number): Promise<void> {
    if (ids.length === 0) return;
    await tx.deleteFrom('time_entry_tags').where('tag_id', 'in', ids).execute();
    await tx.updateTable('tags').set({ deleted_at: now, at: now }).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  }
}
