// Environment → typed configuration, validated once at start so a typo fails loudly
// instead of silently falling back to a default.

export type DatabaseTarget =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string };

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  signup: 'open' | 'closed';
  logLevel: string;
  trustProxy: boolean | string;
  bodyLimit: number;
  sessionTtlSeconds: number;
  cookieSecure: boolean;
  shutdownTimeoutMs: number;
  rateLimit: {
    /** Leaky bucket per credential per client IP; 0 in either turns it off. */
    perSecond: number;
    burst: number;
    /** Requests per user per organization (and outside any) per hour, as GET /me/quota reports. */
    quotaPerHour: number;
    /** false: the quota is counted and reported but never refuses (remaining may go negative). */
    quotaEnforced: boolean;
    /** Failed password logins per e-mail, and per client IP, before a cooling-off 429; 0 = off. */
    loginFailures: number;
    loginFailuresPerIp: number;
    loginWindowSeconds: number;
    /** Signup attempts per client IP per hour; 0 = off. */
    signupsPerHour: number;
    /** Keys an instance keeps in memory per kind of limit; bounds memory under floods. */
    maxKeys: number;
  };
  redisUrl: string | null;
  /** Prefix of every Redis key Stint writes, so several deployments can share one Redis. */
  redisPrefix: string;
  /** Bearer token GET /metrics asks for; null: /metrics answers loopback clients only. */
  metricsToken: string | null;
  /** Folder of the built web app; null: found beside the server's own code (see http/web.ts). */
  webDir: string | null;
  webhooks: {
    /** Callback URLs may point at loopback, private and link-local addresses (tests, home labs). */
    allowPrivate: boolean;
    /** Per delivery attempt (and per ping). */
    timeoutMs: number;
    /** Attempts per event before it is recorded as failed and its subscription disabled. */
    maxAttempts: number;
    /** Deliver from this instance; false leaves delivery to other instances. */
    worker: boolean;
  };
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

export function parseDatabaseUrl(raw: string | undefined): DatabaseTarget {
  if (raw === undefined || raw.trim() === '') return { kind: 'sqlite', file: './data/stint.sqlite' };
  const url = raw.trim();
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { kind: 'postgres', url };
  if (url.startsWith('sqlite:')) {
    // Accept sqlite:/abs/path, sqlite:relative/path, sqlite:///abs/path and sqlite::memory:.
    let file = url.slice('sqlite:'.length);
    if (file.startsWith('//')) file = file.slice(2);
    if (file === '') throw new ConfigError('DATABASE_URL=sqlite: needs a file path, e.g. sqlite:./data/stint.sqlite');
    return { kind: 'sqlite', file };
  }
  throw new ConfigError(`DATABASE_URL must start with postgres://, postgresql:// or sqlite:, got "${url}"`);
}

function trustProxy(raw: string | undefined): boolean | string {
  if (raw === undefined || raw.trim() === '') return false;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  // Anything else is handed to Fastify as a list of trusted addresses/CIDRs.
  return raw.trim();
}

function metricsToken(raw: string | undefined): string | null {
  const token = raw?.trim();
  if (!token) return null;
  // Visible ASCII only, so it travels in an Authorization header as is.
  if (!/^[\x21-\x7e]+$/.test(token)) throw new ConfigError('METRICS_TOKEN may hold only visible ASCII characters (no spaces)');
  if (token.length < 16) throw new ConfigError(`METRICS_TOKEN must be at least 16 characters long, got ${token.length}`);
  return token;
}

export function loadConfig(env: Env = process.env): Config {
  const signup = (env.SIGNUP ?? 'open').trim().toLowerCase();
  if (signup !== 'open' && signup !== 'closed') throw new ConfigError(`SIGNUP must be open or closed, got "${env.SIGNUP}"`);
  return {
    port: int(env, 'PORT', 8080, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    database: parseDatabaseUrl(env.DATABASE_URL),
    signup,
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    trustProxy: trustProxy(env.TRUST_PROXY),
    bodyLimit: int(env, 'BODY_LIMIT', 1024 * 1024, 1024),
    sessionTtlSeconds: int(env, 'SESSION_TTL', 30 * 24 * 3600, 60),
    cookieSecure: bool(env, 'COOKIE_SECURE', false),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0),
    rateLimit: {
      perSecond: int(env, 'RATE_LIMIT_PER_SECOND', 50),
      burst: int(env, 'RATE_LIMIT_BURST', 200),
      quotaPerHour: int(env, 'QUOTA_PER_HOUR', 10_000, 1),
      quotaEnforced: bool(env, 'QUOTA_ENFORCE', true),
      loginFailures: int(env, 'LOGIN_FAILURE_LIMIT', 10),
      loginFailuresPerIp: int(env, 'LOGIN_FAILURE_LIMIT_PER_IP', 50),
      loginWindowSeconds: int(env, 'LOGIN_FAILURE_WINDOW', 900, 1),
      signupsPerHour: int(env, 'SIGNUP_LIMIT_PER_HOUR', 20),
      maxKeys: int(env, 'RATE_LIMIT_MAX_KEYS', 50_000, 100),
    },
    redisUrl: env.REDIS_URL?.trim() || null,
    redisPrefix: env.REDIS_PREFIX ?? 'stint:',
    metricsToken: metricsToken(env.METRICS_TOKEN),
    webDir: env.WEB_DIR?.trim() || null,
    webhooks: {
      allowPrivate: bool(env, 'WEBHOOKS_ALLOW_PRIVATE', false),
      timeoutMs: int(env, 'WEBHOOKS_TIMEOUT_MS', 10_000, 100, 120_000),
      maxAttempts: int(env, 'WEBHOOKS_MAX_ATTEMPTS', 8, 1, 50),
      worker: bool(env, 'WEBHOOKS_WORKER', true),
    },
  };
}
