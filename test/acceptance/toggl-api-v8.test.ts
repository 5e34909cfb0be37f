/**
 * Issue 6's acceptance: the published Track v8 / Reports v2 client library (npm `toggl-api` 1.0.2,
 * "Toggl API for Node.js"), configured only with Stint's URLs, signs up, logs in with a session,
 * keeps a catalog and a timesheet, and reads the weekly, detailed and summary reports.
 *
 * The library reads its base URLs from options (`apiUrl`, `reportsUrl`), also settable as defaults
 * with `TogglClient.setDefaults` (which its static `createUser` uses). It appends `/api/v2/...` to
 * `reportsUrl` for reports, so the Reports v2 base it needs is `<Stint>/reports`. A client built
 * with e-mail and password authenticates once with Basic auth on GET /api/v8/me and sends only the
 * session cookie afterwards; the Reports API takes the API token, as the v2 reference demands.
 *
 * One bug of 1.0.2 itself is worked around, the same against Toggl as against Stint: `authenticate()`
 * hands its own request to `apiRequest`, which refuses any request while the client has neither an
 * API token nor `authData` ("Authenticate first"), so the password login can never start. Seeding
 * the client's public `authData` field with an empty object lets that first request through; from
 * then on the library runs its own session code unchanged (Basic auth on /me, cookie jar after).
 */
import { promisify } from 'node:util';
import TogglClient from 'toggl-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { migrateToLatest } from '../../src/db/migrations/index.js';
import { openTestDatabase } from '../helpers/app.js';

let close: () => Promise<void>;
let baseUrl: string;
/** Every request the library made, as Stint saw it. */
const seen: { method: string; url: string; basic: boolean; cookie: boolean; status: number }[] = [];

beforeAll(async () => {
  const config = loadConfig({});
  const { database, drop } = await openTestDatabase();
  await migrateToLatest(database.db, database.dialect);
  const built = await buildApp({ config, database, logger: false });
  built.app.addHook('onResponse', async (request, reply) => {
    seen.push({
      method: request.method,
      url: request.url,
      basic: /^Basic /i.test(request.headers.authorization ?? ''),
      cookie: (request.headers.cookie ?? '') !== '',
      status: reply.statusCode,
    });
  });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const address = built.app.server.address();
  if (!address || typeof address === 'string') throw new Error('Stint did not listen on a TCP port');
  baseUrl = `http://127.0.0.1:${address.port}`;
  TogglClient.setDefaults({ apiUrl: baseUrl, reportsUrl: `${baseUrl}/reports` });
  close = async () => {
    await built.app.close();
    await database.close();
    await drop();
  };
});
afterAll(async () => close?.());

/** A library method as a promise. */
function call<T>(client: TogglClient, method: keyof TogglClient, ...args: unknown[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    (client[method] as (...a: unknown[]) => void).call(client, ...args, (err: Error | null, data: T) => (err ? reject(err) : resolve(data)));
  });
}

const EMAIL = 'grace@example.com';
const PASSWORD = 'correct horse battery';

describe('toggl-api (npm) against a running Stint', () => {
  let toggl: TogglClient;
  let me: Record<string, any>;
  let wid: number;
  const made: Record<string, any> = {};

  beforeAll(async () => {
    const created = await promisify(TogglClient.createUser)(EMAIL, PASSWORD, 'Europe/Berlin');
    expect(created).toMatchObject({ email: EMAIL, timezone: 'Europe/Berlin' });
    toggl = new TogglClient({ username: EMAIL, password: PASSWORD });
    toggl.authData = {};
  });
  afterAll(() => toggl?.destroy());

  it('logs in with e-mail and password, then continues on the session cookie alone', async () => {
    me = await call(toggl, 'authenticate');
    expect(me.data).toMatchObject({ email: EMAIL, timezone: 'Europe/Berlin' });
    wid = me.data.default_wid;
    expect(wid).toBeGreaterThan(0);
    const before = seen.length;
    const again = await call<Record<string, any>>(toggl, 'getUserData', { with_related_data: true });
    expect(again.id).toBe(me.data.id);
    expect(again.workspaces.map((w: { id: number }) => w.id)).toContain(wid);
    const request = seen.slice(before).find((r) => r.url.startsWith('/api/v8/me'))!;
    expect(request).toMatchObject({ basic: false, cookie: true, status: 200 });
  });

  it('creates and edits a client, a project, a task and a tag', async () => {
    made.client = await call(toggl, 'createClient', { name: 'Analytical Engines', wid });
    expect(made.client).toMatchObject({ name: 'Analytical Engines', wid });
    made.client = await call(toggl, 'updateClient', made.client.id, { name: 'Analytical Engines Ltd', notes: 'Since 1843' });
    expect(made.client).toMatchObject({ name: 'Analytical Engines Ltd', notes: 'Since 1843' });
    expect((await call<{ id: number }[]>(toggl, 'getClients')).map((c) => c.id)).toContain(made.client.id);

    made.project = await call(toggl, 'createProject', { name: 'Difference', wid, cid: made.client.id, is_private: false, billable: true });
    expect(made.project).toMatchObject({ name: 'Difference', wid, cid: made.client.id, billable: true });
    made.project = await call(toggl, 'updateProject', made.project.id, { name: 'Difference Engine', color: '5' });
    expect(made.project).toMatchObject({ name: 'Difference Engine', color: '5', hex_color: '#8ab734' });

    made.task = await call(toggl, 'createTask', 'Gears', made.project.id, { estimated_seconds: 7200 });
    expect(made.task).toMatchObject({ name: 'Gears', pid: made.project.id, wid, estimated_seconds: 7200 });
    made.task = await call(toggl, 'updateTask', made.task.id, { name: 'Brass gears' });
    expect(made.task.name).toBe('Brass gears');
    expect((await call<{ id: number }[]>(toggl, 'getProjectTasks', made.project.id)).map((t) => t.id)).toEqual([made.task.id]);

    made.tag = await call(toggl, 'createTag', 'draft', wid);
    expect(made.tag).toMatchObject({ name: 'draft', wid });
    made.tag = await call(toggl, 'updateTagName', made.tag.id, 'drafted');
    expect(made.tag.name).toBe('drafted');
  });

  it('creates and edits time entries, runs a timer, and bulk-updates tags', async () => {
    made.first = await call(toggl, 'createTimeEntry', {
      description: 'Punch cards',
      wid,
      pid: made.project.id,
      tid: made.task.id,
      billable: true,
      start: '2025-03-03T08:00:00.000Z',
      duration: 5400,
      tags: ['drafted'],
    });
    expect(made.first).toMatchObject({ description: 'Punch cards', pid: made.project.id, tid: made.task.id, duration: 5400, tags: ['drafted'], billable: true });
    made.second = await call(toggl, 'createTimeEntry', { description: 'Notes', wid, start: '2025-03-04T09:00:00.000Z', duration: 1800 });
    made.second = await call(toggl, 'updateTimeEntry', made.second.id, { description: 'Notes on the engine', duration: 2700 });
    expect(made.second).toMatchObject({ description: 'Notes on the engine', duration: 2700 });
    expect((await call<Record<string, any>>(toggl, 'getTimeEntryData', made.first.id)).tags).toEqual(['drafted']);

    const running = await call<Record<string, any>>(toggl, 'startTimeEntry', { description: 'Thinking', wid, pid: made.project.id });
    expect(running.duration).toBeLessThan(0);
    expect(running.stop).toBeUndefined();
    expect((await call<Record<string, any>>(toggl, 'getCurrentTimeEntry'))?.id).toBe(running.id);
    const stopped = await call<Record<string, any>>(toggl, 'stopTimeEntry', running.id);
    expect(stopped.duration).toBeGreaterThanOrEqual(0);
    expect(stopped.stop).toBeDefined();
    expect(await call(toggl, 'getCurrentTimeEntry')).toBeNull();

    const added = await call<Record<string, any>[]>(toggl, 'addTimeEntriesTags', [made.first.id, made.second.id], ['reviewed', 'drafted']);
    expect(added.map((e) => [e.id, [...e.tags].sort()])).toEqual([
      [made.first.id, ['drafted', 'reviewed']],
      [made.second.id, ['drafted', 'reviewed']],
    ]);
    const removed = await call<Record<string, any>[]>(toggl, 'removeTimeEntriesTags', [made.first.id, made.second.id], ['drafted']);
    expect(removed.map((e) => e.tags)).toEqual([['reviewed'], ['reviewed']]);

    const week = await call<Record<string, any>[]>(toggl, 'getTimeEntries', '2025-03-03T00:00:00.000+00:00', '2025-03-10T00:00:00.000+00:00');
    expect(week.map((e) => e.id)).toEqual([made.first.id, made.second.id]);
  });

  it('fetches the weekly, detailed and summary reports with the API token', async () => {
    const reports = new TogglClient({ apiToken: me.data.api_token });
    try {
      const weekly = await call<Record<string, any>>(reports, 'weeklyReport', { workspace_id: wid, since: '2025-03-03' });
      expect(weekly.total_grand).toBe((5400 + 2700) * 1000);
      expect(weekly.total_billable).toBe(5400 * 1000);
      expect(weekly.week_totals).toEqual([5_400_000, 2_700_000, null, null, null, null, null, 8_100_000]);
      expect(weekly.data.map((g: any) => g.title.project)).toEqual(['Difference Engine', null]);

      const detailed = await call<Record<string, any>>(reports, 'detailedReport', { workspace_id: wid, since: '2025-03-01', until: '2025-03-09' });
      expect(detailed).toMatchObject({ total_count: 2, per_page: 50, total_grand: 8_100_000 });
      expect(detailed.data.map((e: any) => [e.id, e.description, e.dur, e.project, e.client, e.task, e.tags])).toEqual([
        [made.first.id, 'Punch cards', 5_400_000, 'Difference Engine', 'Analytical Engines Ltd', 'Brass gears', ['reviewed']],
        [made.second.id, 'Notes on the engine', 2_700_000, null, null, null, ['reviewed']],
      ]);
      expect(detailed.data[0].start).toBe('2025-03-03T09:00:00+01:00');

      const summary = await call<Record<string, any>>(reports, 'summaryReport', { workspace_id: wid, since: '2025-03-01', until: '2025-03-09', grouping: 'clients', subgrouping: 'projects' });
      expect(summary.data.map((g: any) => [g.title.client, g.time, g.items.map((i: any) => i.title.project)])).toEqual([
        ['Analytical Engines Ltd', 5_400_000, ['Difference Engine']],
        [null, 2_700_000, [null]],
      ]);

      // The library's own error path reads Reports v2's error envelope.
      const error = await call(reports, 'summaryReport', { workspace_id: 999_999, since: '2025-03-01' }).catch((e: unknown) => e);
      // (custom-error-generator, which the library uses, leaves `message` empty and keeps the text in the stack.)
      expect(error).toMatchObject({ code: 403, tip: expect.stringMatching(/member/) });
      expect(String((error as Error).stack).split('\n')[0]).toBe('Error: Workspace not found/accessible');
    } finally {
      reports.destroy();
    }
  });

  it('sent only Stint URLs, and Stint answered every request without an error', () => {
    expect(seen.length).toBeGreaterThan(20);
    expect(seen.filter((r) => r.status >= 400 && !r.url.includes('workspace_id=999999'))).toEqual([]);
    expect(seen.filter((r) => r.url.startsWith('/reports/api/v2/')).length).toBe(4);
  });
});
