import type { MemberOrganization } from './organizations.types.js';

export const canChangeOrganization = (m: MemberOrganization | null): boolean => !!m && (m.admin || m.owner);
export const canCreateWorkspace = (m: MemberOrganization | null): boolean => !!m && (m.admin || m.owner);
export const canListOrganizationUsers = (m: MemberOrganization | null): boolean => !!m && (m.admin || m.owner);
