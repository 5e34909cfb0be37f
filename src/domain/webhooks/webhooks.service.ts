import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { clock } from '../../time.js';
import { invalid, notFound } from '../errors.js';
import type { User } from '../users/users.types.js';
import { cleanName } from '../validation.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { MemberWorkspace } from '../workspaces/workspaces.types.js';
import { EVENT_FILTERS, filterProblem } from './event-filters.js';
import type { WebhookEventsRecorder } from './webhook-events.js';
import type { WebhookEventsRepository } from './webhook-events.repository.js';
import { eventBody } from './webhook-body.js';
import { canListAllSubscriptions, canManageSubscription } from './webhooks.policy.js';
import type { SubscriptionValues, WebhooksRepository } from './webhooks.repository.js';
import type { EventFilter, EventLog, SubscriptionInput, WebhookSender, WebhookSubscription, WorkspaceLimits } from './webhooks.types.js';

/** Toggl's limits: 5 subscriptions per user and workspace (Toggl's help centre says so). */
export const MAX_WEBHOOKS = 5;
/** Event filters per subscription: enough for every entity and action Stint reports, and more. */
export const MAX_EVENTS_PER_WEBHOOK = 30;
/** The delivery log keeps a week of events, as the webhooks guide says Toggl does. */
export const LOG_RETENTION_MS = 7 * 24 * 3600 * 1000;
const LOG_PAGE = 1000;
const MAX_DESCRIPTION = 255;
const MAX_URL = 2048;
const MAX_SECRET = 255;

const noSubscription = () => notFound('Subscription not found');
const newCode = () => crypto.randomBytes(16).toString('hex');
const newSecret = () => crypto.randomBytes(16).toString('hex');

function filters(value: SubscriptionInput['event_filters']): EventFilter[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid('At least one event filter is required');
  if (value.length > MAX_EVENTS_PER_WEBHOOK) throw invalid(`A subscription may have at most ${MAX_EVENTS_PER_WEBHOOK} event filters`);
  const out: EventFilter[] = [];
  for (const f of value) {
    const entity = typeof f?.entity === 'string' ? f.entity.trim() : '';
    const action = typeof f?.action === 'string' ? f.action.trim() : '';
    if (entity === '' || action === '') throw invalid('Every event filter needs an entity and an action');
    const filter = { entity, action };
    const problem = filterProblem(filter);
    if (problem) throw invalid(problem);
    if (!out.some((o) => o.entity === entity && o.action === action)) out.push(filter);
  }
  return out;
}

function secretOf(value: string | null | undefined, current: string | null): string {
  if (value === undefined || value === null || value === '') return current ?? newSecret();
  if (value.length > MAX_SECRET || !/^[\x21-\x7e]+$/.test(value)) throw invalid('Secret must be visible ASCII characters without spaces, at most 255');
  return value;
}

export class WebhooksService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly subscriptions: WebhooksRepository,
    private readonly events: WebhookEventsRepository,
    private readonly workspaces: WorkspacesService,
    private readonly recorder: WebhookEventsRecorder,
    private readonly sender: WebhookSender,
  ) {}

  async list(user: User, workspaceId: number): Promise<WebhookSubscription[]> {
    const ws = await this.workspaces.require(user, workspaceId);
    return this.subscriptions.list(ws.id, canListAllSubscriptions(ws) ? null : user.id);
  }

  async create(user: User, workspaceId: number, input: SubscriptionInput): Promise<WebhookSubscription> {
    const ws = await this.workspaces.require(user, workspaceId);
    const values = await this.values(input, null);
    const id = await this.db.transaction().execute(async (tx) => {
      if ((await this.subscriptions.countOf(ws.id, user.id, tx)) >= MAX_WEBHOOKS) {
        throw invalid(`Maximum number of webhook subscriptions (${MAX_WEBHOOKS}) per user and workspace reached`);
      }
      return this.subscriptions.insert(tx, ws.id, user.id, values, newCode(), clock.now());
    });
    this.recorder.invalidate(ws.id);
    return (await this.subscriptions.byId(ws.id, id))!;
  }

  /** PUT: the subscription's settings replaced; a secret left out keeps the current one. */
  async update(user: User, workspaceId: number, subscriptionId: number, input: SubscriptionInput): Promise<WebhookSubscription> {
    const { ws, subscription } = await this.manageable(user, workspaceId, subscriptionId);
    const values = await this.values(input, subscription);
    const moved = values.url_callback !== subscription.url_callback;
    await this.subscriptions.update(this.db, subscription.id, values, moved ? newCode() : null, clock.now());
    this.recorder.invalidate(ws.id);
    return (await this.subscriptions.byId(ws.id, subscription.id))!;
  }

  async setEnabled(user: User, workspaceId: number, subscriptionId: number, enabled: boolean | null | undefined): Promise<WebhookSubscription> {
    if (typeof enabled !== 'boolean') throw invalid('enabled must be true or false');
    const { ws, subscription } = await this.manageable(user, workspaceId, subscriptionId);
    await this.subscriptions.setEnabled(subscription.id, enabled, clock.now());
    this.recorder.invalidate(ws.id);
    return (await this.subscriptions.byId(ws.id, subscription.id))!;
  }

  /** Answers the subscription as it was deleted, with its deleted_at. */
  async delete(user: User, workspaceId: number, subscriptionId: number): Promise<WebhookSubscription> {
    const { ws, subscription } = await this.manageable(user, workspaceId, subscriptionId);
    const now = clock.now();
    await this.subscriptions.softDelete(subscription.id, now);
    this.recorder.invalidate(ws.id);
    return { ...subscription, deleted_at: now, updated_at: now };
  }

  async limits(user: User, workspaceId: number): Promise<WorkspaceLimits> {
    await this.workspaces.require(user, workspaceId);
    return { max_webhooks: MAX_WEBHOOKS, max_events_per_webhook: MAX_EVENTS_PER_WEBHOOK };
  }

  eventFilters(): Record<string, readonly string[]> {
    return EVENT_FILTERS;
  }

  /**
   * Posts the special PING event to the callback URL, enabled or not. A subscription not yet
   * validated carries its validation code, and is validated when the endpoint answers with it
   * (synchronous validation). Answers the subscription's state after the ping.
   */
  async ping(user: User, workspaceId: number, subscriptionId: number, validateUrl: (s: WebhookSubscription) => string): Promise<WebhookSubscription> {
    const { ws, subscription: s } = await this.manageable(user, workspaceId, subscriptionId);
    const now = clock.now();
    const validating = s.validated_at === null;
    const body = eventBody(
      {
        event_id: 0,
        created_at: now,
        creator_id: s.user_id,
        metadata: { request_type: 'POST', event_user_id: String(user.id) },
        payload: 'ping',
        subscription_id: s.id,
        url_callback: s.url_callback,
        ...(validating ? { validation_code: s.validation_code, validation_code_url: validateUrl(s) } : {}),
      },
      now,
    );
    const outcome = await this.sender.post(s.url_callback, body, s.secret);
    if (!outcome.ok) throw invalid(`Ping failed: ${outcome.error ?? 'the endpoint did not answer with a 2xx status'}`);
    if (validating && answeredCode(outcome.body) === s.validation_code) {
      await this.subscriptions.markValidated(s.id, clock.now());
      this.recorder.invalidate(ws.id);
    }
    return (await this.subscriptions.byId(ws.id, s.id))!;
  }

  /** Asynchronous validation: whoever holds the code (sent in the ping) may open this URL. */
  async validate(workspaceId: number, subscriptionId: number, code: string): Promise<void> {
    const s = await this.subscriptions.byId(workspaceId, subscriptionId);
    if (!s || !codesEqual(s.validation_code, code)) throw invalid('Invalid validation code');
    await this.subscriptions.markValidated(s.id, clock.now());
    this.recorder.invalidate(workspaceId);
  }

  /** The delivery log of the last 7 days, newest first. */
  async log(user: User, workspaceId: number, subscriptionId: number): Promise<EventLog> {
    const { subscription } = await this.manageable(user, workspaceId, subscriptionId);
    return this.events.log(subscription.id, clock.now() - LOG_RETENTION_MS, LOG_PAGE);
  }

  /** Stint's extension: a logged event is queued again, with its attempts counted afresh. */
  async replay(user: User, workspaceId: number, subscriptionId: number, eventId: number): Promise<void> {
    const { subscription } = await this.manageable(user, workspaceId, subscriptionId);
    const event = await this.events.logged(subscription.id, eventId);
    if (!event) throw notFound('Event not found');
    if (event.status === 'pending') throw invalid('The event is still waiting to be delivered');
    await this.events.requeue(event.id);
  }

  private async manageable(user: User, workspaceId: number, subscriptionId: number): Promise<{ ws: MemberWorkspace; subscription: WebhookSubscription }> {
    const ws = await this.workspaces.require(user, workspaceId);
    const subscription = await this.subscriptions.byId(ws.id, subscriptionId);
    // Another member's subscription is not there for someone who may not manage it.
    if (!subscription || !canManageSubscription(ws, user.id, subscription)) throw noSubscription();
    return { ws, subscription };
  }

  private async values(input: SubscriptionInput, current: WebhookSubscription | null): Promise<SubscriptionValues> {
    const description = cleanName(input.description, MAX_DESCRIPTION);
    if (description === null) throw invalid('Description is required, at most 255 characters');
    const url = typeof input.url_callback === 'string' ? input.url_callback.trim() : '';
    if (url === '') throw invalid('URL callback is required');
    if (url.length > MAX_URL) throw invalid(`URL callback must be at most ${MAX_URL} characters`);
    const problem = await this.sender.checkUrl(url);
    if (problem) throw invalid(problem);
    return {
      description,
      url_callback: url,
      secret: secretOf(input.secret, current?.secret ?? null),
      event_filters: filters(input.event_filters),
      enabled: input.enabled ?? current?.enabled ?? true,
    };
  }
}

function codesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** The code an endpoint echoes: `{"validation_code": "..."}` as the guide asks. */
function answeredCode(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as { validation_code?: unknown }).validation_code === 'string') {
      return (parsed as { validation_code: string }).validation_code;
    }
  } catch {
    // Not JSON: no synchronous validation.
  }
  return null;
}
