// Reports API v2's group parameters: members_of_group_ids "limits provided user_ids to the members
// of the given groups", or_members_of_group_ids "extends provided user_ids with the members of the
// given groups". Both go through the domain's one group rule (groups attached to the workspace).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser } from '../../helpers/factories.js';
import { insertEntry } from '../../helpers/report-data.js';
import { v2get } from './helpers.js';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let colleague: TestUser;
let w: number;
const g = {} as { team: number; owners: number; detached: number };
const e = {} as { owner: number; member: number; colleague: number };

beforeAll(async () => {
  t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0', QUOTA_ENFORCE: 'false' });
  owner = await createUser(t, { fullname: 'Ada Owner' });
  member = await createUser(t, { fullname: 'Mia Member' });
  colleague = await createUser(t, { fullname: 'Cole League' });
  w = owner.workspaceId;
  await addMember(t, w, member.user.id);
  await addMember(t, w, colleague.user.id);
  e.owner = await insertEntry(t, w, { userId: owner.user.id, duration: 3600, start: '2025-03-03T09:00:00Z' });
  e.member = await insertEntry(t, w, { userId: member.user.id, duration: 1800, start: '2025-03-04T09:00:00Z' });
  e.colleague = await insertEntry(t, w, { userId: colleague.user.id, duration: 900, start: '2025-03-05T09:00:00Z' });
  const group = async (body: Record<string, unknown>) => {
    const res = await owner.api.post(`/api/v9/organizations/${owner.organizationId}/groups`, body);
    expect(res.status, res.text).toBe(200);
    return res.body.group_id as number;
  };
  g.team = await group({ name: 'Team', users: [member.user.id, colleague.user.id], workspaces: [w] });
  g.owners = await group({ name: 'Owners', users: [owner.user.id], workspaces: [w] });
  g.detached = await group({ name: 'Detached', users: [member.user.id] });
});
afterAll(async () => t.close());

async function ids(params: Record<string, string | number>): Promise<number[]> {
  const res = await v2get(t, { token: owner.token }, 'details', { user_agent: 'stint-tests', workspace_id: w, since: '2025-03-03', until: '2025-03-09', ...params });
  expect(res.status, res.text).toBe(200);
  expect(res.headers.warning).toBeUndefined();
  return res.body.data.map((r: { id: number }) => r.id).sort((a: number, b: number) => a - b);
}

describe('members_of_group_ids', () => {
  it("reports the groups' members, and limits user_ids to them", async () => {
    expect(await ids({ members_of_group_ids: g.team })).toEqual([e.member, e.colleague]);
    expect(await ids({ members_of_group_ids: `${g.team},${g.owners}` })).toEqual([e.owner, e.member, e.colleague]);
    expect(await ids({ members_of_group_ids: g.team, user_ids: `${owner.user.id},${member.user.id}` })).toEqual([e.member]);
    expect(await ids({ members_of_group_ids: g.detached })).toEqual([]);
  });
});

describe('or_members_of_group_ids', () => {
  it("extends user_ids with the groups' members; alone, it reports those members", async () => {
    expect(await ids({ user_ids: owner.user.id, or_members_of_group_ids: g.team })).toEqual([e.owner, e.member, e.colleague]);
    expect(await ids({ user_ids: owner.user.id, or_members_of_group_ids: g.detached })).toEqual([e.owner]);
    expect(await ids({ or_members_of_group_ids: g.owners })).toEqual([e.owner]);
  });

  it('combines with members_of_group_ids: the extended users, limited to those groups', async () => {
    expect(await ids({ user_ids: owner.user.id, or_members_of_group_ids: g.team, members_of_group_ids: g.owners })).toEqual([e.owner]);
  });
});
