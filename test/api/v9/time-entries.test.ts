import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { clock } from '../../../src/time.js';
import { buildTestApp, call, type TestApp } from '../../helpers/app.js';
import { createUser, type TestUser } from '../../helpers/factories.js';
import { addMember, insertClient, insertProject, insertTag, insertTask, unix } from './time-entries.fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const entries = (u: TestUser) => `/api/v9/workspaces/${u.workspaceId}/time_entries`;
const create = (u: TestUser, body: Record<string, unknown>, query = '') =>
  u.api.post(`${entries(u)}${query}`, { created_with: 'stint-tests', workspace_id: u.workspaceId, ...body });
/** Every live entry of the user, whatever its start (the default list only covers 9 days). */
const allEntries = async (u: TestUser) => (await u.api.get('/api/v9/me/time_entries?since=0')).body.filter((e: any) => e.server_deleted_at === null);

describe('authentication and tenancy', () => {
  it('answers 401 with an empty body without credentials', async () => {
    const res = await call(t, 'GET', '/api/v9/me/time_entries');
    expect(res.status).toBe(401);
    expect(res.text).toBe('');
  });

  it('refuses an outsider on every workspace route with 403 and changes nothing', async () => {
    const owner = await createUser(t);
    const stranger = await createUser(t);
    const entry = (await create(owner, { start: '2024-05-01T09:00:00Z', duration: 60 })).body;
    const base = entries(owner);
    for (const res of [
      await stranger.api.post(base, { created_with: 'x', start: '2024-05-01T09:00:00Z', workspace_id: owner.workspaceId }),
      await stranger.api.put(`${base}/${entry.id}`, { description: 'hijacked' }),
      await stranger.api.delete(`${base}/${entry.id}`),
      await stranger.api.patch(`${base}/${entry.id}/stop`),
      await stranger.api.patch(`${base}/${entry.id}`, [{ op: 'replace', path: '/description', value: 'hijacked' }]),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body).toBe('User does not have access to this resource.');
    }
    expect(await allEntries(owner)).toEqual([expect.objectContaining({ id: entry.id, description: null })]);
    expect((await stranger.api.get(`/api/v9/me/time_entries/${entry.id}`)).status).toBe(404);
  });

  it("hides another member's entries in a shared workspace (404) and leaves them alone", async () => {
    const owner = await createUser(t);
    const member = await createUser(t);
    await addMember(t, owner.workspaceId, member.user.id);
    const entry = (await create(owner, { start: '2024-05-01T09:00:00Z', duration: -1 })).body;
    const base = entries(owner);
    for (const res of [
      await member.api.get(`/api/v9/me/time_entries/${entry.id}`),
      await member.api.put(`${base}/${entry.id}`, { description: 'mine now' }),
      await member.api.delete(`${base}/${entry.id}`),
      await member.api.patch(`${base}/${entry.id}/stop`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toBe('Time entry not found');
    }
    const current = await owner.api.get('/api/v9/me/time_entries/current');
    expect(current.body).toMatchObject({ id: entry.id, stop: null, description: null });
    expect((await member.api.get('/api/v9/me/time_entries/current')).text).toBe('null');
  });
});

describe('POST /workspaces/{workspace_id}/time_entries', () => {
  it('creates a stopped entry from start and duration, in the wire formats Toggl uses', async () => {
    const u = await createUser(t);
    const res = await create(u, { description: 'Write specs', start: '2024-12-15T20:20:50Z', duration: 3600 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
      billable: false,
      description: 'Write specs',
      duration: 3600,
      duronly: false,
      expense_ids: [],
      id: expect.any(Number),
      permissions: null,
      pid: null,
      project_id: null,
      server_deleted_at: null,
      shared_with: null,
      start: '2024-12-15T20:20:50+00:00',
      stop: '2024-12-15T21:20:50+00:00',
      tag_ids: [],
      tags: [],
      task_id: null,
      tid: null,
      uid: u.user.id,
      user_id: u.user.id,
      wid: u.workspaceId,
      workspace_id: u.workspaceId,
    });
  });

  it('derives duration from stop, accepts consistent triples and offsets, and keeps whole seconds', async () => {
    const u = await createUser(t);
    const fromStop = await create(u, { start: '2024-06-01T10:00:00.750+02:00', stop: '2024-06-01T10:30:00+02:00' });
    expect(fromStop.body).toMatchObject({ start: '2024-06-01T08:00:00+00:00', stop: '2024-06-01T08:30:00+00:00', duration: 1800 });
    const all = await create(u, { start: '2024-06-01T09:00:00Z', stop: '2024-06-01T09:10:00Z', duration: 600 });
    expect(all.status).toBe(200);
    expect(all.body.duration).toBe(600);
  });

  it('refuses inconsistent start, stop and duration without creating anything', async () => {
    const u = await createUser(t);
    const cases: [Record<string, unknown>, string][] = [
      [{ start: '2024-06-01T09:00:00Z', stop: '2024-06-01T09:10:00Z', duration: 60 }, 'stop and duration are inconsistent: start + duration must equal stop'],
      [{ start: '2024-06-01T09:00:00Z', stop: '2024-06-01T09:10:00Z', duration: -1 }, 'stop and duration are inconsistent: start + duration must equal stop'],
      [{ start: '2024-06-01T09:00:00Z', stop: '2024-06-01T08:00:00Z' }, 'Stop time must be after start time'],
      [{ start: '2024-06-01T09:00:00Z', duration: 999 * 3600 + 1 }, 'Max allowed duration per 1 time entry is 999 hours'],
      [{ start: 'yesterday' }, "Invalid start time 'yesterday': use RFC 3339, e.g. 2006-01-02T15:04:05Z"],
      [{ start: '2024-06-01T09:00:00' }, "Invalid start time '2024-06-01T09:00:00': use RFC 3339, e.g. 2006-01-02T15:04:05Z"],
      [{ start: '2024-02-30T09:00:00Z' }, "Invalid start time '2024-02-30T09:00:00Z': use RFC 3339, e.g. 2006-01-02T15:04:05Z"],
      [{ start: '2024-06-01T09:00:00Z', stop: 'later' }, "Invalid stop time 'later': use RFC 3339, e.g. 2006-01-02T15:04:05Z"],
      [{ start: '2024-06-01T09:00:00Z', start_date: '2024-13-01' }, "Invalid 'start_date' value: use YYYY-MM-DD"],
      [{ start: '2024-06-01T09:00:00Z', description: 'x'.repeat(3001) }, 'Maximum length for description (3000 chars) exceeded'],
      [{ start: '2024-06-01T09:00:00Z', workspace_id: u.workspaceId + 1000 }, 'workspace_id in the body does not match the workspace in the path'],
      [{ start: '2024-06-01T09:00:00Z', wid: u.workspaceId + 1000, workspace_id: undefined }, 'workspace_id in the body does not match the workspace in the path'],
      [{ start: '2024-06-01T09:00:00Z', shared_with_user_ids: [u.user.id] }, 'A time entry cannot be shared with its owner'],
      [{ start: '2024-06-01T09:00:00Z', shared_with_user_ids: [u.user.id + 100000] }, 'Time entries can only be shared with members of their workspace'],
      [{ start: '2024-06-01T09:00:00Z', expense_ids: [1] }, 'Expenses are not available on this server'],
      [{ start: '2024-06-01T09:00:00Z', tag_action: 'toggle', tags: ['a'] }, 'Invalid tag_action \'toggle\': use "add" or "delete"'],
      [{ start: '2024-06-01T09:00:00Z', tags: ['  '] }, "tag name can't be blank"],
      [{ start: '2024-06-01T09:00:00Z', project_id: -4 }, 'Invalid project_id'],
      [{ start: '2024-06-01T09:00:00Z', duration: '60' }, "Invalid field 'duration': must be integer"],
    ];
    for (const [body, message] of cases) {
      const res = await create(u, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toBe(message);
    }
    expect(await allEntries(u)).toEqual([]);
  });

  it('needs created_with and start, in Toggl words', async () => {
    const u = await createUser(t);
    const noCreatedWith = await u.api.post(entries(u), { start: '2024-06-01T09:00:00Z', duration: 5 });
    expect(noCreatedWith.status).toBe(400);
    expect(noCreatedWith.body).toBe('created_with needs to be provided an a valid string');
    const blank = await u.api.post(entries(u), { created_with: '  ', start: '2024-06-01T09:00:00Z' });
    expect(blank.body).toBe('created_with needs to be provided an a valid string');
    const noStart = await u.api.post(entries(u), { created_with: 'x', duration: 5 });
    expect(noStart.status).toBe(400);
    expect(noStart.body).toBe('Start time is required');
    expect(await allEntries(u)).toEqual([]);
  });

  it('refuses to track for another user', async () => {
    const u = await createUser(t);
    const other = await createUser(t);
    const res = await create(u, { start: '2024-06-01T09:00:00Z', user_id: other.user.id });
    expect(res.status).toBe(403);
    expect((await create(u, { start: '2024-06-01T09:00:00Z', duration: 5, uid: u.user.id })).status).toBe(200);
  });

  it('creates a zero-length entry when neither stop nor duration is given', async () => {
    const u = await createUser(t);
    const res = await create(u, { start: '2024-06-01T09:00:00Z' });
    expect(res.body).toMatchObject({ duration: 0, stop: '2024-06-01T09:00:00+00:00' });
  });

  it('lets start_date replace the date part of start', async () => {
    const u = await createUser(t);
    const res = await create(u, { start: '2024-06-01T09:15:30Z', start_date: '2024-02-29', duration: 60 });
    expect(res.body).toMatchObject({ start: '2024-02-29T09:15:30+00:00', stop: '2024-02-29T09:16:30+00:00' });
  });

  it('stores duronly; GET answers true as the swagger says', async () => {
    const u = await createUser(t);
    const res = await create(u, { start: '2024-06-01T09:00:00Z', duration: 60, duronly: true });
    expect(res.body.duronly).toBe(true);
    const plain = await create(u, { start: '2024-06-01T10:00:00Z', duration: 60 });
    expect(plain.body.duronly).toBe(false);
    expect((await u.api.get(`/api/v9/me/time_entries/${plain.body.id}`)).body.duronly).toBe(true);
  });

  it('runs an entry with a negative duration, answering −start and stop null', async () => {
    const u = await createUser(t);
    const res = await create(u, { description: 'On it', start: '2024-12-12T20:38:54Z', duration: -1 });
    expect(res.status).toBe(200);
    expect(res.body.duration).toBe(-unix('2024-12-12T20:38:54Z'));
    expect(res.body.stop).toBeNull();
    const current = await u.api.get('/api/v9/me/time_entries/current');
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ id: res.body.id, duration: -unix('2024-12-12T20:38:54Z'), stop: null });
  });

  it('starting another timer stops the running one where the new one starts', async () => {
    const u = await createUser(t);
    // Two requests can fall in the same millisecond; `at` must move all the same.
    const now = vi.spyOn(clock, 'now').mockReturnValue(Date.parse('2024-12-12T10:00:00.000Z'));
    const first = (await create(u, { start: '2024-12-12T08:00:00Z', duration: -1 })).body;
    now.mockReturnValue(Date.parse('2024-12-12T10:00:01.000Z'));
    const second = (await create(u, { start: '2024-12-12T09:30:00Z', duration: -1 })).body;
    now.mockRestore();
    const stopped = await u.api.get(`/api/v9/me/time_entries/${first.id}`);
    expect(stopped.body).toMatchObject({ stop: '2024-12-12T09:30:00+00:00', duration: 5400 });
    expect(stopped.body.at).toBe('2024-12-12T10:00:01.000000Z');
    expect(first.at).toBe('2024-12-12T10:00:00.000000Z');
    expect((await u.api.get('/api/v9/me/time_entries/current')).body.id).toBe(second.id);
  });

  it('keeps one running entry per user under concurrent starts', async () => {
    const u = await createUser(t);
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => create(u, { description: `start ${i}`, start: `2024-12-12T0${i}:00:00Z`, duration: -1 })),
    );
    // Each start either wins, or stops the winner and runs, or loses the race with a clear 400.
    for (const r of results) {
      if (r.status !== 200) expect(r).toMatchObject({ status: 400, body: 'Another time entry was started at the same time; try again' });
    }
    expect(results.some((r) => r.status === 200)).toBe(true);
    const running = (await allEntries(u)).filter((e: any) => e.stop === null);
    expect(running).toHaveLength(1);
    const rows = await t.database.db.selectFrom('time_entries').select('id').where('user_id', '=', u.user.id).where('stop', 'is', null).execute();
    expect(rows).toHaveLength(1);
  });

  it('accepts the legacy names wid, pid and tid', async () => {
    const u = await createUser(t);
    const projectId = await insertProject(t, u.workspaceId, 'Legacy');
    const taskId = await insertTask(t, u.workspaceId, projectId, 'Old task');
    const res = await u.api.post(entries(u), { created_with: 'v8 habits', wid: u.workspaceId, pid: projectId, tid: taskId, start: '2024-06-01T09:00:00Z', duration: 60 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ project_id: projectId, pid: projectId, task_id: taskId, tid: taskId, workspace_id: u.workspaceId, wid: u.workspaceId });
  });
});

describe('tags', () => {
  it('finds tags by name case-insensitively and creates the missing ones, keeping order', async () => {
    const u = await createUser(t);
    const billed = await insertTag(t, u.workspaceId, 'Billed');
    const res = await create(u, { start: '2024-06-01T09:00:00Z', duration: 60, tags: ['urgent', 'billed', 'URGENT'] });
    expect(res.status).toBe(200);
    expect(res.body.tags).toEqual(['urgent', 'Billed']);
    expect(res.body.tag_ids[1]).toBe(billed);
    const again = await create(u, { start: '2024-06-02T09:00:00Z', duration: 60, tags: ['Urgent'] });
    expect(again.body.tag_ids).toEqual([res.body.tag_ids[0]]);
    const tags = await t.database.db.selectFrom('tags').select('name').where('workspace_id', '=', u.workspaceId).orderBy('id').execute();
    expect(tags.map((r) => r.name)).toEqual(['Billed', 'urgent']);
  });

  it('accepts tag_ids of the workspace only', async () => {
    const u = await createUser(t);
    const other = await createUser(t);
    const mine = await insertTag(t, u.workspaceId, 'mine');
    const theirs = await insertTag(t, other.workspaceId, 'theirs');
    const ok = await create(u, { start: '2024-06-01T09:00:00Z', duration: 60, tag_ids: [mine], tags: ['extra'] });
    expect(ok.body.tags).toEqual(['mine', 'extra']);
    const bad = await create(u, { start: '2024-06-01T10:00:00Z', duration: 60, tag_ids: [mine, theirs] });
    expect(bad.status).toBe(400);
    expect(bad.body).toBe('Some tag IDs do not belong to workspace.');
    expect(await allEntries(u)).toHaveLength(1);
  });

  it('lets only admins create tags when the workspace says so', async () => {
    const owner = await createUser(t);
    const member = await createUser(t);
    await addMember(t, owner.workspaceId, member.user.id);
    await owner.api.put(`/api/v9/workspaces/${owner.workspaceId}`, { only_admins_may_create_tags: true });
    await insertTag(t, owner.workspaceId, 'existing');
    const base = `/api/v9/workspaces/${owner.workspaceId}/time_entries`;
    const refused = await member.api.post(base, { created_with: 'x', start: '2024-06-01T09:00:00Z', duration: 60, tags: ['brand new'] });
    expect(refused.status).toBe(403);
    expect(refused.body).toBe('Only organization or workspace administrators may manage tags in this workspace.');
    const allowed = await member.api.post(base, { created_with: 'x', start: '2024-06-01T09:00:00Z', duration: 60, tags: ['Existing'] });
    expect(allowed.body.tags).toEqual(['existing']);
    const admin = await owner.api.post(base, { created_with: 'x', start: '2024-06-01T09:00:00Z', duration: 60, tags: ['brand new'] });
    expect(admin.body.tags).toEqual(['brand new']);
  });

  it('drops deleted tags from entries', async () => {
    const u = await createUser(t);
    const res = await create(u, { start: '2024-06-01T09:00:00Z', duration: 60, tags: ['keep', 'gone'] });
    await t.database.db.updateTable('tags').set({ deleted_at: Date.now() }).where('id', '=', res.body.tag_ids[1]).execute();
    const read = await u.api.get(`/api/v9/me/time_entries/${res.body.id}`);
    expect(read.body).toMatchObject({ tags: ['keep'], tag_ids: [res.body.tag_ids[0]] });
  });
});

describe('projects and tasks', () => {
  it('takes billable from the project unless given, and a task implies its project', async () => {
    const u = await createUser(t);
    const projectId = await insertProject(t, u.workspaceId, 'Paid', { billable: true });
    const taskId = await insertTask(t, u.workspaceId, projectId, 'Design');
    const byProject = await create(u, { start: '2024-06-01T09:00:00Z', duration: 60, project_id: projectId });
    expect(byProject.body).toMatchObject({ project_id: projectId, billable: true });
    const explicit = await create(u, { start: '2024-06-01T10:00:00Z', duration: 60, project_id: projectId, billable: false });
    expect(explicit.body.billable).toBe(false);
    const byTask = await create(u, { start: '2024-06-01T11:00:00Z', duration: 60, task_id: taskId });
    expect(byTask.body).toMatchObject({ project_id: projectId, task_id: taskId, billable: true });
  });

  it('refuses projects and tasks that are not in the workspace, hidden, or mismatched', async () => {
    const u = await createUser(t);
    const member = await createUser(t);
    await addMember(t, u.workspaceId, member.user.id);
    const other = await createUser(t);
    const foreignProject = await insertProject(t, other.workspaceId, 'Foreign');
    const foreignTask = await insertTask(t, other.workspaceId, foreignProject, 'Foreign task');
    const a = await insertProject(t, u.workspaceId, 'A');
    const b = await insertProject(t, u.workspaceId, 'B');
    const taskOfB = await insertTask(t, u.workspaceId, b, 'B task');
    const secret = await insertProject(t, u.workspaceId, 'Secret', { isPrivate: true });
    const shared = await insertProject(t, u.workspaceId, 'Shared secret', { isPrivate: true, members: [member.user.id] });
    const base = entries(u);
    const post = (who: TestUser, body: Record<string, unknown>) => who.api.post(base, { created_with: 'x', start: '2024-06-01T09:00:00Z', duration: 60, ...body });

    const cases: [TestUser, Record<string, unknown>, string][] = [
      [u, { project_id: foreignProject }, 'Invalid project_id'],
      [u, { project_id: 999999 }, 'Invalid project_id'],
      [u, { task_id: foreignTask }, 'Invalid task_id'],
      [u, { project_id: a, task_id: taskOfB }, 'Invalid task_id: the task belongs to another project'],
      [member, { project_id: secret }, 'User cannot access the selected project'],
    ];
    for (const [who, body, message] of cases) {
      const res = await post(who, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toBe(message);
    }
    expect((await post(member, { project_id: shared })).status).toBe(200);
    expect((await post(u, { project_id: secret })).status).toBe(200); // admins see every project
    expect(await allEntries(member)).toHaveLength(1);
  });

  it('fills the meta fields when asked', async () => {
    const u = await createUser(t, { fullname: 'Mia Meta' });
    const clientId = await insertClient(t, u.workspaceId, 'Acme');
    const projectId = await insertProject(t, u.workspaceId, 'Rocket', { clientId, color: '#c56bff', billable: true });
    const taskId = await insertTask(t, u.workspaceId, projectId, 'Fuel');
    const res = await create(u, { start: '2024-06-01T09:00:00Z', duration: 60, task_id: taskId }, '?meta=true');
    expect(res.body).toMatchObject({
      client_id: clientId,
      client_name: 'Acme',
      project_name: 'Rocket',
      project_color: '#c56bff',
      project_active: true,
      project_billable: true,
      task_name: 'Fuel',
      user_name: 'Mia Meta',
      user_avatar_url: '',
    });
    const bare = await create(u, { start: '2024-06-01T10:00:00Z', duration: 60 }, '?meta=true');
    expect(bare.body).toMatchObject({ client_id: null, client_name: null, project_name: null, task_name: null, user_name: 'Mia Meta' });
    const read = await u.api.get(`/api/v9/me/time_entries/${res.body.id}`);
    expect(read.body).not.toHaveProperty('project_name');
    expect((await u.api.get(`/api/v9/me/time_entries/${res.body.id}?meta=true`)).body.project_name).toBe('Rocket');
  });
});

describe('GET /me/time_entries/{id} and /current', () => {
  it('answers null with 200 when no timer runs', async () => {
    const u = await createUser(t);
    const res = await u.api.get('/api/v9/me/time_entries/current');
    expect(res.status).toBe(200);
    expect(res.text).toBe('null');
  });

  it('answers 404 for unknown ids and 400 for malformed ones', async () => {
    const u = await createUser(t);
    const missing = await u.api.get('/api/v9/me/time_entries/987654');
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('Time entry not found');
    expect((await u.api.get('/api/v9/me/time_entries/abc')).status).toBe(400);
  });

  it('adds shared_with when include_sharing is asked', async () => {
    const u = await createUser(t);
    const res = await create(u, { start: '2024-06-01T09:00:00Z', duration: 60 });
    expect((await u.api.get(`/api/v9/me/time_entries/${res.body.id}?include_sharing=true`)).body.shared_with).toEqual([]);
  });
});

describe('PUT /workspaces/{workspace_id}/time_entries/{id}', () => {
  it('changes only what is sent and moves at', async () => {
    const u = await createUser(t);
    const entry = (await create(u, { description: 'Before', start: '2024-06-01T09:00:00Z', duration: 600, tags: ['a'] })).body;
    await new Promise((r) => setTimeout(r, 5));
    const res = await u.api.put(`${entries(u)}/${entry.id}`, { description: 'After' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: entry.id, description: 'After', start: entry.start, stop: entry.stop, duration: 600, tags: ['a'] });
    expect(res.body.at > entry.at).toBe(true);
  });

  it('replaces, adds and deletes tags', async () => {
    const u = await createUser(t);
    const entry = (await create(u, { start: '2024-06-01T09:00:00Z', duration: 60, tags: ['a', 'b'] })).body;
    const url = `${entries(u)}/${entry.id}`;
    expect((await u.api.put(url, { tags: ['c', 'a'] })).body.tags).toEqual(['c', 'a']);
    expect((await u.api.put(url, { tags: ['d', 'C'], tag_action: 'add' })).body.tags).toEqual(['c', 'a', 'd']);
    expect((await u.api.put(url, { tags: ['A', 'nope'], tag_action: 'delete' })).body.tags).toEqual(['c', 'd']);
    const tags = await t.database.db.selectFrom('tags').select('name').where('workspace_id', '=', u.workspaceId).execute();
    expect(tags.map((r) => r.name)).not.toContain('nope');
    const d = (await u.api.get(`/api/v9/me/time_entries/${entry.id}`)).body.tag_ids[1];
    expect((await u.api.put(url, { tag_ids: [d], tag_action: 'delete' })).body.tags).toEqual(['c']);
    expect((await u.api.put(url, { tags: [] })).body).toMatchObject({ tags: [], tag_ids: [] });
  });

  it('moves to another project: drops the task and takes the new billable; null clears', async () => {
    const u = await createUser(t);
    const p1 = await insertProject(t, u.workspaceId, 'One');
    const task = await insertTask(t, u.workspaceId, p1, 'T1');
    const p2 = await insertProject(t, u.workspaceId, 'Two', { billable: true });
    const entry = (await create(u, { start: '2024-06-01T09:00:00Z', duration: 60, task_id: task })).body;
    const url = `${entries(u)}/${entry.id}`;
    const moved = await u.api.put(url, { project_id: p2 });
    expect(moved.body).toMatchObject({ project_id: p2, task_id: null, billable: true });
    const cleared = await u.api.put(url, { project_id: null });
    expect(cleared.body).toMatchObject({ project_id: null, pid: null, task_id: null, billable: true });
  });

  it('reshapes times: start of a running entry keeps it running, duration or stop stop it', async () => {
    const u = await createUser(t);
    const entry = (await create(u, { start: '2024-06-01T09:00:00Z', duration: -1 })).body;
    const url = `${entries(u)}/${entry.id}`;
    const moved = await u.api.put(url, { start: '2024-06-01T08:00:00Z' });
    expect(moved.body).toMatchObject({ start: '2024-06-01T08:00:00+00:00', stop: null, duration: -unix('2024-06-01T08:00:00Z') });
    const stopped = await u.api.put(url, { duration: 1800 });
    expect(stopped.body).toMatchObject({ stop: '2024-06-01T08:30:00+00:00', duration: 1800 });
    const laterStart = await u.api.put(url, { start: '2024-06-01T08:10:00Z' });
    expect(laterStart.body).toMatchObject({ stop: '2024-06-01T08:30:00+00:00', duration: 1200 });
    const byStop = await u.api.put(url, { stop: '2024-06-01T09:10:00Z' });
    expect(byStop.body).toMatchObject({ duration: 3600 });
    const restarted = await u.api.put(url, { duration: -1 });
    expect(restarted.body).toMatchObject({ stop: null });
    expect((await u.api.get('/api/v9/me/time_entries/current')).body.id).toBe(entry.id);
  });

  it('accepts the whole entry sent back as received', async () => {
    const u = await createUser(t);
    const projectId = await insertProject(t, u.workspaceId, 'Echo');
    const entry = (await create(u, { start: '2024-06-01T09:00:00Z', duration: 60, tags: ['x'], project_id: projectId }, '?meta=true')).body;
    const res = await u.api.put(`${entries(u)}/${entry.id}`, { ...entry, description: 'Edited' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ description: 'Edited', tags: ['x'], project_id: projectId, duration: 60, start: entry.start });
    const running = (await create(u, { start: '2024-06-02T09:00:00Z', duration: -1 })).body;
    const echoed = await u.api.put(`${entries(u)}/${running.id}`, { ...running, description: 'Still running' });
    expect(echoed.body).toMatchObject({ stop: null, duration: running.duration, description: 'Still running' });
  });

  it('refuses bad changes and leaves the entry as it was', async () => {
    const u = await createUser(t);
    const entry = (await create(u, { description: 'Keep', start: '2024-06-01T09:00:00Z', duration: 600, tags: ['t'] })).body;
    const url = `${entries(u)}/${entry.id}`;
    const cases: [Record<string, unknown>, string][] = [
      [{ stop: '2024-06-01T08:00:00Z' }, 'Stop time must be after start time'],
      [{ start: '2024-06-01T09:20:00Z' }, 'Stop time must be after start time'],
      [{ description: 'New', project_id: 424242 }, 'Invalid project_id'],
      [{ description: 'New', tag_ids: [424242] }, 'Some tag IDs do not belong to workspace.'],
      [{ workspace_id: u.workspaceId + 1 }, 'workspace_id in the body does not match the workspace in the path'],
    ];
    for (const [body, message] of cases) {
      const res = await u.api.put(url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toBe(message);
    }
    expect((await u.api.get(`/api/v9/me/time_entries/${entry.id}`)).body).toMatchObject({ description: 'Keep', duration: 600, tags: ['t'], at: entry.at });
    const missing = await u.api.put(`${entries(u)}/999999`, { description: 'x' });
    expect(missing.status).toBe(404);
  });
});

describe('PATCH .../stop and DELETE', () => {
  it('stops a running entry now, and refuses a stopped one with 409', async () => {
    const u = await createUser(t);
    const start = new Date(Date.now() - 90_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const entry = (await create(u, { start, duration: -1 })).body;
    const res = await u.api.patch(`${entries(u)}/${entry.id}/stop`);
    expect(res.status).toBe(200);
    expect(res.body.stop).not.toBeNull();
    expect(res.body.duration).toBeGreaterThanOrEqual(90);
    expect(res.body.duration).toBeLessThan(200);
    const again = await u.api.patch(`${entries(u)}/${entry.id}/stop`);
    expect(again.status).toBe(409);
    expect(again.body).toBe('Time entry already stopped');
    expect((await u.api.patch(`${entries(u)}/424242/stop`)).status).toBe(404);
    expect((await u.api.get('/api/v9/me/time_entries/current')).text).toBe('null');
  });

  it('deletes softly: the entry is gone from reads but reported by since', async () => {
    const u = await createUser(t);
    const since = Math.floor(Date.now() / 1000) - 1;
    const entry = (await create(u, { start: '2024-06-01T09:00:00Z', duration: 60 })).body;
    const res = await u.api.delete(`${entries(u)}/${entry.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect((await u.api.get(`/api/v9/me/time_entries/${entry.id}`)).status).toBe(404);
    const synced = (await u.api.get(`/api/v9/me/time_entries?since=${since}`)).body;
    expect(synced).toEqual([expect.objectContaining({ id: entry.id, server_deleted_at: expect.stringMatching(/\+00:00$/) })]);
    const again = await u.api.delete(`${entries(u)}/${entry.id}`);
    expect(again.status).toBe(404);
    expect(again.body).toBe('Time entry not found');
  });

  it('deleting the running entry frees the timer', async () => {
    const u = await createUser(t);
    const entry = (await create(u, { start: '2024-06-01T09:00:00Z', duration: -1 })).body;
    await u.api.delete(`${entries(u)}/${entry.id}`);
    expect((await u.api.get('/api/v9/me/time_entries/current')).text).toBe('null');
    expect((await create(u, { start: '2024-06-01T10:00:00Z', duration: -1 })).status).toBe(200);
  });
});
