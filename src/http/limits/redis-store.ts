import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import { MemoryStore } from './memory-store.js';
import type { BucketResult, BucketRule, LimitStore, StoreStatus, WindowResult, WindowRule } from './store.js';

// Each operation is one Lua script, so a read-modify-write is atomic in Redis and N instances
// share one bucket. Times come from the instance (`now`), not Redis' TIME, so tests can inject
// a clock; instances must keep their clocks in sync (NTP) as they must for time entries anyway.
// The bucket's timestamp never moves backwards, so a lagging instance cannot refill it.

const BUCKET = `
local s = redis.call('HMGET', KEYS[1], 'l', 't')
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local level = tonumber(s[1]) or 0
local at = tonumber(s[2]) or now
local elapsed = now - at
if elapsed < 0 then elapsed = 0 end
level = level - elapsed * rate / 1000
if level < 0 then level = 0 end
if level + 1 > burst then
  return {0, math.ceil((level + 1 - burst) * 1000 / rate)}
end
level = level + 1
if now > at then at = now end
redis.call('HSET', KEYS[1], 'l', tostring(level), 't', tostring(at))
redis.call('PEXPIRE', KEYS[1], math.ceil(level * 1000 / rate) + 1000)
return {1, 0}
`;

const WINDOW = `
local s = redis.call('HMGET', KEYS[1], 'c', 'r')
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local consume = ARGV[4] == '1'
local enforce = ARGV[5] == '1'
local count = tonumber(s[1]) or 0
local resetAt = tonumber(s[2]) or 0
if resetAt <= now then
  count = 0
  resetAt = now + window
end
if not consume then
  local allowed = 1
  if enforce and count >= limit then allowed = 0 end
  return {allowed, count, resetAt - now}
end
if enforce and count >= limit then
  return {0, count, resetAt - now}
end
count = count + 1
redis.call('HSET', KEYS[1], 'c', count, 'r', resetAt)
redis.call('PEXPIRE', KEYS[1], resetAt - now)
return {1, count, resetAt - now}
`;

type Scripted = Redis & {
  stintBucket(key: string, perSecond: number, burst: number, now: number): Promise<[number, number]>;
  stintWindow(key: string, limit: number, windowMs: number, now: number, consume: string, enforce: string): Promise<[number, number, number]>;
};

export interface RedisStoreOptions {
  url: string;
  prefix: string;
  log: FastifyBaseLogger;
  /** Keys the fallback memory store may hold while Redis is unreachable. */
  maxKeys: number;
  /** How long one Redis call may take before the request is served from the fallback. */
  commandTimeoutMs?: number;
}

/**
 * Limits shared through Redis. While Redis is unreachable the server keeps serving: every
 * instance falls back to its own memory store (so each enforces the limits alone), says so in
 * its log once, and reports it on /readyz until Redis answers again.
 */
export class RedisStore implements LimitStore {
  private readonly redis: Scripted;
  private readonly fallback: MemoryStore;
  private readonly prefix: string;
  private readonly log: FastifyBaseLogger;
  private healthy = false;
  private announced: 'none' | 'up' | 'down' = 'none';

  constructor(opts: RedisStoreOptions) {
    this.prefix = opts.prefix;
    this.log = opts.log;
    this.fallback = new MemoryStore(opts.maxKeys);
    const redis = new Redis(opts.url, {
      // Fail fast instead of queueing: a request must not wait for Redis to come back.
      enableOfflineQueue: false,
      connectionName: 'stint-limits',
      maxRetriesPerRequest: 0,
      commandTimeout: opts.commandTimeoutMs ?? 500,
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(times * 200, 5000),
    });
    redis.defineCommand('stintBucket', { numberOfKeys: 1, lua: BUCKET });
    redis.defineCommand('stintWindow', { numberOfKeys: 1, lua: WINDOW });
    redis.on('ready', () => this.up());
    redis.on('error', (err: Error) => this.down(err));
    redis.on('close', () => this.down(null));
    this.redis = redis as Scripted;
  }

  /**
   * Waits for the first connection attempt, so a freshly started instance shares limits at
   * once; an unreachable Redis does not hold up the start.
   */
  async ready(timeoutMs = 2000): Promise<void> {
    if (this.healthy) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off('ready', done);
        this.redis.off('error', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.redis.once('ready', done);
      this.redis.once('error', done);
    });
    if (!this.healthy) this.down(null);
  }

  private up(): void {
    this.healthy = true;
    if (this.announced !== 'up') this.log.info('rate limits: shared through Redis');
    this.announced = 'up';
  }

  private down(err: Error | null): void {
    this.healthy = false;
    if (this.announced === 'down') return;
    this.announced = 'down';
    this.log.warn({ err: err ?? undefined }, 'rate limits: Redis unavailable, falling back to this instance\'s memory (limits are per instance until Redis is back)');
  }

  private async run<T>(shared: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    if (!this.healthy) return local();
    try {
      return await shared();
    } catch (err) {
      this.down(err as Error);
      return local();
    }
  }

  async bucket(key: string, rule: BucketRule, now: number): Promise<BucketResult> {
    return this.run(
      async () => {
        const [allowed, retryAfterMs] = await this.redis.stintBucket(this.prefix + key, rule.perSecond, rule.burst, now);
        return { allowed: allowed === 1, retryAfterMs: Number(retryAfterMs) };
      },
      () => this.fallback.bucket(key, rule, now),
    );
  }

  async window(key: string, rule: WindowRule, now: number): Promise<WindowResult> {
    return this.run(
      async () => {
        const [allowed, count, resetsInMs] = await this.redis.stintWindow(
          this.prefix + key,
          rule.limit,
          rule.windowMs,
          now,
          rule.consume ? '1' : '0',
          rule.enforce ? '1' : '0',
        );
        return { allowed: allowed === 1, count: Number(count), resetsInMs: Number(resetsInMs) };
      },
      () => this.fallback.window(key, rule, now),
    );
  }

  async clear(key: string): Promise<void> {
    await this.fallback.clear(key);
    await this.run(
      async () => void (await this.redis.del(this.prefix + key)),
      async () => {},
    );
  }

  status(): StoreStatus {
    return { rate_limits: this.healthy ? 'redis' : 'memory (Redis unavailable; limits are per instance)' };
  }

  async close(): Promise<void> {
    this.redis.removeAllListeners('close');
    this.redis.removeAllListeners('error');
    this.redis.on('error', () => {});
    this.redis.disconnect();
  }
}
