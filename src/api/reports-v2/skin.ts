import type { FastifyReply, FastifyRequest } from 'fastify';
import { classifyError } from '../errors.js';

// The conventions of Reports API v2 in one place: errors as {"error": {"message", "tip", "code"}}
// and notes for the caller in the Warning header.

export interface V2ErrorBody {
  error: { message: string; tip: string; code: number };
}

const TIPS: Record<number, string> = {
  400: 'Check the request parameters against the Reports API v2 reference',
  402: 'Wait until the hourly API quota resets (X-Toggl-Quota-Resets-In tells when)',
  403: 'Ask an admin of the workspace to invite you, or use the id of a workspace you are a member of',
  404: 'Check the ids in the request',
  410: 'This API version is no longer served: update your client to Reports API v2 or v3',
  413: 'Send a smaller request',
  429: 'Add a delay between requests',
};
export const AUTH_TIP = 'Authenticate with HTTP Basic: your API token as the user name and "api_token" as the password';
const DEFAULT_TIP = 'Please contact your Stint administrator with information on your request';

/** Reports v3 parameter names in the domain's messages, as a v2 caller knows them. */
const V2_NAMES: [RegExp, string][] = [
  [/\bstart_date\b/g, 'since'],
  [/\bend_date\b/g, 'until'],
  [/\bsub_grouping\b/g, 'subgrouping'],
  [/\border_by\b/g, 'order_field'],
];

export function v2Message(message: string): string {
  return V2_NAMES.reduce((m, [from, to]) => m.replace(from, to), message);
}

export function v2ErrorBody(status: number, message: string, tip?: string): V2ErrorBody {
  return { error: { message, tip: tip ?? TIPS[status] ?? DEFAULT_TIP, code: status } };
}

export function sendV2Error(reply: FastifyReply, status: number, message: string, tip?: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(v2ErrorBody(status, message, tip)));
}

/** Status and message of an error raised by a v2 route; unexpected ones are Toggl's generic 500. */
export function v2Error(err: unknown, request: FastifyRequest): { status: number; message: string } {
  const { status, message } = classifyError(err, request);
  if (status >= 500) return { status, message: 'We are sorry, this Error should never happen to you' };
  return { status, message: v2Message(message) };
}

/** Notes for the caller (ignored parameters, empty group filters) in the Warning header. */
export function setWarnings(reply: FastifyReply, warnings: string[]): void {
  // Header values must be printable ASCII; parameter names come from the caller.
  if (warnings.length > 0) reply.header('Warning', warnings.join('; ').replace(/[^\x20-\x7e]/g, '?'));
}
