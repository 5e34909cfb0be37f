// The refusals of the v8 workspace and workspace-user routes that workspaces.test.ts leaves out:
// ids that name nothing or are not ids, bodies v8 cannot read, plain members on admin routes, and a
// former member, who is an outsider like any other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { type TestUser, addMember, createUser, ownerWithMember } from '../../helpers/factories.js';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let ws: number;

beforeAll(async () => {
  t = await buildTestApp();
  ({ owner, member, ws } = await ownerWithMember(t, 'Olga Owner', 'Mia Member'));
});
afterAll(async () => t.close());

const snapshot = async () => ({
  workspaces: await t.database.db.selectFrom('workspaces').selectAll().orderBy('id').execute(),
  workspace_users: await t.database.db.selectFrom('workspace_users').selectAll().orderBy('id').execute(),
  organization_users: await t.database.db.selectFrom('organization_users').selectAll().orderBy('id').execute(),
});
const membershipOf = async (workspaceId: number, userId: number) =>
  t.database.db.selectFrom('workspace_users').selectAll().where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirstOrThrow();

describe('workspace ids', () => {
  it('answers 403 for a workspace that does not exist, as for one the caller is not in, so ids reveal nothing', async () => {
    const before = await snapshot();
    for (const res of [
      await owner.api.get('/api/v8/workspaces/99999999'),
      await owner.api.put('/api/v8/workspaces/99999999', { workspace: { name: 'Nowhere' } }),
      await owner.api.get('/api/v8/workspaces/99999999/users'),
      await owner.api.get('/api/v8/workspaces/99999999/projects'),
      await owner.api.get('/api/v8/dashboard/99999999'),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual([expect.any(String)]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers 400 for a workspace id that is not an id', async () => {
    for (const url of ['/api/v8/workspaces/abc', '/api/v8/workspaces/0/clients', '/api/v8/dashboard/abc']) {
      const res = await owner.api.get(url);
      expect(res.status, url).toBe(400);
      expect(res.body, url).toEqual([expect.any(String)]);
    }
  });

  it('refuses a bad active filter on the workspace tasks with 400', async () => {
    const res = await owner.api.get(`/api/v8/workspaces/${ws}/tasks?active=maybe`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(["the parameter 'active' is invalid"]);
  });
});

describe('PUT /workspace_users/{id}', () => {
  it.each([
    [{ admin: true }, "workspace_user can't be blank"],
    [{ workspace_user: { admin: 'yes' } }, "Invalid field 'workspace_user.admin': must be boolean"],
  ])('refuses %j as a failed update (404 with messages), changing nothing', async (body, message) => {
    const m = await membershipOf(ws, member.user.id);
    const before = await snapshot();
    const res = await owner.api.put(`/api/v8/workspace_users/${m.id}`, body);
    expect(res.status).toBe(404);
    expect(res.body).toEqual([message]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('DELETE /workspace_users/{id}', () => {
  it('refuses a plain member with 403 and an unknown membership with 404, removing nobody', async () => {
    const m = await membershipOf(ws, owner.user.id);
    const before = await snapshot();
    const byMember = await member.api.delete(`/api/v8/workspace_users/${m.id}`);
    expect(byMember.status).toBe(403);
    expect(byMember.body).toEqual(['User does not have access to this resource.']);
    const unknown = await owner.api.delete('/api/v8/workspace_users/999999');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(['Workspace user not found/accessible by user']);
    const bad = await owner.api.delete('/api/v8/workspace_users/abc');
    expect(bad.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('keeps the last admin', async () => {
    const solo = await createUser(t);
    const m = await membershipOf(solo.workspaceId, solo.user.id);
    const before = await snapshot();
    const res = await solo.api.delete(`/api/v8/workspace_users/${m.id}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(['Workspace needs at least one admin']);
    expect(await snapshot()).toEqual(before);
  });
});

describe('a former member', () => {
  it('is an outsider: 403 on the workspace and its records, and nothing written', async () => {
    const former = await createUser(t, { fullname: 'Fay Former' });
    await addMember(t, ws, former.user.id);
    const client = (await owner.api.post('/api/v8/clients', { client: { name: 'After Leaving', wid: ws } })).body.data;
    expect((await former.api.get(`/api/v8/clients/${client.id}`)).status).toBe(200);
    const m = await membershipOf(ws, former.user.id);
    expect((await owner.api.delete(`/api/v8/workspace_users/${m.id}`)).status).toBe(200);

    const clients = () => t.database.db.selectFrom('clients').selectAll().orderBy('id').execute();
    const before = { ...(await snapshot()), clients: await clients() };
    for (const res of [
      await former.api.get(`/api/v8/workspaces/${ws}`),
      await former.api.get(`/api/v8/workspaces/${ws}/clients`),
      await former.api.get(`/api/v8/clients/${client.id}`),
      await former.api.put(`/api/v8/clients/${client.id}`, { client: { name: 'pwned' } }),
      await former.api.post('/api/v8/clients', { client: { name: 'pwned', wid: ws } }),
      await former.api.get(`/api/v8/dashboard/${ws}`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual([expect.any(String)]);
    }
    expect((await former.api.get('/api/v8/workspaces')).body.map((w: { id: number }) => w.id)).toEqual([former.workspaceId]);
    expect({ ...(await snapshot()), clients: await clients() }).toEqual(before);
  });
});
