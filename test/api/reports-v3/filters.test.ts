import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser } from '../../helpers/factories.js';
import {
  insertClient,
  insertEntry,
  insertProject,
  insertProjectUser,
  insertTask,
  setMembership,
  setMemberMoney,
  setWorkspace,
} from '../../helpers/report-periphery.js';

let t: TestApp;
let admin: TestUser;
let member: TestUser;
let colleague: TestUser;
let stranger: TestUser;
let base: string;
const ids = {} as {
  acme: number;
  globex: number;
  initech: number;
  gone: number;
  website: number;
  secret: number;
  mobile: number;
  old: number;
  euro: number;
  design: number;
  hidden: number;
  mobileTask: number;
  puMember: number;
  puColleague: number;
};

beforeAll(async () => {
  t = await buildTestApp();
  admin = await createUser(t, { fullname: 'Ada Admin' });
  member = await createUser(t, { fullname: 'Mia Member' });
  colleague = await createUser(t, { fullname: 'Cole League' });
  stranger = await createUser(t, { fullname: 'Sam Stranger' });
  const w = admin.workspaceId;
  await addMember(t, w, member.user.id);
  await addMember(t, w, colleague.user.id);
  base = `/reports/api/v3/workspace/${w}`;

  ids.acme = await insertClient(t, w, 'Acme');
  ids.globex = await insertClient(t, w, 'Globex');
  ids.initech = await insertClient(t, w, 'Initech', { archived: true });
  ids.gone = await insertClient(t, w, 'Gone', { deleted: true });
  await insertClient(t, stranger.workspaceId, 'Acme elsewhere');

  ids.website = await insertProject(t, w, 'Website', { client_id: ids.acme, billable: true, rate: 100, estimated_seconds: 36_000, color: '#c9806b' });
  ids.secret = await insertProject(t, w, 'Secret', { client_id: ids.globex, is_private: true });
  ids.mobile = await insertProject(t, w, 'Mobile app', { is_private: true, billable: true });
  ids.old = await insertProject(t, w, 'Old', { active: false });
  ids.euro = await insertProject(t, w, 'Euro work', { currency: 'EUR' });
  await insertProject(t, stranger.workspaceId, 'Foreign');

  ids.puMember = await insertProjectUser(t, w, ids.mobile, member.user.id, { rate: 50, labor_cost: 20 });
  ids.puColleague = await insertProjectUser(t, w, ids.website, colleague.user.id, { labor_cost: 12.5 });

  ids.design = await insertTask(t, w, ids.website, 'Design', { rate: 120, estimated_seconds: 7200, user_id: colleague.user.id });
  ids.hidden = await insertTask(t, w, ids.secret, 'Hidden work');
  ids.mobileTask = await insertTask(t, w, ids.mobile, 'Mobile design', { active: false });

  await insertEntry(t, w, admin.user.id, '2025-03-03T09:00:00', 3600, { project_id: ids.website, task_id: ids.design, billable: true });
  await insertEntry(t, w, member.user.id, '2025-03-03T11:00:00', 1800, { project_id: ids.website, billable: true });
  await insertEntry(t, w, colleague.user.id, '2025-03-04T09:00:00', 1800, { project_id: ids.website });
  await insertEntry(t, w, member.user.id, '2025-03-05T09:00:00', 3600, { project_id: ids.mobile, billable: true });
  await insertEntry(t, w, admin.user.id, '2025-03-05T12:00:00', 7200, { project_id: ids.secret, billable: true, task_id: ids.hidden });
  // A running entry counts in task lists (tracked so far) but not in the report statuses.
  await insertEntry(t, w, admin.user.id, new Date(Date.now() - 600_000).toISOString(), 0, { project_id: ids.website, running: true });
});
afterAll(async () => t.close());

const idsOf = (body: { id: number }[]) => body.map((r) => r.id);

describe('filters/clients and search/clients', () => {
  it('needs credentials', async () => {
    const res = await call(t, 'POST', `${base}/filters/clients`, { body: {} });
    expect(res.status).toBe(401);
  });

  it('lists the live clients of the workspace, archived ones too, by id', async () => {
    const res = await member.api.post(`${base}/filters/clients`, {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: ids.acme, name: 'Acme' },
      { id: ids.globex, name: 'Globex' },
      { id: ids.initech, name: 'Initech' },
    ]);
    expect((await member.api.post(`${base}/filters/clients`)).body).toHaveLength(3);
  });

  it('filters by name, ids and the start cursor', async () => {
    expect((await member.api.post(`${base}/filters/clients`, { name: 'GLO' })).body).toEqual([{ id: ids.globex, name: 'Globex' }]);
    expect(idsOf((await member.api.post(`${base}/filters/clients`, { ids: [ids.acme, ids.initech, ids.gone] })).body)).toEqual([ids.acme, ids.initech]);
    expect(idsOf((await member.api.post(`${base}/filters/clients`, { start: ids.globex })).body)).toEqual([ids.globex, ids.initech]);
  });

  it('search/clients needs a parameter', async () => {
    const res = await member.api.post(`${base}/search/clients`, {});
    expect(res.status).toBe(400);
    expect(res.body).toBe('At least one parameter must be set');
    expect((await member.api.post(`${base}/search/clients`, { name: 'acme' })).body).toEqual([{ id: ids.acme, name: 'Acme' }]);
  });

  it('caps posted ids at 2000', async () => {
    const res = await member.api.post(`${base}/filters/clients`, { ids: Array.from({ length: 2001 }, (_, i) => i + 1) });
    expect(res.status).toBe(400);
    expect(res.body).toBe('Maximum count of posted IDs is 2000');
  });

  it('refuses a body of the wrong type', async () => {
    const res = await member.api.post(`${base}/filters/clients`, { ids: 'all' });
    expect(res.status).toBe(400);
    expect(typeof res.body).toBe('string');
  });
});

describe('filters/projects and search/projects', () => {
  it('shows members public projects and their private ones; admins all', async () => {
    const forMember = await member.api.post(`${base}/filters/projects`, {});
    expect(forMember.status).toBe(200);
    expect(idsOf(forMember.body)).toEqual([ids.website, ids.mobile, ids.old, ids.euro]);
    expect(forMember.body[0]).toEqual({ active: true, billable: true, client_id: ids.acme, color: '#c9806b', currency: 'USD', id: ids.website, name: 'Website' });
    const forAdmin = await admin.api.post(`${base}/filters/projects`, {});
    expect(idsOf(forAdmin.body)).toEqual([ids.website, ids.secret, ids.mobile, ids.old, ids.euro]);
  });

  it.each([
    [{ is_active: false }, ['old']],
    [{ is_billable: true }, ['website', 'mobile']],
    [{ is_private: true }, ['secret', 'mobile']],
    [{ client_ids: [null] }, ['mobile', 'old', 'euro']],
    [{ currency: 'eur' }, ['euro']],
    [{ name: 'APP' }, ['mobile']],
  ])('filters %j', async (body, expected) => {
    const res = await admin.api.post(`${base}/filters/projects`, body);
    expect(idsOf(res.body)).toEqual(expected.map((k) => ids[k as keyof typeof ids]));
  });

  it('filters by client, including "without client"', async () => {
    const res = await admin.api.post(`${base}/filters/projects`, { client_ids: [ids.acme, null] });
    expect(idsOf(res.body)).toEqual([ids.website, ids.mobile, ids.old, ids.euro]);
  });

  it('pages with page_size and start', async () => {
    const first = await admin.api.post(`${base}/filters/projects`, { page_size: 2 });
    expect(idsOf(first.body)).toEqual([ids.website, ids.secret]);
    const next = await admin.api.post(`${base}/filters/projects`, { page_size: 2, start: ids.secret + 1 });
    expect(idsOf(next.body)).toEqual([ids.mobile, ids.old]);
    const bad = await admin.api.post(`${base}/filters/projects`, { page_size: 0 });
    expect(bad.status).toBe(400);
  });

  it('search/projects needs a parameter and hides private projects from members', async () => {
    expect((await member.api.post(`${base}/search/projects`, {})).body).toBe('At least one parameter must be set');
    expect(idsOf((await member.api.post(`${base}/search/projects`, { ids: [ids.secret, ids.website] })).body)).toEqual([ids.website]);
  });
});

describe('filters/project_groups', () => {
  it('needs project or group ids, and is empty because Stint has no user groups', async () => {
    const none = await member.api.post(`${base}/filters/project_groups`, {});
    expect(none.status).toBe(400);
    expect(none.body).toBe('At least one parameter must be set');
    const res = await member.api.post(`${base}/filters/project_groups`, { project_ids: [ids.website] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });
});

describe('filters/project_users', () => {
  it('needs a parameter', async () => {
    const res = await admin.api.post(`${base}/filters/project_users`, {});
    expect(res.status).toBe(400);
    expect(res.body).toBe('At least one parameter must be set');
  });

  it('gives admins rates and labour costs (cents)', async () => {
    const res = await admin.api.post(`${base}/filters/project_users`, { project_ids: [ids.website, ids.mobile] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { group_id: null, hourly_rate: 50, id: ids.puMember, labour_cost: 2000, project_id: ids.mobile, user_id: member.user.id },
      { group_id: null, hourly_rate: null, id: ids.puColleague, labour_cost: 1250, project_id: ids.website, user_id: colleague.user.id },
    ]);
  });

  it('hides labour costs from members, and rates when only admins see them', async () => {
    const res = await member.api.post(`${base}/filters/project_users`, { client_ids: [ids.acme] });
    expect(res.body).toEqual([{ group_id: null, hourly_rate: null, id: ids.puColleague, labour_cost: null, project_id: ids.website, user_id: colleague.user.id }]);
    const own = await member.api.post(`${base}/filters/project_users`, { project_ids: [ids.mobile] });
    expect(own.body[0]).toMatchObject({ hourly_rate: 50, labour_cost: null });
    await setWorkspace(t, admin.workspaceId, { only_admins_see_billable_rates: true });
    try {
      expect((await member.api.post(`${base}/filters/project_users`, { project_ids: [ids.mobile] })).body[0].hourly_rate).toBeNull();
    } finally {
      await setWorkspace(t, admin.workspaceId, { only_admins_see_billable_rates: false });
    }
  });

  it('leaves out project users of private projects the member cannot see', async () => {
    const secretPu = await insertProjectUser(t, admin.workspaceId, ids.secret, colleague.user.id);
    const res = await member.api.post(`${base}/filters/project_users`, { start_id: 1 });
    expect(idsOf(res.body)).not.toContain(secretPu);
    expect(idsOf((await admin.api.post(`${base}/filters/project_users`, { start_id: secretPu })).body)).toEqual([secretPu]);
  });
});

describe('filters/users and search/users', () => {
  it('lists active members by default', async () => {
    const res = await member.api.post(`${base}/filters/users`, {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      [admin, member, colleague]
        .map((u) => ({ deleted_at: null, id: u.user.id, name: u.user.fullname }))
        .sort((a, b) => a.id - b.id),
    );
  });

  it('lists deactivated and removed members with active=false', async () => {
    const leaver = await createUser(t, { fullname: 'Lee Leaver' });
    await addMember(t, admin.workspaceId, leaver.user.id);
    await setMembership(t, admin.workspaceId, leaver.user.id, { deleted: true });
    const res = await admin.api.post(`${base}/filters/users`, { active: false });
    expect(res.body).toEqual([{ deleted_at: expect.stringMatching(/\+00:00$/), id: leaver.user.id, name: 'Lee Leaver' }]);
    expect(idsOf((await admin.api.post(`${base}/filters/users`, {})).body)).not.toContain(leaver.user.id);
  });

  it('caps user ids at 100', async () => {
    const res = await admin.api.post(`${base}/filters/users`, { ids: Array.from({ length: 101 }, (_, i) => i + 1) });
    expect(res.status).toBe(400);
    expect(res.body).toBe('Maximum count of posted IDs is 100');
  });

  it('search/users answers model.User and needs a parameter', async () => {
    expect((await admin.api.post(`${base}/search/users`, {})).body).toBe('At least one parameter must be set');
    const res = await admin.api.post(`${base}/search/users`, { ids: [member.user.id, stranger.user.id] });
    expect(res.status).toBe(200);
    const memberships = await t.database.db.selectFrom('workspace_users').select('id').where('workspace_id', '=', admin.workspaceId).where('user_id', '=', member.user.id).executeTakeFirstOrThrow();
    expect(res.body).toEqual([
      {
        active: true,
        avatar: null,
        deactivated: false,
        deleted_at: null,
        email: member.email,
        fullname: 'Mia Member',
        id: member.user.id,
        workspace_user_id: memberships.id,
      },
    ]);
  });

  it('deactivated members are not active', async () => {
    const paused = await createUser(t, { fullname: 'Pat Paused' });
    await addMember(t, admin.workspaceId, paused.user.id);
    await setMembership(t, admin.workspaceId, paused.user.id, { inactive: true });
    const res = await admin.api.post(`${base}/search/users`, { ids: [paused.user.id], active: false });
    expect(res.body).toEqual([expect.objectContaining({ id: paused.user.id, active: false, deactivated: true, deleted_at: null })]);
  });
});

describe('filters/projects/status and filters/tasks/status', () => {
  const websiteStatus = { billable_amount: 17_000, billable_seconds: 5400, currency: 'USD', estimated_seconds: 36_000, id: 0, tracked_seconds: 7200 };

  it('sums tracked, billable time and amounts per project (task → project user → project → member → workspace rates)', async () => {
    const res = await admin.api.post(`${base}/filters/projects/status`, { ids: [ids.website, ids.mobile, ids.euro] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      // admin 1h on Design at 120 + member 0.5h at the project's 100; the colleague's half hour is not billable.
      { ...websiteStatus, id: ids.website },
      // the member's project-user rate 50 for an hour
      { billable_amount: 5000, billable_seconds: 3600, currency: 'USD', estimated_seconds: null, id: ids.mobile, tracked_seconds: 3600 },
      { billable_amount: 0, billable_seconds: 0, currency: 'EUR', estimated_seconds: null, id: ids.euro, tracked_seconds: 0 },
    ]);
  });

  it('uses member and workspace rates when nothing more specific is set', async () => {
    const p = await insertProject(t, admin.workspaceId, 'Fallback rates', { billable: true });
    await insertEntry(t, admin.workspaceId, colleague.user.id, '2025-03-06T09:00:00', 3600, { project_id: p, billable: true });
    await insertEntry(t, admin.workspaceId, member.user.id, '2025-03-06T09:00:00', 1800, { project_id: p, billable: true });
    await setMemberMoney(t, admin.workspaceId, colleague.user.id, { rate: 30 });
    await setWorkspace(t, admin.workspaceId, { default_hourly_rate: 10 });
    try {
      const res = await admin.api.post(`${base}/filters/projects/status`, { ids: [p] });
      expect(res.body[0]).toMatchObject({ billable_amount: 3000 + 500, billable_seconds: 5400, tracked_seconds: 5400 });
    } finally {
      await setWorkspace(t, admin.workspaceId, { default_hourly_rate: null });
      await setMemberMoney(t, admin.workspaceId, colleague.user.id, { rate: null });
    }
  });

  it('shows members what reports show them', async () => {
    const res = await member.api.post(`${base}/filters/projects/status`, {});
    expect(idsOf(res.body)).not.toContain(ids.secret);
    expect(res.body.find((s: { id: number }) => s.id === ids.website)).toEqual({ ...websiteStatus, id: ids.website });

    await setWorkspace(t, admin.workspaceId, { limit_public_project_data: true, only_admins_see_billable_rates: true });
    try {
      const limited = await member.api.post(`${base}/filters/projects/status`, { ids: [ids.website] });
      expect(limited.body).toEqual([{ ...websiteStatus, id: ids.website, tracked_seconds: 1800, billable_seconds: 1800, billable_amount: null }]);
    } finally {
      await setWorkspace(t, admin.workspaceId, { limit_public_project_data: false, only_admins_see_billable_rates: false });
    }
  });

  it('filters by active', async () => {
    expect(idsOf((await admin.api.post(`${base}/filters/projects/status`, { active: false })).body)).toEqual([ids.old]);
  });

  it('gives task statuses for the listed tasks the caller may see', async () => {
    const none = await admin.api.post(`${base}/filters/tasks/status`, {});
    expect(none.status).toBe(400);
    expect(none.body).toBe('At least one parameter must be set');
    const res = await admin.api.post(`${base}/filters/tasks/status`, { ids: [ids.design, ids.hidden] });
    expect(res.body).toEqual([
      { billable_amount: 12_000, billable_seconds: 3600, currency: 'USD', estimated_seconds: 7200, id: ids.design, tracked_seconds: 3600 },
      { billable_amount: 0, billable_seconds: 7200, currency: 'USD', estimated_seconds: null, id: ids.hidden, tracked_seconds: 7200 },
    ]);
    expect(idsOf((await member.api.post(`${base}/filters/tasks/status`, { ids: [ids.design, ids.hidden] })).body)).toEqual([ids.design]);
  });
});

describe('{action}/tasks', () => {
  it('lists tasks as models.Task, by id, from projects the caller may see', async () => {
    const res = await member.api.post(`${base}/filters/tasks`, {});
    expect(res.status).toBe(200);
    expect(idsOf(res.body)).toEqual([ids.design, ids.mobileTask]);
    expect(res.body[0]).toMatchObject({
      active: true,
      client_id: ids.acme,
      client_name: 'Acme',
      estimated_seconds: 7200,
      id: ids.design,
      name: 'Design',
      project_billable: true,
      project_color: '#c9806b',
      project_id: ids.website,
      project_is_private: false,
      project_name: 'Website',
      rate: 120,
      recurring: false,
      // milliseconds, as the swagger documents
      tracked_seconds: 3_600_000,
      user_id: colleague.user.id,
      user_name: 'Cole League',
      workspace_id: admin.workspaceId,
    });
    expect(idsOf((await admin.api.post(`${base}/filters/tasks`, {})).body)).toEqual([ids.design, ids.hidden, ids.mobileTask]);
  });

  it.each([
    ['active: false', () => ({ active: false }), ['mobileTask']],
    ['a project', () => ({ project_ids: [ids.secret] }), ['hidden']],
    ['a name', () => ({ name: 'design' }), ['design', 'mobileTask']],
  ] as const)('filters by %s', async (_label, body, expected) => {
    const res = await admin.api.post(`${base}/filters/tasks`, body());
    expect(idsOf(res.body)).toEqual(expected.map((k) => ids[k]));
  });

  it('refuses ids that are not positive', async () => {
    const res = await admin.api.post(`${base}/filters/tasks`, { user_ids: [0] });
    expect(res.status).toBe(400);
    expect(typeof res.body).toBe('string');
  });

  it('filters by assignee and by project state, and pages', async () => {
    expect(idsOf((await admin.api.post(`${base}/filters/tasks`, { user_ids: [colleague.user.id] })).body)).toEqual([ids.design]);
    expect(idsOf((await admin.api.post(`${base}/filters/tasks`, { project_active: false })).body)).toEqual([]);
    expect(idsOf((await admin.api.post(`${base}/filters/tasks`, { page_size: 1, start: ids.design + 1 })).body)).toEqual([ids.hidden]);
  });

  it('search needs a parameter; other actions do not exist', async () => {
    expect((await admin.api.post(`${base}/search/tasks`, {})).body).toBe('At least one parameter must be set');
    expect(idsOf((await admin.api.post(`${base}/search/tasks`, { ids: [ids.hidden] })).body)).toEqual([ids.hidden]);
    const other = await admin.api.post(`${base}/lookup/tasks`, {});
    expect(other.status).toBe(404);
  });

  it('hides task rates when only admins see billable rates', async () => {
    await setWorkspace(t, admin.workspaceId, { only_admins_see_billable_rates: true });
    try {
      expect((await member.api.post(`${base}/filters/tasks`, { ids: [ids.design] })).body[0].rate).toBeNull();
      expect((await admin.api.post(`${base}/filters/tasks`, { ids: [ids.design] })).body[0].rate).toBe(120);
    } finally {
      await setWorkspace(t, admin.workspaceId, { only_admins_see_billable_rates: false });
    }
  });
});

describe('cross-tenant', () => {
  it.each([
    'filters/clients',
    'search/clients',
    'filters/projects',
    'search/projects',
    'filters/project_groups',
    'filters/project_users',
    'filters/users',
    'search/users',
    'filters/projects/status',
    'filters/tasks/status',
    'filters/tasks',
    'search/tasks',
  ])('%s refuses someone outside the workspace', async (path) => {
    const res = await stranger.api.post(`${base}/${path}`, { ids: [ids.website], project_ids: [ids.website] });
    expect(res.status).toBe(403);
    expect(typeof res.body).toBe('string');
  });

  it('an outsider’s own workspace does not show this one’s rows', async () => {
    const res = await stranger.api.post(`/reports/api/v3/workspace/${stranger.workspaceId}/filters/clients`, {});
    expect(res.body.map((c: { name: string }) => c.name)).toEqual(['Acme elsewhere']);
    const projects = await stranger.api.post(`/reports/api/v3/workspace/${stranger.workspaceId}/filters/projects`, { ids: [ids.website] });
    expect(projects.body).toEqual([]);
  });
});
