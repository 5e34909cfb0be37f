import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser, ownerWithMember } from '../../helpers/factories.js';
import { V8_TIME } from './v8.fixtures.js';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let stranger: TestUser;
let ws: number;

beforeAll(async () => {
  t = await buildTestApp();
  ({ owner, member, ws } = await ownerWithMember(t, 'Olga Owner', 'Mia Member'));
  stranger = await createUser(t, { fullname: 'Sam Stranger' });
});
afterAll(async () => t.close());

const snapshot = async () => ({
  groups: await t.database.db.selectFrom('groups').selectAll().orderBy('id').execute(),
  group_workspaces: await t.database.db.selectFrom('group_workspaces').selectAll().orderBy('group_id').execute(),
});

describe('POST /groups', () => {
  it('creates a group in the workspace, answered in the data envelope; v9 sees it in the organization', async () => {
    const res = await owner.api.post('/api/v8/groups', { group: { name: 'Developers', wid: ws } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { id: expect.any(Number), wid: ws, name: 'Developers', at: expect.stringMatching(V8_TIME) } });
    const v9 = await owner.api.get(`/api/v9/organizations/${owner.organizationId}/groups`);
    expect(v9.body).toEqual([expect.objectContaining({ group_id: res.body.data.id, name: 'Developers', workspaces: [ws] })]);
  });

  it("goes to the default workspace without a wid", async () => {
    const res = await owner.api.post('/api/v8/groups', { group: { name: 'Defaulted' } });
    expect(res.status).toBe(200);
    expect(res.body.data.wid).toBe(owner.user.default_workspace_id);
  });

  it.each([
    [{ group: { wid: 0 } }, 'Group name must be present'],
    [{ group: { name: ' ', wid: 0 } }, 'Group name must be present'],
    [{ group: { name: 'y'.repeat(201) } }, 'Group name too long, maximum length is 200'],
    [{ group: { name: 'developers' } }, 'Name has already been taken'],
    [{}, "group can't be blank"],
  ])('refuses %j as a failed create (404 with messages) and creates nothing', async (body, message) => {
    const before = await snapshot();
    const res = await owner.api.post('/api/v8/groups', body);
    expect(res.status).toBe(404);
    expect(res.body).toEqual([message]);
    expect(await snapshot()).toEqual(before);
  });

  it('is for admins: a member and an outsider get 403', async () => {
    const before = await snapshot();
    const byMember = await member.api.post('/api/v8/groups', { group: { name: 'Mine', wid: ws } });
    expect(byMember.status).toBe(403);
    expect(Array.isArray(byMember.body)).toBe(true);
    expect((await stranger.api.post('/api/v8/groups', { group: { name: 'pwned', wid: ws } })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});

describe('PUT and DELETE /groups/{id}', () => {
  it('renames without moving the group, then deletes it', async () => {
    const created = (await owner.api.post('/api/v8/groups', { group: { name: 'Front', wid: ws } })).body.data;
    // "Workspace id (wid) can't be changed"
    const put = await owner.api.put(`/api/v8/groups/${created.id}`, { group: { name: 'Front-end', wid: stranger.workspaceId } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ data: { id: created.id, wid: ws, name: 'Front-end', at: expect.stringMatching(V8_TIME) } });
    const bad = await owner.api.put(`/api/v8/groups/${created.id}`, { group: { name: '' } });
    expect(bad.status).toBe(404);
    expect(bad.body).toEqual(['Group name must be present']);

    const del = await owner.api.delete(`/api/v8/groups/${created.id}`);
    expect(del.status).toBe(200);
    expect((await owner.api.get(`/api/v8/workspaces/${ws}/groups`)).body.map((g: { id: number }) => g.id)).not.toContain(created.id);
    const again = await owner.api.delete(`/api/v8/groups/${created.id}`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual(['Group was not found']);
    expect((await owner.api.put('/api/v8/groups/999999', { group: { name: 'x' } })).status).toBe(404);
  });

  it.each([
    [{ name: 'unwrapped' }, "group can't be blank"],
    [{ group: { name: 'z'.repeat(201) } }, 'Group name too long, maximum length is 200'],
    [{ group: { name: 'Taken' } }, 'Name has already been taken'],
  ])('PUT refuses %j as a failed update (404 with messages), changing nothing', async (body, message) => {
    await owner.api.post('/api/v8/groups', { group: { name: 'Taken', wid: ws } });
    const created = (await owner.api.post('/api/v8/groups', { group: { name: `Rename Target ${message.length}`, wid: ws } })).body.data;
    const before = await snapshot();
    const res = await owner.api.put(`/api/v8/groups/${created.id}`, body);
    expect(res.status).toBe(404);
    expect(res.body).toEqual([message]);
    expect(await snapshot()).toEqual(before);
  });

  it('answers 400 for a group id that is not an id', async () => {
    const res = await owner.api.delete('/api/v8/groups/abc');
    expect(res.status).toBe(400);
    expect(res.body).toEqual([expect.any(String)]);
  });

  it('leaves out wid for a group attached to no workspace', async () => {
    const org = await owner.api.post(`/api/v9/organizations/${owner.organizationId}/groups`, { name: 'Floating' });
    const put = await owner.api.put(`/api/v8/groups/${org.body.group_id}`, { group: { name: 'Still floating' } });
    expect(put.body).toEqual({ data: { id: org.body.group_id, name: 'Still floating', at: expect.stringMatching(V8_TIME) } });
  });

  it('refuses members and outsiders with 403 and changes nothing', async () => {
    const created = (await owner.api.post('/api/v8/groups', { group: { name: 'Guarded', wid: ws } })).body.data;
    const before = await snapshot();
    for (const api of [member.api, stranger.api]) {
      expect((await api.put(`/api/v8/groups/${created.id}`, { group: { name: 'pwned' } })).status).toBe(403);
      expect((await api.delete(`/api/v8/groups/${created.id}`)).status).toBe(403);
    }
    expect((await stranger.api.get(`/api/v8/workspaces/${ws}/groups`)).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});
