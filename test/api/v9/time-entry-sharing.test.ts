import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser } from '../../helpers/factories.js';
import { insertProject, insertTask } from './time-entries.fixtures.js';

// Time entry sharing: shared_with_user_ids on create, PUT and bulk PATCH; shared_with and the
// bulk sharing details; the recipient's invitations and their accept/reject action.

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const entriesUrl = (wid: number) => `/api/v9/workspaces/${wid}/time_entries`;
const invitationsUrl = (wid: number) => `/api/v9/workspaces/${wid}/time_entry_invitations`;

/** An owner and two members of the owner's workspace. */
async function team(): Promise<{ owner: TestUser; alice: TestUser; bob: TestUser; wid: number }> {
  const owner = await createUser(t, { fullname: 'Olivia Owner' });
  const alice = await createUser(t, { fullname: 'Alice Member' });
  const bob = await createUser(t, { fullname: 'Bob Member' });
  await addMember(t, owner.workspaceId, alice.user.id);
  await addMember(t, owner.workspaceId, bob.user.id);
  return { owner, alice, bob, wid: owner.workspaceId };
}

async function createEntry(u: TestUser, wid: number, body: Record<string, unknown>) {
  const res = await u.api.post(entriesUrl(wid), { created_with: 'stint-tests', start: '2024-06-03T09:00:00Z', duration: 1800, ...body });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function invitations(u: TestUser, wid: number) {
  const res = await u.api.get(invitationsUrl(wid));
  expect(res.status, res.text).toBe(200);
  return res.body as any[];
}

const answer = (u: TestUser, wid: number, invitationId: number, action: string) => u.api.post(`${invitationsUrl(wid)}/${invitationId}/${action}`);

const sharedWith = async (u: TestUser, entryId: number) => (await u.api.get(`/api/v9/me/time_entries/${entryId}?include_sharing=true`)).body.shared_with;

/** Every live entry of the user, whatever its start. */
const liveEntries = async (u: TestUser) => (await u.api.get('/api/v9/me/time_entries?since=0')).body.filter((e: any) => e.server_deleted_at === null);

const invitationRows = (entryId: number) =>
  t.database.db.selectFrom('time_entry_invitations').select(['recipient_id', 'status']).where('time_entry_id', '=', entryId).orderBy('id').execute();

describe('sharing a time entry', () => {
  it('invites workspace members and shows them, pending, to the owner', async () => {
    const { owner, alice, bob, wid } = await team();
    const entry = await createEntry(owner, wid, { description: 'Pairing', shared_with_user_ids: [alice.user.id, bob.user.id, alice.user.id] });
    // Like every write answer, the created entry carries shared_with only when asked to.
    expect(entry.shared_with).toBeNull();

    const pending = [
      { accepted: false, user_id: alice.user.id, user_name: 'Alice Member' },
      { accepted: false, user_id: bob.user.id, user_name: 'Bob Member' },
    ];
    expect(await sharedWith(owner, entry.id)).toEqual(pending);
    const listed = (await owner.api.get('/api/v9/me/time_entries?since=0&include_sharing=true')).body;
    expect(listed.find((e: any) => e.id === entry.id).shared_with).toEqual(pending);
    expect((await owner.api.get(`/api/v9/me/time_entries/${entry.id}`)).body.shared_with).toBeNull();

    const forAlice = await invitations(alice, wid);
    expect(forAlice).toEqual([
      {
        shared_by_user_id: owner.user.id,
        shared_by_user_name: 'Olivia Owner',
        time_entry: expect.objectContaining({ id: entry.id, description: 'Pairing', user_id: owner.user.id, workspace_id: wid, duration: 1800 }),
        time_entry_invitation_id: expect.any(Number),
        workspace_id: wid,
      },
    ]);
    expect(await invitations(bob, wid)).toHaveLength(1);
    expect(await invitations(owner, wid)).toEqual([]);

    const details = await owner.api.post('/api/v9/me/time_entries_shared_with', [{ time_entry_id: entry.id, workspace_id: wid }]);
    expect(details.status).toBe(200);
    expect(details.body).toEqual([
      { is_accepted: false, time_entry_id: entry.id, time_entry_invitation_id: forAlice[0].time_entry_invitation_id, user_id: alice.user.id, user_name: 'Alice Member', workspace_id: wid },
      { is_accepted: false, time_entry_id: entry.id, time_entry_invitation_id: expect.any(Number), user_id: bob.user.id, user_name: 'Bob Member', workspace_id: wid },
    ]);
  });

  it('treats the PUT list as the recipients: newcomers are invited, dropped pending invitations withdrawn', async () => {
    const { owner, alice, bob, wid } = await team();
    const entry = await createEntry(owner, wid, { shared_with_user_ids: [alice.user.id] });
    const [aliceInvitation] = await invitations(alice, wid);

    const res = await owner.api.put(`${entriesUrl(wid)}/${entry.id}?include_sharing=true`, { shared_with_user_ids: [bob.user.id] });
    expect(res.status).toBe(200);
    expect(res.body.shared_with).toEqual([{ accepted: false, user_id: bob.user.id, user_name: 'Bob Member' }]);
    expect(await invitations(alice, wid)).toEqual([]);
    const withdrawn = await answer(alice, wid, aliceInvitation.time_entry_invitation_id, 'accept');
    expect(withdrawn.status).toBe(400);
    expect(withdrawn.body).toBe('invalid time_entry_invitation_id');
    expect(await liveEntries(alice)).toEqual([]);

    // Sending the same list again invites nobody twice; naming Alice again reopens her invitation.
    await owner.api.put(`${entriesUrl(wid)}/${entry.id}`, { shared_with_user_ids: [bob.user.id, alice.user.id] });
    await owner.api.put(`${entriesUrl(wid)}/${entry.id}`, { shared_with_user_ids: [bob.user.id, alice.user.id] });
    expect(await invitationRows(entry.id)).toEqual([
      { recipient_id: alice.user.id, status: 'pending' },
      { recipient_id: bob.user.id, status: 'pending' },
    ]);
    expect((await invitations(alice, wid)).map((i) => i.time_entry_invitation_id)).toEqual([aliceInvitation.time_entry_invitation_id]);

    // A PUT without the list (or with null) leaves sharing alone; an empty list withdraws everything.
    await owner.api.put(`${entriesUrl(wid)}/${entry.id}`, { description: 'renamed', shared_with_user_ids: null });
    expect(await sharedWith(owner, entry.id)).toHaveLength(2);
    await owner.api.put(`${entriesUrl(wid)}/${entry.id}`, { shared_with_user_ids: [] });
    expect(await sharedWith(owner, entry.id)).toEqual([]);
    expect(await invitations(bob, wid)).toEqual([]);
  });

  it('adds, removes and replaces recipients through the bulk PATCH', async () => {
    const { owner, alice, bob, wid } = await team();
    const a = await createEntry(owner, wid, { description: 'a' });
    const b = await createEntry(owner, wid, { description: 'b', start: '2024-06-03T11:00:00Z' });
    const url = `${entriesUrl(wid)}/${a.id},${b.id}`;

    const added = await owner.api.patch(url, [{ op: 'add', path: '/shared_with_user_ids', value: [alice.user.id, bob.user.id] }]);
    expect(added.body).toEqual({ success: [a.id, b.id], failure: [] });
    expect((await invitations(alice, wid)).map((i) => i.time_entry.id).sort()).toEqual([a.id, b.id].sort());

    await owner.api.patch(url, [{ op: 'remove', path: '/shared_with_user_ids', value: [bob.user.id] }]);
    expect(await invitations(bob, wid)).toEqual([]);
    expect((await sharedWith(owner, a.id)).map((w: any) => w.user_id)).toEqual([alice.user.id]);

    await owner.api.patch(`${entriesUrl(wid)}/${a.id}`, [{ op: 'replace', path: '/shared_with_user_ids', value: [bob.user.id] }]);
    expect((await sharedWith(owner, a.id)).map((w: any) => w.user_id)).toEqual([bob.user.id]);

    await owner.api.patch(url, [{ op: 'remove', path: '/shared_with_user_ids' }]);
    expect(await sharedWith(owner, a.id)).toEqual([]);
    expect(await sharedWith(owner, b.id)).toEqual([]);
    expect(await invitations(alice, wid)).toEqual([]);
  });

  it('withdraws the invitations of a deleted entry', async () => {
    const { owner, alice, wid } = await team();
    const entry = await createEntry(owner, wid, { shared_with_user_ids: [alice.user.id] });
    const [invitation] = await invitations(alice, wid);
    expect((await owner.api.delete(`${entriesUrl(wid)}/${entry.id}`)).status).toBe(200);
    expect(await invitations(alice, wid)).toEqual([]);
    const res = await answer(alice, wid, invitation.time_entry_invitation_id, 'accept');
    expect(res.status).toBe(400);
    expect(res.body).toBe('invalid time_entry_invitation_id');
    expect(await liveEntries(alice)).toEqual([]);
  });

  it('loads sharing for a whole page in one query', async () => {
    const { owner, alice, wid } = await team();
    const executor = t.database.db.getExecutor();
    const count = async (query: string) => {
      const spy = vi.spyOn(executor, 'executeQuery');
      const res = await owner.api.get(`/api/v9/me/time_entries?start_date=2024-07-01&end_date=2024-07-31${query}`);
      const n = spy.mock.calls.length;
      spy.mockRestore();
      return { n, body: res.body };
    };
    for (let i = 0; i < 20; i++) {
      await createEntry(owner, wid, { start: `2024-07-${String(i + 1).padStart(2, '0')}T09:00:00Z`, shared_with_user_ids: i % 2 ? [alice.user.id] : [] });
    }
    const without = await count('');
    const withSharing = await count('&include_sharing=true');
    expect(withSharing.body).toHaveLength(20);
    expect(withSharing.n).toBe(without.n + 1);
    expect(withSharing.body.filter((e: any) => e.shared_with.length === 1)).toHaveLength(10);
  });
});

describe('answering an invitation', () => {
  it('accept copies the entry into the recipient’s own time and answers the invitation for good', async () => {
    const { owner, alice, bob, wid } = await team();
    const projectId = await insertProject(t, wid, 'Public work', { billable: true });
    const taskId = await insertTask(t, wid, projectId, 'Design');
    const entry = await createEntry(owner, wid, {
      description: 'Workshop',
      project_id: projectId,
      task_id: taskId,
      billable: false,
      tags: ['meeting', 'client'],
      start: '2024-06-03T09:00:00Z',
      stop: '2024-06-03T10:30:00Z',
      duration: 5400,
      shared_with_user_ids: [alice.user.id, bob.user.id],
    });
    const [invitation] = await invitations(alice, wid);

    const res = await answer(alice, wid, invitation.time_entry_invitation_id, 'accept');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');

    const copies = await liveEntries(alice);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({
      description: 'Workshop',
      project_id: projectId,
      task_id: taskId,
      billable: false,
      tags: ['meeting', 'client'],
      tag_ids: entry.tag_ids,
      start: '2024-06-03T09:00:00+00:00',
      stop: '2024-06-03T10:30:00+00:00',
      duration: 5400,
      user_id: alice.user.id,
      workspace_id: wid,
    });
    expect(copies[0].id).not.toBe(entry.id);
    // The original stays the owner's, untouched.
    expect((await owner.api.get(`/api/v9/me/time_entries/${entry.id}`)).body).toMatchObject({ user_id: owner.user.id, description: 'Workshop', at: entry.at });

    expect(await invitations(alice, wid)).toEqual([]);
    expect(await sharedWith(owner, entry.id)).toEqual([
      { accepted: true, user_id: alice.user.id, user_name: 'Alice Member' },
      { accepted: false, user_id: bob.user.id, user_name: 'Bob Member' },
    ]);
    const details = (await owner.api.post('/api/v9/me/time_entries_shared_with', [{ time_entry_id: entry.id, workspace_id: wid }])).body;
    expect(details.map((d: any) => [d.user_id, d.is_accepted])).toEqual([
      [alice.user.id, true],
      [bob.user.id, false],
    ]);

    for (const action of ['accept', 'reject']) {
      const again = await answer(alice, wid, invitation.time_entry_invitation_id, action);
      expect(again.status).toBe(400);
      expect(again.body).toBe('Time entry invitation already accepted');
    }
    expect(await liveEntries(alice)).toHaveLength(1);
  });

  it('reject declines: no copy, no longer listed, no longer shown as shared', async () => {
    const { owner, alice, wid } = await team();
    const entry = await createEntry(owner, wid, { shared_with_user_ids: [alice.user.id] });
    const [invitation] = await invitations(alice, wid);
    const res = await answer(alice, wid, invitation.time_entry_invitation_id, 'reject');
    expect(res.status).toBe(204);
    expect(await liveEntries(alice)).toEqual([]);
    expect(await invitations(alice, wid)).toEqual([]);
    expect(await sharedWith(owner, entry.id)).toEqual([]);
    const again = await answer(alice, wid, invitation.time_entry_invitation_id, 'accept');
    expect(again.status).toBe(400);
    expect(again.body).toBe('Time entry invitation already rejected');
    expect(await liveEntries(alice)).toEqual([]);
    // Sending the same list again does not bother the person who declined.
    await owner.api.put(`${entriesUrl(wid)}/${entry.id}`, { shared_with_user_ids: [alice.user.id] });
    expect(await invitations(alice, wid)).toEqual([]);
  });

  it('copies without the project (and its task) when the recipient cannot see that project', async () => {
    const { owner, alice, bob, wid } = await team();
    const secret = await insertProject(t, wid, 'Secret', { isPrivate: true, members: [owner.user.id, bob.user.id] });
    const taskId = await insertTask(t, wid, secret, 'Hidden task');
    await createEntry(owner, wid, { description: 'Private work', project_id: secret, task_id: taskId, shared_with_user_ids: [alice.user.id, bob.user.id] });

    const [forAlice] = await invitations(alice, wid);
    expect((await answer(alice, wid, forAlice.time_entry_invitation_id, 'accept')).status).toBe(204);
    expect(await liveEntries(alice)).toEqual([expect.objectContaining({ description: 'Private work', project_id: null, task_id: null })]);

    const [forBob] = await invitations(bob, wid);
    expect((await answer(bob, wid, forBob.time_entry_invitation_id, 'accept')).status).toBe(204);
    expect(await liveEntries(bob)).toEqual([expect.objectContaining({ description: 'Private work', project_id: secret, task_id: taskId })]);
  });

  it('copies a running entry as running, stopping the recipient’s own timer as a new start would', async () => {
    const { owner, alice, wid } = await team();
    const mine = await createEntry(alice, wid, { description: 'Alice timer', start: '2024-06-03T08:00:00Z', duration: -1 });
    await createEntry(owner, wid, { description: 'Live session', start: '2024-06-03T09:00:00Z', duration: -1, shared_with_user_ids: [alice.user.id] });
    const [invitation] = await invitations(alice, wid);
    expect(invitation.time_entry).toMatchObject({ stop: null, duration: -Math.floor(Date.parse('2024-06-03T09:00:00Z') / 1000) });

    expect((await answer(alice, wid, invitation.time_entry_invitation_id, 'accept')).status).toBe(204);
    const current = (await alice.api.get('/api/v9/me/time_entries/current')).body;
    expect(current).toMatchObject({ description: 'Live session', user_id: alice.user.id, stop: null });
    expect((await alice.api.get(`/api/v9/me/time_entries/${mine.id}`)).body).toMatchObject({ stop: '2024-06-03T09:00:00+00:00', duration: 3600 });
  });

  it('refuses unknown actions and malformed ids with 400', async () => {
    const { owner, alice, wid } = await team();
    await createEntry(owner, wid, { shared_with_user_ids: [alice.user.id] });
    const [invitation] = await invitations(alice, wid);
    const bad = await answer(alice, wid, invitation.time_entry_invitation_id, 'ignore');
    expect(bad.status).toBe(400);
    expect(bad.body).toBe("Invalid action 'ignore': use 'accept' or 'reject'");
    expect((await answer(alice, wid, 0, 'accept')).status).toBe(400);
    expect((await alice.api.post(`${invitationsUrl(wid)}/abc/accept`)).status).toBe(400);
    const unknown = await answer(alice, wid, invitation.time_entry_invitation_id + 1000, 'accept');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toBe('invalid time_entry_invitation_id');
    expect(await invitations(alice, wid)).toHaveLength(1);
  });
});

describe('sharing refusals', () => {
  it('refuses recipients outside the workspace, the owner, and malformed ids, creating nothing', async () => {
    const { owner, alice, wid } = await team();
    const stranger = await createUser(t);
    const cases: [unknown, string][] = [
      [[stranger.user.id], 'Time entries can only be shared with members of their workspace'],
      [[alice.user.id, stranger.user.id], 'Time entries can only be shared with members of their workspace'],
      [[424242424], 'Time entries can only be shared with members of their workspace'],
      [[owner.user.id], 'A time entry cannot be shared with its owner'],
      [[0], 'Invalid shared_with_user_ids'],
      [[-3], 'Invalid shared_with_user_ids'],
      [['x'], "Invalid field 'shared_with_user_ids.0': must be integer"],
    ];
    for (const [ids, message] of cases) {
      const res = await owner.api.post(entriesUrl(wid), { created_with: 'x', start: '2024-06-03T09:00:00Z', duration: 60, shared_with_user_ids: ids });
      expect(res.status, JSON.stringify(ids)).toBe(400);
      expect(res.body).toBe(message);
    }
    expect(await liveEntries(owner)).toEqual([]);
    expect(await invitations(alice, wid)).toEqual([]);

    const entry = await createEntry(owner, wid, { description: 'kept' });
    const put = await owner.api.put(`${entriesUrl(wid)}/${entry.id}`, { description: 'changed', shared_with_user_ids: [stranger.user.id] });
    expect(put.status).toBe(400);
    expect(put.body).toBe('Time entries can only be shared with members of their workspace');
    expect((await owner.api.get(`/api/v9/me/time_entries/${entry.id}`)).body).toMatchObject({ description: 'kept', at: entry.at });

    const patch = await owner.api.patch(`${entriesUrl(wid)}/${entry.id}`, [{ op: 'add', path: '/shared_with_user_ids', value: [stranger.user.id] }]);
    expect(patch.body).toEqual({ success: [], failure: [{ id: entry.id, message: 'Time entries can only be shared with members of their workspace' }] });
    expect(await invitationRows(entry.id)).toEqual([]);
  });

  it('no longer invites a member removed from the workspace', async () => {
    const { owner, alice, wid } = await team();
    const members = (await owner.api.get(`/api/v9/workspaces/${wid}/workspace_users`)).body;
    const membership = members.find((m: any) => m.uid === alice.user.id);
    expect((await owner.api.delete(`/api/v9/workspaces/${wid}/workspace_users/${membership.id}`)).status).toBe(200);
    const res = await owner.api.post(entriesUrl(wid), { created_with: 'x', start: '2024-06-03T09:00:00Z', duration: 60, shared_with_user_ids: [alice.user.id] });
    expect(res.status).toBe(400);
    expect(res.body).toBe('Time entries can only be shared with members of their workspace');
  });
});

describe('tenancy', () => {
  it('keeps invitations to their recipient and workspace', async () => {
    const { owner, alice, bob, wid } = await team();
    const stranger = await createUser(t);
    const entry = await createEntry(owner, wid, { description: 'For Alice only', shared_with_user_ids: [alice.user.id] });
    const [invitation] = await invitations(alice, wid);
    const id = invitation.time_entry_invitation_id;

    // Outsiders: 403 on the workspace's routes, whatever they ask.
    const listed = await stranger.api.get(invitationsUrl(wid));
    expect(listed.status).toBe(403);
    expect(listed.body).toBe('User does not have access to this resource.');
    for (const action of ['accept', 'reject']) expect((await answer(stranger, wid, id, action)).status).toBe(403);

    // Another member of the workspace, the owner, or the recipient through another workspace: not theirs to answer.
    for (const [who, through] of [
      [bob, wid],
      [owner, wid],
      [alice, alice.workspaceId],
    ] as const) {
      const res = await answer(who, through, id, 'accept');
      expect(res.status).toBe(400);
      expect(res.body).toBe('invalid time_entry_invitation_id');
    }
    expect(await invitations(bob, wid)).toEqual([]);
    expect(await invitations(alice, alice.workspaceId)).toEqual([]);
    expect(await liveEntries(bob)).toEqual([]);
    expect(await liveEntries(owner)).toEqual([expect.objectContaining({ id: entry.id })]);
    expect(await invitationRows(entry.id)).toEqual([{ recipient_id: alice.user.id, status: 'pending' }]);

    // Sharing details are the owner's: a recipient or an outsider cannot read them.
    const asRecipient = await alice.api.post('/api/v9/me/time_entries_shared_with', [{ time_entry_id: entry.id, workspace_id: wid }]);
    expect(asRecipient.status).toBe(403);
    const asStranger = await stranger.api.post('/api/v9/me/time_entries_shared_with', [{ time_entry_id: entry.id, workspace_id: wid }]);
    expect(asStranger.status).toBe(400);
    expect(asStranger.body).toBe('Invalid workspace');
  });

  it('hides invitations from a recipient who left the workspace', async () => {
    const { owner, alice, wid } = await team();
    await createEntry(owner, wid, { shared_with_user_ids: [alice.user.id] });
    const [invitation] = await invitations(alice, wid);
    const members = (await owner.api.get(`/api/v9/workspaces/${wid}/workspace_users`)).body;
    await owner.api.delete(`/api/v9/workspaces/${wid}/workspace_users/${members.find((m: any) => m.uid === alice.user.id).id}`);
    expect((await alice.api.get(invitationsUrl(wid))).status).toBe(403);
    expect((await answer(alice, wid, invitation.time_entry_invitation_id, 'accept')).status).toBe(403);
    expect(await liveEntries(alice)).toEqual([]);
  });
});
