import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import { sendJsonString } from '../errors.js';
import { inviteLinks, inviteUrl } from '../invite-url.js';
import type { SkinOptions } from './index.js';
import { presentInvitationByCode, presentInvitationResult } from './presenters/invitations.js';
import { OrganizationParams } from './schemas/common.js';
import { InvitationBody, InvitationCodeParams, InvitationParams } from './schemas/invitations.js';

export const invitationRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  app.post('/organizations/:organization_id/invitations', { schema: { params: OrganizationParams, body: InvitationBody } }, async (request) => {
    const outcome = await services.invitations.invite(currentUser(request), request.params.organization_id, request.body);
    return presentInvitationResult(outcome, inviteLinks(request));
  });

  // Stint sends no e-mail: "resending" answers the invite URL, for the admin to pass on again.
  app.put('/organizations/:organization_id/invitations/:invitation_id/resend', { schema: { params: InvitationParams } }, async (request, reply) => {
    const { organization_id, invitation_id } = request.params;
    const invitation = await services.invitations.resend(currentUser(request), organization_id, invitation_id);
    return sendJsonString(reply, 200, inviteUrl(request, invitation.code));
  });

  // Public: the invitee may not have an account yet, and the code itself is the credential.
  app.get('/invitations/:invitation_code', { config: { public: true }, schema: { params: InvitationCodeParams } }, async (request) =>
    presentInvitationByCode(await services.invitations.byCode(request.params.invitation_code)),
  );

  app.post('/organizations/invitations/:invitation_code/accept', { schema: { params: InvitationCodeParams } }, async (request, reply) => {
    await services.invitations.accept(currentUser(request), request.params.invitation_code);
    return sendJsonString(reply, 200, 'OK');
  });

  app.post('/organizations/invitations/:invitation_code/reject', { schema: { params: InvitationCodeParams } }, async (request, reply) => {
    await services.invitations.reject(currentUser(request), request.params.invitation_code);
    return sendJsonString(reply, 200, 'OK');
  });
};
