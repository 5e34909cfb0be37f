import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clock } from '../../../src/time.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser, ownerWithMember } from '../../helpers/factories.js';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let stranger: TestUser;
let ws: number;

const NOW = Date.parse('2024-07-10T12:00:00Z');

beforeAll(async () => {
  t = await buildTestApp();
  ({ owner, member, ws } = await ownerWithMember(t, 'Dash Owner', 'Dash Member'));
  stranger = await createUser(t, { fullname: 'Sam Stranger' });
});
afterAll(async () => t.close());
afterEach(() => vi.restoreAllMocks());

const track = async (who: TestUser, body: Record<string, unknown>) => {
  const res = await who.api.post('/api/v8/time_entries', { time_entry: { wid: ws, created_with: 'dash', ...body } });
  expect(res.status, res.text).toBe(200);
  return res.body.data;
};

describe('GET /dashboard/{workspace_id}', () => {
  it('answers the most active users of the last 7 days and the latest activity', async () => {
    vi.spyOn(clock, 'now').mockReturnValue(NOW);
    const secret = (await owner.api.post('/api/v8/projects', { project: { name: 'Owner Only', wid: ws, is_private: true } })).body.data;
    const open = (await owner.api.post('/api/v8/projects', { project: { name: 'Open', wid: ws, is_private: false } })).body.data;
    await track(owner, { start: '2024-07-01T08:00:00Z', duration: 99_000, description: 'too old to count' });
    await track(owner, { start: '2024-07-09T08:00:00Z', duration: 3600, description: 'design', pid: open.id });
    await track(owner, { start: '2024-07-09T10:00:00Z', duration: 1800, pid: secret.id, description: 'secret work' });
    await track(member, { start: '2024-07-09T09:00:00Z', duration: 7200 });
    vi.spyOn(clock, 'now').mockReturnValue(NOW + 1000);
    const running = await member.api.post('/api/v8/time_entries/start', { time_entry: { wid: ws, created_with: 'dash', description: 'backend', pid: open.id } });
    const runStart = Math.floor((NOW + 1000) / 1000);
    vi.spyOn(clock, 'now').mockReturnValue(NOW + 601_000);

    const res = await owner.api.get(`/api/v8/dashboard/${ws}`);
    expect(res.status).toBe(200);
    expect(res.body.most_active_user).toEqual([
      { user_id: member.user.id, duration: 7200 + 600 },
      { user_id: owner.user.id, duration: 3600 + 1800 },
    ]);
    expect(res.body.activity[0]).toEqual({ user_id: member.user.id, project_id: open.id, duration: -runStart, description: 'backend' });
    expect(res.body.activity).toContainEqual({ user_id: member.user.id, project_id: 0, duration: 7200, stop: '2024-07-09T11:00:00+00:00' });
    expect(res.body.activity).toContainEqual({ user_id: owner.user.id, project_id: secret.id, duration: 1800, description: 'secret work', stop: '2024-07-09T10:30:00+00:00' });
    expect(res.body.activity).toHaveLength(5);
    expect('data' in res.body).toBe(false);

    // A member does not see entries of a private project they are not on.
    const seen = await member.api.get(`/api/v8/dashboard/${ws}`);
    expect(seen.body.activity.map((a: { project_id: number }) => a.project_id)).not.toContain(secret.id);
    expect(seen.body.activity).toHaveLength(4);
    await member.api.put(`/api/v8/time_entries/${running.body.data.id}/stop`);
  });

  it('keeps the dashboard to admins when the workspace says so', async () => {
    await owner.api.put(`/api/v8/workspaces/${ws}`, { workspace: { only_admins_see_team_dashboard: true } });
    const res = await member.api.get(`/api/v8/dashboard/${ws}`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual(['Only workspace admins may see the team dashboard in this workspace']);
    expect((await owner.api.get(`/api/v8/dashboard/${ws}`)).status).toBe(200);
    await owner.api.put(`/api/v8/workspaces/${ws}`, { workspace: { only_admins_see_team_dashboard: false } });
  });

  it('answers an empty dashboard for a workspace without entries', async () => {
    const res = await stranger.api.get(`/api/v8/dashboard/${stranger.workspaceId}`);
    expect(res.body).toEqual({ most_active_user: [], activity: [] });
  });

  it('refuses outsiders with 403', async () => {
    const res = await stranger.api.get(`/api/v8/dashboard/${ws}`);
    expect(res.status).toBe(403);
    expect(Array.isArray(res.body)).toBe(true);
  });
});
