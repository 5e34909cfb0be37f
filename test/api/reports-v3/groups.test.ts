// The `group_ids` filter of Reports v3: the time of the members of groups attached to the
// report's workspace, and nobody's time through groups that are not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser } from '../../helpers/factories.js';
import { insertEntry } from '../../helpers/report-periphery.js';

let t: TestApp;
let admin: TestUser;
let member: TestUser;
let colleague: TestUser;
let stranger: TestUser;
let w: number;
const g = {} as { team: number; admins: number; detached: number; foreign: number };
const e = {} as { admin: number; member: number; colleague: number };

const MARCH = { start_date: '2025-03-01', end_date: '2025-03-31' };

async function group(owner: TestUser, body: Record<string, unknown>): Promise<number> {
  const res = await owner.api.post(`/api/v9/organizations/${owner.organizationId}/groups`, body);
  expect(res.status, res.text).toBe(200);
  return res.body.group_id;
}

beforeAll(async () => {
  t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0' });
  admin = await createUser(t, { fullname: 'Ada Admin' });
  member = await createUser(t, { fullname: 'Mia Member' });
  colleague = await createUser(t, { fullname: 'Cole League' });
  stranger = await createUser(t, { fullname: 'Sam Stranger' });
  w = admin.workspaceId;
  await addMember(t, w, member.user.id);
  await addMember(t, w, colleague.user.id);
  // The colleague also works in the stranger's organization, whose group holds them.
  await addMember(t, stranger.workspaceId, colleague.user.id);

  e.admin = await insertEntry(t, w, admin.user.id, '2025-03-03T09:00:00', 3600);
  e.member = await insertEntry(t, w, member.user.id, '2025-03-04T09:00:00', 1800);
  e.colleague = await insertEntry(t, w, colleague.user.id, '2025-03-05T09:00:00', 900);

  g.team = await group(admin, { name: 'Team', users: [member.user.id, colleague.user.id], workspaces: [w] });
  g.admins = await group(admin, { name: 'Admins', users: [admin.user.id], workspaces: [w] });
  g.detached = await group(admin, { name: 'Detached', users: [admin.user.id] });
  g.foreign = await group(stranger, { name: 'Theirs', users: [colleague.user.id], workspaces: [stranger.workspaceId] });
});
afterAll(async () => t.close());

const base = () => `/reports/api/v3/workspace/${w}`;

async function entryIds(body: Record<string, unknown>, who: TestUser = admin): Promise<number[]> {
  const res = await who.api.post(`${base()}/search/time_entries`, { ...MARCH, ...body });
  expect(res.status, res.text).toBe(200);
  return res.body.flatMap((r: { time_entries: { id: number }[] }) => r.time_entries.map((x) => x.id)).sort((a: number, b: number) => a - b);
}

describe('group_ids', () => {
  it("reports the time of the groups' members", async () => {
    expect(await entryIds({ group_ids: [g.team] })).toEqual([e.member, e.colleague]);
    expect(await entryIds({ group_ids: [g.admins] })).toEqual([e.admin]);
    expect(await entryIds({ group_ids: [g.team, g.admins] })).toEqual([e.admin, e.member, e.colleague]);
  });

  it('narrows user_ids to the members of the groups', async () => {
    expect(await entryIds({ group_ids: [g.team], user_ids: [member.user.id, admin.user.id] })).toEqual([e.member]);
    expect(await entryIds({ group_ids: [g.admins], user_ids: [member.user.id] })).toEqual([]);
  });

  it('matches nobody through a group not attached to the workspace, of another organization, or unknown', async () => {
    expect(await entryIds({ group_ids: [g.detached] })).toEqual([]);
    expect(await entryIds({ group_ids: [g.foreign] })).toEqual([]);
    expect(await entryIds({ group_ids: [999999] })).toEqual([]);
  });

  it('follows changes of the group', async () => {
    const id = await group(admin, { name: 'Changing', users: [member.user.id], workspaces: [w] });
    expect(await entryIds({ group_ids: [id] })).toEqual([e.member]);
    const patch = await admin.api.patch(`/api/v9/organizations/${admin.organizationId}/groups/${id}`, [
      { op: 'add', path: '/users', value: [admin.user.id] },
      { op: 'remove', path: '/workspaces', value: [w] },
    ]);
    expect(patch.status).toBe(200);
    expect(await entryIds({ group_ids: [id] })).toEqual([]);
    await admin.api.patch(`/api/v9/organizations/${admin.organizationId}/groups/${id}`, [{ op: 'add', path: '/workspaces', value: [w] }]);
    expect(await entryIds({ group_ids: [id] })).toEqual([e.admin, e.member]);
    await admin.api.delete(`/api/v9/organizations/${admin.organizationId}/groups/${id}`);
    expect(await entryIds({ group_ids: [id] })).toEqual([]);
  });

  it('applies to summaries and totals too', async () => {
    const summary = await admin.api.post(`${base()}/summary/time_entries`, { ...MARCH, grouping: 'users', sub_grouping: 'projects', group_ids: [g.team] });
    expect(summary.status).toBe(200);
    expect(summary.body.groups.map((x: { id: number }) => x.id).sort()).toEqual([member.user.id, colleague.user.id].sort());
    const totals = await admin.api.post(`${base()}/search/time_entries/totals`, { ...MARCH, group_ids: [g.team] });
    expect(totals.status).toBe(200);
    expect(totals.body.seconds).toBe(2700);
  });

  it('keeps the viewer\'s rights: a member sees only their own time through a group', async () => {
    expect(await entryIds({ group_ids: [g.team] }, member)).toEqual([e.member]);
  });

  it('refuses ids that are not positive integers', async () => {
    const res = await admin.api.post(`${base()}/search/time_entries`, { ...MARCH, group_ids: ['x'] });
    expect(res.status).toBe(400);
    expect(res.body).toBe('Invalid group_ids format');
  });
});

describe('the filters in words (export headers)', () => {
  it('names the groups of the workspace and leaves other ids bare', async () => {
    const words = (body: Record<string, unknown>) => t.services.reports.describeFilters(admin.user, w, { ...MARCH, ...body });
    const { filters } = await words({ group_ids: [g.admins, g.team, g.detached, g.foreign], user_ids: [member.user.id] });
    expect(filters).toContainEqual({ label: 'Groups', value: `Admins, Team, #${g.detached}, #${g.foreign}` });
    expect(filters).toContainEqual({ label: 'Members', value: 'Mia Member' });
    // Reports v2's or_members_of_group_ids widens the members.
    const widened = await words({ user_ids: [member.user.id], or_members_of_group_ids: [g.team, g.foreign] });
    expect(widened.filters).toContainEqual({ label: 'Members', value: `Mia Member, members of Team, members of #${g.foreign}` });
    expect(widened.filters.map((f) => f.label)).not.toContain('Groups');
  });
});
