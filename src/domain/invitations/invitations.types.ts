import type { InvitationStatus } from '../../db/tables.js';

export type { InvitationStatus };

/** A workspace an invitation leads into. */
export interface InvitationWorkspace {
  workspace_id: number;
  admin: boolean;
  role: 'admin' | 'user';
  /** The pending membership made when the address already had an account. */
  workspace_user_id: number | null;
  /** An admin removed that pending membership, or the workspace is gone: accepting skips it. */
  withdrawn: boolean;
}

export interface Invitation {
  id: number;
  organization_id: number;
  /** lower-cased */
  email: string;
  /** The secret that answers the invitation; never logged, shown to admins and the invitee only. */
  code: string;
  sender_id: number;
  /** The account of the address when invited, then the one that answered. */
  recipient_id: number | null;
  status: InvitationStatus;
  created_at: number;
  updated_at: number;
  workspaces: InvitationWorkspace[];
}

/** An invitation with the names its answers show. */
export interface InvitationView extends Invitation {
  organization_name: string;
  sender_email: string;
  sender_name: string;
}

/** invitation.PostWorkspaces as received; values are checked by the service. */
export interface InvitationWorkspaceInput {
  workspace_id?: number;
  admin?: boolean;
  role?: string;
  role_id?: number;
  integration_data?: unknown;
}

/** invitation.Post as received. */
export interface InvitationInput {
  emails?: string[];
  workspaces?: InvitationWorkspaceInput[];
  groups?: number[] | null;
  project_invite?: unknown;
  skip_email?: boolean;
}

/** What an invite request did: the invitations (new or already pending) and notes on the rest. */
export interface InvitationOutcome {
  invitations: InvitationView[];
  messages: string[];
}
