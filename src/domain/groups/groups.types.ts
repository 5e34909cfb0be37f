/** A user of a group, as group.OrganizationGroupResponse lists it (OrganizationUserSimple). */
export interface GroupMember {
  user_id: number;
  name: string;
  avatar_url: string | null;
  /** The organization membership is inactive. */
  inactive: boolean;
}

/** A user group of an organization, with its members and the workspaces it is attached to. */
export interface Group {
  id: number;
  organization_id: number;
  name: string;
  created_at: number;
  at: number;
  /** Sorted by name, then id. */
  users: GroupMember[];
  /** Sorted ascending. */
  workspace_ids: number[];
}

/** A group as named beside a user (models.GroupDict, report dictionaries). */
export interface GroupName {
  id: number;
  name: string;
}

/** A group a user belongs to, with the live workspaces it is attached to. */
export interface UserGroup extends GroupName {
  /** Sorted ascending. */
  workspace_ids: number[];
}

/** group.Payload (v9 organization paths) as received; values are checked by the service. */
export interface GroupInput {
  name?: unknown;
  users?: unknown;
  workspaces?: unknown;
}

export interface GroupFilter {
  /** Case-insensitive substring of the name. */
  name?: string;
  /** Only groups attached to this workspace. */
  workspaceId?: number;
}

/** One item of the PATCH body (groups.PatchInput), as received. */
export interface GroupPatch {
  op?: unknown;
  path?: unknown;
  value?: unknown;
}

/** A patch that was checked: what it adds to or removes from which set. */
export interface CheckedGroupPatch {
  op: 'add' | 'remove';
  path: '/users' | '/workspaces';
  value: number[];
}

/** groups.PatchOutput: the patches applied, and the others with the reason each failed. */
export interface GroupPatchResult {
  success: CheckedGroupPatch[];
  failure: { message: string; patch: GroupPatch }[];
}

/**
 * A member of an organization asking about its groups: their organization role and the
 * workspaces of the organization they belong to (active memberships only).
 */
export interface GroupActor {
  userId: number;
  organizationAdmin: boolean;
  memberWorkspaceIds: ReadonlySet<number>;
  adminWorkspaceIds: ReadonlySet<number>;
}
