import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clock } from '../../../src/time.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createUser, type TestUser } from '../../helpers/factories.js';
import { insertClient, insertProject, insertTask } from './time-entries.fixtures.js';

// GET /me/time_entries: sync with `since`, the date filters read in the user's time zone, the
// default window, and the cost of a page.

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());
afterEach(() => vi.restoreAllMocks());

const at = (iso: string) => vi.spyOn(clock, 'now').mockReturnValue(Date.parse(iso));
const create = (u: TestUser, body: Record<string, unknown>) =>
  u.api.post(`/api/v9/workspaces/${u.workspaceId}/time_entries`, { created_with: 'stint-tests', ...body });
const list = async (u: TestUser, query: string) => {
  const res = await u.api.get(`/api/v9/me/time_entries${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body as any[];
};
const descriptions = (entries: any[]) => entries.map((e) => e.description);

describe('since', () => {
  it('returns what changed since then, deletions included, as `at` moves on every change', async () => {
    const u = await createUser(t);
    at('2024-06-01T10:00:00Z');
    const a = (await create(u, { description: 'a', start: '2024-06-01T08:00:00Z', duration: 60 })).body;
    const b = (await create(u, { description: 'b', start: '2024-06-01T09:00:00Z', duration: 60 })).body;
    const c = (await create(u, { description: 'c', start: '2024-06-01T09:30:00Z', duration: -1 })).body;
    at('2024-06-01T11:00:00Z');
    await u.api.put(`/api/v9/workspaces/${u.workspaceId}/time_entries/${a.id}`, { description: 'a2' });
    await u.api.delete(`/api/v9/workspaces/${u.workspaceId}/time_entries/${b.id}`);
    await u.api.patch(`/api/v9/workspaces/${u.workspaceId}/time_entries/${c.id}/stop`);

    const changed = await list(u, `?since=${Date.parse('2024-06-01T10:30:00Z') / 1000}`);
    expect(changed.map((e) => [e.id, e.description, e.server_deleted_at])).toEqual([
      [c.id, 'c', null],
      [b.id, 'b', '2024-06-01T11:00:00+00:00'],
      [a.id, 'a2', null],
    ]);
    expect(changed.every((e) => e.at === '2024-06-01T11:00:00.000000Z')).toBe(true);
    expect(await list(u, `?since=${Date.parse('2024-06-01T11:00:01Z') / 1000}`)).toEqual([]);
    expect(await list(u, '?since=0')).toHaveLength(3);
  });
});

describe('filters', () => {
  it.each([
    ['?since=1&before=2024-01-01', "'since' and 'before' can not be present simultaneously"],
    ['?since=1&start_date=2024-01-01&end_date=2024-01-02', "'since' and 'start_date' can not be present simultaneously"],
    ['?since=1&end_date=2024-01-02', "'since' and 'end_date' can not be present simultaneously"],
    ['?before=2024-01-01&start_date=2024-01-01&end_date=2024-01-02', "'before' and 'start_date' can not be present simultaneously"],
    ['?start_date=2024-01-01', 'end_date should not be empty'],
    ['?end_date=2024-01-01', 'start_date should not be empty'],
    ['?start_date=2024-01-05&end_date=2024-01-01', 'start_date should come before end_date'],
    ['?start_date=2024-01-32&end_date=2024-02-01', "Invalid 'start_date' value"],
    ['?start_date=2024-01-01&end_date=soon', "Invalid 'end_date' value"],
    ['?before=last%20week', "Invalid 'before' value"],
    ['?since=yesterday', "Invalid query parameter 'since': must be integer"],
  ])('refuses %s', async (query, message) => {
    const u = await createUser(t);
    const res = await u.api.get(`/api/v9/me/time_entries${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
  });

  it('reads dates in the user time zone, across a DST change, and orders newest first', async () => {
    const u = await createUser(t, { timezone: 'America/New_York' });
    // 2024-03-10 is the day New York moves from EST (−5) to EDT (−4).
    for (const [description, start] of [
      ['sat late', '2024-03-10T04:30:00Z'], // 2024-03-09 23:30 EST
      ['sun early', '2024-03-10T05:30:00Z'], // 2024-03-10 00:30 EST
      ['sun late', '2024-03-11T03:30:00Z'], // 2024-03-10 23:30 EDT
      ['mon early', '2024-03-11T04:30:00Z'], // 2024-03-11 00:30 EDT
    ]) {
      expect((await create(u, { description, start, duration: 60 })).status).toBe(200);
    }
    expect(descriptions(await list(u, '?start_date=2024-03-10&end_date=2024-03-10'))).toEqual(['sun late', 'sun early']);
    expect(descriptions(await list(u, '?start_date=2024-03-09&end_date=2024-03-11'))).toEqual(['mon early', 'sun late', 'sun early', 'sat late']);
    expect(descriptions(await list(u, '?before=2024-03-10'))).toEqual(['sat late']);
    expect(descriptions(await list(u, '?before=2024-03-11'))).toEqual(['sun late', 'sun early', 'sat late']);
    // Timestamps are instants; an unencoded "+" arrives as a space and is read back.
    expect(descriptions(await list(u, '?start_date=2024-03-10T05:30:00Z&end_date=2024-03-11T03:30:00%2B00:00'))).toEqual(['sun late', 'sun early']);
    expect(descriptions(await list(u, '?before=2024-03-10T06:00:00+01:00'))).toEqual(['sat late']);
  });

  it('without filters lists what started in the last 9 days, without deleted entries', async () => {
    const u = await createUser(t);
    at('2024-06-20T12:00:00Z');
    await create(u, { description: 'old', start: '2024-06-05T09:00:00Z', duration: 60 });
    await create(u, { description: 'recent', start: '2024-06-19T09:00:00Z', duration: 60 });
    const gone = (await create(u, { description: 'deleted', start: '2024-06-19T10:00:00Z', duration: 60 })).body;
    await u.api.delete(`/api/v9/workspaces/${u.workspaceId}/time_entries/${gone.id}`);
    expect(descriptions(await list(u, ''))).toEqual(['recent']);
    expect(descriptions(await list(u, '?start_date=2024-06-01&end_date=2024-06-30'))).toEqual(['recent', 'old']);
  });

  it('lists only the caller’s entries in workspaces they still belong to', async () => {
    const u = await createUser(t);
    const other = await createUser(t);
    await create(other, { description: 'not yours', start: '2024-06-01T09:00:00Z', duration: 60 });
    const mine = (await create(u, { description: 'mine', start: '2024-06-01T09:00:00Z', duration: -1 })).body;
    expect(descriptions(await list(u, '?since=0'))).toEqual(['mine']);
    await t.database.db.updateTable('workspace_users').set({ deleted_at: Date.now() }).where('user_id', '=', u.user.id).execute();
    expect(await list(u, '?since=0')).toEqual([]);
    expect((await u.api.get(`/api/v9/me/time_entries/${mine.id}`)).status).toBe(404);
    expect((await u.api.get('/api/v9/me/time_entries/current')).text).toBe('null');
  });
});

describe('cost of a page', () => {
  it('loads tags, projects, clients and tasks in batches, not per entry', async () => {
    const u = await createUser(t);
    const clientId = await insertClient(t, u.workspaceId, 'Batch client');
    const projects = [await insertProject(t, u.workspaceId, 'P1', { clientId }), await insertProject(t, u.workspaceId, 'P2')];
    const tasks = [await insertTask(t, u.workspaceId, projects[0]!, 'T1'), await insertTask(t, u.workspaceId, projects[1]!, 'T2')];
    // Every executor (also those pinned to one connection) shares this prototype.
    const executors = Object.getPrototypeOf(t.database.db.getExecutor());
    const queriesFor = async (query: string) => {
      const spy = vi.spyOn(executors, 'executeQuery');
      const entries = await list(u, query);
      const count = spy.mock.calls.length;
      spy.mockRestore();
      return { entries, count };
    };

    for (let i = 0; i < 3; i++) {
      await create(u, { start: `2024-05-01T0${i}:00:00Z`, duration: 60, task_id: tasks[i % 2], tags: [`tag ${i}`, 'common'] });
    }
    const small = await queriesFor('?start_date=2024-05-01&end_date=2024-05-31&meta=true');
    expect(small.entries).toHaveLength(3);

    for (let i = 3; i < 100; i++) {
      const start = new Date(Date.parse('2024-05-02T00:00:00Z') + i * 3600_000).toISOString();
      await create(u, { start, duration: 60, task_id: tasks[i % 2], tags: [`tag ${i}`, 'common'] });
    }
    const page = await queriesFor('?start_date=2024-05-01&end_date=2024-05-31&meta=true');
    expect(page.entries).toHaveLength(100);
    expect(small.count).toBeGreaterThan(3); // the spy does see the page's queries
    expect(page.count).toBe(small.count);
    expect(page.entries.at(-1)).toMatchObject({ client_name: 'Batch client', project_name: 'P1', task_name: 'T1', tags: ['tag 0', 'common'] });
  });
});
