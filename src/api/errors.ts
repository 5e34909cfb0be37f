import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorKind } from '../domain/errors.js';
import { describeValidationError } from '../http/validation.js';

export const STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  // Toggl answers duplicates ("user with this email already exists") with 400.
  conflict: 400,
  gone: 410,
  too_many_requests: 429,
};

/** Which limit refused a request; /metrics counts refusals by it. */
export type RefusalKind = 'body_too_large' | 'rate_limit' | 'quota' | 'login' | 'signup';

/**
 * A request refused before any route ran (body too large, rate limit, quota, login cooling-off).
 * The shared hooks raise it rather than answer, so each skin's error handler words it in its
 * own format.
 */
export class RefusedRequest extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly kind: RefusalKind,
  ) {
    super(message);
  }
}

/** Status and message of any error a route may raise; unexpected ones become a generic 500. */
export function classifyError(err: unknown, request: FastifyRequest): { status: number; message: string } {
  if (err instanceof DomainError) return { status: STATUS[err.kind], message: err.message };
  const e = err as FastifyError & { validationContext?: string };
  if (e && Array.isArray(e.validation)) {
    return { status: 400, message: describeValidationError(e.validation, e.validationContext) };
  }
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status === 413 && !(err instanceof RefusedRequest)) return { status, message: `Request body is too large` };
  if (status === 415) return { status: 400, message: 'The API accepts JSON only (Content-Type: application/json)' };
  if (status >= 400 && status < 500) return { status, message: e.message };
  request.log.error({ err }, 'unhandled error');
  return { status: 500, message: 'Internal Server Error' };
}

/** Toggl's error bodies are JSON strings. */
export function sendJsonString(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(message));
}

/**
 * Toggl's error format, set up on a skin: every failure a JSON string with its status, and
 * unknown paths Go's `404 page not found`.
 */
export function jsonStringErrors(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const { status, message } = classifyError(err, request);
    return sendJsonString(reply, status, message);
  });
  app.setNotFoundHandler((_request, reply) => sendJsonString(reply, 404, '404 page not found'));
}
