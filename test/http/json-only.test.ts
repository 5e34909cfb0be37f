import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUser, type TestUser } from '../helpers/factories.js';
import { expectConformant } from '../conformance/validator.js';

let t: TestApp;
let u: TestUser;
beforeAll(async () => {
  t = await buildTestApp();
  u = await createUser(t);
});
afterAll(async () => t.close());

/** A raw request whose headers are exactly these (plus Basic auth): no Content-Type is added. */
async function post(url: string, payload: string, headers: Record<string, string> = {}) {
  const authorization = 'Basic ' + Buffer.from(`${u.token}:api_token`).toString('base64');
  const res = await t.app.inject({ method: 'POST', url, payload, headers: { authorization, ...headers } });
  expect(res.headers['content-type'] ?? '').toMatch(/json/);
  expectConformant({ method: 'POST', url, statusCode: res.statusCode, body: res.body, headers: res.headers });
  return { status: res.statusCode, body: JSON.parse(res.body) as unknown };
}

const clientNames = async () => (await t.database.db.selectFrom('clients').select('name').where('workspace_id', '=', u.workspaceId).execute()).map((c) => c.name);

describe('bodies without a Content-Type', () => {
  it('reads them as JSON, as Toggl does for clients that send none', async () => {
    const res = await post(`/api/v9/workspaces/${u.workspaceId}/clients`, JSON.stringify({ name: 'No header Ltd' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'No header Ltd', wid: u.workspaceId });
  });

  it('refuses invalid JSON with 400 and changes nothing', async () => {
    const before = await clientNames();
    const res = await post(`/api/v9/workspaces/${u.workspaceId}/clients`, 'name=Form Ltd');
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/^Invalid JSON input/);
    expect(await clientNames()).toEqual(before);
  });

  it('still refuses a body labelled with a non-JSON type', async () => {
    const before = await clientNames();
    const res = await post(`/api/v9/workspaces/${u.workspaceId}/clients`, JSON.stringify({ name: 'Labelled Ltd' }), { 'content-type': 'text/plain' });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/application\/json/);
    expect(await clientNames()).toEqual(before);
  });
});
