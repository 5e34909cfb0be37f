import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createUser, type TestUser } from '../../helpers/factories.js';
import { addMember, insertProject, insertTag } from './time-entries.fixtures.js';

// Bulk edit (JSON Patch), sharing details, invitations and the checklist.

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const base = (u: TestUser) => `/api/v9/workspaces/${u.workspaceId}/time_entries`;
const create = async (u: TestUser, body: Record<string, unknown>) => {
  const res = await u.api.post(base(u), { created_with: 'stint-tests', ...body });
  expect(res.status, res.text).toBe(200);
  return res.body;
};
const read = async (u: TestUser, id: number) => (await u.api.get(`/api/v9/me/time_entries/${id}`)).body;

describe('PATCH /workspaces/{workspace_id}/time_entries/{time_entry_ids}', () => {
  it('applies the operations to every entry and reports each id', async () => {
    const u = await createUser(t);
    const projectId = await insertProject(t, u.workspaceId, 'Bulk', { billable: true });
    const a = await create(u, { description: 'a', start: '2024-06-01T09:00:00Z', duration: 60, tags: ['keep', 'drop'] });
    const b = await create(u, { description: 'b', start: '2024-06-01T10:00:00Z', duration: 60 });
    const res = await u.api.patch(`${base(u)}/${a.id},${b.id}`, [
      { op: 'replace', path: '/description', value: 'same for both' },
      { op: 'replace', path: '/project_id', value: projectId },
      { op: 'replace', path: '/billable', value: false },
      { op: 'add', path: '/tags', value: ['New', 'keep'] },
      { op: 'remove', path: '/tags', value: ['drop'] },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: [a.id, b.id], failure: [] });
    expect(await read(u, a.id)).toMatchObject({ description: 'same for both', project_id: projectId, billable: false, tags: ['keep', 'New'] });
    expect(await read(u, b.id)).toMatchObject({ description: 'same for both', project_id: projectId, billable: false, tags: ['New', 'keep'] });
  });

  it('reports entries it cannot change without spoiling the others', async () => {
    const owner = await createUser(t);
    const member = await createUser(t);
    await addMember(t, owner.workspaceId, member.user.id);
    const early = await create(owner, { start: '2024-06-01T09:00:00Z', duration: 60 });
    const late = await create(owner, { start: '2024-06-01T11:00:00Z', duration: 60 });
    const theirs = (await member.api.post(base(owner), { created_with: 'x', start: '2024-06-01T09:00:00Z', duration: 60 })).body;
    const res = await owner.api.patch(`${base(owner)}/${early.id},${late.id},${theirs.id},424242`, [
      { op: 'replace', path: '/stop', value: '2024-06-01T10:00:00Z' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: [early.id],
      failure: [
        { id: late.id, message: 'Stop time must be after start time' },
        { id: theirs.id, message: 'Time entry not found' },
        { id: 424242, message: 'Time entry not found' },
      ],
    });
    expect(await read(owner, early.id)).toMatchObject({ stop: '2024-06-01T10:00:00+00:00', duration: 3600 });
    expect(await read(owner, late.id)).toMatchObject({ stop: late.stop, duration: 60, at: late.at });
    expect(await read(member, theirs.id)).toMatchObject({ stop: theirs.stop, at: theirs.at });
  });

  it('applies each entry atomically: a failing tag rule leaves that entry untouched', async () => {
    const owner = await createUser(t);
    const member = await createUser(t);
    await addMember(t, owner.workspaceId, member.user.id);
    await owner.api.put(`/api/v9/workspaces/${owner.workspaceId}`, { only_admins_may_create_tags: true });
    const entry = (await member.api.post(base(owner), { created_with: 'x', description: 'before', start: '2024-06-01T09:00:00Z', duration: 60 })).body;
    const res = await member.api.patch(`${base(owner)}/${entry.id}`, [
      { op: 'replace', path: '/description', value: 'after' },
      { op: 'add', path: '/tags', value: ['unknown tag'] },
    ]);
    expect(res.body).toEqual({ success: [], failure: [{ id: entry.id, message: 'Only organization or workspace administrators may manage tags in this workspace.' }] });
    expect(await read(member, entry.id)).toMatchObject({ description: 'before', tags: [] });
    const tags = await t.database.db.selectFrom('tags').select('id').where('workspace_id', '=', owner.workspaceId).execute();
    expect(tags).toEqual([]);
  });

  it('edits times, tag ids and clears fields with remove', async () => {
    const u = await createUser(t);
    const projectId = await insertProject(t, u.workspaceId, 'Clear me');
    const tagA = await insertTag(t, u.workspaceId, 'a');
    const tagB = await insertTag(t, u.workspaceId, 'b');
    const entry = await create(u, { description: 'text', start: '2024-06-01T09:00:00Z', duration: 60, project_id: projectId, tag_ids: [tagA] });
    const url = `${base(u)}/${entry.id}`;
    const ok = async (ops: unknown[]) => expect((await u.api.patch(url, ops)).body).toEqual({ success: [entry.id], failure: [] });
    await ok([{ op: 'replace', path: '/start', value: '2024-06-01T08:00:00Z' }, { op: 'replace', path: '/duration', value: 7200 }]);
    expect(await read(u, entry.id)).toMatchObject({ start: '2024-06-01T08:00:00+00:00', stop: '2024-06-01T10:00:00+00:00', duration: 7200 });
    await ok([{ op: 'add', path: '/tag_ids', value: [tagB] }]);
    expect((await read(u, entry.id)).tag_ids).toEqual([tagA, tagB]);
    await ok([{ op: 'replace', path: '/tag_ids', value: [tagB] }]);
    expect((await read(u, entry.id)).tags).toEqual(['b']);
    await ok([
      { op: 'remove', path: '/project_id' },
      { op: 'remove', path: '/description' },
      { op: 'replace', path: '/tags', value: [] },
    ]);
    expect(await read(u, entry.id)).toMatchObject({ project_id: null, description: null, tags: [], tag_ids: [] });
    await ok([{ op: 'replace', path: '/duration', value: -1 }]);
    expect((await u.api.get('/api/v9/me/time_entries/current')).body.id).toBe(entry.id);
  });

  it('refuses malformed requests with 400 and changes nothing', async () => {
    const u = await createUser(t);
    const entry = await create(u, { description: 'untouched', start: '2024-06-01T09:00:00Z', duration: 60 });
    const url = `${base(u)}/${entry.id}`;
    const many = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    const cases: [string, unknown, string][] = [
      [url, [{ op: 'move', path: '/description', value: 'x' }], 'Invalid op: move'],
      [url, [{ op: 'replace', path: 'description', value: 'x' }], 'Invalid path format: description'],
      [url, [{ op: 'replace', path: '/color', value: 'x' }], 'Path not found: /color'],
      [url, [{ op: 'remove', path: '/billable' }], 'Operation not supported (remove /billable)'],
      [url, [{ op: 'replace', path: '/billable', value: 'yes' }], '/billable expects a boolean'],
      [url, [{ op: 'replace', path: '/duration', value: 1.5 }], '/duration expects an integer'],
      [url, [{ op: 'replace', path: '/start', value: 'noon' }], "Invalid start time 'noon': use RFC 3339, e.g. 2006-01-02T15:04:05Z"],
      [url, [{ op: 'add', path: '/tags', value: [] }], "Value not present, or too many per patch operation (empty 'value' array or more than 100 values)"],
      [url, [{ op: 'replace', path: '/shared_with_user_ids', value: [u.user.id] }], 'A time entry cannot be shared with its owner'],
      [url, [{ op: 'add', path: '/shared_with_user_ids', value: ['x'] }], '/shared_with_user_ids expects an array of integers'],
      [url, [], 'No patchable fields defined'],
      [url, Array.from({ length: 101 }, () => ({ op: 'replace', path: '/description', value: 'x' })), 'Too many operations (more than 100 patches in request)'],
      [`${base(u)}/${many}`, [{ op: 'replace', path: '/description', value: 'x' }], 'PATCH request is limited to 100 entries at once'],
      [`${base(u)}/1,abc`, [{ op: 'replace', path: '/description', value: 'x' }], 'Invalid value as time entry IDs'],
      [url, { op: 'replace' }, 'Invalid JSON input: body must be array'],
    ];
    for (const [target, body, message] of cases) {
      const res = await u.api.patch(target, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body).toBe(message);
    }
    const other = await createUser(t);
    const forOther = await u.api.patch(url, [{ op: 'replace', path: '/user_id', value: other.user.id }]);
    expect(forOther.status).toBe(403);
    expect(await read(u, entry.id)).toMatchObject({ description: 'untouched', at: entry.at });
  });
});

describe('POST /me/time_entries_shared_with', () => {
  it('answers an empty list for entries shared with nobody', async () => {
    const u = await createUser(t);
    const entry = await create(u, { start: '2024-06-01T09:00:00Z', duration: 60 });
    const res = await u.api.post('/api/v9/me/time_entries_shared_with', [{ time_entry_id: entry.id, workspace_id: u.workspaceId }]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    expect((await u.api.post('/api/v9/me/time_entries_shared_with', [])).body).toEqual([]);
  });

  it('refuses foreign workspaces and other people’s entries', async () => {
    const u = await createUser(t);
    const other = await createUser(t);
    await addMember(t, other.workspaceId, u.user.id);
    const theirs = await create(other, { start: '2024-06-01T09:00:00Z', duration: 60 });
    const foreign = await other.api.post('/api/v9/me/time_entries_shared_with', [{ time_entry_id: 1, workspace_id: u.workspaceId + 999 }]);
    expect(foreign.status).toBe(400);
    expect(foreign.body).toBe('Invalid workspace');
    const notMine = await u.api.post('/api/v9/me/time_entries_shared_with', [{ time_entry_id: theirs.id, workspace_id: other.workspaceId }]);
    expect(notMine.status).toBe(403);
    expect((await u.api.post('/api/v9/me/time_entries_shared_with', { time_entry_id: 1 })).status).toBe(400);
  });
});

describe('time entry invitations', () => {
  it('lists none, and an unknown invitation cannot be accepted or rejected', async () => {
    const u = await createUser(t);
    const list = await u.api.get(`/api/v9/workspaces/${u.workspaceId}/time_entry_invitations`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([]);
    for (const action of ['accept', 'reject']) {
      const res = await u.api.post(`/api/v9/workspaces/${u.workspaceId}/time_entry_invitations/12345/${action}`);
      expect(res.status).toBe(400);
      expect(res.body).toBe('invalid time_entry_invitation_id');
    }
    const bad = await u.api.post(`/api/v9/workspaces/${u.workspaceId}/time_entry_invitations/12345/ignore`);
    expect(bad.status).toBe(400);
    expect(bad.body).toBe("Invalid action 'ignore': use 'accept' or 'reject'");
  });

  it('refuses outsiders with 403', async () => {
    const u = await createUser(t);
    const stranger = await createUser(t);
    expect((await stranger.api.get(`/api/v9/workspaces/${u.workspaceId}/time_entry_invitations`)).status).toBe(403);
    expect((await stranger.api.post(`/api/v9/workspaces/${u.workspaceId}/time_entry_invitations/1/accept`)).status).toBe(403);
  });
});

describe('GET /me/time_entries/checklist', () => {
  it('tells whether the user has tracked time', async () => {
    const u = await createUser(t);
    const empty = await u.api.get('/api/v9/me/time_entries/checklist');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual([{ time_entries_count_check: false, time_entries_created_check: false }]);
    const entry = await create(u, { start: '2024-06-01T09:00:00Z', duration: 60 });
    expect((await u.api.get('/api/v9/me/time_entries/checklist')).body).toEqual([{ time_entries_count_check: true, time_entries_created_check: true }]);
    await u.api.delete(`${base(u)}/${entry.id}`);
    expect((await u.api.get('/api/v9/me/time_entries/checklist')).body).toEqual([{ time_entries_count_check: false, time_entries_created_check: true }]);
  });
});
