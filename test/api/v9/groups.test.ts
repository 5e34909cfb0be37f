import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GroupsRepository } from '../../../src/domain/groups/groups.repository.js';
import { buildTestApp, call, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser } from '../../helpers/factories.js';

// Users are named so that the alphabetical order of a group's users is known: Ann (workspace
// admin), Mia (member), Olga (owner).
let t: TestApp;
let owner: TestUser;
let member: TestUser;
let wsAdmin: TestUser;
let stranger: TestUser;
let org: string;
let w1: number;
let w2: number;

const V9_AT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;

beforeAll(async () => {
  t = await buildTestApp();
  owner = await createUser(t, { fullname: 'Olga Owner' });
  member = await createUser(t, { fullname: 'Mia Member' });
  wsAdmin = await createUser(t, { fullname: 'Ann Admin' });
  stranger = await createUser(t, { fullname: 'Sam Stranger' });
  w1 = owner.workspaceId;
  await addMember(t, w1, member.user.id, { admin: false });
  await addMember(t, w1, wsAdmin.user.id, { admin: true });
  org = `/api/v9/organizations/${owner.organizationId}`;
  const second = await owner.api.post(`${org}/workspaces`, { name: 'Second' });
  expect(second.status, second.text).toBe(200);
  w2 = second.body.id;
});
afterAll(async () => t.close());

const snapshot = async () => ({
  groups: await t.database.db.selectFrom('groups').selectAll().orderBy('id').execute(),
  group_users: await t.database.db.selectFrom('group_users').selectAll().orderBy('group_id').orderBy('user_id').execute(),
  group_workspaces: await t.database.db.selectFrom('group_workspaces').selectAll().orderBy('group_id').orderBy('workspace_id').execute(),
});

type Api = TestUser['api'];

async function createGroup(body: Record<string, unknown>, api: Api = owner.api): Promise<{ group_id: number; name: string; users: { user_id: number }[]; workspaces: number[]; at: string }> {
  const res = await api.post(`${org}/groups`, body);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

const simple = (u: TestUser, name: string) => ({ avatar_url: null, inactive: false, joined: true, name, user_id: u.user.id });

describe('POST /organizations/{id}/groups', () => {
  it('creates a group with users and workspaces, answered as group.OrganizationGroupResponse', async () => {
    const res = await owner.api.post(`${org}/groups`, { name: ' Developers ', users: [owner.user.id, member.user.id, wsAdmin.user.id, member.user.id], workspaces: [w2, w1] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      at: expect.stringMatching(V9_AT),
      group_id: expect.any(Number),
      name: 'Developers',
      permissions: null,
      users: [simple(wsAdmin, 'Ann Admin'), simple(member, 'Mia Member'), simple(owner, 'Olga Owner')],
      workspaces: [w1, w2].sort((a, b) => a - b),
    });
  });

  it('creates a group without users or workspaces', async () => {
    const group = await createGroup({ name: 'Empty' });
    expect(group).toMatchObject({ name: 'Empty', users: [], workspaces: [] });
  });

  it.each([
    [{}, 'Group name must be present'],
    [{ name: '   ' }, 'Group name must be present'],
    [{ name: 'x'.repeat(201) }, 'Group name too long, maximum length is 200'],
    [{ name: 'developers' }, 'Name has already been taken'],
  ])('refuses %j with 400 and creates nothing', async (body, message) => {
    const before = await snapshot();
    const res = await owner.api.post(`${org}/groups`, body);
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses users and workspaces of another organization, naming the first one", async () => {
    const before = await snapshot();
    const user = await owner.api.post(`${org}/groups`, { name: 'Outsiders', users: [owner.user.id, stranger.user.id] });
    expect(user.status).toBe(400);
    expect(user.body).toBe(`User ${stranger.user.id} not exists in the organization ${owner.organizationId}`);
    const ws = await owner.api.post(`${org}/groups`, { name: 'Outsiders', workspaces: [w1, stranger.workspaceId] });
    expect(ws.status).toBe(400);
    expect(ws.body).toBe(`Workspace ${stranger.workspaceId} not exists in the organization ${owner.organizationId}`);
    const typed = await owner.api.post(`${org}/groups`, { name: 'Outsiders', users: ['1'] });
    expect(typed.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('is refused to plain members (403)', async () => {
    const before = await snapshot();
    const res = await member.api.post(`${org}/groups`, { name: 'Mine', workspaces: [w1] });
    expect(res.status).toBe(403);
    expect(res.body).toBe('User does not have permission to manage user groups.');
    expect(await snapshot()).toEqual(before);
  });

  it('lets a workspace admin create a group for the workspaces they run, and no other', async () => {
    const own = await createGroup({ name: 'W1 team', users: [member.user.id], workspaces: [w1] }, wsAdmin.api);
    expect(own.workspaces).toEqual([w1]);
    const before = await snapshot();
    for (const workspaces of [[], [w2], [w1, w2]]) {
      const res = await wsAdmin.api.post(`${org}/groups`, { name: 'Reach', workspaces });
      expect(res.status, JSON.stringify(workspaces)).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('GET /organizations/{id}/groups', () => {
  it('lists the groups sorted by name to every member, filtered by name and workspace', async () => {
    await createGroup({ name: 'zeta', workspaces: [w2] });
    await createGroup({ name: 'Alpha', users: [member.user.id], workspaces: [w1] });
    const all = await member.api.get(`${org}/groups`);
    expect(all.status).toBe(200);
    const names = all.body.map((g: { name: string }) => g.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(names).toEqual(expect.arrayContaining(['Alpha', 'zeta', 'Developers', 'Empty']));

    const byName = await owner.api.get(`${org}/groups?name=ALP`);
    expect(byName.body.map((g: { name: string }) => g.name)).toEqual(['Alpha']);
    const byWorkspace = await owner.api.get(`${org}/groups?workspace=${w2}`);
    expect(byWorkspace.body.map((g: { name: string }) => g.name)).toEqual(['Developers', 'zeta']);
    expect(byWorkspace.body.every((g: { workspaces: number[] }) => g.workspaces.includes(w2))).toBe(true);
    const like = await owner.api.get(`${org}/groups?name=${encodeURIComponent('%')}`);
    expect(like.body).toEqual([]);
  });

  it('refuses a workspace filter that is not a number', async () => {
    const res = await owner.api.get(`${org}/groups?workspace=abc`);
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/^Invalid number/);
  });
});

describe('GET /organizations/{id}/workspaces/{wid}/groups', () => {
  it("lists the groups attached to the workspace to its members", async () => {
    const res = await member.api.get(`${org}/workspaces/${w1}/groups`);
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body.every((g: { workspaces: number[] }) => g.workspaces.includes(w1))).toBe(true);
    expect(res.body.map((g: { name: string }) => g.name)).not.toContain('zeta');
  });

  it('is 403 for an organization member outside the workspace, 404 for a workspace of another organization', async () => {
    expect((await member.api.get(`${org}/workspaces/${w2}/groups`)).status).toBe(403);
    expect((await owner.api.get(`${org}/workspaces/${w2}/groups`)).status).toBe(200);
    const other = await owner.api.get(`${org}/workspaces/${stranger.workspaceId}/groups`);
    expect(other.status).toBe(404);
    expect(other.body).toBe('Resource can not be found');
  });
});

describe('PUT /organizations/{id}/groups/{gid}', () => {
  it('renames, and replaces users and workspaces only when sent', async () => {
    const g = await createGroup({ name: 'Editors', users: [owner.user.id], workspaces: [w1] });
    const renamed = await owner.api.put(`${org}/groups/${g.group_id}`, { name: 'Writers' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ group_id: g.group_id, name: 'Writers', users: [simple(owner, 'Olga Owner')], workspaces: [w1] });
    const replaced = await owner.api.put(`${org}/groups/${g.group_id}`, { name: 'Writers', users: [member.user.id], workspaces: [w2] });
    expect(replaced.body).toMatchObject({ users: [simple(member, 'Mia Member')], workspaces: [w2] });
    const cleared = await owner.api.put(`${org}/groups/${g.group_id}`, { name: 'Writers', users: [], workspaces: [] });
    expect(cleared.body).toMatchObject({ users: [], workspaces: [] });
  });

  it('answers 404 for a group that is not in the organization, and 400 for a bad name', async () => {
    const theirs = await createUser(t);
    const foreign = await theirs.api.post(`/api/v9/organizations/${theirs.organizationId}/groups`, { name: 'Theirs' });
    const before = await snapshot();
    for (const id of [999999, foreign.body.group_id]) {
      const res = await owner.api.put(`${org}/groups/${id}`, { name: 'Taken over' });
      expect(res.status).toBe(404);
      expect(res.body).toBe('Invalid group ID.');
    }
    const g = (await owner.api.get(`${org}/groups?name=Alpha`)).body[0];
    for (const [body, message] of [
      [{ name: '' }, 'Group name must be present'],
      [{ name: 'zeta' }, 'Name has already been taken'],
      [{ name: 'Alpha', users: [stranger.user.id] }, `User ${stranger.user.id} not exists in the organization ${owner.organizationId}`],
    ] as const) {
      const res = await owner.api.put(`${org}/groups/${g.group_id}`, body);
      expect(res.status).toBe(400);
      expect(res.body).toBe(message);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('lets a workspace admin edit the groups of their workspaces only, without reaching further', async () => {
    const own = await createGroup({ name: 'Ann team', workspaces: [w1] }, wsAdmin.api);
    const shared = await createGroup({ name: 'Both', workspaces: [w1, w2] });
    expect((await wsAdmin.api.put(`${org}/groups/${own.group_id}`, { name: 'Ann crew' })).status).toBe(200);
    const before = await snapshot();
    expect((await wsAdmin.api.put(`${org}/groups/${shared.group_id}`, { name: 'Mine now' })).status).toBe(403);
    expect((await wsAdmin.api.put(`${org}/groups/${own.group_id}`, { name: 'Ann crew', workspaces: [w1, w2] })).status).toBe(403);
    expect((await member.api.put(`${org}/groups/${own.group_id}`, { name: 'Mia crew' })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});

describe('PATCH /organizations/{id}/groups/{gid}', () => {
  it('adds and removes users and workspaces, reporting each patch', async () => {
    const g = await createGroup({ name: 'Patched', users: [owner.user.id] });
    const res = await owner.api.patch(`${org}/groups/${g.group_id}`, [
      { op: 'add', path: '/users', value: [member.user.id, wsAdmin.user.id] },
      { op: 'remove', path: '/users', value: [owner.user.id] },
      { op: 'add', path: '/workspaces', value: [w1, w2] },
      { op: 'remove', path: '/workspaces', value: [w2] },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      failure: [],
      success: [
        { op: 'add', path: '/users', value: [member.user.id, wsAdmin.user.id] },
        { op: 'remove', path: '/users', value: [owner.user.id] },
        { op: 'add', path: '/workspaces', value: [w1, w2] },
        { op: 'remove', path: '/workspaces', value: [w2] },
      ],
    });
    const after = (await owner.api.get(`${org}/groups?name=Patched`)).body[0];
    expect(after.users.map((u: { user_id: number }) => u.user_id)).toEqual([wsAdmin.user.id, member.user.id]);
    expect(after.workspaces).toEqual([w1]);
  });

  it('applies the valid patches and reports the others with their reason', async () => {
    const g = await createGroup({ name: 'Partly' });
    const res = await owner.api.patch(`${org}/groups/${g.group_id}`, [
      { op: 'replace', path: '/users', value: [member.user.id] },
      { op: 'add', path: '/name', value: [1] },
      { op: 'add', path: '/users', value: [] },
      { op: 'add', path: '/users', value: Array.from({ length: 101 }, (_, i) => i + 1) },
      { op: 'add', path: '/users', value: [stranger.user.id] },
      { op: 'add', path: '/workspaces', value: [stranger.workspaceId] },
      { op: 'add', path: '/users', value: [member.user.id] },
    ]);
    expect(res.status).toBe(200);
    const unsupported = "Unsupported operation (invalid 'op' or 'path', or unsupported combination)";
    const value = "Value not present, or too many per patch operation (empty 'value' array or more than 100 values)";
    expect(res.body.success).toEqual([{ op: 'add', path: '/users', value: [member.user.id] }]);
    expect(res.body.failure.map((f: { message: string }) => f.message)).toEqual([
      unsupported,
      unsupported,
      value,
      value,
      `User ${stranger.user.id} not exists in the organization ${owner.organizationId}`,
      `Workspace ${stranger.workspaceId} not exists in the organization ${owner.organizationId}`,
    ]);
    expect(res.body.failure[0].patch).toEqual({ op: 'replace', path: '/users', value: [member.user.id] });
    const after = (await owner.api.get(`${org}/groups?name=Partly`)).body[0];
    expect(after.users.map((u: { user_id: number }) => u.user_id)).toEqual([member.user.id]);
  });

  it('answers 400 and changes nothing when no patch can be applied', async () => {
    const g = await createGroup({ name: 'Untouched' });
    const before = await snapshot();
    const cases: [unknown, string][] = [
      [[{ op: 'add', path: '/users', value: [stranger.user.id] }], `User ${stranger.user.id} not exists in the organization ${owner.organizationId}`],
      [[{ op: 'move', path: '/users', value: [1] }], "Unsupported operation (invalid 'op' or 'path', or unsupported combination)"],
      [Array.from({ length: 101 }, () => ({ op: 'add', path: '/users', value: [owner.user.id] })), 'Too many operations (more than 100 patches in request)'],
    ];
    for (const [body, message] of cases) {
      const res = await owner.api.patch(`${org}/groups/${g.group_id}`, body);
      expect(res.status).toBe(400);
      expect(res.body).toBe(message);
    }
    const notArray = await owner.api.patch(`${org}/groups/${g.group_id}`, { op: 'add' });
    expect(notArray.status).toBe(400);
    expect(notArray.body).toMatch(/^Invalid JSON input/);
    expect(await snapshot()).toEqual(before);
  });

  it('is 403 for members, 404 for unknown groups', async () => {
    const g = await createGroup({ name: 'Guarded' });
    const before = await snapshot();
    const byMember = await member.api.patch(`${org}/groups/${g.group_id}`, [{ op: 'add', path: '/users', value: [member.user.id] }]);
    expect(byMember.status).toBe(403);
    expect(byMember.body).toBe('User does not have permission to manage user groups.');
    const unknown = await owner.api.patch(`${org}/groups/999999`, [{ op: 'add', path: '/users', value: [member.user.id] }]);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toBe('Invalid group ID.');
    expect(await snapshot()).toEqual(before);
  });

  it('lets a workspace admin attach only workspaces they run', async () => {
    const own = await createGroup({ name: 'Ann patch', workspaces: [w1] }, wsAdmin.api);
    const res = await wsAdmin.api.patch(`${org}/groups/${own.group_id}`, [
      { op: 'add', path: '/workspaces', value: [w2] },
      { op: 'add', path: '/users', value: [member.user.id] },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.failure).toEqual([{ message: 'User does not have permission to manage user groups.', patch: { op: 'add', path: '/workspaces', value: [w2] } }]);
    expect((await owner.api.get(`${org}/groups?name=Ann patch`)).body[0].workspaces).toEqual([w1]);
  });
});

describe('DELETE /organizations/{id}/groups/{gid}', () => {
  it('deletes the group with its memberships', async () => {
    const g = await createGroup({ name: 'Doomed', users: [member.user.id], workspaces: [w1] });
    const byMember = await member.api.delete(`${org}/groups/${g.group_id}`);
    expect(byMember.status).toBe(403);
    const res = await owner.api.delete(`${org}/groups/${g.group_id}`);
    expect(res.status).toBe(200);
    expect(res.body).toBe('OK');
    const rows = await snapshot();
    expect(rows.groups.map((r) => r.id)).not.toContain(g.group_id);
    expect(rows.group_users.filter((r) => r.group_id === g.group_id)).toEqual([]);
    expect(rows.group_workspaces.filter((r) => r.group_id === g.group_id)).toEqual([]);
    const again = await owner.api.delete(`${org}/groups/${g.group_id}`);
    expect(again.status).toBe(404);
    expect(again.body).toBe('Invalid group ID.');
  });

  it('frees the name for a new group', async () => {
    const g = await createGroup({ name: 'Phoenix' });
    await owner.api.delete(`${org}/groups/${g.group_id}`);
    const again = await createGroup({ name: 'phoenix' });
    expect(again.group_id).not.toBe(g.group_id);
  });
});

describe('deprecated /workspaces/{wid}/groups', () => {
  it('creates, lists, renames and deletes groups of the workspace in the models.Group shape', async () => {
    const ws = `/api/v9/workspaces/${w1}`;
    const created = await owner.api.post(`${ws}/groups`, { name: 'Legacy' });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ at: expect.stringMatching(V9_AT), has_users: false, id: expect.any(Number), name: 'Legacy', permissions: null, workspace_id: w1 });
    const org = (await owner.api.get(`/api/v9/organizations/${owner.organizationId}/groups?name=Legacy`)).body;
    expect(org).toMatchObject([{ group_id: created.body.id, workspaces: [w1] }]);

    const listed = await member.api.get(`${ws}/groups`);
    expect(listed.status).toBe(200);
    expect(listed.body).toContainEqual({ ...created.body, at: expect.stringMatching(V9_AT) });
    expect(listed.body.find((g: { name: string }) => g.name === 'Developers')).toMatchObject({ has_users: true, workspace_id: w1 });

    const renamed = await owner.api.put(`${ws}/groups/${created.body.id}`, { name: 'Legacy 2' });
    expect(renamed.body).toMatchObject({ id: created.body.id, name: 'Legacy 2' });
    const elsewhere = await owner.api.put(`/api/v9/workspaces/${w2}/groups/${created.body.id}`, { name: 'Legacy 3' });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body).toBe('Group was not found');
    const taken = await owner.api.put(`${ws}/groups/${created.body.id}`, { name: 'Developers' });
    expect(taken.status).toBe(400);
    expect(taken.body).toBe('Name has already been taken');

    expect((await member.api.post(`${ws}/groups`, { name: 'By member' })).status).toBe(403);
    expect((await member.api.delete(`${ws}/groups/${created.body.id}`)).status).toBe(403);
    const deleted = await call(t, 'DELETE', `${ws}/groups/${created.body.id}`, { auth: { token: owner.token } });
    expect(deleted.status).toBe(200);
    expect((await owner.api.delete(`${ws}/groups/${created.body.id}`)).status).toBe(404);
  });
});

describe('outsiders', () => {
  it('are refused on every group route with 403 or 404, and change nothing', async () => {
    const g = await createGroup({ name: 'Private', users: [member.user.id], workspaces: [w1] });
    const before = await snapshot();
    const routes: [string, string, unknown?][] = [
      ['GET', `${org}/groups`],
      ['POST', `${org}/groups`, { name: 'pwned' }],
      ['PUT', `${org}/groups/${g.group_id}`, { name: 'pwned' }],
      ['PATCH', `${org}/groups/${g.group_id}`, [{ op: 'add', path: '/users', value: [stranger.user.id] }]],
      ['DELETE', `${org}/groups/${g.group_id}`],
      ['GET', `${org}/workspaces/${w1}/groups`],
      ['GET', `/api/v9/workspaces/${w1}/groups`],
      ['POST', `/api/v9/workspaces/${w1}/groups`, { name: 'pwned' }],
      ['PUT', `/api/v9/workspaces/${w1}/groups/${g.group_id}`, { name: 'pwned' }],
      ['DELETE', `/api/v9/workspaces/${w1}/groups/${g.group_id}`],
      // The stranger's own organization cannot reach the group either.
      ['PUT', `/api/v9/organizations/${stranger.organizationId}/groups/${g.group_id}`, { name: 'pwned' }],
      ['DELETE', `/api/v9/organizations/${stranger.organizationId}/groups/${g.group_id}`],
      ['GET', `/api/v9/organizations/${stranger.organizationId}/workspaces/${w1}/groups`],
    ];
    for (const [method, url, body] of routes) {
      const res = await call(t, method, url, { auth: { token: stranger.token }, ...(body !== undefined ? { body } : {}) });
      expect([403, 404], `${method} ${url} answered ${res.status}`).toContain(res.status);
      expect(typeof res.body, `${method} ${url}`).toBe('string');
    }
    expect(await snapshot()).toEqual(before);
    const own = await stranger.api.get(`/api/v9/organizations/${stranger.organizationId}/groups`);
    expect(own.body).toEqual([]);
  });

  it('need credentials', async () => {
    const res = await call(t, 'GET', `${org}/groups`);
    expect(res.status).toBe(401);
  });
});

describe('leaving the organization', () => {
  it("takes the user out of the organization's groups, so a return starts with none", async () => {
    const leaver = await createUser(t, { fullname: 'Lea Leaver' });
    await addMember(t, w1, leaver.user.id, { admin: false });
    await t.database.db
      .insertInto('organization_users')
      .values({ organization_id: owner.organizationId, user_id: leaver.user.id, admin: 0, owner: 0, created_at: Date.now(), at: Date.now() })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const group = await createGroup({ name: 'Leavers', users: [leaver.user.id] });
    const left = await leaver.api.delete(`${org}/users/leave`);
    expect(left.status, left.text).toBe(200);
    const rows = await t.database.db.selectFrom('group_users').selectAll().where('group_id', '=', group.group_id).execute();
    expect(rows).toEqual([]);
  });
});

describe('group membership beside users', () => {
  // Gus belongs to two groups of the organization and to one of the stranger's organization,
  // whose workspace he also works in.
  let gus: TestUser;
  let both: number;
  let onlyW2: number;
  let theirs: number;
  const dict = (group_id: number, name: string) => ({ group_id, name });

  beforeAll(async () => {
    gus = await createUser(t, { fullname: 'Gus Grouped' });
    await addMember(t, w1, gus.user.id);
    await addMember(t, w2, gus.user.id);
    await addMember(t, stranger.workspaceId, gus.user.id);
    both = (await createGroup({ name: 'Gus B', users: [gus.user.id, member.user.id], workspaces: [w1, w2] })).group_id;
    onlyW2 = (await createGroup({ name: 'Gus A', users: [gus.user.id], workspaces: [w2] })).group_id;
    const res = await stranger.api.post(`/api/v9/organizations/${stranger.organizationId}/groups`, { name: 'Theirs', users: [gus.user.id], workspaces: [stranger.workspaceId] });
    expect(res.status, res.text).toBe(200);
    theirs = res.body.group_id;
  });

  const orgUser = async (api: Api = owner.api, organizationId = owner.organizationId) => {
    const res = await api.get(`/api/v9/organizations/${organizationId}/users?filter=Gus`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toHaveLength(1);
    return res.body[0] as { groups: unknown[]; workspaces: { workspace_id: number; groups: unknown[] }[] };
  };

  it("lists an organization user's groups as models.GroupDict, by name, and per workspace those attached to it", async () => {
    const u = await orgUser();
    expect(u.groups).toEqual([dict(onlyW2, 'Gus A'), dict(both, 'Gus B')]);
    const byWorkspace = Object.fromEntries(u.workspaces.map((w) => [w.workspace_id, w.groups]));
    expect(byWorkspace).toEqual({ [w1]: [dict(both, 'Gus B')], [w2]: [dict(onlyW2, 'Gus A'), dict(both, 'Gus B')] });
  });

  it("never shows another organization's groups", async () => {
    const there = await orgUser(stranger.api, stranger.organizationId);
    expect(there.groups).toEqual([dict(theirs, 'Theirs')]);
    expect(there.workspaces).toEqual([expect.objectContaining({ workspace_id: stranger.workspaceId, groups: [dict(theirs, 'Theirs')] })]);
    expect(JSON.stringify(await orgUser())).not.toContain('Theirs');
  });

  it('filters the organization users by groups, of the organization only', async () => {
    const ids = async (query: string) => {
      const res = await owner.api.get(`${org}/users?${query}`);
      expect(res.status, res.text).toBe(200);
      return res.body.map((u: { user_id: number }) => u.user_id).sort((a: number, b: number) => a - b);
    };
    expect(await ids(`groups=${onlyW2}`)).toEqual([gus.user.id]);
    expect(await ids(`groups=${onlyW2},${both}`)).toEqual([member.user.id, gus.user.id].sort((a, b) => a - b));
    expect(await ids(`groups=${theirs}`)).toEqual([]);
    const bad = await owner.api.get(`${org}/users?groups=abc`);
    expect(bad.status).toBe(400);
    expect(bad.body).toBe('groups parameter must be a comma separated list of group ids');
  });

  it('follows changes: a group left or deleted is no longer shown', async () => {
    const temp = await createGroup({ name: 'Gus C', users: [gus.user.id], workspaces: [w1] });
    expect((await orgUser()).groups).toContainEqual(dict(temp.group_id, 'Gus C'));
    await owner.api.patch(`${org}/groups/${temp.group_id}`, [{ op: 'remove', path: '/workspaces', value: [w1] }]);
    const detached = await orgUser();
    expect(detached.groups).toContainEqual(dict(temp.group_id, 'Gus C'));
    expect(detached.workspaces.find((w) => w.workspace_id === w1)!.groups).toEqual([dict(both, 'Gus B')]);
    const deleted = await owner.api.delete(`${org}/groups/${temp.group_id}`);
    expect(deleted.status).toBe(200);
    expect((await orgUser()).groups).toEqual([dict(onlyW2, 'Gus A'), dict(both, 'Gus B')]);
  });

  it('loads the groups of a whole page at once, not user by user', async () => {
    const spy = vi.spyOn(GroupsRepository.prototype, 'groupsOfUsers');
    try {
      const res = await owner.api.get(`${org}/users?per_page=3`);
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(3);
      expect(spy.mock.calls.map((c) => c[1])).toEqual([res.body.map((u: { user_id: number }) => u.user_id)]);
    } finally {
      spy.mockRestore();
    }
  });
});
