import type { EventLog, LoggedEvent, WebhookSubscription, WorkspaceLimits } from '../../domain/webhooks/webhooks.types.js';
import { canSeeSecret } from '../../domain/webhooks/webhooks.policy.js';
import { formatMicros, nullable } from '../../time.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** models.WebhookSubscription; the secret only for its creator (admins see others' without it). */
export function presentSubscription(s: WebhookSubscription, viewerId: number) {
  return {
    created_at: formatMicros(s.created_at),
    deleted_at: nullable(s.deleted_at, formatMicros),
    description: s.description,
    enabled: s.enabled,
    event_filters: s.event_filters.map((f) => ({ action: f.action, entity: f.entity })),
    has_pending_events: s.has_pending_events,
    secret: canSeeSecret(viewerId, s) ? s.secret : null,
    subscription_id: s.id,
    updated_at: formatMicros(s.updated_at),
    url_callback: s.url_callback,
    user_id: s.user_id,
    validated_at: nullable(s.validated_at, formatMicros),
    workspace_id: s.workspace_id,
  };
}

/** limits.WorkspaceLimits */
export function presentLimits(l: WorkspaceLimits) {
  return { max_events_per_webhook: l.max_events_per_webhook, max_webhooks: l.max_webhooks };
}

/** One entry of the delivery log, as the webhooks guide shows it (plus Stint's `status`). */
export function presentLoggedEvent(e: LoggedEvent) {
  return {
    event_id: e.id,
    created_at: iso(e.created_at),
    creator_id: e.creator_id,
    metadata: e.metadata,
    payload: e.payload,
    consumer_id: e.subscription_id,
    status: e.status,
    last_delivery_attempt: nullable(e.last_delivery_attempt, formatMicros),
    last_delivery_error: e.last_delivery_error,
    failed_delivery_attempts: e.failed_delivery_attempts,
  };
}

export function presentEventLog(log: EventLog) {
  return { total: log.total, events: log.events.map(presentLoggedEvent) };
}
