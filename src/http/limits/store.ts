// The two counting primitives every API limit is built from, behind one interface so the
// same rules run in one process (memory) or across instances (Redis).

export interface BucketRule {
  /** Requests that leak out of the bucket per second. */
  perSecond: number;
  /** Bucket size: how many requests may arrive at once before the leak catches up. */
  burst: number;
}

export interface BucketResult {
  allowed: boolean;
  /** How long until one more request fits; 0 when allowed. */
  retryAfterMs: number;
}

export interface WindowRule {
  limit: number;
  windowMs: number;
  /** false: only read the figures. */
  consume: boolean;
  /** false: count past the limit instead of refusing (the quota "not enforced" mode). */
  enforce: boolean;
}

export interface WindowResult {
  allowed: boolean;
  /** Requests counted in the current window, including this one when it was consumed. */
  count: number;
  resetsInMs: number;
}

export interface StoreStatus {
  /** What /readyz reports: `memory`, `redis`, or the degraded fallback. */
  rate_limits: string;
}

export interface LimitStore {
  /** Leaky bucket: one request enters unless the bucket would overflow. */
  bucket(key: string, rule: BucketRule, now: number): Promise<BucketResult>;
  /** Fixed window that starts with its first request, as Toggl's hourly quota does. */
  window(key: string, rule: WindowRule, now: number): Promise<WindowResult>;
  clear(key: string): Promise<void>;
  status(): StoreStatus;
  /** Resolves once the store can serve (a shared store's first connection, or a timeout). */
  ready?(): Promise<void>;
  close(): Promise<void>;
}

/** Leaky-bucket arithmetic shared by the memory store and mirrored by the Redis script. */
export function leak(level: number, since: number, now: number, perSecond: number): number {
  const elapsed = Math.max(0, now - since);
  return Math.max(0, level - (elapsed * perSecond) / 1000);
}
