import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, client, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser, ownerWithMember } from '../../helpers/factories.js';

// Organization invitations: creating them (org and workspace admins), looking one up by its code,
// accepting and rejecting it as the addressee, resending; and what a pending invitee may see.

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let stranger: TestUser;
let org: number;
let ws: number;
let projectId: number;
let anonymous: ReturnType<typeof client>;

beforeAll(async () => {
  t = await buildTestApp();
  anonymous = client(t, null);
  ({ owner, member, ws } = await ownerWithMember(t, 'Olga Owner', 'Mia Member'));
  stranger = await createUser(t, { fullname: 'Sam Stranger' });
  org = owner.organizationId;
  const project = await owner.api.post(`/api/v9/workspaces/${ws}/projects`, { name: 'Shared Project', is_private: false });
  projectId = project.body.id;
});
afterAll(async () => t.close());

const CODE = /^[0-9a-f]{32}$/;
const INVITE_URL = /^http:\/\/localhost(:80)?\/api\/v9\/invitations\/[0-9a-f]{32}$/;
const invitationsUrl = (o = org) => `/api/v9/organizations/${o}/invitations`;
const codeUrl = (code: string) => `/api/v9/invitations/${code}`;
const accept = (u: TestUser, code: string) => u.api.post(`/api/v9/organizations/invitations/${code}/accept`);
const reject = (u: TestUser, code: string) => u.api.post(`/api/v9/organizations/invitations/${code}/reject`);
const randomCode = () => crypto.randomBytes(16).toString('hex');

async function invite(by: TestUser, emails: string[], workspaces: object[] = [{ workspace_id: ws }], o = org) {
  const res = await by.api.post(invitationsUrl(o), { emails, workspaces });
  expect(res.status, res.text).toBe(200);
  return res.body as { data: any[]; invitations: any[]; messages: string[] };
}

async function snapshot() {
  const db = t.database.db;
  return {
    invitations: await db.selectFrom('invitations').selectAll().orderBy('id').execute(),
    invitation_workspaces: await db.selectFrom('invitation_workspaces').selectAll().orderBy('invitation_id').orderBy('workspace_id').execute(),
    workspace_users: await db.selectFrom('workspace_users').selectAll().orderBy('id').execute(),
    organization_users: await db.selectFrom('organization_users').selectAll().orderBy('id').execute(),
  };
}

async function workspaceUser(viewer: TestUser, userId: number, wid = ws) {
  const res = await viewer.api.get(`/api/v9/workspaces/${wid}/workspace_users`);
  expect(res.status).toBe(200);
  return res.body.find((w: { uid: number }) => w.uid === userId);
}

const workspaceIdsOf = async (u: TestUser) => (await u.api.get('/api/v9/me/workspaces')).body.map((w: { id: number }) => w.id);
const organizationIdsOf = async (u: TestUser) => (await u.api.get('/api/v9/me/organizations')).body.map((o: { id: number }) => o.id);

/** An organization of its own with two workspaces, so tests of roles and merges stay apart. */
async function twoWorkspaceOrg() {
  const admin = await createUser(t, { fullname: 'Ada Admin' });
  const second = (await admin.api.post(`/api/v9/organizations/${admin.organizationId}/workspaces`, { name: 'Second WS' })).body;
  return { admin, org: admin.organizationId, ws1: admin.workspaceId, ws2: second.id as number };
}

describe('POST /organizations/{id}/invitations', () => {
  it('invites an existing user: a pending membership, listed with its invite URL for admins only', async () => {
    const alice = await createUser(t, { fullname: 'Alice Invitee' });
    const body = await invite(owner, [alice.email.toUpperCase()]);
    const [info] = body.data;
    expect(info).toEqual({
      email: alice.email.toLowerCase(),
      invitation_id: expect.any(Number),
      invite_url: expect.stringMatching(INVITE_URL),
      organization_id: org,
      recipient_id: alice.user.id,
      sender_id: owner.user.id,
      workspaces: [{ user_id: alice.user.id, workspace_id: ws, workspace_user_id: expect.any(Number) }],
    });
    expect(body.invitations).toEqual([
      {
        code: expect.stringMatching(CODE),
        email: alice.email.toLowerCase(),
        organization_id: org,
        organization_name: "Olga Owner's organization",
        sender_email: owner.email,
        sender_name: 'Olga Owner',
      },
    ]);
    expect(body.messages).toEqual([]);
    const code = body.invitations[0].code;
    expect(info.invite_url.endsWith(`/${code}`)).toBe(true);

    // The code is found by its hash; only admins are shown it again.
    const row = await t.database.db.selectFrom('invitations').selectAll().where('id', '=', info.invitation_id).executeTakeFirstOrThrow();
    expect(row.code_hash).toBe(crypto.createHash('sha256').update(code).digest('hex'));
    expect(row.status).toBe('pending');
    expect(await workspaceUser(owner, alice.user.id)).toMatchObject({
      id: info.workspaces[0].workspace_user_id,
      active: false,
      inactive: false,
      invitation_code: code,
      invite_url: info.invite_url,
      email: alice.email,
    });
    expect(await workspaceUser(member, alice.user.id)).toMatchObject({ active: false, invitation_code: null, invite_url: null });
  });

  it('keeps a pending invitee out of everything in the workspace and the organization', async () => {
    const pending = await createUser(t, { fullname: 'Pending Person' });
    await invite(owner, [pending.email]);
    const refused: [string, string, unknown?][] = [
      ['GET', `/api/v9/workspaces/${ws}`],
      ['GET', `/api/v9/workspaces/${ws}/projects`],
      ['GET', `/api/v9/workspaces/${ws}/projects/${projectId}`],
      ['GET', `/api/v9/workspaces/${ws}/clients`],
      ['GET', `/api/v9/workspaces/${ws}/tags`],
      ['GET', `/api/v9/workspaces/${ws}/workspace_users`],
      ['GET', `/api/v9/workspaces/${ws}/users`],
      ['GET', `/api/v9/workspaces/${ws}/time_entry_invitations`],
      ['POST', `/api/v9/workspaces/${ws}/time_entries`, { created_with: 'test', start: '2024-06-03T09:00:00Z', duration: 60, project_id: projectId }],
      ['POST', `/api/v9/workspaces/${ws}/projects`, { name: 'Sneaky' }],
      ['POST', `/api/v9/workspaces/${ws}/tags`, { name: 'sneaky' }],
      ['GET', `/api/v9/organizations/${org}`],
      ['GET', `/api/v9/organizations/${org}/users`],
      ['POST', `/reports/api/v3/workspace/${ws}/summary/time_entries`, { start_date: '2024-06-01', end_date: '2024-06-30' }],
      ['GET', `/api/v8/workspaces/${ws}/projects`],
    ];
    const before = await snapshot();
    for (const [method, url, body] of refused) {
      const res = await call(t, method, url, { auth: { token: pending.token }, ...(body !== undefined ? { body } : {}) });
      expect([403, 404], `${method} ${url} answered ${res.status}`).toContain(res.status);
    }
    expect(await snapshot()).toEqual(before);
    expect(await workspaceIdsOf(pending)).toEqual([pending.workspaceId]);
    expect(await organizationIdsOf(pending)).toEqual([pending.organizationId]);
    const projects = (await pending.api.get('/api/v9/me/projects')).body.map((p: { id: number }) => p.id);
    expect(projects).not.toContain(projectId);
    expect((await pending.api.put('/api/v9/me', { default_workspace_id: ws })).status).toBe(400);
  });

  it('does not count a pending invitee as a member', async () => {
    const { admin, org: o, ws1 } = await twoWorkspaceOrg();
    const invitee = await createUser(t, { fullname: 'Ivy Invitee' });
    const body = await invite(admin, [invitee.email], [{ workspace_id: ws1, admin: true }], o);
    const wuId = body.data[0].workspaces[0].workspace_user_id;
    // Not a member the reports list, nor one projects may name, nor an admin who keeps the workspace run.
    const users = await admin.api.post(`/reports/api/v3/workspace/${ws1}/filters/users`, {});
    expect(users.body.map((u: { id: number }) => u.id)).toEqual([admin.user.id]);
    const inactive = await admin.api.post(`/reports/api/v3/workspace/${ws1}/filters/users`, { active: false });
    expect(inactive.body).toEqual([]);
    const project = (await admin.api.post(`/api/v9/workspaces/${ws1}/projects`, { name: 'Counted' })).body;
    const pu = await admin.api.post(`/api/v9/workspaces/${ws1}/project_users`, { project_id: project.id, user_id: invitee.user.id });
    expect(pu.status).toBe(400);
    expect((await admin.api.put(`/api/v9/workspaces/${ws1}`, { admins: [invitee.user.id] })).status).toBe(400);
    const adminWu = (await workspaceUser(admin, admin.user.id, ws1)).id;
    const stepDown = await admin.api.put(`/api/v9/workspaces/${ws1}/workspace_users/${adminWu}`, { role: 'user' });
    expect([stepDown.status, stepDown.body]).toEqual([400, 'Workspace needs at least one admin']);
    const orgUsers = await admin.api.get(`/api/v9/organizations/${o}/users`);
    expect(orgUsers.body.map((u: { user_id: number }) => u.user_id)).toEqual([admin.user.id]);
    expect(await workspaceUser(admin, invitee.user.id, ws1)).toMatchObject({ id: wuId, active: false, admin: true });
  });

  it('invites an address without an account; the person signs up with it and accepts', async () => {
    const body = await invite(owner, ['Newcomer.Nina@Example.com']);
    const [info] = body.data;
    expect(info).toMatchObject({ email: 'newcomer.nina@example.com', recipient_id: null, workspaces: [{ user_id: null, workspace_id: ws, workspace_user_id: null }] });
    const code = body.invitations[0].code;

    const looked = await anonymous.get(codeUrl(code));
    expect(looked.status).toBe(200);
    expect(looked.body).toEqual({
      accounts_signup_url: null,
      code,
      email: 'newcomer.nina@example.com',
      organization_id: org,
      organization_name: "Olga Owner's organization",
      sender_email: owner.email,
      sender_name: 'Olga Owner',
      sso: false,
      token: null,
    });

    const signup = await anonymous.post('/api/v9/signup', { email: 'newcomer.NINA@example.com', password: 'secret-password', fullname: 'Nina Newcomer' });
    expect(signup.status).toBe(200);
    const nina = client(t, { token: signup.body.api_token });
    expect((await nina.get(`/api/v9/workspaces/${ws}`)).status).toBe(403);
    const res = await nina.post(`/api/v9/organizations/invitations/${code}/accept`);
    expect([res.status, res.body]).toEqual([200, 'OK']);
    expect((await nina.get(`/api/v9/workspaces/${ws}`)).body).toMatchObject({ id: ws, admin: false });
    expect((await nina.get(`/api/v9/workspaces/${ws}/projects/${projectId}`)).status).toBe(200);
    // Joining another workspace leaves the newcomer's own default workspace as it was.
    expect((await nina.get('/api/v9/me')).body.default_workspace_id).toBe(signup.body.default_workspace_id);
    expect((await nina.get('/api/v9/me/organizations')).body.map((o: { id: number }) => o.id)).toContain(org);
  });

  it('refuses an active member with 400 and changes nothing, even beside a valid address', async () => {
    const before = await snapshot();
    for (const emails of [[member.email], ['fresh.face@example.com', member.email.toUpperCase()]]) {
      const res = await owner.api.post(invitationsUrl(), { emails, workspaces: [{ workspace_id: ws }] });
      expect([res.status, res.body]).toEqual([400, `User with e-mail '${member.email.toLowerCase()}' is already a member of the workspace '${"Olga Owner's workspace"}'`]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a deactivated member with Toggl\'s message', async () => {
    const paused = await createUser(t, { fullname: 'Pat Paused' });
    await addMember(t, ws, paused.user.id);
    const wu = await workspaceUser(owner, paused.user.id);
    expect((await owner.api.put(`/api/v9/workspaces/${ws}/workspace_users/${wu.id}`, { inactive: true })).status).toBe(200);
    const before = await snapshot();
    const res = await owner.api.post(invitationsUrl(), { emails: [paused.email], workspaces: [{ workspace_id: ws }] });
    expect([res.status, res.body]).toEqual([400, `User with e-mail '${paused.email}' is already an inactive member of the organization`]);
    expect(await snapshot()).toEqual(before);
  });

  it('does not duplicate a pending invitation: inviting again extends it', async () => {
    const { admin, org: o, ws1, ws2 } = await twoWorkspaceOrg();
    const erin = await createUser(t, { fullname: 'Erin Again' });
    const first = await invite(admin, [erin.email], [{ workspace_id: ws1 }], o);
    const again = await invite(admin, [erin.email.toUpperCase(), erin.email], [{ workspace_id: ws1 }], o);
    expect(again.data.map((d) => d.invitation_id)).toEqual([first.data[0].invitation_id]);
    expect(again.invitations[0].code).toBe(first.invitations[0].code);
    expect(again.messages).toEqual([`User with e-mail '${erin.email}' already has a pending invitation; no new one was created`]);
    expect(again.data[0].workspaces).toEqual(first.data[0].workspaces);

    const wider = await invite(admin, [erin.email], [{ workspace_id: ws1 }, { workspace_id: ws2 }], o);
    expect(wider.data[0].invitation_id).toBe(first.data[0].invitation_id);
    expect(wider.messages).toEqual([]);
    expect(wider.data[0].workspaces.map((w: { workspace_id: number }) => w.workspace_id)).toEqual([ws1, ws2]);
    const rows = await t.database.db.selectFrom('invitations').select('id').where('email', '=', erin.email.toLowerCase()).execute();
    expect(rows).toHaveLength(1);
    const memberships = await t.database.db.selectFrom('workspace_users').select('workspace_id').where('user_id', '=', erin.user.id).where('workspace_id', 'in', [ws1, ws2]).execute();
    expect(memberships.map((m) => m.workspace_id).sort()).toEqual([ws1, ws2].sort());

    expect((await accept(erin, first.invitations[0].code)).status).toBe(200);
    expect(await workspaceIdsOf(erin)).toEqual([erin.workspaceId, ws1, ws2].sort((a, b) => a - b));
  });

  it('gives the role it was asked for, by admin flag, role or role_id', async () => {
    const { admin, org: o, ws1, ws2 } = await twoWorkspaceOrg();
    const boss = await createUser(t, { fullname: 'Bo Boss' });
    const body = await invite(admin, [boss.email], [{ workspace_id: ws1, role_id: 2 }, { workspace_id: ws2, role: 'user' }], o);
    expect(await workspaceUser(admin, boss.user.id, ws1)).toMatchObject({ active: false, admin: true, role: 'admin' });
    expect((await accept(boss, body.invitations[0].code)).status).toBe(200);
    expect((await boss.api.get(`/api/v9/workspaces/${ws1}`)).body.admin).toBe(true);
    expect((await boss.api.get(`/api/v9/workspaces/${ws2}`)).body.admin).toBe(false);
  });

  it('lets a workspace admin invite into their workspace only; organization admins into any', async () => {
    const { admin, org: o, ws1, ws2 } = await twoWorkspaceOrg();
    const wsAdmin = await createUser(t, { fullname: 'Wes Admin' });
    await addMember(t, ws1, wsAdmin.user.id, { admin: true });
    expect((await wsAdmin.api.post(invitationsUrl(o), { emails: ['one@example.com'], workspaces: [{ workspace_id: ws1 }] })).status).toBe(200);
    const before = await snapshot();
    const refused = await wsAdmin.api.post(invitationsUrl(o), { emails: ['two@example.com'], workspaces: [{ workspace_id: ws1 }, { workspace_id: ws2 }] });
    expect([refused.status, refused.body]).toEqual([403, 'Only organization admins and admins of the workspace can invite users']);
    expect(await snapshot()).toEqual(before);
    expect((await admin.api.post(invitationsUrl(o), { emails: ['two@example.com'], workspaces: [{ workspace_id: ws2 }] })).status).toBe(200);
  });

  it('refuses plain members and outsiders, and changes nothing', async () => {
    const before = await snapshot();
    const byMember = await member.api.post(invitationsUrl(), { emails: ['x@example.com'], workspaces: [{ workspace_id: ws }] });
    expect([byMember.status, byMember.body]).toEqual([403, 'Only organization admins and admins of the workspace can invite users']);
    for (const o of [org, 999999]) {
      const res = await stranger.api.post(invitationsUrl(o), { emails: ['x@example.com'], workspaces: [{ workspace_id: ws }] });
      expect(res.status).toBe(403);
      expect(typeof res.body).toBe('string');
    }
    // An outsider naming their own workspace under someone else's organization gets nowhere either.
    const own = await stranger.api.post(invitationsUrl(org), { emails: ['x@example.com'], workspaces: [{ workspace_id: stranger.workspaceId }] });
    expect(own.status).toBe(403);
    expect((await call(t, 'POST', invitationsUrl(), { body: { emails: ['x@example.com'] } })).status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    [{ emails: [], workspaces: 'ws' }, 'at least one email is required'],
    [{ workspaces: 'ws' }, 'at least one email is required'],
    [{ emails: ['x@example.com'] }, 'at least one workspace is required'],
    [{ emails: ['x@example.com'], workspaces: [] }, 'at least one workspace is required'],
    [{ emails: [''], workspaces: 'ws' }, 'Missing e-mail'],
    [{ emails: ['ok@example.com', 'nope'], workspaces: 'ws' }, "Invalid e-mail: 'nope'"],
    [{ emails: ['x@example.com'], workspaces: [{}] }, 'invalid workspace ID'],
    [{ emails: ['x@example.com'], workspaces: [{ workspace_id: 999999 }] }, 'invalid workspace ID'],
    [{ emails: ['x@example.com'], workspaces: 'stranger' }, 'invalid workspace ID'],
    [{ emails: ['x@example.com'], workspaces: [{ workspace_id: 'ws', role: 'projectlead' }] }, 'Invalid role: allowed values are admin, user'],
    [{ emails: ['x@example.com'], workspaces: [{ workspace_id: 'ws', admin: true, role_id: 2 }] }, 'Cannot use both admin flags and role_id.'],
    [{ emails: ['x@example.com'], workspaces: 'ws', groups: [1] }, 'Inviting into groups is not supported; add the user to groups once they have joined'],
    [{ emails: ['x@example.com'], workspaces: 'ws', project_invite: { project_id: 1, workspace_id: 1 } }, 'project_invite is not supported; add the user to the project once they have joined'],
    [{ emails: Array.from({ length: 101 }, (_, i) => `u${i}@example.com`), workspaces: 'ws' }, 'Too many e-mails: at most 100 can be invited at a time'],
  ])('refuses %j with 400 and changes nothing', async (raw, message) => {
    const fill = (w: unknown) => (w === 'ws' ? [{ workspace_id: ws }] : w === 'stranger' ? [{ workspace_id: stranger.workspaceId }] : w);
    const body: Record<string, unknown> = { ...raw, ...('workspaces' in raw ? { workspaces: fill(raw.workspaces) } : {}) };
    if (Array.isArray(body.workspaces)) body.workspaces = body.workspaces.map((w: any) => (w.workspace_id === 'ws' ? { ...w, workspace_id: ws } : w));
    const before = await snapshot();
    const res = await owner.api.post(invitationsUrl(), body);
    expect([res.status, res.body]).toEqual([400, message]);
    expect(await snapshot()).toEqual(before);
  });

  it('accepts groups: [] and skip_email as no-ops', async () => {
    const res = await owner.api.post(invitationsUrl(), { emails: ['noop.options@example.com'], workspaces: [{ workspace_id: ws }], groups: [], skip_email: true, project_invite: null });
    expect(res.status).toBe(200);
  });

  it('refuses a body that is not invitation.Post', async () => {
    const res = await owner.api.post(invitationsUrl(), { emails: 'x@example.com', workspaces: [{ workspace_id: ws }] });
    expect(res.status).toBe(400);
    expect(typeof res.body).toBe('string');
  });
});

describe('GET /invitations/{code}', () => {
  it('answers 404 for unknown, malformed and answered codes', async () => {
    for (const code of [randomCode(), 'not-a-code', 'A'.repeat(32)]) {
      const res = await anonymous.get(codeUrl(code));
      expect([res.status, res.body]).toEqual([404, 'Invitation not found']);
    }
    const gone = await createUser(t);
    const code = (await invite(owner, [gone.email])).invitations[0].code;
    expect((await gone.api.get(codeUrl(code.toUpperCase()))).status).toBe(200);
    await reject(gone, code);
    expect((await gone.api.get(codeUrl(code))).status).toBe(404);
  });
});

describe('accepting and rejecting', () => {
  it('accept makes the addressee an active member of the workspace and the organization', async () => {
    const alan = await createUser(t, { fullname: 'Alan Accepts' });
    const body = await invite(owner, [alan.email]);
    const code = body.invitations[0].code;
    const res = await accept(alan, code);
    expect([res.status, res.body]).toEqual([200, 'OK']);
    expect(await workspaceIdsOf(alan)).toEqual([ws, alan.workspaceId].sort((a, b) => a - b));
    expect(await organizationIdsOf(alan)).toContain(org);
    expect((await alan.api.get(`/api/v9/workspaces/${ws}/projects/${projectId}`)).status).toBe(200);
    expect((await alan.api.post(`/api/v9/workspaces/${ws}/time_entries`, { created_with: 'test', start: '2024-06-03T09:00:00Z', duration: 60, project_id: projectId })).status).toBe(200);
    expect(await workspaceUser(owner, alan.user.id)).toMatchObject({ id: body.data[0].workspaces[0].workspace_user_id, active: true, invitation_code: null, invite_url: null });
    const row = await t.database.db.selectFrom('invitations').select(['status', 'recipient_id']).where('id', '=', body.data[0].invitation_id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'accepted', recipient_id: alan.user.id });
    const users = await owner.api.post(`/reports/api/v3/workspace/${ws}/filters/users`, {});
    expect(users.body.map((u: { id: number }) => u.id)).toContain(alan.user.id);

    // A used code answers nothing more, and nothing changes.
    const before = await snapshot();
    expect(await accept(alan, code).then((r) => [r.status, r.body])).toEqual([404, 'This invitation was already accepted']);
    expect(await reject(alan, code).then((r) => [r.status, r.body])).toEqual([404, 'This invitation was already accepted']);
    expect((await anonymous.get(codeUrl(code))).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('reject removes the pending membership; the code is then dead', async () => {
    const rita = await createUser(t, { fullname: 'Rita Rejects' });
    const code = (await invite(owner, [rita.email])).invitations[0].code;
    const res = await reject(rita, code.toUpperCase());
    expect([res.status, res.body]).toEqual([200, 'OK']);
    expect(await workspaceUser(owner, rita.user.id)).toBeUndefined();
    const v8 = await owner.api.get(`/api/v8/workspaces/${ws}/workspace_users`);
    expect(v8.body.map((w: { uid: number }) => w.uid)).not.toContain(rita.user.id);
    expect((await rita.api.get(`/api/v9/workspaces/${ws}`)).status).toBe(403);
    const before = await snapshot();
    expect(await accept(rita, code).then((r) => [r.status, r.body])).toEqual([404, 'This invitation was rejected']);
    expect(await snapshot()).toEqual(before);
    // She can be invited again later, and then join.
    const again = (await invite(owner, [rita.email])).invitations[0].code;
    expect(again).not.toBe(code);
    expect((await accept(rita, again)).status).toBe(200);
    expect((await rita.api.get(`/api/v9/workspaces/${ws}`)).status).toBe(200);
  });

  it('is answered only by the addressee: anyone else gets 403 and nothing changes', async () => {
    const addressee = await createUser(t);
    const code = (await invite(owner, [addressee.email])).invitations[0].code;
    const before = await snapshot();
    for (const u of [stranger, member, owner]) {
      for (const answer of [accept, reject]) {
        const res = await answer(u, code);
        expect([res.status, res.body]).toEqual([403, 'This invitation was sent to another e-mail address']);
      }
    }
    expect((await call(t, 'POST', `/api/v9/organizations/invitations/${code}/accept`)).status).toBe(401);
    expect(await snapshot()).toEqual(before);
    expect((await accept(addressee, code)).status).toBe(200);
  });

  it('answers 404 for unknown codes', async () => {
    const before = await snapshot();
    for (const code of [randomCode(), 'nope']) {
      expect(await accept(stranger, code).then((r) => [r.status, r.body])).toEqual([404, 'Invalid invitation code']);
      expect(await reject(stranger, code).then((r) => [r.status, r.body])).toEqual([404, 'Invalid invitation code']);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('an admin removing the pending membership withdraws the invitation; inviting again brings it back', async () => {
    const walt = await createUser(t, { fullname: 'Walt Withdrawn' });
    const body = await invite(owner, [walt.email]);
    const code = body.invitations[0].code;
    const wuId = body.data[0].workspaces[0].workspace_user_id;
    expect((await owner.api.delete(`/api/v9/workspaces/${ws}/workspace_users/${wuId}`)).status).toBe(200);
    expect(await workspaceUser(owner, walt.user.id)).toBeUndefined();
    expect((await anonymous.get(codeUrl(code))).status).toBe(404);
    expect(await accept(walt, code).then((r) => [r.status, r.body])).toEqual([404, 'This invitation was withdrawn']);
    expect((await walt.api.get(`/api/v9/workspaces/${ws}`)).status).toBe(403);

    const again = await invite(owner, [walt.email]);
    expect(again.data[0].workspaces[0].workspace_user_id).toBe(wuId);
    expect(await workspaceUser(owner, walt.user.id)).toMatchObject({ id: wuId, active: false });
    expect((await accept(walt, again.invitations[0].code)).status).toBe(200);
    expect((await walt.api.get(`/api/v9/workspaces/${ws}`)).status).toBe(200);
  });

  it('goes to whoever holds the address when answered: a pending place made for its former holder goes', async () => {
    const first = await createUser(t, { fullname: 'First Holder', email: 'moving.address@example.com' });
    const body = await invite(owner, ['moving.address@example.com']);
    const code = body.invitations[0].code;
    expect((await first.api.put('/api/v9/me', { email: 'first.holder@example.com' })).status).toBe(200);
    expect(await accept(first, code).then((r) => r.status)).toBe(403);
    const second = await createUser(t, { fullname: 'Second Holder', email: 'Moving.Address@example.com' });
    expect((await accept(second, code)).status).toBe(200);
    expect((await second.api.get(`/api/v9/workspaces/${ws}`)).status).toBe(200);
    expect(await workspaceUser(owner, first.user.id)).toBeUndefined();
    expect((await first.api.get(`/api/v9/workspaces/${ws}`)).status).toBe(403);
  });

  it('lets an organization admin who is not in the workspace invite into it', async () => {
    const { admin, org: o, ws2 } = await twoWorkspaceOrg();
    const wu = await workspaceUser(admin, admin.user.id, ws2);
    const coAdmin = await createUser(t, { fullname: 'Co Admin' });
    await addMember(t, ws2, coAdmin.user.id, { admin: true });
    expect((await admin.api.delete(`/api/v9/workspaces/${ws2}/workspace_users/${wu.id}`)).status).toBe(200);
    expect((await admin.api.get(`/api/v9/workspaces/${ws2}`)).status).toBe(403);
    const joiner = await createUser(t);
    const body = await invite(admin, [joiner.email], [{ workspace_id: ws2 }], o);
    expect((await accept(joiner, body.invitations[0].code)).status).toBe(200);
    expect((await joiner.api.get(`/api/v9/workspaces/${ws2}`)).status).toBe(200);
  });

  it('a former member is invited back without a pending listing, and accepting revives the membership', async () => {
    const gina = await createUser(t, { fullname: 'Gina Gone' });
    await addMember(t, ws, gina.user.id);
    const old = await workspaceUser(owner, gina.user.id);
    expect((await owner.api.delete(`/api/v9/workspaces/${ws}/workspace_users/${old.id}`)).status).toBe(200);
    const body = await invite(owner, [gina.email]);
    expect(body.data[0].workspaces).toEqual([{ user_id: gina.user.id, workspace_id: ws, workspace_user_id: null }]);
    expect((await accept(gina, body.invitations[0].code)).status).toBe(200);
    expect(await workspaceUser(owner, gina.user.id)).toMatchObject({ id: old.id, active: true });
    expect((await gina.api.get(`/api/v9/workspaces/${ws}`)).status).toBe(200);
  });
});

describe('PUT /organizations/{id}/invitations/{invitation_id}/resend', () => {
  it('answers the invite URL again to an admin (Stint sends no e-mail)', async () => {
    const body = await invite(owner, ['resend.me@example.com']);
    const id = body.data[0].invitation_id;
    const res = await owner.api.put(`${invitationsUrl()}/${id}/resend`);
    expect([res.status, res.body]).toEqual([200, body.data[0].invite_url]);
  });

  it('refuses outsiders, plain members, unknown ids and invitations of other organizations', async () => {
    const body = await invite(owner, ['resend.refused@example.com']);
    const id = body.data[0].invitation_id;
    const theirs = (await invite(stranger, ['theirs@example.com'], [{ workspace_id: stranger.workspaceId }], stranger.organizationId)).data[0].invitation_id;
    const before = await snapshot();
    expect((await stranger.api.put(`${invitationsUrl()}/${id}/resend`)).status).toBe(403);
    expect((await member.api.put(`${invitationsUrl()}/${id}/resend`)).status).toBe(403);
    expect(await owner.api.put(`${invitationsUrl()}/999999/resend`).then((r) => [r.status, r.body])).toEqual([404, 'Invitation code not found']);
    expect(await owner.api.put(`${invitationsUrl()}/${theirs}/resend`).then((r) => [r.status, r.body])).toEqual([
      400,
      'Organization ID and invitation organization ID mismatch',
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('answers 404 once the invitation was answered', async () => {
    const answered = await createUser(t);
    const body = await invite(owner, [answered.email]);
    await accept(answered, body.invitations[0].code);
    expect((await owner.api.put(`${invitationsUrl()}/${body.data[0].invitation_id}/resend`)).status).toBe(404);
  });
});
