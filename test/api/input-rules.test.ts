// The requests that once answered 500 (found by sending hostile input from outside), and the null
// rule a published Toggl CLI depends on, each asserted with its answer on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../helpers/app.js';
import { createUser, type TestUser } from '../helpers/factories.js';
import { snapshotAll } from '../helpers/routes.js';

let t: TestApp;
let u: TestUser;
let ws: string;
let clientId: number;
let projectId: number;
let taskId: number;
let entryId: number;

beforeAll(async () => {
  t = await buildTestApp();
  u = await createUser(t);
  ws = `/api/v9/workspaces/${u.workspaceId}`;
  clientId = (await u.api.post(`${ws}/clients`, { name: 'Acme' })).body.id;
  projectId = (await u.api.post(`${ws}/projects`, { name: 'Site', client_id: clientId })).body.id;
  taskId = (await u.api.post(`${ws}/projects/${projectId}/tasks`, { name: 'Design' })).body.id;
  entryId = (await u.api.post(`${ws}/time_entries`, { created_with: 'test', start: '2025-03-03T09:00:00Z', duration: 600, workspace_id: u.workspaceId })).body.id;
});
afterAll(async () => t.close());

const NUL = 'nul\u0000text';
const v8auth = () => ({ token: u.token });

describe('a NUL character in text answers 400 and stores nothing, on every database', () => {
  const cases: [string, () => [string, string, unknown]][] = [
    ['client notes', () => ['POST', `${ws}/clients`, { name: 'N', notes: NUL }]],
    ['client external_reference', () => ['PUT', `${ws}/clients/${clientId}`, { name: 'Acme', external_reference: NUL }]],
    ['task external_reference', () => ['PUT', `${ws}/projects/${projectId}/tasks/${taskId}`, { external_reference: NUL }]],
    ['time entry description (create)', () => ['POST', `${ws}/time_entries`, { created_with: 't', start: '2025-03-03T10:00:00Z', duration: 60, workspace_id: u.workspaceId, description: NUL }]],
    ['time entry description (update)', () => ['PUT', `${ws}/time_entries/${entryId}`, { description: NUL }]],
    ['project name', () => ['POST', `${ws}/projects`, { name: 'nul\u0000project' }]],
  ];
  for (const [what, request] of cases) {
    it(what, async () => {
      const [method, url, body] = request();
      const before = await snapshotAll(t);
      const res = await call(t, method, url, { body, auth: { token: u.token } });
      expect(res.status).toBe(400);
      expect(res.body).toMatch(/must not contain control characters/);
      expect(await snapshotAll(t)).toEqual(before);
    });
  }

  it('in text filters of lists and of Reports v3 helpers', async () => {
    for (const url of [`${ws}/projects?name=${encodeURIComponent(NUL)}`, `${ws}/projects?search=${encodeURIComponent(NUL)}`, `${ws}/clients?name=${encodeURIComponent(NUL)}`]) {
      const res = await u.api.get(url);
      expect(res.status, url).toBe(400);
      expect(res.body).toMatch(/query parameter '(name|search)': must not contain control characters/);
    }
    for (const path of ['filters/projects', 'search/clients', 'filters/clients']) {
      const res = await u.api.post(`/reports/api/v3/workspace/${u.workspaceId}/${path}`, { name: NUL });
      expect(res.status, path).toBe(400);
    }
  });

  it('in v8 writes, answered in v8 format', async () => {
    const created = await call(t, 'POST', '/api/v8/time_entries', { body: { time_entry: { description: NUL, start: '2025-03-03T11:00:00Z', duration: 60, created_with: 't' } }, auth: v8auth() });
    expect(created.status).toBe(404); // v8's documented status for a refused create or update
    expect(created.body).toEqual(["Invalid field 'time_entry.description': must not contain control characters"]);
    const updated = await call(t, 'PUT', `/api/v8/time_entries/${entryId}`, { body: { time_entry: { description: NUL } }, auth: v8auth() });
    expect(updated.body).toEqual(["Invalid field 'time_entry.description': must not contain control characters"]);
  });

  it('keeps tabs and line breaks, which notes and descriptions legitimately hold', async () => {
    const res = await u.api.post(`${ws}/clients`, { name: 'Lines', notes: 'first\nsecond\tcolumn\r\n' });
    expect(res.status).toBe(200);
    expect(res.body.notes).toBe('first\nsecond\tcolumn\r\n');
  });
});

describe('numbers past what a parameter can hold answer 400', () => {
  it('page and per_page of 2^63 or 1e309 on the workspace lists', async () => {
    for (const list of ['tags', 'projects', 'tasks']) {
      for (const p of ['page', 'per_page']) {
        for (const v of ['9223372036854775808', '1e309']) {
          const res = await u.api.get(`${ws}/${list}?${p}=${v}`);
          expect(res.status, `${list}?${p}=${v}`).toBe(400);
          expect(res.body).toMatch(new RegExp(`query parameter '${p}'`));
        }
      }
    }
  });

  it('since of 2^63 or 1e309 on the /me lists', async () => {
    for (const list of ['time_entries', 'projects', 'clients', 'tags']) {
      for (const v of ['9223372036854775808', '1e309']) {
        const res = await u.api.get(`/api/v9/me/${list}?since=${v}`);
        expect(res.status, `${list}?since=${v}`).toBe(400);
        expect(res.body).toMatch(/query parameter 'since'/);
      }
    }
  });

  it('Infinity and 2^63 in a body', async () => {
    for (const raw of ['{"duration": 1e309}', '{"duration": 9223372036854775808}', '{"project_id": 9223372036854775808}']) {
      const res = await call(t, 'PUT', `${ws}/time_entries/${entryId}`, { rawBody: raw, auth: { token: u.token } });
      expect(res.status, raw).toBe(400);
    }
  });

  it('v8 time entries ignore a since they do not take, whatever it holds', async () => {
    const res = await call(t, 'GET', '/api/v8/time_entries?since=2024-13-45', { auth: v8auth() });
    expect(res.status).toBe(200);
    const bad = await call(t, 'GET', '/api/v8/time_entries?start_date=2024-13-45', { auth: v8auth() });
    expect(bad.status).toBe(400);
  });
});

describe('null in an optional field means "not given"', () => {
  it('creates a project with the defaults', async () => {
    const plain = (await u.api.post(`${ws}/projects`, { name: 'plain' })).body;
    const res = await u.api.post(`${ws}/projects`, { name: 'p', billable: null, active: null, auto_estimates: null, is_private: null, is_shared: null, recurring: null, template: null });
    expect(res.status).toBe(200);
    for (const field of ['billable', 'active', 'auto_estimates', 'is_private', 'is_shared', 'recurring', 'template']) {
      expect(res.body[field], field).toEqual(plain[field]);
    }
  });

  it('leaves a project as it was on update', async () => {
    const made = (await u.api.post(`${ws}/projects`, { name: 'kept', billable: true, is_private: false, color: '#c9806b' })).body;
    const res = await u.api.put(`${ws}/projects/${made.id}`, { name: null, billable: null, active: null, is_private: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'kept', billable: true, active: true, is_private: false, color: '#c9806b' });
  });

  it('still clears where null means something', async () => {
    const made = (await u.api.post(`${ws}/projects`, { name: 'clear me', client_id: clientId, estimated_hours: 10 })).body;
    const res = await u.api.put(`${ws}/projects/${made.id}`, { client_id: null, estimated_hours: null });
    expect(res.status).toBe(200);
    expect(res.body.client_id).toBeNull();
    expect(res.body.estimated_hours).toBeNull();
  });

  it('refuses null in a required field', async () => {
    const res = await u.api.post(`${ws}/projects/${projectId}/pin`, { pin: null });
    expect(res.status).toBe(400);
    expect(res.body).toBe("Invalid field 'pin': must be boolean");
  });
});
