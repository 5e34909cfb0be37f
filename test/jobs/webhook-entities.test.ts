import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { addMember, createUser, type TestUser } from '../helpers/factories.js';
import { signedWith, startReceiver } from '../helpers/webhook-receiver.js';

// Events of the catalog's entities beyond time entries, clients, tags and projects: each through
// the shared service, so from v9 and, where v8 has the write, from v8.

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let ws: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const base = '/webhooks/api/v1';
const v8 = { conform: false };

beforeAll(async () => {
  t = await buildTestApp({ WEBHOOKS_ALLOW_PRIVATE: 'true' });
  owner = await createUser(t, { fullname: 'Olga Owner' });
  member = await createUser(t, { fullname: 'Mia Member' });
  await addMember(t, owner.workspaceId, member.user.id, { admin: false });
  ws = `/api/v9/workspaces/${owner.workspaceId}`;
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

beforeEach(async () => {
  receiver.received.length = 0;
  await t.database.db.deleteFrom('webhook_events').execute();
  await t.database.db.updateTable('webhook_subscriptions').set({ deleted_at: Date.now() }).execute();
  t.services.webhookEvents.invalidate(owner.workspaceId);
});

async function subscribe(user: TestUser, filters: { entity: string; action: string }[]) {
  const res = await user.api.post(`${base}/subscriptions/${owner.workspaceId}`, { url_callback: receiver.url, event_filters: filters, description: 'test', secret: 'shh' });
  expect(res.status, res.text).toBe(200);
  const id = res.body.subscription_id as number;
  const row = await t.database.db.selectFrom('webhook_subscriptions').select('validation_code').where('id', '=', id).executeTakeFirstOrThrow();
  expect((await user.api.get(`${base}/validate/${owner.workspaceId}/${id}/${row.validation_code}`)).status).toBe(200);
  return id;
}

/** What arrived, as "model action request_type", after the worker delivered everything due. */
async function delivered(): Promise<string[]> {
  await t.services.webhookDelivery.drain();
  for (const r of receiver.received) expect(signedWith(r, 'shh')).toBe(true);
  return receiver.received.map((r) => `${r.json.metadata.model} ${r.json.metadata.action} ${r.json.metadata.request_type}`);
}

function ok<T extends { status: number; text: string }>(res: T): T {
  expect(res.status, res.text).toBe(200);
  return res;
}

describe('tasks', () => {
  it('v9 and v8 creates, updates and deletes', async () => {
    await subscribe(owner, [{ entity: 'task', action: '*' }]);
    const project = ok(await owner.api.post(`${ws}/projects`, { name: 'With tasks', active: true })).body;
    const task = ok(await owner.api.post(`${ws}/projects/${project.id}/tasks`, { name: 'Design' })).body;
    ok(await owner.api.put(`${ws}/projects/${project.id}/tasks/${task.id}`, { name: 'Design v2' }));
    ok(await owner.api.patch(`${ws}/projects/${project.id}/tasks/${task.id}`, [{ op: 'replace', path: '/active', value: false }]));
    ok(await owner.api.delete(`${ws}/projects/${project.id}/tasks/${task.id}`));
    const old = ok(await owner.api.post('/api/v8/tasks', { task: { name: 'From v8', pid: project.id } }, v8)).body.data;
    ok(await owner.api.put(`/api/v8/tasks/${old.id}`, { task: { name: 'From v8, renamed' } }, v8));
    ok(await owner.api.delete(`/api/v8/tasks/${old.id}`, v8));
    expect(await delivered()).toEqual([
      'task created POST',
      'task updated PUT',
      'task updated PATCH',
      'task deleted DELETE',
      'task created POST',
      'task updated PUT',
      'task deleted DELETE',
    ]);
    const [created, renamed] = receiver.received.map((r) => r.json);
    expect(created.metadata).toMatchObject({ task_id: String(task.id), project_id: String(project.id), workspace_id: String(owner.workspaceId) });
    expect(created.payload).toMatchObject({ id: task.id, name: 'Design', project_id: project.id, workspace_id: owner.workspaceId, active: true });
    expect(renamed.payload).toMatchObject({ id: task.id, name: 'Design v2' });
    expect(receiver.received[3]!.json.payload).toEqual({ id: task.id, workspace_id: owner.workspaceId });
    expect(receiver.received[5]!.json.payload).toMatchObject({ id: old.id, name: 'From v8, renamed' });
  });

  it('says nothing of a private project’s tasks to a member who is not on it', async () => {
    const mine = await subscribe(member, [{ entity: 'task', action: '*' }]);
    const admins = await subscribe(owner, [{ entity: 'task', action: '*' }]);
    const secret = ok(await owner.api.post(`${ws}/projects`, { name: 'Secret tasks', is_private: true })).body;
    const open = ok(await owner.api.post(`${ws}/projects`, { name: 'Open tasks', is_private: false })).body;
    ok(await owner.api.post(`${ws}/projects/${secret.id}/tasks`, { name: 'hidden' }));
    ok(await owner.api.post(`${ws}/projects/${open.id}/tasks`, { name: 'shown' }));
    await delivered();
    const got = (s: number) => receiver.received.filter((r) => r.json.subscription_id === s).map((r) => r.json.payload.name);
    expect(got(mine)).toEqual(['shown']);
    expect(got(admins)).toEqual(['hidden', 'shown']);
  });
});

describe('project users', () => {
  it('v9 and v8 creates, updates and deletes; labour costs never in the payload', async () => {
    await subscribe(owner, [{ entity: 'project_user', action: '*' }]);
    const project = ok(await owner.api.post(`${ws}/projects`, { name: 'Staffed', is_private: true })).body;
    const pu = ok(await owner.api.post(`${ws}/project_users`, { project_id: project.id, user_id: member.user.id, labor_cost: 40 })).body;
    ok(await owner.api.put(`${ws}/project_users/${pu.id}`, { manager: true }));
    ok(await owner.api.delete(`${ws}/project_users/${pu.id}`));
    const old = ok(await owner.api.post('/api/v8/project_users', { project_user: { pid: project.id, uid: member.user.id } }, v8)).body.data;
    ok(await owner.api.put(`/api/v8/project_users/${old.id}`, { project_user: { manager: true } }, v8));
    ok(await owner.api.delete(`/api/v8/project_users/${old.id}`, v8));
    expect(await delivered()).toEqual([
      'project_user created POST',
      'project_user updated PUT',
      'project_user deleted DELETE',
      'project_user created POST',
      'project_user updated PUT',
      'project_user deleted DELETE',
    ]);
    const created = receiver.received[0]!.json;
    expect(created.metadata).toMatchObject({ project_user_id: String(pu.id), project_id: String(project.id) });
    expect(created.payload).toMatchObject({ id: pu.id, project_id: project.id, user_id: member.user.id, manager: false, labor_cost: null });
    expect(receiver.received[1]!.json.payload).toMatchObject({ id: pu.id, manager: true });
    expect(receiver.received[4]!.json.payload).toMatchObject({ id: old.id, manager: true });
  });
});

describe('workspaces and their members', () => {
  it('workspace updated from v9 and v8, shown as any member sees it', async () => {
    await subscribe(owner, [{ entity: 'workspace', action: '*' }]);
    const name = (await owner.api.get(ws)).body.name as string;
    ok(await owner.api.put(ws, { name: 'Renamed', only_admins_see_billable_rates: true, default_hourly_rate: 120 }));
    ok(await owner.api.put(`/api/v8/workspaces/${owner.workspaceId}`, { workspace: { name } }, v8));
    expect(await delivered()).toEqual(['workspace updated PUT', 'workspace updated PUT']);
    expect(receiver.received[0]!.json.metadata).toMatchObject({ workspace_id: String(owner.workspaceId) });
    // Members may not see rates in this workspace now, so the event does not show it either.
    expect(receiver.received[0]!.json.payload).toMatchObject({ id: owner.workspaceId, name: 'Renamed', default_hourly_rate: null });
    expect(receiver.received[1]!.json.payload).toMatchObject({ id: owner.workspaceId, name });
    ok(await owner.api.put(ws, { only_admins_see_billable_rates: false }));
  });

  it('workspace users updated and deleted from v9 and v8, created when an invitation is accepted', async () => {
    await subscribe(owner, [{ entity: 'workspace_user', action: '*' }]);
    const joiner = await createUser(t, { fullname: 'Jo Joiner' });
    const other = await createUser(t, { fullname: 'Oz Other' });
    const invited = ok(await owner.api.post(`/api/v8/workspaces/${owner.workspaceId}/invite`, { emails: [joiner.email, other.email] }, v8)).body.data;
    const code = (url: string) => url.split('/').at(-1)!;
    ok(await joiner.api.post(`/api/v9/organizations/invitations/${code(invited[0].invite_url)}/accept`));
    ok(await other.api.post(`/api/v9/organizations/invitations/${code(invited[1].invite_url)}/accept`));
    const users = (await owner.api.get(`${ws}/workspace_users`)).body as { id: number; uid: number }[];
    const wuJoiner = users.find((u) => u.uid === joiner.user.id)!.id;
    const wuOther = users.find((u) => u.uid === other.user.id)!.id;
    ok(await owner.api.put(`${ws}/workspace_users/${wuJoiner}`, { admin: true }));
    ok(await owner.api.put(`/api/v8/workspace_users/${wuOther}`, { workspace_user: { admin: true } }, v8));
    ok(await owner.api.delete(`${ws}/workspace_users/${wuJoiner}`));
    ok(await owner.api.delete(`/api/v8/workspace_users/${wuOther}`, v8));
    expect(await delivered()).toEqual([
      'workspace_user created POST',
      'workspace_user created POST',
      'workspace_user updated PUT',
      'workspace_user updated PUT',
      'workspace_user deleted DELETE',
      'workspace_user deleted DELETE',
    ]);
    const [created, , updated, , deleted] = receiver.received.map((r) => r.json);
    expect(created.metadata).toMatchObject({ workspace_user_id: String(wuJoiner), event_user_id: String(joiner.user.id) });
    expect(created.payload).toEqual({ email: joiner.email, fullname: 'Jo Joiner', id: joiner.user.id, inactive: false, is_active: true, is_admin: false, role: 'user' });
    expect(updated.payload).toMatchObject({ id: joiner.user.id, is_admin: true, role: 'admin' });
    expect(deleted.payload).toMatchObject({ id: joiner.user.id, is_active: false });
  });

  it('leaving the organization deletes the memberships', async () => {
    await subscribe(owner, [{ entity: 'workspace_user', action: 'deleted' }]);
    const leaver = await createUser(t, { fullname: 'Lee Leaver' });
    await addMember(t, owner.workspaceId, leaver.user.id, { admin: false });
    ok(await leaver.api.delete(`/api/v9/organizations/${owner.organizationId}/users/leave`));
    expect(await delivered()).toEqual(['workspace_user deleted DELETE']);
    expect(receiver.received[0]!.json.metadata).toMatchObject({ event_user_id: String(leaver.user.id) });
  });
});

describe('clients archived and restored', () => {
  it('the client and the projects that went with it are updated', async () => {
    await subscribe(owner, [
      { entity: 'client', action: 'updated' },
      { entity: 'project', action: 'updated' },
    ]);
    const client = ok(await owner.api.post(`${ws}/clients`, { name: 'Archivable' })).body;
    const project = ok(await owner.api.post(`${ws}/projects`, { name: 'Goes along', client_id: client.id, active: true })).body;
    ok(await owner.api.post(`${ws}/clients/${client.id}/archive`));
    ok(await owner.api.post(`${ws}/clients/${client.id}/restore`, { restore_all_projects: true }));
    expect(await delivered()).toEqual(['client updated POST', 'project updated POST', 'client updated POST', 'project updated POST']);
    const [archived, projectArchived, restored, projectRestored] = receiver.received.map((r) => r.json.payload);
    expect(archived).toMatchObject({ id: client.id, archived: true });
    expect(projectArchived).toMatchObject({ id: project.id, active: false });
    expect(restored).toMatchObject({ id: client.id, archived: false });
    expect(projectRestored).toMatchObject({ id: project.id, active: true });
  });
});
