import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../db/tables.js';
import { clock } from '../../time.js';
import { forbidden, invalid, notFound } from '../errors.js';
import type { User } from '../users/users.types.js';
import { isPositiveId } from '../validation.js';
import type { EventAction } from '../webhooks/event-filters.js';
import type { WebhookEventsRecorder } from '../webhooks/webhook-events.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { MemberWorkspace } from '../workspaces/workspaces.types.js';
import { canCreateTag, canManageTags } from './tags.policy.js';
import type { TagsRepository } from './tags.repository.js';
import type { Tag, TagFilter, TagPatch } from './tags.types.js';

export const MAX_TAG_NAME_LENGTH = 255;
export const MAX_BULK_TAGS = 1000;
const MANAGE_TAGS = 'Only organization or workspace administrators may manage tags in this workspace.';
const TAG_NOT_FOUND = 'Tag was not found';

function tagName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (name === '') throw invalid("tag name can't be blank");
  if (name.length > MAX_TAG_NAME_LENGTH) throw invalid(`tag name can't be longer than ${MAX_TAG_NAME_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(name)) throw invalid("tag name can't contain control characters");
  return name;
}

export class TagsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly tags: TagsRepository,
    private readonly workspaces: WorkspacesService,
    private readonly webhookEvents: WebhookEventsRecorder,
  ) {}

  /** Webhook events of tag changes; a single insert or rename is recorded right after it. */
  private record(tx: Executor, user: User, workspaceId: number, action: EventAction, id: number, tag: Tag | null): Promise<void> {
    return this.webhookEvents.record(tx, { workspaceId, entity: 'tag', action, entityId: id, actorId: user.id, record: tag });
  }

  private async requireManager(user: User, workspaceId: number): Promise<MemberWorkspace> {
    const ws = await this.workspaces.require(user, workspaceId);
    if (!canManageTags(ws)) throw forbidden(MANAGE_TAGS);
    return ws;
  }

  async list(user: User, workspaceId: number, query: { search?: string; page?: number; per_page?: number }): Promise<Tag[]> {
    await this.workspaces.require(user, workspaceId);
    const filter: TagFilter = {};
    const search = query.search?.trim();
    if (search) filter.search = search;
    // Without paging parameters the whole list comes back, which is what sync clients expect.
    if (query.page !== undefined || query.per_page !== undefined) {
      const perPage = query.per_page ?? 200;
      filter.limit = perPage;
      filter.offset = ((query.page ?? 1) - 1) * perPage;
    }
    return this.tags.list(workspaceId, filter);
  }

  async listForUser(user: User, options: { since?: number } = {}): Promise<Tag[]> {
    return this.tags.forUser(user.id, options.since);
  }

  async create(user: User, workspaceId: number, input: { name?: unknown }): Promise<Tag> {
    const ws = await this.workspaces.require(user, workspaceId);
    if (!canCreateTag(ws)) throw forbidden(MANAGE_TAGS);
    const tag = await this.tags.insert(workspaceId, tagName(input.name), user.id, clock.now());
    await this.record(this.db, user, workspaceId, 'created', tag.id, tag);
    return tag;
  }

  async update(user: User, workspaceId: number, tagId: number, input: { name?: unknown }): Promise<Tag> {
    await this.requireManager(user, workspaceId);
    if (!(await this.tags.byId(workspaceId, tagId))) throw notFound(TAG_NOT_FOUND);
    await this.tags.rename(tagId, tagName(input.name), clock.now());
    const tag = (await this.tags.byId(workspaceId, tagId))!;
    await this.record(this.db, user, workspaceId, 'updated', tag.id, tag);
    return tag;
  }

  async delete(user: User, workspaceId: number, tagId: number): Promise<void> {
    await this.requireManager(user, workspaceId);
    await this.db.transaction().execute(async (tx) => {
      const tag = await this.tags.byId(workspaceId, tagId, tx);
      if (!tag) throw notFound(TAG_NOT_FOUND);
      const now = clock.now();
      await this.tags.softDelete(tx, workspaceId, [tagId], now);
      await this.record(tx, user, workspaceId, 'deleted', tagId, { ...tag, deleted_at: now, at: now });
    });
  }

  /**
   * PATCH /workspaces/{wid}/tags: a list of `{"op": "delete", "tag_id": N}`. Toggl: "Patch will
   * not be executed if there are errors with some records", so one bad item refuses them all.
   */
  async patch(user: User, workspaceId: number, patches: TagPatch[]): Promise<void> {
    await this.requireManager(user, workspaceId);
    if (patches.length > MAX_BULK_TAGS) throw invalid(`Patch must not contain more than ${MAX_BULK_TAGS} operations`);
    const ids: number[] = [];
    for (const p of patches) {
      if (p.op !== 'delete') throw invalid(`Unsupported op ${JSON.stringify(p.op ?? null)}: only "delete" is available`);
      if (!isPositiveId(p.tag_id)) throw invalid('Invalid tag ID');
      ids.push(p.tag_id);
    }
    const unique = [...new Set(ids)];
    await this.db.transaction().execute(async (tx) => {
      const found = await this.tags.existingIds(workspaceId, unique, tx);
      if (unique.some((id) => !found.has(id))) throw invalid('Some tag IDs do not belong to workspace.');
      await this.tags.softDelete(tx, workspaceId, unique, clock.now());
      for (const id of unique) await this.record(tx, user, workspaceId, 'deleted', id, null);
    });
  }
}
