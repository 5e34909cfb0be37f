import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createUser, type TestUser } from '../../helpers/factories.js';
import {
  addWorkspaceMember,
  insertEntry,
  insertProject,
  insertTask,
  smallReportWorkspace,
  updateWorkspace,
  type SmallWorkspace,
} from '../../helpers/report-data.js';

let t: TestApp;
let owner: TestUser;
let ws: SmallWorkspace;
beforeAll(async () => {
  t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0' });
  owner = await createUser(t, { fullname: 'Ada Example', timezone: 'Europe/Berlin' });
  ws = await smallReportWorkspace(t, owner.workspaceId, owner.user.id);
});
afterAll(async () => t.close());

const MARCH = { start_date: '2025-03-01', end_date: '2025-03-31' };
const path = (op: string, wid = ws.workspaceId) => `/reports/api/v3/workspace/${wid}/${op}`;
const detailed = (body: unknown, u: TestUser = owner) => u.api.post(path('search/time_entries'), body);

describe('detailed report', () => {
  it('answers one row per entry in Toggl’s shape, times in the user’s offset', async () => {
    const res = await detailed(MARCH);
    expect(res.status).toBe(200);
    expect(res.headers['x-page-size']).toBe('50');
    expect(res.headers['x-range-start']).toBe('2025-03-01');
    expect(res.headers['x-next-id']).toBeUndefined();
    expect(res.body).toHaveLength(4);
    const [first] = res.body;
    expect(Object.keys(first)).toEqual([
      'user_id',
      'username',
      'project_id',
      'task_id',
      'billable',
      'description',
      'tag_ids',
      'billable_amount_in_cents',
      'hourly_rate_in_cents',
      'currency',
      'time_entries',
      'row_number',
    ]);
    expect(first).toEqual({
      user_id: owner.user.id,
      username: 'Ada Example',
      project_id: ws.alpha,
      task_id: ws.spec,
      billable: true,
      description: 'Write spec',
      tag_ids: [ws.x],
      // The task's rate (150/h) outranks the project's (100/h).
      billable_amount_in_cents: 15000,
      hourly_rate_in_cents: 15000,
      currency: 'USD',
      time_entries: [{ id: ws.e[0], seconds: 3600, start: '2025-03-03T09:00:00+01:00', stop: '2025-03-03T10:00:00+01:00', at: '2025-03-03T08:00:00+00:00', at_tz: '2025-03-03T09:00:00+01:00' }],
      row_number: 1,
    });
    expect(res.body.map((r: any) => [r.description, r.billable_amount_in_cents, r.hourly_rate_in_cents])).toEqual([
      ['Write spec', 15000, 15000],
      ['Write spec', 5000, 10000],
      ['Review', null, null],
      ['', null, null],
    ]);
  });

  it('adds names with enrich_response', async () => {
    const res = await detailed({ ...MARCH, enrich_response: true });
    expect(res.body[1]).toMatchObject({
      email: owner.email,
      project_name: 'Alpha',
      project_hex: '#2da608',
      client_name: 'Acme',
      task_name: null,
      tag_names: ['x', 'y'],
    });
    expect(res.body[0].task_name).toBe('Spec');
  });

  it('hides amounts with hide_amounts', async () => {
    const res = await detailed({ ...MARCH, hide_amounts: true });
    for (const row of res.body) {
      expect(row.billable_amount_in_cents).toBeNull();
      expect(row.hourly_rate_in_cents).toBeNull();
    }
  });

  it.each([
    ['date', 'ASC', [0, 1, 2, 3]],
    ['date', 'DESC', [3, 2, 1, 0]],
    ['duration', 'ASC', [3, 1, 2, 0]],
    ['duration', 'desc', [0, 2, 1, 3]],
    ['description', 'ASC', [3, 2, 0, 1]],
  ] as const)('orders by %s %s', async (order_by, order_dir, expected) => {
    const res = await detailed({ ...MARCH, order_by, order_dir });
    expect(res.body.map((r: any) => r.time_entries[0].id)).toEqual(expected.map((i) => ws.e[i]));
    expect(res.body.map((r: any) => r.row_number)).toEqual([1, 2, 3, 4]);
  });

  it('orders by user and by last update', async () => {
    const other = await createUser(t, { fullname: 'Aaron Early' });
    await addWorkspaceMember(t, ws.workspaceId, other.user.id);
    const e5 = await insertEntry(t, ws.workspaceId, { userId: other.user.id, duration: 60, start: '2025-03-20T08:00:00Z', at: Date.parse('2025-03-01T00:00:00Z') });
    try {
      const byUser = await detailed({ ...MARCH, order_by: 'user' });
      expect(byUser.body[0].time_entries[0].id).toBe(e5);
      const byUpdate = await detailed({ ...MARCH, order_by: 'last_update' });
      expect(byUpdate.body[0].time_entries[0].id).toBe(e5);
    } finally {
      await t.database.db.deleteFrom('time_entries').where('id', '=', e5).execute();
    }
  });

  it('merges entries with grouped: true', async () => {
    const res = await detailed({ ...MARCH, grouped: true });
    // e1 and e2 differ in task and tags, so nothing merges here; add a twin of e3.
    expect(res.body).toHaveLength(4);
    const twin = await insertEntry(t, ws.workspaceId, { userId: owner.user.id, projectId: ws.beta, description: 'Review', duration: 600, start: '2025-03-10T10:00:00Z' });
    try {
      const grouped = await detailed({ ...MARCH, grouped: true });
      expect(grouped.body).toHaveLength(4);
      const review = grouped.body.find((r: any) => r.description === 'Review');
      expect(review.time_entries.map((e: any) => [e.id, e.seconds])).toEqual([
        [ws.e[2], 2700],
        [twin, 600],
      ]);
    } finally {
      await t.database.db.deleteFrom('time_entries').where('id', '=', twin).execute();
    }
  });

  it('pages with X-Next-* headers, and the last page carries none even when exactly full', async () => {
    const p1 = await detailed({ ...MARCH, page_size: 2 });
    expect(p1.body.map((r: any) => r.row_number)).toEqual([1, 2]);
    expect(p1.headers['x-page-size']).toBe('2');
    expect(p1.headers['x-next-row-number']).toBe('3');
    expect(p1.headers['x-next-id']).toBe(String(ws.e[2]));
    expect(p1.headers['x-next-timestamp']).toBe(String(Date.parse('2025-03-04T10:00:00Z') / 1000));
    // Clients send all three values back; Stint keys on first_row_number.
    const p2 = await detailed({ ...MARCH, page_size: 2, first_row_number: 3, first_id: ws.e[2], first_timestamp: 1741082400 });
    expect(p2.body.map((r: any) => [r.row_number, r.time_entries[0].id])).toEqual([
      [3, ws.e[2]],
      [4, ws.e[3]],
    ]);
    expect(p2.headers['x-next-id']).toBeUndefined();
    expect(p2.headers['x-next-row-number']).toBeUndefined();
    expect(p2.headers['x-next-timestamp']).toBeUndefined();
    const onlyRow = await detailed({ ...MARCH, page_size: 2, first_row_number: 3 });
    expect(onlyRow.body).toEqual(p2.body);
    const past = await detailed({ ...MARCH, first_row_number: 9 });
    expect(past.body).toEqual([]);
  });
});

describe('description filter', () => {
  it('matches a part of the description, any case, with % and _ taken literally', async () => {
    const u = await createUser(t);
    const wid = u.workspaceId;
    for (const description of ['100% done', '1000 done', 'snake_case', 'snakeXcase', 'Done']) {
      await insertEntry(t, wid, { userId: u.user.id, description, duration: 60, start: '2025-03-03T08:00:00Z' });
    }
    const match = async (description: string) =>
      (await u.api.post(path('search/time_entries', wid), { ...MARCH, description })).body.map((r: any) => r.description).sort();
    expect(await match('100%')).toEqual(['100% done']);
    expect(await match('_case')).toEqual(['snake_case']);
    expect(await match('DONE')).toEqual(['100% done', '1000 done', 'Done']);
  });
});

describe('detailed totals', () => {
  it('sums the report, with rates, tracked days and an empty graph by default', async () => {
    const res = await owner.api.post(path('search/time_entries/totals'), MARCH);
    expect(res.status).toBe(200);
    expect(res.headers['x-range-end']).toBe('2025-03-31');
    expect(res.body).toEqual({
      seconds: 9000,
      billable_amount_in_cents: 20000,
      labour_cost_in_cents: 0,
      tracked_days: 3,
      resolution: 'day',
      graph: [],
      rates: [
        { billable_seconds: 1800, currency: 'USD', hourly_rate_in_cents: 10000 },
        { billable_seconds: 3600, currency: 'USD', hourly_rate_in_cents: 15000 },
      ],
    });
  });

  it('draws one zero-filled bucket per day, week or month from start_date', async () => {
    const days = await owner.api.post(path('search/time_entries/totals'), { ...MARCH, with_graph: true });
    expect(days.body.graph).toHaveLength(31);
    expect(days.body.graph[2]).toEqual({ seconds: 3600, by_rate: { '15000': 3600 }, billable_amount_in_cents: 15000, labour_cost_in_cents: 0 });
    expect(days.body.graph[3]).toEqual({ seconds: 4500, by_rate: { '10000': 1800 }, billable_amount_in_cents: 5000, labour_cost_in_cents: 0 });
    expect(days.body.graph[5].seconds).toBe(900);
    expect(days.body.graph[0]).toEqual({ seconds: 0, by_rate: {}, billable_amount_in_cents: 0, labour_cost_in_cents: 0 });

    const weeks = await owner.api.post(path('search/time_entries/totals'), { ...MARCH, with_graph: true, granularity: 'week' });
    expect(weeks.body.resolution).toBe('week');
    expect(weeks.body.graph.map((b: any) => b.seconds)).toEqual([9000, 0, 0, 0, 0]);

    const year = await owner.api.post(path('search/time_entries/totals'), { start_date: '2025-01-01', end_date: '2025-12-31', with_graph: true });
    expect(year.body.resolution).toBe('month');
    expect(year.body.graph.map((b: any) => b.seconds)).toEqual([0, 0, 9000, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

    const quarter = await owner.api.post(path('search/time_entries/totals'), { start_date: '2025-02-01', end_date: '2025-04-30', with_graph: true, resolution: 'month' });
    expect(quarter.body.graph.map((b: any) => b.seconds)).toEqual([0, 9000, 0]);
  });
});

describe('local days across a daylight-saving change', () => {
  it('buckets entries on the local day in SQL too', async () => {
    const u = await createUser(t, { timezone: 'America/New_York' });
    // 23:30 on 8 March (UTC−5) and 00:30 on 10 March (UTC−4, after the change on the 9th).
    await insertEntry(t, u.workspaceId, { userId: u.user.id, duration: 600, start: '2025-03-09T04:30:00Z' });
    await insertEntry(t, u.workspaceId, { userId: u.user.id, duration: 1200, start: '2025-03-10T04:30:00Z' });
    const res = await u.api.post(path('search/time_entries/totals', u.workspaceId), { start_date: '2025-03-08', end_date: '2025-03-10', with_graph: true });
    expect(res.body.graph.map((b: any) => b.seconds)).toEqual([600, 0, 1200]);
    expect(res.body.tracked_days).toBe(2);
    const weekly = await u.api.post(path('weekly/time_entries', u.workspaceId), { start_date: '2025-03-08' });
    expect(weekly.body[0].seconds).toEqual([600, 0, 1200, 0, 0, 0, 0]);
  });
});

describe('weekly report', () => {
  it('answers seven days per user and project from start_date', async () => {
    const res = await owner.api.post(path('weekly/time_entries'), { start_date: '2025-03-03' });
    expect(res.status).toBe(200);
    expect(res.headers['x-range-start']).toBe('2025-03-03');
    expect(res.headers['x-range-end']).toBe('2025-03-09');
    expect(res.body).toEqual([
      {
        user_id: owner.user.id,
        project_id: ws.alpha,
        planned_task_id: null,
        seconds: [3600, 1800, 0, 0, 0, 0, 0],
        billable_seconds: [3600, 1800, 0, 0, 0, 0, 0],
        billable_amounts_in_cents: [15000, 5000, 0, 0, 0, 0, 0],
        // Two rates (task and project) apply within the row.
        hourly_rate_in_cents: null,
        currency: 'USD',
        user_name: 'Ada Example',
        project_name: 'Alpha',
        client_name: 'Acme',
        project_color: '0',
        project_hex_color: '#2da608',
      },
      expect.objectContaining({ project_id: ws.beta, seconds: [0, 2700, 0, 0, 0, 0, 0], hourly_rate_in_cents: null, client_name: null }),
      expect.objectContaining({ project_id: null, seconds: [0, 0, 0, 900, 0, 0, 0], project_name: null, project_color: null }),
    ]);
  });

  it("defaults to the current week starting on the user's beginning_of_week", async () => {
    await t.database.db.updateTable('users').set({ beginning_of_week: 0 }).where('id', '=', owner.user.id).execute();
    try {
      const res = await owner.api.post(path('weekly/time_entries'), { billable: true });
      const start = new Date(`${res.headers['x-range-start']}T00:00:00Z`);
      expect(start.getUTCDay()).toBe(0);
      expect((Date.parse(`${res.headers['x-range-end']}T00:00:00Z`) - start.getTime()) / 86400000).toBe(6);
    } finally {
      await t.database.db.updateTable('users').set({ beginning_of_week: 1 }).where('id', '=', owner.user.id).execute();
    }
  });
});

describe('project summaries', () => {
  it('lists tracked and billable seconds per project and user', async () => {
    const res = await owner.api.post(path('projects/summary'), MARCH);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { billable_seconds: 5400, project_id: ws.alpha, tracked_seconds: 5400, user_id: owner.user.id },
      { billable_seconds: 0, project_id: ws.beta, tracked_seconds: 2700, user_id: owner.user.id },
    ]);
  });

  it("loads one project's totals with its graph", async () => {
    const res = await owner.api.post(path(`projects/${ws.alpha}/summary`), { start_date: '2025-03-01', end_date: '2025-03-07' });
    expect(res.status).toBe(200);
    expect(res.body.seconds).toBe(5400);
    expect(res.body.billable_amount_in_cents).toBe(20000);
    expect(res.body.graph.map((b: any) => b.seconds)).toEqual([0, 0, 3600, 1800, 0, 0, 0]);
  });

  it('refuses a project of another workspace or an unknown one', async () => {
    const other = await createUser(t);
    const foreign = await insertProject(t, other.workspaceId, 'Foreign');
    for (const id of [foreign, 999999]) {
      const res = await owner.api.post(path(`projects/${id}/summary`), MARCH);
      expect(res.status).toBe(403);
      expect(res.body).toBe('project not found or not accessible');
    }
  });
});

describe('hourly rate precedence: task → project user → project → workspace user → workspace', () => {
  it('picks the first rate that is set, per entry', async () => {
    const boss = await createUser(t, { fullname: 'Rate Owner' });
    const wid = boss.workspaceId;
    const worker = await createUser(t);
    await addWorkspaceMember(t, wid, worker.user.id, { rate: 40 });
    await updateWorkspace(t, wid, { default_hourly_rate: 10, default_currency: 'EUR' });
    const rated = await insertProject(t, wid, 'Rated', { rate: 60, currency: 'GBP', members: [{ userId: worker.user.id, rate: 70 }] });
    const unrated = await insertProject(t, wid, 'Unrated');
    const taskRated = await insertTask(t, wid, rated, 'Task with rate', 90);
    const entry = (userId: number, projectId: number | null, taskId: number | null, description: string) =>
      insertEntry(t, wid, { userId, projectId, taskId, description, billable: true, duration: 1800, start: '2025-03-03T08:00:00Z' });
    await entry(worker.user.id, rated, taskRated, 'task');
    await entry(worker.user.id, rated, null, 'project user');
    await entry(boss.user.id, rated, null, 'project');
    await entry(worker.user.id, unrated, null, 'workspace user');
    await entry(boss.user.id, null, null, 'workspace');
    const res = await boss.api.post(path('search/time_entries', wid), { ...MARCH, order_by: 'description' });
    const rates = Object.fromEntries(res.body.map((r: any) => [r.description, [r.hourly_rate_in_cents, r.billable_amount_in_cents, r.currency]]));
    expect(rates).toEqual({
      task: [9000, 4500, 'GBP'],
      'project user': [7000, 3500, 'GBP'],
      project: [6000, 3000, 'GBP'],
      'workspace user': [4000, 2000, 'EUR'],
      workspace: [1000, 500, 'EUR'],
    });
    const totals = await boss.api.post(path('search/time_entries/totals', wid), MARCH);
    expect(totals.body.rates).toEqual([
      { billable_seconds: 1800, currency: 'EUR', hourly_rate_in_cents: 1000 },
      { billable_seconds: 1800, currency: 'EUR', hourly_rate_in_cents: 4000 },
      { billable_seconds: 1800, currency: 'GBP', hourly_rate_in_cents: 6000 },
      { billable_seconds: 1800, currency: 'GBP', hourly_rate_in_cents: 7000 },
      { billable_seconds: 1800, currency: 'GBP', hourly_rate_in_cents: 9000 },
    ]);
  });
});
