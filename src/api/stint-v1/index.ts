import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../container.js';
import { currentUser, requireUser } from '../../http/auth.js';
import { jsonStringErrors } from '../errors.js';
import { formatSeconds } from '../../time.js';
import { inviteLinks } from '../invite-url.js';
import { presentInvitationInfo } from '../v9/presenters/invitations.js';
import { OrganizationParams } from '../v9/schemas/common.js';

export interface StintSkinOptions {
  services: Services;
}

/**
 * Stint's own API, at /stint/api/v1: the little the web app needs that no Toggl API offers. Same
 * rules as Track v9: 401 with an empty body without credentials, 4xx messages as JSON strings.
 */
export async function stintV1(app: FastifyInstance, opts: StintSkinOptions): Promise<void> {
  app.addHook('onRequest', requireUser(401));
  jsonStringErrors(app);
  await app.register(invitationRoutes, { services: opts.services });
}

const invitationRoutes: FastifyPluginAsyncTypebox<StintSkinOptions> = async (app, { services }) => {
  // Pending invitations, in Track v9's invitation.Info shape (what creating them answered), with
  // when each was sent: the team page lists them, to copy a link again, resend or withdraw.
  app.get('/organizations/:organization_id/invitations', { schema: { params: OrganizationParams } }, async (request) => {
    const links = inviteLinks(request);
    const pending = await services.invitations.pending(currentUser(request), request.params.organization_id);
    return pending.map((i) => ({
      ...presentInvitationInfo(i, links),
      code: i.code,
      sent_at: formatSeconds(i.updated_at),
    }));
  });
};
