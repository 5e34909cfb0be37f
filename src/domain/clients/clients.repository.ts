import { prepared } from '../../db/prepared.js';
import { sql, type Kysely, type Selectable } from 'kysely';
import { isUniqueViolation } from '../../db/dialect.js';
import { flag, isSet } from '../../db/rows.js';
import type { ClientsTable, DB, Executor } from '../../db/tables.js';
import { activeWorkspaceIdsOf } from '../workspaces/workspaces.repository.js';
import { conflict } from '../errors.js';
import type { Client, ClientChanges, ClientFilter } from './clients.types.js';

export const CLIENT_NAME_TAKEN = 'Client name already exists';

function toClient(row: Selectable<ClientsTable>): Client {
  return {
    id: row.id,
    workspace_id: row.workspace_id,
    name: row.name,
    archived: isSet(row.archived),
    notes: row.notes,
    external_reference: row.external_reference,
    creator_id: row.creator_id,
    created_at: row.created_at,
    at: row.at,
    deleted_at: row.deleted_at,
  };
}

/** LIKE pattern for a case-insensitive substring search over a lower-cased key column. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

async function translateUnique<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(CLIENT_NAME_TAKEN);
    throw err;
  }
}

const clientsOfUser = prepared((db, a: { userId: number; since?: number }) => {
  let q = db.selectFrom('clients as c').selectAll('c').where('c.workspace_id', 'in', activeWorkspaceIdsOf(db, a.userId));
  q = a.since === undefined ? q.where('c.deleted_at', 'is', null) : q.where('c.at', '>=', a.since);
  return q.orderBy('c.workspace_id').orderBy('c.name_key').orderBy('c.id');
});

export class ClientsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async list(workspaceId: number, filter: ClientFilter, tx: Executor = this.db): Promise<Client[]> {
    let q = tx.selectFrom('clients').selectAll().where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null);
    if (filter.status === 'active') q = q.where('archived', '=', 0);
    if (filter.status === 'archived') q = q.where('archived', '=', 1);
    if (filter.name) q = q.where(sql<boolean>`name_key like ${containsPattern(filter.name)} escape '\\'`);
    const rows = await q.orderBy('name_key').orderBy('id').execute();
    return rows.map(toClient);
  }

  async byId(workspaceId: number, id: number, tx: Executor = this.db): Promise<Client | null> {
    const row = await tx
      .selectFrom('clients')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? toClient(row) : null;
  }

  /** Live clients of the workspace among `ids`, in name order; ids elsewhere are left out. */
  async byIds(workspaceId: number, ids: number[], tx: Executor = this.db): Promise<Client[]> {
    if (ids.length === 0) return [];
    const rows = await tx
      .selectFrom('clients')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids)
      .where('deleted_at', 'is', null)
      .orderBy('name_key')
      .orderBy('id')
      .execute();
    return rows.map(toClient);
  }

  /**
   * Clients of every workspace the user is an active member of. With `since` (epoch ms) the
   * result is what changed from then on, deleted clients included, so sync clients can drop them.
   */
  async forUser(userId: number, since?: number): Promise<Client[]> {
    return (await clientsOfUser.all(this.db, { userId, since })).map(toClient);
  }

  async insert(
    workspaceId: number,
    values: { name: string; notes: string | null; external_reference: string | null; creator_id: number },
    now: number,
  ): Promise<Client> {
    const row = await translateUnique(() =>
      this.db
        .insertInto('clients')
        .values({ ...values, workspace_id: workspaceId, name_key: values.name.toLowerCase(), created_at: now, at: now })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return toClient(row);
  }

  async update(id: number, changes: ClientChanges, now: number): Promise<void> {
    const set = { ...changes, ...(changes.name !== undefined ? { name_key: changes.name.toLowerCase() } : {}), at: now };
    await translateUnique(() => this.db.updateTable('clients').set(set).where('id', '=', id).execute());
  }

  async setArchived(tx: Executor, ids: number[], archived: boolean, now: number): Promise<void> {
    if (ids.length === 0) return;
    await tx.updateTable('clients').set({ archived: flag(archived), at: now }).where('id', 'in', ids).execute();
  }

  /** Archives the live, active projects of the clients; answers the ids it archived. */
  async archiveProjectsOf(tx: Executor, workspaceId: number, clientIds: number[], now: number): Promise<number[]> {
    if (clientIds.length === 0) return [];
    const rows = await tx
      .updateTable('projects')
      .set({ active: 0, at: now })
      .where('workspace_id', '=', workspaceId)
      .where('client_id', 'in', clientIds)
      .where('active', '=', 1)
      .where('deleted_at', 'is', null)
      .returning('id')
      .execute();
    return rows.map((r) => r.id).sort((a, b) => a - b);
  }

  /** Ids of the client's live projects. */
  async projectIdsOf(tx: Executor, workspaceId: number, clientId: number): Promise<number[]> {
    const rows = await tx
      .selectFrom('projects')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('client_id', '=', clientId)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Activates the archived ones of the projects; answers the ids it activated. */
  async activateProjects(tx: Executor, projectIds: number[], now: number): Promise<number[]> {
    if (projectIds.length === 0) return [];
    const rows = await tx.updateTable('projects').set({ active: 1, at: now }).where('id', 'in', projectIds).where('active', '=', 0).returning('id').execute();
    return rows.map((r) => r.id).sort((a, b) => a - b);
  }

  /**
   * Deletes the clients softly and leaves their projects without a client, as Toggl does; the
   * projects' `at` moves so that syncing clients see the change.
   */
  async softDelete(tx: Executor, workspaceId: number, ids: number[], now: number): Promise<void> {
    if (ids.length === 0) return;
    await tx
      .updateTable('projects')
      .set({ client_id: null, at: now })
      .where('workspace_id', '=', workspaceId)
      .where('client_id', 'in', ids)
      .execute();
    await tx.updateTable('clients').set({ deleted_at: now, at: now }).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  }
}
