import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { type TestUser, addMember, createUser, ownerWithMember } from '../../helpers/factories.js';

// v8 and v9 are two skins over one domain: what one writes, the other reads back unchanged.
let t: TestApp;
let owner: TestUser;
let member: TestUser;
let ws: number;

beforeAll(async () => {
  t = await buildTestApp();
  ({ owner, member, ws } = await ownerWithMember(t, 'Cross Owner', 'Cross Member'));
});
afterAll(async () => t.close());

/** v9's timestamp with microseconds ("…50.283000Z") as v8 writes it ("…50+00:00"). */
const asV8Time = (v9: string) => v9.replace(/(\.\d+)?Z$/, '+00:00');

describe('written through v8, read through v9', () => {
  it('clients, tags, projects, tasks, project users and time entries', async () => {
    const client = (await owner.api.post('/api/v8/clients', { client: { name: 'V8 Client', notes: 'from v8', wid: ws } })).body.data;
    const tag = (await owner.api.post('/api/v8/tags', { tag: { name: 'v8-tag', wid: ws } })).body.data;
    const project = (await owner.api.post('/api/v8/projects', { project: { name: 'V8 Project', wid: ws, cid: client.id, color: '3', billable: true, is_private: true } })).body.data;
    const task = (await owner.api.post('/api/v8/tasks', { task: { name: 'V8 Task', pid: project.id, estimated_seconds: 5400 } })).body.data;
    const pu = (await owner.api.post('/api/v8/project_users', { project_user: { pid: project.id, uid: member.user.id, manager: true, rate: 12.5 } })).body.data;
    const entry = (
      await owner.api.post('/api/v8/time_entries', {
        time_entry: { description: 'V8 entry', pid: project.id, tid: task.id, start: '2024-04-01T08:00:00Z', duration: 5400, tags: ['v8-tag'], billable: true, created_with: 'v8' },
      })
    ).body.data;

    const c9 = (await owner.api.get(`/api/v9/workspaces/${ws}/clients/${client.id}`)).body;
    expect(c9).toMatchObject({ id: client.id, wid: ws, name: 'V8 Client', notes: 'from v8', at: client.at });

    const tags9 = (await owner.api.get(`/api/v9/workspaces/${ws}/tags`)).body;
    expect(tags9.find((x: { id: number }) => x.id === tag.id)).toMatchObject({ name: 'v8-tag', workspace_id: ws, at: tag.at });

    const p9 = (await owner.api.get(`/api/v9/workspaces/${ws}/projects/${project.id}`)).body;
    expect(p9).toMatchObject({
      id: project.id, workspace_id: ws, client_id: client.id, name: 'V8 Project', color: project.hex_color, billable: true, is_private: true, active: true, at: project.at,
    });

    const t9 = (await owner.api.get(`/api/v9/workspaces/${ws}/projects/${project.id}/tasks/${task.id}`)).body;
    expect(t9).toMatchObject({ id: task.id, name: 'V8 Task', project_id: project.id, workspace_id: ws, estimated_seconds: 5400, active: true, at: task.at });

    const pu9 = (await owner.api.get(`/api/v9/workspaces/${ws}/project_users?project_ids=${project.id}`)).body;
    expect(pu9).toContainEqual(expect.objectContaining({ id: pu.id, project_id: project.id, user_id: member.user.id, manager: true, rate: 12.5, at: pu.at }));

    const e9 = (await owner.api.get(`/api/v9/me/time_entries/${entry.id}`)).body;
    expect(e9).toMatchObject({
      id: entry.id, workspace_id: ws, project_id: project.id, task_id: task.id, description: 'V8 entry', billable: true,
      start: entry.start, stop: entry.stop, duration: 5400, tags: ['v8-tag'], tag_ids: [tag.id], user_id: owner.user.id,
    });
    expect(asV8Time(e9.at)).toBe(entry.at);
  });

  it('a running entry: duration −start on both skins', async () => {
    const running = (await owner.api.post('/api/v8/time_entries/start', { time_entry: { description: 'Both skins', created_with: 'v8' } })).body.data;
    const current9 = (await owner.api.get('/api/v9/me/time_entries/current')).body;
    expect(current9).toMatchObject({ id: running.id, duration: running.duration, start: running.start, stop: null });
    await owner.api.put(`/api/v8/time_entries/${running.id}/stop`);
  });

  it('user settings and workspace settings', async () => {
    await owner.api.put('/api/v8/me', { user: { fullname: 'Cross Renamed', beginning_of_week: 3 } });
    expect((await owner.api.get('/api/v9/me')).body).toMatchObject({ fullname: 'Cross Renamed', beginning_of_week: 3 });
    await owner.api.put(`/api/v8/workspaces/${ws}`, { workspace: { name: 'Cross WS', rounding_minutes: 30 } });
    expect((await owner.api.get(`/api/v9/workspaces/${ws}`)).body).toMatchObject({ name: 'Cross WS', rounding_minutes: 30 });
  });
});

describe('written through v9, read through v8', () => {
  it('clients, tags, projects, tasks, project users and time entries', async () => {
    const client = (await owner.api.post(`/api/v9/workspaces/${ws}/clients`, { name: 'V9 Client', notes: 'from v9' })).body;
    const tag = (await owner.api.post(`/api/v9/workspaces/${ws}/tags`, { name: 'v9-tag' })).body;
    const project = (await owner.api.post(`/api/v9/workspaces/${ws}/projects`, { name: 'V9 Project', client_id: client.id, color: '#bc85e6', is_private: false, billable: false })).body;
    const task = (await owner.api.post(`/api/v9/workspaces/${ws}/projects/${project.id}/tasks`, { name: 'V9 Task', estimated_seconds: 600, user_id: member.user.id })).body;
    const pu = (await owner.api.post(`/api/v9/workspaces/${ws}/project_users`, { project_id: project.id, user_id: member.user.id, rate: 3 })).body;
    const entry = (
      await owner.api.post(`/api/v9/workspaces/${ws}/time_entries`, {
        description: 'V9 entry', project_id: project.id, task_id: task.id, start: '2024-04-02T08:00:00Z', stop: '2024-04-02T09:00:00Z', tags: ['v9-tag'], created_with: 'v9',
      })
    ).body;

    expect((await owner.api.get(`/api/v8/clients/${client.id}`)).body.data).toEqual({ id: client.id, wid: ws, name: 'V9 Client', notes: 'from v9', at: client.at });
    expect((await owner.api.get(`/api/v8/workspaces/${ws}/tags`)).body).toContainEqual({ id: tag.id, wid: ws, name: 'v9-tag', at: tag.at });
    expect((await owner.api.get(`/api/v8/projects/${project.id}`)).body.data).toMatchObject({
      id: project.id, wid: ws, cid: client.id, name: 'V9 Project', color: '1', hex_color: '#bc85e6', is_private: false, billable: false, active: true, at: project.at,
    });
    expect((await owner.api.get(`/api/v8/tasks/${task.id}`)).body.data).toEqual({
      id: task.id, name: 'V9 Task', wid: ws, pid: project.id, uid: member.user.id, active: true, at: task.at, estimated_seconds: 600, tracked_seconds: 3600,
    });
    expect((await owner.api.get(`/api/v8/projects/${project.id}/project_users`)).body).toEqual([
      { id: pu.id, pid: project.id, uid: member.user.id, wid: ws, manager: false, rate: 3, at: pu.at },
    ]);
    expect((await owner.api.get(`/api/v8/time_entries/${entry.id}`)).body.data).toEqual({
      id: entry.id, guid: expect.stringMatching(/^[0-9a-f-]{36}$/), wid: ws, pid: project.id, tid: task.id, uid: owner.user.id, billable: false, start: entry.start, stop: entry.stop, duration: 3600,
      description: 'V9 entry', tags: ['v9-tag'], duronly: false, created_with: 'v9', at: asV8Time(entry.at),
    });
  });

  it('deletions through v9 are gone through v8', async () => {
    const client = (await owner.api.post(`/api/v9/workspaces/${ws}/clients`, { name: 'Gone Client' })).body;
    await owner.api.delete(`/api/v9/workspaces/${ws}/clients/${client.id}`);
    expect((await owner.api.get(`/api/v8/clients/${client.id}`)).status).toBe(404);
    expect((await owner.api.get('/api/v8/clients')).body.map((c: { id: number }) => c.id)).not.toContain(client.id);
  });
});
