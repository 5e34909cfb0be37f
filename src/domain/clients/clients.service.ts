import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../db/tables.js';
import { clock } from '../../time.js';
import { forbidden, invalid, notFound } from '../errors.js';
import type { ProjectsService } from '../projects/projects.service.js';
import type { User } from '../users/users.types.js';
import { isPositiveId } from '../validation.js';
import type { EventAction } from '../webhooks/event-filters.js';
import type { WebhookEventsRecorder } from '../webhooks/webhook-events.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { MemberWorkspace } from '../workspaces/workspaces.types.js';
import { canManageClients } from './clients.policy.js';
import type { ClientsRepository } from './clients.repository.js';
import type { Client, ClientChanges, ClientInput, ClientStatus, RestoreInput } from './clients.types.js';

export const MAX_CLIENT_NAME_LENGTH = 255;
/** Bounds the id lists of the bulk operations, so one request cannot hold the database for long. */
export const MAX_BULK_IDS = 1000;

const STATUSES: readonly ClientStatus[] = ['active', 'archived', 'both'];
const MANAGE_CLIENTS = 'Only organization or workspace administrators may manage clients in this workspace.';

const noClient = (id: number) => notFound(`No client with ID ${id} was found`);

function optionalText(value: unknown, field: string): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value !== 'string') throw invalid(`Invalid ${field}`);
  return value;
}

function clientName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (name === '') throw invalid('Client name cannot be empty');
  if (name.length > MAX_CLIENT_NAME_LENGTH) throw invalid(`Client name maximum length is ${MAX_CLIENT_NAME_LENGTH}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(name)) throw invalid('Client name cannot contain control characters');
  return name;
}

function checkIds(ids: unknown, field: string): number[] {
  if (!Array.isArray(ids) || !ids.every(isPositiveId)) throw invalid(`${field} must be a list of numeric IDs`);
  if (ids.length > MAX_BULK_IDS) throw invalid(`${field} must not contain more than ${MAX_BULK_IDS} elements`);
  return [...new Set(ids)];
}

export class ClientsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clients: ClientsRepository,
    private readonly workspaces: WorkspacesService,
    private readonly webhookEvents: WebhookEventsRecorder,
    private readonly projects: ProjectsService,
  ) {}

  /** Webhook events of client changes; a single insert or update is recorded right after it. */
  private record(tx: Executor, user: User, workspaceId: number, action: EventAction, id: number, client: Client | null): Promise<void> {
    return this.webhookEvents.record(tx, { workspaceId, entity: 'client', action, entityId: id, actorId: user.id, record: client });
  }

  private async requireManager(user: User, workspaceId: number): Promise<MemberWorkspace> {
    const ws = await this.workspaces.require(user, workspaceId);
    if (!canManageClients(ws)) throw forbidden(MANAGE_CLIENTS);
    return ws;
  }

  async list(user: User, workspaceId: number, query: { status?: string; name?: string }): Promise<Client[]> {
    await this.workspaces.require(user, workspaceId);
    const status = (query.status ?? 'active') as ClientStatus;
    if (!STATUSES.includes(status)) throw invalid('Client status is invalid');
    const name = query.name?.trim();
    return this.clients.list(workspaceId, { status, ...(name ? { name } : {}) });
  }

  async listForUser(user: User, options: { since?: number } = {}): Promise<Client[]> {
    return this.clients.forUser(user.id, options.since);
  }

  async get(user: User, workspaceId: number, clientId: number): Promise<Client> {
    await this.workspaces.require(user, workspaceId);
    const client = await this.clients.byId(workspaceId, clientId);
    if (!client) throw noClient(clientId);
    return client;
  }

  async data(user: User, workspaceId: number, clientIds: unknown): Promise<Client[]> {
    await this.workspaces.require(user, workspaceId);
    return this.clients.byIds(workspaceId, checkIds(clientIds, 'client_ids'));
  }

  async create(user: User, workspaceId: number, input: ClientInput): Promise<Client> {
    await this.requireManager(user, workspaceId);
    const name = clientName(input.name);
    const notes = optionalText(input.notes, 'notes') ?? null;
    const externalReference = optionalText(input.external_reference, 'external_reference') ?? null;
    const client = await this.clients.insert(workspaceId, { name, notes, external_reference: externalReference, creator_id: user.id }, clock.now());
    await this.record(this.db, user, workspaceId, 'created', client.id, client);
    return client;
  }

  async update(user: User, workspaceId: number, clientId: number, input: ClientInput): Promise<Client> {
    await this.requireManager(user, workspaceId);
    const current = await this.clients.byId(workspaceId, clientId);
    if (!current) throw notFound("Client doesn't exist in the workspace.");
    const changes: ClientChanges = {};
    if (input.name !== undefined) changes.name = clientName(input.name);
    const notes = optionalText(input.notes, 'notes');
    if (notes !== undefined) changes.notes = notes;
    const externalReference = optionalText(input.external_reference, 'external_reference');
    if (externalReference !== undefined) changes.external_reference = externalReference;
    await this.clients.update(clientId, changes, clock.now());
    const client = (await this.clients.byId(workspaceId, clientId))!;
    await this.record(this.db, user, workspaceId, 'updated', client.id, client);
    return client;
  }

  /**
   * Archives the client and its active projects together; answers the archived project ids. The
   * client's event is recorded in the transaction, its payload built from the row it read; the
   * projects' events after the commit, as every project update's.
   */
  async archive(user: User, workspaceId: number, clientId: number): Promise<number[]> {
    await this.requireManager(user, workspaceId);
    const projectIds = await this.db.transaction().execute(async (tx) => {
      const client = await this.clients.byId(workspaceId, clientId, tx);
      if (!client) throw noClient(clientId);
      const now = clock.now();
      await this.clients.setArchived(tx, [clientId], true, now);
      await this.record(tx, user, workspaceId, 'updated', clientId, { ...client, archived: true, at: now });
      return this.clients.archiveProjectsOf(tx, workspaceId, [clientId], now);
    });
    await this.projects.recordUpdated(user, workspaceId, projectIds);
    return projectIds;
  }

  async archiveMany(user: User, workspaceId: number, clientIds: unknown): Promise<{ client_ids: number[]; project_ids: number[] }> {
    await this.requireManager(user, workspaceId);
    const ids = checkIds(clientIds, 'client_ids');
    const archived = await this.db.transaction().execute(async (tx) => {
      const clients = await this.requireAll(workspaceId, ids, tx);
      const now = clock.now();
      await this.clients.setArchived(tx, ids, true, now);
      const projectIds = await this.clients.archiveProjectsOf(tx, workspaceId, ids, now);
      for (const c of clients) await this.record(tx, user, workspaceId, 'updated', c.id, { ...c, archived: true, at: now });
      return { client_ids: [...ids].sort((a, b) => a - b), project_ids: projectIds };
    });
    await this.projects.recordUpdated(user, workspaceId, archived.project_ids);
    return archived;
  }

  /**
   * Restores the client and, as asked, all of its projects or the listed ones. Listed projects
   * must belong to the client, otherwise nothing is restored. Events as for archiving.
   */
  async restore(user: User, workspaceId: number, clientId: number, input: RestoreInput = {}): Promise<Client> {
    await this.requireManager(user, workspaceId);
    const listed = input.projects === undefined ? [] : checkIds(input.projects, 'projects');
    const restored = await this.db.transaction().execute(async (tx) => {
      const client = await this.clients.byId(workspaceId, clientId, tx);
      if (!client) throw noClient(clientId);
      const own = await this.clients.projectIdsOf(tx, workspaceId, clientId);
      const ownSet = new Set(own);
      const stranger = listed.find((id) => !ownSet.has(id));
      if (stranger !== undefined) throw invalid(`Project with ID ${stranger} does not belong to client ${clientId}`);
      const now = clock.now();
      await this.clients.setArchived(tx, [clientId], false, now);
      await this.record(tx, user, workspaceId, 'updated', clientId, { ...client, archived: false, at: now });
      return this.clients.activateProjects(tx, input.restore_all_projects === true ? own : listed, now);
    });
    await this.projects.recordUpdated(user, workspaceId, restored);
    return (await this.clients.byId(workspaceId, clientId))!;
  }

  async delete(user: User, workspaceId: number, clientId: number): Promise<void> {
    await this.requireManager(user, workspaceId);
    await this.db.transaction().execute(async (tx) => {
      const client = await this.clients.byId(workspaceId, clientId, tx);
      if (!client) throw noClient(clientId);
      const now = clock.now();
      await this.clients.softDelete(tx, workspaceId, [clientId], now);
      await this.record(tx, user, workspaceId, 'deleted', clientId, { ...client, deleted_at: now, at: now });
    });
  }

  async deleteMany(user: User, workspaceId: number, clientIds: unknown): Promise<void> {
    await this.requireManager(user, workspaceId);
    const ids = checkIds(clientIds, 'client_ids');
    await this.db.transaction().execute(async (tx) => {
      await this.requireAll(workspaceId, ids, tx);
      await this.clients.softDelete(tx, workspaceId, ids, clock.now());
      for (const id of ids) await this.record(tx, user, workspaceId, 'deleted', id, null);
    });
  }

  /** Bulk operations are all or nothing: one unknown id refuses the whole request. */
  private async requireAll(workspaceId: number, ids: number[], tx: Parameters<ClientsRepository['byIds']>[2]): Promise<Client[]> {
    const clients = await this.clients.byIds(workspaceId, ids, tx);
    const found = new Set(clients.map((c) => c.id));
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) throw noClient(missing);
    return clients;
  }
}
