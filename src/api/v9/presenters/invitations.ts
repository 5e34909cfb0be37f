import type { InvitationOutcome, InvitationView } from '../../../domain/invitations/invitations.types.js';

type Links = (code: string) => string;

/** github_com_toggl_toggl_api_internal_models.Invitation */
export function presentInvitation(i: InvitationView) {
  return {
    code: i.code,
    email: i.email,
    organization_id: i.organization_id,
    organization_name: i.organization_name,
    sender_email: i.sender_email,
    sender_name: i.sender_name,
  };
}

/**
 * invitation.Info. recipient_id and the workspaces' user ids are null for an address without an
 * account yet, and workspace_user_id is null until there is a pending membership to point at.
 */
export function presentInvitationInfo(i: InvitationView, links: Links) {
  return {
    email: i.email,
    invitation_id: i.id,
    invite_url: links(i.code),
    organization_id: i.organization_id,
    recipient_id: i.recipient_id,
    sender_id: i.sender_id,
    workspaces: i.workspaces
      .filter((w) => !w.withdrawn)
      .map((w) => ({ user_id: i.recipient_id, workspace_id: w.workspace_id, workspace_user_id: w.workspace_user_id })),
  };
}

/** invitation.Result */
export function presentInvitationResult(outcome: InvitationOutcome, links: Links) {
  return {
    data: outcome.invitations.map((i) => presentInvitationInfo(i, links)),
    invitations: outcome.invitations.map(presentInvitation),
    messages: outcome.messages,
  };
}

/**
 * models.SSOInvitation, as GET /invitations/{code} answers it. Stint has no single sign-on, so
 * `sso` is false and the SSO token and the legacy accounts sign-up URL are null.
 */
export function presentInvitationByCode(i: InvitationView) {
  return {
    ...presentInvitation(i),
    accounts_signup_url: null,
    sso: false,
    token: null,
  };
}
