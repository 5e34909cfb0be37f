import { describe, expect, it } from 'vitest';
import { canInviteInto, canManageInvitation, isAddressedTo, type InvitationActor } from '../../src/domain/invitations/invitations.policy.js';

function actor(organizationAdmin: boolean, admin: number[]): InvitationActor {
  return { userId: 1, organizationAdmin, adminWorkspaceIds: new Set(admin) };
}

const entry = (workspace_id: number) => ({ workspace_id, admin: false, role: 'user' as const, workspace_user_id: null, withdrawn: false });

describe('invitation policies', () => {
  it.each([
    ['organization admin, outside the workspace', actor(true, []), true],
    ['admin of the workspace', actor(false, [10]), true],
    ['admin of another workspace', actor(false, [20]), false],
    ['plain member', actor(false, []), false],
  ] as const)('invite into workspace 10: %s', (_name, a, expected) => {
    expect(canInviteInto(a, 10)).toBe(expected);
  });

  it.each([
    ['organization admin', actor(true, []), [10, 20], true],
    ['admin of every workspace of it', actor(false, [10, 20]), [10, 20], true],
    ['admin of one workspace of it', actor(false, [10]), [10, 20], false],
    ['nothing to manage', actor(true, []), [], false],
  ] as const)('manage an invitation: %s', (_name, a, workspaces, expected) => {
    expect(canManageInvitation(a, { workspaces: workspaces.map(entry) })).toBe(expected);
  });

  it.each([
    ['the same address', 'ann@example.com', true],
    ['another spelling of it', 'Ann@Example.COM', true],
    ['another address', 'anne@example.com', false],
  ])('answered by %s', (_name, email, expected) => {
    expect(isAddressedTo({ email: 'ann@example.com' }, { email })).toBe(expected);
  });
});
