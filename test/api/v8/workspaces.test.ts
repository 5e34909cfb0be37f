import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser, ownerWithMember } from '../../helpers/factories.js';
import { V8_TIME } from './v8.fixtures.js';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let stranger: TestUser;
let ws: number;

beforeAll(async () => {
  t = await buildTestApp();
  ({ owner, member, ws } = await ownerWithMember(t, 'Olga Owner', 'Mia Member'));
  stranger = await createUser(t, { fullname: 'Sam Stranger' });
});
afterAll(async () => t.close());

const snapshot = async () => ({
  workspaces: await t.database.db.selectFrom('workspaces').selectAll().orderBy('id').execute(),
  workspace_users: await t.database.db.selectFrom('workspace_users').selectAll().orderBy('id').execute(),
});
const membershipOf = async (userId: number) =>
  t.database.db.selectFrom('workspace_users').selectAll().where('workspace_id', '=', ws).where('user_id', '=', userId).executeTakeFirstOrThrow();

describe('workspaces', () => {
  it('GET /workspaces lists the bare array of the caller\'s workspaces in v8 shape', async () => {
    const res = await member.api.get('/api/v8/workspaces');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: ws,
        name: "Olga Owner's workspace",
        premium: true,
        admin: false,
        default_currency: 'USD',
        only_admins_may_create_projects: false,
        only_admins_see_billable_rates: false,
        only_admins_see_team_dashboard: false,
        projects_billable_by_default: true,
        rounding: 1,
        rounding_minutes: 0,
        at: expect.stringMatching(V8_TIME),
      },
      expect.objectContaining({ id: member.workspaceId, admin: true }),
    ]);
  });

  it('GET /workspaces/{id} wraps the workspace in data', async () => {
    const res = await owner.api.get(`/api/v8/workspaces/${ws}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: expect.objectContaining({ id: ws, admin: true, premium: true }) });
  });

  it('PUT /workspaces/{id} changes settings for an admin; v9 reads them back', async () => {
    const res = await owner.api.put(`/api/v8/workspaces/${ws}`, {
      workspace: { name: 'Renamed WS', default_currency: 'EUR', default_hourly_rate: 50, rounding: -1, rounding_minutes: 15, only_admins_see_billable_rates: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: 'Renamed WS', default_currency: 'EUR', default_hourly_rate: 50, rounding: -1, rounding_minutes: 15, only_admins_see_billable_rates: true });
    const v9 = await owner.api.get(`/api/v9/workspaces/${ws}`);
    expect(v9.body).toMatchObject({ name: 'Renamed WS', default_currency: 'EUR', default_hourly_rate: 50, rounding: -1, rounding_minutes: 15 });
  });

  it.each([
    [{ workspace: { rounding: 5 } }, 'Invalid rounding'],
    [{ workspace: { rounding_minutes: 999 } }, 'Invalid rounding_minutes'],
    [{ workspace: { name: '   ' } }, 'workspace name must contain non-space characters'],
    [{ workspace: { rounding: 'up' } }, "Invalid field 'workspace.rounding': must be integer"],
    [{ name: 'unwrapped' }, "workspace can't be blank"],
  ])('refuses PUT %j with 404 and an array of messages, changing nothing', async (body, message) => {
    const before = await snapshot();
    const res = await owner.api.put(`/api/v8/workspaces/${ws}`, body);
    expect(res.status).toBe(404);
    expect(res.body).toEqual([message]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses PUT by a plain member with 403', async () => {
    const before = await snapshot();
    const res = await member.api.put(`/api/v8/workspaces/${ws}`, { workspace: { name: 'Member Rename' } });
    expect(res.status).toBe(403);
    expect(res.body).toEqual(['Only workspace admins can do this']);
    expect(await snapshot()).toEqual(before);
  });
});

describe('workspace lists', () => {
  it('GET users answers the members as people, without tokens', async () => {
    const res = await owner.api.get(`/api/v8/workspaces/${ws}/users`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: member.user.id, email: member.email, fullname: 'Mia Member', timezone: 'UTC' },
      { id: owner.user.id, email: owner.email, fullname: 'Olga Owner', timezone: 'UTC' },
    ]);
  });

  it('GET workspace_users answers the memberships', async () => {
    const res = await owner.api.get(`/api/v8/workspaces/${ws}/workspace_users`);
    expect(res.status).toBe(200);
    const mine = await membershipOf(owner.user.id);
    expect(res.body).toContainEqual({ id: mine.id, uid: owner.user.id, wid: ws, admin: true, active: true, email: owner.email, name: 'Olga Owner', at: expect.stringMatching(V8_TIME) });
    expect(res.body).toHaveLength(2);
  });

  it('GET clients, projects, tasks, tags and project_users answer bare arrays of v8 records', async () => {
    const client = await owner.api.post(`/api/v9/workspaces/${ws}/clients`, { name: 'List Client' });
    const project = await owner.api.post(`/api/v9/workspaces/${ws}/projects`, { name: 'List Project', client_id: client.body.id, is_private: false });
    const archived = await owner.api.post(`/api/v9/workspaces/${ws}/projects`, { name: 'Old Project', active: false, is_private: false });
    const task = await owner.api.post(`/api/v9/workspaces/${ws}/projects/${project.body.id}/tasks`, { name: 'List Task', estimated_seconds: 7200 });
    const done = await owner.api.post(`/api/v9/workspaces/${ws}/projects/${project.body.id}/tasks`, { name: 'Done Task', active: false });
    const tag = await owner.api.post(`/api/v9/workspaces/${ws}/tags`, { name: 'list-tag' });
    const pu = await owner.api.post(`/api/v9/workspaces/${ws}/project_users`, { project_id: project.body.id, user_id: member.user.id, rate: 20 });

    const clients = await member.api.get(`/api/v8/workspaces/${ws}/clients`);
    expect(clients.body).toEqual([{ id: client.body.id, wid: ws, name: 'List Client', at: expect.stringMatching(V8_TIME) }]);

    const projects = await member.api.get(`/api/v8/workspaces/${ws}/projects`);
    expect(projects.body.map((p: { id: number }) => p.id)).toEqual([project.body.id]);
    expect(projects.body[0]).toMatchObject({ wid: ws, cid: client.body.id, name: 'List Project', active: true, is_private: false });
    expect('actual_hours' in projects.body[0]).toBe(false);
    const both = await member.api.get(`/api/v8/workspaces/${ws}/projects?active=both&actual_hours=true`);
    expect(both.body.map((p: { id: number }) => p.id).sort()).toEqual([project.body.id, archived.body.id].sort());
    expect(both.body[0].actual_hours).toBe(0);
    const onlyArchived = await member.api.get(`/api/v8/workspaces/${ws}/projects?active=false`);
    expect(onlyArchived.body.map((p: { id: number }) => p.id)).toEqual([archived.body.id]);

    const tasks = await member.api.get(`/api/v8/workspaces/${ws}/tasks`);
    expect(tasks.body).toEqual([
      { id: task.body.id, name: 'List Task', wid: ws, pid: project.body.id, uid: owner.user.id, active: true, at: expect.stringMatching(V8_TIME), estimated_seconds: 7200, tracked_seconds: 0 },
    ]);
    const allTasks = await member.api.get(`/api/v8/workspaces/${ws}/tasks?active=both`);
    expect(allTasks.body.map((x: { id: number }) => x.id).sort()).toEqual([task.body.id, done.body.id].sort());

    const tags = await member.api.get(`/api/v8/workspaces/${ws}/tags`);
    expect(tags.body).toEqual([{ id: tag.body.id, wid: ws, name: 'list-tag', at: expect.stringMatching(V8_TIME) }]);

    const pus = await owner.api.get(`/api/v8/workspaces/${ws}/project_users`);
    expect(pus.body).toContainEqual({ id: pu.body.id, pid: project.body.id, uid: member.user.id, wid: ws, manager: false, rate: 20, at: expect.stringMatching(V8_TIME) });
  });

  it('refuses a bad active filter with 400', async () => {
    const res = await owner.api.get(`/api/v8/workspaces/${ws}/projects?active=maybe`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(["the parameter 'active' is invalid"]);
  });

  it('GET groups lists the groups attached to the workspace, in v8 shape', async () => {
    expect((await member.api.get(`/api/v8/workspaces/${ws}/groups`)).body).toEqual([]);
    const group = await owner.api.post('/api/v8/groups', { group: { name: 'Listed', wid: ws } });
    const res = await member.api.get(`/api/v8/workspaces/${ws}/groups`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ id: group.body.data.id, wid: ws, name: 'Listed', at: expect.stringMatching(V8_TIME) }]);
    await owner.api.delete(`/api/v8/groups/${group.body.data.id}`);
  });
});

describe('POST /workspaces/{id}/invite', () => {
  const INVITE_URL = /^http:\/\/localhost(?::80)?\/api\/v9\/invitations\/([0-9a-f]{32})$/;
  const codeIn = (url: string) => INVITE_URL.exec(url)![1]!;
  const invitations = () => t.database.db.selectFrom('invitations').selectAll().orderBy('id').execute();
  const workspaceName = async () => (await owner.api.get(`/api/v8/workspaces/${ws}`)).body.data.name;

  it('invites addresses with and without an account, and describes the others in notifications', async () => {
    const known = await createUser(t, { fullname: 'Kim Known' });
    const res = await owner.api.post(`/api/v8/workspaces/${ws}/invite`, { emails: [known.email.toUpperCase(), 'New.Person@Example.com', 'nope', member.email] });
    expect(res.status).toBe(200);
    const pending = await membershipOf(known.user.id);
    expect(pending).toMatchObject({ active: 0, inactive: 0, deleted_at: null });
    expect(res.body).toEqual({
      data: [
        { id: pending.id, uid: known.user.id, wid: ws, admin: false, active: false, email: known.email, invite_url: expect.stringMatching(INVITE_URL) },
        // No account yet, so no user and no membership: v8 leaves the null ids out.
        { wid: ws, admin: false, active: false, email: 'new.person@example.com', invite_url: expect.stringMatching(INVITE_URL) },
      ],
      notifications: ["Invalid e-mail: 'nope'", `User with e-mail '${member.email}' is already a member of the workspace '${await workspaceName()}'`],
    });

    // The pending member is listed, inactive; only admins see the invite URL.
    const listed = await owner.api.get(`/api/v8/workspaces/${ws}/workspace_users`);
    expect(listed.body).toContainEqual({
      id: pending.id,
      uid: known.user.id,
      wid: ws,
      admin: false,
      active: false,
      email: known.email,
      name: 'Kim Known',
      at: expect.stringMatching(V8_TIME),
      invite_url: res.body.data[0].invite_url,
    });
    const seenByMember = (await member.api.get(`/api/v8/workspaces/${ws}/workspace_users`)).body.find((w: { uid: number }) => w.uid === known.user.id);
    expect(seenByMember).toMatchObject({ id: pending.id, active: false });
    expect('invite_url' in seenByMember).toBe(false);
    expect((await known.api.get(`/api/v8/workspaces/${ws}`)).status).toBe(403);
    expect((await known.api.get('/api/v8/workspaces')).body.map((w: { id: number }) => w.id)).toEqual([known.workspaceId]);

    // Accepting (a v9 request: v8 has none) turns the membership active.
    const accepted = await known.api.post(`/api/v9/organizations/invitations/${codeIn(res.body.data[0].invite_url)}/accept`);
    expect(accepted.status).toBe(200);
    const after = (await owner.api.get(`/api/v8/workspaces/${ws}/workspace_users`)).body.find((w: { uid: number }) => w.uid === known.user.id);
    expect(after).toEqual({ id: pending.id, uid: known.user.id, wid: ws, admin: false, active: true, email: known.email, name: 'Kim Known', at: expect.stringMatching(V8_TIME) });
    expect((await known.api.get(`/api/v8/workspaces/${ws}`)).status).toBe(200);
  });

  it('does not duplicate a pending invitation', async () => {
    const twice = await createUser(t, { fullname: 'Tess Twice' });
    const first = await owner.api.post(`/api/v8/workspaces/${ws}/invite`, { emails: [twice.email] });
    const before = await invitations();
    const again = await owner.api.post(`/api/v8/workspaces/${ws}/invite`, { emails: [twice.email.toUpperCase()] });
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual(first.body.data);
    expect(again.body.notifications).toEqual([`User with e-mail '${twice.email}' already has a pending invitation; no new one was created`]);
    expect((await invitations()).map((i) => i.id)).toEqual(before.map((i) => i.id));
    const rows = await t.database.db.selectFrom('workspace_users').select('id').where('workspace_id', '=', ws).where('user_id', '=', twice.user.id).execute();
    expect(rows).toHaveLength(1);
  });

  it('answers invalid addresses in notifications, not as a failure, and invites nobody', async () => {
    const before = { ...(await snapshot()), invitations: await invitations() };
    const res = await owner.api.post(`/api/v8/workspaces/${ws}/invite`, { emails: ['nope', ''] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [], notifications: ["Invalid e-mail: 'nope'", 'Missing e-mail'] });
    expect({ ...(await snapshot()), invitations: await invitations() }).toEqual(before);
  });

  it.each([[{ emails: [] }], [{}], [null]])('needs at least one address: %j answers 404 as v8 writes do', async (body) => {
    const before = await invitations();
    const res = await owner.api.post(`/api/v8/workspaces/${ws}/invite`, body);
    expect(res.status).toBe(404);
    expect(res.body).toEqual(['at least one email is required']);
    expect(await invitations()).toEqual(before);
  });

  it('is for admins only', async () => {
    const before = { ...(await snapshot()), invitations: await invitations() };
    const res = await member.api.post(`/api/v8/workspaces/${ws}/invite`, { emails: ['x@example.com'] });
    expect(res.status).toBe(403);
    expect(res.body).toEqual(['Only workspace admins can do this']);
    expect({ ...(await snapshot()), invitations: await invitations() }).toEqual(before);
  });
});

describe('workspace_users/{id}', () => {
  it('PUT changes the admin flag and answers the membership', async () => {
    const target = await createUser(t, { fullname: 'Pat Promoted' });
    await addMember(t, ws, target.user.id);
    const m = await membershipOf(target.user.id);
    const res = await owner.api.put(`/api/v8/workspace_users/${m.id}`, { workspace_user: { admin: true } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { id: m.id, uid: target.user.id, wid: ws, admin: true, active: true, email: target.email, name: 'Pat Promoted', at: expect.stringMatching(V8_TIME) } });
    const v9 = await owner.api.get(`/api/v9/workspaces/${ws}/workspace_users`);
    expect(v9.body.find((w: { id: number }) => w.id === m.id)).toMatchObject({ admin: true, role: 'admin' });
  });

  it('PUT refuses a plain member (403) and an unknown membership (404)', async () => {
    const m = await membershipOf(owner.user.id);
    const before = await snapshot();
    const byMember = await member.api.put(`/api/v8/workspace_users/${m.id}`, { workspace_user: { admin: false } });
    expect(byMember.status).toBe(403);
    const unknown = await owner.api.put('/api/v8/workspace_users/999999', { workspace_user: { admin: true } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(['Workspace user not found/accessible by user']);
    expect(await snapshot()).toEqual(before);
  });

  it('PUT keeps at least one admin', async () => {
    const solo = await createUser(t);
    const m = await t.database.db.selectFrom('workspace_users').selectAll().where('workspace_id', '=', solo.workspaceId).executeTakeFirstOrThrow();
    const res = await solo.api.put(`/api/v8/workspace_users/${m.id}`, { workspace_user: { admin: false } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(['Workspace needs at least one admin']);
  });

  it('DELETE removes a member', async () => {
    const leaving = await createUser(t);
    await addMember(t, ws, leaving.user.id);
    const m = await membershipOf(leaving.user.id);
    const res = await owner.api.delete(`/api/v8/workspace_users/${m.id}`);
    expect(res.status).toBe(200);
    expect((await membershipOf(leaving.user.id)).deleted_at).not.toBeNull();
    expect((await leaving.api.get(`/api/v8/workspaces/${ws}`)).status).toBe(403);
  });
});

describe('outsiders', () => {
  it('get 403 on every workspace route and change nothing', async () => {
    const m = await membershipOf(member.user.id);
    const before = await snapshot();
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/v8/workspaces/${ws}`],
      ['PUT', `/api/v8/workspaces/${ws}`, { workspace: { name: 'pwned' } }],
      ['GET', `/api/v8/workspaces/${ws}/users`],
      ['GET', `/api/v8/workspaces/${ws}/workspace_users`],
      ['GET', `/api/v8/workspaces/${ws}/clients`],
      ['GET', `/api/v8/workspaces/${ws}/projects`],
      ['GET', `/api/v8/workspaces/${ws}/tasks`],
      ['GET', `/api/v8/workspaces/${ws}/tags`],
      ['GET', `/api/v8/workspaces/${ws}/groups`],
      ['GET', `/api/v8/workspaces/${ws}/project_users`],
      ['POST', `/api/v8/workspaces/${ws}/invite`, { emails: ['x@example.com'] }],
      ['PUT', `/api/v8/workspace_users/${m.id}`, { workspace_user: { admin: true } }],
      ['DELETE', `/api/v8/workspace_users/${m.id}`],
    ];
    for (const [method, url, body] of routes) {
      const api = stranger.api;
      const res = method === 'GET' ? await api.get(url) : method === 'PUT' ? await api.put(url, body) : method === 'POST' ? await api.post(url, body) : await api.delete(url);
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(Array.isArray(res.body), `${method} ${url}`).toBe(true);
    }
    expect((await stranger.api.get('/api/v8/workspaces')).body.map((w: { id: number }) => w.id)).toEqual([stranger.workspaceId]);
    expect(await snapshot()).toEqual(before);
  });
});
