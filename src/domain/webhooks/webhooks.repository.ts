import { sql, type Kysely, type Selectable } from 'kysely';
import { flag, isSet } from '../../db/rows.js';
import type { DB, Executor, WebhookSubscriptionsTable } from '../../db/tables.js';
import type { EventFilter, WebhookSubscription } from './webhooks.types.js';

type Row = Selectable<WebhookSubscriptionsTable> & { has_pending_events?: number | string | null };

function toSubscription(row: Row): WebhookSubscription {
  return {
    id: row.id,
    workspace_id: row.workspace_id,
    user_id: row.user_id,
    description: row.description,
    url_callback: row.url_callback,
    secret: row.secret,
    event_filters: JSON.parse(row.event_filters) as EventFilter[],
    enabled: isSet(row.enabled),
    validation_code: row.validation_code,
    validated_at: row.validated_at,
    failure_disabled_at: row.failure_disabled_at,
    has_pending_events: Number(row.has_pending_events ?? 0) > 0,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deleted_at: row.deleted_at,
  };
}

export interface SubscriptionValues {
  description: string;
  url_callback: string;
  secret: string;
  event_filters: EventFilter[];
  enabled: boolean;
}

/** The few fields the event recorder needs of a subscription that receives events. */
export interface ReceivingSubscription {
  id: number;
  user_id: number;
  event_filters: EventFilter[];
}

export class WebhooksRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private select(tx: Executor) {
    return tx
      .selectFrom('webhook_subscriptions as s')
      .selectAll('s')
      .select(
        sql<number>`(select count(*) from webhook_events e where e.subscription_id = s.id and e.status = 'pending')`.as('has_pending_events'),
      );
  }

  /** Live subscriptions of the workspace, all of them or one user's. */
  async list(workspaceId: number, userId: number | null): Promise<WebhookSubscription[]> {
    let q = this.select(this.db).where('s.workspace_id', '=', workspaceId).where('s.deleted_at', 'is', null);
    if (userId !== null) q = q.where('s.user_id', '=', userId);
    return (await q.orderBy('s.id').execute()).map(toSubscription);
  }

  async byId(workspaceId: number, id: number, tx: Executor = this.db): Promise<WebhookSubscription | null> {
    const row = await this.select(tx).where('s.workspace_id', '=', workspaceId).where('s.id', '=', id).where('s.deleted_at', 'is', null).executeTakeFirst();
    return row ? toSubscription(row) : null;
  }

  async countOf(workspaceId: number, userId: number, tx: Executor = this.db): Promise<number> {
    const row = await tx
      .selectFrom('webhook_subscriptions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insert(tx: Executor, workspaceId: number, userId: number, values: SubscriptionValues, validationCode: string, now: number): Promise<number> {
    const row = await tx
      .insertInto('webhook_subscriptions')
      .values({
        workspace_id: workspaceId,
        user_id: userId,
        description: values.description,
        url_callback: values.url_callback,
        secret: values.secret,
        event_filters: JSON.stringify(values.event_filters),
        enabled: flag(values.enabled),
        validation_code: validationCode,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Replaces the subscription's settings; a new URL must be validated again, with a new code. */
  async update(tx: Executor, id: number, values: SubscriptionValues, newValidationCode: string | null, now: number): Promise<void> {
    await tx
      .updateTable('webhook_subscriptions')
      .set({
        description: values.description,
        url_callback: values.url_callback,
        secret: values.secret,
        event_filters: JSON.stringify(values.event_filters),
        enabled: flag(values.enabled),
        ...(values.enabled ? { failure_disabled_at: null } : {}),
        ...(newValidationCode !== null ? { validation_code: newValidationCode, validated_at: null } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  async setEnabled(id: number, enabled: boolean, now: number): Promise<void> {
    await this.db
      .updateTable('webhook_subscriptions')
      .set({ enabled: flag(enabled), updated_at: now, ...(enabled ? { failure_disabled_at: null, retry_at: null } : {}) })
      .where('id', '=', id)
      .execute();
  }

  async markValidated(id: number, now: number): Promise<void> {
    await this.db.updateTable('webhook_subscriptions').set({ validated_at: now }).where('id', '=', id).where('validated_at', 'is', null).execute();
  }

  async softDelete(id: number, now: number): Promise<void> {
    await this.db.updateTable('webhook_subscriptions').set({ deleted_at: now, updated_at: now }).where('id', '=', id).execute();
  }

  /** Subscriptions of the workspace that receive events: live, enabled and validated. */
  async receiving(workspaceId: number, tx: Executor = this.db): Promise<ReceivingSubscription[]> {
    const rows = await tx
      .selectFrom('webhook_subscriptions')
      .select(['id', 'user_id', 'event_filters'])
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .where('enabled', '=', 1)
      .where('validated_at', 'is not', null)
      .execute();
    return rows.map((r) => ({ id: r.id, user_id: r.user_id, event_filters: JSON.parse(r.event_filters) as EventFilter[] }));
  }
}
