import type { Executor } from '../../db/tables.js';
import { clock } from '../../time.js';
import { matchesFilters, type EventAction, type EventEntity } from './event-filters.js';
import { eventOrigin } from './event-origin.js';
import type { NewEvent, WebhookEventsRepository } from './webhook-events.repository.js';
import type { ReceivingSubscription, WebhooksRepository } from './webhooks.repository.js';

/** A change a service made, told to the recorder after the write succeeded (inside its transaction). */
export interface DomainEvent {
  workspaceId: number;
  entity: EventEntity;
  action: EventAction;
  entityId: number;
  /** Who made the change; null for changes nobody asked for through the API. */
  actorId: number | null;
  /** The project the record lies in: the creator of a subscription must be able to see it. */
  projectId?: number | null;
  /** The member whose record it is (time entries): others see it only as admins. */
  ownerId?: number | null;
  /** The domain record, turned into the payload by the webhooks skin's presenter; null: only ids are sent (deletions). */
  record: unknown;
}

/** Turns a domain record into the JSON payload Toggl would send (src/api/webhooks-v1/payloads.ts). */
export type PresentPayload = (entity: EventEntity, record: unknown) => unknown;

interface Cached {
  until: number;
  subscriptions: ReceivingSubscription[];
}

export interface RecorderOptions {
  /**
   * How long an instance trusts what it knows of a workspace's receiving subscriptions. Changes
   * made through this instance take effect at once; with several instances, a change made
   * through another one is seen within this time.
   */
  ttlMs?: number;
  now?: () => number;
  /** Told after an event was written, so the local worker can look for it soon. */
  onRecorded?: () => void;
}

/**
 * Writes the outbox rows of domain events. Services call `record` with the transaction of the
 * write, so an event exists exactly when its change was committed. The write path of a workspace
 * without subscriptions costs one map look-up: whether a workspace has receiving subscriptions is
 * cached per workspace.
 */
export class WebhookEventsRecorder {
  private readonly cache = new Map<number, Cached>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly subscriptions: WebhooksRepository,
    private readonly events: WebhookEventsRepository,
    private readonly present: PresentPayload,
    private readonly options: RecorderOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5000;
    this.now = options.now ?? (() => Date.now());
  }

  async record(tx: Executor, event: DomainEvent): Promise<void> {
    const receiving = await this.receiving(tx, event.workspaceId);
    if (receiving.length === 0) return;
    const matching = receiving.filter((s) => matchesFilters(s.event_filters, event.entity, event.action));
    if (matching.length === 0) return;
    const origin = eventOrigin.getStore();
    const metadata = JSON.stringify({
      action: event.action,
      event_user_id: event.actorId === null ? null : String(event.actorId),
      model: event.entity,
      ...(origin ? { path: origin.path, request_type: origin.method } : {}),
      workspace_id: String(event.workspaceId),
      [`${event.entity}_id`]: String(event.entityId),
      ...(event.projectId != null && event.entity !== 'project' ? { project_id: String(event.projectId) } : {}),
    });
    const payload = JSON.stringify(
      event.record === null ? { id: event.entityId, workspace_id: event.workspaceId } : this.present(event.entity, event.record),
    );
    const now = clock.now();
    const rows: NewEvent[] = matching.map((s) => ({
      subscription_id: s.id,
      workspace_id: event.workspaceId,
      event_user_id: event.actorId,
      model: event.entity,
      action: event.action,
      project_id: event.projectId ?? null,
      owner_id: event.ownerId ?? null,
      metadata,
      payload,
      created_at: now,
    }));
    await this.events.insert(tx, rows);
    this.options.onRecorded?.();
  }

  /**
   * Whether an event of this kind would be recorded now: lets a service skip reading the payload
   * of a change that is only a side effect of its write when nobody listens.
   */
  async wants(tx: Executor, workspaceId: number, entity: EventEntity, action: EventAction): Promise<boolean> {
    return (await this.receiving(tx, workspaceId)).some((s) => matchesFilters(s.event_filters, entity, action));
  }

  async recordAll(tx: Executor, events: DomainEvent[]): Promise<void> {
    for (const e of events) await this.record(tx, e);
  }

  /** Forgets what is known of a workspace's subscriptions, after one of them changed. */
  invalidate(workspaceId: number): void {
    this.cache.delete(workspaceId);
  }

  private async receiving(tx: Executor, workspaceId: number): Promise<ReceivingSubscription[]> {
    const now = this.now();
    const hit = this.cache.get(workspaceId);
    if (hit && hit.until > now) return hit.subscriptions;
    // Read with the write's own transaction: on SQLite it holds the only connection.
    const subscriptions = await this.subscriptions.receiving(workspaceId, tx);
    if (this.cache.size >= 10_000) this.cache.clear();
    this.cache.set(workspaceId, { until: now + this.ttlMs, subscriptions });
    return subscriptions;
  }
}
