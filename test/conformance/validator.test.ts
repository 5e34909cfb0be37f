import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import {
  compileAllResponseSchemas,
  expectConformant,
  isRfc3339,
  listOperations,
  specDefinitions,
  validateResponse,
  SPEC_NAMES,
  type ObservedResponse,
} from './validator.js';
import { quirks } from './quirks.js';

// These self-tests feed made-up answers to the validator: they must not count towards `npm run api-coverage`.
// (The coverage file is chosen on first use, and each test file runs in its own module context.)
delete process.env.STINT_API_COVERAGE_DIR;

/** A complete `related.UserWithRelated`, every declared field present. */
function fullMe(): Record<string, unknown> {
  return {
    '2fa_enabled': false,
    api_token: '0123456789abcdef0123456789abcdef',
    at: '2024-05-01T10:00:00+00:00',
    authorization_updated_at: '2024-05-01T10:00:00Z',
    beginning_of_week: 1,
    clients: null,
    country_id: null,
    created_at: '2024-01-01T09:30:00.123456Z',
    default_workspace_id: 42,
    email: 'ada@example.com',
    fullname: 'Ada Example',
    has_password: true,
    id: 7,
    image_url: 'https://assets.example.com/avatar.png',
    intercom_hash: 'abc',
    oauth_providers: [],
    openid_email: null,
    openid_enabled: false,
    options: { a: 'b' },
    projects: null,
    tags: null,
    tasks: null,
    time_entries: null,
    timezone: 'Europe/Tallinn',
    toggl_accounts_id: 'uWGsHAeXZGhJvQ3XjdY63h',
    updated_at: '2024-05-01T10:00:00-07:00',
    workspaces: null,
  };
}

function fullTimeEntry(): Record<string, unknown> {
  return {
    id: 1,
    workspace_id: 42,
    wid: 42,
    project_id: null,
    pid: null,
    task_id: null,
    tid: null,
    user_id: 7,
    uid: 7,
    billable: false,
    description: 'Running',
    start: '2024-05-01T10:00:00Z',
    stop: null,
    duration: -1,
    duronly: true,
    tags: null,
    tag_ids: null,
    at: '2024-05-01T10:00:00+00:00',
    server_deleted_at: null,
    permissions: null,
    expense_ids: [],
    shared_with: null,
  };
}

function me(body: unknown, status = 200): ObservedResponse {
  return { method: 'GET', url: '/api/v9/me', statusCode: status, body: JSON.stringify(body) };
}

describe('conformance validator', () => {
  it('accepts a complete Me', () => {
    const r = validateResponse(me(fullMe()));
    expect(r).toEqual({ spec: 'track-v9', operation: 'GET /me', errors: [] });
    expect(() => expectConformant(me(fullMe()))).not.toThrow();
  });

  it('accepts Me without the fields described as "omitted if empty"', () => {
    const body = fullMe();
    delete body.api_token;
    delete body.intercom_hash;
    delete body.options;
    expect(validateResponse(me(body)).errors).toEqual([]);
  });

  it('reports a missing field', () => {
    const body = fullMe();
    delete body.fullname;
    expect(validateResponse(me(body)).errors).toEqual(["/: missing field 'fullname' (related.UserWithRelated)"]);
    expect(() => expectConformant(me(body))).toThrow(/missing field 'fullname'/);
  });

  it('reports a missing field inside nested definitions', () => {
    const body = fullMe();
    const client = { archived: false, at: '2024-05-01T10:00:00Z', creator_id: 7, external_reference: null, id: 3, integration_ext_id: null,
      integration_ext_type: null, integration_provider: null, name: 'Acme', notes: null, permissions: null, total_count: null };
    body.clients = [client];
    expect(validateResponse(me(body)).errors).toEqual(["/clients/0: missing field 'wid' (models.Client)"]);
  });

  it('demands the fields quirks add to a definition, and checks their type', () => {
    const body = fullMe();
    delete body.toggl_accounts_id;
    expect(validateResponse(me(body)).errors).toEqual(["/: missing field 'toggl_accounts_id' (related.UserWithRelated)"]);
    expect(validateResponse(me({ ...fullMe(), toggl_accounts_id: 7 })).errors).toEqual([
      '/toggl_accounts_id: must be string (or null), got number 7 (related.UserWithRelated)',
    ]);
  });

  it('reports an extra field', () => {
    const body = { ...fullMe(), password_hash: 'x' };
    expect(validateResponse(me(body)).errors).toEqual(["/: unexpected field 'password_hash' (related.UserWithRelated)"]);
  });

  it('reports a wrong type', () => {
    const body = { ...fullMe(), id: '7' };
    const { errors } = validateResponse(me(body));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\/id: must be integer/);
  });

  it('reports a value outside an enum but accepts null for it', () => {
    const te = { ...fullTimeEntry(), shared_with: null };
    const project = { integration_provider: 'trello' };
    const body = { ...fullMe(), time_entries: [te] };
    expect(validateResponse(me(body)).errors).toEqual([]);
    const withProject = validateResponse({ method: 'GET', url: '/api/v9/workspaces/1/clients/2', statusCode: 200,
      body: JSON.stringify({ ...project }) });
    expect(withProject.errors.some((e) => /integration_provider: must be one of \["asana","jira","salesforce"\]/.test(e))).toBe(true);
  });

  it('accepts null for any field', () => {
    const body = { ...fullMe(), fullname: null, email: null, id: null, workspaces: null };
    expect(validateResponse(me(body)).errors).toEqual([]);
  });

  it('accepts null for GET /me/time_entries/current and checks a running entry', () => {
    const url = '/api/v9/me/time_entries/current';
    expect(validateResponse({ method: 'GET', url, statusCode: 200, body: 'null' }).errors).toEqual([]);
    expect(validateResponse({ method: 'GET', url, statusCode: 200, body: JSON.stringify(fullTimeEntry()) }).errors).toEqual([]);
    // Other operations do not accept a null body.
    expect(validateResponse(me(null)).errors).not.toEqual([]);
  });

  it('returns no operation for Stint extras and only checks that the body is JSON', () => {
    expect(validateResponse({ method: 'POST', url: '/api/v9/signup', statusCode: 201, body: '{"anything":true}' })).toEqual({
      spec: null,
      operation: null,
      errors: [],
    });
    expect(validateResponse({ method: 'GET', url: '/api/v9/me/sessions', statusCode: 200, body: '' }).operation).toBeNull();
    expect(validateResponse({ method: 'GET', url: '/health', statusCode: 200, body: 'not json' }).errors).toHaveLength(1);
    expect(() => expectConformant({ method: 'GET', url: '/health', statusCode: 200, body: '{"ok":true}' })).not.toThrow();
  });

  it("accepts Toggl's error style and rejects other error bodies", () => {
    const base = { method: 'GET', url: '/api/v9/me' };
    expect(validateResponse({ ...base, statusCode: 400, body: '"some message"' }).errors).toEqual([]);
    expect(validateResponse({ ...base, statusCode: 400, body: '{"error":1}' }).errors).not.toEqual([]);
    expect(validateResponse({ ...base, statusCode: 401, body: '' }).errors).toEqual([]);
    expect(validateResponse({ ...base, statusCode: 404, body: '"User not found"' }).errors).toEqual([]);
    expect(validateResponse({ ...base, statusCode: 429, body: '{"error":1}' }).errors).not.toEqual([]);
    expect(() => expectConformant({ ...base, statusCode: 400, body: '{"error":1}' })).toThrow(/error|string/);
  });

  it('reports an undocumented 2xx status', () => {
    const { errors } = validateResponse({ ...me(fullMe()), statusCode: 201 });
    expect(errors).toEqual(['status 201 not documented for GET /me (documented: 200)']);
  });

  it('prefers literal path segments over templates', () => {
    const current = validateResponse({ method: 'GET', url: '/api/v9/me/time_entries/current?meta=true', statusCode: 200, body: 'null' });
    expect(current.operation).toBe('GET /me/time_entries/current');
    const byId = validateResponse({ method: 'GET', url: '/api/v9/me/time_entries/123', statusCode: 404, body: '"Time entry not found"' });
    expect(byId.operation).toBe('GET /me/time_entries/{time_entry_id}');
  });

  it('matches templates with a literal suffix inside a segment', () => {
    const zip = validateResponse({ method: 'GET', url: '/api/v9/me/export/data/abc-123.zip', statusCode: 404, body: '""' });
    expect(zip.operation).toBe('GET /me/export/data/{uuid}.zip');
    const csv = validateResponse({ method: 'POST', url: '/reports/api/v3/workspace/1/summary/time_entries.csv', statusCode: 400, body: '"x"' });
    expect(csv.operation).toBe('POST /reports/api/v3/workspace/{workspace_id}/summary/time_entries.{extension}');
    const pdf = validateResponse({ method: 'POST', url: '/reports/api/v3/workspace/1/summary/time_entries.pdf', statusCode: 400, body: '"x"' });
    expect(pdf.operation).toBe('POST /reports/api/v3/workspace/{workspace_id}/summary/time_entries.pdf');
  });

  it('accepts downloads declared as strings when sent with their own content type', () => {
    const r = validateResponse({
      method: 'POST',
      url: '/reports/api/v3/workspace/1/search/time_entries.csv',
      statusCode: 200,
      body: '\ufeffUser,Email\nAda,ada@example.com\n',
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    });
    expect(r.errors).toEqual([]);
    const asJson = validateResponse({ method: 'GET', url: '/api/v9/me', statusCode: 200, body: 'User,Email', headers: { 'content-type': 'application/json' } });
    expect(asJson.errors).toEqual(['body is not valid JSON']);
  });

  it('resolves Reports v3, Insights and Webhooks paths to their specs', () => {
    const reports = validateResponse({ method: 'POST', url: '/reports/api/v3/workspace/5/search/time_entries', statusCode: 200, body: '[]' });
    expect(reports).toMatchObject({ spec: 'reports-v3', operation: 'POST /reports/api/v3/workspace/{workspace_id}/search/time_entries', errors: [] });
    const insights = validateResponse({ method: 'POST', url: '/insights/api/v1/workspace/5/data_trends/projects', statusCode: 403, body: '"forbidden"' });
    expect(insights).toMatchObject({ spec: 'reports-v3', operation: 'POST /insights/api/v1/workspace/{workspace_id}/data_trends/projects' });
    const hooks = validateResponse({ method: 'GET', url: '/webhooks/api/v1/subscriptions/5', statusCode: 200, body: '[]' });
    expect(hooks).toEqual({ spec: 'webhooks-v1', operation: 'GET /subscriptions/{workspace_id}', errors: [] });
    const status = validateResponse({ method: 'GET', url: '/webhooks/api/v1/status', statusCode: 500, body: '"down"' });
    expect(status).toMatchObject({ spec: 'webhooks-v1', operation: 'GET /status' });
  });

  it('applies the Reports v3 body overrides (summary sub_groups are an array)', () => {
    const body = {
      groups: [
        {
          id: null,
          sub_groups: [{ id: null, title: 'Write spec', seconds: 5400, local_start: '2025-03-03T09:00:00Z', ForExport: false,
            DistinguishRates: false, Grouping: 'projects', SubGrouping: 'time_entries' }],
        },
      ],
    };
    const url = '/reports/api/v3/workspace/1/summary/time_entries';
    expect(validateResponse({ method: 'POST', url, statusCode: 200, body: JSON.stringify(body) }).errors).toEqual([]);
    const bad = { groups: [{ id: 1, sub_groups: [{ id: 1, title: 't' }] }] };
    expect(validateResponse({ method: 'POST', url, statusCode: 200, body: JSON.stringify(bad) }).errors).toContain(
      "/groups/0/sub_groups/0: missing field 'seconds' (indexed.Indexed-summary_SubGroupData-string)",
    );
  });

  it('reports timestamps without an explicit offset', () => {
    const { errors } = validateResponse(me({ ...fullMe(), at: '2024-01-01 10:00' }));
    expect(errors).toEqual(['/at: "2024-01-01 10:00" is not an RFC 3339 timestamp with an explicit offset (Z or ±hh:mm)']);
    expect(validateResponse(me({ ...fullMe(), updated_at: '2024-01-01T10:00:00' })).errors).toHaveLength(1);
    expect(isRfc3339('2024-02-30T10:00:00Z')).toBe(false);
    expect(isRfc3339('2024-02-29T23:59:59.999+05:30')).toBe(true);
  });

  it('records coverage only for conformant answers to known operations', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stint-cov-'));
    const previous = process.env.STINT_API_COVERAGE_DIR;
    process.env.STINT_API_COVERAGE_DIR = dir;
    try {
      // A fresh module instance, so the coverage file is chosen with this environment.
      const { vi } = await import('vitest');
      vi.resetModules();
      const fresh = await import('./validator.js');
      fresh.expectConformant(me(fullMe()));
      fresh.expectConformant({ method: 'POST', url: '/api/v9/signup', statusCode: 201, body: '{}' });
      expect(() => fresh.expectConformant(me({}))).toThrow();
      const lines = fs.readdirSync(dir).flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n'));
      expect(lines.map((l) => JSON.parse(l))).toEqual([{ spec: 'track-v9', operation: 'GET /me', status: 200 }]);
    } finally {
      if (previous === undefined) delete process.env.STINT_API_COVERAGE_DIR;
      else process.env.STINT_API_COVERAGE_DIR = previous;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('compiles every response schema of the three specs', () => {
    expect(compileAllResponseSchemas()).toEqual([]);
    expect(listOperations('track-v9')).toHaveLength(278);
    expect(listOperations('reports-v3')).toHaveLength(36);
    expect(listOperations('webhooks-v1')).toHaveLength(10);
  });

  it('has quirks that name existing definitions, fields and operations, each with a reason', () => {
    const defined = (definition: string) => SPEC_NAMES.some((s) => definition in specDefinitions(s));
    for (const q of quirks.optionalFields) {
      expect(q.reason.trim(), JSON.stringify(q)).not.toBe('');
      const owners = SPEC_NAMES.map((s) => specDefinitions(s)[q.definition]).filter(Boolean);
      expect(owners.some((d) => d.properties && q.field in d.properties), `${q.definition}.${q.field}`).toBe(true);
    }
    for (const q of quirks.openDefinitions) {
      expect(q.reason.trim()).not.toBe('');
      expect(defined(q.definition), q.definition).toBe(true);
    }
    for (const q of [...quirks.nullableResponses, ...quirks.responseOverrides]) {
      expect(q.reason.trim()).not.toBe('');
      expect(listOperations(q.spec), q.operation).toContain(q.operation);
    }
    for (const q of quirks.definitionOverrides) {
      expect(q.reason.trim()).not.toBe('');
      expect(q.definition in specDefinitions(q.spec), q.definition).toBe(true);
    }
    for (const q of quirks.extraFields) {
      expect(q.reason.trim()).not.toBe('');
      expect(specDefinitions(q.spec)[q.definition]?.properties?.[q.field], `${q.definition}.${q.field}`).toEqual(q.schema);
    }
  });
});
