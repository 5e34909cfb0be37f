import type { MemberWorkspace } from '../workspaces/workspaces.types.js';

// Every member may read the workspace's clients (their projects and entries name them); only
// admins create, change, archive, restore or delete them, as in Toggl.
export const canManageClients = (m: MemberWorkspace): boolean => m.admin;
