import { sql, type Kysely, type Selectable } from 'kysely';
import { isUniqueViolation } from '../../db/dialect.js';
import { flag, isSet, chunks } from '../../db/rows.js';
import { prepared } from '../../db/prepared.js';
import type { DB, TimeEntriesTable, Executor } from '../../db/tables.js';
import { activeWorkspaceIdsOf } from '../workspaces/workspaces.repository.js';
import { liveTagIds } from '../tags/tags.repository.js';
import { DomainError } from '../errors.js';
import { projectVisibleTo } from '../projects/projects.policy.js';
import type { ListFilter } from './time-entries.timing.js';
import type { TimeEntry } from './time-entries.types.js';

/**
 * The database's one-running-entry index refused a write: another request started a timer for
 * the same user at the same moment.
 */
export class RunningEntryConflict extends DomainError {
  constructor() {
    super('conflict', 'Another time entry was started at the same time; try again');
  }
}

async function guardRunning<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (isUniqueViolation(err)) throw new RunningEntryConflict();
    throw err;
  }
}

export interface TimeEntryValues {
  workspace_id: number;
  user_id: number;
  project_id: number | null;
  task_id: number | null;
  description: string;
  billable: boolean;
  start: number;
  stop: number | null;
  duration: number;
  duronly: boolean;
  created_with: string;
}

export interface ProjectRef {
  id: number;
  billable: boolean;
  visible: boolean;
}

export interface TaskRef {
  id: number;
  project_id: number;
}

export interface ProjectMeta {
  id: number;
  name: string;
  color: string;
  active: boolean;
  billable: boolean;
  client_id: number | null;
  client_name: string | null;
}


function toTimeEntry(row: Selectable<TimeEntriesTable>, tags: { id: number; name: string }[]): TimeEntry {
  return {
    id: row.id,
    workspace_id: row.workspace_id,
    user_id: row.user_id,
    project_id: row.project_id,
    task_id: row.task_id,
    description: row.description,
    billable: isSet(row.billable),
    start: row.start,
    stop: row.stop,
    duration: row.duration,
    duronly: isSet(row.duronly),
    created_with: row.created_with,
    created_at: row.created_at,
    at: row.at,
    deleted_at: row.deleted_at,
    guid: row.guid,
    tag_ids: tags.map((t) => t.id),
    tags: tags.map((t) => t.name),
  };
}

function columns(v: TimeEntryValues) {
  return {
    workspace_id: v.workspace_id,
    user_id: v.user_id,
    project_id: v.project_id,
    task_id: v.task_id,
    description: v.description,
    billable: flag(v.billable),
    start: v.start,
    stop: v.stop,
    duration: v.duration,
    duronly: flag(v.duronly),
    created_with: v.created_with,
  };
}

// The statements of the routes clients call most (list, start, stop, edit), built once.
const entryList = prepared(
  (db, a: { userId: number; includeDeleted: boolean; since?: number; from?: number; to?: number; limit?: number }) => {
    let q = db
      .selectFrom('time_entries as te')
      .selectAll('te')
      .where('te.user_id', '=', a.userId)
      .where('te.workspace_id', 'in', activeWorkspaceIdsOf(db, a.userId));
    if (!a.includeDeleted) q = q.where('te.deleted_at', 'is', null);
    if (a.since !== undefined) q = q.where('te.at', '>=', a.since);
    if (a.from !== undefined) q = q.where('te.start', '>=', a.from);
    if (a.to !== undefined) q = q.where('te.start', '<', a.to);
    q = q.orderBy('te.start', 'desc').orderBy('te.id', 'desc');
    if (a.limit !== undefined) q = q.limit(a.limit);
    return q;
  },
);

const tagsOfEntries = prepared((db, a: { ids: number[] }) =>
  db
    .selectFrom('time_entry_tags as tet')
    .innerJoin('tags', 'tags.id', 'tet.tag_id')
    .select(['tet.time_entry_id', 'tags.id', 'tags.name'])
    .where('tet.time_entry_id', 'in', a.ids)
    .where('tags.deleted_at', 'is', null)
    .orderBy('tet.time_entry_id')
    .orderBy('tet.position'),
);

const ownEntry = prepared((db, a: { userId: number; id: number; workspaceId: number }) =>
  db
    .selectFrom('time_entries')
    .selectAll()
    .where('id', '=', a.id)
    .where('user_id', '=', a.userId)
    .where('workspace_id', '=', a.workspaceId)
    .where('deleted_at', 'is', null),
);

const runningEntry = prepared((db, a: { userId: number }) =>
  db.selectFrom('time_entries').selectAll().where('user_id', '=', a.userId).where('stop', 'is', null).where('deleted_at', 'is', null),
);

const insertEntry = prepared((db, a: ReturnType<typeof columns> & { guid: string; created_at: number; at: number }) =>
  db.insertInto('time_entries').values(a).returningAll(),
);

export class TimeEntriesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Rows → records, with every entry's live tags loaded in one query per chunk of entries. */
  private async withTags(rows: Selectable<TimeEntriesTable>[], tx: Executor): Promise<TimeEntry[]> {
    const byEntry = await this.tagsByEntry(rows.map((r) => r.id), tx);
    return rows.map((r) => toTimeEntry(r, byEntry.get(r.id) ?? []));
  }

  private async tagsByEntry(entryIds: number[], tx: Executor): Promise<Map<number, { id: number; name: string }[]>> {
    const byEntry = new Map<number, { id: number; name: string }[]>();
    for (const ids of chunks(entryIds)) {
      const tagRows = await tagsOfEntries.all(tx, { ids });
      for (const t of tagRows) {
        const list = byEntry.get(t.time_entry_id) ?? [];
        list.push({ id: t.id, name: t.name });
        byEntry.set(t.time_entry_id, list);
      }
    }
    return byEntry;
  }

  /** A live entry of the user in the given workspace. */
  async findOwn(userId: number, id: number, workspaceId: number, tx: Executor = this.db): Promise<TimeEntry | null> {
    const row = await ownEntry.first(tx, { userId, id, workspaceId });
    return row ? (await this.withTags([row], tx))[0]! : null;
  }

  /** A live entry of the user in any workspace they still belong to. */
  async findVisible(userId: number, id: number): Promise<TimeEntry | null> {
    const row = await this.db
      .selectFrom('time_entries as te')
      .selectAll('te')
      .where('te.id', '=', id)
      .where('te.user_id', '=', userId)
      .where('te.deleted_at', 'is', null)
      .where('te.workspace_id', 'in', activeWorkspaceIdsOf(this.db, userId))
      .executeTakeFirst();
    return row ? (await this.withTags([row], this.db))[0]! : null;
  }

  /** Live entries of the user among `ids`, in workspaces they still belong to, in the order of `ids`. */
  async findVisibleMany(userId: number, ids: number[]): Promise<TimeEntry[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('time_entries as te')
      .selectAll('te')
      .where('te.id', 'in', ids)
      .where('te.user_id', '=', userId)
      .where('te.deleted_at', 'is', null)
      .where('te.workspace_id', 'in', activeWorkspaceIdsOf(this.db, userId))
      .execute();
    const byId = new Map((await this.withTags(rows, this.db)).map((e) => [e.id, e]));
    return ids.map((id) => byId.get(id)).filter((e): e is TimeEntry => e !== undefined);
  }

  /**
   * Live entries among `ids` whoever owns them, in the order of `ids`: the entries shared with
   * someone, which the service shows only to the people its invitations address.
   */
  async findLiveMany(ids: number[]): Promise<TimeEntry[]> {
    const rows: Selectable<TimeEntriesTable>[] = [];
    for (const part of chunks(ids)) {
      rows.push(...(await this.db.selectFrom('time_entries').selectAll().where('id', 'in', part).where('deleted_at', 'is', null).execute()));
    }
    const byId = new Map((await this.withTags(rows, this.db)).map((e) => [e.id, e]));
    return ids.map((id) => byId.get(id)).filter((e): e is TimeEntry => e !== undefined);
  }

  /** The user's running entry in a workspace they still belong to, for GET .../current. */
  async runningVisible(userId: number): Promise<TimeEntry | null> {
    const row = await this.db
      .selectFrom('time_entries as te')
      .selectAll('te')
      .where('te.user_id', '=', userId)
      .where('te.stop', 'is', null)
      .where('te.deleted_at', 'is', null)
      .where('te.workspace_id', 'in', activeWorkspaceIdsOf(this.db, userId))
      .executeTakeFirst();
    return row ? (await this.withTags([row], this.db))[0]! : null;
  }

  /** The user's entries, restricted to workspaces they still belong to, newest start first. */
  async list(userId: number, filter: ListFilter): Promise<TimeEntry[]> {
    // Reading requests hold one connection for all their statements (http/in-flight.ts).
    const rows = await entryList.all(this.db, {
      userId,
      includeDeleted: filter.includeDeleted === true,
      since: filter.since === undefined ? undefined : filter.since * 1000,
      from: filter.from,
      to: filter.to,
      limit: filter.limit,
    });
    return this.withTags(rows, this.db);
  }

  /** The user's live entry with this guid. */
  async byGuid(tx: Executor, userId: number, guid: string): Promise<TimeEntry | null> {
    const row = await tx.selectFrom('time_entries').selectAll().where('user_id', '=', userId).where('guid', '=', guid).where('deleted_at', 'is', null).executeTakeFirst();
    return row ? (await this.withTags([row], tx))[0]! : null;
  }

  /** The user's running entry wherever it is: one timer per person, across workspaces. */
  async running(userId: number, tx: Executor = this.db): Promise<TimeEntry | null> {
    const row = await runningEntry.first(tx, { userId });
    return row ? (await this.withTags([row], tx))[0]! : null;
  }

  /** Writes a new entry and answers it as stored, without its tags (the caller sets those). */
  async insert(tx: Executor, values: TimeEntryValues, guid: string, now: number): Promise<TimeEntry> {
    const row = await guardRunning(
      insertEntry.first(tx, { ...columns(values), guid, created_at: now, at: now }),
    );
    return toTimeEntry(row!, []);
  }

  /** Rewrites an entry and answers it as stored, without its tags (the caller knows those). */
  async update(tx: Executor, id: number, values: TimeEntryValues, now: number): Promise<TimeEntry> {
    const row = await guardRunning(
      tx.updateTable('time_entries').set({ ...columns(values), at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow(),
    );
    return toTimeEntry(row, []);
  }

  /** The entry's live tags, in their order. */
  async tagsOf(tx: Executor, entryId: number): Promise<{ tag_ids: number[]; tags: string[] }> {
    const tags = (await this.tagsByEntry([entryId], tx)).get(entryId) ?? [];
    return { tag_ids: tags.map((t) => t.id), tags: tags.map((t) => t.name) };
  }

  /** Stops an entry only if it is still running, so a concurrent stop is not overwritten. */
  async stopRunning(tx: Executor, id: number, stop: number, duration: number, now: number): Promise<boolean> {
    const result = await tx
      .updateTable('time_entries')
      .set({ stop, duration, at: now })
      .where('id', '=', id)
      .where('stop', 'is', null)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async softDelete(tx: Executor, id: number, now: number): Promise<boolean> {
    const result = await tx
      .updateTable('time_entries')
      .set({ deleted_at: now, at: now })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async setTags(tx: Executor, entryId: number, tagIds: number[]): Promise<void> {
    await tx.deleteFrom('time_entry_tags').where('time_entry_id', '=', entryId).execute();
    if (tagIds.length === 0) return;
    await tx
      .insertInto('time_entry_tags')
      .values(tagIds.map((tag_id, position) => ({ time_entry_id: entryId, tag_id, position })))
      .execute();
  }

  /** The subset of `ids` that are live tags of the workspace. */
  async liveTagIds(tx: Executor, workspaceId: number, ids: number[]): Promise<Set<number>> {
    return liveTagIds(tx, workspaceId, ids);
  }


  /** Live tags of the workspace by lower-cased name. */
  async tagsByNameKey(tx: Executor, workspaceId: number, keys: string[]): Promise<Map<string, number>> {
    if (keys.length === 0) return new Map();
    const rows = await tx
      .selectFrom('tags')
      .select(['id', 'name_key'])
      .where('workspace_id', '=', workspaceId)
      .where('name_key', 'in', keys)
      .where('deleted_at', 'is', null)
      .execute();
    return new Map(rows.map((r) => [r.name_key, r.id]));
  }

  /**
   * Creates tags that do not exist yet. A name taken meanwhile by a concurrent request is skipped
   * (not an error): the caller reads the ids back afterwards.
   */
  async insertMissingTags(tx: Executor, workspaceId: number, names: string[], creatorId: number, now: number): Promise<void> {
    if (names.length === 0) return;
    await tx
      .insertInto('tags')
      .values(names.map((name) => ({ workspace_id: workspaceId, name, name_key: name.toLowerCase(), creator_id: creatorId, created_at: now, at: now })))
      .onConflict((oc) => oc.columns(['workspace_id', 'name_key']).where('deleted_at', 'is', null).doNothing())
      .execute();
  }

  /** A live project of the workspace, and whether the viewer may see it (the projects area's rule). */
  async project(tx: Executor, workspaceId: number, projectId: number, viewer: { userId: number; admin: boolean }): Promise<ProjectRef | null> {
    const row = await tx
      .selectFrom('projects')
      .select(['id', 'billable'])
      .select((eb) => sql<number | boolean>`case when ${projectVisibleTo(eb, viewer)} then 1 else 0 end`.as('visible'))
      .where('id', '=', projectId)
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    return { id: row.id, billable: isSet(row.billable), visible: isSet(Number(row.visible)) };
  }

  async task(tx: Executor, workspaceId: number, taskId: number): Promise<TaskRef | null> {
    const row = await tx
      .selectFrom('tasks')
      .select(['id', 'project_id'])
      .where('id', '=', taskId)
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row ?? null;
  }

  /** Project and client names for meta=true, one query per chunk of projects. */
  async projectMeta(projectIds: number[]): Promise<Map<number, ProjectMeta>> {
    const out = new Map<number, ProjectMeta>();
    for (const ids of chunks(projectIds)) {
      const rows = await this.db
        .selectFrom('projects as p')
        .leftJoin('clients as c', (j) => j.onRef('c.id', '=', 'p.client_id').on('c.deleted_at', 'is', null))
        .select(['p.id', 'p.name', 'p.color', 'p.active', 'p.billable', 'c.id as client_id', 'c.name as client_name'])
        .where('p.id', 'in', ids)
        .execute();
      for (const r of rows) {
        out.set(r.id, {
          id: r.id,
          name: r.name,
          color: r.color,
          active: isSet(r.active),
          billable: isSet(r.billable),
          client_id: r.client_id ?? null,
          client_name: r.client_name ?? null,
        });
      }
    }
    return out;
  }

  async taskNames(taskIds: number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const ids of chunks(taskIds)) {
      const rows = await this.db.selectFrom('tasks').select(['id', 'name']).where('id', 'in', ids).execute();
      for (const r of rows) out.set(r.id, r.name);
    }
    return out;
  }

  /** How many entries the user has made, counting deleted ones, and how many are live. */
  async counts(userId: number): Promise<{ created: number; live: number }> {
    const row = await this.db
      .selectFrom('time_entries')
      .select((eb) => [
        eb.fn.countAll<number>().as('created'),
        eb.fn.count<number>(sql`case when deleted_at is null then 1 end`).as('live'),
      ])
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return { created: Number(row.created), live: Number(row.live) };
  }

  /** Of the given ids, those that are live entries of the user in the workspace. */
  async ownIds(userId: number, workspaceId: number, ids: number[]): Promise<Set<number>> {
    const out = new Set<number>();
    for (const part of chunks(ids)) {
      const rows = await this.db
        .selectFrom('time_entries')
        .select('id')
        .where('user_id', '=', userId)
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', part)
        .where('deleted_at', 'is', null)
        .execute();
      for (const r of rows) out.add(r.id);
    }
    return out;
  }
}
