import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Services } from '../container.js';
import { RefusedRequest, type RefusalKind } from '../api/errors.js';
import { ceilSeconds, secondsText, type Limits, type QuotaFigures } from './limits/limits.js';

declare module 'fastify' {
  interface FastifyInstance {
    limits: Limits;
  }
  interface FastifyContextConfig {
    /** Requests that only read the quota (GET /me/quota) do not use it up. */
    quotaExempt?: boolean;
  }
}

export interface RateLimitOptions {
  limits: Limits;
  services: Services;
  bodyLimit: number;
}

/** Toggl's quota headers, which existing clients parse to back off. */
export function quotaHeaders(reply: FastifyReply, q: QuotaFigures): void {
  reply.header('x-toggl-quota-remaining', String(q.remaining));
  reply.header('x-toggl-quota-resets-in', String(q.resetsInSecs));
}

function pathId(params: unknown, name: string): number | undefined {
  const raw = (params as Record<string, unknown> | undefined)?.[name];
  return typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

const SIGNUP_PATH = /^\/api\/v\d+\/signup$/;

function refuse(reply: FastifyReply, status: number, kind: RefusalKind, retryAfterMs: number, message: string): never {
  reply.header('retry-after', String(ceilSeconds(retryAfterMs)));
  throw new RefusedRequest(status, message, kind);
}

/**
 * API limits for every skin. Oversized bodies are refused as the request arrives (before auth
 * hashes a password or anything is parsed). Bucket, quota and signup limits run in preParsing:
 * after auth has resolved the caller in onRequest and a skin has refused anonymous callers, but
 * before the body is read, so a refused request changes nothing.
 */
export const rateLimit = fp(
  async (app: FastifyInstance, { limits, services, bodyLimit }: RateLimitOptions) => {
    app.decorate('limits', limits);
    app.addHook('onReady', async () => limits.ready());
    app.addHook('onClose', async () => limits.close());

    app.addHook('onRequest', (request, _reply, done) => {
      const length = Number(request.headers['content-length']);
      if (Number.isFinite(length) && length > bodyLimit) {
        return done(new RefusedRequest(413, `Request body is too large: the limit is ${bodyLimit} bytes`, 'body_too_large'));
      }
      done();
    });

    app.addHook('preParsing', async (request: FastifyRequest, reply: FastifyReply) => {
      const config = request.routeOptions.config;
      if (request.method === 'POST' && request.routeOptions.url !== undefined && SIGNUP_PATH.test(request.routeOptions.url)) {
        const s = await limits.admitSignup(request.ip);
        if (!s.allowed) refuse(reply, 429, 'signup', s.resetsInMs, `Too many signups from this address. Try again in ${secondsText(ceilSeconds(s.resetsInMs))}.`);
        return;
      }
      const user = request.user;
      if (!user || !request.credentialKey || config?.public) return;

      const bucket = await limits.admit(request.credentialKey, request.ip);
      const organizationId = await services.quota.organizationFor(user, {
        workspaceId: pathId(request.params, 'workspace_id') ?? pathId(request.params, 'wid'),
        organizationId: pathId(request.params, 'organization_id'),
      });
      if (!bucket.allowed) {
        quotaHeaders(reply, await limits.quota(user.id, organizationId));
        refuse(reply, 429, 'rate_limit', bucket.retryAfterMs, `Too many requests. Slow down and retry in ${secondsText(ceilSeconds(bucket.retryAfterMs))}.`);
      }
      if (config?.quotaExempt) {
        quotaHeaders(reply, await limits.quota(user.id, organizationId));
        return;
      }
      const quota = await limits.chargeQuota(user.id, organizationId);
      quotaHeaders(reply, quota);
      if (!quota.allowed) {
        refuse(reply, 402, 'quota', quota.resetsInSecs * 1000, `You have hit your hourly limit for API calls. Your quota will reset in ${secondsText(quota.resetsInSecs)}.`);
      }
    });
  },
  { name: 'rate-limit' },
);
