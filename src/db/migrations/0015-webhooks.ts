import { sql, type Kysely } from 'kysely';
import { idColumn } from '../dialect.js';
import type { MigrationContext } from './index.js';

// Webhooks API v1. A subscription belongs to one workspace and its creator; it is deleted softly
// because Toggl answers the deleted subscription with its deleted_at. Event filters are a small
// JSON list read whole with the subscription, never queried by content.
//
// webhook_events is both the outbox and the delivery log: a row is written in the transaction of
// the change it reports, one per matching subscription, and kept (delivered or failed) for the
// log's 7 days. Delivery is ordered per subscription, so the claim and the retry backoff live on
// the subscription (claimed_until, retry_at): one instance at a time owns a subscription's queue.
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ref = (table: string) => (c: any) => c.notNull().references(`${table}.id`).onDelete('cascade');

  await idColumn(db.schema.createTable('webhook_subscriptions'), dialect)
    .addColumn('workspace_id', 'bigint', ref('workspaces'))
    .addColumn('user_id', 'bigint', ref('users'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('url_callback', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('event_filters', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('validation_code', 'text', (c) => c.notNull())
    .addColumn('validated_at', 'bigint')
    // Set when the subscription was disabled because deliveries kept failing.
    .addColumn('failure_disabled_at', 'bigint')
    .addColumn('retry_at', 'bigint')
    .addColumn('claimed_until', 'bigint')
    .addColumn('claimed_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema.createIndex('webhook_subscriptions_ws').on('webhook_subscriptions').columns(['workspace_id', 'user_id']).execute();

  await idColumn(db.schema.createTable('webhook_events'), dialect)
    .addColumn('subscription_id', 'bigint', ref('webhook_subscriptions'))
    .addColumn('workspace_id', 'bigint', (c) => c.notNull())
    .addColumn('event_user_id', 'bigint')
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    // What the subscription's creator must be able to see for the event to be sent.
    .addColumn('project_id', 'bigint')
    .addColumn('owner_id', 'bigint')
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('failed_delivery_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_delivery_attempt', 'bigint')
    .addColumn('last_delivery_error', 'text')
    .addColumn('delivered_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_events_queue').on('webhook_events').columns(['subscription_id', 'status', 'id']).execute();
  await db.schema.createIndex('webhook_events_created').on('webhook_events').column('created_at').execute();
  // The worker polls for subscriptions with work; this keeps that look-up off the whole log.
  await db.schema
    .createIndex('webhook_events_pending')
    .on('webhook_events')
    .column('subscription_id')
    .where(sql<boolean>`status = 'pending'`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_events').execute();
  await db.schema.dropTable('webhook_subscriptions').execute();
}
