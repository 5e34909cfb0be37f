import type { MemberWorkspace } from '../workspaces/workspaces.types.js';

// Toggl: members create tags unless the workspace reserves that to admins
// (only_admins_may_create_tags); renaming and deleting a shared tag is for admins only.
export const canCreateTag = (m: MemberWorkspace): boolean => m.admin || !m.only_admins_may_create_tags;
export const canManageTags = (m: MemberWorkspace): boolean => m.admin;
