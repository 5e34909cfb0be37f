// Reports v2 is an adapter over Reports v3: for the same filters, on a seeded workspace (three
// people, rates, rounding, tags, private projects), every v2 number equals the v3 one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../../helpers/app.js';
import { createUser, type TestUser } from '../../helpers/factories.js';
import { addWorkspaceMember, seedReportWorkspace, updateWorkspace, type SeededWorkspace } from '../../helpers/report-data.js';
import { v2get } from './helpers.js';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let ws: SeededWorkspace;
beforeAll(async () => {
  t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0', QUOTA_ENFORCE: 'false' });
  owner = await createUser(t, { timezone: 'America/New_York' });
  member = await createUser(t, { timezone: 'Asia/Tokyo' });
  const third = await createUser(t);
  await addWorkspaceMember(t, owner.workspaceId, member.user.id, { rate: 45 });
  await addWorkspaceMember(t, owner.workspaceId, third.user.id);
  ws = await seedReportWorkspace(t, owner.workspaceId, [owner.user.id, member.user.id, third.user.id], 150);
  // Rounding up to 15 minutes, applied when a v2 request says rounding=on.
  await updateWorkspace(t, ws.workspaceId, { rounding: 1, rounding_minutes: 15, default_hourly_rate: 30 });
});
afterAll(async () => t.close());

type V2Params = Record<string, string | number | undefined>;
type V3Body = Record<string, unknown>;

/** Pairs of the same filters in both spellings, built once the workspace is seeded. */
const CASES: [string, () => [V2Params, V3Body]][] = [
  ['no filter', () => [{}, {}]],
  ['rounding on', () => [{ rounding: 'on' }, { rounding: 1, rounding_minutes: 15 }]],
  ['projects with "without project"', () => [{ project_ids: `${ws.projects.website},0` }, { project_ids: [ws.projects.website, null] }]],
  ['client', () => [{ client_ids: ws.clients.globex }, { client_ids: [ws.clients.globex] }]],
  ['without tags', () => [{ tag_ids: '0' }, { tag_ids: [null] }]],
  ['tags', () => [{ tag_ids: `${ws.tags.urgent},${ws.tags.review}` }, { tag_ids: [ws.tags.urgent, ws.tags.review] }]],
  ['without task', () => [{ task_ids: '0' }, { task_ids: [null] }]],
  ['task', () => [{ task_ids: ws.tasks.design }, { task_ids: [ws.tasks.design] }]],
  ['billable', () => [{ billable: 'yes' }, { billable: true }]],
  ['not billable', () => [{ billable: 'no' }, { billable: false }]],
  ['one member', () => [{ user_ids: member.user.id }, { user_ids: [member.user.id] }]],
  ['description', () => [{ description: 'plan' }, { description: 'plan' }]],
  [
    'several',
    () => [
      { project_ids: `${ws.projects.website},${ws.projects.mobile}`, billable: 'yes', rounding: 'on', tag_ids: ws.tags.urgent },
      { project_ids: [ws.projects.website, ws.projects.mobile], billable: true, rounding: 1, rounding_minutes: 15, tag_ids: [ws.tags.urgent] },
    ],
  ],
];

const MARCH_V2 = { since: '2025-03-01', until: '2025-03-31' };
const MARCH_V3 = { start_date: '2025-03-01', end_date: '2025-03-31' };

const v2 = (who: TestUser, path: string, params: V2Params) =>
  v2get(t, { token: who.token }, path, { user_agent: 'consistency', workspace_id: ws.workspaceId, ...params });
/** v3 with rounding off unless the case asks for it, as v2 rounds only on request. */
const v3 = (who: TestUser, path: string, body: V3Body) =>
  call(t, 'POST', `/reports/api/v3/workspace/${ws.workspaceId}/${path}`, { auth: { token: who.token }, body: { rounding_minutes: 0, ...body } });

/** v2's currency list from v3's rates. */
function currencies(rates: { currency: string; billable_seconds: number; hourly_rate_in_cents: number }[] | null, cents: number | null) {
  if (!rates || rates.length === 0) return [{ currency: null, amount: null }];
  const currency = rates[0]!.currency;
  return [{ currency, amount: (cents ?? 0) / 100 }];
}

describe.each([
  ['the owner', () => owner],
  ['a member', () => member],
])('as %s', (_who, who) => {
  it.each(CASES)('details agree with v3 search and totals: %s', async (_name, build) => {
    const [params, body] = build();
    const [totals, rows] = await Promise.all([v3(who(), 'search/time_entries/totals', { ...MARCH_V3, ...body }), v3(who(), 'search/time_entries', { ...MARCH_V3, ...body, page_size: 1000 })]);
    const pages: { id: number; dur: number; billable: number | null }[] = [];
    const first = await v2(who(), 'details', { ...MARCH_V2, ...params });
    expect(first.status, first.text).toBe(200);
    pages.push(...first.body.data);
    for (let page = 2; pages.length < first.body.total_count; page++) {
      const next = await v2(who(), 'details', { ...MARCH_V2, ...params, page });
      expect(next.body.data.length).toBeGreaterThan(0);
      pages.push(...next.body.data);
    }
    expect(first.body.total_grand ?? 0).toBe(totals.body.seconds * 1000);
    expect(first.body.total_count).toBe(rows.body.length);
    expect(first.body.total_currencies).toEqual(currencies(totals.body.rates, totals.body.billable_amount_in_cents));
    // Same entries, same order, same durations and amounts.
    type V3Row = { time_entries: { id: number; seconds: number }[]; billable_amount_in_cents: number | null };
    expect(pages.map((r) => r.id)).toEqual(rows.body.map((r: V3Row) => r.time_entries[0]!.id));
    expect(pages.map((r) => r.dur)).toEqual(rows.body.map((r: V3Row) => r.time_entries[0]!.seconds * 1000));
    expect(pages.map((r) => r.billable)).toEqual(rows.body.map((r: V3Row) => (r.billable_amount_in_cents === null ? null : r.billable_amount_in_cents / 100)));
    const billable = pages.reduce((s, r) => s + r.dur * Number((r as unknown as { is_billable: boolean }).is_billable), 0);
    expect(first.body.total_billable ?? 0).toBe(billable);
  });

  it.each(CASES)('summary agrees with v3 summary: %s', async (_name, build) => {
    const [params, body] = build();
    for (const [grouping, subgrouping] of [['projects', 'time_entries'], ['users', 'projects'], ['clients', 'tasks']] as const) {
      const [a, b] = await Promise.all([
        v2(who(), 'summary', { ...MARCH_V2, ...params, grouping, subgrouping }),
        v3(who(), 'summary/time_entries', { ...MARCH_V3, ...body, grouping, sub_grouping: subgrouping }),
      ]);
      type V3Group = { id: number | null; sub_groups: { seconds: number; rates?: { billable_seconds: number; hourly_rate_in_cents: number }[] }[] };
      type V2Group = { id: number | null; time: number; items: { time: number; sum: number | null }[] };
      const v3Groups = b.body.groups as V3Group[];
      const seconds = (g: V3Group) => g.sub_groups.reduce((s, x) => s + x.seconds, 0);
      expect(a.body.data.map((g: V2Group) => g.id)).toEqual(v3Groups.map((g) => g.id));
      expect(a.body.data.map((g: V2Group) => g.time)).toEqual(v3Groups.map((g) => seconds(g) * 1000));
      expect(a.body.data.map((g: V2Group) => g.items.map((i) => i.time))).toEqual(v3Groups.map((g) => g.sub_groups.map((s) => s.seconds * 1000)));
      expect(a.body.total_grand ?? 0).toBe(v3Groups.reduce((s, g) => s + seconds(g), 0) * 1000);
    }
  });

  it.each(CASES)('weekly agrees with v3 weekly: %s', async (_name, build) => {
    const [params, body] = build();
    for (const since of ['2025-03-03', '2025-03-27']) {
      const [a, b, earnings] = await Promise.all([
        v2(who(), 'weekly', { since, ...params, grouping: 'users' }),
        v3(who(), 'weekly/time_entries', { start_date: since, ...body }),
        v2(who(), 'weekly', { since, ...params, calculate: 'earnings' }),
      ]);
      type V3Row = { user_id: number; seconds: number[]; billable_seconds: number[]; billable_amounts_in_cents: number[] | null };
      const rows = b.body as V3Row[];
      const day = (i: number) => rows.reduce((s, r) => s + r.seconds[i]!, 0) * 1000;
      const days = [0, 1, 2, 3, 4, 5, 6].map(day);
      expect(a.body.week_totals).toEqual([...days, days.reduce((x, y) => x + y, 0)].map((v) => (v === 0 ? null : v)));
      expect(a.body.total_billable ?? 0).toBe(rows.reduce((s, r) => s + r.billable_seconds.reduce((x, y) => x + y, 0), 0) * 1000);
      for (const group of a.body.data as { uid: number; totals: (number | null)[] }[]) {
        const mine = rows.filter((r) => r.user_id === group.uid);
        expect(group.totals[7]).toBe(mine.reduce((s, r) => s + r.seconds.reduce((x, y) => x + y, 0), 0) * 1000);
      }
      const cents = rows.reduce((s, r) => s + (r.billable_amounts_in_cents ?? []).reduce((x, y) => x + y, 0), 0);
      const week = earnings.body.week_totals as { currency: string; amount: (number | null)[] }[];
      expect(week.reduce((s, c) => s + Math.round((c.amount[7] ?? 0) * 100), 0)).toBe(cents);
    }
  });
});

describe('the project dashboard agrees with v3 project summaries', () => {
  it('has the tracked and billable time of Reports v3 over the same days', async () => {
    const dashboard = await v2(owner, 'project', { project_id: ws.projects.website });
    const v3Summary = await v3(owner, `projects/${ws.projects.website}/summary`, { start_date: '2025-03-01', end_date: '2025-04-30' });
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.duration).toBe(v3Summary.body.seconds * 1000);
    const users = await v3(owner, 'projects/summary', { start_date: '2025-03-01', end_date: '2025-04-30', project_ids: [ws.projects.website] });
    const perUser = (users.body as { project_id: number; tracked_seconds: number; billable_seconds: number }[]).filter((r) => r.project_id === ws.projects.website);
    expect(dashboard.body.users.map((u: { duration: number }) => u.duration).sort()).toEqual(perUser.map((r) => r.tracked_seconds * 1000).sort());
    expect(dashboard.body.billable_duration).toBe(perUser.reduce((s, r) => s + r.billable_seconds, 0) * 1000);
  });
});
