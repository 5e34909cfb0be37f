import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser } from '../../helpers/factories.js';

let t: TestApp;
let owner: TestUser;
beforeAll(async () => {
  t = await buildTestApp();
  owner = await createUser(t, { fullname: 'Olga Owner' });
});
afterAll(async () => t.close());

describe('workspaces', () => {
  it('GET /workspaces/{id} returns the workspace with the caller as admin', async () => {
    const res = await owner.api.get(`/api/v9/workspaces/${owner.workspaceId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: owner.workspaceId, admin: true, role: 'admin', organization_id: owner.organizationId, default_currency: 'USD' });
    expect(res.body.at).toMatch(/\+00:00$/);
    // Fields real Toggl sends beyond the swagger: a live workspace on the (self-hosted) premium plan.
    expect(res.body).toMatchObject({ only_admins_see_billable_rates: false, profile: 102, premium: true, server_deleted_at: null });
  });

  it('PUT /workspaces/{id} changes settings for admins', async () => {
    const res = await owner.api.put(`/api/v9/workspaces/${owner.workspaceId}`, {
      name: 'Renamed',
      default_currency: 'eur',
      default_hourly_rate: 42.5,
      rounding: 0,
      rounding_minutes: 15,
      only_admins_may_create_projects: true,
      only_admins_see_billable_rates: true,
      projects_billable_by_default: false,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Renamed', default_currency: 'EUR', default_hourly_rate: 42.5, rounding: 0, rounding_minutes: 15, only_admins_may_create_projects: true, only_admins_see_billable_rates: true, projects_billable_by_default: false, profile: 102, server_deleted_at: null });
    expect(res.body.rate_last_updated).not.toBeNull();
    expect((await owner.api.get(`/api/v9/workspaces/${owner.workspaceId}`)).body.only_admins_see_billable_rates).toBe(true);
    const back = await owner.api.put(`/api/v9/workspaces/${owner.workspaceId}`, { only_admins_see_billable_rates: false });
    expect(back.body.only_admins_see_billable_rates).toBe(false);
  });

  it.each([
    [{ name: '   ' }, 'workspace name must contain non-space characters'],
    [{ default_currency: 'euro' }, 'Invalid default_currency'],
    [{ rounding: 5 }, 'Invalid rounding'],
    [{ default_hourly_rate: -1 }, 'Invalid default_hourly_rate'],
    [{ admins: [] }, 'Workspace needs at least one admin'],
    [{ admins: [999999] }, 'Invalid admins'],
  ])('PUT refuses %j', async (body, message) => {
    const before = (await owner.api.get(`/api/v9/workspaces/${owner.workspaceId}`)).body;
    const res = await owner.api.put(`/api/v9/workspaces/${owner.workspaceId}`, body);
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
    expect((await owner.api.get(`/api/v9/workspaces/${owner.workspaceId}`)).body).toEqual(before);
  });

  it('GET /workspaces/{id}/users lists members', async () => {
    const res = await owner.api.get(`/api/v9/workspaces/${owner.workspaceId}/users`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ email: owner.email, fullname: 'Olga Owner', id: owner.user.id, inactive: false, is_active: true, is_admin: true, role: 'admin' }]);
  });

  it('a member who is not admin cannot change settings', async () => {
    const member = await createUser(t);
    await t.database.db
      .insertInto('workspace_users')
      .values({ workspace_id: owner.workspaceId, user_id: member.user.id, admin: 0, role: 'user', created_at: Date.now(), at: Date.now() })
      .execute();
    const read = await member.api.get(`/api/v9/workspaces/${owner.workspaceId}`);
    expect(read.status).toBe(200);
    expect(read.body.admin).toBe(false);
    const res = await member.api.put(`/api/v9/workspaces/${owner.workspaceId}`, { name: 'Hijacked' });
    expect(res.status).toBe(403);
    expect((await owner.api.get(`/api/v9/workspaces/${owner.workspaceId}`)).body.name).not.toBe('Hijacked');
    // The owner can now promote the member through `admins`.
    const promote = await owner.api.put(`/api/v9/workspaces/${owner.workspaceId}`, { admins: [owner.user.id, member.user.id] });
    expect(promote.status).toBe(200);
    expect((await member.api.get(`/api/v9/workspaces/${owner.workspaceId}`)).body.admin).toBe(true);
  });
});

describe('billable rate visibility', () => {
  it("hides the workspace's default rate from members when only admins see billable rates", async () => {
    const boss = await createUser(t);
    const member = await createUser(t);
    await addMember(t, boss.workspaceId, member.user.id, { admin: false });
    await boss.api.put(`/api/v9/workspaces/${boss.workspaceId}`, { default_hourly_rate: 120 });
    expect((await member.api.get(`/api/v9/workspaces/${boss.workspaceId}`)).body.default_hourly_rate).toBe(120);
    await boss.api.put(`/api/v9/workspaces/${boss.workspaceId}`, { only_admins_see_billable_rates: true });
    const seen = (await member.api.get(`/api/v9/workspaces/${boss.workspaceId}`)).body;
    expect(seen).toMatchObject({ only_admins_see_billable_rates: true, default_hourly_rate: null });
    expect((await member.api.get('/api/v9/me/workspaces')).body.find((w: { id: number }) => w.id === boss.workspaceId)).toMatchObject({
      only_admins_see_billable_rates: true,
      default_hourly_rate: null,
    });
    expect((await boss.api.get(`/api/v9/workspaces/${boss.workspaceId}`)).body.default_hourly_rate).toBe(120);
  });
});

describe('organizations', () => {
  it('POST /organizations creates an organization with a workspace', async () => {
    const res = await owner.api.post('/api/v9/organizations', { name: 'Acme', workspace_name: 'Acme Ops' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Acme', workspace_name: 'Acme Ops' });
    const org = await owner.api.get(`/api/v9/organizations/${res.body.id}`);
    expect(org.status).toBe(200);
    expect(org.body).toMatchObject({ id: res.body.id, name: 'Acme', owner: true, admin: true, user_count: 1 });
    const ws = await owner.api.get(`/api/v9/workspaces/${res.body.workspace_id}`);
    expect(ws.body).toMatchObject({ name: 'Acme Ops', organization_id: res.body.id, admin: true });
    expect((await owner.api.get('/api/v9/me/organizations')).body).toHaveLength(2);
  });

  it('POST /organizations refuses an empty name', async () => {
    const res = await owner.api.post('/api/v9/organizations', { name: '  ' });
    expect(res.status).toBe(400);
    expect(res.body).toBe("Field 'name' cannot be empty.");
    expect((await owner.api.post('/api/v9/organizations', {})).status).toBe(400);
  });

  it('PUT /organizations/{id} renames', async () => {
    const res = await owner.api.put(`/api/v9/organizations/${owner.organizationId}`, { name: 'Olga Inc' });
    expect(res.status).toBe(200);
    expect((await owner.api.get(`/api/v9/organizations/${owner.organizationId}`)).body.name).toBe('Olga Inc');
  });

  it('POST /organizations/{id}/workspaces adds a workspace', async () => {
    const res = await owner.api.post(`/api/v9/organizations/${owner.organizationId}/workspaces`, { name: 'Second', projects_private_by_default: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Second', organization_id: owner.organizationId, admin: true, projects_private_by_default: false });
    expect(res.body).toMatchObject({ only_admins_see_billable_rates: false, profile: 102, server_deleted_at: null });
    expect((await owner.api.post(`/api/v9/organizations/${owner.organizationId}/workspaces`, {})).status).toBe(400);
  });

  it('GET /organizations/{id}/users lists users with their workspaces, filtered and paged', async () => {
    const res = await owner.api.get(`/api/v9/organizations/${owner.organizationId}/users`);
    expect(res.status).toBe(200);
    expect(res.body[0]).toMatchObject({ user_id: owner.user.id, email: owner.email, owner: true, admin: true, organization_id: owner.organizationId });
    expect(res.body[0].workspaces.length).toBeGreaterThanOrEqual(2);
    expect((await owner.api.get(`/api/v9/organizations/${owner.organizationId}/users?filter=olga`)).body).toHaveLength(1);
    expect((await owner.api.get(`/api/v9/organizations/${owner.organizationId}/users?filter=zzz`)).body).toHaveLength(0);
    expect((await owner.api.get(`/api/v9/organizations/${owner.organizationId}/users?only_admins=true&active_status=active&per_page=1&page=1`)).body).toHaveLength(1);
    expect((await owner.api.get(`/api/v9/organizations/${owner.organizationId}/users?active_status=bogus`)).status).toBe(400);
  });
});
