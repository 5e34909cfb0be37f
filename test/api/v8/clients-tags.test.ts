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

const clientRows = () => t.database.db.selectFrom('clients').selectAll().orderBy('id').execute();
const tagRows = () => t.database.db.selectFrom('tags').selectAll().orderBy('id').execute();

describe('clients', () => {
  it('POST /clients creates a client in the given workspace', async () => {
    const res = await owner.api.post('/api/v8/clients', { client: { name: 'Very Big Company', wid: ws, notes: 'Contact: John' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { id: expect.any(Number), wid: ws, name: 'Very Big Company', notes: 'Contact: John', at: expect.stringMatching(V8_TIME) } });
  });

  it('POST /clients without wid uses the default workspace', async () => {
    const res = await owner.api.post('/api/v8/clients', { client: { name: 'Default WS Client' } });
    expect(res.status).toBe(200);
    expect(res.body.data.wid).toBe(owner.user.default_workspace_id);
  });

  it.each([
    [{ client: { name: '  ', wid: 0 } }, 'Client name cannot be empty'],
    [{ client: { name: 'Very Big Company' } }, 'Client name already exists'],
    [{ client: { name: 7 } }, "Invalid field 'client.name': must be string"],
    [{ name: 'No wrapper' }, "client can't be blank"],
  ])('refuses %j with 404 and an array of messages, creating nothing', async (body, message) => {
    const before = await clientRows();
    const res = await owner.api.post('/api/v8/clients', body);
    expect(res.status).toBe(404);
    expect(res.body).toEqual([message]);
    expect(await clientRows()).toEqual(before);
  });

  it('POST /clients by a plain member is refused with 403', async () => {
    const before = await clientRows();
    const res = await member.api.post('/api/v8/clients', { client: { name: 'Member Client', wid: ws } });
    expect(res.status).toBe(403);
    expect(await clientRows()).toEqual(before);
  });

  it('GET, PUT and DELETE /clients/{id}; the wid cannot be changed', async () => {
    const created = (await owner.api.post('/api/v8/clients', { client: { name: 'Lifecycle', wid: ws } })).body.data;
    const got = await member.api.get(`/api/v8/clients/${created.id}`);
    expect(got.body).toEqual({ data: created });

    const put = await owner.api.put(`/api/v8/clients/${created.id}`, { client: { name: 'Lifecycle Renamed', notes: 'noted', wid: stranger.workspaceId } });
    expect(put.status).toBe(200);
    expect(put.body.data).toEqual({ id: created.id, wid: ws, name: 'Lifecycle Renamed', notes: 'noted', at: expect.stringMatching(V8_TIME) });

    const del = await owner.api.delete(`/api/v8/clients/${created.id}`);
    expect(del.status).toBe(200);
    expect((await owner.api.get(`/api/v8/clients/${created.id}`)).status).toBe(404);
    expect((await owner.api.get(`/api/v9/workspaces/${ws}/clients/${created.id}`)).status).toBe(404);
  });

  it.each([
    [{ client: { name: ' ' } }, 'Client name cannot be empty'],
    [{ client: { name: 'Taken Name' } }, 'Client name already exists'],
    [{ client: { name: 7 } }, "Invalid field 'client.name': must be string"],
    [{ name: 'No wrapper' }, "client can't be blank"],
  ])('PUT /clients/{id} refuses %j as a failed update (404 with messages), changing nothing', async (body, message) => {
    const target = (await owner.api.post('/api/v8/clients', { client: { name: `Update Target ${message}`, wid: ws } })).body.data;
    await owner.api.post('/api/v8/clients', { client: { name: 'Taken Name', wid: ws } });
    const before = await clientRows();
    const res = await owner.api.put(`/api/v8/clients/${target.id}`, body);
    expect(res.status).toBe(404);
    expect(res.body).toEqual([message]);
    expect(await clientRows()).toEqual(before);
  });

  it('PUT and DELETE /clients/{id} by a plain member are refused with 403, changing nothing', async () => {
    const target = (await owner.api.post('/api/v8/clients', { client: { name: 'Members Keep Off', wid: ws } })).body.data;
    const before = await clientRows();
    const put = await member.api.put(`/api/v8/clients/${target.id}`, { client: { name: 'Member Rename' } });
    expect(put.status).toBe(403);
    expect(put.body).toEqual([expect.any(String)]);
    const del = await member.api.delete(`/api/v8/clients/${target.id}`);
    expect(del.status).toBe(403);
    expect(del.body).toEqual([expect.any(String)]);
    expect(await clientRows()).toEqual(before);
  });

  it('GET /clients/{id}/projects answers 404 for an unknown client and 400 for a bad active filter', async () => {
    const unknown = await owner.api.get('/api/v8/clients/999999/projects');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(['No client with ID 999999 was found']);
    const client = (await owner.api.post('/api/v8/clients', { client: { name: 'Filtered', wid: ws } })).body.data;
    const bad = await owner.api.get(`/api/v8/clients/${client.id}/projects?active=maybe`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual(["the parameter 'active' is invalid"]);
  });

  it('answers unknown ids with 404', async () => {
    expect((await owner.api.get('/api/v8/clients/999999')).body).toEqual(['No client with ID 999999 was found']);
    expect((await owner.api.put('/api/v8/clients/999999', { client: { name: 'x' } })).status).toBe(404);
    expect((await owner.api.delete('/api/v8/clients/999999')).status).toBe(404);
    expect((await owner.api.get('/api/v8/clients/abc')).status).toBe(400);
  });

  it('GET /clients lists the clients of all the caller\'s workspaces', async () => {
    const mine = await stranger.api.post('/api/v8/clients', { client: { name: 'Stranger Co' } });
    const res = await stranger.api.get('/api/v8/clients');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([mine.body.data]);
  });

  it('GET /clients/{id}/projects lists the client\'s projects, active by default', async () => {
    const client = (await owner.api.post('/api/v8/clients', { client: { name: 'With Projects', wid: ws } })).body.data;
    const active = await owner.api.post(`/api/v9/workspaces/${ws}/projects`, { name: 'Client Active', client_id: client.id, is_private: false });
    const archived = await owner.api.post(`/api/v9/workspaces/${ws}/projects`, { name: 'Client Archived', client_id: client.id, active: false, is_private: false });
    await owner.api.post(`/api/v9/workspaces/${ws}/projects`, { name: 'No Client', is_private: false });
    const res = await member.api.get(`/api/v8/clients/${client.id}/projects`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([expect.objectContaining({ id: active.body.id, cid: client.id, wid: ws, name: 'Client Active' })]);
    const both = await member.api.get(`/api/v8/clients/${client.id}/projects?active=both`);
    expect(both.body.map((p: { id: number }) => p.id).sort()).toEqual([active.body.id, archived.body.id].sort());
    const empty = (await owner.api.post('/api/v8/clients', { client: { name: 'No Projects', wid: ws } })).body.data;
    expect((await owner.api.get(`/api/v8/clients/${empty.id}/projects`)).body).toEqual([]);
  });

  it('outsiders get 403 on every client route and change nothing', async () => {
    const client = (await owner.api.post('/api/v8/clients', { client: { name: 'Guarded', wid: ws } })).body.data;
    const before = await clientRows();
    const api = stranger.api;
    for (const res of [
      await api.get(`/api/v8/clients/${client.id}`),
      await api.put(`/api/v8/clients/${client.id}`, { client: { name: 'pwned' } }),
      await api.delete(`/api/v8/clients/${client.id}`),
      await api.get(`/api/v8/clients/${client.id}/projects`),
      await api.post('/api/v8/clients', { client: { name: 'pwned', wid: ws } }),
    ]) {
      expect(res.status).toBe(403);
      expect(Array.isArray(res.body)).toBe(true);
    }
    expect(await clientRows()).toEqual(before);
    expect(JSON.stringify((await api.get('/api/v8/clients')).body)).not.toContain('Guarded');
  });
});

describe('tags', () => {
  let tagSeq = 0;
  it('POST /tags creates a tag; members may unless the workspace keeps it to admins', async () => {
    const res = await member.api.post('/api/v8/tags', { tag: { name: 'billed', wid: ws } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { id: expect.any(Number), wid: ws, name: 'billed', at: expect.stringMatching(V8_TIME) } });
    await t.database.db.updateTable('workspaces').set({ only_admins_may_create_tags: 1 }).where('id', '=', ws).execute();
    const refused = await member.api.post('/api/v8/tags', { tag: { name: 'member-tag', wid: ws } });
    expect(refused.status).toBe(403);
    await t.database.db.updateTable('workspaces').set({ only_admins_may_create_tags: 0 }).where('id', '=', ws).execute();
  });

  it.each([
    [{ tag: { name: ' ', wid: 0 } }, "tag name can't be blank"],
    [{ tag: { name: 'BILLED', wid: 0 } }, "a tag with the name 'BILLED' already exists"],
    [{ name: 'x' }, "tag can't be blank"],
  ])('refuses %j with 404, creating nothing (wid 0 is the default workspace)', async (body, message) => {
    const before = await tagRows();
    const res = await owner.api.post('/api/v8/tags', body);
    expect(res.status).toBe(404);
    expect(res.body).toEqual([message]);
    expect(await tagRows()).toEqual(before);
  });

  it('PUT renames (admins only), DELETE removes', async () => {
    const tag = (await owner.api.post('/api/v8/tags', { tag: { name: 'to-rename', wid: ws } })).body.data;
    const byMember = await member.api.put(`/api/v8/tags/${tag.id}`, { tag: { name: 'member-rename' } });
    expect(byMember.status).toBe(403);
    const put = await owner.api.put(`/api/v8/tags/${tag.id}`, { tag: { name: 'not billed', wid: stranger.workspaceId } });
    expect(put.body).toEqual({ data: { id: tag.id, wid: ws, name: 'not billed', at: expect.stringMatching(V8_TIME) } });
    expect((await owner.api.delete(`/api/v8/tags/${tag.id}`)).status).toBe(200);
    expect((await owner.api.get(`/api/v9/workspaces/${ws}/tags`)).body.map((x: { id: number }) => x.id)).not.toContain(tag.id);
    expect((await owner.api.delete(`/api/v8/tags/${tag.id}`)).body).toEqual(['Tag was not found']);
    expect((await owner.api.put('/api/v8/tags/999999', { tag: { name: 'x' } })).status).toBe(404);
  });

  it.each([
    [{ tag: { name: ' ' } }, "tag name can't be blank"],
    [{ tag: { name: 'TAKEN-TAG' } }, "a tag with the name 'TAKEN-TAG' already exists"],
    [{ tag: { name: 5 } }, "Invalid field 'tag.name': must be string"],
    [{ name: 'x' }, "tag can't be blank"],
  ])('PUT /tags/{id} refuses %j as a failed update (404 with messages), changing nothing', async (body, message) => {
    const tag = (await owner.api.post('/api/v8/tags', { tag: { name: `rename-target-${tagSeq++}`, wid: ws } })).body.data;
    await owner.api.post('/api/v8/tags', { tag: { name: 'taken-tag', wid: ws } });
    const before = await tagRows();
    const res = await owner.api.put(`/api/v8/tags/${tag.id}`, body);
    expect(res.status).toBe(404);
    expect(res.body).toEqual([message]);
    expect(await tagRows()).toEqual(before);
  });

  it('DELETE /tags/{id} by a plain member is refused with 403, changing nothing', async () => {
    const tag = (await owner.api.post('/api/v8/tags', { tag: { name: 'admins-delete-me', wid: ws } })).body.data;
    const before = await tagRows();
    const res = await member.api.delete(`/api/v8/tags/${tag.id}`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual([expect.any(String)]);
    expect(await tagRows()).toEqual(before);
  });

  it('outsiders get 403 and change nothing', async () => {
    const tag = (await owner.api.post('/api/v8/tags', { tag: { name: 'guarded-tag', wid: ws } })).body.data;
    const before = await tagRows();
    expect((await stranger.api.put(`/api/v8/tags/${tag.id}`, { tag: { name: 'pwned' } })).status).toBe(403);
    expect((await stranger.api.delete(`/api/v8/tags/${tag.id}`)).status).toBe(403);
    expect((await stranger.api.post('/api/v8/tags', { tag: { name: 'pwned', wid: ws } })).status).toBe(403);
    expect(await tagRows()).toEqual(before);
  });
});
