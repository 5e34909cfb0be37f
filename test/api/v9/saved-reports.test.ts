import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser } from '../../helpers/factories.js';

let t: TestApp;
let admin: TestUser;
let member: TestUser;
let stranger: TestUser;
let ws: string;

beforeAll(async () => {
  t = await buildTestApp();
  admin = await createUser(t, { fullname: 'Ada Admin' });
  member = await createUser(t, { fullname: 'Mia Member' });
  stranger = await createUser(t, { fullname: 'Sam Stranger' });
  await addMember(t, admin.workspaceId, member.user.id, { admin: false });
  ws = `/api/v9/workspaces/${admin.workspaceId}`;
});
afterAll(async () => t.close());

const summaryParams = { report_type: 'summary', start_date: '2025-03-01', end_date: '2025-03-31', grouping: 'projects' };

async function save(api: TestUser['api'], body: Record<string, unknown>) {
  const res = await api.post(`${ws}/reports/shared`, { fixed_daterange: true, public: false, params: summaryParams, ...body });
  expect(res.status, res.text).toBe(200);
  return res.body as { id: number; token: string; name: string; params: string; public: boolean; updated_at: string };
}

const liveRows = () =>
  t.database.db
    .withTables<{ saved_reports: { id: number; name: string; deleted_at: number | null; workspace_id: number } }>()
    .selectFrom('saved_reports')
    .select(['id', 'name', 'deleted_at'])
    .where('workspace_id', '=', admin.workspaceId)
    .orderBy('id')
    .execute();

describe('POST /workspaces/{wid}/reports/shared', () => {
  it('needs credentials', async () => {
    const res = await call(t, 'POST', `${ws}/reports/shared`, { body: { name: 'x' } });
    expect(res.status).toBe(401);
    expect(res.text).toBe('');
  });

  it('saves a report and answers models.SavedReport, params as a JSON string', async () => {
    const res = await admin.api.post(`${ws}/reports/shared`, { name: ' March ', fixed_daterange: true, public: true, params: summaryParams });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      deleted_at: null,
      fixed_daterange: true,
      id: expect.any(Number),
      isNAResource: false,
      is_commenting_enabled: false,
      name: 'March',
      params: JSON.stringify(summaryParams),
      public: true,
      scheduled_email_gids: [],
      scheduled_email_uids: [],
      token: expect.stringMatching(/^[0-9a-f]{32}$/),
      uid: admin.user.id,
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
      updated_by: admin.user.id,
    });
  });

  it.each([
    [{ name: '  ' }, "saved report name field can't be blank"],
    [{ name: undefined }, "saved report name field can't be blank"],
    [{ fixed_daterange: undefined }, "saved report fixed_daterange can't be blank"],
    [{ public: undefined }, "saved report public can't be blank"],
    [{ params: undefined }, 'parameter report_type is invalid or blank'],
    [{ params: { start_date: '2025-01-01' } }, 'parameter report_type is invalid or blank'],
    [{ params: { report_type: 'pie' } }, 'parameter report_type is invalid or blank'],
    [{ params: { report_type: 'detailed', period: 'nextCentury' } }, 'The report period is not supported'],
    [{ params: { report_type: 'summary', grouping: 'planets' } }, "Invalid 'grouping' value, allowed values are: 'projects', 'clients', 'users', 'tags'"],
    [{ params: { report_type: 'detailed', start_date: '2025-02-30' } }, 'Invalid start_date format'],
  ])('refuses %j with 400 and saves nothing', async (override, message) => {
    const before = await liveRows();
    const res = await admin.api.post(`${ws}/reports/shared`, { name: 'Bad', fixed_daterange: false, public: false, params: summaryParams, ...override });
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
    expect(await liveRows()).toEqual(before);
  });

  it('refuses a type error in the payload', async () => {
    const res = await admin.api.post(`${ws}/reports/shared`, { name: 'Bad', fixed_daterange: 'yes', public: false, params: summaryParams });
    expect(res.status).toBe(400);
    expect(typeof res.body).toBe('string');
  });

  it('lets members save private reports but not public ones', async () => {
    const before = await liveRows();
    const pub = await member.api.post(`${ws}/reports/shared`, { name: 'Mine', fixed_daterange: false, public: true, params: summaryParams });
    expect(pub.status).toBe(403);
    expect(pub.body).toBe('Public reports can be saved only by admins.');
    expect(await liveRows()).toEqual(before);
    const priv = await save(member.api, { name: 'Mine' });
    expect(priv.public).toBe(false);
  });

  it('refuses outsiders with 403 and saves nothing', async () => {
    const before = await liveRows();
    const res = await stranger.api.post(`${ws}/reports/shared`, { name: 'Sneaky', fixed_daterange: false, public: false, params: summaryParams });
    expect(res.status).toBe(403);
    expect(await liveRows()).toEqual(before);
  });
});

describe('GET /workspaces/{wid}/reports/shared', () => {
  let adminPrivate: { id: number };
  let adminPublic: { id: number };
  let memberOwn: { id: number };
  let other: TestUser;
  let otherWs: string;

  beforeAll(async () => {
    other = await createUser(t);
    otherWs = `/api/v9/workspaces/${other.workspaceId}`;
    adminPrivate = await save(admin.api, { name: 'Zeta private' });
    adminPublic = await save(admin.api, { name: 'Alpha public', public: true, fixed_daterange: false });
    memberOwn = await save(member.api, { name: 'Member weekly', params: { report_type: 'weekly', period: 'thisWeek' } });
  });

  it('shows members their own reports and the public ones, admins all of them', async () => {
    const forMember = await member.api.get(`${ws}/reports/shared`);
    expect(forMember.status).toBe(200);
    const memberIds = (forMember.body as { id: number }[]).map((r) => r.id);
    expect(memberIds).toContain(adminPublic.id);
    expect(memberIds).toContain(memberOwn.id);
    expect(memberIds).not.toContain(adminPrivate.id);

    const forAdmin = await admin.api.get(`${ws}/reports/shared`);
    const adminIds = (forAdmin.body as { id: number }[]).map((r) => r.id);
    expect(adminIds).toEqual(expect.arrayContaining([adminPrivate.id, adminPublic.id, memberOwn.id]));
  });

  it('lists by name unless sorted otherwise, and filters', async () => {
    const names = (await admin.api.get(`${ws}/reports/shared`)).body.map((r: { name: string }) => r.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase())));
    const byIdDesc = (await admin.api.get(`${ws}/reports/shared?sort_field=id&sort_direction=desc`)).body.map((r: { id: number }) => r.id);
    expect(byIdDesc).toEqual([...byIdDesc].sort((a: number, b: number) => b - a));

    const publicOnly = await admin.api.get(`${ws}/reports/shared?public=true`);
    expect(publicOnly.body.every((r: { public: boolean }) => r.public)).toBe(true);
    expect(publicOnly.body.map((r: { id: number }) => r.id)).toContain(adminPublic.id);

    const relative = await admin.api.get(`${ws}/reports/shared?fixed_dates=false`);
    expect(relative.body.map((r: { id: number }) => r.id)).toEqual(expect.arrayContaining([adminPublic.id]));
    expect(relative.body.every((r: { fixed_daterange: boolean }) => !r.fixed_daterange)).toBe(true);

    const named = await admin.api.get(`${ws}/reports/shared?name=WEEK`);
    expect(named.body.map((r: { id: number }) => r.id)).toEqual([memberOwn.id]);

    // Stint sends no scheduled e-mails, so nothing is scheduled.
    expect((await admin.api.get(`${ws}/reports/shared?scheduled=true`)).body).toEqual([]);
  });

  it('pages when asked', async () => {
    const all = (await admin.api.get(`${ws}/reports/shared?sort_field=id`)).body.map((r: { id: number }) => r.id);
    const page2 = await admin.api.get(`${ws}/reports/shared?sort_field=id&page=2&per_page=2`);
    expect(page2.body.map((r: { id: number }) => r.id)).toEqual(all.slice(2, 4));
  });

  it.each(['page=0', 'per_page=x', 'public=maybe', 'sort_field=color', 'sort_direction=up', 'fixed_dates=1', 'scheduled=yes'])(
    'answers 400 for %s',
    async (query) => {
      const res = await admin.api.get(`${ws}/reports/shared?${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toBe(`Invalid parameter ${query.split('=')[0]}.`);
    },
  );

  it('GET one answers a report the caller may see and 404 otherwise', async () => {
    const mine = await member.api.get(`${ws}/reports/shared/${memberOwn.id}`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ id: memberOwn.id, name: 'Member weekly', uid: member.user.id });
    expect(JSON.parse(mine.body.params)).toEqual({ report_type: 'weekly', period: 'thisWeek' });

    expect((await member.api.get(`${ws}/reports/shared/${adminPublic.id}`)).status).toBe(200);
    const hidden = await member.api.get(`${ws}/reports/shared/${adminPrivate.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toBe(`Report ID ${adminPrivate.id} not found/accessible.`);
    const missing = await admin.api.get(`${ws}/reports/shared/99999999`);
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('Report ID 99999999 not found/accessible.');
  });

  it('keeps reports inside their workspace', async () => {
    const res = await stranger.api.get(`${ws}/reports/shared`);
    expect(res.status).toBe(403);
    expect((await stranger.api.get(`${ws}/reports/shared/${adminPublic.id}`)).status).toBe(403);
    // An id from another workspace is not found in this one.
    const own = await other.api.post(`${otherWs}/reports/shared`, { name: 'Elsewhere', fixed_daterange: true, public: false, params: summaryParams });
    expect(own.status).toBe(200);
    const res2 = await admin.api.get(`${ws}/reports/shared/${own.body.id}`);
    expect(res2.status).toBe(404);
    expect((await other.api.get(`${otherWs}/reports/shared`)).body.map((r: { id: number }) => r.id)).toEqual([own.body.id]);
  });
});

describe('PUT /workspaces/{wid}/reports/shared/{id}', () => {
  it('changes name, params and flags, and regenerates the token on demand', async () => {
    const report = await save(admin.api, { name: 'Before' });
    const res = await admin.api.put(`${ws}/reports/shared/${report.id}`, {
      name: 'After',
      params: { report_type: 'detailed', period: 'prevMonth' },
      fixed_daterange: false,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: report.id, name: 'After', fixed_daterange: false, public: false, token: report.token });
    expect(JSON.parse(res.body.params)).toEqual({ report_type: 'detailed', period: 'prevMonth' });

    const regenerated = await admin.api.put(`${ws}/reports/shared/${report.id}`, { regenerate_token: true });
    expect(regenerated.status).toBe(200);
    expect(regenerated.body.token).not.toBe(report.token);
    expect(regenerated.body.name).toBe('After');
  });

  it.each([
    [{ name: '' }, "saved report name field can't be blank"],
    [{ params: { report_type: '' } }, 'parameter report_type invalid or blank'],
  ])('refuses %j and changes nothing', async (body, message) => {
    const report = await save(admin.api, { name: 'Stable' });
    const res = await admin.api.put(`${ws}/reports/shared/${report.id}`, body);
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
    expect((await admin.api.get(`${ws}/reports/shared/${report.id}`)).body).toMatchObject({ name: 'Stable', params: JSON.stringify(summaryParams) });
  });

  it('accepts params as the JSON string it answers with', async () => {
    const report = await save(admin.api, { name: 'Round trip' });
    const read = (await admin.api.get(`${ws}/reports/shared/${report.id}`)).body;
    const res = await admin.api.put(`${ws}/reports/shared/${report.id}`, { name: 'Round trip 2', params: read.params });
    expect(res.status).toBe(200);
    expect(res.body.params).toBe(read.params);
    const broken = await admin.api.put(`${ws}/reports/shared/${report.id}`, { params: '{not json' });
    expect(broken.status).toBe(400);
    expect(broken.body).toBe('parameter report_type invalid or blank');
  });

  it('lets only owners and admins change a report, and only admins make it public', async () => {
    const adminsPublic = await save(admin.api, { name: 'Team report', public: true });
    const denied = await member.api.put(`${ws}/reports/shared/${adminsPublic.id}`, { name: 'Hijacked' });
    expect(denied.status).toBe(403);
    expect((await admin.api.get(`${ws}/reports/shared/${adminsPublic.id}`)).body.name).toBe('Team report');

    const own = await save(member.api, { name: 'Own' });
    expect((await member.api.put(`${ws}/reports/shared/${own.id}`, { name: 'Own renamed' })).body.name).toBe('Own renamed');
    const publish = await member.api.put(`${ws}/reports/shared/${own.id}`, { public: true });
    expect(publish.status).toBe(403);
    expect(publish.body).toBe('Public reports can be saved only by admins.');
    const byAdmin = await admin.api.put(`${ws}/reports/shared/${own.id}`, { public: true });
    expect(byAdmin.body).toMatchObject({ public: true, uid: member.user.id, updated_by: admin.user.id });

    const adminsPrivate = await save(admin.api, { name: 'Admin only' });
    const invisible = await member.api.put(`${ws}/reports/shared/${adminsPrivate.id}`, { name: 'x' });
    expect(invisible.status).toBe(404);
    expect(invisible.body).toBe(`Report ID ${adminsPrivate.id} not found/accessible.`);
    expect((await stranger.api.put(`${ws}/reports/shared/${adminsPrivate.id}`, { name: 'x' })).status).toBe(403);
  });
});

describe('PUT /workspaces/{wid}/reports/shared (several)', () => {
  it('changes every listed report and answers the last one', async () => {
    const a = await save(admin.api, { name: 'Bulk A' });
    const b = await save(admin.api, { name: 'Bulk B' });
    const res = await admin.api.put(`${ws}/reports/shared`, [
      { id: a.id, name: 'Bulk A2' },
      { id: b.id, name: 'Bulk B2', public: true },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: b.id, name: 'Bulk B2', public: true });
    expect((await admin.api.get(`${ws}/reports/shared/${a.id}`)).body.name).toBe('Bulk A2');
  });

  it('changes nothing when one item fails', async () => {
    const a = await save(admin.api, { name: 'Keep A' });
    const b = await save(admin.api, { name: 'Keep B' });
    const before = await liveRows();

    const missing = await admin.api.put(`${ws}/reports/shared`, [{ id: a.id, name: 'Gone A' }, { id: 99999998, name: 'Nope' }]);
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('Some IDs were not found: Only 1 Saved Reports found for 2 given IDs.');

    const blank = await admin.api.put(`${ws}/reports/shared`, [{ id: a.id, name: 'Gone A' }, { id: b.id, name: ' ' }]);
    expect(blank.status).toBe(400);
    expect(blank.body).toBe(`Report ID ${b.id} failed with: saved report name field can't be blank`);

    const badType = await admin.api.put(`${ws}/reports/shared`, [{ id: b.id, params: { report_type: 'x' } }]);
    expect(badType.body).toBe(`Report ID ${b.id} failed with: parameter report_type invalid or blank`);

    const noId = await admin.api.put(`${ws}/reports/shared`, [{ name: 'Who' }]);
    expect(noId.status).toBe(400);
    expect((await admin.api.put(`${ws}/reports/shared`, [])).status).toBe(400);

    const memberTouch = await member.api.put(`${ws}/reports/shared`, [{ id: a.id, name: 'Member A' }]);
    expect(memberTouch.status).toBe(404);
    expect(await liveRows()).toEqual(before);
  });
});

describe('DELETE /workspaces/{wid}/reports/shared/{id} and bulk_delete', () => {
  it('deletes a report and answers it with deleted_at', async () => {
    const report = await save(admin.api, { name: 'Doomed' });
    const res = await admin.api.delete(`${ws}/reports/shared/${report.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: report.id, name: 'Doomed' });
    expect(res.body.deleted_at).toMatch(/\+00:00$/);
    expect((await admin.api.get(`${ws}/reports/shared/${report.id}`)).status).toBe(404);
    const again = await admin.api.delete(`${ws}/reports/shared/${report.id}`);
    expect(again.status).toBe(404);
    expect(again.body).toBe(`Report ID ${report.id} not found/accessible.`);
  });

  it('refuses members deleting what is not theirs, and outsiders', async () => {
    const report = await save(admin.api, { name: 'Shared team', public: true });
    expect((await member.api.delete(`${ws}/reports/shared/${report.id}`)).status).toBe(403);
    expect((await stranger.api.delete(`${ws}/reports/shared/${report.id}`)).status).toBe(403);
    expect((await admin.api.get(`${ws}/reports/shared/${report.id}`)).status).toBe(200);
  });

  it('bulk_delete removes all listed reports or none', async () => {
    const a = await save(admin.api, { name: 'Bulk del A' });
    const b = await save(admin.api, { name: 'Bulk del B' });
    const before = await liveRows();
    const partial = await admin.api.patch(`${ws}/reports/shared/bulk_delete`, { ids: [a.id, b.id, 99999997] });
    expect(partial.status).toBe(404);
    expect(partial.body).toBe('Some IDs were not found: Only 2 Saved Reports found for 3 given IDs.');
    expect(await liveRows()).toEqual(before);

    const memberTry = await member.api.patch(`${ws}/reports/shared/bulk_delete`, { ids: [a.id] });
    expect(memberTry.status).toBe(404);
    expect(await liveRows()).toEqual(before);

    const badIds = await admin.api.patch(`${ws}/reports/shared/bulk_delete`, { ids: [0] });
    expect(badIds.status).toBe(400);

    const res = await admin.api.patch(`${ws}/reports/shared/bulk_delete`, { ids: [a.id, b.id, a.id] });
    expect(res.status).toBe(200);
    expect(res.body.map((r: { id: number }) => r.id)).toEqual([a.id, b.id]);
    expect(res.body.every((r: { deleted_at: string | null }) => typeof r.deleted_at === 'string')).toBe(true);
    const after = await liveRows();
    expect(after.find((r) => r.id === a.id)?.deleted_at).not.toBeNull();
    expect((await admin.api.patch(`${ws}/reports/shared/bulk_delete`, { ids: [] })).body).toEqual([]);
  });
});
