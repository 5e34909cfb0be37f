import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Services } from '../container.js';
import type { User } from '../domain/users/users.types.js';
import { RefusedRequest } from '../api/errors.js';
import { ceilSeconds, secondsText } from './limits/limits.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    /** The credential the caller presented, used to key rate limits. */
    credentialKey: string | null;
  }
  interface FastifyContextConfig {
    /** Routes that answer without credentials (signup, health, public shared reports). */
    public?: boolean;
    /** The web app's own files (http/web.ts): no credential is read, so none is counted or looked up. */
    webAsset?: boolean;
  }
}

// Toggl's cookie is `__Host-timer-session`. The __Host- prefix obliges the Secure flag, which
// clients reject over plain HTTP, so without COOKIE_SECURE the unprefixed name is used.
export const SECURE_SESSION_COOKIE = '__Host-timer-session';
export const PLAIN_SESSION_COOKIE = 'timer_session';

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return null;
}

export function sessionCookieValue(request: FastifyRequest): string | null {
  return readCookie(request.headers.cookie, SECURE_SESSION_COOKIE) ?? readCookie(request.headers.cookie, PLAIN_SESSION_COOKIE);
}

export function sessionCookie(value: string, maxAge: number, secure: boolean): string {
  const name = secure ? SECURE_SESSION_COOKIE : PLAIN_SESSION_COOKIE;
  return `${name}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}

export function parseBasic(header: string | undefined): { username: string; password: string } | null {
  if (!header) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Counts failed password logins per e-mail and per client IP (see http/limits). */
export interface LoginThrottle {
  /** Milliseconds until a password may be tried again; 0 when it may be tried now. */
  loginBlockedFor(email: string, ip: string): Promise<number>;
  loginFailed(email: string, ip: string): Promise<void>;
  loginSucceeded(email: string): Promise<void>;
}

/** A password login refused for a cooling-off period, before the password is even checked. */
export class LoginThrottled extends Error {
  constructor(readonly retryAfterMs: number) {
    super('Too many failed login attempts');
  }
}

/**
 * Resolves the caller from Basic `email:password`, Basic `<token>:api_token`, or the session
 * cookie. An Authorization header that is present but wrong is not rescued by a cookie.
 */
export async function authenticate(request: FastifyRequest, services: Services, logins?: LoginThrottle): Promise<{ user: User | null; key: string | null }> {
  const basic = parseBasic(request.headers.authorization);
  if (request.headers.authorization !== undefined) {
    if (!basic) return { user: null, key: null };
    if (basic.password === 'api_token') {
      return { user: await services.users.authenticateToken(basic.username), key: `token:${basic.username}` };
    }
    const email = basic.username.toLowerCase();
    // While cooling off, even the right password is refused, so guessing on learns nothing.
    const wait = logins ? await logins.loginBlockedFor(email, request.ip) : 0;
    if (wait > 0) throw new LoginThrottled(wait);
    const user = await services.users.authenticatePassword(basic.username, basic.password);
    if (logins) await (user ? logins.loginSucceeded(email) : logins.loginFailed(email, request.ip));
    return { user, key: `user:${email}` };
  }
  const cookie = sessionCookieValue(request);
  if (cookie) {
    const user = await services.users.authenticateSession(cookie);
    return { user, key: user ? `user:${user.id}` : null };
  }
  return { user: null, key: null };
}

export const auth = fp(
  async (app: FastifyInstance, opts: { services: Services; logins?: LoginThrottle }) => {
    app.decorateRequest('user', null);
    app.decorateRequest('credentialKey', null);
    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config.webAsset) return;
      try {
        const { user, key } = await authenticate(request, opts.services, opts.logins);
        request.user = user;
        request.credentialKey = key;
      } catch (err) {
        if (!(err instanceof LoginThrottled)) throw err;
        const seconds = ceilSeconds(err.retryAfterMs);
        reply.header('retry-after', String(seconds));
        throw new RefusedRequest(429, `Too many failed login attempts. Try again in ${secondsText(seconds)}.`, 'login');
      }
    });
  },
  { name: 'auth' },
);

/**
 * A skin's onRequest hook refusing anonymous callers of its non-public routes with an empty body
 * (v9, Reports v3 and Insights answer 401, v8 403). Callback-style: it runs on every request.
 */
export function requireUser(status: 401 | 403) {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    if (!request.user && !request.routeOptions.config.public) {
      reply.code(status).send();
      return;
    }
    done();
  };
}

/** The authenticated user of a route that is not public; the skin's hook guarantees it. */
export function currentUser(request: FastifyRequest): User {
  if (!request.user) throw new Error('currentUser() called on a request without a user');
  return request.user;
}
