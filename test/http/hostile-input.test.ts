// Walks every registered route with hostile values for each path parameter, query parameter and body
// field its schemas declare (and, for routes that read their query without a schema, for every query
// name any route declares): control characters, numbers past every integer type, Infinity, wrong types,
// injection strings, prototype keys. None may answer 5xx; the ones no field can accept must answer 4xx.
// It also proves the null rule: null in an optional field that gives null no meaning is read as absent.
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUser, type TestUser } from '../helpers/factories.js';

type Schema = Record<string, any>;

let t: TestApp;
let owner: TestUser;
/** Path parameter → a real value owned by `owner`, so handlers run past their lookups. */
const ids: Record<string, string> = {};

const BIG = '9223372036854775808'; // 2^63: past bigint
const NEG_BIG = '-9223372036854775809';
const INF = '1e309'; // Infinity once parsed
const NUL = 'nul\u0000text';
const INJECTIONS = ["' OR 1=1 --", '"; drop table users; --', '%_\\', '2024-13-45', '${7*7}{{7*7}}', 'x'.repeat(5000)];

beforeAll(async () => {
  // Thousands of requests from one credential: limits off, they are tested elsewhere.
  t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0', QUOTA_ENFORCE: 'false', SIGNUP_LIMIT_PER_HOUR: '0', LOGIN_FAILURE_LIMIT: '0', LOGIN_FAILURE_LIMIT_PER_IP: '0' });
  owner = await createUser(t);
  const api = owner.api;
  const ws = `/api/v9/workspaces/${owner.workspaceId}`;
  const client = (await api.post(`${ws}/clients`, { name: 'Client' })).body;
  const project = (await api.post(`${ws}/projects`, { name: 'Project', client_id: client.id })).body;
  const task = (await api.post(`${ws}/projects/${project.id}/tasks`, { name: 'Task' })).body;
  const tag = (await api.post(`${ws}/tags`, { name: 'Tag' })).body;
  const entry = (await api.post(`${ws}/time_entries`, { created_with: 'test', start: '2025-03-03T09:00:00Z', duration: 3600, workspace_id: owner.workspaceId, project_id: project.id, tags: ['Tag'] })).body;
  const group = (await api.post(`/api/v9/organizations/${owner.organizationId}/groups`, { name: 'Group' })).body;
  const projectUser = (await api.get(`${ws}/project_users`)).body[0];
  const workspaceUser = (await api.get(`${ws}/workspace_users`)).body[0];
  const report = (await api.post(`${ws}/reports/shared`, { name: 'R', fixed_daterange: true, public: true, params: { report_type: 'summary', start_date: '2025-03-01', end_date: '2025-03-31', grouping: 'projects' } })).body;
  for (const [name, value] of Object.entries({
    workspace_id: owner.workspaceId,
    organization_id: owner.organizationId,
    client_id: client.id,
    project_id: project.id,
    project_ids: project.id,
    task_id: task.id,
    task_ids: task.id,
    tag_id: tag.id,
    time_entry_id: entry.id,
    time_entry_ids: entry.id,
    group_id: group.id,
    user_id: owner.user.id,
    workspace_user_id: workspaceUser.id,
    project_user_id: projectUser?.id ?? 1,
    project_user_ids: projectUser?.id ?? 1,
    report_id: report.id,
    report_token: report.token,
    invitation_code: 'abcdef',
    invitation_id: 1,
    time_entry_invitation_id: 1,
    action: 'accept',
    extension: 'csv',
    client: 'desktop',
  })) {
    ids[name] = String(value);
  }
});
afterAll(async () => t.close());

/** v8's `:id` takes its meaning from the segment before it. */
const V8_IDS: Record<string, string> = {
  clients: 'client_id',
  groups: 'group_id',
  projects: 'project_id',
  tags: 'tag_id',
  tasks: 'task_id',
  time_entries: 'time_entry_id',
  workspace_users: 'workspace_user_id',
  project_users: 'project_user_id',
};

function paramValue(url: string, name: string, index: number): string {
  const before = url.slice(0, index).split('/').filter(Boolean).pop() ?? '';
  if (name === 'id' || name === 'ids') return ids[V8_IDS[before] ?? ''] ?? '1';
  return ids[name] ?? '1';
}

function fillPath(url: string, replace?: { name: string; value: string }): string {
  return url.replace(/:(\w+)/g, (_m, name: string, index: number) =>
    replace?.name === name ? encodeURIComponent(replace.value) : encodeURIComponent(paramValue(url, name, index)),
  );
}

interface Route {
  method: string;
  url: string;
  params?: Schema;
  querystring?: Schema;
  body?: Schema;
}

function routesOf(all: RouteOptions[]): Route[] {
  const out: Route[] = [];
  for (const r of all) {
    const schema = (r.schema ?? {}) as Schema;
    // Reports v2's error500 answers 500 by definition (the reference's test endpoint).
    if (r.url.endsWith('/error500')) continue;
    for (const method of ([] as string[]).concat(r.method as string | string[])) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      out.push({ method, url: r.url, params: schema.params, querystring: schema.querystring, body: schema.body });
    }
  }
  // Deletes last, so an accepted odd value that deletes something leaves the other probes their data.
  return out.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
}

const typeOf = (s: Schema | undefined): string | undefined => {
  if (!s) return undefined;
  if (typeof s.type === 'string') return s.type;
  // A union of several types (v8's uid: an id or a comma-separated list) has no one type to break.
  const branches = (s.anyOf ?? s.oneOf ?? []).filter((b: Schema) => b.type !== 'null');
  return branches.length === 1 ? branches[0].type : undefined;
};

const admitsNull = (s: Schema): boolean =>
  s.type === 'null' || (s.type === undefined && s.anyOf === undefined) || (s.anyOf ?? []).some((b: Schema) => admitsNull(b));

interface Probe {
  route: Route;
  url: string;
  /** Raw JSON text, so Infinity and 2^63 reach the server as written. */
  body?: string;
  /** '4xx': no route may accept it; 'no5xx': a route may accept it, but never fail on it. */
  expect: '4xx' | 'no5xx';
  what: string;
}

/** A body with every required field present, so a probe reaches the field it is about. */
function baseValue(s: Schema | undefined, name = ''): unknown {
  const type = typeOf(s);
  if (type === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of (s!.required ?? []) as string[]) out[key] = baseValue(s!.properties?.[key], key);
    return out;
  }
  if (type === 'array') return [];
  if (type === 'integer' || type === 'number') return Number(ids[name] ?? 1);
  if (type === 'boolean') return true;
  if (type === 'string') return name === 'start' ? '2025-03-03T10:00:00Z' : 'x';
  return 'x';
}

/** Every field of a body schema with its JSON path, nested objects included. */
function leaves(s: Schema | undefined, at: string[] = [], depth = 0): { path: string[]; schema: Schema; required: boolean }[] {
  if (!s || depth > 3) return [];
  const objectSchema = typeOf(s) === 'object' ? (s.properties ? s : (s.anyOf ?? []).find((b: Schema) => b.properties)) : undefined;
  if (!objectSchema?.properties) return [];
  const required = new Set<string>(objectSchema.required ?? []);
  const out: { path: string[]; schema: Schema; required: boolean }[] = [];
  for (const [name, p] of Object.entries(objectSchema.properties as Record<string, Schema>)) {
    out.push({ path: [...at, name], schema: p, required: required.has(name) });
    out.push(...leaves(p, [...at, name], depth + 1));
  }
  return out;
}

/** JSON text of `base` with the value at `path` replaced by raw JSON text. */
function withRaw(base: unknown, path: string[], raw: string): string {
  const marker = '"@@probe@@"';
  const copy = structuredClone(base) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null || Array.isArray(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = '@@probe@@';
  return JSON.stringify(copy).replace(marker, raw);
}

function queryProbes(route: Route, queryNames: Map<string, string>): Probe[] {
  const out: Probe[] = [];
  const declared = (route.querystring?.properties ?? {}) as Record<string, Schema>;
  // Names a route does not declare still reach a handler that passes its whole query on, and
  // routes without a query schema read theirs by hand: every GET gets every name some route knows.
  const names: [string, string | undefined][] = Object.entries(declared).map(([n, s]) => [n, typeOf(s)]);
  if (route.method === 'GET') for (const n of queryNames.keys()) if (!(n in declared)) names.push([n, undefined]);
  const base = fillPath(route.url);
  for (const [name, type] of names) {
    const q = (v: string) => `${base}?${name}=${encodeURIComponent(v)}`;
    out.push({ route, url: q(NUL), expect: '4xx', what: `query ${name}=NUL` });
    for (const v of [BIG, NEG_BIG, INF]) out.push({ route, url: q(v), expect: type === 'integer' || type === 'number' ? '4xx' : 'no5xx', what: `query ${name}=${v}` });
    if (type === 'boolean') out.push({ route, url: q('maybe'), expect: '4xx', what: `query ${name}=maybe` });
    if (type === 'string' || type === undefined) for (const v of INJECTIONS) out.push({ route, url: q(v), expect: 'no5xx', what: `query ${name}=${v.slice(0, 20)}` });
  }
  return out;
}

function pathProbes(route: Route): Probe[] {
  const out: Probe[] = [];
  for (const m of route.url.matchAll(/:(\w+)/g)) {
    const name = m[1]!;
    for (const v of [BIG, INF, '-1', '0', 'abc', NUL, "1' OR '1'='1"]) {
      out.push({ route, url: fillPath(route.url, { name, value: v }), expect: 'no5xx', what: `path ${name}=${JSON.stringify(v)}` });
    }
    out.push({ route, url: fillPath(route.url, { name, value: NUL }), expect: '4xx', what: `path ${name}=NUL` });
  }
  return out;
}

function bodyProbes(route: Route): Probe[] {
  if (!route.body) return [];
  const url = fillPath(route.url);
  const base = baseValue(route.body);
  const out: Probe[] = [
    { route, url, body: '{"__proto__":{"admin":true,"id":1}}', expect: '4xx', what: 'body __proto__' },
    { route, url, body: '{"constructor":{"prototype":{"admin":true}}}', expect: 'no5xx', what: 'body constructor.prototype' },
    { route, url, body: INF, expect: '4xx', what: 'body Infinity' },
    { route, url, body: '"text"', expect: typeOf(route.body) === 'string' ? 'no5xx' : '4xx', what: 'body string' },
    { route, url, body: '[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]', expect: 'no5xx', what: 'body nested arrays' },
    { route, url, body: JSON.stringify(['nul\u0000']), expect: '4xx', what: 'body [NUL]' },
  ];
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return out;
  for (const leaf of leaves(route.body)) {
    const type = typeOf(leaf.schema);
    const name = leaf.path.join('.');
    const probe = (raw: string, expect: Probe['expect'], what: string) => out.push({ route, url, body: withRaw(base, leaf.path, raw), expect, what: `body ${name}=${what}` });
    probe(JSON.stringify(NUL), '4xx', 'NUL');
    if (type === 'integer') {
      for (const v of [BIG, NEG_BIG, INF, '1.5', '"1"']) probe(v, '4xx', v);
    } else if (type === 'number') {
      for (const v of [INF, '-' + INF, '"1"']) probe(v, '4xx', v);
      probe('1e300', 'no5xx', '1e300');
    } else if (type === 'boolean') {
      probe('"yes"', '4xx', 'yes');
    } else if (type === 'string') {
      for (const v of INJECTIONS) probe(JSON.stringify(v), 'no5xx', v.slice(0, 20));
      for (const v of [BIG, INF]) probe(v, '4xx', v);
    }
    probe('{"__proto__":{"admin":true}}', type === 'object' || type === undefined ? '4xx' : '4xx', '__proto__');
  }
  return out;
}

async function send(p: Probe): Promise<{ status: number; body: string }> {
  const authorization = 'Basic ' + Buffer.from(`${owner.token}:api_token`).toString('base64');
  const headers: Record<string, string> = { authorization };
  if (p.body !== undefined) headers['content-type'] = 'application/json';
  const res = await t.app.inject({ method: p.route.method as never, url: p.url, headers, ...(p.body !== undefined ? { payload: p.body } : {}) });
  return { status: res.statusCode, body: res.body };
}

/** What went wrong, one line per probe, so a failure names every offender at once. */
async function run(probes: Probe[]): Promise<string[]> {
  const failures: string[] = [];
  // A few at a time: the walk is long, and concurrent requests are hostile input too.
  for (let i = 0; i < probes.length; i += 4) {
    const batch = probes.slice(i, i + 4);
    const answers = await Promise.all(batch.map(send));
    batch.forEach((p, j) => {
      const res = answers[j]!;
      const ok = p.expect === '4xx' ? res.status >= 400 && res.status < 500 && res.body !== '' : res.status < 500;
      if (!ok) failures.push(`${p.route.method} ${p.route.url} ${p.what} → ${res.status} ${res.body.slice(0, 120)}`);
    });
  }
  return failures;
}

describe('hostile input on every route', { timeout: 240_000 }, () => {
  it('covers the routes it should', () => {
    const routes = routesOf(t.routes);
    expect(routes.length).toBeGreaterThan(200);
    expect(routes.filter((r) => r.body).length).toBeGreaterThan(90);
  });

  it('path parameters', async () => {
    expect(await run(routesOf(t.routes).flatMap(pathProbes))).toEqual([]);
  });

  it('query parameters', async () => {
    const routes = routesOf(t.routes);
    const names = new Map<string, string>();
    for (const r of routes) for (const [n, s] of Object.entries((r.querystring?.properties ?? {}) as Record<string, Schema>)) names.set(n, typeOf(s) ?? 'string');
    // Reports v2 reads its query by hand; its names come from its reference.
    for (const n of ['since', 'until', 'page', 'user_agent', 'workspace_id', 'project_ids', 'order_field', 'rounding', 'date_format', 'start_date', 'end_date', 'before']) names.set(n, 'string');
    expect(await run(routes.flatMap((r) => queryProbes(r, names)))).toEqual([]);
  });

  it('body fields', async () => {
    expect(await run(routesOf(t.routes).flatMap(bodyProbes))).toEqual([]);
  });

  it('reads null in an optional field as absent, and still refuses null in a required one', async () => {
    const failures: string[] = [];
    for (const route of routesOf(t.routes)) {
      if (!route.body || typeOf(route.body) !== 'object') continue;
      const base = baseValue(route.body);
      for (const leaf of leaves(route.body)) {
        if (leaf.path.length > 2) continue;
        const url = fillPath(route.url);
        const res = await send({ route, url, body: withRaw(base, leaf.path, 'null'), expect: 'no5xx', what: 'null' });
        const name = leaf.path.join('.');
        const mentions = res.status === 400 && res.body.includes(`'${name}'`) && /must be/.test(res.body);
        if (res.status >= 500) failures.push(`${route.method} ${route.url} ${name}=null → ${res.status} ${res.body.slice(0, 120)}`);
        else if (leaf.required && !admitsNull(leaf.schema) && res.status !== 400 && res.status !== 404) failures.push(`${route.method} ${route.url} required ${name}=null → ${res.status}`);
        else if (!leaf.required && mentions) failures.push(`${route.method} ${route.url} optional ${name}=null refused: ${res.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
