import crypto from 'node:crypto';
import type { ClaimedQueue, QueuedEvent, WebhookEventsRepository } from '../domain/webhooks/webhook-events.repository.js';
import { eventBody } from '../domain/webhooks/webhook-body.js';
import { LOG_RETENTION_MS } from '../domain/webhooks/webhooks.service.js';
import type { WebhookSender } from '../domain/webhooks/webhooks.types.js';

export interface DeliveryOptions {
  sender: WebhookSender;
  /** Attempts per event before it is recorded as failed and its subscription disabled. */
  maxAttempts: number;
  /** Per attempt; a claim lasts a little longer than one attempt and is renewed before each. */
  timeoutMs: number;
  /** How often an idle worker looks for work (another instance's events, retries coming due). */
  pollMs?: number;
  /** First retry delay; each further one doubles, up to maxBackoffMs, with ±20 % jitter. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Subscriptions delivered to at once; each one's events go one after another, in order. */
  concurrency?: number;
  /** Events read per claimed subscription before it is let go for others. */
  batch?: number;
  now?: () => number;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/**
 * Delivers the webhook outbox. Work is claimed per subscription (an atomic update; with several
 * instances on PostgreSQL `for update skip locked`), so one instance at a time delivers a
 * subscription's events, in the order they were written. A claim is a lease: an instance that
 * dies mid-delivery leaves it to expire, and the event is tried again by whoever claims next.
 * Nothing is kept in memory that the table does not also hold, so a restart loses nothing.
 */
export class WebhookDelivery {
  private readonly owner = crypto.randomUUID();
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private timer: unknown = null;
  // Aborted by stop(): requests in flight are given up rather than waited for.
  private abort = new AbortController();
  private running: Promise<void> | null = null;
  private started = false;
  private again = false;
  // Until when a round that finds nothing looks again soon rather than at the next poll.
  private expectUntil = 0;
  private lastPurge = 0;

  constructor(
    private readonly events: WebhookEventsRepository,
    private readonly options: DeliveryOptions,
  ) {
    this.now = options.now ?? (() => Date.now());
    this.random = options.random ?? Math.random;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref());
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  }

  /** Starts polling; pending deliveries left by a previous run are picked up at once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /**
   * Stops polling and gives up the requests in flight, so that shutdown never waits for a slow
   * endpoint (an attempt may last WEBHOOKS_TIMEOUT_MS, as long as the whole shutdown may). A
   * given-up attempt is not counted as failed: its event stays pending in the outbox, the claim
   * is released, and it is sent again by the next worker to run.
   */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.abort.abort();
    await this.running;
    // Later rounds (a restart, a drain) send normally.
    this.abort = new AbortController();
  }

  /** Something was written: look soon rather than at the next poll. */
  wake(): void {
    if (!this.started) return;
    // The recorder wakes the worker from inside the write's transaction, which may not have
    // committed when the round runs (PostgreSQL: another connection does not see it yet); the
    // worker keeps looking every few milliseconds for a moment instead of waiting for the poll.
    this.expectUntil = this.now() + 1000;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(5);
  }

  /** Delivers until nothing more is due now (tests call this instead of waiting for a poll). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      total += n;
      if (n === 0) return total;
    }
  }

  /** One round: claims what is due, delivers it, answers how many events were attempted. */
  async runOnce(): Promise<number> {
    while (this.running) await this.running;
    let attempted = 0;
    const round = (async () => {
      const now = this.now();
      if (now - this.lastPurge > 3600_000) {
        this.lastPurge = now;
        await this.events.purge(now - LOG_RETENTION_MS);
      }
      const queues = await this.events.claim(now, now + this.lease(), this.owner, this.options.concurrency ?? 8);
      const counts = await Promise.all(queues.map((q) => this.deliverQueue(q)));
      attempted = counts.reduce((a, b) => a + b, 0);
    })();
    this.running = round.finally(() => {
      this.running = null;
    });
    await this.running;
    return attempted;
  }

  private lease(): number {
    return this.options.timeoutMs + 5000;
  }

  private schedule(ms: number): void {
    if (!this.started) return;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = this.setTimer(() => {
      this.timer = null;
      void this.tick();
    }, ms);
  }

  private async tick(): Promise<void> {
    let busy = false;
    try {
      this.again = false;
      busy = (await this.runOnce()) > 0;
    } catch (err) {
      this.options.log?.error({ err }, 'webhook delivery round failed');
    }
    this.schedule(busy || this.again ? 0 : this.now() < this.expectUntil ? 10 : (this.options.pollMs ?? 500));
  }

  /** Delivers a claimed subscription's events in order, stopping at the first failure. */
  private async deliverQueue(q: ClaimedQueue): Promise<number> {
    let attempted = 0;
    let retryAt: number | null = null;
    try {
      const batch = await this.events.pending(q.subscription_id, this.options.batch ?? 50);
      for (const event of batch) {
        if (this.abort.signal.aborted) break;
        if (!(await this.events.renew(q.subscription_id, this.owner, this.now() + this.lease()))) return attempted;
        if (!(await this.events.creatorMaySee(q.user_id, q.workspace_id, event.project_id, event.owner_id))) {
          await this.events.drop(event.id);
          continue;
        }
        attempted++;
        const failure = await this.attempt(q, event);
        if (failure === null) continue;
        if (this.abort.signal.aborted) break;
        const attempts = event.failed_delivery_attempts + 1;
        const final = attempts >= this.options.maxAttempts;
        const now = this.now();
        await this.events.attemptFailed(event.id, now, failure, final);
        if (final) {
          // The endpoint has failed for the whole backoff schedule: stop sending until its owner re-enables it.
          await this.events.disableForFailures(q.subscription_id, now);
          this.options.log?.warn({ subscription_id: q.subscription_id, event_id: event.id }, 'webhook subscription disabled after repeated delivery failures');
        } else {
          retryAt = now + this.backoff(attempts);
        }
        break;
      }
    } finally {
      await this.events.release(q.subscription_id, this.owner, retryAt);
    }
    return attempted;
  }

  /** Posts one event; null when it was delivered, otherwise why not. */
  private async attempt(q: ClaimedQueue, event: QueuedEvent): Promise<string | null> {
    const now = this.now();
    const body = eventBody(
      {
        event_id: event.id,
        created_at: event.created_at,
        creator_id: q.user_id,
        metadata: JSON.parse(event.metadata) as Record<string, unknown>,
        payload: JSON.parse(event.payload) as unknown,
        subscription_id: q.subscription_id,
        url_callback: q.url_callback,
      },
      now,
    );
    const outcome = await this.options.sender.post(q.url_callback, body, q.secret, this.abort.signal);
    if (outcome.ok) {
      await this.events.delivered(event.id, this.now());
      return null;
    }
    return (outcome.error ?? `HTTP ${outcome.status}`).slice(0, 500);
  }

  /** Delay before attempt n+1 after n failures: backoffMs·2^(n−1), capped, ±20 % jitter. */
  private backoff(failures: number): number {
    const base = this.options.backoffMs ?? 30_000;
    const cap = this.options.maxBackoffMs ?? 30 * 60_000;
    const delay = Math.min(cap, base * 2 ** (failures - 1));
    return Math.round(delay * (0.8 + 0.4 * this.random()));
  }
}
