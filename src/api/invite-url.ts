import type { FastifyRequest } from 'fastify';

/**
 * The link an invitation is passed on with. Stint sends no e-mail, so whoever invites gets the
 * link in the answer and hands it over; it is built from the request's own scheme and host (the
 * address the inviting admin reaches this server at), and opens GET /api/v9/invitations/{code},
 * which tells the invitee who invited them where and with which address to sign up and accept.
 */
export function inviteUrl(request: FastifyRequest, code: string): string {
  return `${request.protocol}://${request.host}/api/v9/invitations/${code}`;
}

/** `inviteUrl` bound to one request, for presenters. */
export const inviteLinks = (request: FastifyRequest) => (code: string) => inviteUrl(request, code);
