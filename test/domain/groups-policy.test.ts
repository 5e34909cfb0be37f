import { describe, expect, it } from 'vitest';
import { canManageGroup, canSeeWorkspaceGroups } from '../../src/domain/groups/groups.policy.js';
import type { GroupActor } from '../../src/domain/groups/groups.types.js';

function actor(organizationAdmin: boolean, member: number[], admin: number[]): GroupActor {
  return { userId: 1, organizationAdmin, memberWorkspaceIds: new Set([...member, ...admin]), adminWorkspaceIds: new Set(admin) };
}

describe('group policies', () => {
  it.each([
    ['organization admin, no workspace', actor(true, [], []), [], true],
    ['organization admin, any workspaces', actor(true, [], []), [10, 20], true],
    ['workspace admin, their workspace', actor(false, [], [10]), [10], true],
    ['workspace admin, all their workspaces', actor(false, [], [10, 20]), [10, 20], true],
    ['workspace admin, one workspace beyond', actor(false, [20], [10]), [10, 20], false],
    ['workspace admin, no workspace', actor(false, [], [10]), [], false],
    ['member', actor(false, [10], []), [10], false],
  ] as const)('manage: %s', (_name, a, workspaces, expected) => {
    expect(canManageGroup(a, workspaces)).toBe(expected);
  });

  it.each([
    ['organization admin outside the workspace', actor(true, [], []), true],
    ['member of the workspace', actor(false, [10], []), true],
    ['admin of the workspace', actor(false, [], [10]), true],
    ['member of another workspace', actor(false, [20], []), false],
  ] as const)('see the groups of workspace 10: %s', (_name, a, expected) => {
    expect(canSeeWorkspaceGroups(a, 10)).toBe(expected);
  });
});
