import crypto from 'node:crypto';
import type { User } from '../../src/domain/users/users.types.js';
import { client, type TestApp } from './app.js';

export interface TestUser {
  user: User;
  email: string;
  password: string;
  token: string;
  workspaceId: number;
  organizationId: number;
  api: ReturnType<typeof client>;
}

/** A user with their own organization and workspace, made through the same service signup uses. */
export async function createUser(t: TestApp, overrides: { email?: string; password?: string; fullname?: string; timezone?: string } = {}): Promise<TestUser> {
  const email = overrides.email ?? `user-${crypto.randomBytes(5).toString('hex')}@example.com`;
  const password = overrides.password ?? 'secret-password';
  const user = await t.services.users.signup({
    email,
    password,
    fullname: overrides.fullname ?? 'Test User',
    ...(overrides.timezone ? { timezone: overrides.timezone } : {}),
  });
  const orgs = await t.services.organizations.listForUser(user);
  return {
    user,
    email,
    password,
    token: user.api_token,
    workspaceId: user.default_workspace_id!,
    organizationId: orgs[0]!.id,
    api: client(t, { token: user.api_token }),
  };
}

/**
 * Makes an existing user a member of another workspace (and its organization) at once, through
 * the membership write (WorkspacesRepository.upsertMember) that accepting an invitation also uses.
 */
export async function addMember(t: TestApp, workspaceId: number, userId: number, options: { admin: boolean } = { admin: false }): Promise<void> {
  await t.services.workspaces.addMember(workspaceId, userId, options);
}

/** A workspace owner and a plain member of the owner's workspace: the cast of most access tests. */
export async function ownerWithMember(t: TestApp, ownerName: string, memberName: string): Promise<{ owner: TestUser; member: TestUser; ws: number }> {
  const owner = await createUser(t, { fullname: ownerName });
  const member = await createUser(t, { fullname: memberName });
  await addMember(t, owner.workspaceId, member.user.id);
  return { owner, member, ws: owner.workspaceId };
}
