import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser } from '../../helpers/factories.js';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let colleague: TestUser;
let stranger: TestUser;
let ws: string;

beforeAll(async () => {
  t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0' });
  owner = await createUser(t, { fullname: 'Olga Owner' });
  member = await createUser(t, { fullname: 'Mia Member' });
  colleague = await createUser(t, { fullname: 'Carl Colleague' });
  stranger = await createUser(t, { fullname: 'Sam Stranger' });
  await addMember(t, owner.workspaceId, member.user.id, { admin: false });
  await addMember(t, owner.workspaceId, colleague.user.id, { admin: false });
  ws = `/api/v9/workspaces/${owner.workspaceId}`;
});
afterAll(async () => t.close());

const SECONDS_AT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;
let counter = 0;

async function createProject(body: Record<string, unknown> = {}, api = owner.api, base = ws): Promise<any> {
  const res = await api.post(`${base}/projects`, { name: `Project ${++counter}`, is_private: false, ...body });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function addProjectUser(body: Record<string, unknown>, api = owner.api): Promise<any> {
  const res = await api.post(`${ws}/project_users`, body);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

const rows = () => t.database.db.selectFrom('project_users').selectAll().orderBy('id').execute();

describe('POST /workspaces/{wid}/project_users', () => {
  it('adds a user to a project in the models.ProjectUser shape', async () => {
    const p = await createProject();
    const res = await owner.api.post(`${ws}/project_users`, { project_id: p.id, user_id: member.user.id });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      at: expect.stringMatching(SECONDS_AT),
      gid: null,
      group_id: null,
      id: expect.any(Number),
      labor_cost: null,
      labor_cost_last_updated: null,
      manager: false,
      project_id: p.id,
      rate: null,
      rate_last_updated: null,
      user_id: member.user.id,
      workspace_id: owner.workspaceId,
    });
  });

  it('stores manager, rate and labour cost with their change dates', async () => {
    const p = await createProject();
    const body = await addProjectUser({ project_id: p.id, user_id: member.user.id, manager: true, rate: 75.5, labor_cost: 30, rate_change_mode: 'start-today' });
    expect(body).toMatchObject({ manager: true, rate: 75.5, labor_cost: 30 });
    expect(body.rate_last_updated).toMatch(SECONDS_AT);
    expect(body.labor_cost_last_updated).toMatch(SECONDS_AT);
  });

  it.each([
    [{ user_id: 0 }, 'Invalid project_id'],
    [{ project_id: 999999, user_id: 0 }, 'Invalid project_id'],
    [{ project_id: 'P', user_id: 0 }, "Invalid field 'project_id': must be integer"],
    [{ project_id: 'P0', user_id: 999999 }, 'Invalid user_id'],
    [{ project_id: 'P0', user_id: 'STRANGER' }, 'Invalid user_id'],
    [{ project_id: 'P0', user_id: 'MEMBER', rate: -5 }, '/rate expects an float64 or null'],
    [{ project_id: 'P0', user_id: 'MEMBER', rate_change_mode: 'later' }, 'Invalid rate_change_mode, allowed values are: start-today, override-current, override-all'],
    [{ project_id: 'P0', user_id: 'MEMBER', labor_cost_change_mode: 'later' }, 'Invalid labor_cost_change_mode, allowed values are: start-today, override-current, override-all'],
  ])('refuses %j and adds nobody', async (raw, message) => {
    const p = await createProject();
    const body = Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [k, v === 'P0' ? p.id : v === 'STRANGER' ? stranger.user.id : v === 'MEMBER' ? member.user.id : v]),
    );
    const before = await rows();
    const res = await owner.api.post(`${ws}/project_users`, body);
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
    expect(await rows()).toEqual(before);
  });

  it('refuses a second membership of the same user', async () => {
    const p = await createProject();
    await addProjectUser({ project_id: p.id, user_id: member.user.id });
    const res = await owner.api.post(`${ws}/project_users`, { project_id: p.id, user_id: member.user.id, manager: true });
    expect(res.status).toBe(400);
    expect(res.body).toBe('Project user already exists');
  });

  it('refuses projects of another workspace and private projects the caller cannot see', async () => {
    const foreign = await createProject({}, stranger.api, `/api/v9/workspaces/${stranger.workspaceId}`);
    const res = await owner.api.post(`${ws}/project_users`, { project_id: foreign.id, user_id: member.user.id });
    expect(res.status).toBe(400);
    expect(res.body).toBe('Invalid project_id');
    const hidden = await createProject({ is_private: true });
    const res2 = await member.api.post(`${ws}/project_users`, { project_id: hidden.id, user_id: member.user.id });
    expect(res2.status).toBe(400);
    expect(res2.body).toBe('Invalid project_id');
  });

  it('lets project managers add people, not other members', async () => {
    const p = await createProject();
    const denied = await member.api.post(`${ws}/project_users`, { project_id: p.id, user_id: colleague.user.id });
    expect(denied.status).toBe(403);
    await addProjectUser({ project_id: p.id, user_id: member.user.id, manager: true });
    expect((await member.api.post(`${ws}/project_users`, { project_id: p.id, user_id: colleague.user.id })).status).toBe(200);
    // Labour costs stay with admins.
    const other = await createProject();
    await addProjectUser({ project_id: other.id, user_id: member.user.id, manager: true });
    const cost = await member.api.post(`${ws}/project_users`, { project_id: other.id, user_id: colleague.user.id, labor_cost: 10 });
    expect(cost.status).toBe(403);
  });
});

describe('GET /workspaces/{wid}/project_users', () => {
  let base: string;
  let admin: TestUser;
  let staff: TestUser;
  let pub: any;
  let priv: any;
  let secret: any;

  beforeAll(async () => {
    admin = await createUser(t);
    staff = await createUser(t, { fullname: 'Stan Staff' });
    base = `/api/v9/workspaces/${admin.workspaceId}`;
    await addMember(t, admin.workspaceId, staff.user.id, { admin: false });
    pub = await createProject({ is_private: false }, admin.api, base);
    priv = await createProject({ is_private: true }, admin.api, base);
    secret = await createProject({ is_private: true }, admin.api, base);
    for (const [project, manager] of [
      [pub, false],
      [priv, false],
    ] as const) {
      const res = await admin.api.post(`${base}/project_users`, { project_id: project.id, user_id: staff.user.id, manager, rate: 20, labor_cost: 5 });
      expect(res.status, res.text).toBe(200);
    }
  });

  it('lists the project users of the workspace for admins', async () => {
    const res = await admin.api.get(`${base}/project_users`);
    expect(res.status).toBe(200);
    // The admin created both private projects and so is their manager; staff joined pub and priv.
    expect(res.body.map((pu: any) => [pu.project_id, pu.user_id])).toEqual([
      [priv.id, admin.user.id],
      [priv.id, staff.user.id],
      [secret.id, admin.user.id],
      [pub.id, staff.user.id],
    ].sort((a, b) => a[0]! - b[0]! || 0));
  });

  it('filters by project_ids and user_id', async () => {
    const byProject = await admin.api.get(`${base}/project_users?project_ids=${pub.id},${secret.id}`);
    expect(byProject.body.map((pu: any) => pu.project_id).sort()).toEqual([pub.id, secret.id].sort());
    const byUser = await admin.api.get(`${base}/project_users?user_id=${staff.user.id}`);
    expect(byUser.body.every((pu: any) => pu.user_id === staff.user.id)).toBe(true);
    expect(byUser.body).toHaveLength(2);
  });

  it('shows members only the project users of projects they can see, without labour costs', async () => {
    const res = await staff.api.get(`${base}/project_users`);
    expect(res.body.map((pu: any) => pu.project_id)).not.toContain(secret.id);
    expect(res.body.length).toBe(3);
    expect(res.body.every((pu: any) => pu.labor_cost === null)).toBe(true);
    expect(res.body.find((pu: any) => pu.user_id === staff.user.id).rate).toBe(20);
  });

  it('hides rates from members when only admins see billable rates', async () => {
    const other = await createUser(t);
    const helper = await createUser(t);
    const b = `/api/v9/workspaces/${other.workspaceId}`;
    await addMember(t, other.workspaceId, helper.user.id, { admin: false });
    const p = await createProject({}, other.api, b);
    expect((await other.api.post(`${b}/project_users`, { project_id: p.id, user_id: helper.user.id, rate: 99 })).status).toBe(200);
    expect((await other.api.put(b, { only_admins_see_billable_rates: true })).status).toBe(200);
    const res = await helper.api.get(`${b}/project_users`);
    expect(res.body).toEqual([expect.objectContaining({ user_id: helper.user.id, rate: null, rate_last_updated: null })]);
    expect((await other.api.get(`${b}/project_users`)).body[0].rate).toBe(99);
  });

  it.each([
    ['?user_id=abc', 'Invalid user_id'],
    ['?project_ids=1,two', "the parameter 'project_ids' is invalid"],
    [`?project_ids=${Array.from({ length: 201 }, (_, i) => i + 1).join(',')}`, 'project_ids cannot exceed 200 elements.'],
  ])('refuses %s', async (query, message) => {
    const res = await admin.api.get(`${base}/project_users${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
  });
});

describe('POST /workspaces/{wid}/project_users/paginated', () => {
  it('lists project users with their person, per project and page', async () => {
    const p = await createProject();
    const q = await createProject();
    await addProjectUser({ project_id: p.id, user_id: member.user.id });
    await addProjectUser({ project_id: p.id, user_id: colleague.user.id });
    await addProjectUser({ project_id: q.id, user_id: member.user.id });
    const res = await owner.api.post(`${ws}/project_users/paginated`, [p.id, q.id]);
    expect(res.status).toBe(200);
    expect(res.body.map((r: any) => [r.project_id, r.user_name])).toEqual([
      [p.id, 'Carl Colleague'],
      [p.id, 'Mia Member'],
      [q.id, 'Mia Member'],
    ]);
    expect(res.body[0]).toEqual({
      at: expect.stringMatching(SECONDS_AT),
      avatar_url: null,
      gid: null,
      group_id: null,
      id: expect.any(Number),
      is_active: true,
      labor_cost: null,
      labor_cost_last_updated: null,
      manager: false,
      project_id: p.id,
      rate: null,
      rate_last_updated: null,
      user_id: colleague.user.id,
      user_name: 'Carl Colleague',
      workspace_id: owner.workspaceId,
      workspace_user_id: expect.any(Number),
      workspace_user_labor_cost: null,
      workspace_user_rate: null,
    });
    const page2 = await owner.api.post(`${ws}/project_users/paginated?users_per_project=1&page=2`, [p.id, q.id]);
    expect(page2.body.map((r: any) => [r.project_id, r.user_name])).toEqual([[p.id, 'Mia Member']]);
  });

  it('leaves out people no longer active in the workspace unless show_inactive', async () => {
    const leaver = await createUser(t, { fullname: 'Lee Leaver' });
    await addMember(t, owner.workspaceId, leaver.user.id, { admin: false });
    const p = await createProject();
    await addProjectUser({ project_id: p.id, user_id: leaver.user.id });
    await t.database.db.updateTable('workspace_users').set({ inactive: 1 }).where('workspace_id', '=', owner.workspaceId).where('user_id', '=', leaver.user.id).execute();
    expect((await owner.api.post(`${ws}/project_users/paginated`, [p.id])).body).toEqual([]);
    const all = await owner.api.post(`${ws}/project_users/paginated?show_inactive=true`, [p.id]);
    expect(all.body).toEqual([expect.objectContaining({ user_id: leaver.user.id, is_active: false })]);
  });

  it.each([
    [{ project_ids: [1] }, '', 'invalid body'],
    [['x'], '', 'invalid body'],
    [[1], '?users_per_project=0', "the parameter 'users_per_project' is invalid"],
    [[1], '?page=0', 'page parameter must contain values > 0.'],
  ])('refuses %j %s', async (body, query, message) => {
    const res = await owner.api.post(`${ws}/project_users/paginated${query}`, body);
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
  });
});

describe('PUT and DELETE /workspaces/{wid}/project_users/{id}', () => {
  it('updates manager and rate, moving at', async () => {
    const p = await createProject();
    const pu = await addProjectUser({ project_id: p.id, user_id: member.user.id });
    const res = await owner.api.put(`${ws}/project_users/${pu.id}`, { manager: true, rate: 12, labor_cost: 4 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: pu.id, manager: true, rate: 12, labor_cost: 4 });
    expect(res.body.rate_last_updated).toMatch(SECONDS_AT);
    // The new manager may now manage the project.
    expect((await member.api.put(`${ws}/projects/${p.id}`, { name: `Managed ${counter}` })).status).toBe(200);
  });

  it('refuses an empty update and unknown ids', async () => {
    const p = await createProject();
    const pu = await addProjectUser({ project_id: p.id, user_id: member.user.id });
    const empty = await owner.api.put(`${ws}/project_users/${pu.id}`, {});
    expect(empty.status).toBe(400);
    expect(empty.body).toBe('Missing data');
    const missing = await owner.api.put(`${ws}/project_users/999999`, { manager: true });
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('Project user not found/accessible');
  });

  it('answers 404 for project users of another workspace', async () => {
    const foreign = await createProject({}, stranger.api, `/api/v9/workspaces/${stranger.workspaceId}`);
    const foreignPu = await stranger.api.get(`/api/v9/workspaces/${stranger.workspaceId}/project_users?project_ids=${foreign.id}`);
    const before = await rows();
    for (const id of [999999, ...foreignPu.body.map((r: any) => r.id)]) {
      expect((await owner.api.put(`${ws}/project_users/${id}`, { manager: false })).status).toBe(404);
      expect((await owner.api.delete(`${ws}/project_users/${id}`)).status).toBe(404);
    }
    expect(await rows()).toEqual(before);
  });

  it('lets only admins and managers change project users', async () => {
    const p = await createProject();
    const pu = await addProjectUser({ project_id: p.id, user_id: colleague.user.id });
    const res = await member.api.put(`${ws}/project_users/${pu.id}`, { manager: true });
    expect(res.status).toBe(403);
    expect((await member.api.delete(`${ws}/project_users/${pu.id}`)).status).toBe(403);
    const hidden = await createProject({ is_private: true });
    const hiddenPu = await addProjectUser({ project_id: hidden.id, user_id: colleague.user.id });
    expect((await member.api.put(`${ws}/project_users/${hiddenPu.id}`, { manager: true })).status).toBe(404);
  });

  it('DELETE answers the id and removes the membership', async () => {
    const p = await createProject();
    const pu = await addProjectUser({ project_id: p.id, user_id: member.user.id });
    const res = await owner.api.delete(`${ws}/project_users/${pu.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toBe(pu.id);
    expect((await owner.api.get(`${ws}/project_users?project_ids=${p.id}`)).body).toEqual([]);
    expect((await owner.api.delete(`${ws}/project_users/${pu.id}`)).status).toBe(404);
    // The user may be added again.
    await addProjectUser({ project_id: p.id, user_id: member.user.id });
  });
});

describe('PATCH /workspaces/{wid}/project_users/{ids}', () => {
  it('patches each project user; unknown ones fail alone', async () => {
    const p = await createProject();
    const a = await addProjectUser({ project_id: p.id, user_id: member.user.id, rate: 5 });
    const b = await addProjectUser({ project_id: p.id, user_id: colleague.user.id });
    const res = await owner.api.patch(`${ws}/project_users/${a.id},${b.id},999999`, [
      { op: 'replace', path: '/manager', value: true },
      { op: 'replace', path: '/labor_cost', value: 8.5 },
      { op: 'remove', path: '/rate' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: [a.id, b.id], failure: [{ id: 999999, message: 'Project user not found/accessible' }] });
    const list = (await owner.api.get(`${ws}/project_users?project_ids=${p.id}`)).body;
    expect(list.map((r: any) => [r.manager, r.labor_cost, r.rate])).toEqual([
      [true, 8.5, null],
      [true, 8.5, null],
    ]);
  });

  it('reports project users the caller may not manage as failures', async () => {
    const p = await createProject();
    const a = await addProjectUser({ project_id: p.id, user_id: colleague.user.id });
    const res = await member.api.patch(`${ws}/project_users/${a.id}`, [{ op: 'replace', path: '/manager', value: true }]);
    expect(res.body).toEqual({ success: [], failure: [{ id: a.id, message: 'User does not have access to this resource.' }] });
  });

  it.each([
    ['1,x', [{ op: 'replace', path: '/manager', value: true }], 'Invalid value as user IDs'],
    ['ID', [{ op: 'add', path: '/rate', value: 1 }], 'Operation not supported (add /rate)'],
    ['ID', [{ op: 'add', path: '/manager', value: true }], 'Operation not supported (add /manager)'],
    ['ID', [{ op: 'remove', path: '/manager' }], 'Operation not supported (remove /manager)'],
    ['ID', [{ op: 'replace', path: '/manager', value: 1 }], '/manager expects a boolean'],
    ['ID', [{ op: 'replace', path: '/rate', value: 'ten' }], '/rate expects an float64 or null'],
    ['ID', [{ op: 'replace', path: '/labor_cost', value: -1 }], '/labor_cost expects an float64 or null'],
    ['ID', [{ op: 'test', path: '/rate', value: 1 }], 'Invalid op: test'],
    ['ID', [{ op: 'replace', path: '/user_id', value: 1 }], 'Path not found: /user_id'],
    ['ID', [], 'No patchable fields defined'],
    [Array.from({ length: 101 }, (_, i) => i + 1).join(','), [{ op: 'replace', path: '/manager', value: true }], 'PATCH request is limited to 100 entries at once'],
  ])('refuses %s %j', async (ids, ops, message) => {
    const p = await createProject();
    const a = await addProjectUser({ project_id: p.id, user_id: member.user.id });
    const before = await rows();
    const res = await owner.api.patch(`${ws}/project_users/${ids === 'ID' ? a.id : ids}`, ops);
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
    expect(await rows()).toEqual(before);
  });
});

describe('tenant isolation', () => {
  it('refuses every project-user route of another workspace with 403 and changes nothing', async () => {
    const p = await createProject();
    const pu = await addProjectUser({ project_id: p.id, user_id: member.user.id });
    const before = await rows();
    const routes: [string, string, unknown?][] = [
      ['GET', `${ws}/project_users`],
      ['POST', `${ws}/project_users`, { project_id: p.id, user_id: stranger.user.id, manager: true }],
      ['POST', `${ws}/project_users/paginated`, [p.id]],
      ['PATCH', `${ws}/project_users/${pu.id}`, [{ op: 'replace', path: '/manager', value: true }]],
      ['PUT', `${ws}/project_users/${pu.id}`, { manager: true }],
      ['DELETE', `${ws}/project_users/${pu.id}`],
    ];
    for (const [method, url, body] of routes) {
      const res = await call(t, method, url, { auth: { token: stranger.token }, body });
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(typeof res.body).toBe('string');
    }
    expect(await rows()).toEqual(before);
    // Nor can the stranger add a project of this workspace to their own.
    const own = await stranger.api.post(`/api/v9/workspaces/${stranger.workspaceId}/project_users`, { project_id: p.id, user_id: stranger.user.id });
    expect(own.status).toBe(400);
    expect(own.body).toBe('Invalid project_id');
  });
});
