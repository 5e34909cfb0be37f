import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUser, type TestUser } from '../helpers/factories.js';

// A stranger — a valid user of the same server — tries every route of another tenant.
// Each attempt must be refused (403/404) and leave the victim's data exactly as it was.
let t: TestApp;
let victim: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  t = await buildTestApp();
  victim = await createUser(t, { fullname: 'Victor Victim' });
  stranger = await createUser(t, { fullname: 'Sam Stranger' });
});
afterAll(async () => t.close());

async function snapshot() {
  const db = t.database.db;
  return {
    workspaces: await db.selectFrom('workspaces').selectAll().orderBy('id').execute(),
    organizations: await db.selectFrom('organizations').selectAll().orderBy('id').execute(),
    workspace_users: await db.selectFrom('workspace_users').selectAll().orderBy('id').execute(),
    organization_users: await db.selectFrom('organization_users').selectAll().orderBy('id').execute(),
    // last_seen_at is bookkeeping any authenticated request may write, the refused ones included.
    users: (await db.selectFrom('users').selectAll().orderBy('id').execute()).map(({ last_seen_at: _, ...user }) => user),
  };
}

describe('tenant isolation (foundation routes)', () => {
  const routes = (): [string, string, unknown?][] => [
    ['GET', `/api/v9/workspaces/${victim.workspaceId}`],
    ['PUT', `/api/v9/workspaces/${victim.workspaceId}`, { name: 'pwned' }],
    ['GET', `/api/v9/workspaces/${victim.workspaceId}/users`],
    ['GET', `/api/v9/organizations/${victim.organizationId}`],
    ['PUT', `/api/v9/organizations/${victim.organizationId}`, { name: 'pwned' }],
    ['POST', `/api/v9/organizations/${victim.organizationId}/workspaces`, { name: 'pwned' }],
    ['GET', `/api/v9/organizations/${victim.organizationId}/users`],
  ];

  it('refuses every route with 403 or 404 and changes nothing', async () => {
    const before = await snapshot();
    for (const [method, url, body] of routes()) {
      const res = await (method === 'GET' ? stranger.api.get(url) : method === 'PUT' ? stranger.api.put(url, body) : stranger.api.post(url, body));
      expect([403, 404], `${method} ${url} answered ${res.status}`).toContain(res.status);
      expect(typeof res.body).toBe('string');
    }
    expect(await snapshot()).toEqual(before);
  });

  it("never lists another tenant's workspaces or organizations", async () => {
    const ws = await stranger.api.get('/api/v9/me/workspaces');
    expect(ws.body.map((w: { id: number }) => w.id)).toEqual([stranger.workspaceId]);
    const orgs = await stranger.api.get('/api/v9/me/organizations');
    expect(orgs.body.map((o: { id: number }) => o.id)).toEqual([stranger.organizationId]);
    const me = await stranger.api.get('/api/v9/me?with_related_data=true');
    expect(me.body.workspaces.map((w: { id: number }) => w.id)).toEqual([stranger.workspaceId]);
  });

  it("cannot make another tenant's workspace their default", async () => {
    const res = await stranger.api.put('/api/v9/me', { default_workspace_id: victim.workspaceId });
    expect(res.status).toBe(400);
  });
});
