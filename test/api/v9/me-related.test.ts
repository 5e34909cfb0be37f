import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createUser } from '../../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

describe('GET /me?with_related_data=true', () => {
  it("fills clients, projects, tags, tasks, time entries and workspaces with the user's own data only", async () => {
    const u = await createUser(t);
    const other = await createUser(t);
    const ws = `/api/v9/workspaces/${u.workspaceId}`;
    const client = (await u.api.post(`${ws}/clients`, { name: 'Client A' })).body;
    const project = (await u.api.post(`${ws}/projects`, { name: 'Project A', client_id: client.id })).body;
    const task = (await u.api.post(`${ws}/projects/${project.id}/tasks`, { name: 'Task A' })).body;
    const tag = (await u.api.post(`${ws}/tags`, { name: 'urgent' })).body;
    const entry = (
      await u.api.post(`${ws}/time_entries`, {
        created_with: 'tests',
        workspace_id: u.workspaceId,
        project_id: project.id,
        task_id: task.id,
        tags: ['urgent'],
        start: new Date(Date.now() - 3600_000).toISOString(),
        duration: 1800,
      })
    ).body;
    await other.api.post(`/api/v9/workspaces/${other.workspaceId}/clients`, { name: 'Secret client' });

    const res = await u.api.get('/api/v9/me?with_related_data=true');
    expect(res.status).toBe(200);
    expect(res.body.clients.map((c: { id: number }) => c.id)).toEqual([client.id]);
    expect(res.body.projects.map((p: { id: number }) => p.id)).toEqual([project.id]);
    expect(res.body.tasks.map((x: { id: number }) => x.id)).toEqual([task.id]);
    expect(res.body.tags.map((x: { id: number }) => x.id)).toEqual([tag.id]);
    expect(res.body.time_entries.map((x: { id: number }) => x.id)).toEqual([entry.id]);
    expect(res.body.time_entries[0].tags).toEqual(['urgent']);
    expect(res.body.workspaces.map((w: { id: number }) => w.id)).toEqual([u.workspaceId]);

    const plain = await u.api.get('/api/v9/me');
    expect(plain.body.clients).toBeNull();
  });
});
