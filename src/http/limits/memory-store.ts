import { leak, type BucketResult, type BucketRule, type LimitStore, type StoreStatus, type WindowResult, type WindowRule } from './store.js';

interface Entry {
  /** Bucket level, or window count. */
  value: number;
  /** Bucket: last update; window: when it resets. */
  at: number;
  /** When the entry carries no information any more and may be dropped. */
  expiresAt: number;
}

/**
 * A map kept in least-recently-used order (a touched key is re-inserted at the end), so the
 * oldest entries sit at the front: each operation drops a few expired ones from there, and
 * a full map evicts its least recently used key. Memory therefore stays bounded however
 * many distinct IPs or credentials are seen; an evicted key merely starts afresh.
 */
class BoundedMap {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxKeys: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (e && e.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  set(key: string, entry: Entry, now: number): void {
    this.entries.delete(key);
    this.sweep(now);
    while (this.entries.size >= this.maxKeys) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, entry);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Amortized expiry: a couple of front entries per write is enough to keep pace with writes. */
  private sweep(now: number): void {
    for (let i = 0; i < 4; i++) {
      const first = this.entries.entries().next();
      if (first.done || first.value[1].expiresAt > now) return;
      this.entries.delete(first.value[0]);
    }
  }
}

export class MemoryStore implements LimitStore {
  private readonly buckets: BoundedMap;
  private readonly windows: BoundedMap;

  constructor(maxKeys = 50_000) {
    this.buckets = new BoundedMap(maxKeys);
    this.windows = new BoundedMap(maxKeys);
  }

  /** Keys held, for the memory benchmark and tests. */
  get size(): number {
    return this.buckets.size + this.windows.size;
  }

  async bucket(key: string, rule: BucketRule, now: number): Promise<BucketResult> {
    const e = this.buckets.get(key, now);
    const level = e ? leak(e.value, e.at, now, rule.perSecond) : 0;
    if (level + 1 > rule.burst) {
      return { allowed: false, retryAfterMs: ((level + 1 - rule.burst) * 1000) / rule.perSecond };
    }
    const next = level + 1;
    const at = Math.max(now, e?.at ?? now);
    this.buckets.set(key, { value: next, at, expiresAt: at + (next * 1000) / rule.perSecond }, now);
    return { allowed: true, retryAfterMs: 0 };
  }

  async window(key: string, rule: WindowRule, now: number): Promise<WindowResult> {
    const e = this.windows.get(key, now);
    const count = e ? e.value : 0;
    const resetAt = e ? e.at : now + rule.windowMs;
    if (!rule.consume) return { allowed: !rule.enforce || count < rule.limit, count, resetsInMs: resetAt - now };
    if (rule.enforce && count >= rule.limit) return { allowed: false, count, resetsInMs: resetAt - now };
    this.windows.set(key, { value: count + 1, at: resetAt, expiresAt: resetAt }, now);
    return { allowed: true, count: count + 1, resetsInMs: resetAt - now };
  }

  async clear(key: string): Promise<void> {
    this.buckets.delete(key);
    this.windows.delete(key);
  }

  status(): StoreStatus {
    return { rate_limits: 'memory' };
  }

  async close(): Promise<void> {}
}
