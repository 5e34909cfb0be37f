import type { MemberWorkspace } from './workspaces.types.js';

// Pure rules about what a member may do in a workspace.
export const canReadWorkspace = (m: MemberWorkspace | null): m is MemberWorkspace => m !== null;
export const canChangeWorkspaceSettings = (m: MemberWorkspace | null): boolean => m?.admin === true;
