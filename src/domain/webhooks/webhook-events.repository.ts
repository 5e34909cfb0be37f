import type { Kysely, Selectable } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import { skipLocked } from '../../db/dialect.js';
import type { DB, Executor, WebhookEventsTable } from '../../db/tables.js';
import type { LoggedEvent } from './webhooks.types.js';

/** An outbox row as written: the table's own columns, less what the database fills in. */
export type NewEvent = Pick<
  Selectable<WebhookEventsTable>,
  'subscription_id' | 'workspace_id' | 'event_user_id' | 'model' | 'action' | 'project_id' | 'owner_id' | 'metadata' | 'payload' | 'created_at'
>;

/** A subscription's queue, claimed by one delivering instance. */
export interface ClaimedQueue {
  subscription_id: number;
  workspace_id: number;
  user_id: number;
  url_callback: string;
  secret: string;
}

export type QueuedEvent = Selectable<WebhookEventsTable>;

function toLogged(row: QueuedEvent & { creator_id: number }): LoggedEvent {
  return {
    id: row.id,
    subscription_id: row.subscription_id,
    workspace_id: row.workspace_id,
    creator_id: row.creator_id,
    model: row.model,
    action: row.action,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    payload: JSON.parse(row.payload) as unknown,
    status: row.status,
    failed_delivery_attempts: row.failed_delivery_attempts,
    last_delivery_attempt: row.last_delivery_attempt,
    last_delivery_error: row.last_delivery_error,
    delivered_at: row.delivered_at,
    created_at: row.created_at,
  };
}

/** The outbox of webhook events and their delivery log (migration 0015). */
export class WebhookEventsRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
  ) {}

  async insert(tx: Executor, events: NewEvent[]): Promise<void> {
    if (events.length > 0) await tx.insertInto('webhook_events').values(events).execute();
  }

  /**
   * Claims up to `limit` subscription queues that have pending events and may be delivered now:
   * live, enabled, validated, not waiting out a retry and not held by another instance. The
   * cheap look-up comes first so an idle poll writes nothing.
   */
  async claim(now: number, until: number, owner: string, limit: number): Promise<ClaimedQueue[]> {
    const free = (q: any) => q.where((eb: any) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]));
    const candidates = await free(
      this.db
        .selectFrom('webhook_subscriptions as s')
        .select('s.id')
        .where('s.enabled', '=', 1)
        .where('s.validated_at', 'is not', null)
        .where('s.deleted_at', 'is', null)
        .where((eb) => eb.or([eb('s.retry_at', 'is', null), eb('s.retry_at', '<=', now)]))
        .where(({ exists, selectFrom }) =>
          exists(selectFrom('webhook_events as e').select('e.id').whereRef('e.subscription_id', '=', 's.id').where('e.status', '=', 'pending')),
        ),
    )
      .orderBy('s.id')
      .limit(limit)
      .execute();
    if (candidates.length === 0) return [];
    const ids = candidates.map((c: { id: number }) => c.id);
    const lockable = free(this.db.selectFrom('webhook_subscriptions').select('id').where('id', 'in', ids)).modifyEnd(skipLocked(this.dialect));
    const rows = await free(
      this.db
        .updateTable('webhook_subscriptions')
        .set({ claimed_until: until, claimed_by: owner })
        .where('id', 'in', lockable),
    )
      .returning(['id', 'workspace_id', 'user_id', 'url_callback', 'secret'])
      .execute();
    return rows.map((r: any) => ({ subscription_id: r.id, workspace_id: r.workspace_id, user_id: r.user_id, url_callback: r.url_callback, secret: r.secret }));
  }

  /** Extends a claim; false when it was lost (expired and taken by another instance). */
  async renew(subscriptionId: number, owner: string, until: number): Promise<boolean> {
    const r = await this.db
      .updateTable('webhook_subscriptions')
      .set({ claimed_until: until })
      .where('id', '=', subscriptionId)
      .where('claimed_by', '=', owner)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async release(subscriptionId: number, owner: string, retryAt: number | null): Promise<void> {
    await this.db
      .updateTable('webhook_subscriptions')
      .set({ claimed_until: null, claimed_by: null, retry_at: retryAt })
      .where('id', '=', subscriptionId)
      .where('claimed_by', '=', owner)
      .execute();
  }

  /** The next pending events of a subscription, oldest first. */
  async pending(subscriptionId: number, limit: number): Promise<QueuedEvent[]> {
    return this.db
      .selectFrom('webhook_events')
      .selectAll()
      .where('subscription_id', '=', subscriptionId)
      .where('status', '=', 'pending')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async delivered(id: number, now: number): Promise<void> {
    await this.db.updateTable('webhook_events').set({ status: 'delivered', delivered_at: now, last_delivery_attempt: now }).where('id', '=', id).execute();
  }

  async attemptFailed(id: number, now: number, error: string, final: boolean): Promise<void> {
    await this.db
      .updateTable('webhook_events')
      .set((eb) => ({
        failed_delivery_attempts: eb('failed_delivery_attempts', '+', 1),
        last_delivery_attempt: now,
        last_delivery_error: error,
        ...(final ? { status: 'failed' as const } : {}),
      }))
      .where('id', '=', id)
      .execute();
  }

  /** An event the subscription's creator may not see is dropped, never sent nor logged. */
  async drop(id: number): Promise<void> {
    await this.db.deleteFrom('webhook_events').where('id', '=', id).execute();
  }

  async disableForFailures(subscriptionId: number, now: number): Promise<void> {
    await this.db
      .updateTable('webhook_subscriptions')
      .set({ enabled: 0, failure_disabled_at: now, updated_at: now })
      .where('id', '=', subscriptionId)
      .execute();
  }

  /**
   * Whether a member may see what an event is about: they must still be an active member; an
   * event about another member's time entry needs an admin, and one inside a private project
   * needs an admin or a member of that project.
   */
  async creatorMaySee(creatorId: number, workspaceId: number, projectId: number | null, ownerId: number | null): Promise<boolean> {
    const member = await this.db
      .selectFrom('workspace_users')
      .select('admin')
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', creatorId)
      .where('active', '=', 1)
      .where('inactive', '=', 0)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!member) return false;
    if (member.admin === 1) return true;
    if (ownerId !== null && ownerId !== creatorId) return false;
    if (projectId === null) return true;
    const project = await this.db
      .selectFrom('projects as p')
      .select(['p.is_private'])
      .select(({ exists, selectFrom }) =>
        exists(
          selectFrom('project_users as pu')
            .select('pu.id')
            .whereRef('pu.project_id', '=', 'p.id')
            .where('pu.user_id', '=', creatorId)
            .where('pu.deleted_at', 'is', null),
        ).as('on_project'),
      )
      .where('p.id', '=', projectId)
      .executeTakeFirst();
    if (!project) return true;
    return project.is_private === 0 || Boolean(Number(project.on_project));
  }

  /** The log of a subscription since `since`: events a delivery was tried for, newest first. */
  async log(subscriptionId: number, since: number, limit: number): Promise<{ total: number; events: LoggedEvent[] }> {
    const base = this.db
      .selectFrom('webhook_events as e')
      .innerJoin('webhook_subscriptions as s', 's.id', 'e.subscription_id')
      .where('e.subscription_id', '=', subscriptionId)
      .where('e.created_at', '>=', since)
      .where((eb) => eb.or([eb('e.status', '!=', 'pending'), eb('e.failed_delivery_attempts', '>', 0)]));
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base.selectAll('e').select('s.user_id as creator_id').orderBy('e.id', 'desc').limit(limit).execute();
    return { total: Number(total.n), events: rows.map(toLogged) };
  }

  async logged(subscriptionId: number, eventId: number): Promise<QueuedEvent | null> {
    return (await this.db.selectFrom('webhook_events').selectAll().where('subscription_id', '=', subscriptionId).where('id', '=', eventId).executeTakeFirst()) ?? null;
  }

  /** Puts a logged event back in the queue (Stint's replay extension). */
  async requeue(id: number): Promise<void> {
    await this.db.updateTable('webhook_events').set({ status: 'pending', failed_delivery_attempts: 0, last_delivery_error: null }).where('id', '=', id).execute();
  }

  async purge(before: number): Promise<number> {
    const r = await this.db.deleteFrom('webhook_events').where('created_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Pending events exist for the subscription (models.WebhookSubscription.has_pending_events). */
  async hasPending(subscriptionId: number): Promise<boolean> {
    const row = await this.db.selectFrom('webhook_events').select('id').where('subscription_id', '=', subscriptionId).where('status', '=', 'pending').limit(1).executeTakeFirst();
    return row !== undefined;
  }
}

