import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clock } from '../../../src/time.js';
import { buildTestApp, call, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser } from '../../helpers/factories.js';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let stranger: TestUser;
let ws: string;

beforeAll(async () => {
  t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0' });
  owner = await createUser(t, { fullname: 'Olga Owner' });
  member = await createUser(t, { fullname: 'Mia Member' });
  stranger = await createUser(t, { fullname: 'Sam Stranger' });
  await addMember(t, owner.workspaceId, member.user.id, { admin: false });
  ws = `/api/v9/workspaces/${owner.workspaceId}`;
});
afterAll(async () => t.close());
afterEach(() => vi.restoreAllMocks());

const SECONDS_AT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;
let counter = 0;
const nowS = () => Math.floor(Date.now() / 1000);

async function createProject(body: Record<string, unknown> = {}, api = owner.api, base = ws): Promise<any> {
  const res = await api.post(`${base}/projects`, { name: `Project ${++counter}`, is_private: false, ...body });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function createTask(projectId: number, body: Record<string, unknown> = {}, api = owner.api, base = ws): Promise<any> {
  const res = await api.post(`${base}/projects/${projectId}/tasks`, { name: `Task ${++counter}`, ...body });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

const taskRows = () => t.database.db.selectFrom('tasks').selectAll().orderBy('id').execute();

async function addEntry(projectId: number, taskId: number, start: number, stop: number | null, deleted = false): Promise<void> {
  const now = Date.now();
  await t.database.db
    .insertInto('time_entries')
    .values({
      workspace_id: owner.workspaceId,
      user_id: owner.user.id,
      project_id: projectId,
      task_id: taskId,
      start,
      stop,
      duration: stop === null ? 0 : stop - start,
      created_at: now,
      at: now,
      deleted_at: deleted ? now : null,
    })
    .execute();
}

describe('POST /workspaces/{wid}/projects/{pid}/tasks', () => {
  it('creates a task in the models.Task shape, assigned to the requester by default', async () => {
    const clientRes = await owner.api.post(`${ws}/clients`, { name: 'Umbrella' });
    const p = await createProject({ client_id: clientRes.body.id, color: '#112233', billable: true });
    const res = await owner.api.post(`${ws}/projects/${p.id}/tasks`, { name: ' Design ', estimated_seconds: 3600, external_reference: 'JIRA-1' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      active: true,
      at: expect.stringMatching(SECONDS_AT),
      avatar_url: null,
      client_id: clientRes.body.id,
      client_name: 'Umbrella',
      estimated_seconds: 3600,
      external_reference: 'JIRA-1',
      id: expect.any(Number),
      integration_ext_id: null,
      integration_ext_type: null,
      integration_provider: null,
      name: 'Design',
      permissions: null,
      project_billable: true,
      project_color: '#112233',
      project_id: p.id,
      project_is_private: false,
      project_name: p.name,
      rate: null,
      rate_last_updated: null,
      recurring: false,
      toggl_accounts_id: null,
      tracked_seconds: 0,
      user_id: owner.user.id,
      user_name: 'Olga Owner',
      workspace_id: owner.workspaceId,
    });
  });

  it('assigns to another member or to nobody', async () => {
    const p = await createProject();
    expect(await createTask(p.id, { user_id: member.user.id })).toMatchObject({ user_id: member.user.id, user_name: 'Mia Member' });
    expect(await createTask(p.id, { user_id: null })).toMatchObject({ user_id: null, user_name: null });
  });

  it.each([
    [{}, 'Name is required'],
    [{ name: ' ' }, "Field 'name' cannot be empty."],
    [{ name: 'x', estimated_seconds: -1 }, "the parameter 'estimated_seconds' is invalid"],
    [{ name: 'x', user_id: 999999 }, 'Invalid user_id'],
    [{ name: 'x', user_id: 'STRANGER' }, 'Invalid user_id'],
    [{ name: 'x', active: 'yes' }, "Invalid field 'active': must be boolean"],
  ])('refuses %j and creates nothing', async (raw, message) => {
    const p = await createProject();
    const body = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === 'STRANGER' ? stranger.user.id : v]));
    const before = await taskRows();
    const res = await owner.api.post(`${ws}/projects/${p.id}/tasks`, body);
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
    expect(await taskRows()).toEqual(before);
  });

  it('keeps task names unique per project, ignoring case', async () => {
    const p = await createProject();
    const q = await createProject();
    await createTask(p.id, { name: 'Review' });
    const dup = await owner.api.post(`${ws}/projects/${p.id}/tasks`, { name: 'REVIEW' });
    expect(dup.status).toBe(400);
    expect(dup.body).toBe('Name has already been taken');
    await createTask(q.id, { name: 'Review' });
  });

  it('refuses tasks on archived projects', async () => {
    const p = await createProject({ active: false });
    const res = await owner.api.post(`${ws}/projects/${p.id}/tasks`, { name: 'Late' });
    expect(res.status).toBe(400);
    expect(res.body).toBe('Can not change tasks of archived project');
  });

  it('lets admins and project managers manage tasks, not other members', async () => {
    const p = await createProject();
    const res = await member.api.post(`${ws}/projects/${p.id}/tasks`, { name: 'Mine' });
    expect(res.status).toBe(403);
    expect((await owner.api.post(`${ws}/project_users`, { project_id: p.id, user_id: member.user.id, manager: true })).status).toBe(200);
    expect((await member.api.post(`${ws}/projects/${p.id}/tasks`, { name: 'Mine' })).status).toBe(200);
  });
});

describe('GET/PUT/DELETE /workspaces/{wid}/projects/{pid}/tasks/{tid}', () => {
  it('reads, updates (moving at) and deletes a task', async () => {
    const p = await createProject();
    const task = await createTask(p.id);
    const got = await owner.api.get(`${ws}/projects/${p.id}/tasks/${task.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(task);
    vi.spyOn(clock, 'now').mockReturnValue(Date.now() + 5000);
    const put = await owner.api.put(`${ws}/projects/${p.id}/tasks/${task.id}`, { name: 'Done thing', active: false, estimated_seconds: null, user_id: null });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: task.id, name: 'Done thing', active: false, estimated_seconds: null, user_id: null });
    expect(put.body.at).not.toBe(task.at);
    const del = await owner.api.delete(`${ws}/projects/${p.id}/tasks/${task.id}`);
    expect(del.status).toBe(200);
    expect(del.body).toBe('OK');
    expect((await t.database.db.selectFrom('tasks').select('deleted_at').where('id', '=', task.id).executeTakeFirstOrThrow()).deleted_at).not.toBeNull();
    const gone = await owner.api.get(`${ws}/projects/${p.id}/tasks/${task.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toBe('Task not found in workspace');
  });

  it('counts tracked time in milliseconds, running entries up to now', async () => {
    const p = await createProject();
    const task = await createTask(p.id);
    await addEntry(p.id, task.id, nowS() - 1000, nowS() - 400);
    await addEntry(p.id, task.id, nowS() - 1000, nowS() - 900, true);
    await addEntry(p.id, task.id, nowS() - 60, null);
    const res = await owner.api.get(`${ws}/projects/${p.id}/tasks/${task.id}`);
    expect(res.body.tracked_seconds).toBeGreaterThanOrEqual(660_000);
    expect(res.body.tracked_seconds).toBeLessThan(670_000);
    expect(res.body.tracked_seconds % 1000).toBe(0);
    await t.database.db.deleteFrom('time_entries').where('task_id', '=', task.id).execute();
  });

  it('answers 404 for tasks and projects that are not in the workspace', async () => {
    const p = await createProject();
    const other = await createProject();
    const task = await createTask(p.id);
    const foreignProject = await createProject({}, stranger.api, `/api/v9/workspaces/${stranger.workspaceId}`);
    const foreignTask = await createTask(foreignProject.id, {}, stranger.api, `/api/v9/workspaces/${stranger.workspaceId}`);
    const before = await taskRows();
    for (const [pid, tid, message] of [
      [p.id, 999999, 'Task not found in workspace'],
      [other.id, task.id, 'Task not found in workspace'],
      [p.id, foreignTask.id, 'Task not found in workspace'],
      [foreignProject.id, foreignTask.id, 'Project not found/accessible'],
    ] as const) {
      for (const res of [
        await owner.api.get(`${ws}/projects/${pid}/tasks/${tid}`),
        await owner.api.put(`${ws}/projects/${pid}/tasks/${tid}`, { name: 'x' }),
        await owner.api.delete(`${ws}/projects/${pid}/tasks/${tid}`),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body).toBe(message);
      }
    }
    expect(await taskRows()).toEqual(before);
  });

  it('hides tasks of private projects from members outside them', async () => {
    const p = await createProject({ is_private: true });
    const task = await createTask(p.id);
    expect((await member.api.get(`${ws}/projects/${p.id}/tasks/${task.id}`)).status).toBe(404);
    expect((await member.api.get(`${ws}/projects/${p.id}/tasks`)).status).toBe(404);
    expect((await member.api.get(`${ws}/tasks?pid=${p.id}`)).body.data).toEqual([]);
  });

  it('refuses bad updates and read-only members', async () => {
    const p = await createProject();
    const task = await createTask(p.id);
    const taken = await createTask(p.id);
    const before = await taskRows();
    const dup = await owner.api.put(`${ws}/projects/${p.id}/tasks/${task.id}`, { name: taken.name });
    expect(dup.status).toBe(400);
    expect(dup.body).toBe('Name has already been taken');
    const denied = await member.api.put(`${ws}/projects/${p.id}/tasks/${task.id}`, { name: 'Mine now' });
    expect(denied.status).toBe(403);
    expect((await member.api.delete(`${ws}/projects/${p.id}/tasks/${task.id}`)).status).toBe(403);
    expect(await taskRows()).toEqual(before);
  });
});

describe('GET /workspaces/{wid}/projects/{pid}/tasks', () => {
  it('lists all tasks, or only active ones with active=true', async () => {
    const p = await createProject();
    const a = await createTask(p.id, { name: 'b-task' });
    const b = await createTask(p.id, { name: 'a-task', active: false });
    const all = await owner.api.get(`${ws}/projects/${p.id}/tasks`);
    expect(all.status).toBe(200);
    expect(all.body.map((x: any) => x.id)).toEqual([b.id, a.id]);
    expect((await owner.api.get(`${ws}/projects/${p.id}/tasks?active=true`)).body.map((x: any) => x.id)).toEqual([a.id]);
    expect((await owner.api.get(`${ws}/projects/${p.id}/tasks?active=false`)).body).toHaveLength(2);
  });
});

describe('PATCH /workspaces/{wid}/projects/{pid}/tasks/{ids}', () => {
  it('patches every listed task; missing ones fail alone', async () => {
    const p = await createProject();
    const a = await createTask(p.id);
    const b = await createTask(p.id);
    const elsewhere = await createTask((await createProject()).id);
    const res = await owner.api.patch(`${ws}/projects/${p.id}/tasks/${a.id},${b.id},${elsewhere.id}`, [
      { op: 'replace', path: '/active', value: false },
      { op: 'replace', path: '/user_id', value: member.user.id },
      { op: 'remove', path: '/estimated_seconds' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: [a.id, b.id], failure: [{ id: elsewhere.id, message: 'Task not found in workspace' }] });
    const list = (await owner.api.get(`${ws}/projects/${p.id}/tasks`)).body;
    expect(list.map((x: any) => [x.active, x.user_id])).toEqual([
      [false, member.user.id],
      [false, member.user.id],
    ]);
  });

  it.each([
    [[{ op: 'replace', path: '/active', value: 'no' }], '/active expects a boolean'],
    [[{ op: 'replace', path: '/project_id', value: 1 }], 'Path not found: /project_id'],
    [[{ op: 'remove', path: '/name' }], 'Operation not supported (remove /name)'],
    [[{ op: 'replace', path: '/user_id', value: 999999 }], 'Invalid user_id'],
  ])('refuses %j as a whole', async (ops, message) => {
    const p = await createProject();
    const a = await createTask(p.id);
    const before = await taskRows();
    const res = await owner.api.patch(`${ws}/projects/${p.id}/tasks/${a.id}`, ops);
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
    expect(await taskRows()).toEqual(before);
  });

  it('refuses members who do not manage the project', async () => {
    const p = await createProject();
    const a = await createTask(p.id);
    const res = await member.api.patch(`${ws}/projects/${p.id}/tasks/${a.id}`, [{ op: 'replace', path: '/active', value: false }]);
    expect(res.status).toBe(403);
  });
});

describe('workspace task lists', () => {
  let base: string;
  let admin: TestUser;
  let staff: TestUser;
  let p1: any;
  let p2: any;
  let hidden: any;
  const task: Record<string, any> = {};

  beforeAll(async () => {
    admin = await createUser(t);
    staff = await createUser(t, { fullname: 'Stan Staff' });
    base = `/api/v9/workspaces/${admin.workspaceId}`;
    await addMember(t, admin.workspaceId, staff.user.id, { admin: false });
    const client = (await admin.api.post(`${base}/clients`, { name: 'Globex' })).body;
    p1 = await createProject({ client_id: client.id }, admin.api, base);
    p2 = await createProject({}, admin.api, base);
    hidden = await createProject({ is_private: true }, admin.api, base);
    task.apple = await createTask(p1.id, { name: 'apple' }, admin.api, base);
    task.banana = await createTask(p1.id, { name: 'banana', active: false }, admin.api, base);
    task.cherry = await createTask(p2.id, { name: 'cherry' }, admin.api, base);
    task.date = await createTask(hidden.id, { name: 'date' }, admin.api, base);
    expect((await admin.api.post(`${base}/project_users`, { project_id: p2.id, user_id: staff.user.id })).status).toBe(200);
  });

  const names = (body: { data: any[] }) => body.data.map((x) => x.name);

  it('GET /tasks pages all tasks the caller sees, in task.Response form', async () => {
    const res = await admin.api.get(`${base}/tasks`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ page: 1, per_page: 50, sort_field: 'name', sort_order: 'ASC', total_count: 4 });
    expect(names(res.body)).toEqual(['apple', 'banana', 'cherry', 'date']);
    expect(names((await staff.api.get(`${base}/tasks`)).body)).toEqual(['apple', 'banana', 'cherry']);
  });

  it.each([
    ['?active=true', ['apple', 'cherry', 'date']],
    ['?active=false', ['banana']],
    ['?active=both', ['apple', 'banana', 'cherry', 'date']],
    ['?search=AN', ['banana']],
    ['?sort_order=desc', ['date', 'cherry', 'banana', 'apple']],
    ['?sort_field=created_at&sort_order=DESC', ['date', 'cherry', 'banana', 'apple']],
    ['?per_page=2&page=2', ['cherry', 'date']],
    [`?start_date=${new Date().toISOString().slice(0, 10)}&end_date=${new Date().toISOString().slice(0, 10)}`, ['apple', 'banana', 'cherry', 'date']],
    ['?start_date=2000-01-01&end_date=2000-01-02', []],
  ])('GET /tasks%s', async (query, expected) => {
    const res = await admin.api.get(`${base}/tasks${query}`);
    expect(res.status, res.text).toBe(200);
    expect(names(res.body)).toEqual(expected);
  });

  it('GET /tasks?pid filters by project and ?since includes deleted tasks', async () => {
    expect(names((await admin.api.get(`${base}/tasks?pid=${p1.id}`)).body)).toEqual(['apple', 'banana']);
    // The deletion happens "later" than everything else, so `since` sees only it.
    const since = nowS() + 10;
    vi.spyOn(clock, 'now').mockReturnValue(Date.now() + 20_000);
    const gone = await createTask(p2.id, { name: 'gone' }, admin.api, base);
    expect((await admin.api.delete(`${base}/projects/${p2.id}/tasks/${gone.id}`)).status).toBe(200);
    // models.Task does not declare server_deleted_at, yet a sync client must learn of the deletion:
    // Stint adds it to deleted tasks only, so this answer is checked by hand.
    const res = await admin.api.get(`${base}/tasks?since=${since}`, { conform: false });
    expect(res.body.data.map((x: any) => x.name)).toEqual(['gone']);
    expect(res.body.data[0].server_deleted_at).toMatch(SECONDS_AT);
    expect(names((await admin.api.get(`${base}/tasks`)).body)).not.toContain('gone');
  });

  it.each([
    ['?page=0', 'page parameter must contain values > 0.'],
    ['?per_page=0', 'per_page parameter must contain values > 0.'],
    ['?sort_field=id', "the parameter 'sort_field' is invalid"],
    ['?sort_order=sideways', "the parameter 'sort_order' is invalid"],
    ['?active=sometimes', "the parameter 'active' is invalid"],
    ['?start_date=01-01-2024', 'start_date has invalid format'],
    ['?end_date=x', 'end_date has invalid format'],
    ['?start_date=2024-02-01&end_date=2024-01-01', 'start_date should come before end_date'],
  ])('GET /tasks refuses %s', async (query, message) => {
    const res = await admin.api.get(`${base}/tasks${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
  });

  it('GET /tasks/basic defaults to active tasks of the caller’s own projects', async () => {
    const mine = await staff.api.get(`${base}/tasks/basic`);
    expect(mine.status).toBe(200);
    expect(names(mine.body)).toEqual(['cherry']);
    expect(names((await staff.api.get(`${base}/tasks/basic?only_me=false`)).body)).toEqual(['apple', 'cherry']);
    expect(names((await admin.api.get(`${base}/tasks/basic?only_me=false&active=both&project_ids=${p1.id}`)).body)).toEqual(['apple', 'banana']);
    expect(names((await admin.api.get(`${base}/tasks/basic?only_me=false&project_id=${p2.id}`)).body)).toEqual(['cherry']);
    expect(names((await admin.api.get(`${base}/tasks/basic?only_me=false&task_ids=${task.apple.id},${task.date.id}`)).body)).toEqual(['apple', 'date']);
    expect(names((await admin.api.get(`${base}/tasks/basic?only_me=false&client_ids=${p1.client_id}`)).body)).toEqual(['apple']);
    expect(names((await admin.api.get(`${base}/tasks/basic?only_me=false&search=err`)).body)).toEqual(['cherry']);
    const bad = await admin.api.get(`${base}/tasks/basic?task_ids=one`);
    expect(bad.status).toBe(400);
    expect(bad.body).toBe("the parameter 'task_ids' is invalid");
  });

  it('POST /tasks/data groups a page of tasks by project', async () => {
    const res = await admin.api.post(`${base}/tasks/data?search=&per_page=10&page=1`, { project_ids: [p1.id], task_ids: [task.cherry.id] });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual([String(p1.id), String(p2.id)].sort());
    expect(res.body[String(p1.id)].map((x: any) => x.name)).toEqual(['apple']);
    expect(res.body[String(p2.id)].map((x: any) => x.name)).toEqual(['cherry']);
    const filtered = await admin.api.post(`${base}/tasks/data?search=app&per_page=10&page=1`, { project_ids: [p1.id, p2.id] });
    expect(filtered.body).toEqual({ [String(p1.id)]: [expect.objectContaining({ name: 'apple' })] });
    // A member never receives tasks of a private project they are not in.
    const staffView = await staff.api.post(`${base}/tasks/data?search=&per_page=10&page=1`, { project_ids: [hidden.id] });
    expect(staffView.body).toEqual({});
    const missing = await admin.api.post(`${base}/tasks/data?per_page=10&page=1`, { project_ids: [p1.id] });
    expect(missing.status).toBe(400);
    expect(missing.body).toBe("Missing required query parameter 'search'");
    const bad = await admin.api.post(`${base}/tasks/data?search=&per_page=10&page=1`, { project_ids: 'all' });
    expect(bad.status).toBe(400);
    expect(bad.body).toBe('invalid body');
  });

  it('GET /me/tasks lists tasks of visible projects in all the user’s workspaces', async () => {
    const res = await staff.api.get('/api/v9/me/tasks');
    expect(res.status).toBe(200);
    const ids = res.body.map((x: any) => x.id);
    expect(ids).toEqual(expect.arrayContaining([task.apple.id, task.cherry.id]));
    expect(ids).not.toContain(task.banana.id);
    expect(ids).not.toContain(task.date.id);
    const withDone = await staff.api.get('/api/v9/me/tasks?include_not_active=true&meta=true');
    expect(withDone.body.map((x: any) => x.id)).toContain(task.banana.id);
    const paged = await staff.api.get('/api/v9/me/tasks?include_not_active=true&per_page=1&offset=1');
    expect(paged.body).toHaveLength(1);
    expect(paged.body[0].id).toBe(withDone.body[1].id);
    const bad = await staff.api.get('/api/v9/me/tasks?include_not_active=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body).toBe('Invalid include_not_active');
  });
});

describe('tenant isolation', () => {
  it('refuses every task route of another workspace with 403 and changes nothing', async () => {
    const p = await createProject();
    const task = await createTask(p.id);
    const before = await taskRows();
    const routes: [string, string, unknown?][] = [
      ['GET', `${ws}/projects/${p.id}/tasks`],
      ['POST', `${ws}/projects/${p.id}/tasks`, { name: 'pwned' }],
      ['PATCH', `${ws}/projects/${p.id}/tasks/${task.id}`, [{ op: 'replace', path: '/active', value: false }]],
      ['GET', `${ws}/projects/${p.id}/tasks/${task.id}`],
      ['PUT', `${ws}/projects/${p.id}/tasks/${task.id}`, { name: 'pwned' }],
      ['DELETE', `${ws}/projects/${p.id}/tasks/${task.id}`],
      ['GET', `${ws}/tasks`],
      ['GET', `${ws}/tasks/basic`],
      ['POST', `${ws}/tasks/data?search=&per_page=10&page=1`, { project_ids: [p.id] }],
    ];
    for (const [method, url, body] of routes) {
      const res = await call(t, method, url, { auth: { token: stranger.token }, body });
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(typeof res.body).toBe('string');
    }
    expect(await taskRows()).toEqual(before);
    const mine = await stranger.api.get('/api/v9/me/tasks?include_not_active=true');
    expect(mine.body.every((x: any) => x.workspace_id === stranger.workspaceId)).toBe(true);
  });
});
