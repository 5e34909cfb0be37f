import { describe, expect, it } from 'vitest';
import { canManageClients } from '../../src/domain/clients/clients.policy.js';
import { canCreateTag, canManageTags } from '../../src/domain/tags/tags.policy.js';
import { canManageMembers, canRemoveMember, canSeeLabourCosts, canSeeMemberRates } from '../../src/domain/workspaces/workspaces.policy.js';
import type { MemberWorkspace } from '../../src/domain/workspaces/workspaces.types.js';

function viewer(admin: boolean, settings: Partial<MemberWorkspace> = {}): MemberWorkspace {
  return { admin, only_admins_may_create_tags: false, only_admins_see_billable_rates: false, ...settings } as MemberWorkspace;
}

describe('client, tag and membership policies', () => {
  it.each([
    ['admin', viewer(true), { manageClients: true, createTag: true, manageTags: true, manageMembers: true, rates: true, costs: true }],
    ['member', viewer(false), { manageClients: false, createTag: true, manageTags: false, manageMembers: false, rates: true, costs: false }],
    [
      'member, admins-only settings',
      viewer(false, { only_admins_may_create_tags: true, only_admins_see_billable_rates: true }),
      { manageClients: false, createTag: false, manageTags: false, manageMembers: false, rates: false, costs: false },
    ],
    [
      'admin, admins-only settings',
      viewer(true, { only_admins_may_create_tags: true, only_admins_see_billable_rates: true }),
      { manageClients: true, createTag: true, manageTags: true, manageMembers: true, rates: true, costs: true },
    ],
  ])('%s', (_name, m, expected) => {
    expect({
      manageClients: canManageClients(m),
      createTag: canCreateTag(m),
      manageTags: canManageTags(m),
      manageMembers: canManageMembers(m),
      rates: canSeeMemberRates(m),
      costs: canSeeLabourCosts(m),
    }).toEqual(expected);
  });

  it.each([
    [true, 1, 2, true],
    [false, 1, 1, true],
    [false, 1, 2, false],
  ])('admin=%s, actor %i removing user %i: %s', (admin, actorId, targetUserId, allowed) => {
    expect(canRemoveMember(viewer(admin), actorId, { user_id: targetUserId })).toBe(allowed);
  });
});
