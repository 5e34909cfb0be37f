import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clock } from '../../../src/time.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser } from '../../helpers/factories.js';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let stranger: TestUser;
let ws: string;

beforeAll(async () => {
  t = await buildTestApp();
  owner = await createUser(t, { fullname: 'Olga Owner' });
  member = await createUser(t, { fullname: 'Mia Member' });
  stranger = await createUser(t, { fullname: 'Sam Stranger' });
  await addMember(t, owner.workspaceId, member.user.id, { admin: false });
  ws = `/api/v9/workspaces/${owner.workspaceId}`;
});
afterAll(async () => t.close());
afterEach(() => vi.restoreAllMocks());

async function createClient(name: string, extra: Record<string, unknown> = {}): Promise<{ id: number; name: string; at: string }> {
  const res = await owner.api.post(`${ws}/clients`, { name, ...extra });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function createProject(clientId: number | null, name: string, active = true): Promise<number> {
  const now = Date.now();
  const row = await t.database.db
    .insertInto('projects')
    .values({ workspace_id: owner.workspaceId, client_id: clientId, name, name_key: name.toLowerCase(), active: active ? 1 : 0, created_at: now, at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const projectRow = (id: number) => t.database.db.selectFrom('projects').select(['active', 'client_id', 'at']).where('id', '=', id).executeTakeFirstOrThrow();
const clientRows = () => t.database.db.selectFrom('clients').selectAll().orderBy('id').execute();
const projectRows = () => t.database.db.selectFrom('projects').selectAll().orderBy('id').execute();

describe('POST /workspaces/{wid}/clients', () => {
  it('creates a client for an admin, in the models.Client shape', async () => {
    const res = await owner.api.post(`${ws}/clients`, { name: '  Acme Corp  ', notes: 'Big one', external_reference: 'crm-1', wid: owner.workspaceId });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      archived: false,
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
      creator_id: owner.user.id,
      external_reference: 'crm-1',
      id: expect.any(Number),
      integration_ext_id: null,
      integration_ext_type: null,
      integration_provider: null,
      name: 'Acme Corp',
      notes: 'Big one',
      permissions: null,
      total_count: null,
      wid: owner.workspaceId,
    });
  });

  it('leaves notes and external_reference null when not given', async () => {
    const c = await createClient('Plain Client');
    expect(c).toMatchObject({ notes: null, external_reference: null });
  });

  it.each([
    [{ name: '   ' }, 'Client name cannot be empty'],
    [{}, 'Client name cannot be empty'],
    [{ name: 'x'.repeat(256) }, 'Client name maximum length is 255'],
    [{ name: 'ACME CORP' }, 'Client name already exists'],
    [{ name: 42 }, "Invalid field 'name': must be string"],
    [{ name: 'Fine', notes: 5 }, "Invalid field 'notes': must be string"],
  ])('refuses %j with 400 and creates nothing', async (body, message) => {
    const before = await clientRows();
    const res = await owner.api.post(`${ws}/clients`, body);
    expect(res.status).toBe(400);
    expect(typeof res.body).toBe('string');
    if (!message.startsWith('Invalid field')) expect(res.body).toBe(message);
    else expect(res.body).toContain(message.split(':')[0]);
    expect(await clientRows()).toEqual(before);
  });

  it('refuses a member who is not admin with 403', async () => {
    const before = await clientRows();
    const res = await member.api.post(`${ws}/clients`, { name: 'Member Client' });
    expect(res.status).toBe(403);
    expect(res.body).toBe('Only organization or workspace administrators may manage clients in this workspace.');
    expect(await clientRows()).toEqual(before);
  });
});

describe('GET /workspaces/{wid}/clients', () => {
  let active: { id: number };
  let archived: { id: number };
  beforeAll(async () => {
    active = await createClient('Listing Active');
    archived = await createClient('Listing 100% Archived');
    expect((await owner.api.post(`${ws}/clients/${archived.id}/archive`)).status).toBe(200);
  });

  it('lists active clients by default, to members too', async () => {
    const res = await member.api.get(`${ws}/clients`);
    expect(res.status).toBe(200);
    const ids = res.body.map((c: { id: number }) => c.id);
    expect(ids).toContain(active.id);
    expect(ids).not.toContain(archived.id);
  });

  it('filters by status', async () => {
    const onlyArchived = await owner.api.get(`${ws}/clients?status=archived`);
    expect(onlyArchived.body.map((c: { id: number }) => c.id)).toEqual([archived.id]);
    expect(onlyArchived.body[0].archived).toBe(true);
    const both = await owner.api.get(`${ws}/clients?status=both`);
    const ids = both.body.map((c: { id: number }) => c.id);
    expect(ids).toEqual(expect.arrayContaining([active.id, archived.id]));
  });

  it('filters by a case-insensitive part of the name, with LIKE characters taken literally', async () => {
    const res = await owner.api.get(`${ws}/clients?status=both&name=${encodeURIComponent('listing')}`);
    expect(res.body.map((c: { id: number }) => c.id).sort()).toEqual([active.id, archived.id].sort());
    const percent = await owner.api.get(`${ws}/clients?status=both&name=${encodeURIComponent('100%')}`);
    expect(percent.body.map((c: { id: number }) => c.id)).toEqual([archived.id]);
    const none = await owner.api.get(`${ws}/clients?status=both&name=${encodeURIComponent('_isting')}`);
    expect(none.body).toEqual([]);
  });

  it('refuses an unknown status', async () => {
    const res = await owner.api.get(`${ws}/clients?status=deleted`);
    expect(res.status).toBe(400);
    expect(res.body).toBe('Client status is invalid');
  });
});

describe('GET/PUT /workspaces/{wid}/clients/{id}', () => {
  it('loads a client for any member', async () => {
    const c = await createClient('Loadable');
    const res = await member.api.get(`${ws}/clients/${c.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: c.id, name: 'Loadable', wid: owner.workspaceId });
  });

  it('answers 404 for an id that is not a client of this workspace', async () => {
    const foreign = (await stranger.api.post(`/api/v9/workspaces/${stranger.workspaceId}/clients`, { name: 'Elsewhere' })).body;
    for (const id of [999999, foreign.id]) {
      const res = await owner.api.get(`${ws}/clients/${id}`);
      expect(res.status).toBe(404);
      expect(res.body).toBe(`No client with ID ${id} was found`);
    }
  });

  it('changes name, notes and external reference; `at` moves', async () => {
    const c = await createClient('Before Rename', { notes: 'n' });
    vi.spyOn(clock, 'now').mockReturnValue(Date.now() + 5000);
    const res = await owner.api.put(`${ws}/clients/${c.id}`, { name: 'After Rename', notes: null, external_reference: 'ext' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: c.id, name: 'After Rename', notes: null, external_reference: 'ext' });
    expect(res.body.at).not.toBe(c.at);
  });

  it('keeps fields that are not sent', async () => {
    const c = await createClient('Keep Fields', { notes: 'keep me' });
    const res = await owner.api.put(`${ws}/clients/${c.id}`, { external_reference: 'x' });
    expect(res.body).toMatchObject({ name: 'Keep Fields', notes: 'keep me', external_reference: 'x' });
  });

  it('refuses a duplicate or empty name, an unknown client, and non-admins, changing nothing', async () => {
    const a = await createClient('Dup A');
    await createClient('Dup B');
    const before = await clientRows();
    const dup = await owner.api.put(`${ws}/clients/${a.id}`, { name: 'dup b' });
    expect([dup.status, dup.body]).toEqual([400, 'Client name already exists']);
    const empty = await owner.api.put(`${ws}/clients/${a.id}`, { name: '' });
    expect([empty.status, empty.body]).toEqual([400, 'Client name cannot be empty']);
    const missing = await owner.api.put(`${ws}/clients/999999`, { name: 'x' });
    expect([missing.status, missing.body]).toEqual([404, "Client doesn't exist in the workspace."]);
    const byMember = await member.api.put(`${ws}/clients/${a.id}`, { name: 'Member Rename' });
    expect(byMember.status).toBe(403);
    expect(await clientRows()).toEqual(before);
  });

  it('allows renaming a client to a different case of its own name', async () => {
    const c = await createClient('case me');
    const res = await owner.api.put(`${ws}/clients/${c.id}`, { name: 'Case Me' });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Case Me');
  });
});

describe('archive and restore', () => {
  it('archives a client with its active projects, in one go', async () => {
    const c = await createClient('Archive Me');
    const p1 = await createProject(c.id, 'Archive P1');
    const p2 = await createProject(c.id, 'Archive P2');
    const old = await createProject(c.id, 'Archive P3 already', false);
    const other = await createProject(null, 'Archive Unrelated');
    const res = await owner.api.post(`${ws}/clients/${c.id}/archive`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([p1, p2].sort((a, b) => a - b));
    expect((await owner.api.get(`${ws}/clients/${c.id}`)).body.archived).toBe(true);
    expect((await projectRow(p1)).active).toBe(0);
    expect((await projectRow(p2)).active).toBe(0);
    expect((await projectRow(old)).active).toBe(0);
    expect((await projectRow(other)).active).toBe(1);
  });

  it('restores the client alone when no body is sent', async () => {
    const c = await createClient('Restore Alone');
    const p = await createProject(c.id, 'Restore Alone P');
    await owner.api.post(`${ws}/clients/${c.id}/archive`);
    const res = await owner.api.post(`${ws}/clients/${c.id}/restore`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: c.id, archived: false });
    expect((await projectRow(p)).active).toBe(0);
  });

  it('restores all projects with restore_all_projects', async () => {
    const c = await createClient('Restore All');
    const p1 = await createProject(c.id, 'Restore All P1');
    const p2 = await createProject(c.id, 'Restore All P2');
    await owner.api.post(`${ws}/clients/${c.id}/archive`);
    const res = await owner.api.post(`${ws}/clients/${c.id}/restore`, { restore_all_projects: true });
    expect(res.status).toBe(200);
    expect(res.body.archived).toBe(false);
    expect((await projectRow(p1)).active).toBe(1);
    expect((await projectRow(p2)).active).toBe(1);
  });

  it('restores only the listed projects', async () => {
    const c = await createClient('Restore Some');
    const p1 = await createProject(c.id, 'Restore Some P1');
    const p2 = await createProject(c.id, 'Restore Some P2');
    await owner.api.post(`${ws}/clients/${c.id}/archive`);
    const res = await owner.api.post(`${ws}/clients/${c.id}/restore`, { projects: [p2] });
    expect(res.status).toBe(200);
    expect((await projectRow(p1)).active).toBe(0);
    expect((await projectRow(p2)).active).toBe(1);
  });

  it('refuses a project of another client and restores nothing', async () => {
    const c = await createClient('Restore Refused');
    await createProject(c.id, 'Restore Refused P');
    const foreign = await createProject(null, 'Restore Refused Foreign', false);
    await owner.api.post(`${ws}/clients/${c.id}/archive`);
    const before = { clients: await clientRows(), projects: await projectRows() };
    const res = await owner.api.post(`${ws}/clients/${c.id}/restore`, { projects: [foreign] });
    expect(res.status).toBe(400);
    expect(res.body).toBe(`Project with ID ${foreign} does not belong to client ${c.id}`);
    expect({ clients: await clientRows(), projects: await projectRows() }).toEqual(before);
  });

  it('refuses unknown clients and non-admins', async () => {
    const c = await createClient('Archive Guarded');
    expect((await owner.api.post(`${ws}/clients/999999/archive`)).status).toBe(404);
    expect((await owner.api.post(`${ws}/clients/999999/restore`)).status).toBe(404);
    const before = await clientRows();
    expect((await member.api.post(`${ws}/clients/${c.id}/archive`)).status).toBe(403);
    expect((await member.api.post(`${ws}/clients/${c.id}/restore`, { restore_all_projects: true })).status).toBe(403);
    expect(await clientRows()).toEqual(before);
  });

  it('bulk-archives clients and reports the archived projects', async () => {
    const a = await createClient('Bulk Archive A');
    const b = await createClient('Bulk Archive B');
    const pa = await createProject(a.id, 'Bulk Archive PA');
    const pb = await createProject(b.id, 'Bulk Archive PB');
    const res = await owner.api.post(`${ws}/clients/archive`, [b.id, a.id]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ client_ids: [a.id, b.id], project_ids: [pa, pb].sort((x, y) => x - y) }]);
    const archived = (await owner.api.get(`${ws}/clients?status=archived`)).body.map((c: { id: number }) => c.id);
    expect(archived).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it('bulk archive is all or nothing', async () => {
    const a = await createClient('Bulk Archive Atomic');
    await createProject(a.id, 'Bulk Archive Atomic P');
    const before = { clients: await clientRows(), projects: await projectRows() };
    const res = await owner.api.post(`${ws}/clients/archive`, [a.id, 999999]);
    expect(res.status).toBe(404);
    expect(res.body).toBe('No client with ID 999999 was found');
    const bad = await owner.api.post(`${ws}/clients/archive`, ['x']);
    expect(bad.status).toBe(400);
    expect({ clients: await clientRows(), projects: await projectRows() }).toEqual(before);
  });
});

describe('delete', () => {
  it('deletes softly, answers the id, and leaves its projects without a client', async () => {
    const c = await createClient('Delete Me');
    const p = await createProject(c.id, 'Delete Me P');
    const res = await owner.api.delete(`${ws}/clients/${c.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toBe(c.id);
    expect((await projectRow(p)).client_id).toBeNull();
    expect((await owner.api.get(`${ws}/clients/${c.id}`)).status).toBe(404);
    expect((await owner.api.get(`${ws}/clients?status=both`)).body.map((x: { id: number }) => x.id)).not.toContain(c.id);
    const row = (await clientRows()).find((r) => r.id === c.id)!;
    expect(row.deleted_at).not.toBeNull();
    expect((await owner.api.delete(`${ws}/clients/${c.id}`)).status).toBe(404);
  });

  it('frees the name of a deleted client', async () => {
    const c = await createClient('Reusable Name');
    await owner.api.delete(`${ws}/clients/${c.id}`);
    const again = await owner.api.post(`${ws}/clients`, { name: 'reusable name' });
    expect(again.status).toBe(200);
  });

  it('bulk-deletes, all or nothing', async () => {
    const a = await createClient('Bulk Delete A');
    const b = await createClient('Bulk Delete B');
    const before = await clientRows();
    const refused = await owner.api.post(`${ws}/clients/delete`, [a.id, 999999]);
    expect([refused.status, refused.body]).toEqual([404, 'No client with ID 999999 was found']);
    expect(await clientRows()).toEqual(before);
    const res = await owner.api.post(`${ws}/clients/delete`, [a.id, b.id]);
    expect(res.status).toBe(200);
    expect(res.body).toBe('OK');
    const left = (await owner.api.get(`${ws}/clients?status=both`)).body.map((x: { id: number }) => x.id);
    expect(left).not.toContain(a.id);
    expect(left).not.toContain(b.id);
  });

  it('refuses non-admins', async () => {
    const c = await createClient('Delete Guarded');
    const before = await clientRows();
    expect((await member.api.delete(`${ws}/clients/${c.id}`)).status).toBe(403);
    expect((await member.api.post(`${ws}/clients/delete`, [c.id])).status).toBe(403);
    expect(await clientRows()).toEqual(before);
  });
});

describe('POST /workspaces/{wid}/clients/data', () => {
  it('answers the listed clients of the workspace and leaves other ids out', async () => {
    const a = await createClient('Data A');
    const b = await createClient('Data B');
    const foreign = (await stranger.api.post(`/api/v9/workspaces/${stranger.workspaceId}/clients`, { name: 'Data Foreign' })).body;
    const res = await member.api.post(`${ws}/clients/data`, [b.id, a.id, foreign.id, 999999]);
    expect(res.status).toBe(200);
    expect(res.body.map((c: { id: number }) => c.id)).toEqual([a.id, b.id]);
    expect((await member.api.post(`${ws}/clients/data`, [])).body).toEqual([]);
    const bad = await member.api.post(`${ws}/clients/data`, { ids: [a.id] });
    expect(bad.status).toBe(400);
  });
});

describe('GET /me/clients', () => {
  it("lists the clients of all the user's workspaces", async () => {
    const own = (await member.api.post(`/api/v9/workspaces/${member.workspaceId}/clients`, { name: 'Member Own' })).body;
    const res = await member.api.get('/api/v9/me/clients');
    expect(res.status).toBe(200);
    const ids = res.body.map((c: { id: number }) => c.id);
    expect(ids).toContain(own.id);
    const ownerClients = (await owner.api.get(`${ws}/clients?status=both`)).body.map((c: { id: number }) => c.id);
    expect(ids).toEqual(expect.arrayContaining(ownerClients));
    expect(res.body.every((c: Record<string, unknown>) => !('server_deleted_at' in c))).toBe(true);
    const strangers = (await stranger.api.get('/api/v9/me/clients')).body.map((c: { wid: number }) => c.wid);
    expect(new Set(strangers)).toEqual(new Set([stranger.workspaceId]));
  });

  it('with since, answers what changed from then on, deletions included', async () => {
    const base = Date.now() + 60_000;
    vi.spyOn(clock, 'now').mockReturnValue(base);
    const kept = await createClient('Since Kept');
    const gone = await createClient('Since Gone');
    vi.spyOn(clock, 'now').mockReturnValue(base + 10_000);
    await owner.api.delete(`${ws}/clients/${gone.id}`);
    const since = Math.floor((base + 5_000) / 1000);
    const res = await owner.api.get(`/api/v9/me/clients?since=${since}`);
    expect(res.status).toBe(200);
    expect(res.body.map((c: { id: number }) => c.id)).toEqual([gone.id]);
    expect(res.body[0].server_deleted_at).toMatch(/\+00:00$/);
    const earlier = await owner.api.get(`/api/v9/me/clients?since=${Math.floor(base / 1000)}`);
    expect(earlier.body.map((c: { id: number }) => c.id).sort()).toEqual([kept.id, gone.id].sort());
    const plain = (await owner.api.get('/api/v9/me/clients')).body.map((c: { id: number }) => c.id);
    expect(plain).toContain(kept.id);
    expect(plain).not.toContain(gone.id);
  });

  it('refuses a since that is not a number', async () => {
    expect((await owner.api.get('/api/v9/me/clients?since=yesterday')).status).toBe(400);
  });
});

describe('tenant isolation', () => {
  it('refuses every client route of another workspace with 403 and changes nothing', async () => {
    const c = await createClient('Isolated');
    const p = await createProject(c.id, 'Isolated P');
    const routes: [string, string, unknown?][] = [
      ['GET', `${ws}/clients`],
      ['POST', `${ws}/clients`, { name: 'pwned' }],
      ['POST', `${ws}/clients/data`, [c.id]],
      ['POST', `${ws}/clients/archive`, [c.id]],
      ['POST', `${ws}/clients/delete`, [c.id]],
      ['GET', `${ws}/clients/${c.id}`],
      ['PUT', `${ws}/clients/${c.id}`, { name: 'pwned' }],
      ['DELETE', `${ws}/clients/${c.id}`],
      ['POST', `${ws}/clients/${c.id}/archive`],
      ['POST', `${ws}/clients/${c.id}/restore`, { restore_all_projects: true }],
    ];
    const before = { clients: await clientRows(), projects: await projectRows() };
    for (const [method, url, body] of routes) {
      const res =
        method === 'GET'
          ? await stranger.api.get(url)
          : method === 'PUT'
            ? await stranger.api.put(url, body)
            : method === 'DELETE'
              ? await stranger.api.delete(url)
              : await stranger.api.post(url, body);
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(typeof res.body).toBe('string');
    }
    expect({ clients: await clientRows(), projects: await projectRows() }).toEqual(before);
    expect((await projectRow(p)).client_id).toBe(c.id);
  });

  it("does not reach another workspace's client through one's own workspace", async () => {
    const c = await createClient('Not Yours');
    const before = await clientRows();
    const own = `/api/v9/workspaces/${stranger.workspaceId}`;
    expect((await stranger.api.get(`${own}/clients/${c.id}`)).status).toBe(404);
    expect((await stranger.api.put(`${own}/clients/${c.id}`, { name: 'pwned' })).status).toBe(404);
    expect((await stranger.api.delete(`${own}/clients/${c.id}`)).status).toBe(404);
    expect((await stranger.api.post(`${own}/clients/${c.id}/archive`)).status).toBe(404);
    expect((await stranger.api.post(`${own}/clients/${c.id}/restore`)).status).toBe(404);
    expect((await stranger.api.post(`${own}/clients/archive`, [c.id])).status).toBe(404);
    expect((await stranger.api.post(`${own}/clients/delete`, [c.id])).status).toBe(404);
    expect((await stranger.api.post(`${own}/clients/data`, [c.id])).body).toEqual([]);
    expect(await clientRows()).toEqual(before);
  });

  it('requires credentials', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${ws}/clients` });
    expect(res.statusCode).toBe(401);
  });
});
