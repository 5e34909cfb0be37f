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
  // Many calls per user: the per-credential rate limit is not under test here.
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
const today = () => new Date().toISOString().slice(0, 10);
const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

let counter = 0;
const uniqueName = (prefix = 'Project') => `${prefix} ${++counter}`;

async function createProject(body: Record<string, unknown> = {}, api = owner.api, base = ws): Promise<any> {
  const res = await api.post(`${base}/projects`, { name: uniqueName(), ...body });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function createClient(name: string, api = owner.api, base = ws): Promise<number> {
  const res = await api.post(`${base}/clients`, { name });
  expect(res.status, res.text).toBe(200);
  return res.body.id;
}

/** A time entry written directly: projects only read them. start/stop in epoch seconds. */
async function addEntry(o: { projectId: number | null; taskId?: number; userId?: number; start: number; stop: number | null; deleted?: boolean }): Promise<number> {
  const now = Date.now();
  const row = await t.database.db
    .insertInto('time_entries')
    .values({
      workspace_id: owner.workspaceId,
      user_id: o.userId ?? owner.user.id,
      project_id: o.projectId,
      task_id: o.taskId ?? null,
      start: o.start,
      stop: o.stop,
      duration: o.stop === null ? 0 : o.stop - o.start,
      created_at: now,
      at: now,
      deleted_at: o.deleted ? now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const projectRows = () => t.database.db.selectFrom('projects').selectAll().orderBy('id').execute();
const nowS = () => Math.floor(Date.now() / 1000);

describe('authentication', () => {
  it('answers 401 with an empty body without credentials', async () => {
    const res = await call(t, 'GET', `${ws}/projects`);
    expect(res.status).toBe(401);
    expect(res.text).toBe('');
  });
});

describe('POST /workspaces/{wid}/projects', () => {
  it('creates a project in the models.Project shape with the workspace defaults', async () => {
    const res = await owner.api.post(`${ws}/projects`, { name: '  Apollo  ' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      active: true,
      actual_hours: 0,
      actual_seconds: 0,
      at: expect.stringMatching(SECONDS_AT),
      auto_estimates: false,
      billable: true,
      can_track_time: true,
      cid: null,
      client_id: null,
      client_name: null,
      color: '#0b83d9',
      created_at: expect.stringMatching(SECONDS_AT),
      currency: null,
      current_period: null,
      end_date: null,
      estimated_hours: null,
      estimated_seconds: null,
      external_reference: null,
      fixed_fee: null,
      id: expect.any(Number),
      integration_ext_id: null,
      integration_ext_type: null,
      integration_provider: null,
      is_private: true,
      name: 'Apollo',
      permissions: null,
      pinned: false,
      rate: null,
      rate_last_updated: null,
      recurring: false,
      recurring_parameters: null,
      server_deleted_at: null,
      start_date: today(),
      status: 'active',
      template: false,
      template_id: null,
      total_count: null,
      wid: owner.workspaceId,
      workspace_id: owner.workspaceId,
    });
    // The creator of a private project becomes its manager, so they keep seeing it.
    const pu = await owner.api.get(`${ws}/project_users?project_ids=${res.body.id}`);
    expect(pu.body).toEqual([expect.objectContaining({ project_id: res.body.id, user_id: owner.user.id, manager: true })]);
  });

  it('takes every project.Payload field', async () => {
    const clientId = await createClient('Initech');
    const res = await owner.api.post(`${ws}/projects`, {
      name: 'Full',
      cid: clientId,
      color: '#AABBCC',
      billable: false,
      is_private: false,
      active: true,
      auto_estimates: false,
      estimated_hours: 10,
      rate: 120.5,
      fixed_fee: 1000,
      currency: 'eur',
      start_date: '2030-01-01',
      end_date: '2030-12-31',
      external_reference: 'ext-1',
      template: false,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      client_id: clientId,
      cid: clientId,
      client_name: 'Initech',
      color: '#aabbcc',
      billable: false,
      is_private: false,
      estimated_hours: 10,
      estimated_seconds: 36000,
      rate: 120.5,
      fixed_fee: 1000,
      currency: 'EUR',
      start_date: '2030-01-01',
      end_date: '2030-12-31',
      external_reference: 'ext-1',
      status: 'upcoming',
    });
    expect(res.body.rate_last_updated).toMatch(SECONDS_AT);
  });

  it('follows projects_billable_by_default and projects_private_by_default', async () => {
    const other = await createUser(t);
    const base = `/api/v9/workspaces/${other.workspaceId}`;
    expect((await other.api.put(base, { projects_billable_by_default: false, projects_private_by_default: false })).status).toBe(200);
    const p = await createProject({}, other.api, base);
    expect(p).toMatchObject({ billable: false, is_private: false });
    expect((await other.api.get(`${base}/project_users?project_ids=${p.id}`)).body).toEqual([]);
  });

  it.each([
    [{}, 'Name is required'],
    [{ name: '   ' }, "Field 'name' cannot be empty."],
    [{ name: 'x', color: 'red' }, "Error in validating color 'red'. Project color must be a hex value in the form of #[0-9a-f]{6}."],
    [{ name: 'x', start_date: '2024-13-01' }, "Invalid 'start_date' value"],
    [{ name: 'x', end_date: 'tomorrow' }, "Invalid 'end_date' value"],
    [{ name: 'x', start_date: '2024-05-02', end_date: '2024-05-01' }, 'start_date should come before end_date'],
    [{ name: 'x', end_date: '2000-01-01' }, 'start_date should come before end_date'],
    [{ name: 'x', currency: 'euro' }, 'Invalid currency'],
    [{ name: 'x', rate: -1 }, "the parameter 'rate' is invalid"],
    [{ name: 'x', estimated_hours: -2 }, "the parameter 'estimated_hours' is invalid"],
    [{ name: 'x', rate_change_mode: 'sometimes' }, 'Invalid rate_change_mode, allowed values are: start-today, override-current, override-all'],
    [{ name: 'x', recurring: true }, 'Invalid periodicity'],
    [{ name: 'x', recurring: true, recurring_parameters: { period: 'hourly' } }, 'Invalid periodicity'],
    [{ name: 'x', template_id: 999999 }, `Template with the ID 999999 isn't present in workspace %WS%`],
    [{ name: 'x', client_id: 999999 }, `Client with the ID 999999 isn't present in workspace %WS%`],
    [{ name: 'x', client_name: 'Nobody' }, `Client with the name 'Nobody' isn't present in workspace %WS%`],
    [{ name: 7 }, "Invalid field 'name': must be string"],
  ])('refuses %j and creates nothing', async (body, message) => {
    const before = await projectRows();
    const res = await owner.api.post(`${ws}/projects`, body);
    expect(res.status).toBe(400);
    expect(res.body).toBe(message.replace('%WS%', String(owner.workspaceId)));
    expect(await projectRows()).toEqual(before);
  });

  it('refuses a client of another workspace', async () => {
    const foreign = await createClient('Foreign', stranger.api, `/api/v9/workspaces/${stranger.workspaceId}`);
    const res = await owner.api.post(`${ws}/projects`, { name: 'x', client_id: foreign });
    expect(res.status).toBe(400);
    expect(res.body).toBe(`Client with the ID ${foreign} isn't present in workspace ${owner.workspaceId}`);
  });

  it('keeps names unique per workspace among live projects, ignoring case', async () => {
    const p = await createProject({ name: 'Unique Name' });
    const dup = await owner.api.post(`${ws}/projects`, { name: 'unique name' });
    expect(dup.status).toBe(400);
    expect(dup.body).toBe('Name has already been taken');
    // Another workspace may use the same name.
    expect((await stranger.api.post(`/api/v9/workspaces/${stranger.workspaceId}/projects`, { name: 'Unique Name' })).status).toBe(200);
    // Once the first is deleted, the name is free again.
    expect((await owner.api.delete(`${ws}/projects/${p.id}`)).status).toBe(200);
    expect((await owner.api.post(`${ws}/projects`, { name: 'UNIQUE NAME' })).status).toBe(200);
  });

  it('lets members create projects unless only admins may', async () => {
    const other = await createUser(t);
    const helper = await createUser(t);
    const base = `/api/v9/workspaces/${other.workspaceId}`;
    await addMember(t, other.workspaceId, helper.user.id, { admin: false });
    expect((await helper.api.post(`${base}/projects`, { name: 'By member' })).status).toBe(200);
    expect((await other.api.put(base, { only_admins_may_create_projects: true })).status).toBe(200);
    const res = await helper.api.post(`${base}/projects`, { name: 'Refused' });
    expect(res.status).toBe(403);
    expect(res.body).toBe('Only admins may create projects in this workspace');
  });

  it('copies a template: its settings, tasks and project users', async () => {
    const tpl = await createProject({ template: true, color: '#123456', billable: false, estimated_hours: 3 });
    expect((await owner.api.post(`${ws}/projects/${tpl.id}/tasks`, { name: 'Design' })).status).toBe(200);
    expect((await owner.api.post(`${ws}/projects/${tpl.id}/tasks`, { name: 'Build', estimated_seconds: 600 })).status).toBe(200);
    expect((await owner.api.post(`${ws}/project_users`, { project_id: tpl.id, user_id: member.user.id })).status).toBe(200);
    const p = await createProject({ template_id: tpl.id, billable: true });
    expect(p).toMatchObject({ template_id: tpl.id, template: false, color: '#123456', billable: true, estimated_seconds: 10800 });
    const tasks = await owner.api.get(`${ws}/projects/${p.id}/tasks`);
    expect(tasks.body.map((x: any) => x.name)).toEqual(['Build', 'Design']);
    const users = await owner.api.get(`${ws}/project_users?project_ids=${p.id}`);
    expect(users.body.map((u: any) => u.user_id).sort()).toEqual([owner.user.id, member.user.id].sort());
  });
});

describe('GET /workspaces/{wid}/projects', () => {
  let base: string;
  let admin: TestUser;
  let staff: TestUser;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    admin = await createUser(t, { fullname: 'Ada Admin' });
    staff = await createUser(t, { fullname: 'Stan Staff' });
    base = `/api/v9/workspaces/${admin.workspaceId}`;
    await addMember(t, admin.workspaceId, staff.user.id, { admin: false });
    const acme = await createClient('Acme', admin.api, base);
    const make = async (key: string, body: Record<string, unknown>) => {
      const res = await admin.api.post(`${base}/projects`, { name: key, ...body });
      expect(res.status, res.text).toBe(200);
      ids[key] = res.body.id;
    };
    await make('alpha', { is_private: false, client_id: acme, billable: true });
    await make('beta', { is_private: false, billable: false });
    await make('gamma', { is_private: true });
    await make('delta', { is_private: false, start_date: dayOffset(10) });
    await make('epsilon', { is_private: false, start_date: '2020-01-01', end_date: '2020-02-01' });
    await make('zeta', { is_private: false, active: false });
    await make('eta', { is_private: false, template: true });
    // Stan manages beta; he is a plain project user of gamma.
    expect((await admin.api.post(`${base}/project_users`, { project_id: ids.beta, user_id: staff.user.id, manager: true })).status).toBe(200);
    expect((await admin.api.post(`${base}/project_users`, { project_id: ids.gamma, user_id: staff.user.id })).status).toBe(200);
  });

  const names = (body: any[]) => body.map((p) => p.name);
  const list = async (query = '', who?: TestUser) => {
    const res = await (who ?? admin).api.get(`${base}/projects${query}`);
    expect(res.status, res.text).toBe(200);
    return res.body as any[];
  };

  it('lists active projects by name by default, with total_count', async () => {
    const body = await list();
    expect(names(body)).toEqual(['alpha', 'beta', 'delta', 'epsilon', 'eta', 'gamma']);
    expect(body.every((p) => p.total_count === 6)).toBe(true);
  });

  it('computes status from active, start_date, end_date and today', async () => {
    const body = await list('?active=both');
    const status = Object.fromEntries(body.map((p) => [p.name, p.status]));
    expect(status).toMatchObject({ alpha: 'active', delta: 'upcoming', epsilon: 'ended', zeta: 'archived' });
  });

  it.each([
    ['?active=false', ['zeta']],
    ['?active=both', ['alpha', 'beta', 'delta', 'epsilon', 'eta', 'gamma', 'zeta']],
    ['?billable=false', ['beta']],
    ['?billable=true', ['alpha', 'delta', 'epsilon', 'eta', 'gamma']],
    ['?statuses=upcoming,ended', ['delta', 'epsilon']],
    ['?statuses=archived', ['zeta']],
    ['?name=ALPHA', ['alpha']],
    ['?search=ET', ['beta', 'eta']],
    ['?only_templates=true', ['eta']],
    ['?group_ids=1', []],
    ['?sort_field=name&sort_order=DESC', ['gamma', 'eta', 'epsilon', 'delta', 'beta', 'alpha']],
  ])('filters with %s', async (query, expected) => {
    expect(names(await list(query))).toEqual(expected);
  });

  it('filters by client_ids, project_ids and user_ids', async () => {
    expect(names(await list(`?client_ids=${(await list('?name=alpha'))[0].client_id}`))).toEqual(['alpha']);
    expect(names(await list(`?project_ids=${ids.beta},${ids.zeta}&active=both`))).toEqual(['beta', 'zeta']);
    expect(names(await list(`?user_ids=${staff.user.id}`))).toEqual(['beta', 'gamma']);
  });

  it('sorts by client name and by creation', async () => {
    expect(names(await list('?sort_field=client_name'))[0]).toBe('alpha');
    expect(names(await list('?sort_field=created_at&sort_order=desc'))).toEqual(['eta', 'epsilon', 'delta', 'gamma', 'beta', 'alpha']);
  });

  it('paginates with page and per_page', async () => {
    const first = await list('?per_page=4');
    const second = await list('?per_page=4&page=2');
    expect(names(first)).toEqual(['alpha', 'beta', 'delta', 'epsilon']);
    expect(names(second)).toEqual(['eta', 'gamma']);
    expect(second[0].total_count).toBe(6);
  });

  it('shows members public projects and the private ones they belong to', async () => {
    expect(names(await list('', staff))).toEqual(['alpha', 'beta', 'delta', 'epsilon', 'eta', 'gamma']);
    const outsiderOfGamma = await createUser(t);
    await addMember(t, admin.workspaceId, outsiderOfGamma.user.id, { admin: false });
    expect(names(await list('', outsiderOfGamma))).toEqual(['alpha', 'beta', 'delta', 'epsilon', 'eta']);
    const res = await outsiderOfGamma.api.get(`${base}/projects/${ids.gamma}`);
    expect(res.status).toBe(404);
    expect(res.body).toBe('Project not found/accessible');
  });

  it('filters only_me and only_editable for the caller', async () => {
    expect(names(await list('?only_me=true', staff))).toEqual(['beta', 'gamma']);
    expect(names(await list('?only_editable=true', staff))).toEqual(['beta']);
    expect(names(await list('?only_editable=true'))).toHaveLength(6);
  });

  it('puts pinned projects first with sort_pinned, per user', async () => {
    const pin = await staff.api.post(`${base}/projects/${ids.gamma}/pin`, { pin: true });
    expect(pin.status).toBe(200);
    const mine = await list('?sort_pinned=true', staff);
    expect(mine[0]).toMatchObject({ name: 'gamma', pinned: true });
    expect(mine.filter((p) => p.pinned).map((p) => p.name)).toEqual(['gamma']);
    // The admin's view is untouched by Stan's pin.
    expect((await list('?sort_pinned=true')).every((p) => p.pinned === false)).toBe(true);
    expect((await staff.api.post(`${base}/projects/${ids.gamma}/pin`, { pin: false })).status).toBe(200);
    expect((await list('', staff)).every((p) => p.pinned === false)).toBe(true);
  });

  it('returns deleted projects with server_deleted_at when asked since a moment', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const gone = await createProject({ name: 'gone soon', is_private: false }, admin.api, base);
    expect((await admin.api.delete(`${base}/projects/${gone.id}`)).status).toBe(200);
    const body = await list(`?since=${since}`);
    const row = body.find((p) => p.id === gone.id);
    expect(row).toMatchObject({ status: 'deleted', server_deleted_at: expect.stringMatching(SECONDS_AT) });
    expect(names(await list())).not.toContain('gone soon');
  });

  it.each([
    ['?statuses=bogus', 'Invalid status'],
    ['?per_page=201', 'per_page cannot exceed 200'],
    ['?per_page=0', 'per_page parameter must contain values > 0.'],
    ['?page=0', 'page parameter must contain values > 0.'],
    ['?sort_field=color', "the parameter 'sort_field' is invalid"],
    ['?sort_order=up', "the parameter 'sort_order' is invalid"],
    ['?active=maybe', "the parameter 'active' is invalid"],
    ['?client_ids=1,x', "the parameter 'client_ids' is invalid"],
    ['?since=yesterday', "Invalid query parameter 'since': must be integer"],
  ])('refuses %s', async (query, message) => {
    const res = await admin.api.get(`${base}/projects${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
  });
});

describe('computed time', () => {
  it('sums live time entries into actual_seconds, running ones up to now', async () => {
    const p = await createProject();
    const start = nowS() - 7200;
    await addEntry({ projectId: p.id, start, stop: start + 3600 });
    await addEntry({ projectId: p.id, start, stop: start + 600, deleted: true });
    await addEntry({ projectId: p.id, start: nowS() - 120, stop: null });
    const res = await owner.api.get(`${ws}/projects/${p.id}`);
    expect(res.body.actual_seconds).toBeGreaterThanOrEqual(3720);
    expect(res.body.actual_seconds).toBeLessThan(3730);
    expect(res.body.actual_hours).toBe(1);
    // Later, the running entry has grown: nothing stale is stored.
    vi.spyOn(clock, 'now').mockReturnValue(Date.now() + 3_600_000);
    const later = await owner.api.get(`${ws}/projects/${p.id}`);
    expect(later.body.actual_seconds).toBeGreaterThanOrEqual(3720 + 3600);
    await t.database.db.deleteFrom('time_entries').where('project_id', '=', p.id).execute();
  });

  it('sums task estimates when auto_estimates is on', async () => {
    const p = await createProject({ auto_estimates: true, estimated_hours: 100 });
    await owner.api.post(`${ws}/projects/${p.id}/tasks`, { name: 'a', estimated_seconds: 3600 });
    await owner.api.post(`${ws}/projects/${p.id}/tasks`, { name: 'b', estimated_seconds: 7200 });
    const res = await owner.api.get(`${ws}/projects/${p.id}`);
    expect(res.body).toMatchObject({ auto_estimates: true, estimated_seconds: 10800, estimated_hours: 3 });
  });
});

describe('GET/PUT/DELETE /workspaces/{wid}/projects/{pid}', () => {
  it('updates a project and moves `at`', async () => {
    const p = await createProject({ is_private: false });
    vi.spyOn(clock, 'now').mockReturnValue(Date.now() + 5000);
    const res = await owner.api.put(`${ws}/projects/${p.id}`, { name: 'Renamed', active: false, color: '#000000', end_date: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: p.id, name: 'Renamed', active: false, status: 'archived', color: '#000000', can_track_time: false });
    expect(res.body.at).not.toBe(p.at);
    expect((await owner.api.get(`${ws}/projects/${p.id}`)).body).toEqual(res.body);
  });

  it('lets project managers edit their project, and nobody else who is not admin', async () => {
    const p = await createProject({ is_private: false });
    const denied = await member.api.put(`${ws}/projects/${p.id}`, { name: 'Nope' });
    expect(denied.status).toBe(403);
    expect(denied.body).toBe('User does not have access to this resource.');
    expect((await member.api.delete(`${ws}/projects/${p.id}`)).status).toBe(403);
    expect((await owner.api.post(`${ws}/project_users`, { project_id: p.id, user_id: member.user.id, manager: true })).status).toBe(200);
    const ok = await member.api.put(`${ws}/projects/${p.id}`, { name: 'Managed' });
    expect(ok.status).toBe(200);
    expect(ok.body.name).toBe('Managed');
  });

  it('hides rates from members when only admins see billable rates', async () => {
    const other = await createUser(t);
    const helper = await createUser(t);
    const base = `/api/v9/workspaces/${other.workspaceId}`;
    await addMember(t, other.workspaceId, helper.user.id, { admin: false });
    const p = await createProject({ is_private: false, rate: 50, fixed_fee: 10 }, other.api, base);
    expect((await helper.api.get(`${base}/projects/${p.id}`)).body).toMatchObject({ rate: 50, fixed_fee: 10 });
    expect((await other.api.put(base, { only_admins_see_billable_rates: true })).status).toBe(200);
    expect((await helper.api.get(`${base}/projects/${p.id}`)).body).toMatchObject({ rate: null, fixed_fee: null, rate_last_updated: null });
    expect((await other.api.get(`${base}/projects/${p.id}`)).body).toMatchObject({ rate: 50, fixed_fee: 10 });
    const amounts = await helper.api.post(`${base}/projects/billable-amounts`, { project_ids: [p.id] });
    expect(amounts.body[0]).toMatchObject({ id: p.id, rate: null, fixed_fee: null });
    // A manager may edit the project but not set the rates hidden from them.
    await other.api.post(`${base}/project_users`, { project_id: p.id, user_id: helper.user.id, manager: true });
    const res = await helper.api.put(`${base}/projects/${p.id}`, { rate: 1 });
    expect(res.status).toBe(403);
    expect(res.body).toBe('User cannot access billable rate(s).');
  });

  it('answers 404 for ids that do not exist in the workspace', async () => {
    const foreign = await createProject({}, stranger.api, `/api/v9/workspaces/${stranger.workspaceId}`);
    for (const id of [999999, foreign.id]) {
      for (const res of [
        await owner.api.get(`${ws}/projects/${id}`),
        await owner.api.put(`${ws}/projects/${id}`, { name: 'x' }),
        await owner.api.delete(`${ws}/projects/${id}`),
        await owner.api.post(`${ws}/projects/${id}/pin`, { pin: true }),
        await owner.api.get(`${ws}/projects/${id}/statistics`),
        await owner.api.get(`${ws}/projects/${id}/periods`),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body).toBe('Project not found/accessible');
      }
    }
    expect((await stranger.api.get(`/api/v9/workspaces/${stranger.workspaceId}/projects/${foreign.id}`)).body.name).toBe(foreign.name);
  });

  it('refuses bad input on PUT and changes nothing', async () => {
    const p = await createProject({ start_date: '2024-01-10' });
    const before = await projectRows();
    for (const [body, message] of [
      [{ end_date: '2024-01-01' }, 'start_date should come before end_date'],
      [{ name: '' }, "Field 'name' cannot be empty."],
      [{ color: '#12345g' }, "Error in validating color '#12345g'. Project color must be a hex value in the form of #[0-9a-f]{6}."],
      [{ active: 'yes' }, "Invalid field 'active': must be boolean"],
    ] as const) {
      const res = await owner.api.put(`${ws}/projects/${p.id}`, body);
      expect(res.status).toBe(400);
      expect(res.body).toBe(message);
    }
    expect(await projectRows()).toEqual(before);
  });

  it('DELETE answers the id and soft-deletes tasks, project users and pins', async () => {
    const p = await createProject();
    await owner.api.post(`${ws}/projects/${p.id}/tasks`, { name: 'Task' });
    await owner.api.post(`${ws}/projects/${p.id}/pin`, { pin: true });
    const entry = await addEntry({ projectId: p.id, start: nowS() - 100, stop: nowS() - 50 });
    const res = await owner.api.delete(`${ws}/projects/${p.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toBe(p.id);
    const row = await t.database.db.selectFrom('projects').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
    expect((await t.database.db.selectFrom('tasks').select('deleted_at').where('project_id', '=', p.id).execute()).every((r) => r.deleted_at !== null)).toBe(true);
    expect((await t.database.db.selectFrom('project_users').select('deleted_at').where('project_id', '=', p.id).execute()).every((r) => r.deleted_at !== null)).toBe(true);
    expect(await t.database.db.selectFrom('project_pins').selectAll().where('project_id', '=', p.id).execute()).toEqual([]);
    // Without teDeletionMode the entries are left as they are.
    expect(await t.database.db.selectFrom('time_entries').select(['project_id', 'deleted_at']).where('id', '=', entry).executeTakeFirstOrThrow()).toEqual({ project_id: p.id, deleted_at: null });
    expect((await owner.api.get(`${ws}/projects/${p.id}`)).status).toBe(404);
  });

  it('DELETE ?teDeletionMode=delete deletes the entries, =unassign detaches them', async () => {
    const a = await createProject();
    const b = await createProject();
    const task = (await owner.api.post(`${ws}/projects/${b.id}/tasks`, { name: 'T' })).body;
    const ea = await addEntry({ projectId: a.id, start: nowS() - 100, stop: nowS() - 50 });
    const eb = await addEntry({ projectId: b.id, taskId: task.id, start: nowS() - 100, stop: nowS() - 50 });
    expect((await owner.api.delete(`${ws}/projects/${a.id}?teDeletionMode=delete`)).status).toBe(200);
    expect((await owner.api.delete(`${ws}/projects/${b.id}?teDeletionMode=unassign`)).status).toBe(200);
    const rows = await t.database.db.selectFrom('time_entries').select(['id', 'project_id', 'task_id', 'deleted_at']).where('id', 'in', [ea, eb]).orderBy('id').execute();
    expect(rows[0]).toMatchObject({ project_id: a.id, deleted_at: expect.any(Number) });
    expect(rows[1]).toEqual({ id: eb, project_id: null, task_id: null, deleted_at: null });
  });

  it('DELETE refuses an unknown teDeletionMode', async () => {
    const p = await createProject();
    const res = await owner.api.delete(`${ws}/projects/${p.id}?teDeletionMode=shred`);
    expect(res.status).toBe(400);
    expect(res.body).toBe("the parameter 'teDeletionMode' is invalid");
    expect((await owner.api.get(`${ws}/projects/${p.id}`)).status).toBe(200);
  });
});

describe('PATCH /workspaces/{wid}/projects/{project_ids}', () => {
  it('applies the operations to each project; one bad item does not spoil the others', async () => {
    const a = await createProject();
    const b = await createProject();
    const foreign = await createProject({}, stranger.api, `/api/v9/workspaces/${stranger.workspaceId}`);
    const res = await owner.api.patch(`${ws}/projects/${a.id},${b.id},999999,${foreign.id}`, [
      { op: 'replace', path: '/color', value: '#ff0000' },
      { op: 'replace', path: '/billable', value: false },
      { op: 'add', path: '/estimated_hours', value: 5 },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: [a.id, b.id],
      failure: [
        { id: 999999, message: 'Project not found/accessible' },
        { id: foreign.id, message: 'Project not found/accessible' },
      ],
    });
    for (const id of [a.id, b.id]) {
      expect((await owner.api.get(`${ws}/projects/${id}`)).body).toMatchObject({ color: '#ff0000', billable: false, estimated_seconds: 18000 });
    }
    expect((await stranger.api.get(`/api/v9/workspaces/${stranger.workspaceId}/projects/${foreign.id}`)).body.color).toBe(foreign.color);
  });

  it('reports per-item rule failures, such as a taken name', async () => {
    const a = await createProject();
    const b = await createProject();
    const res = await owner.api.patch(`${ws}/projects/${a.id},${b.id}`, [{ op: 'replace', path: '/name', value: `Same ${counter}` }]);
    expect(res.body).toEqual({ success: [a.id], failure: [{ id: b.id, message: 'Name has already been taken' }] });
  });

  it('removes nullable fields with op remove', async () => {
    const a = await createProject({ end_date: '2099-01-01', rate: 3 });
    const res = await owner.api.patch(`${ws}/projects/${a.id}`, [
      { op: 'remove', path: '/end_date' },
      { op: 'remove', path: '/rate' },
    ]);
    expect(res.body.success).toEqual([a.id]);
    expect((await owner.api.get(`${ws}/projects/${a.id}`)).body).toMatchObject({ end_date: null, rate: null });
  });

  it('refuses a project members cannot manage, item by item', async () => {
    const a = await createProject({ is_private: false });
    const res = await member.api.patch(`${ws}/projects/${a.id}`, [{ op: 'replace', path: '/active', value: false }]);
    expect(res.body).toEqual({ success: [], failure: [{ id: a.id, message: 'User does not have access to this resource.' }] });
  });

  it.each([
    [[], 'No patchable fields defined'],
    [[{ op: 'move', path: '/color', value: '#000000' }], 'Invalid op: move'],
    [[{ op: 'replace', path: 'color', value: '#000000' }], 'Invalid path format: color'],
    [[{ op: 'replace', path: '/workspace_id', value: 1 }], 'Path not found: /workspace_id'],
    [[{ op: 'remove', path: '/name' }], 'Operation not supported (remove /name)'],
    [[{ op: 'replace', path: '/active', value: 'no' }], '/active expects a boolean'],
  ])('refuses %j as a whole', async (ops, message) => {
    const a = await createProject();
    const before = await projectRows();
    const res = await owner.api.patch(`${ws}/projects/${a.id}`, ops);
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
    expect(await projectRows()).toEqual(before);
  });

  it('reports values the project rules refuse per item', async () => {
    const a = await createProject({ start_date: '2024-02-01' });
    const before = await projectRows();
    const res = await owner.api.patch(`${ws}/projects/${a.id}`, [{ op: 'replace', path: '/color', value: 'blue' }]);
    expect(res.body).toEqual({ success: [], failure: [{ id: a.id, message: "Error in validating color 'blue'. Project color must be a hex value in the form of #[0-9a-f]{6}." }] });
    const dates = await owner.api.patch(`${ws}/projects/${a.id}`, [{ op: 'replace', path: '/end_date', value: '2024-01-01' }]);
    expect(dates.body).toEqual({ success: [], failure: [{ id: a.id, message: 'start_date should come before end_date' }] });
    expect(await projectRows()).toEqual(before);
  });

  it('refuses malformed id lists', async () => {
    const res = await owner.api.patch(`${ws}/projects/1,abc`, [{ op: 'replace', path: '/active', value: true }]);
    expect(res.status).toBe(400);
    expect(res.body).toBe('Invalid project_ids');
  });
});

describe('templates, statistics, periods, counts', () => {
  it('GET /projects/templates lists template projects', async () => {
    const other = await createUser(t);
    const base = `/api/v9/workspaces/${other.workspaceId}`;
    const tpl = await createProject({ template: true }, other.api, base);
    await createProject({}, other.api, base);
    // The spec declares this 200 as a bare string: the JSON text of the same projects ?only_templates=true lists.
    const res = await other.api.get(`${base}/projects/templates`);
    expect(res.status).toBe(200);
    expect(typeof res.body).toBe('string');
    const listed = JSON.parse(res.body);
    expect(listed.map((p: any) => p.id)).toEqual([tpl.id]);
    // The workspace listing also counts its matches (total_count); this answer has no paging.
    const listing = (await other.api.get(`${base}/projects?only_templates=true`)).body;
    expect(listed).toEqual(listing.map((p: any) => ({ ...p, total_count: null })));
  });

  it('GET /statistics reports the first and last finished entry', async () => {
    const p = await createProject();
    expect((await owner.api.get(`${ws}/projects/${p.id}/statistics`)).body).toEqual({ earliest_time_entry: null, latest_time_entry: null });
    await addEntry({ projectId: p.id, start: 1_700_000_000, stop: 1_700_000_600 });
    await addEntry({ projectId: p.id, start: 1_700_100_000, stop: 1_700_100_060 });
    await addEntry({ projectId: p.id, start: 1_600_000_000, stop: 1_600_000_060, deleted: true });
    const res = await owner.api.get(`${ws}/projects/${p.id}/statistics`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ earliest_time_entry: '2023-11-14T22:13:20+00:00', latest_time_entry: '2023-11-16T02:01:00+00:00' });
  });

  it('recurring projects have a current period and answer GET /periods', async () => {
    const p = await createProject({ recurring: true, recurring_parameters: { period: 'monthly', project_start_date: '2024-01-31' }, start_date: '2024-01-31' });
    expect(p.recurring).toBe(true);
    expect(p.recurring_parameters).toEqual([
      { custom_period: null, estimated_seconds: null, parameter_end_date: null, parameter_start_date: today(), period: 'monthly', project_start_date: '2024-01-31' },
    ]);
    expect(p.current_period.start_date <= today() && today() <= p.current_period.end_date).toBe(true);
    const res = await owner.api.get(`${ws}/projects/${p.id}/periods?start_date=2024-03-05`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ start_date: '2024-02-29', end_date: '2024-03-30' });
    const weekly = await createProject({ recurring: true, recurring_parameters: { period: 'custom', custom_period: 10, project_start_date: '2024-01-01' } });
    expect((await owner.api.get(`${ws}/projects/${weekly.id}/periods?start_date=2024-01-15`)).body).toEqual({ start_date: '2024-01-11', end_date: '2024-01-20' });
    const bad = await owner.api.put(`${ws}/projects/${p.id}`, { end_date: '2024-03-15' });
    expect(bad.status).toBe(400);
    expect(bad.body).toBe('End date must respect periodicity');
    expect((await owner.api.put(`${ws}/projects/${p.id}`, { end_date: '2024-03-30' })).status).toBe(200);
  });

  it('GET /periods refuses plain projects and bad dates', async () => {
    const p = await createProject();
    const plain = await owner.api.get(`${ws}/projects/${p.id}/periods`);
    expect(plain.status).toBe(400);
    expect(plain.body).toBe('Project is not recurring');
    const bad = await owner.api.get(`${ws}/projects/${p.id}/periods?start_date=soon`);
    expect(bad.status).toBe(400);
    expect(bad.body).toBe('start_date has invalid format');
  });

  it('POST task_count and user_count count live children of visible projects', async () => {
    const a = await createProject();
    const b = await createProject({ is_private: false });
    await owner.api.post(`${ws}/projects/${a.id}/tasks`, { name: 'one' });
    const two = (await owner.api.post(`${ws}/projects/${a.id}/tasks`, { name: 'two' })).body;
    await owner.api.delete(`${ws}/projects/${a.id}/tasks/${two.id}`);
    await owner.api.post(`${ws}/project_users`, { project_id: b.id, user_id: member.user.id });
    const tasks = await owner.api.post(`${ws}/projects/task_count`, { project_ids: [a.id, b.id, 999999] });
    expect(tasks.status).toBe(200);
    expect(tasks.body).toEqual([
      { project_id: a.id, count: 1 },
      { project_id: b.id, count: 0 },
    ]);
    const users = await owner.api.post(`${ws}/projects/user_count`, { project_ids: [a.id, b.id] });
    expect(users.body).toEqual([
      { project_id: a.id, count: 1 },
      { project_id: b.id, count: 1 },
    ]);
    // A member does not learn about the private project a.
    expect((await member.api.post(`${ws}/projects/task_count`, { project_ids: [a.id, b.id] })).body).toEqual([{ project_id: b.id, count: 0 }]);
    const bad = await owner.api.post(`${ws}/projects/user_count`, { project_ids: 'all' });
    expect(bad.status).toBe(400);
    expect(bad.body).toBe('invalid body');
  });

  it('POST billable-amounts answers the requested projects', async () => {
    const p = await createProject({ rate: 80, currency: 'USD' });
    const start = nowS() - 4000;
    await addEntry({ projectId: p.id, start, stop: start + 1800 });
    const res = await owner.api.post(`${ws}/projects/billable-amounts`, { project_ids: [p.id] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([expect.objectContaining({ id: p.id, rate: 80, currency: 'USD', actual_seconds: 1800 })]);
    const many = await owner.api.post(`${ws}/projects/billable-amounts`, { project_ids: Array.from({ length: 201 }, (_, i) => i + 1) });
    expect(many.status).toBe(400);
    expect(many.body).toBe('project_ids cannot exceed 200 elements.');
  });

  it('POST /pin validates its body and caps pins', async () => {
    const p = await createProject();
    const res = await owner.api.post(`${ws}/projects/${p.id}/pin`, {});
    expect(res.status).toBe(400);
    expect(res.body).toBe("Missing required field 'pin'");
    expect((await owner.api.post(`${ws}/projects/${p.id}/pin`, { pin: true })).body).toBe('OK');
    expect((await owner.api.get(`${ws}/projects/${p.id}`)).body.pinned).toBe(true);
  });
});

describe('/me/projects', () => {
  it('lists visible projects of every workspace of the user', async () => {
    const helper = await createUser(t);
    const theirs = await createProject({}, helper.api, `/api/v9/workspaces/${helper.workspaceId}`);
    await addMember(t, owner.workspaceId, helper.user.id, { admin: false });
    const pub = await createProject({ is_private: false });
    const priv = await createProject({ is_private: true });
    const archived = await createProject({ is_private: false, active: false });
    const res = await helper.api.get('/api/v9/me/projects');
    expect(res.status).toBe(200);
    const ids = res.body.map((p: any) => p.id);
    expect(ids).toEqual(expect.arrayContaining([theirs.id, pub.id]));
    expect(ids).not.toContain(priv.id);
    expect(ids).not.toContain(archived.id);
    expect(res.body.every((p: any) => [owner.workspaceId, helper.workspaceId].includes(p.workspace_id))).toBe(true);
    const withArchived = await helper.api.get('/api/v9/me/projects?include_archived=true');
    expect(withArchived.body.map((p: any) => p.id)).toContain(archived.id);
    const bad = await helper.api.get('/api/v9/me/projects?include_archived=yes');
    expect(bad.status).toBe(400);
    expect(bad.body).toBe('Invalid include_archived');
  });

  it('?since includes deleted projects', async () => {
    const since = nowS() - 1;
    const p = await createProject();
    await owner.api.delete(`${ws}/projects/${p.id}`);
    const res = await owner.api.get(`/api/v9/me/projects?since=${since}`);
    expect(res.body.find((x: any) => x.id === p.id)).toMatchObject({ server_deleted_at: expect.stringMatching(SECONDS_AT) });
  });

  it('/me/projects/paginated pages by id from start_project_id', async () => {
    const other = await createUser(t);
    const base = `/api/v9/workspaces/${other.workspaceId}`;
    const made = [];
    // Names sort differently from ids: the pages follow ids, archived projects included.
    for (const [i, name] of ['zulu', 'alpha', 'mike'].entries()) made.push((await createProject({ name, active: i !== 1 }, other.api, base)).id);
    const first = await other.api.get('/api/v9/me/projects/paginated?per_page=2');
    expect(first.status).toBe(200);
    expect(first.body.map((p: any) => p.id)).toEqual(made.slice(0, 2));
    const next = await other.api.get(`/api/v9/me/projects/paginated?per_page=2&start_project_id=${made[2]}`);
    expect(next.body.map((p: any) => p.id)).toEqual([made[2]]);
    const bad = await other.api.get('/api/v9/me/projects/paginated?per_page=0');
    expect(bad.status).toBe(400);
  });
});

describe('tenant isolation', () => {
  it('refuses every project route of another workspace with 403 and changes nothing', async () => {
    const p = await createProject({ is_private: false });
    const before = await projectRows();
    const pins = await t.database.db.selectFrom('project_pins').selectAll().execute();
    const routes: [string, string, unknown?][] = [
      ['GET', `${ws}/projects`],
      ['POST', `${ws}/projects`, { name: 'pwned' }],
      ['GET', `${ws}/projects/templates`],
      ['POST', `${ws}/projects/billable-amounts`, { project_ids: [p.id] }],
      ['POST', `${ws}/projects/task_count`, { project_ids: [p.id] }],
      ['POST', `${ws}/projects/user_count`, { project_ids: [p.id] }],
      ['PATCH', `${ws}/projects/${p.id}`, [{ op: 'replace', path: '/name', value: 'pwned' }]],
      ['GET', `${ws}/projects/${p.id}`],
      ['PUT', `${ws}/projects/${p.id}`, { name: 'pwned' }],
      ['DELETE', `${ws}/projects/${p.id}?teDeletionMode=delete`],
      ['POST', `${ws}/projects/${p.id}/pin`, { pin: true }],
      ['GET', `${ws}/projects/${p.id}/statistics`],
      ['GET', `${ws}/projects/${p.id}/periods`],
    ];
    for (const [method, url, body] of routes) {
      const res = await call(t, method, url, { auth: { token: stranger.token }, body });
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(typeof res.body).toBe('string');
    }
    expect(await projectRows()).toEqual(before);
    expect(await t.database.db.selectFrom('project_pins').selectAll().execute()).toEqual(pins);
    const mine = await stranger.api.get('/api/v9/me/projects?include_archived=true');
    expect(mine.body.every((x: any) => x.workspace_id === stranger.workspaceId)).toBe(true);
  });
});
