import type { WebhookEventStatus } from '../../db/tables.js';

export interface EventFilter {
  entity: string;
  action: string;
}

/** models.WebhookSubscription as stored. */
export interface WebhookSubscription {
  id: number;
  workspace_id: number;
  user_id: number;
  description: string;
  url_callback: string;
  secret: string;
  event_filters: EventFilter[];
  enabled: boolean;
  validation_code: string;
  validated_at: number | null;
  failure_disabled_at: number | null;
  has_pending_events: boolean;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

/** models.WebhookSubscription as a request carries it; `undefined` is "not sent". */
export interface SubscriptionInput {
  url_callback?: string | null;
  event_filters?: { entity?: string | null; action?: string | null }[] | null;
  enabled?: boolean | null;
  description?: string | null;
  secret?: string | null;
}

export interface WorkspaceLimits {
  max_webhooks: number;
  max_events_per_webhook: number;
}

/** One row of the delivery log. */
export interface LoggedEvent {
  id: number;
  subscription_id: number;
  workspace_id: number;
  creator_id: number;
  model: string;
  action: string;
  metadata: Record<string, unknown>;
  payload: unknown;
  status: WebhookEventStatus;
  failed_delivery_attempts: number;
  last_delivery_attempt: number | null;
  last_delivery_error: string | null;
  delivered_at: number | null;
  created_at: number;
}

export interface EventLog {
  total: number;
  events: LoggedEvent[];
}

/** How a POST to a callback URL went. */
export interface DeliveryOutcome {
  ok: boolean;
  /** HTTP status, when an answer came. */
  status: number | null;
  /** The start of the answer's body (bounded), for synchronous validation. */
  body: string;
  /** Why it failed, in a few words, for the log. */
  error: string | null;
}

/** Sends signed webhook requests (src/jobs/webhook-sender.ts); a seam so tests can see them. */
export interface WebhookSender {
  /** `signal` gives the request up (shutdown); it then answers a failed outcome at once. */
  post(url: string, body: string, secret: string, signal?: AbortSignal): Promise<DeliveryOutcome>;
  /** Refuses a callback URL that is not http(s) or points at a private address (unless allowed). */
  checkUrl(url: string): Promise<string | null>;
}
