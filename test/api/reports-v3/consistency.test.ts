// The summary's grand total, the detailed report's rows, the totals call and the weekly report
// must agree with each other — and with the entries as inserted — under every filter, with and
// without rounding (issue 5: "Totals agree").
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createUser, type TestUser } from '../../helpers/factories.js';
import { addWorkspaceMember, seedReportWorkspace, type SeededWorkspace } from '../../helpers/report-data.js';

const ZONE = 'America/New_York';

let t: TestApp;
let owner: TestUser;
let ws: SeededWorkspace;
beforeAll(async () => {
  // Hundreds of report calls in a row: the per-credential rate limit is not what is tested here.
  t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0', QUOTA_ENFORCE: 'false' });
  owner = await createUser(t, { timezone: ZONE });
  const second = await createUser(t);
  const third = await createUser(t);
  await addWorkspaceMember(t, owner.workspaceId, second.user.id);
  await addWorkspaceMember(t, owner.workspaceId, third.user.id);
  ws = await seedReportWorkspace(t, owner.workspaceId, [owner.user.id, second.user.id, third.user.id], 120);
});
afterAll(async () => t.close());

const url = (path: string) => `/reports/api/v3/workspace/${ws.workspaceId}/${path}`;

type Body = Record<string, unknown>;
type Entry = SeededWorkspace['entries'][number];

/** What the reports should count, computed from the inserted entries with plain code. */
function expected(body: Body): Entry[] {
  const start = DateTime.fromISO(`${body.start_date}T${(body.startTime as string) ?? '00:00'}`, { zone: ZONE }).toSeconds();
  const end = body.endTime
    ? DateTime.fromISO(`${body.end_date}T${body.endTime}`, { zone: ZONE }).toSeconds() + 60
    : DateTime.fromISO(body.end_date as string, { zone: ZONE }).plus({ days: 1 }).toSeconds();
  const clientOf = (projectId: number | null | undefined) =>
    projectId === ws.projects.website ? ws.clients.acme : projectId === ws.projects.mobile ? ws.clients.globex : null;
  const matches = (list: unknown, value: number | null) => !Array.isArray(list) || list.length === 0 || list.includes(value);
  return ws.entries.filter((e) => {
    const s = Date.parse(e.start) / 1000;
    if (s < start || s >= end) return false;
    if (!matches(body.project_ids, e.projectId ?? null)) return false;
    if (!matches(body.task_ids, e.taskId ?? null)) return false;
    if (!matches(body.client_ids, clientOf(e.projectId))) return false;
    if (Array.isArray(body.user_ids) && body.user_ids.length > 0 && !body.user_ids.includes(e.userId)) return false;
    if (Array.isArray(body.group_ids) && body.group_ids.length > 0) return false;
    if (Array.isArray(body.tag_ids) && body.tag_ids.length > 0) {
      const tags = e.tagIds ?? [];
      const ok = (body.tag_ids as (number | null)[]).some((id) => (id === null ? tags.length === 0 : tags.includes(id)));
      if (!ok) return false;
    }
    if (Array.isArray(body.time_entry_ids) && !body.time_entry_ids.includes(e.id)) return false;
    if (typeof body.description === 'string' && !(e.description ?? '').toLowerCase().includes(body.description.toLowerCase())) return false;
    if (typeof body.billable === 'boolean' && (e.billable ?? false) !== body.billable) return false;
    if (typeof body.min_duration_seconds === 'number' && e.duration! < body.min_duration_seconds) return false;
    if (typeof body.max_duration_seconds === 'number' && e.duration! > body.max_duration_seconds) return false;
    return true;
  });
}

function rounded(seconds: number, rounding: Body): number {
  const minutes = (rounding.rounding_minutes as number | undefined) ?? 0;
  if (minutes === 0) return seconds;
  const step = minutes * 60;
  const direction = rounding.rounding as number;
  if (direction > 0) return Math.ceil(seconds / step) * step;
  if (direction < 0) return Math.floor(seconds / step) * step;
  return Math.floor((seconds + step / 2) / step) * step;
}

const MARCH = { start_date: '2025-03-01', end_date: '2025-03-31' };

function filterCases(): [string, Body][] {
  const { projects, clients, tags, tasks, users } = { ...ws, users: ws.users };
  return [
    ['no filter', {}],
    ['one project', { project_ids: [projects.website] }],
    ['without project', { project_ids: [null] }],
    ['a project or none', { project_ids: [projects.mobile, null] }],
    ['one client', { client_ids: [clients.acme] }],
    ['without client', { client_ids: [null] }],
    ['a tag', { tag_ids: [tags.urgent] }],
    ['without tags', { tag_ids: [null] }],
    ['a tag or none', { tag_ids: [tags.meeting, null] }],
    ['a task', { task_ids: [tasks.design] }],
    ['without task', { task_ids: [null] }],
    ['a user', { user_ids: [users[1]] }],
    ['two users', { user_ids: [users[0], users[2]] }],
    ['billable', { billable: true }],
    ['non-billable', { billable: false }],
    ['description, any case', { description: 'PLAN' }],
    ['at least an hour', { min_duration_seconds: 3600 }],
    ['at most half an hour', { max_duration_seconds: 1800 }],
    ['between', { min_duration_seconds: 600, max_duration_seconds: 5400 }],
    ['some entries', { time_entry_ids: ws.entries.slice(0, 12).map((e) => e.id) }],
    ['a group (no groups exist)', { group_ids: [1] }],
    ['empty lists filter nothing', { project_ids: [], tag_ids: [], user_ids: [] }],
    ['combined', { project_ids: [projects.website], tag_ids: [tags.urgent], billable: true }],
    ['one week', { start_date: '2025-03-10', end_date: '2025-03-16' }],
    ['times of day', { start_date: '2025-03-05', end_date: '2025-03-20', startTime: '12:00', endTime: '18:30' }],
  ];
}

const ROUNDINGS: [string, Body][] = [
  ['no rounding', { rounding_minutes: 0 }],
  ['up to 15 minutes', { rounding: 1, rounding_minutes: 15 }],
  ['down to 5 minutes', { rounding: -1, rounding_minutes: 5 }],
  ['nearest 30 minutes', { rounding: 0, rounding_minutes: 30 }],
];

const GROUPINGS: [string, string][] = [
  ['projects', 'time_entries'],
  ['clients', 'projects'],
  ['users', 'tags'],
  ['tags', 'users'],
  ['projects', 'tasks'],
];

/** Every detailed row of a report, walking the pages the way clients do. */
async function allDetailedRows(body: Body): Promise<any[]> {
  const rows: any[] = [];
  let next: Body = {};
  for (let guard = 0; guard < 100; guard++) {
    const res = await owner.api.post(url('search/time_entries'), { ...body, page_size: 40, ...next });
    expect(res.status).toBe(200);
    rows.push(...res.body);
    if (!res.headers['x-next-row-number']) return rows;
    next = { first_row_number: Number(res.headers['x-next-row-number']), first_id: Number(res.headers['x-next-id']), first_timestamp: Number(res.headers['x-next-timestamp']) };
  }
  throw new Error('too many pages');
}

describe('summary, detailed and totals agree with each other and with the entries', () => {
  it('has a dataset where filters and rounding matter', () => {
    expect(expected({ ...MARCH }).length).toBeGreaterThan(100);
    const total = expected({ ...MARCH }).reduce((s, e) => s + e.duration!, 0);
    expect(total).not.toBe(expected({ ...MARCH }).reduce((s, e) => s + rounded(e.duration!, { rounding: 1, rounding_minutes: 15 }), 0));
  });

  const cases = () => filterCases();
  it.each(ROUNDINGS)('%s: every filter combination', async (_label, rounding) => {
    const failures: string[] = [];
    let i = 0;
    for (const [label, filter] of cases()) {
      const body = { ...MARCH, ...filter, ...rounding };
      const want = expected(body);
      const wantSeconds = want.reduce((s, e) => s + rounded(e.duration!, rounding), 0);
      const [grouping, sub_grouping] = GROUPINGS[i++ % GROUPINGS.length]!;

      const summary = await owner.api.post(url('summary/time_entries'), { ...body, grouping, sub_grouping, include_time_entry_ids: true });
      const totals = await owner.api.post(url('search/time_entries/totals'), body);
      const rows = await allDetailedRows(body);
      expect(summary.status).toBe(200);
      expect(totals.status).toBe(200);

      const summarySeconds = summary.body.groups.reduce((s: number, g: any) => s + g.sub_groups.reduce((a: number, sg: any) => a + sg.seconds, 0), 0);
      const summaryIds = summary.body.groups.flatMap((g: any) => g.sub_groups.flatMap((sg: any) => sg.ids)).sort((a: number, b: number) => a - b);
      const detailedSeconds = rows.reduce((s, r) => s + r.time_entries.reduce((a: number, e: any) => a + e.seconds, 0), 0);
      const detailedIds = rows.flatMap((r) => r.time_entries.map((e: any) => e.id)).sort((a, b) => a - b);
      const wantIds = want.map((e) => e.id).sort((a, b) => a - b);

      const got = { summary: summarySeconds, detailed: detailedSeconds, totals: totals.body.seconds };
      const same = got.summary === wantSeconds && got.detailed === wantSeconds && got.totals === wantSeconds;
      if (!same) failures.push(`${label} (${grouping}/${sub_grouping}): want ${wantSeconds}, got ${JSON.stringify(got)}`);
      if (JSON.stringify(summaryIds) !== JSON.stringify(wantIds)) failures.push(`${label}: summary ids differ`);
      if (JSON.stringify(detailedIds) !== JSON.stringify(wantIds)) failures.push(`${label}: detailed ids differ`);
      expect(rows.map((r) => r.row_number)).toEqual(rows.map((_, k) => k + 1));

      // Billable seconds per rate agree between the summary's sub-groups and the totals.
      const perRate = new Map<number, number>();
      for (const g of summary.body.groups) for (const sg of g.sub_groups) for (const r of sg.rates) perRate.set(r.hourly_rate_in_cents, (perRate.get(r.hourly_rate_in_cents) ?? 0) + r.billable_seconds);
      const totalsPerRate = new Map<number, number>(totals.body.rates.map((r: any) => [r.hourly_rate_in_cents, r.billable_seconds]));
      if (JSON.stringify([...perRate].sort()) !== JSON.stringify([...totalsPerRate].sort())) failures.push(`${label}: rates differ`);
    }
    expect(failures).toEqual([]);
  });

  it('the weekly report adds up to the totals of its seven days', async () => {
    for (const [, rounding] of ROUNDINGS) {
      const body = { start_date: '2025-03-10', ...rounding };
      const weekly = await owner.api.post(url('weekly/time_entries'), body);
      const totals = await owner.api.post(url('search/time_entries/totals'), { ...body, end_date: '2025-03-16' });
      expect(weekly.status).toBe(200);
      const weeklySeconds = weekly.body.reduce((s: number, r: any) => s + r.seconds.reduce((a: number, b: number) => a + b, 0), 0);
      expect(weeklySeconds).toBe(totals.body.seconds);
      expect(weeklySeconds).toBe(expected({ start_date: '2025-03-10', end_date: '2025-03-16' }).reduce((s, e) => s + rounded(e.duration!, rounding), 0));
    }
  });

  it('grouped detailed rows hold the same entries as ungrouped ones', async () => {
    const body = { ...MARCH, rounding: 1, rounding_minutes: 15 };
    const plain = await allDetailedRows(body);
    const grouped = await allDetailedRows({ ...body, grouped: true });
    expect(grouped.length).toBeLessThan(plain.length);
    const ids = (rows: any[]) => rows.flatMap((r) => r.time_entries.map((e: any) => e.id)).sort((a, b) => a - b);
    expect(ids(grouped)).toEqual(ids(plain));
    const seconds = (rows: any[]) => rows.reduce((s, r) => s + r.time_entries.reduce((a: number, e: any) => a + e.seconds, 0), 0);
    expect(seconds(grouped)).toBe(seconds(plain));
  });
});
