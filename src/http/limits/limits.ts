import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import { MemoryStore } from './memory-store.js';
import { RedisStore } from './redis-store.js';
import type { BucketResult, LimitStore, StoreStatus, WindowResult } from './store.js';

const HOUR_MS = 3_600_000;

export interface QuotaFigures {
  /** false only when the quota is enforced and used up. */
  allowed: boolean;
  total: number;
  /** May go negative while the quota is not enforced, as GET /me/quota documents. */
  remaining: number;
  resetsInSecs: number;
}

/** Credentials and e-mails never reach the store in clear: the keys may live in a shared Redis. */
function digest(value: string): string {
  return crypto.createHash('sha256').update(value).digest('base64url').slice(0, 22);
}

/** Whole seconds, rounded up, never 0: a client told to wait 0 seconds retries at once. */
export function ceilSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** "1 second", "30 seconds": for the messages of refused requests. */
export function secondsText(n: number): string {
  return n === 1 ? '1 second' : `${n} seconds`;
}

/**
 * The API limits Toggl documents, with operator-chosen figures: a leaky bucket per credential
 * per client IP (429), an hourly quota per user per organization (402, as Toggl answers an
 * exhausted quota), a cooling-off after repeated failed password logins, and signups per IP.
 */
export class Limits {
  constructor(
    private readonly store: LimitStore,
    private readonly settings: Config['rateLimit'],
    private readonly now: () => number = Date.now,
  ) {}

  /** One request through the bucket of this credential from this IP. */
  async admit(credentialKey: string, ip: string): Promise<BucketResult> {
    const { perSecond, burst } = this.settings;
    if (perSecond <= 0 || burst <= 0) return { allowed: true, retryAfterMs: 0 };
    return this.store.bucket(`b:${digest(credentialKey)}:${ip}`, { perSecond, burst }, this.now());
  }

  /** Counts one request against the user's window for the organization (null: outside any). */
  chargeQuota(userId: number, organizationId: number | null): Promise<QuotaFigures> {
    return this.quotaWindow(userId, organizationId, true);
  }

  /** The figures without counting a request. */
  quota(userId: number, organizationId: number | null): Promise<QuotaFigures> {
    return this.quotaWindow(userId, organizationId, false);
  }

  private async quotaWindow(userId: number, organizationId: number | null, consume: boolean): Promise<QuotaFigures> {
    const { quotaPerHour: total, quotaEnforced: enforce } = this.settings;
    const w = await this.store.window(`q:${userId}:${organizationId ?? 'me'}`, { limit: total, windowMs: HOUR_MS, consume, enforce }, this.now());
    return {
      allowed: w.allowed,
      total,
      remaining: total - w.count,
      resetsInSecs: Math.max(0, Math.ceil(w.resetsInMs / 1000)),
    };
  }

  /** Milliseconds until a password may be tried again for this e-mail or from this IP; 0 = now. */
  async loginBlockedFor(email: string, ip: string): Promise<number> {
    const checks = [
      [`le:${digest(email.toLowerCase())}`, this.settings.loginFailures],
      [`li:${ip}`, this.settings.loginFailuresPerIp],
    ] as const;
    let wait = 0;
    for (const [key, limit] of checks) {
      if (limit <= 0) continue;
      const w = await this.store.window(key, this.loginRule(limit, false), this.now());
      if (w.count >= limit) wait = Math.max(wait, w.resetsInMs);
    }
    return wait;
  }

  async loginFailed(email: string, ip: string): Promise<void> {
    const { loginFailures, loginFailuresPerIp } = this.settings;
    if (loginFailures > 0) await this.store.window(`le:${digest(email.toLowerCase())}`, this.loginRule(loginFailures, true), this.now());
    if (loginFailuresPerIp > 0) await this.store.window(`li:${ip}`, this.loginRule(loginFailuresPerIp, true), this.now());
  }

  /** The owner got in: earlier mistakes of theirs no longer count against the e-mail. */
  async loginSucceeded(email: string): Promise<void> {
    if (this.settings.loginFailures > 0) await this.store.clear(`le:${digest(email.toLowerCase())}`);
  }

  private loginRule(limit: number, consume: boolean) {
    return { limit, windowMs: this.settings.loginWindowSeconds * 1000, consume, enforce: false };
  }

  /** One signup attempt from this IP, refused once the hourly allowance is used. */
  async admitSignup(ip: string): Promise<WindowResult> {
    const limit = this.settings.signupsPerHour;
    if (limit <= 0) return { allowed: true, count: 0, resetsInMs: 0 };
    return this.store.window(`s:${ip}`, { limit, windowMs: HOUR_MS, consume: true, enforce: true }, this.now());
  }

  status(): StoreStatus {
    return this.store.status();
  }

  async ready(): Promise<void> {
    await this.store.ready?.();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

export interface LimitsOptions {
  /** Injected by tests so buckets leak without sleeping. */
  now?: () => number;
  /** Replaces the store chosen from the configuration. */
  store?: LimitStore;
}

/** Redis when REDIS_URL is set (shared by every instance), otherwise this process's memory. */
export function createLimits(config: Config, log: FastifyBaseLogger, options: LimitsOptions = {}): Limits {
  const store =
    options.store ??
    (config.redisUrl
      ? new RedisStore({ url: config.redisUrl, prefix: config.redisPrefix, log, maxKeys: config.rateLimit.maxKeys })
      : new MemoryStore(config.rateLimit.maxKeys));
  return new Limits(store, config.rateLimit, options.now ?? Date.now);
}
