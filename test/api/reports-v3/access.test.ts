// Who may run reports and whose time they see: credentials, outsiders, members and admins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../../helpers/app.js';
import { createUser, type TestUser } from '../../helpers/factories.js';
import { addWorkspaceMember, insertEntry, insertProject, setMemberRate, updateWorkspace } from '../../helpers/report-data.js';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let manager: TestUser;
let outsider: TestUser;
let wid: number;
let publicProject: number;
let secretProject: number;
const entries: Record<string, number> = {};

beforeAll(async () => {
  t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0' });
  owner = await createUser(t, { fullname: 'Olga Owner' });
  member = await createUser(t, { fullname: 'Mia Member' });
  manager = await createUser(t, { fullname: 'Max Manager' });
  outsider = await createUser(t, { fullname: 'Otto Outsider' });
  wid = owner.workspaceId;
  await addWorkspaceMember(t, wid, member.user.id, { labourCost: 20 });
  await addWorkspaceMember(t, wid, manager.user.id);
  publicProject = await insertProject(t, wid, 'Public', { billable: true, rate: 50 });
  secretProject = await insertProject(t, wid, 'Secret', {
    isPrivate: true,
    billable: true,
    members: [{ userId: member.user.id }, { userId: manager.user.id, manager: true }],
  });
  const add = async (key: string, userId: number, projectId: number | null, duration: number, start: string) => {
    entries[key] = await insertEntry(t, wid, { userId, projectId, duration, start, billable: projectId !== null, description: key });
  };
  await add('owner-public', owner.user.id, publicProject, 3600, '2025-03-03T09:00:00Z');
  await add('owner-secret', owner.user.id, secretProject, 3600, '2025-03-03T11:00:00Z');
  await add('owner-none', owner.user.id, null, 3600, '2025-03-03T13:00:00Z');
  await add('member-public', member.user.id, publicProject, 1800, '2025-03-04T09:00:00Z');
  await add('member-secret', member.user.id, secretProject, 1800, '2025-03-04T10:00:00Z');
  await add('member-none', member.user.id, null, 1800, '2025-03-04T11:00:00Z');
  await add('manager-secret', manager.user.id, secretProject, 7200, '2025-03-05T09:00:00Z');
  await add('manager-public', manager.user.id, publicProject, 900, '2025-03-05T12:00:00Z');
});
afterAll(async () => t.close());

const base = () => `/reports/api/v3/workspace/${wid}`;
const BODY = { start_date: '2025-03-01', end_date: '2025-03-31' };
const JSON_OPS = ['summary/time_entries', 'search/time_entries', 'search/time_entries/totals', 'weekly/time_entries', 'projects/summary'];
const EXPORT_OPS = [
  'summary/time_entries.csv',
  'summary/time_entries.xlsx',
  'summary/time_entries.pdf',
  'search/time_entries.csv',
  'search/time_entries.xlsx',
  'search/time_entries.pdf',
  'weekly/time_entries.csv',
  'weekly/time_entries.pdf',
];

/** Descriptions (= entry keys) a user sees in the detailed report. */
async function visible(u: TestUser): Promise<string[]> {
  const res = await u.api.post(`${base()}/search/time_entries`, { ...BODY, page_size: 100 });
  expect(res.status).toBe(200);
  return res.body.map((r: any) => r.description).sort();
}

describe('credentials and tenancy', () => {
  it('answers 401 with an empty body without credentials, on every operation', async () => {
    for (const op of [...JSON_OPS, ...EXPORT_OPS, `projects/${publicProject}/summary`]) {
      const res = await call(t, 'POST', `${base()}/${op}`, { body: BODY });
      expect(res.status, op).toBe(401);
      expect(res.text, op).toBe('');
    }
    const wrong = await call(t, 'POST', `${base()}/summary/time_entries`, { body: BODY, auth: { token: 'not-a-token' } });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toBe('');
  });

  it("refuses an outsider on every operation with Toggl's 403 and shows nothing", async () => {
    for (const op of [...JSON_OPS, ...EXPORT_OPS, `projects/${publicProject}/summary`]) {
      const res = await outsider.api.post(`${base()}/${op}`, BODY);
      expect(res.status, op).toBe(403);
      expect(res.body, op).toBe('Workspace not found/accessible');
    }
  });

  it('answers a malformed or unknown workspace id', async () => {
    const bad = await owner.api.post('/reports/api/v3/workspace/abc/summary/time_entries', BODY);
    expect(bad.status).toBe(400);
    expect(bad.body).toBe('Invalid workspace id');
    const unknown = await owner.api.post('/reports/api/v3/workspace/999999/search/time_entries', BODY);
    expect(unknown.status).toBe(403);
    expect(unknown.body).toBe('Workspace not found/accessible');
  });

  it("answers an unknown report path with Toggl's 404", async () => {
    const res = await owner.api.post(`${base()}/nonsense`, BODY);
    expect(res.status).toBe(404);
    expect(res.body).toBe('404 page not found');
  });
});

describe('whose time a report shows', () => {
  it('admins see the whole workspace', async () => {
    expect(await visible(owner)).toEqual(Object.keys(entries).sort());
  });

  it("members see their own time and everyone's time on public projects, not others' private or unassigned time", async () => {
    expect(await visible(member)).toEqual(['manager-public', 'member-none', 'member-public', 'member-secret', 'owner-public']);
  });

  it('project managers also see all time on the projects they manage', async () => {
    expect(await visible(manager)).toEqual(['manager-public', 'manager-secret', 'member-public', 'member-secret', 'owner-public', 'owner-secret']);
  });

  it('summary, totals and weekly show members the same time as the detailed report', async () => {
    const expected = 3600 + 1800 * 3 + 900;
    const totals = await member.api.post(`${base()}/search/time_entries/totals`, BODY);
    expect(totals.body.seconds).toBe(expected);
    const summary = await member.api.post(`${base()}/summary/time_entries`, { ...BODY, grouping: 'users', sub_grouping: 'projects' });
    expect(summary.body.groups.reduce((s: number, g: any) => s + g.sub_groups.reduce((a: number, x: any) => a + x.seconds, 0), 0)).toBe(expected);
    const weekly = await member.api.post(`${base()}/weekly/time_entries`, { start_date: '2025-03-02' });
    expect(weekly.body.reduce((s: number, r: any) => s + r.seconds.reduce((a: number, b: number) => a + b, 0), 0)).toBe(expected);
    const projects = await member.api.post(`${base()}/projects/summary`, BODY);
    expect(projects.body.reduce((s: number, r: any) => s + r.tracked_seconds, 0)).toBe(3600 + 1800 * 2 + 900);
  });

  it('with "limit public project data", members see only their own time on public projects', async () => {
    await updateWorkspace(t, wid, { limit_public_project_data: 1 });
    try {
      expect(await visible(member)).toEqual(['member-none', 'member-public', 'member-secret']);
      expect(await visible(manager)).toEqual(['manager-public', 'manager-secret', 'member-secret', 'owner-secret']);
      expect(await visible(owner)).toEqual(Object.keys(entries).sort());
    } finally {
      await updateWorkspace(t, wid, { limit_public_project_data: 0 });
    }
  });

  it('a private project summary is refused to members who cannot see the project', async () => {
    const other = await createUser(t);
    await addWorkspaceMember(t, wid, other.user.id);
    const res = await other.api.post(`${base()}/projects/${secretProject}/summary`, BODY);
    expect(res.status).toBe(403);
    expect(res.body).toBe('project not found or not accessible');
    const ok = await member.api.post(`${base()}/projects/${secretProject}/summary`, BODY);
    expect(ok.status).toBe(200);
  });
});

describe('money', () => {
  it('admins see amounts and labour costs', async () => {
    const totals = await owner.api.post(`${base()}/search/time_entries/totals`, BODY);
    // Public's rate (50/h) applies to billable time on it: 1h + 0.5h + 0.25h.
    expect(totals.body.billable_amount_in_cents).toBe(8750);
    expect(totals.body.rates).toEqual([{ billable_seconds: 6300, currency: 'USD', hourly_rate_in_cents: 5000 }]);
    // Mia's labour cost (20/h) over her 1.5 hours.
    expect(totals.body.labour_cost_in_cents).toBe(3000);
  });

  it('members see amounts unless only admins may see billable rates, and never labour costs', async () => {
    const open = await member.api.post(`${base()}/search/time_entries/totals`, BODY);
    expect(open.body.billable_amount_in_cents).toBe(5000 + 2500 + 1250);
    expect(open.body.labour_cost_in_cents).toBeNull();

    await updateWorkspace(t, wid, { only_admins_see_billable_rates: 1 });
    try {
      const totals = await member.api.post(`${base()}/search/time_entries/totals`, BODY);
      expect(totals.body.billable_amount_in_cents).toBeNull();
      expect(totals.body.rates).toBeNull();
      const detailed = await member.api.post(`${base()}/search/time_entries`, BODY);
      for (const row of detailed.body) {
        expect(row.billable_amount_in_cents).toBeNull();
        expect(row.hourly_rate_in_cents).toBeNull();
      }
      const summary = await member.api.post(`${base()}/summary/time_entries`, BODY);
      for (const g of summary.body.groups) for (const s of g.sub_groups) expect(s).not.toHaveProperty('rates');
      const weekly = await member.api.post(`${base()}/weekly/time_entries`, { start_date: '2025-03-02' });
      for (const r of weekly.body) expect(r.billable_amounts_in_cents).toBeNull();
      const csv = await member.api.post(`${base()}/search/time_entries.csv`, BODY);
      expect(csv.text.split('\r\n')[0]).not.toContain('Amount');
      // The admin still sees them.
      expect((await owner.api.post(`${base()}/search/time_entries/totals`, BODY)).body.billable_amount_in_cents).toBe(8750);
    } finally {
      await updateWorkspace(t, wid, { only_admins_see_billable_rates: 0 });
    }
  });

  it('a member rate change shows in the next report', async () => {
    await setMemberRate(t, wid, manager.user.id, { rate: 200 });
    try {
      const detailed = await owner.api.post(`${base()}/search/time_entries`, { ...BODY, user_ids: [manager.user.id] });
      const secret = detailed.body.find((r: any) => r.description === 'manager-secret');
      expect(secret.hourly_rate_in_cents).toBe(20000);
      expect(secret.billable_amount_in_cents).toBe(40000);
      // The project's own rate outranks the member's.
      expect(detailed.body.find((r: any) => r.description === 'manager-public').hourly_rate_in_cents).toBe(5000);
    } finally {
      await setMemberRate(t, wid, manager.user.id, { rate: null });
    }
  });
});
