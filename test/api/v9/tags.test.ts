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

async function createTag(name: string, api = owner.api): Promise<{ id: number; name: string; at: string }> {
  const res = await api.post(`${ws}/tags`, { name });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

const tagRows = () => t.database.db.selectFrom('tags').selectAll().orderBy('id').execute();

/** A time entry of the owner carrying the given tags, written directly: tags are what is under test. */
async function entryWithTags(tagIds: number[]): Promise<number> {
  const now = Date.now();
  const row = await t.database.db
    .insertInto('time_entries')
    .values({ workspace_id: owner.workspaceId, user_id: owner.user.id, start: Math.floor(now / 1000) - 600, stop: Math.floor(now / 1000), duration: 600, created_at: now, at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (tagIds.length) {
    await t.database.db.insertInto('time_entry_tags').values(tagIds.map((tag_id, position) => ({ time_entry_id: row.id, tag_id, position }))).execute();
  }
  return row.id;
}

describe('POST /workspaces/{wid}/tags', () => {
  it('creates a tag and answers it in the models.Tag shape', async () => {
    const res = await owner.api.post(`${ws}/tags`, { name: ' billed ', workspace_id: owner.workspaceId });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
      creator_id: owner.user.id,
      deleted_at: null,
      id: expect.any(Number),
      integration_ext_id: null,
      integration_ext_type: null,
      integration_provider: null,
      name: 'billed',
      permissions: null,
      workspace_id: owner.workspaceId,
    });
  });

  it('lets members create tags unless only admins may', async () => {
    const tag = await createTag('member-made', member.api);
    expect(tag.name).toBe('member-made');
    await owner.api.put(ws, { only_admins_may_create_tags: true });
    try {
      const before = await tagRows();
      const res = await member.api.post(`${ws}/tags`, { name: 'member-refused' });
      expect(res.status).toBe(403);
      expect(res.body).toBe('Only organization or workspace administrators may manage tags in this workspace.');
      expect(await tagRows()).toEqual(before);
      expect((await owner.api.post(`${ws}/tags`, { name: 'admin-still-can' })).status).toBe(200);
    } finally {
      await owner.api.put(ws, { only_admins_may_create_tags: false });
    }
  });

  it.each([
    [{ name: '' }, "tag name can't be blank"],
    [{}, "tag name can't be blank"],
    [{ name: 'BILLED' }, "a tag with the name 'BILLED' already exists"],
    [{ name: 'x'.repeat(256) }, "tag name can't be longer than 255 characters"],
  ])('refuses %j with 400 and creates nothing', async (body, message) => {
    const before = await tagRows();
    const res = await owner.api.post(`${ws}/tags`, body);
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
    expect(await tagRows()).toEqual(before);
  });

  it('refuses a name that is not a string', async () => {
    const res = await owner.api.post(`${ws}/tags`, { name: ['a'] });
    expect(res.status).toBe(400);
    expect(res.body).toContain("'name'");
  });

  it('allows the same name in another workspace', async () => {
    const res = await stranger.api.post(`/api/v9/workspaces/${stranger.workspaceId}/tags`, { name: 'billed' });
    expect(res.status).toBe(200);
  });
});

describe('GET /workspaces/{wid}/tags', () => {
  beforeAll(async () => {
    for (const name of ['alpha', 'Beta', 'gamma', 'delta_1']) await createTag(name);
  });

  it('lists live tags by name, to members too', async () => {
    const res = await member.api.get(`${ws}/tags`);
    expect(res.status).toBe(200);
    const names = res.body.map((t: { name: string }) => t.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(names).toEqual(expect.arrayContaining(['alpha', 'Beta', 'gamma']));
  });

  it('searches by a case-insensitive part of the name', async () => {
    const res = await owner.api.get(`${ws}/tags?search=ET`);
    expect(res.body.map((t: { name: string }) => t.name)).toEqual(['Beta']);
    const underscore = await owner.api.get(`${ws}/tags?search=${encodeURIComponent('a_1')}`);
    expect(underscore.body.map((t: { name: string }) => t.name)).toEqual(['delta_1']);
  });

  it('pages with page and per_page', async () => {
    const all = (await owner.api.get(`${ws}/tags`)).body.map((t: { id: number }) => t.id);
    const first = await owner.api.get(`${ws}/tags?page=1&per_page=2`);
    const second = await owner.api.get(`${ws}/tags?page=2&per_page=2`);
    expect(first.body.map((t: { id: number }) => t.id)).toEqual(all.slice(0, 2));
    expect(second.body.map((t: { id: number }) => t.id)).toEqual(all.slice(2, 4));
    expect((await owner.api.get(`${ws}/tags?page=0`)).status).toBe(400);
    expect((await owner.api.get(`${ws}/tags?per_page=abc`)).status).toBe(400);
  });
});

describe('PUT /workspaces/{wid}/tags/{id}', () => {
  it('renames a tag for admins; `at` moves', async () => {
    const tag = await createTag('rename-me');
    vi.spyOn(clock, 'now').mockReturnValue(Date.now() + 5000);
    const res = await owner.api.put(`${ws}/tags/${tag.id}`, { name: 'renamed' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: tag.id, name: 'renamed', workspace_id: owner.workspaceId, deleted_at: null });
    expect(res.body.at).not.toBe(tag.at);
  });

  it('refuses members, duplicates, blanks and unknown tags, changing nothing', async () => {
    const a = await createTag('put-a');
    await createTag('put-b');
    const before = await tagRows();
    const byMember = await member.api.put(`${ws}/tags/${a.id}`, { name: 'mine' });
    expect([byMember.status, byMember.body]).toEqual([403, 'Only organization or workspace administrators may manage tags in this workspace.']);
    const dup = await owner.api.put(`${ws}/tags/${a.id}`, { name: 'PUT-B' });
    expect([dup.status, dup.body]).toEqual([400, "a tag with the name 'PUT-B' already exists"]);
    const blank = await owner.api.put(`${ws}/tags/${a.id}`, { name: ' ' });
    expect([blank.status, blank.body]).toEqual([400, "tag name can't be blank"]);
    const missing = await owner.api.put(`${ws}/tags/999999`, { name: 'x' });
    expect([missing.status, missing.body]).toEqual([404, 'Tag was not found']);
    expect(await tagRows()).toEqual(before);
  });
});

describe('DELETE /workspaces/{wid}/tags/{id}', () => {
  it('deletes softly and takes the tag off time entries', async () => {
    const keep = await createTag('keep-on-entry');
    const gone = await createTag('delete-me');
    const entry = await entryWithTags([keep.id, gone.id]);
    const entryAt = (await t.database.db.selectFrom('time_entries').select('at').where('id', '=', entry).executeTakeFirstOrThrow()).at;
    const res = await owner.api.delete(`${ws}/tags/${gone.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toBe('OK');
    const onEntry = await t.database.db.selectFrom('time_entry_tags').select('tag_id').where('time_entry_id', '=', entry).execute();
    expect(onEntry.map((r) => r.tag_id)).toEqual([keep.id]);
    // Toggl leaves the entry's `at` alone when one of its tags is deleted.
    expect((await t.database.db.selectFrom('time_entries').select('at').where('id', '=', entry).executeTakeFirstOrThrow()).at).toBe(entryAt);
    expect((await owner.api.get(`${ws}/tags`)).body.map((x: { id: number }) => x.id)).not.toContain(gone.id);
    expect((await tagRows()).find((r) => r.id === gone.id)!.deleted_at).not.toBeNull();
    expect((await owner.api.post(`${ws}/tags`, { name: 'delete-me' })).status).toBe(200);
  });

  it('refuses members and unknown tags', async () => {
    const tag = await createTag('delete-guarded');
    const before = await tagRows();
    expect((await member.api.delete(`${ws}/tags/${tag.id}`)).status).toBe(403);
    const missing = await owner.api.delete(`${ws}/tags/999999`);
    expect([missing.status, missing.body]).toEqual([404, 'Tag was not found']);
    expect(await tagRows()).toEqual(before);
  });
});

describe('PATCH /workspaces/{wid}/tags (bulk delete)', () => {
  it('deletes the listed tags', async () => {
    const a = await createTag('bulk-a');
    const b = await createTag('bulk-b');
    const entry = await entryWithTags([a.id]);
    const res = await owner.api.patch(`${ws}/tags`, [
      { op: 'delete', tag_id: a.id },
      { op: 'delete', tag_id: b.id },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toBe('OK');
    const ids = (await owner.api.get(`${ws}/tags`)).body.map((x: { id: number }) => x.id);
    expect(ids).not.toContain(a.id);
    expect(ids).not.toContain(b.id);
    expect(await t.database.db.selectFrom('time_entry_tags').selectAll().where('time_entry_id', '=', entry).execute()).toEqual([]);
  });

  it('is not executed when some records are wrong', async () => {
    const a = await createTag('bulk-atomic');
    const foreign = (await stranger.api.post(`/api/v9/workspaces/${stranger.workspaceId}/tags`, { name: 'bulk-foreign' })).body;
    const before = await tagRows();
    const cases: [unknown, number, string?][] = [
      [[{ op: 'delete', tag_id: a.id }, { op: 'delete', tag_id: foreign.id }], 400, 'Some tag IDs do not belong to workspace.'],
      [[{ op: 'delete', tag_id: a.id }, { op: 'delete', tag_id: 999999 }], 400, 'Some tag IDs do not belong to workspace.'],
      [[{ op: 'delete', tag_id: a.id }, { op: 'rename', tag_id: a.id }], 400, 'Unsupported op "rename": only "delete" is available'],
      [[{ op: 'delete', tag_id: 0 }], 400, 'Invalid tag ID'],
      [{ op: 'delete', tag_id: a.id }, 400],
    ];
    for (const [body, status, message] of cases) {
      const res = await owner.api.patch(`${ws}/tags`, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      if (message) expect(res.body).toBe(message);
    }
    expect((await member.api.patch(`${ws}/tags`, [{ op: 'delete', tag_id: a.id }])).status).toBe(403);
    expect(await tagRows()).toEqual(before);
  });
});

describe('GET /me/tags', () => {
  it("lists the tags of all the user's workspaces", async () => {
    const own = (await member.api.post(`/api/v9/workspaces/${member.workspaceId}/tags`, { name: 'member-own' })).body;
    const res = await member.api.get('/api/v9/me/tags');
    expect(res.status).toBe(200);
    const ids = res.body.map((x: { id: number }) => x.id);
    expect(ids).toContain(own.id);
    const ownerTags = (await owner.api.get(`${ws}/tags`)).body.map((x: { id: number }) => x.id);
    expect(ids).toEqual(expect.arrayContaining(ownerTags));
    expect(res.body.every((x: { deleted_at: unknown }) => x.deleted_at === null)).toBe(true);
    const strangers = (await stranger.api.get('/api/v9/me/tags')).body.map((x: { workspace_id: number }) => x.workspace_id);
    expect(new Set(strangers)).toEqual(new Set([stranger.workspaceId]));
  });

  it('with since, answers what changed from then on, deletions included', async () => {
    const base = Date.now() + 60_000;
    vi.spyOn(clock, 'now').mockReturnValue(base);
    const kept = await createTag('since-kept');
    const gone = await createTag('since-gone');
    vi.spyOn(clock, 'now').mockReturnValue(base + 10_000);
    await owner.api.delete(`${ws}/tags/${gone.id}`);
    const res = await owner.api.get(`/api/v9/me/tags?since=${Math.floor((base + 5_000) / 1000)}`);
    expect(res.status).toBe(200);
    expect(res.body.map((x: { id: number }) => x.id)).toEqual([gone.id]);
    expect(res.body[0].deleted_at).toMatch(/\+00:00$/);
    const earlier = await owner.api.get(`/api/v9/me/tags?since=${Math.floor(base / 1000)}`);
    expect(earlier.body.map((x: { id: number }) => x.id).sort()).toEqual([kept.id, gone.id].sort());
  });
});

describe('tenant isolation', () => {
  it('refuses every tag route of another workspace with 403 and changes nothing', async () => {
    const tag = await createTag('isolated');
    const entry = await entryWithTags([tag.id]);
    const before = await tagRows();
    const attempts = [
      () => stranger.api.get(`${ws}/tags`),
      () => stranger.api.post(`${ws}/tags`, { name: 'pwned' }),
      () => stranger.api.patch(`${ws}/tags`, [{ op: 'delete', tag_id: tag.id }]),
      () => stranger.api.put(`${ws}/tags/${tag.id}`, { name: 'pwned' }),
      () => stranger.api.delete(`${ws}/tags/${tag.id}`),
    ];
    for (const attempt of attempts) {
      const res = await attempt();
      expect(res.status).toBe(403);
      expect(typeof res.body).toBe('string');
    }
    expect(await tagRows()).toEqual(before);
    expect(await t.database.db.selectFrom('time_entry_tags').select('tag_id').where('time_entry_id', '=', entry).execute()).toEqual([{ tag_id: tag.id }]);
  });

  it("does not reach another workspace's tag through one's own workspace", async () => {
    const tag = await createTag('not-yours');
    const before = await tagRows();
    const own = `/api/v9/workspaces/${stranger.workspaceId}`;
    expect((await stranger.api.put(`${own}/tags/${tag.id}`, { name: 'pwned' })).status).toBe(404);
    expect((await stranger.api.delete(`${own}/tags/${tag.id}`)).status).toBe(404);
    expect((await stranger.api.patch(`${own}/tags`, [{ op: 'delete', tag_id: tag.id }])).status).toBe(400);
    expect(await tagRows()).toEqual(before);
  });
});
