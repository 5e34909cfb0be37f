import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, invalid, type DomainErrorKind } from '../../domain/errors.js';
import { MAX_LOCATE_IDS } from '../../domain/locator/locator.service.js';
import { classifyError } from '../errors.js';

// The conventions of Track API v8 in one place: the {"data": ...} envelope, null fields left
// out, errors as an array of messages, and the status codes of its reference.

/** v8 status of each domain error kind. A failed authentication is 403 in v8, never 401. */
const STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  conflict: 400,
  unauthorized: 403,
  forbidden: 403,
  not_found: 404,
  payment_required: 402,
  gone: 410,
  too_many_requests: 429,
};

/**
 * The v8 reference: "If a create or update action failed, HTTP status code 404 and an array of
 * localized error messages will be returned." Creates and updates are v8's POST and PUT.
 */
const WRITE_FAILED = 404;
const WRITE_METHODS = new Set(['POST', 'PUT']);

/** Messages whose v8 wording the reference documents differently from v9's. */
const V8_WORDING: Record<string, string> = {
  'Start time is required': "Start can't be blank",
};

/** Status and messages of an error raised by a v8 route. */
export function v8Error(err: unknown, request: FastifyRequest): { status: number; messages: string[] } {
  const { status: fallback, message } = classifyError(err, request);
  let status = fallback;
  const refusedValue = err instanceof DomainError ? err.kind === 'invalid' || err.kind === 'conflict' : Array.isArray((err as { validation?: unknown })?.validation);
  if (err instanceof DomainError) status = STATUS[err.kind];
  if (refusedValue && WRITE_METHODS.has(request.method)) status = WRITE_FAILED;
  return { status, messages: [V8_WORDING[message] ?? message] };
}

export function sendV8Error(reply: FastifyReply, status: number, messages: string[]): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(messages));
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** "Fields which value is NULL are not in the response", at every depth. */
export function omitNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(omitNulls);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = omitNulls(v);
  return out;
}

/**
 * A v8 answer body as sent: nulls left out, except the envelope's own `data`, which Toggl sends
 * as null when there is nothing (GET /time_entries/current without a running timer).
 */
export function v8Payload(payload: unknown): unknown {
  if (isPlainObject(payload) && payload.data === null) return { ...(omitNulls(payload) as object), data: null };
  return omitNulls(payload);
}

export const envelope = <T>(data: T): { data: T } => ({ data });

/** v8 wraps request bodies in the record's name (`{"time_entry": {...}}`); its absence is Toggl's "can't be blank". */
export function unwrap<T>(body: unknown, key: string): T {
  const inner = isPlainObject(body) ? body[key] : undefined;
  if (!isPlainObject(inner)) throw invalid(`${key} can't be blank`);
  return inner as T;
}

/** `1,2,3` of the v8 bulk paths; the areas' own not-found words are used for ids that name nothing. */
export function parseIds(raw: string, what: string): number[] {
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^\d{1,15}$/.test(p) || Number(p) === 0)) throw invalid(`Invalid ${what} ids '${raw}'`);
  const ids = [...new Set(parts.map(Number))];
  if (ids.length > MAX_LOCATE_IDS) throw invalid(`A request may name at most ${MAX_LOCATE_IDS} ids`);
  return ids;
}

/**
 * The one workspace of the records a bulk path names. A bulk change is one transaction in one
 * workspace's service, so ids from several workspaces are refused before anything changes.
 */
export function oneWorkspace(homes: { home: { workspace_id: number } }[], what: string): number {
  const workspaces = new Set(homes.map((h) => h.home.workspace_id));
  if (workspaces.size !== 1) throw invalid(`The ${what} of one request must belong to one workspace`);
  return [...workspaces][0]!;
}
