import type { Group, GroupPatch, GroupPatchResult } from '../../../domain/groups/groups.types.js';
import { formatSeconds } from '../../../time.js';

/**
 * group.OrganizationGroupResponse. Stint has no per-record permissions; every organization user
 * has joined (an invitee becomes an organization user only by accepting).
 */
export function presentOrganizationGroup(g: Group) {
  return {
    at: formatSeconds(g.at),
    group_id: g.id,
    name: g.name,
    permissions: null,
    users: g.users.map((u) => ({
      avatar_url: u.avatar_url,
      inactive: u.inactive,
      joined: true,
      name: u.name,
      user_id: u.user_id,
    })),
    workspaces: g.workspace_ids,
  };
}

/** github_com_toggl_toggl_api_internal_models.Group, as seen from one of the group's workspaces. */
export function presentWorkspaceGroup(g: Group, workspaceId: number) {
  return {
    at: formatSeconds(g.at),
    has_users: g.users.length > 0,
    id: g.id,
    name: g.name,
    permissions: null,
    workspace_id: workspaceId,
  };
}

/** groups.PatchInput; a failed patch is echoed with only the fields of that shape it carried. */
function presentPatchInput(p: GroupPatch | null) {
  const item = typeof p === 'object' && p !== null && !Array.isArray(p) ? p : {};
  const value = Array.isArray(item.value) && item.value.every((v) => Number.isSafeInteger(v)) ? (item.value as number[]) : null;
  return {
    op: typeof item.op === 'string' ? item.op : null,
    path: typeof item.path === 'string' ? item.path : null,
    value,
  };
}

/** groups.PatchOutput */
export function presentGroupPatchResult(r: GroupPatchResult) {
  return {
    failure: r.failure.map((f) => ({ message: f.message, patch: presentPatchInput(f.patch) })),
    success: r.success.map(presentPatchInput),
  };
}
