// Reports API v2 answers, number by number, on four hand-checked entries (helpers/report-data
// smallReportWorkspace, owner in Europe/Berlin), and every request parameter of the reference.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clock } from '../../../src/time.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createUser, type TestUser } from '../../helpers/factories.js';
import { addWorkspaceMember, insertEntry, insertProject, insertTask, smallReportWorkspace, updateWorkspace, type SmallWorkspace } from '../../helpers/report-data.js';
import { v2ErrorMessage, v2get } from './helpers.js';

let t: TestApp;
let owner: TestUser;
let ws: SmallWorkspace;
beforeAll(async () => {
  t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0', QUOTA_ENFORCE: 'false' });
  owner = await createUser(t, { fullname: 'Ada Owner', timezone: 'Europe/Berlin' });
  ws = await smallReportWorkspace(t, owner.workspaceId, owner.user.id);
});
afterAll(async () => t.close());
afterEach(() => vi.restoreAllMocks());

type Params = Record<string, string | number | undefined>;
const WEEK: Params = { since: '2025-03-03', until: '2025-03-09' };
const get = (path: string, extra: Params = {}, who: TestUser = owner) =>
  v2get(t, { token: who.token }, path, { user_agent: 'stint-tests', workspace_id: ws.workspaceId, ...WEEK, ...extra });
/** Ids of the detailed report's entries. */
const ids = async (extra: Params) => {
  const res = await get('details', extra);
  expect(res.status, res.text).toBe(200);
  return res.body.data.map((r: { id: number }) => r.id);
};

describe('GET /details', () => {
  it('answers the totals, the count and the entries with the reference fields', async () => {
    const res = await get('details');
    expect(res.status).toBe(200);
    const [e1, e2, e3, e4] = ws.e;
    expect(res.body).toEqual({
      total_grand: 9_000_000,
      total_billable: 5_400_000,
      total_count: 4,
      per_page: 50,
      total_currencies: [{ currency: 'USD', amount: 200 }],
      data: [
        {
          id: e1, pid: ws.alpha, tid: ws.spec, uid: owner.user.id, description: 'Write spec',
          start: '2025-03-03T09:00:00+01:00', end: '2025-03-03T10:00:00+01:00', updated: '2025-03-03T09:00:00+01:00',
          dur: 3_600_000, user: 'Ada Owner', use_stop: true, client: 'Acme', project: 'Alpha',
          project_color: '0', project_hex_color: '#2da608', task: 'Spec',
          billable: 150, is_billable: true, cur: 'USD', tags: ['x'],
        },
        {
          id: e2, pid: ws.alpha, tid: null, uid: owner.user.id, description: 'Write spec',
          start: '2025-03-04T09:00:00+01:00', end: '2025-03-04T09:30:00+01:00', updated: '2025-03-04T09:00:00+01:00',
          dur: 1_800_000, user: 'Ada Owner', use_stop: true, client: 'Acme', project: 'Alpha',
          project_color: '0', project_hex_color: '#2da608', task: null,
          billable: 50, is_billable: true, cur: 'USD', tags: ['x', 'y'],
        },
        {
          id: e3, pid: ws.beta, tid: null, uid: owner.user.id, description: 'Review',
          start: '2025-03-04T11:00:00+01:00', end: '2025-03-04T11:45:00+01:00', updated: '2025-03-04T11:00:00+01:00',
          dur: 2_700_000, user: 'Ada Owner', use_stop: true, client: null, project: 'Beta',
          project_color: '0', project_hex_color: '#c9806b', task: null,
          billable: null, is_billable: false, cur: null, tags: [],
        },
        {
          id: e4, pid: null, tid: null, uid: owner.user.id, description: '',
          start: '2025-03-06T00:30:00+01:00', end: '2025-03-06T00:45:00+01:00', updated: '2025-03-06T00:30:00+01:00',
          dur: 900_000, user: 'Ada Owner', use_stop: true, client: null, project: null,
          project_color: null, project_hex_color: null, task: null,
          billable: null, is_billable: false, cur: null, tags: [],
        },
      ],
    });
    expect(res.headers['x-range-start']).toBe('2025-03-03');
    expect(res.headers.warning).toBeUndefined();
  });

  it('answers null sums and one empty currency for a period without time', async () => {
    const res = await get('details', { since: '2025-01-06', until: '2025-01-12' });
    expect(res.body).toEqual({ total_grand: null, total_billable: null, total_count: 0, per_page: 50, total_currencies: [{ currency: null, amount: null }], data: [] });
  });

  it('names v8 palette colours by index', async () => {
    const project = await insertProject(t, ws.workspaceId, 'Orange', { color: '#f68d38' });
    const entry = await insertEntry(t, ws.workspaceId, { userId: owner.user.id, projectId: project, duration: 60, start: '2025-02-03T10:00:00Z' });
    const row = (await get('details', { since: '2025-02-03', until: '2025-02-03' })).body.data[0];
    expect(row).toMatchObject({ id: entry, project_color: '3', project_hex_color: '#f68d38' });
  });

  it('orders by date, description, duration or user, ascending or descending', async () => {
    const [e1, e2, e3, e4] = ws.e;
    expect(await ids({})).toEqual([e1, e2, e3, e4]);
    expect(await ids({ order_desc: 'on' })).toEqual([e4, e3, e2, e1]);
    expect(await ids({ order_field: 'duration', order_desc: 'on' })).toEqual([e1, e3, e2, e4]);
    expect(await ids({ order_field: 'duration', order_desc: 'off' })).toEqual([e4, e2, e3, e1]);
    expect(await ids({ order_field: 'description' })).toEqual([e4, e3, e1, e2]);
    expect(await ids({ order_field: 'user' })).toEqual([e1, e2, e3, e4]);
    expect(v2ErrorMessage(await get('details', { order_field: 'title' }), 400)).toBe("Invalid 'order_field' value, allowed values are: 'date', 'description', 'duration', 'user'");
    expect(v2ErrorMessage(await get('details', { order_desc: 'yes' }), 400)).toBe("Invalid 'order_desc' value, allowed values are: 'on', 'off'");
  });

  it('pages by 50 with the total count on every page', async () => {
    const other = await createUser(t, { timezone: 'UTC' });
    const made: number[] = [];
    for (let i = 0; i < 55; i++) {
      made.push(await insertEntry(t, other.workspaceId, { userId: other.user.id, duration: 60 + i, start: `2025-03-10T${String(Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}:00Z` }));
    }
    const page = (n?: number) => v2get(t, { token: other.token }, 'details', { user_agent: 'x', workspace_id: other.workspaceId, since: '2025-03-10', until: '2025-03-10', page: n });
    const [p1, p2, p3, implicit] = await Promise.all([page(1), page(2), page(3), page()]);
    expect(p1.body.data).toHaveLength(50);
    expect(p2.body.data).toHaveLength(5);
    expect(p3.body.data).toHaveLength(0);
    for (const p of [p1, p2, p3]) expect(p).toMatchObject({ body: { total_count: 55, per_page: 50, total_grand: made.reduce((s, _, i) => s + (60 + i) * 1000, 0) } });
    expect([...p1.body.data, ...p2.body.data].map((r: { id: number }) => r.id)).toEqual(made);
    expect(implicit.body.data).toEqual(p1.body.data);
    expect(v2ErrorMessage(await page(0), 400)).toBe('Invalid page format');
  });
});

describe('the shared filters', () => {
  it('filters billable time with yes, no and both', async () => {
    const [e1, e2, e3, e4] = ws.e;
    expect(await ids({ billable: 'yes' })).toEqual([e1, e2]);
    expect(await ids({ billable: 'no' })).toEqual([e3, e4]);
    expect(await ids({ billable: 'both' })).toEqual([e1, e2, e3, e4]);
    expect(v2ErrorMessage(await get('details', { billable: 'maybe' }), 400)).toBe("Invalid 'billable' value, allowed values are: 'yes', 'no', 'both'");
  });

  it('reads id lists, with 0 for entries without a client, project, tag or task', async () => {
    const [e1, e2, e3, e4] = ws.e;
    expect(await ids({ client_ids: ws.acme })).toEqual([e1, e2]);
    expect(await ids({ client_ids: '0' })).toEqual([e3, e4]);
    expect(await ids({ client_ids: `${ws.acme},0` })).toEqual([e1, e2, e3, e4]);
    expect(await ids({ project_ids: '0' })).toEqual([e4]);
    expect(await ids({ project_ids: `${ws.beta},0` })).toEqual([e3, e4]);
    expect(await ids({ tag_ids: ws.y })).toEqual([e2]);
    expect(await ids({ tag_ids: '0' })).toEqual([e3, e4]);
    expect(await ids({ task_ids: ws.spec })).toEqual([e1]);
    expect(await ids({ task_ids: '0' })).toEqual([e2, e3, e4]);
    expect(await ids({ user_ids: owner.user.id })).toEqual([e1, e2, e3, e4]);
    expect(await ids({ user_ids: 123456 })).toEqual([]);
    expect(await ids({ time_entry_ids: `${e1},${e3}` })).toEqual([e1, e3]);
    expect(v2ErrorMessage(await get('details', { user_ids: '0' }), 400)).toBe('Invalid user_ids format');
    expect(v2ErrorMessage(await get('details', { project_ids: '1,x' }), 400)).toBe('Invalid project_ids format');
  });

  it('refuses group ids that are not numbers (group filters: groups.test.ts)', async () => {
    expect(v2ErrorMessage(await get('details', { members_of_group_ids: 'a' }), 400)).toBe('Invalid members_of_group_ids format');
    expect(v2ErrorMessage(await get('details', { or_members_of_group_ids: '1,0' }), 400)).toBe('Invalid or_members_of_group_ids format');
  });

  it('matches descriptions, and leaves out entries without one on request', async () => {
    const [e1, e2, e3, e4] = ws.e;
    expect(await ids({ description: 'SPEC' })).toEqual([e1, e2]);
    expect(await ids({ without_description: 'true' })).toEqual([e1, e2, e3]);
    expect(await ids({ without_description: 'false' })).toEqual([e1, e2, e3, e4]);
    expect(v2ErrorMessage(await get('details', { without_description: 'yes' }), 400)).toBe("Invalid 'without_description' value, allowed values are: 'true', 'false'");
  });

  it("rounds by the workspace's setting only with rounding=on", async () => {
    await updateWorkspace(t, ws.workspaceId, { rounding: 1, rounding_minutes: 60 });
    try {
      expect((await get('details')).body.total_grand).toBe(9_000_000);
      const rounded = await get('details', { rounding: 'on' });
      expect(rounded.body.total_grand).toBe(4 * 3_600_000);
      expect(rounded.body.data.map((r: { dur: number }) => r.dur)).toEqual([3_600_000, 3_600_000, 3_600_000, 3_600_000]);
      expect((await get('summary', { rounding: 'on' })).body.total_grand).toBe(4 * 3_600_000);
      expect((await get('weekly', { rounding: 'on' })).body.week_totals[7]).toBe(4 * 3_600_000);
    } finally {
      await updateWorkspace(t, ws.workspaceId, { rounding: 0, rounding_minutes: 0 });
    }
    expect(v2ErrorMessage(await get('details', { rounding: 'true' }), 400)).toBe("Invalid 'rounding' value, allowed values are: 'on', 'off'");
    expect(v2ErrorMessage(await get('details', { display_hours: 'hours' }), 400)).toBe("Invalid 'display_hours' value, allowed values are: 'decimal', 'minutes'");
  });

  it('warns about parameters it does not know, and refuses one given twice', async () => {
    const res = await get('details', { colour: 'blue' });
    expect(res.status).toBe(200);
    expect(res.headers.warning).toBe("Unknown parameter 'colour' was ignored");
    const twice = await t.app.inject({
      method: 'GET',
      url: `/reports/api/v2/details?user_agent=x&workspace_id=${ws.workspaceId}&since=2025-03-03&since=2025-03-04`,
      headers: { authorization: 'Basic ' + Buffer.from(`${owner.token}:api_token`).toString('base64') },
    });
    expect(twice.statusCode).toBe(400);
    expect(JSON.parse(twice.body).error.message).toBe("Parameter 'since' is given more than once");
  });
});

describe('since and until', () => {
  const range = async (path: string, extra: Params) => {
    const res = await v2get(t, { token: owner.token }, path, { user_agent: 'x', workspace_id: ws.workspaceId, ...extra });
    expect(res.status, res.text).toBe(200);
    return [res.headers['x-range-start'], res.headers['x-range-end']];
  };

  it("defaults to the last seven days in the user's time zone, and until to today or since + 6 days", async () => {
    // 23:30 UTC on Sunday 9 March is already Monday 10 March in Berlin.
    vi.spyOn(clock, 'now').mockReturnValue(Date.parse('2025-03-09T23:30:00Z'));
    expect(await range('details', {})).toEqual(['2025-03-04', '2025-03-10']);
    expect(await range('summary', { since: '2025-03-01' })).toEqual(['2025-03-01', '2025-03-10']);
    expect(await range('summary', { until: '2025-03-05' })).toEqual(['2025-02-27', '2025-03-05']);
    // A since in the future or more than a year ago gets a week.
    expect(await range('details', { since: '2025-04-01' })).toEqual(['2025-04-01', '2025-04-07']);
    expect(await range('details', { since: '2024-01-01' })).toEqual(['2024-01-01', '2024-01-07']);
    expect(await range('details', { since: '2024-03-11' })).toEqual(['2024-03-11', '2025-03-10']);
    // The weekly report shows seven days from since, which defaults to today - 6 days.
    expect(await range('weekly', {})).toEqual(['2025-03-04', '2025-03-10']);
    expect(await range('weekly', { since: '2025-03-03' })).toEqual(['2025-03-03', '2025-03-09']);
  });

  it('allows at most one year between since and until', async () => {
    expect(await range('details', { since: '2024-01-01', until: '2025-01-01' })).toEqual(['2024-01-01', '2025-01-01']);
    for (const path of ['details', 'summary', 'details.csv', 'summary.pdf']) {
      expect(v2ErrorMessage(await get(path, { since: '2024-01-01', until: '2025-01-02' }), 400)).toBe('Maximum date span (until - since) is one year');
    }
    expect(v2ErrorMessage(await get('details', { since: '2025-03-05', until: '2025-03-04' }), 400)).toBe('until should be greater than or equal to since');
  });

  it("refuses dates that are not dates, and dates outside Toggl's range in v2's words", async () => {
    expect(v2ErrorMessage(await get('details', { since: '2025-02-30' }), 400)).toBe('Invalid since format');
    expect(v2ErrorMessage(await get('weekly', { since: '03/03/2025' }), 400)).toBe('Invalid since format');
    expect(v2ErrorMessage(await get('summary', { until: 'today' }), 400)).toBe('Invalid until format');
    expect(v2ErrorMessage(await get('details', { since: '2005-12-01', until: '2005-12-05' }), 400)).toBe('since should be within 2006-01-01 to 2030-01-01');
  });
});

describe('GET /summary', () => {
  it('groups by project and description by default, with times, amounts and rates', async () => {
    const res = await get('summary');
    expect(res.body).toEqual({
      total_grand: 9_000_000,
      total_billable: 5_400_000,
      total_currencies: [{ currency: 'USD', amount: 200 }],
      data: [
        {
          id: ws.alpha,
          title: { project: 'Alpha', client: 'Acme', color: '0', hex_color: '#2da608' },
          time: 5_400_000,
          total_currencies: [{ currency: 'USD', amount: 200 }],
          // Two rates (task 150, project 100) made this amount, so the item has no single rate.
          items: [{ title: { time_entry: 'Write spec' }, time: 5_400_000, cur: 'USD', sum: 200, rate: null }],
        },
        {
          id: ws.beta,
          title: { project: 'Beta', client: null, color: '0', hex_color: '#c9806b' },
          time: 2_700_000,
          total_currencies: [],
          items: [{ title: { time_entry: 'Review' }, time: 2_700_000, cur: null, sum: null, rate: null }],
        },
        {
          id: null,
          title: { project: null, client: null },
          time: 900_000,
          total_currencies: [],
          items: [{ title: { time_entry: null }, time: 900_000, cur: null, sum: null, rate: null }],
        },
      ],
    });
  });

  it('splits items per rate with distinct_rates, and adds ids and time entry ids on request', async () => {
    const [e1, e2, e3] = ws.e;
    const res = await get('summary', { distinct_rates: 'on', subgrouping_ids: 'true', grouped_time_entry_ids: 'true', project_ids: ws.alpha });
    expect(res.body.data[0].items).toEqual([
      { title: { time_entry: 'Write spec' }, time: 1_800_000, cur: 'USD', sum: 50, rate: 100, ids: String(e2), time_entry_ids: String(e2) },
      { title: { time_entry: 'Write spec' }, time: 3_600_000, cur: 'USD', sum: 150, rate: 150, ids: String(e1), time_entry_ids: String(e1) },
    ]);
    const tasks = await get('summary', { subgrouping: 'tasks', subgrouping_ids: 'true', grouped_time_entry_ids: 'true' });
    expect(tasks.body.data[0].items).toEqual([
      { title: { task: 'Spec' }, time: 3_600_000, cur: 'USD', sum: 150, rate: 150, ids: String(ws.spec), time_entry_ids: String(e1) },
      { title: { task: null }, time: 1_800_000, cur: 'USD', sum: 50, rate: 100, ids: '', time_entry_ids: String(e2) },
    ]);
    expect(tasks.body.data[1].items[0]).toMatchObject({ ids: '', time_entry_ids: String(e3) });
  });

  it('groups by users or clients, with the sub-groupings the reference lists', async () => {
    const users = await get('summary', { grouping: 'users', subgrouping: 'projects' });
    expect(users.body.data).toHaveLength(1);
    expect(users.body.data[0]).toMatchObject({ id: owner.user.id, title: { user: 'Ada Owner' }, time: 9_000_000 });
    expect(users.body.data[0].items.map((i: { title: unknown; time: number }) => [i.title, i.time])).toEqual([
      [{ project: 'Alpha', client: 'Acme', color: '0', hex_color: '#2da608' }, 5_400_000],
      [{ project: 'Beta', client: null, color: '0', hex_color: '#c9806b' }, 2_700_000],
      [{ project: null, client: null }, 900_000],
    ]);
    const clients = await get('summary', { grouping: 'clients', subgrouping: 'users' });
    expect(clients.body.data.map((g: { id: number | null; title: unknown; time: number; items: { title: unknown }[] }) => [g.id, g.title, g.time, g.items.map((i) => i.title)])).toEqual([
      [ws.acme, { client: 'Acme' }, 5_400_000, [{ user: 'Ada Owner' }]],
      [null, { client: null }, 3_600_000, [{ user: 'Ada Owner' }]],
    ]);
    expect(v2ErrorMessage(await get('summary', { grouping: 'tags' }), 400)).toBe("Invalid 'grouping' value, allowed values are: 'projects', 'clients', 'users'");
    expect(v2ErrorMessage(await get('summary', { subgrouping: 'clients' }), 400)).toBe("Invalid 'subgrouping' value, allowed values are: 'time_entries', 'tasks', 'users'");
    expect(v2ErrorMessage(await get('summary', { grouping: 'users', subgrouping: 'users' }), 400)).toBe(
      "Invalid 'subgrouping' value, allowed values are: 'time_entries', 'tasks', 'projects', 'clients'",
    );
  });

  it('orders by title, duration or amount', async () => {
    const order = async (extra: Params) => (await get('summary', extra)).body.data.map((g: { id: number | null }) => g.id);
    expect(await order({})).toEqual([ws.alpha, ws.beta, null]);
    expect(await order({ order_desc: 'on' })).toEqual([null, ws.beta, ws.alpha]);
    expect(await order({ order_field: 'duration' })).toEqual([null, ws.beta, ws.alpha]);
    expect(await order({ order_field: 'duration', order_desc: 'on' })).toEqual([ws.alpha, ws.beta, null]);
    expect(await order({ order_field: 'amount', order_desc: 'on' })).toEqual([ws.alpha, ws.beta, null]);
    expect(await order({ order_field: 'amount' })).toEqual([ws.beta, null, ws.alpha]);
    expect(v2ErrorMessage(await get('summary', { order_field: 'date' }), 400)).toBe("Invalid 'order_field' value, allowed values are: 'title', 'duration', 'amount'");
  });
});

describe('GET /weekly', () => {
  it('answers seven days and the total per project and user, null where nothing was tracked', async () => {
    const res = await get('weekly', { until: undefined });
    const user = { uid: owner.user.id, title: { user: 'Ada Owner' } };
    expect(res.body).toEqual({
      total_grand: 9_000_000,
      total_billable: 5_400_000,
      total_currencies: [{ currency: 'USD', amount: 200 }],
      data: [
        {
          pid: ws.alpha,
          title: { project: 'Alpha', client: 'Acme', color: '0', hex_color: '#2da608' },
          totals: [3_600_000, 1_800_000, null, null, null, null, null, 5_400_000],
          details: [{ ...user, totals: [3_600_000, 1_800_000, null, null, null, null, null, 5_400_000] }],
        },
        {
          pid: ws.beta,
          title: { project: 'Beta', client: null, color: '0', hex_color: '#c9806b' },
          totals: [null, 2_700_000, null, null, null, null, null, 2_700_000],
          details: [{ ...user, totals: [null, 2_700_000, null, null, null, null, null, 2_700_000] }],
        },
        {
          pid: null,
          title: { project: null, client: null },
          totals: [null, null, null, 900_000, null, null, null, 900_000],
          details: [{ ...user, totals: [null, null, null, 900_000, null, null, null, 900_000] }],
        },
      ],
      week_totals: [3_600_000, 4_500_000, null, 900_000, null, null, null, 9_000_000],
    });
    expect(res.headers.warning).toBeUndefined();
    expect((await get('weekly')).headers.warning).toBe("The weekly report shows 7 days from 'since'; 'until' was ignored");
  });

  it('groups by users, and calculates earnings per currency', async () => {
    const res = await get('weekly', { until: undefined, grouping: 'users', calculate: 'earnings' });
    expect(res.body.data).toEqual([
      {
        uid: owner.user.id,
        title: { user: 'Ada Owner' },
        totals: [{ currency: 'USD', amount: [150, 50, null, 0, null, null, null, 200] }],
        details: [
          { pid: ws.alpha, title: { project: 'Alpha', client: 'Acme', color: '0', hex_color: '#2da608' }, totals: [{ currency: 'USD', amount: [150, 50, null, null, null, null, null, 200] }] },
          { pid: ws.beta, title: { project: 'Beta', client: null, color: '0', hex_color: '#c9806b' }, totals: [{ currency: 'USD', amount: [null, 0, null, null, null, null, null, 0] }] },
          { pid: null, title: { project: null, client: null }, totals: [{ currency: 'USD', amount: [null, null, null, 0, null, null, null, 0] }] },
        ],
      },
    ]);
    expect(res.body.week_totals).toEqual([{ currency: 'USD', amount: [150, 50, null, 0, null, null, null, 200] }]);
    expect(v2ErrorMessage(await get('weekly', { calculate: 'amounts' }), 400)).toBe("Invalid 'calculate' value, allowed values are: 'time', 'earnings'");
    expect(v2ErrorMessage(await get('weekly', { grouping: 'clients' }), 400)).toBe("Invalid 'grouping' value, allowed values are: 'users', 'projects'");
  });

  it('orders by title, a day or the week total', async () => {
    const order = async (extra: Params) => (await get('weekly', { until: undefined, ...extra })).body.data.map((g: { pid: number | null }) => g.pid);
    expect(await order({ order_desc: 'on' })).toEqual([null, ws.beta, ws.alpha]);
    expect(await order({ order_field: 'week_total', order_desc: 'on' })).toEqual([ws.alpha, ws.beta, null]);
    expect(await order({ order_field: 'day2' })).toEqual([null, ws.alpha, ws.beta]);
    expect(await order({ order_field: 'day2', order_desc: 'on' })).toEqual([ws.beta, ws.alpha, null]);
    expect(await order({ order_field: 'day4', order_desc: 'on' })).toEqual([null, ws.alpha, ws.beta]);
    expect(v2ErrorMessage(await get('weekly', { order_field: 'day8' }), 400)).toMatch(/^Invalid 'order_field' value, allowed values are: 'title', 'day1'/);
  });
});

describe('GET /project', () => {
  it("answers the project's totals, members, top tasks and a page of its tasks", async () => {
    const res = await get('project', { project_id: ws.alpha });
    expect(res.body).toEqual({
      name: 'Alpha',
      duration: 5_400_000,
      duration_without_task: 1_800_000,
      billable_duration: 5_400_000,
      billable_amount: 200,
      tasks_count: 1,
      currency: 'USD',
      estimated_seconds: null,
      task_estimated_seconds: null,
      use_task_estimated_seconds: false,
      tasks_per_page: 10,
      users: [{ name: 'Ada Owner', duration: 5_400_000, billable_duration: 5_400_000, billable_amount: 200 }],
      top_tasks: [{ duration: 3_600_000, billable_amount: 150, name: 'Spec', estimated_seconds: null, asignee: null }],
      tasks_page: [{ name: 'Spec', assignee: null, estimated_seconds: null, duration: 3_600_000, billable_amount: 150 }],
    });
  });

  it('pages and orders the tasks, sums the small ones in top_tasks, and reads estimates and assignees', async () => {
    const helper = await createUser(t, { fullname: 'Hal Helper' });
    await addWorkspaceMember(t, ws.workspaceId, helper.user.id);
    const project = await insertProject(t, ws.workspaceId, 'Big', { billable: true, rate: 60 });
    const tasks: number[] = [];
    for (let i = 1; i <= 12; i++) tasks.push(await insertTask(t, ws.workspaceId, project, `Task ${String(i).padStart(2, '0')}`));
    await t.database.db.updateTable('tasks').set({ estimated_seconds: 7200 }).where('id', 'in', tasks.slice(0, 3)).execute();
    await t.database.db.updateTable('tasks').set({ user_id: helper.user.id }).where('id', '=', tasks[0]!).execute();
    await t.database.db.updateTable('projects').set({ estimated_seconds: 36_000, auto_estimates: 1 }).where('id', '=', project).execute();
    // Task 01: 5 h (owner), task 02: 3 h (helper), tasks 03–12: 6 min each, and 1 h without a task.
    await insertEntry(t, ws.workspaceId, { userId: owner.user.id, projectId: project, taskId: tasks[0], billable: true, duration: 18_000, start: '2025-02-10T08:00:00Z' });
    await insertEntry(t, ws.workspaceId, { userId: helper.user.id, projectId: project, taskId: tasks[1], duration: 10_800, start: '2025-02-11T08:00:00Z' });
    for (let i = 2; i < 12; i++) {
      await insertEntry(t, ws.workspaceId, { userId: owner.user.id, projectId: project, taskId: tasks[i], duration: 360, start: `2025-02-12T${String(i).padStart(2, '0')}:00:00Z` });
    }
    await insertEntry(t, ws.workspaceId, { userId: helper.user.id, projectId: project, duration: 3600, start: '2025-02-13T08:00:00Z' });

    const res = await get('project', { project_id: project });
    expect(res.body).toMatchObject({
      name: 'Big',
      duration: (18_000 + 10_800 + 3600 + 3600) * 1000,
      duration_without_task: 3_600_000,
      billable_duration: 18_000_000,
      billable_amount: 300,
      tasks_count: 12,
      estimated_seconds: 21_600,
      task_estimated_seconds: 21_600,
      use_task_estimated_seconds: true,
      users: [
        { name: 'Ada Owner', duration: 21_600_000, billable_duration: 18_000_000, billable_amount: 300 },
        { name: 'Hal Helper', duration: 14_400_000, billable_duration: 0, billable_amount: 0 },
      ],
      top_tasks: [
        { name: 'Task 01', duration: 18_000_000, billable_amount: 300, estimated_seconds: 7200, asignee: 'Hal Helper' },
        { name: 'Task 02', duration: 10_800_000, billable_amount: 0, estimated_seconds: 7200, asignee: null },
        // "Sum of Others": the ten small tasks together.
        { name: null, duration: 3_600_000, billable_amount: 0, estimated_seconds: null, asignee: null },
      ],
    });
    expect(res.body.tasks_page.map((p: { name: string }) => p.name)).toEqual(tasks.slice(0, 10).map((_, i) => `Task ${String(i + 1).padStart(2, '0')}`));
    const page2 = await get('project', { project_id: project, page: 2 });
    expect(page2.body.tasks_page.map((p: { name: string }) => p.name)).toEqual(['Task 11', 'Task 12']);
    const byDuration = await get('project', { project_id: project, order_field: 'duration', order_desc: 'on' });
    expect(byDuration.body.tasks_page.slice(0, 3)).toEqual([
      { name: 'Task 01', assignee: 'Hal Helper', estimated_seconds: 7200, duration: 18_000_000, billable_amount: 300 },
      { name: 'Task 02', assignee: null, estimated_seconds: 7200, duration: 10_800_000, billable_amount: 0 },
      { name: 'Task 03', assignee: null, estimated_seconds: 7200, duration: 360_000, billable_amount: 0 },
    ]);
    const byAssignee = await get('project', { project_id: project, order_field: 'assignee' });
    expect(byAssignee.body.tasks_page[0].name).toBe('Task 01');
    expect(v2ErrorMessage(await get('project', { project_id: project, order_field: 'title' }), 400)).toBe(
      "Invalid 'order_field' value, allowed values are: 'name', 'assignee', 'duration', 'billable_amount', 'estimated_seconds'",
    );
  });

  it('answers a project without time with zeros', async () => {
    const res = await get('project', { project_id: ws.gamma });
    expect(res.body).toMatchObject({ name: 'Gamma', duration: 0, billable_duration: 0, billable_amount: 0, tasks_count: 0, users: [], top_tasks: [], tasks_page: [] });
  });
});
