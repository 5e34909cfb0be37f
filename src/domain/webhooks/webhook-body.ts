import crypto from 'node:crypto';

/** The body Toggl posts to a callback URL, field for field as the webhooks guide shows it. */
export interface EventBody {
  event_id: number;
  created_at: number;
  creator_id: number;
  metadata: Record<string, unknown>;
  payload: unknown;
  subscription_id: number;
  url_callback: string;
  /** Only in the ping of a subscription not yet validated. */
  validation_code?: string;
  validation_code_url?: string;
}

/** Serializes an event as sent; `timestamp` is the time of this delivery attempt. */
export function eventBody(e: EventBody, now: number): string {
  return JSON.stringify({
    event_id: e.event_id,
    created_at: new Date(e.created_at).toISOString(),
    creator_id: e.creator_id,
    metadata: e.metadata,
    payload: e.payload,
    subscription_id: e.subscription_id,
    timestamp: new Date(now).toISOString(),
    url_callback: e.url_callback,
    ...(e.validation_code !== undefined ? { validation_code: e.validation_code, validation_code_url: e.validation_code_url } : {}),
  });
}

/** X-Webhook-Signature-256: `sha256=` and the hex HMAC-SHA256 of the body with the secret. */
export function signature(body: string, secret: string): string {
  return 'sha256=' + crypto.createHmac('sha256', secret).update(body).digest('hex');
}
