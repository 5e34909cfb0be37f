import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, client, type TestApp } from '../../helpers/app.js';
import { createUser, ownerWithMember, type TestUser } from '../../helpers/factories.js';

// Stint's pending invitation list (GET /stint/api/v1/organizations/{id}/invitations), which Track
// v9 does not offer: who may read it, what it holds, and what leaves it.

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let org: number;
let ws: number;

beforeAll(async () => {
  t = await buildTestApp();
  ({ owner, member, ws } = await ownerWithMember(t, 'Olga Owner', 'Mia Member'));
  org = owner.organizationId;
});
afterAll(async () => t.close());

const listUrl = (o = org) => `/stint/api/v1/organizations/${o}/invitations`;

async function invite(emails: string[]) {
  const res = await owner.api.post(`/api/v9/organizations/${org}/invitations`, { emails, workspaces: [{ workspace_id: ws }] });
  expect(res.status, res.text).toBe(200);
  return res.body as { data: { email: string; invitation_id: number; invite_url: string }[]; invitations: { code: string; email: string }[] };
}

describe('GET /stint/api/v1/organizations/{id}/invitations', () => {
  it('lists invitations to addresses with and without an account, with their codes and links, until answered', async () => {
    const existing = await createUser(t, { fullname: 'Eve Existing' });
    const newcomer = `new-${Date.now()}@example.com`;
    const sent = await invite([newcomer, existing.email]);

    const res = await owner.api.get(listUrl());
    expect(res.status).toBe(200);
    const mine = res.body.filter((i: { email: string }) => [newcomer, existing.email.toLowerCase()].includes(i.email));
    expect(mine).toHaveLength(2);
    const fresh = mine.find((i: { email: string }) => i.email === newcomer);
    expect(fresh).toEqual({
      email: newcomer,
      invitation_id: sent.data.find((d) => d.email === newcomer)!.invitation_id,
      invite_url: sent.data.find((d) => d.email === newcomer)!.invite_url,
      code: sent.invitations.find((i) => i.email === newcomer)!.code,
      organization_id: org,
      recipient_id: null,
      sender_id: owner.user.id,
      sent_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
      workspaces: [{ user_id: null, workspace_id: ws, workspace_user_id: null }],
    });

    // Accepted: gone from the list. Withdrawn (its pending membership removed): gone too.
    const code = sent.invitations.find((i) => i.email === existing.email.toLowerCase())!.code;
    expect((await existing.api.post(`/api/v9/organizations/invitations/${code}/accept`)).status).toBe(200);
    const after = (await owner.api.get(listUrl())).body.map((i: { email: string }) => i.email);
    expect(after).toContain(newcomer);
    expect(after).not.toContain(existing.email.toLowerCase());
  });

  it('drops an invitation whose pending membership was removed', async () => {
    const other = await createUser(t, { fullname: 'Rita Revoked' });
    await invite([other.email]);
    const pending = (await owner.api.get(`/api/v9/workspaces/${ws}/workspace_users`)).body.find((w: { uid: number }) => w.uid === other.user.id);
    expect(pending.active).toBe(false);
    expect((await owner.api.delete(`/api/v9/workspaces/${ws}/workspace_users/${pending.id}`)).status).toBe(200);
    const emails = (await owner.api.get(listUrl())).body.map((i: { email: string }) => i.email);
    expect(emails).not.toContain(other.email.toLowerCase());
  });

  it('is for admins: a member is refused, a stranger to the organization too, and no credentials get 401', async () => {
    const refused = await member.api.get(listUrl());
    expect(refused.status).toBe(403);
    const stranger = await createUser(t, { fullname: 'Sam Stranger' });
    expect((await stranger.api.get(listUrl())).status).toBe(403);
    const anonymous = await client(t, null).get(listUrl());
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).toBe('');
  });
});
