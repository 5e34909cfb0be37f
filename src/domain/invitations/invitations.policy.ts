import type { User } from '../users/users.types.js';
import type { Invitation } from './invitations.types.js';

// Who may do what with invitations. Inviting someone into a workspace is adding a member, so it is
// for the organization's admins and for that workspace's admins; the invitation is answered only
// by the person it is addressed to, whoever else holds its code.

/** A user's standing in one organization: admin of all of it, or of some of its workspaces. */
export interface InvitationActor {
  userId: number;
  organizationAdmin: boolean;
  adminWorkspaceIds: ReadonlySet<number>;
}

export const canInviteInto = (actor: InvitationActor, workspaceId: number): boolean =>
  actor.organizationAdmin || actor.adminWorkspaceIds.has(workspaceId);

/** Resending (being shown the invitation again) needs the right to invite into each of its workspaces. */
export const canManageInvitation = (actor: InvitationActor, invitation: Pick<Invitation, 'workspaces'>): boolean =>
  invitation.workspaces.length > 0 && invitation.workspaces.every((w) => canInviteInto(actor, w.workspace_id));

/** Addresses compare without regard to case, as sign-in and signup compare them. */
export const isAddressedTo = (invitation: Pick<Invitation, 'email'>, user: Pick<User, 'email'>): boolean =>
  invitation.email === user.email.toLowerCase();
