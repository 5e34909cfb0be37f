import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser, ownerWithMember } from '../../helpers/factories.js';
import { V8_TIME } from './v8.fixtures.js';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let other: TestUser;
let stranger: TestUser;
let ws: number;

beforeAll(async () => {
  t = await buildTestApp();
  ({ owner, member, ws } = await ownerWithMember(t, 'Olga Owner', 'Mia Member'));
  other = await createUser(t, { fullname: 'Otto Other' });
  stranger = await createUser(t, { fullname: 'Sam Stranger' });
  await addMember(t, ws, other.user.id);
});
afterAll(async () => t.close());

const db = () => t.database.db;
const projectRows = () => db().selectFrom('projects').selectAll().orderBy('id').execute();
const projectUserRows = () => db().selectFrom('project_users').selectAll().orderBy('id').execute();
const taskRows = () => db().selectFrom('tasks').selectAll().orderBy('id').execute();

async function project(name: string, extra: Record<string, unknown> = {}): Promise<{ id: number }> {
  const res = await owner.api.post('/api/v8/projects', { project: { name, wid: ws, is_private: false, ...extra } });
  expect(res.status, res.text).toBe(200);
  return res.body.data;
}

describe('projects', () => {
  it('POST /projects creates a project; colours are v8 palette indexes', async () => {
    const client = (await owner.api.post('/api/v8/clients', { client: { name: 'Project Client', wid: ws } })).body.data;
    const res = await owner.api.post('/api/v8/projects', {
      project: { name: 'An awesome project', wid: ws, cid: client.id, is_private: true, billable: false, color: '5', estimated_hours: 10 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: {
        id: expect.any(Number),
        wid: ws,
        cid: client.id,
        name: 'An awesome project',
        billable: false,
        is_private: true,
        active: true,
        template: false,
        auto_estimates: false,
        estimated_hours: 10,
        at: expect.stringMatching(V8_TIME),
        created_at: expect.stringMatching(V8_TIME),
        color: '5',
        hex_color: '#8ab734',
      },
    });
    const v9 = await owner.api.get(`/api/v9/workspaces/${ws}/projects/${res.body.data.id}`);
    expect(v9.body).toMatchObject({ color: '#8ab734', client_id: client.id, estimated_seconds: 36000 });
  });

  it('shows a colour outside the v8 palette as hex_color only', async () => {
    const p = await owner.api.post(`/api/v9/workspaces/${ws}/projects`, { name: 'Hex Project', color: '#123456' });
    const res = await owner.api.get(`/api/v8/projects/${p.body.id}`);
    expect(res.body.data.hex_color).toBe('#123456');
    expect('color' in res.body.data).toBe(false);
  });

  it.each([
    [{ project: { name: '', wid: 0 } }, "Field 'name' cannot be empty."],
    [{ project: { wid: 0 } }, 'Name is required'],
    [{ project: { name: 'Bad Colour', color: '99' } }, "Error in validating color '99'. Project color must be a hex value in the form of #[0-9a-f]{6}."],
    [{ project: { name: 'Bad Client', cid: 999999 } }, "Client with the ID 999999 isn't present in workspace 0"],
    [{ project: { name: 'Bad Type', billable: 'yes' } }, "Invalid field 'project.billable': must be boolean"],
    [{ name: 'unwrapped' }, "project can't be blank"],
  ])('refuses %j with 404, creating nothing', async (body, message) => {
    const before = await projectRows();
    const res = await owner.api.post('/api/v8/projects', body);
    expect(res.status).toBe(404);
    expect(res.body).toEqual([message.replace('workspace 0', `workspace ${ws}`)]);
    expect(await projectRows()).toEqual(before);
  });

  it('GET and PUT /projects/{id}', async () => {
    const p = await project('Editable');
    expect((await member.api.get(`/api/v8/projects/${p.id}`)).body.data).toMatchObject({ id: p.id, name: 'Editable' });
    const put = await owner.api.put(`/api/v8/projects/${p.id}`, { project: { name: 'Changed the name', is_private: true, color: '6', wid: stranger.workspaceId } });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ id: p.id, wid: ws, name: 'Changed the name', is_private: true, color: '6', hex_color: '#14a88e' });
    const refused = await owner.api.put(`/api/v8/projects/${p.id}`, { project: { name: '' } });
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual(["Field 'name' cannot be empty."]);
  });

  it.each([
    [{ project: { name: '' } }, "Field 'name' cannot be empty."],
    [{ project: { color: '99' } }, "Error in validating color '99'. Project color must be a hex value in the form of #[0-9a-f]{6}."],
    [{ project: { cid: 999999 } }, "Client with the ID 999999 isn't present in workspace 0"],
    [{ project: { is_private: 'no' } }, "Invalid field 'project.is_private': must be boolean"],
    [{ name: 'unwrapped' }, "project can't be blank"],
  ])('PUT /projects/{id} refuses %j as a failed update (404 with messages), changing nothing', async (body, message) => {
    const p = await project(`Update Refusal ${message.slice(0, 20)}`);
    const before = await projectRows();
    const res = await owner.api.put(`/api/v8/projects/${p.id}`, body);
    expect(res.status).toBe(404);
    expect(res.body).toEqual([message.replace('workspace 0', `workspace ${ws}`)]);
    expect(await projectRows()).toEqual(before);
  });

  it('PUT /projects/{id} answers 404 for an unknown project', async () => {
    const res = await owner.api.put('/api/v8/projects/999999', { project: { name: 'Nowhere' } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(['Project not found/accessible']);
  });

  it('hides private projects from members who are not on them', async () => {
    const p = await project('Secret', { is_private: true });
    const res = await member.api.get(`/api/v8/projects/${p.id}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual(['Project not found/accessible']);
  });

  it('PUT by a plain member is refused with 403', async () => {
    const p = await project('Read Only');
    const before = await projectRows();
    expect((await member.api.put(`/api/v8/projects/${p.id}`, { project: { name: 'Member Edit' } })).status).toBe(403);
    expect(await projectRows()).toEqual(before);
  });

  it('DELETE /projects/{ids} deletes one or several, all or none', async () => {
    const a = await project('Delete A');
    const b = await project('Delete B');
    const c = await project('Delete C');
    const before = await projectRows();
    const partly = await owner.api.delete(`/api/v8/projects/${a.id},999999`);
    expect(partly.status).toBe(404);
    expect(await projectRows()).toEqual(before);

    expect((await owner.api.delete(`/api/v8/projects/${a.id},${b.id}`)).status).toBe(200);
    expect((await owner.api.delete(`/api/v8/projects/${c.id}`)).status).toBe(200);
    for (const id of [a.id, b.id, c.id]) expect((await owner.api.get(`/api/v8/projects/${id}`)).status).toBe(404);
    expect((await owner.api.delete('/api/v8/projects/1,x')).status).toBe(400);
  });

  it('DELETE refuses ids from several workspaces, and a member who cannot manage them', async () => {
    const mine = await project('Mine');
    const theirs = (await stranger.api.post('/api/v8/projects', { project: { name: 'Theirs' } })).body.data;
    const before = await projectRows();
    const mixed = await owner.api.delete(`/api/v8/projects/${mine.id},${theirs.id}`);
    expect(mixed.status).toBe(400);
    expect(mixed.body).toEqual(['The projects of one request must belong to one workspace']);
    expect((await member.api.delete(`/api/v8/projects/${mine.id}`)).status).toBe(403);
    expect(await projectRows()).toEqual(before);
  });

  it('GET /projects/{id}/project_users and /tasks', async () => {
    const p = await project('With Children');
    const pu = await owner.api.post('/api/v8/project_users', { project_user: { pid: p.id, uid: member.user.id, manager: true, rate: 4 } });
    const task = await owner.api.post('/api/v8/tasks', { task: { name: 'A child task', pid: p.id } });
    const users = await member.api.get(`/api/v8/projects/${p.id}/project_users`);
    expect(users.body).toEqual([pu.body.data]);
    const tasks = await member.api.get(`/api/v8/projects/${p.id}/tasks`);
    expect(tasks.body).toEqual([task.body.data]);
    expect((await member.api.get('/api/v8/projects/999999/tasks')).status).toBe(404);
  });

  it('GET /projects/{id}/project_users answers 404 for an unknown project and for a private one the caller is not on', async () => {
    const unknown = await owner.api.get('/api/v8/projects/999999/project_users');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(['Project not found/accessible']);
    const secret = await project('Private Roster', { is_private: true });
    const hidden = await member.api.get(`/api/v8/projects/${secret.id}/project_users`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(['Project not found/accessible']);
  });
});

describe('project users', () => {
  it('POST creates one project user, with fullname when asked', async () => {
    const p = await project('PU Single');
    const res = await owner.api.post('/api/v8/project_users', { project_user: { pid: p.id, uid: member.user.id, rate: 4.0, manager: true, fields: 'fullname' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: { id: expect.any(Number), pid: p.id, uid: member.user.id, wid: ws, manager: true, rate: 4, at: expect.stringMatching(V8_TIME), fullname: 'Mia Member' },
    });
  });

  it('POST with comma-separated uids adds several people at once, all or none', async () => {
    const p = await project('PU Many');
    const before = await projectUserRows();
    const refused = await owner.api.post('/api/v8/project_users', { project_user: { pid: p.id, uid: `${member.user.id},${stranger.user.id}` } });
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual(['Invalid user_id']);
    expect(await projectUserRows()).toEqual(before);

    const res = await owner.api.post('/api/v8/project_users', { project_user: { pid: p.id, uid: `${member.user.id},${other.user.id}`, manager: true } });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      expect.objectContaining({ pid: p.id, uid: member.user.id, manager: true }),
      expect.objectContaining({ pid: p.id, uid: other.user.id, manager: true }),
    ]);
  });

  it('PUT updates one or several; DELETE removes several', async () => {
    const p = await project('PU Update');
    const created = (await owner.api.post('/api/v8/project_users', { project_user: { pid: p.id, uid: `${member.user.id},${other.user.id}` } })).body.data;
    const [a, b] = created.map((x: { id: number }) => x.id);

    const one = await owner.api.put(`/api/v8/project_users/${a}`, { project_user: { manager: true, rate: 15, pid: 1, uid: 1 } });
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({ id: a, pid: p.id, uid: member.user.id, manager: true, rate: 15 });

    const many = await owner.api.put(`/api/v8/project_users/${a},${b}`, { project_user: { manager: false, rate: 7, fields: 'fullname' } });
    expect(many.body.data).toEqual([
      expect.objectContaining({ id: a, manager: false, rate: 7, fullname: 'Mia Member' }),
      expect.objectContaining({ id: b, manager: false, rate: 7, fullname: 'Otto Other' }),
    ]);

    const refused = await owner.api.put(`/api/v8/project_users/${a}`, { project_user: { rate: -1 } });
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual(['/rate expects an float64 or null']);

    expect((await owner.api.delete(`/api/v8/project_users/${a},${b}`)).status).toBe(200);
    expect((await owner.api.get(`/api/v8/projects/${p.id}/project_users`)).body).toEqual([]);
    expect((await owner.api.delete(`/api/v8/project_users/${a}`)).body).toEqual(['Project user not found/accessible']);
  });

  it('PUT and DELETE /project_users/{ids} refuse unknown ids, bad ids and plain members, changing nothing', async () => {
    const p = await project('PU Refusals');
    const pu = (await owner.api.post('/api/v8/project_users', { project_user: { pid: p.id, uid: member.user.id } })).body.data;
    const before = await projectUserRows();

    const unknown = await owner.api.put('/api/v8/project_users/999999', { project_user: { manager: true } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(['Project user not found/accessible']);
    const partly = await owner.api.put(`/api/v8/project_users/${pu.id},999999`, { project_user: { manager: true } });
    expect(partly.status).toBe(404);
    expect((await owner.api.delete(`/api/v8/project_users/${pu.id},999999`)).status).toBe(404);
    const unwrapped = await owner.api.put(`/api/v8/project_users/${pu.id}`, { manager: true });
    expect(unwrapped.status).toBe(404);
    expect(unwrapped.body).toEqual(["project_user can't be blank"]);
    const badIds = await owner.api.delete('/api/v8/project_users/1,x');
    expect(badIds.status).toBe(400);
    expect(badIds.body).toEqual(["Invalid project user ids '1,x'"]);

    const byMember = await member.api.put(`/api/v8/project_users/${pu.id}`, { project_user: { manager: true } });
    expect(byMember.status).toBe(403);
    expect(byMember.body).toEqual([expect.any(String)]);
    expect((await member.api.delete(`/api/v8/project_users/${pu.id}`)).status).toBe(403);
    expect(await projectUserRows()).toEqual(before);
  });

  it('POST /project_users without its wrapper is a failed create', async () => {
    const before = await projectUserRows();
    const res = await owner.api.post('/api/v8/project_users', { pid: 1, uid: member.user.id });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(["project_user can't be blank"]);
    expect(await projectUserRows()).toEqual(before);
  });

  it('refuses unknown projects and plain members', async () => {
    const p = await project('PU Guarded');
    const before = await projectUserRows();
    expect((await owner.api.post('/api/v8/project_users', { project_user: { pid: 999999, uid: member.user.id } })).status).toBe(404);
    expect((await owner.api.post('/api/v8/project_users', { project_user: { uid: member.user.id } })).body).toEqual(['Invalid project_id']);
    expect((await member.api.post('/api/v8/project_users', { project_user: { pid: p.id, uid: other.user.id } })).status).toBe(403);
    expect(await projectUserRows()).toEqual(before);
  });
});

describe('tasks', () => {
  it('POST /tasks creates a task in the project\'s workspace', async () => {
    const p = await project('Task Project');
    const res = await owner.api.post('/api/v8/tasks', { task: { name: 'A new task', pid: p.id } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: { id: expect.any(Number), name: 'A new task', wid: ws, pid: p.id, uid: owner.user.id, active: true, at: expect.stringMatching(V8_TIME), tracked_seconds: 0 },
    });
    expect((await owner.api.get(`/api/v8/tasks/${res.body.data.id}`)).body).toEqual(res.body);
  });

  it.each([
    [{ task: { name: 'No project' } }, "Project can't be blank"],
    [{ task: { name: '', pid: -1 } }, "Field 'name' cannot be empty."],
    [{ task: { pid: -1 } }, 'Name is required'],
    [{ task: { name: 'Bad user', pid: -1, uid: 999999 } }, 'Invalid user_id'],
    [{ name: 'x' }, "task can't be blank"],
  ])('refuses %j with 404, creating nothing', async (body, message) => {
    const p = await project(`Task Refusals ${message}`);
    const b = JSON.parse(JSON.stringify(body).replace('-1', String(p.id)));
    const before = await taskRows();
    const res = await owner.api.post('/api/v8/tasks', b);
    expect(res.status).toBe(404);
    expect(res.body).toEqual([message]);
    expect(await taskRows()).toEqual(before);
  });

  it('PUT updates one (with fields) or several at once; DELETE removes several', async () => {
    const p = await project('Task Updates');
    const a = (await owner.api.post('/api/v8/tasks', { task: { name: 'Task A', pid: p.id } })).body.data;
    const b = (await owner.api.post('/api/v8/tasks', { task: { name: 'Task B', pid: p.id } })).body.data;
    await owner.api.post(`/api/v9/workspaces/${ws}/time_entries`, {
      created_with: 'test', start: '2024-02-01T10:00:00Z', duration: 1200, project_id: p.id, task_id: a.id,
    });

    const one = await owner.api.put(`/api/v8/tasks/${a.id}`, { task: { active: false, estimated_seconds: 3600, fields: 'done_seconds,uname' } });
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({ id: a.id, active: false, estimated_seconds: 3600, done_seconds: 1200, tracked_seconds: 1200, uname: 'Olga Owner' });

    const many = await owner.api.put(`/api/v8/tasks/${a.id},${b.id}`, { task: { active: true } });
    expect(many.body.data.map((x: { id: number; active: boolean }) => [x.id, x.active])).toEqual([
      [a.id, true],
      [b.id, true],
    ]);
    expect('uname' in many.body.data[0]).toBe(false);

    const before = await taskRows();
    const refused = await owner.api.put(`/api/v8/tasks/${a.id},999999`, { task: { active: false } });
    expect(refused.status).toBe(404);
    expect(await taskRows()).toEqual(before);

    expect((await owner.api.delete(`/api/v8/tasks/${a.id},${b.id}`)).status).toBe(200);
    expect((await owner.api.get(`/api/v8/tasks/${a.id}`)).body).toEqual(['Task not found in workspace']);
  });

  it.each([
    [{ task: { name: '' } }, "Field 'name' cannot be empty."],
    [{ task: { uid: 999999 } }, 'Invalid user_id'],
    [{ task: { estimated_seconds: 'lots' } }, "Invalid field 'task.estimated_seconds': must be integer"],
    [{ name: 'x' }, "task can't be blank"],
  ])('PUT /tasks/{id} refuses %j as a failed update (404 with messages), changing nothing', async (body, message) => {
    const p = await project(`Task Update Refusal ${message.slice(0, 16)}`);
    const task = (await owner.api.post('/api/v8/tasks', { task: { name: 'Stays', pid: p.id } })).body.data;
    const before = await taskRows();
    const res = await owner.api.put(`/api/v8/tasks/${task.id}`, body);
    expect(res.status).toBe(404);
    expect(res.body).toEqual([message]);
    expect(await taskRows()).toEqual(before);
  });

  it('GET and DELETE /tasks/{ids} answer 404 for unknown ids and 400 for bad ones, deleting nothing', async () => {
    const p = await project('Task Deletion Refusals');
    const task = (await owner.api.post('/api/v8/tasks', { task: { name: 'Survivor', pid: p.id } })).body.data;
    const before = await taskRows();
    const unknown = await owner.api.get('/api/v8/tasks/999999');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(['Task not found in workspace']);
    const partly = await owner.api.delete(`/api/v8/tasks/${task.id},999999`);
    expect(partly.status).toBe(404);
    expect(partly.body).toEqual(['Task not found in workspace']);
    const bad = await owner.api.delete('/api/v8/tasks/x');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual(["Invalid task ids 'x'"]);
    expect(await taskRows()).toEqual(before);
  });

  it('plain members cannot change tasks', async () => {
    const p = await project('Task Guard');
    const task = (await owner.api.post('/api/v8/tasks', { task: { name: 'Guarded', pid: p.id } })).body.data;
    const before = await taskRows();
    expect((await member.api.put(`/api/v8/tasks/${task.id}`, { task: { name: 'x' } })).status).toBe(403);
    expect((await member.api.delete(`/api/v8/tasks/${task.id}`)).status).toBe(403);
    expect((await member.api.post('/api/v8/tasks', { task: { name: 'x', pid: p.id } })).status).toBe(403);
    expect(await taskRows()).toEqual(before);
  });
});

describe('outsiders', () => {
  it('get 403 on every project, project user and task route and change nothing', async () => {
    const p = await project('Outsider Target');
    const pu = (await owner.api.post('/api/v8/project_users', { project_user: { pid: p.id, uid: member.user.id } })).body.data;
    const task = (await owner.api.post('/api/v8/tasks', { task: { name: 'Outsider Task', pid: p.id } })).body.data;
    const snapshot = async () => ({ p: await projectRows(), pu: await projectUserRows(), t: await taskRows() });
    const before = await snapshot();
    const api = stranger.api;
    const results = [
      await api.post('/api/v8/projects', { project: { name: 'pwned', wid: ws } }),
      await api.get(`/api/v8/projects/${p.id}`),
      await api.put(`/api/v8/projects/${p.id}`, { project: { name: 'pwned' } }),
      await api.delete(`/api/v8/projects/${p.id}`),
      await api.get(`/api/v8/projects/${p.id}/project_users`),
      await api.get(`/api/v8/projects/${p.id}/tasks`),
      await api.post('/api/v8/project_users', { project_user: { pid: p.id, uid: stranger.user.id } }),
      await api.put(`/api/v8/project_users/${pu.id}`, { project_user: { manager: true } }),
      await api.delete(`/api/v8/project_users/${pu.id}`),
      await api.post('/api/v8/tasks', { task: { name: 'pwned', pid: p.id } }),
      await api.get(`/api/v8/tasks/${task.id}`),
      await api.put(`/api/v8/tasks/${task.id}`, { task: { name: 'pwned' } }),
      await api.delete(`/api/v8/tasks/${task.id}`),
    ];
    for (const res of results) {
      expect(res.status).toBe(403);
      expect(Array.isArray(res.body)).toBe(true);
    }
    expect(await snapshot()).toEqual(before);
  });
});
