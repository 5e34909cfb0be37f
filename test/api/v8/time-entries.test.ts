import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clock } from '../../../src/time.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser } from '../../helpers/factories.js';
import { V8_TIME } from './v8.fixtures.js';

let t: TestApp;
let u: TestUser;
let stranger: TestUser;
let ws: number;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

beforeAll(async () => {
  t = await buildTestApp();
  u = await createUser(t, { fullname: 'Tia Tracker' });
  stranger = await createUser(t, { fullname: 'Sam Stranger' });
  ws = u.workspaceId;
});
afterAll(async () => t.close());
afterEach(() => vi.restoreAllMocks());

const entryRows = () => t.database.db.selectFrom('time_entries').selectAll().orderBy('id').execute();
const tagLinks = () => t.database.db.selectFrom('time_entry_tags').selectAll().execute();

async function entry(extra: Record<string, unknown> = {}, who: TestUser = u) {
  const res = await who.api.post('/api/v8/time_entries', {
    time_entry: { description: 'Work', created_with: 'v8 test', start: '2024-03-05T07:58:58.000Z', duration: 1200, ...extra },
  });
  expect(res.status, res.text).toBe(200);
  return res.body.data;
}

describe('POST /time_entries', () => {
  it('creates an entry and answers it in v8 shape', async () => {
    const project = (await u.api.post('/api/v8/projects', { project: { name: 'TE Project', billable: true } })).body.data;
    const res = await u.api.post('/api/v8/time_entries', {
      time_entry: { description: 'Meeting with possible clients', tags: ['billed'], duration: 1200, start: '2013-03-05T07:58:58.000Z', pid: project.id, created_with: 'curl' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: {
        id: expect.any(Number),
        guid: expect.stringMatching(GUID),
        wid: ws,
        pid: project.id,
        uid: u.user.id,
        billable: true,
        start: '2013-03-05T07:58:58+00:00',
        stop: '2013-03-05T08:18:58+00:00',
        duration: 1200,
        description: 'Meeting with possible clients',
        tags: ['billed'],
        duronly: false,
        created_with: 'curl',
        at: expect.stringMatching(V8_TIME),
      },
    });
  });

  it('gives every entry its own guid, and keeps a guid the client chose', async () => {
    const a = await entry();
    const b = await entry();
    expect(a.guid).toMatch(GUID);
    expect(b.guid).toMatch(GUID);
    expect(a.guid).not.toBe(b.guid);
    const chosen = await entry({ guid: 'DFC88541-F3B0-4FFE-BA2E-46A09FA97664' });
    expect(chosen.guid).toBe('dfc88541-f3b0-4ffe-ba2e-46a09fa97664');
    expect((await u.api.get(`/api/v8/time_entries/${chosen.id}`)).body.data.guid).toBe(chosen.guid);
    // Sending the entry back with its guid (as clients do) changes nothing about the guid.
    const put = await u.api.put(`/api/v8/time_entries/${a.id}`, { time_entry: { ...a, guid: '00000000-0000-4000-8000-000000000000', description: 'Edited' } });
    expect(put.status, put.text).toBe(200);
    expect(put.body.data).toMatchObject({ guid: a.guid, description: 'Edited' });
  });

  it('answers a create retried with the same guid with the entry made the first time', async () => {
    const guid = 'b1a7c3de-0f4e-4c1a-9d2b-7e6f5a4b3c21';
    const before = (await entryRows()).length;
    const first = await entry({ guid, description: 'Once' });
    const again = await entry({ guid, description: 'Once' });
    expect(again).toEqual(first);
    expect((await entryRows()).length).toBe(before + 1);
    // Concurrent retries make one entry too.
    const guid2 = 'c2b8d4ef-1a5f-4d2b-8e3c-8f7a6b5c4d32';
    const answers = await Promise.all([1, 2, 3].map(() => entry({ guid: guid2 })));
    expect(new Set(answers.map((e) => e.id)).size).toBe(1);
    // Another user's entry with the same guid is theirs alone.
    const theirs = await entry({ guid }, stranger);
    expect(theirs.id).not.toBe(first.id);
    // Once deleted, the guid names nothing; a create with it makes a new entry.
    expect((await u.api.delete(`/api/v8/time_entries/${first.id}`)).status).toBe(200);
    const fresh = await entry({ guid });
    expect(fresh.id).not.toBe(first.id);
  });

  it('refuses a guid that is not a UUID (a failed create: 404 in v8), and writes nothing', async () => {
    const before = (await entryRows()).length;
    const res = await u.api.post('/api/v8/time_entries', { time_entry: { created_with: 'x', start: '2024-03-05T07:58:58Z', duration: 60, guid: 'not-a-guid' } });
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).toContain('guid');
    expect((await entryRows()).length).toBe(before);
  });

  it('leaves out what is empty: no project, no tags, no description', async () => {
    const e = await entry({ description: '' });
    expect(Object.keys(e).sort()).toEqual(['at', 'billable', 'created_with', 'duration', 'duronly', 'guid', 'id', 'start', 'stop', 'uid', 'wid']);
  });

  it('puts an entry without wid in the workspace of its project, or else the default one', async () => {
    const second = await createUser(t);
    await addMember(t, second.workspaceId, u.user.id);
    const p = (await second.api.post('/api/v8/projects', { project: { name: 'Elsewhere', is_private: false } })).body.data;
    expect((await entry({ pid: p.id })).wid).toBe(second.workspaceId);
    expect((await entry()).wid).toBe(ws);
  });

  it.each([
    [{ description: 'New time entry', created_with: 'API example code' }, "Start can't be blank"],
    [{ start: '2024-01-01T10:00:00Z' }, 'created_with needs to be provided an a valid string'],
    [{ created_with: 'x', start: 'yesterday' }, "Invalid start time 'yesterday': use RFC 3339, e.g. 2006-01-02T15:04:05Z"],
    [{ created_with: 'x', start: '2024-01-01T10:00:00Z', duration: 999 * 3600 + 1 }, 'Max allowed duration per 1 time entry is 999 hours'],
    [{ created_with: 'x', start: '2024-01-01T10:00:00Z', pid: 999999 }, 'Invalid project_id'],
    [{ created_with: 'x', start: '2024-01-01T10:00:00Z', duration: '60' }, "Invalid field 'time_entry.duration': must be integer"],
  ])('refuses %j with 404 and an array of messages, creating nothing', async (body, message) => {
    const before = await entryRows();
    const res = await u.api.post('/api/v8/time_entries', { time_entry: body });
    expect(res.status).toBe(404);
    expect(res.body).toEqual([message]);
    expect(await entryRows()).toEqual(before);
  });

  it('refuses a body without the time_entry wrapper', async () => {
    const res = await u.api.post('/api/v8/time_entries', { description: 'x', created_with: 'x', start: '2024-01-01T10:00:00Z' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(["time_entry can't be blank"]);
  });
});

describe('timer', () => {
  it('starts at the current time whatever the body says, reports -start as duration, stops', async () => {
    vi.spyOn(clock, 'now').mockReturnValue(Date.parse('2024-05-01T09:00:00Z'));
    const started = await u.api.post('/api/v8/time_entries/start', { time_entry: { description: 'Running', created_with: 'curl', start: '2000-01-01T00:00:00Z', stop: '2000-01-01T01:00:00Z' } });
    expect(started.status).toBe(200);
    const startSeconds = Date.parse('2024-05-01T09:00:00Z') / 1000;
    expect(started.body.data).toMatchObject({ start: '2024-05-01T09:00:00+00:00', duration: -startSeconds, description: 'Running' });
    expect('stop' in started.body.data).toBe(false);

    const current = await u.api.get('/api/v8/time_entries/current');
    expect(current.body).toEqual(started.body);

    vi.spyOn(clock, 'now').mockReturnValue(Date.parse('2024-05-01T09:01:00Z'));
    const stopped = await u.api.put(`/api/v8/time_entries/${started.body.data.id}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.data).toMatchObject({ id: started.body.data.id, duration: 60, stop: '2024-05-01T09:01:00+00:00' });

    const none = await u.api.get('/api/v8/time_entries/current');
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ data: null });

    const again = await u.api.put(`/api/v8/time_entries/${started.body.data.id}/stop`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual(['Time entry already stopped']);
  });

  it.each([
    [{ time_entry: { description: 'No app named' } }, 'created_with needs to be provided an a valid string'],
    [{ time_entry: { created_with: 'x', pid: 999999 } }, 'Invalid project_id'],
    [{ time_entry: { created_with: 'x', tid: 999999 } }, 'Invalid task_id'],
    [{ time_entry: { created_with: 'x', billable: 'yes' } }, "Invalid field 'time_entry.billable': must be boolean"],
    [{ created_with: 'x' }, "time_entry can't be blank"],
  ])('POST /time_entries/start refuses %j as a failed create (404 with messages), starting nothing', async (body, message) => {
    const before = await entryRows();
    const res = await u.api.post('/api/v8/time_entries/start', body);
    expect(res.status).toBe(404);
    expect(res.body).toEqual([message]);
    expect(await entryRows()).toEqual(before);
    expect((await u.api.get('/api/v8/time_entries/current')).body).toEqual({ data: null });
  });

  it('starting a timer stops the running one', async () => {
    const first = (await u.api.post('/api/v8/time_entries/start', { time_entry: { created_with: 'curl' } })).body.data;
    const second = (await u.api.post('/api/v8/time_entries/start', { time_entry: { created_with: 'curl' } })).body.data;
    expect((await u.api.get(`/api/v8/time_entries/${first.id}`)).body.data.duration).toBeGreaterThanOrEqual(0);
    expect((await u.api.get('/api/v8/time_entries/current')).body.data.id).toBe(second.id);
    await u.api.put(`/api/v8/time_entries/${second.id}/stop`);
  });
});

describe('GET, PUT, DELETE /time_entries/{id}', () => {
  it('reads, updates with v8 fields, and deletes', async () => {
    const e = await entry({ tags: ['one'] });
    expect((await u.api.get(`/api/v8/time_entries/${e.id}`)).body).toEqual({ data: e });

    const put = await u.api.put(`/api/v8/time_entries/${e.id}`, {
      time_entry: { description: 'Meeting', duration: 1240, start: '2013-03-05T07:58:58.000Z', stop: '2013-03-05T08:19:38.000Z', duronly: true, billable: true, tags: ['two'] },
    });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ id: e.id, description: 'Meeting', duration: 1240, duronly: true, billable: true, tags: ['two'], stop: '2013-03-05T08:19:38+00:00' });

    const refused = await u.api.put(`/api/v8/time_entries/${e.id}`, { time_entry: { start: '2013-03-05T09:00:00Z', stop: '2013-03-05T08:00:00Z', duration: null } });
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual(['Stop time must be after start time']);

    expect((await u.api.delete(`/api/v8/time_entries/${e.id}`)).status).toBe(200);
    expect((await u.api.get(`/api/v8/time_entries/${e.id}`)).body).toEqual(['Time entry not found']);
    expect((await u.api.delete(`/api/v8/time_entries/${e.id}`)).status).toBe(404);
  });
});

describe('ids that name nothing', () => {
  it('answer 404 on every single-entry route, and bad ids 400, changing nothing', async () => {
    const before = await entryRows();
    for (const res of [
      await u.api.get('/api/v8/time_entries/999999'),
      await u.api.put('/api/v8/time_entries/999999', { time_entry: { description: 'x' } }),
      await u.api.put('/api/v8/time_entries/999999/stop'),
      await u.api.delete('/api/v8/time_entries/999999'),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual(['Time entry not found']);
    }
    const badGet = await u.api.get('/api/v8/time_entries/abc');
    expect(badGet.status).toBe(400);
    expect(badGet.body).toEqual([expect.any(String)]);
    const badDelete = await u.api.delete('/api/v8/time_entries/abc');
    expect(badDelete.status).toBe(400);
    // On a PUT a bad id list is a failed update, which v8 answers 404.
    const badPut = await u.api.put('/api/v8/time_entries/1,x', { time_entry: { tags: ['y'] } });
    expect(badPut.status).toBe(404);
    expect(badPut.body).toEqual(["Invalid time entry ids '1,x'"]);
    expect(await entryRows()).toEqual(before);
  });
});

describe('GET /time_entries', () => {
  it('lists entries started between start_date and end_date, as a bare array', async () => {
    const lister = await createUser(t);
    const inside = await entry({ start: '2013-03-11T11:36:00Z', duration: 14400 }, lister);
    await entry({ start: '2013-03-20T11:36:00Z', duration: 60 }, lister);
    const res = await lister.api.get(`/api/v8/time_entries?start_date=${encodeURIComponent('2013-03-10T15:42:46+02:00')}&end_date=${encodeURIComponent('2013-03-12T15:42:46+02:00')}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([inside]);
  });

  it('defaults to the last 9 days', async () => {
    const lister = await createUser(t);
    vi.spyOn(clock, 'now').mockReturnValue(Date.parse('2024-06-20T12:00:00Z'));
    const recent = await entry({ start: '2024-06-15T10:00:00Z' }, lister);
    await entry({ start: '2024-06-01T10:00:00Z' }, lister);
    expect((await lister.api.get('/api/v8/time_entries')).body).toEqual([recent]);
  });

  it('refuses a bad date with 400', async () => {
    const res = await u.api.get('/api/v8/time_entries?start_date=yesterday&end_date=today');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(["Invalid 'start_date' value"]);
    const badEnd = await u.api.get(`/api/v8/time_entries?start_date=${encodeURIComponent('2024-01-01T00:00:00Z')}&end_date=tomorrow`);
    expect(badEnd.status).toBe(400);
    expect(badEnd.body).toEqual(["Invalid 'end_date' value"]);
  });
});

describe('bulk tag update PUT /time_entries/{ids}', () => {
  it('adds, removes and replaces tags on several entries at once', async () => {
    const a = await entry({ tags: ['keep'] });
    const b = await entry({ tags: ['keep', 'drop'] });
    const added = await u.api.put(`/api/v8/time_entries/${a.id},${b.id}`, { time_entry: { tags: ['billed', 'productive'], tag_action: 'add' } });
    expect(added.status).toBe(200);
    expect(added.body.data.map((e: { id: number; tags: string[] }) => [e.id, [...e.tags].sort()])).toEqual([
      [a.id, ['billed', 'keep', 'productive']],
      [b.id, ['billed', 'drop', 'keep', 'productive']],
    ]);
    const removed = await u.api.put(`/api/v8/time_entries/${a.id},${b.id}`, { time_entry: { tags: ['drop', 'productive'], tag_action: 'remove' } });
    expect(removed.body.data.map((e: { tags: string[] }) => [...e.tags].sort())).toEqual([
      ['billed', 'keep'],
      ['billed', 'keep'],
    ]);
    const replaced = await u.api.put(`/api/v8/time_entries/${a.id},${b.id}`, { time_entry: { tags: ['only'] } });
    expect(replaced.body.data.map((e: { tags: string[] }) => e.tags)).toEqual([['only'], ['only']]);
  });

  it('changes nothing when one id is not the caller\'s entry or the action is unknown', async () => {
    const a = await entry({ tags: ['x'] });
    const theirs = await entry({}, stranger);
    const before = { rows: await entryRows(), links: await tagLinks() };
    const foreign = await u.api.put(`/api/v8/time_entries/${a.id},${theirs.id}`, { time_entry: { tags: ['y'], tag_action: 'add' } });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(['Time entry not found']);
    const badAction = await u.api.put(`/api/v8/time_entries/${a.id},${a.id}`, { time_entry: { tags: ['y'], tag_action: 'merge' } });
    expect(badAction.status).toBe(404);
    expect(badAction.body).toEqual(['Invalid tag_action \'merge\': use "add" or "delete"']);
    expect({ rows: await entryRows(), links: await tagLinks() }).toEqual(before);
  });
});

describe('outsiders', () => {
  it("cannot read, change, stop or delete another user's entries, nor create in their workspace", async () => {
    const e = await entry({}, u);
    const running = (await u.api.post('/api/v8/time_entries/start', { time_entry: { created_with: 'x' } })).body.data;
    const before = await entryRows();
    expect((await stranger.api.get(`/api/v8/time_entries/${e.id}`)).status).toBe(404);
    expect((await stranger.api.put(`/api/v8/time_entries/${e.id}`, { time_entry: { description: 'pwned' } })).status).toBe(404);
    expect((await stranger.api.put(`/api/v8/time_entries/${running.id}/stop`)).status).toBe(404);
    expect((await stranger.api.delete(`/api/v8/time_entries/${e.id}`)).status).toBe(404);
    const create = await stranger.api.post('/api/v8/time_entries', { time_entry: { wid: ws, created_with: 'x', start: '2024-01-01T10:00:00Z' } });
    expect(create.status).toBe(403);
    const viaProject = await stranger.api.post('/api/v8/time_entries', {
      time_entry: { pid: (await u.api.post('/api/v8/projects', { project: { name: 'Private TE' } })).body.data.id, created_with: 'x', start: '2024-01-01T10:00:00Z' },
    });
    expect(viaProject.status).toBe(403);
    expect((await stranger.api.get('/api/v8/time_entries/current')).body).toEqual({ data: null });
    const after = await entryRows();
    expect(after.filter((r) => r.user_id === u.user.id)).toEqual(before.filter((r) => r.user_id === u.user.id));
    await u.api.put(`/api/v8/time_entries/${running.id}/stop`);
  });
});
