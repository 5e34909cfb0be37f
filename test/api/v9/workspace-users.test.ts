import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser } from '../../helpers/factories.js';

let t: TestApp;
let owner: TestUser;
let stranger: TestUser;
let ws: string;

beforeAll(async () => {
  t = await buildTestApp();
  owner = await createUser(t, { fullname: 'Olga Owner' });
  stranger = await createUser(t, { fullname: 'Sam Stranger' });
  ws = `/api/v9/workspaces/${owner.workspaceId}`;
});
afterAll(async () => t.close());

/** A fresh user who is a plain member of the owner's workspace. */
async function newMember(fullname = 'Mia Member', admin = false): Promise<TestUser & { wuId: number }> {
  const m = await createUser(t, { fullname });
  await addMember(t, owner.workspaceId, m.user.id, { admin });
  const row = await t.database.db
    .selectFrom('workspace_users')
    .select('id')
    .where('workspace_id', '=', owner.workspaceId)
    .where('user_id', '=', m.user.id)
    .executeTakeFirstOrThrow();
  return { ...m, wuId: row.id };
}

/** A fresh user alone in their own workspace, so its only admin. */
async function soleAdmin(): Promise<TestUser & { ws: string; wuId: number }> {
  const u = await createUser(t, { fullname: 'Sole Admin' });
  const row = await t.database.db
    .selectFrom('workspace_users')
    .select('id')
    .where('workspace_id', '=', u.workspaceId)
    .where('user_id', '=', u.user.id)
    .executeTakeFirstOrThrow();
  return { ...u, ws: `/api/v9/workspaces/${u.workspaceId}`, wuId: row.id };
}

const memberships = () => t.database.db.selectFrom('workspace_users').selectAll().orderBy('id').execute();
const ownerWuId = async () =>
  (await t.database.db.selectFrom('workspace_users').select('id').where('workspace_id', '=', owner.workspaceId).where('user_id', '=', owner.user.id).executeTakeFirstOrThrow()).id;

async function workspaceUser(userId: number) {
  const res = await owner.api.get(`${ws}/workspace_users`);
  expect(res.status).toBe(200);
  return res.body.find((w: { uid: number }) => w.uid === userId);
}

describe('GET /workspaces/{wid}/workspace_users', () => {
  it('lists memberships in the models.WorkspaceUser shape', async () => {
    const m = await newMember('Listed Member');
    const res = await owner.api.get(`${ws}/workspace_users?includeIndirect=false`);
    expect(res.status).toBe(200);
    const mine = res.body.find((w: { uid: number }) => w.uid === owner.user.id);
    expect(mine).toMatchObject({ admin: true, workspace_admin: true, organization_admin: true, role: 'admin', role_id: 2, wid: owner.workspaceId, email: owner.email, name: 'Olga Owner', active: true, inactive: false, group_ids: [] });
    const theirs = res.body.find((w: { uid: number }) => w.uid === m.user.id);
    expect(theirs).toMatchObject({ id: m.wuId, admin: false, organization_admin: false, role: 'user', role_id: 3, rate: null, labor_cost: null, working_hours_in_minutes: null });
    expect(theirs.at).toMatch(/\+00:00$/);
  });

  it('hides labour costs from members, and rates when only admins see billable rates', async () => {
    const m = await newMember('Curious Member');
    await owner.api.put(`${ws}/workspace_users/${m.wuId}`, { rate: 50, labor_cost: 30 });
    const seen = async () => (await m.api.get(`${ws}/workspace_users`)).body.find((w: { uid: number }) => w.uid === m.user.id);
    expect(await seen()).toMatchObject({ rate: 50, labor_cost: null });
    await owner.api.put(ws, { only_admins_see_billable_rates: true });
    try {
      expect(await seen()).toMatchObject({ rate: null, rate_last_updated: null, labor_cost: null });
      expect(await workspaceUser(m.user.id)).toMatchObject({ rate: 50, labor_cost: 30 });
    } finally {
      await owner.api.put(ws, { only_admins_see_billable_rates: false });
    }
  });
});

describe('group_ids of GET /workspaces/{wid}/workspace_users', () => {
  const groupsApi = () => `/api/v9/organizations/${owner.organizationId}/groups`;
  async function group(body: Record<string, unknown>, by: TestUser = owner): Promise<number> {
    const res = await by.api.post(`/api/v9/organizations/${by.organizationId}/groups`, body);
    expect(res.status, res.text).toBe(200);
    return res.body.group_id;
  }

  it("lists the workspace's groups each member belongs to, to every member, and nothing from elsewhere", async () => {
    const grouped = await newMember('Greta Grouped');
    const viewer = await newMember('Vic Viewer');
    // Greta also works in the stranger's organization, where a group holds her.
    await addMember(t, stranger.workspaceId, grouped.user.id);
    const second = await owner.api.post(`/api/v9/organizations/${owner.organizationId}/workspaces`, { name: 'Elsewhere' });
    expect(second.status, second.text).toBe(200);
    const design = await group({ name: 'Design', users: [grouped.user.id, viewer.user.id], workspaces: [owner.workspaceId] });
    const review = await group({ name: 'Review', users: [grouped.user.id], workspaces: [owner.workspaceId, second.body.id] });
    const detached = await group({ name: 'Detached', users: [grouped.user.id], workspaces: [second.body.id] });
    const theirs = await group({ name: 'Theirs', users: [grouped.user.id], workspaces: [stranger.workspaceId] }, stranger);

    const res = await viewer.api.get(`${ws}/workspace_users`);
    expect(res.status).toBe(200);
    const byUser = (id: number) => res.body.find((w: { uid: number }) => w.uid === id);
    expect(byUser(grouped.user.id).group_ids).toEqual([design, review]);
    expect(byUser(viewer.user.id).group_ids).toEqual([design]);
    expect(byUser(owner.user.id).group_ids).toEqual([]);
    expect(res.body.flatMap((w: { group_ids: number[] }) => w.group_ids)).not.toContain(detached);

    const there = await stranger.api.get(`/api/v9/workspaces/${stranger.workspaceId}/workspace_users`);
    expect(there.body.find((w: { uid: number }) => w.uid === grouped.user.id).group_ids).toEqual([theirs]);
    expect(there.body.flatMap((w: { group_ids: number[] }) => w.group_ids)).toEqual([theirs]);

    // A deleted group is gone, and so is a membership ended through the group.
    expect((await owner.api.delete(`${groupsApi()}/${design}`)).status).toBe(200);
    await owner.api.patch(`${groupsApi()}/${review}`, [{ op: 'remove', path: '/users', value: [grouped.user.id] }]);
    const after = await owner.api.get(`${ws}/workspace_users`);
    expect(after.body.flatMap((w: { group_ids: number[] }) => w.group_ids)).toEqual([]);
  });
});

describe('POST /workspaces/{wid}/users/data', () => {
  it('answers the listed members and leaves other ids out', async () => {
    const m = await newMember('Data Member');
    const res = await m.api.post(`${ws}/users/data`, [m.user.id, owner.user.id, stranger.user.id, 999999]);
    expect(res.status).toBe(200);
    expect(res.body.map((u: { id: number }) => u.id).sort()).toEqual([owner.user.id, m.user.id].sort());
    expect(res.body.find((u: { id: number }) => u.id === m.user.id)).toEqual({
      email: m.email,
      fullname: 'Data Member',
      id: m.user.id,
      inactive: false,
      is_active: true,
      is_admin: false,
      role: 'user',
    });
  });

  it.each([
    [[], 'user_ids must not be empty'],
    [Array.from({ length: 151 }, (_, i) => i + 1), 'user_ids must not contain more than 150 elements'],
    [[0], 'user_ids must be a list of numeric IDs'],
  ])('refuses %#', async (body, message) => {
    const res = await owner.api.post(`${ws}/users/data`, body);
    expect([res.status, res.body]).toEqual([400, message]);
  });
});

describe('PUT /workspaces/{wid}/workspace_users/{id}', () => {
  it('lets an admin set rate, labour cost, working hours and role', async () => {
    const m = await newMember('Paid Member');
    const res = await owner.api.put(`${ws}/workspace_users/${m.wuId}`, { rate: 80.5, labor_cost: 40, working_hours_in_minutes: 480, role_id: 2, rate_change_mode: 'start-today' });
    expect(res.status).toBe(200);
    expect(res.body).toBe('OK');
    const after = await workspaceUser(m.user.id);
    expect(after).toMatchObject({ rate: 80.5, labor_cost: 40, working_hours_in_minutes: 480, admin: true, role: 'admin', role_id: 2 });
    expect(after.rate_last_updated).toMatch(/\+00:00$/);
    expect(after.labor_cost_last_updated).toMatch(/\+00:00$/);
    expect((await m.api.get(ws)).body.admin).toBe(true);
  });

  it('clears values named in postedFields or sent as null', async () => {
    const m = await newMember('Cleared Member');
    await owner.api.put(`${ws}/workspace_users/${m.wuId}`, { rate: 10, labor_cost: 5, working_hours_in_minutes: 60 });
    const res = await owner.api.put(`${ws}/workspace_users/${m.wuId}`, { postedFields: ['rate', 'working_hours_in_minutes'], labor_cost: null });
    expect(res.status).toBe(200);
    expect(await workspaceUser(m.user.id)).toMatchObject({ rate: null, labor_cost: null, working_hours_in_minutes: null });
  });

  it('promotes and demotes with the deprecated admin flag and with role', async () => {
    const m = await newMember('Flag Member');
    await owner.api.put(`${ws}/workspace_users/${m.wuId}`, { admin: true });
    expect(await workspaceUser(m.user.id)).toMatchObject({ admin: true, role: 'admin' });
    await owner.api.put(`${ws}/workspace_users/${m.wuId}`, { role: 'user' });
    expect(await workspaceUser(m.user.id)).toMatchObject({ admin: false, role: 'user' });
  });

  it.each([
    [{ admin: true, role_id: 2 }, 'Cannot use both admin flags and role_id.'],
    [{ role_id: 7 }, 'Invalid role_id.'],
    [{ role: 'projectlead' }, 'Invalid role: allowed values are admin, user'],
    [{ working_hours_in_minutes: 0 }, 'Working hours must be positive or null'],
    [{ rate: -1 }, 'Invalid rate'],
    [{ labor_cost_change_mode: 'sometimes' }, 'Invalid labor_cost_change_mode, allowed values are: start-today, override-current, override-all'],
  ])('refuses %j and changes nothing', async (body, message) => {
    const m = await newMember('Refused Member');
    const before = await memberships();
    const res = await owner.api.put(`${ws}/workspace_users/${m.wuId}`, body);
    expect([res.status, res.body]).toEqual([400, message]);
    expect(await memberships()).toEqual(before);
  });

  it('lets only admins change members', async () => {
    const m = await newMember('Ambitious Member');
    const before = await memberships();
    for (const target of [m.wuId, await ownerWuId()]) {
      const res = await m.api.put(`${ws}/workspace_users/${target}`, { role: 'admin', rate: 1000 });
      expect(res.status).toBe(403);
    }
    expect(await memberships()).toEqual(before);
  });

  it('keeps at least one admin', async () => {
    const solo = await soleAdmin();
    const before = await memberships();
    const res = await solo.api.put(`${solo.ws}/workspace_users/${solo.wuId}`, { admin: false });
    expect([res.status, res.body]).toEqual([400, 'Workspace needs at least one admin']);
    const inactive = await solo.api.put(`${solo.ws}/workspace_users/${solo.wuId}`, { inactive: true });
    expect([inactive.status, inactive.body]).toEqual([400, 'Workspace needs at least one admin']);
    expect(await memberships()).toEqual(before);
  });

  it('lets an admin step down when another admin remains', async () => {
    const a = await createUser(t, { fullname: 'Admin A' });
    const b = await newMember('Admin B');
    await addMember(t, a.workspaceId, b.user.id, { admin: true });
    const aWs = `/api/v9/workspaces/${a.workspaceId}`;
    const aWu = (await a.api.get(`${aWs}/workspace_users`)).body.find((w: { uid: number }) => w.uid === a.user.id).id;
    const res = await a.api.put(`${aWs}/workspace_users/${aWu}`, { role: 'user' });
    expect(res.status).toBe(200);
    expect((await a.api.get(aWs)).body.admin).toBe(false);
  });

  it('deactivates a member, who then loses access', async () => {
    const m = await newMember('Deactivated Member');
    const res = await owner.api.put(`${ws}/workspace_users/${m.wuId}`, { inactive: true });
    expect(res.status).toBe(200);
    expect(await workspaceUser(m.user.id)).toMatchObject({ inactive: true });
    expect((await m.api.get(ws)).status).toBe(403);
    await owner.api.put(`${ws}/workspace_users/${m.wuId}`, { inactive: false });
    expect((await m.api.get(ws)).status).toBe(200);
  });

  it('answers 404 for memberships that are not in this workspace', async () => {
    const strangerWu = (await stranger.api.get(`/api/v9/workspaces/${stranger.workspaceId}/workspace_users`)).body[0].id;
    for (const id of [999999, strangerWu]) {
      const res = await owner.api.put(`${ws}/workspace_users/${id}`, { rate: 1 });
      expect([res.status, res.body]).toEqual([404, 'Workspace user not found/accessible by user']);
    }
  });
});

describe('PUT /workspaces/{wid}/users/{user_id}', () => {
  it('changes the membership of a user given by user id', async () => {
    const m = await newMember('By User Id');
    const res = await owner.api.put(`${ws}/users/${m.user.id}`, { rate: 33, role: 'admin' });
    expect(res.status).toBe(200);
    expect(res.body).toBe('OK');
    expect(await workspaceUser(m.user.id)).toMatchObject({ rate: 33, admin: true });
  });

  it('refuses users who are not members, and non-admins', async () => {
    const m = await newMember('Users Guarded');
    const before = await memberships();
    const missing = await owner.api.put(`${ws}/users/${stranger.user.id}`, { rate: 1 });
    expect([missing.status, missing.body]).toEqual([404, 'User does not exist in the workspace.']);
    expect((await m.api.put(`${ws}/users/${m.user.id}`, { role: 'admin' })).status).toBe(403);
    expect(await memberships()).toEqual(before);
  });
});

describe('DELETE /workspaces/{wid}/workspace_users/{id}', () => {
  it('lets an admin remove a member, who then loses access and their default workspace moves', async () => {
    const m = await newMember('Removed Member');
    await m.api.put('/api/v9/me', { default_workspace_id: owner.workspaceId });
    const res = await owner.api.delete(`${ws}/workspace_users/${m.wuId}`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect((await m.api.get(ws)).status).toBe(403);
    expect((await m.api.get('/api/v9/me')).body.default_workspace_id).toBe(m.workspaceId);
    const listed = await owner.api.get(`${ws}/users?exclude_deleted=true`);
    expect(listed.body.map((u: { id: number }) => u.id)).not.toContain(m.user.id);
    expect((await owner.api.delete(`${ws}/workspace_users/${m.wuId}`)).status).toBe(404);
  });

  it('lets a member leave by themselves but not remove others', async () => {
    const leaver = await newMember('Leaving Member');
    const other = await newMember('Other Member');
    const before = await memberships();
    expect((await leaver.api.delete(`${ws}/workspace_users/${other.wuId}`)).status).toBe(403);
    expect(await memberships()).toEqual(before);
    expect((await leaver.api.delete(`${ws}/workspace_users/${leaver.wuId}`)).status).toBe(200);
    expect((await leaver.api.get(ws)).status).toBe(403);
  });

  it('does not let the last admin leave', async () => {
    const solo = await soleAdmin();
    const before = await memberships();
    const res = await solo.api.delete(`${solo.ws}/workspace_users/${solo.wuId}`);
    expect([res.status, res.body]).toEqual([400, 'Workspace needs at least one admin']);
    expect(await memberships()).toEqual(before);
  });

  it('revives a removed membership when the user is added again', async () => {
    const m = await newMember('Returning Member');
    await owner.api.delete(`${ws}/workspace_users/${m.wuId}`);
    await addMember(t, owner.workspaceId, m.user.id, { admin: false });
    expect((await m.api.get(ws)).status).toBe(200);
    expect((await workspaceUser(m.user.id)).id).toBe(m.wuId);
  });
});

describe('DELETE /organizations/{id}/users/leave', () => {
  let org: TestUser;
  beforeEach(async () => {
    org = await createUser(t, { fullname: 'Org Owner' });
  });

  it("removes the user from the organization and all of its workspaces", async () => {
    const second = (await org.api.post(`/api/v9/organizations/${org.organizationId}/workspaces`, { name: 'Second' })).body;
    const m = await createUser(t, { fullname: 'Org Member' });
    await addMember(t, org.workspaceId, m.user.id, { admin: false });
    await addMember(t, second.id, m.user.id, { admin: false });
    expect((await m.api.get('/api/v9/me/organizations')).body.map((o: { id: number }) => o.id)).toContain(org.organizationId);
    const res = await m.api.delete(`/api/v9/organizations/${org.organizationId}/users/leave`);
    expect(res.status).toBe(200);
    expect(res.body).toBe('OK');
    expect((await m.api.get('/api/v9/me/organizations')).body.map((o: { id: number }) => o.id)).toEqual([m.organizationId]);
    expect((await m.api.get('/api/v9/me/workspaces')).body.map((w: { id: number }) => w.id)).toEqual([m.workspaceId]);
    expect((await m.api.get(`/api/v9/workspaces/${second.id}`)).status).toBe(403);
    expect((await m.api.delete(`/api/v9/organizations/${org.organizationId}/users/leave`)).status).toBe(403);
  });

  it('refuses the owner', async () => {
    const before = await memberships();
    const res = await org.api.delete(`/api/v9/organizations/${org.organizationId}/users/leave`);
    expect([res.status, res.body]).toEqual([400, 'Cannot remove the organization owner.']);
    expect(await memberships()).toEqual(before);
  });

  it("refuses to leave a workspace of the organization without an admin", async () => {
    const m = await createUser(t, { fullname: 'Sole Admin' });
    await addMember(t, org.workspaceId, m.user.id, { admin: true });
    const orgWu = (await org.api.get(`/api/v9/workspaces/${org.workspaceId}/workspace_users`)).body.find((w: { uid: number }) => w.uid === org.user.id).id;
    expect((await m.api.put(`/api/v9/workspaces/${org.workspaceId}/workspace_users/${orgWu}`, { role: 'user' })).status).toBe(200);
    const before = await memberships();
    const res = await m.api.delete(`/api/v9/organizations/${org.organizationId}/users/leave`);
    expect(res.status).toBe(400);
    expect(res.body).toBe(`Cannot leave the organization: you are the only admin of workspace '${(await org.api.get(`/api/v9/workspaces/${org.workspaceId}`)).body.name}'`);
    expect(await memberships()).toEqual(before);
  });

  it('deletes the organization when its last user leaves', async () => {
    // An organization whose owner is gone (say, removed by an operator) still has to disappear
    // with its last member.
    await t.database.db.updateTable('organization_users').set({ owner: 0 }).where('organization_id', '=', org.organizationId).execute();
    const res = await org.api.delete(`/api/v9/organizations/${org.organizationId}/users/leave`);
    expect(res.status).toBe(200);
    const row = await t.database.db.selectFrom('organizations').select('deleted_at').where('id', '=', org.organizationId).executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
    expect((await org.api.get('/api/v9/me/workspaces')).body).toEqual([]);
    expect((await org.api.get('/api/v9/me')).body.default_workspace_id).toBeNull();
  });

  it('refuses strangers', async () => {
    const res = await stranger.api.delete(`/api/v9/organizations/${org.organizationId}/users/leave`);
    expect([res.status, res.body]).toEqual([403, 'The user does not belong to the organization.']);
  });
});

describe('tenant isolation', () => {
  it('refuses every workspace-user route of another workspace with 403 and changes nothing', async () => {
    const m = await newMember('Isolated Member');
    const snapshot = async () => ({
      wu: await memberships(),
      ou: await t.database.db.selectFrom('organization_users').selectAll().orderBy('id').execute(),
    });
    const before = await snapshot();
    const attempts = [
      () => stranger.api.get(`${ws}/workspace_users`),
      () => stranger.api.post(`${ws}/users/data`, [m.user.id]),
      () => stranger.api.put(`${ws}/users/${m.user.id}`, { role: 'admin' }),
      () => stranger.api.put(`${ws}/workspace_users/${m.wuId}`, { role: 'admin' }),
      () => stranger.api.delete(`${ws}/workspace_users/${m.wuId}`),
      () => stranger.api.delete(`/api/v9/organizations/${owner.organizationId}/users/leave`),
    ];
    for (const attempt of attempts) {
      const res = await attempt();
      expect(res.status).toBe(403);
      expect(typeof res.body).toBe('string');
    }
    expect(await snapshot()).toEqual(before);
  });

  it("does not reach another workspace's memberships through one's own workspace", async () => {
    const m = await newMember('Out Of Reach');
    const before = await memberships();
    const own = `/api/v9/workspaces/${stranger.workspaceId}`;
    expect((await stranger.api.put(`${own}/workspace_users/${m.wuId}`, { rate: 1 })).status).toBe(404);
    expect((await stranger.api.delete(`${own}/workspace_users/${m.wuId}`)).status).toBe(404);
    expect((await stranger.api.put(`${own}/users/${m.user.id}`, { rate: 1 })).status).toBe(404);
    expect((await stranger.api.post(`${own}/users/data`, [m.user.id])).body).toEqual([]);
    expect(await memberships()).toEqual(before);
  });
});
