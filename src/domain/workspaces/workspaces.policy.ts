import type { MemberWorkspace } from './workspaces.types.js';

// Pure rules about what a member may do in a workspace.
export const canReadWorkspace = (m: MemberWorkspace | null): m is MemberWorkspace => m !== null;
export const canChangeWorkspaceSettings = (m: MemberWorkspace | null): boolean => m?.admin === true;

// Membership rules. Only admins change a member (rate, labour cost, role, active); anyone may
// leave a workspace themselves. Labour costs are the employer's business, so only admins see
// them; rates are hidden from members when the workspace says only admins see billable rates.
export const canManageMembers = (m: MemberWorkspace): boolean => m.admin;
export const canRemoveMember = (m: MemberWorkspace, actorId: number, target: { user_id: number }): boolean =>
  m.admin || target.user_id === actorId;
export const canSeeMemberRates = (m: MemberWorkspace): boolean => m.admin || !m.only_admins_see_billable_rates;
export const canSeeLabourCosts = (m: MemberWorkspace): boolean => m.admin;
// The invite URL of a pending member is a credential to join: only admins, who can invite, see it.
export const canSeeInvitationCodes = (m: MemberWorkspace): boolean => m.admin;
