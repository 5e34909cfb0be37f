import type { UserGroup } from '../groups/groups.types.js';

export interface Organization {
  id: number;
  name: string;
  created_at: number;
  at: number;
}

/** An organization as seen by one member. */
export interface MemberOrganization extends Organization {
  admin: boolean;
  owner: boolean;
  user_count: number;
}

export interface OrganizationMember {
  id: number;
  organization_id: number;
  user_id: number;
  admin: boolean;
  owner: boolean;
  inactive: boolean;
  email: string;
  fullname: string;
  image_url: string | null;
  /** `active` is false while an invitation into that workspace waits to be accepted. */
  workspaces: { workspace_id: number; admin: boolean; role: string; active: boolean; inactive: boolean; name: string }[];
  /** The organization's groups the user belongs to, by name. */
  groups: UserGroup[];
}
