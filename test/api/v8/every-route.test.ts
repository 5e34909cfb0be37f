// Issue #6's acceptance, route by route: every Track API v8 route is listed here (and the list is
// checked against what the app registers), refuses a caller without valid credentials with 403,
// and refuses an outsider — a user who is not a member of the workspace — without changing
// anything. Each route's own success path and documented errors are tested in its area's file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type CallResult, type Credentials, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser } from '../../helpers/factories.js';
import { registeredRoutes, routeKey, snapshotAll } from '../../helpers/routes.js';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let stranger: TestUser;

/** The owner's records an outsider aims at. */
interface Fixtures {
  ws: number;
  client: number;
  project: number;
  task: number;
  projectUser: number;
  tag: number;
  group: number;
  entry: number;
  running: number;
  memberWu: number;
}
const f = {} as Fixtures;

/**
 * How a route treats an outsider:
 * - 403: a workspace's record; the v8 reference's "you'll get a status code 4xx", as Toggl answers.
 * - 404: time entries, which v8 scopes to the caller ("Only his/her time entries ... are updated,
 *   retrieved and created"), so another user's entry is not found.
 * - 'own': the route only ever reads or writes the caller's own data.
 * - 'public': needs no credentials (signups).
 */
type Outsider = 403 | 404 | 'own' | 'public';

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  template: string;
  url: () => string;
  body?: () => unknown;
  outsider: Outsider;
}

const V8 = '/api/v8';
const r = (method: Route['method'], template: string, outsider: Outsider, url: () => string, body?: () => unknown): Route => ({
  method,
  template,
  url: () => V8 + url(),
  outsider,
  ...(body ? { body } : {}),
});

const ROUTES: Route[] = [
  // users and sessions
  r('GET', '/me', 'own', () => '/me?with_related_data=true'),
  r('PUT', '/me', 'own', () => '/me', () => ({ user: { fullname: 'Renamed By Caller' } })),
  r('POST', '/reset_token', 'own', () => '/reset_token'),
  r('POST', '/signups', 'public', () => '/signups', () => ({ user: { email: 'every-route@example.com', password: 'secret-password' } })),
  r('POST', '/sessions', 'own', () => '/sessions'),
  r('DELETE', '/sessions', 'own', () => '/sessions'),
  // workspaces
  r('GET', '/workspaces', 'own', () => '/workspaces'),
  r('GET', '/workspaces/:workspace_id', 403, () => `/workspaces/${f.ws}`),
  r('PUT', '/workspaces/:workspace_id', 403, () => `/workspaces/${f.ws}`, () => ({ workspace: { name: 'pwned' } })),
  r('GET', '/workspaces/:workspace_id/users', 403, () => `/workspaces/${f.ws}/users`),
  r('GET', '/workspaces/:workspace_id/workspace_users', 403, () => `/workspaces/${f.ws}/workspace_users`),
  r('GET', '/workspaces/:workspace_id/clients', 403, () => `/workspaces/${f.ws}/clients`),
  r('GET', '/workspaces/:workspace_id/projects', 403, () => `/workspaces/${f.ws}/projects`),
  r('GET', '/workspaces/:workspace_id/project_users', 403, () => `/workspaces/${f.ws}/project_users`),
  r('GET', '/workspaces/:workspace_id/tasks', 403, () => `/workspaces/${f.ws}/tasks`),
  r('GET', '/workspaces/:workspace_id/tags', 403, () => `/workspaces/${f.ws}/tags`),
  r('GET', '/workspaces/:workspace_id/groups', 403, () => `/workspaces/${f.ws}/groups`),
  r('POST', '/workspaces/:workspace_id/invite', 403, () => `/workspaces/${f.ws}/invite`, () => ({ emails: ['invited-by-outsider@example.com'] })),
  r('PUT', '/workspace_users/:id', 403, () => `/workspace_users/${f.memberWu}`, () => ({ workspace_user: { admin: true } })),
  r('DELETE', '/workspace_users/:id', 403, () => `/workspace_users/${f.memberWu}`),
  // clients
  r('GET', '/clients', 'own', () => '/clients'),
  r('POST', '/clients', 403, () => '/clients', () => ({ client: { name: 'pwned', wid: f.ws } })),
  r('GET', '/clients/:id', 403, () => `/clients/${f.client}`),
  r('PUT', '/clients/:id', 403, () => `/clients/${f.client}`, () => ({ client: { name: 'pwned' } })),
  r('DELETE', '/clients/:id', 403, () => `/clients/${f.client}`),
  r('GET', '/clients/:id/projects', 403, () => `/clients/${f.client}/projects`),
  // projects
  r('POST', '/projects', 403, () => '/projects', () => ({ project: { name: 'pwned', wid: f.ws } })),
  r('GET', '/projects/:id', 403, () => `/projects/${f.project}`),
  r('PUT', '/projects/:id', 403, () => `/projects/${f.project}`, () => ({ project: { name: 'pwned' } })),
  r('DELETE', '/projects/:ids', 403, () => `/projects/${f.project}`),
  r('GET', '/projects/:id/project_users', 403, () => `/projects/${f.project}/project_users`),
  r('GET', '/projects/:id/tasks', 403, () => `/projects/${f.project}/tasks`),
  // project users
  r('POST', '/project_users', 403, () => '/project_users', () => ({ project_user: { pid: f.project, uid: stranger.user.id, manager: true } })),
  r('PUT', '/project_users/:ids', 403, () => `/project_users/${f.projectUser}`, () => ({ project_user: { manager: true } })),
  r('DELETE', '/project_users/:ids', 403, () => `/project_users/${f.projectUser}`),
  // tags
  r('POST', '/tags', 403, () => '/tags', () => ({ tag: { name: 'pwned', wid: f.ws } })),
  r('PUT', '/tags/:id', 403, () => `/tags/${f.tag}`, () => ({ tag: { name: 'pwned' } })),
  r('DELETE', '/tags/:id', 403, () => `/tags/${f.tag}`),
  // tasks
  r('POST', '/tasks', 403, () => '/tasks', () => ({ task: { name: 'pwned', pid: f.project } })),
  r('GET', '/tasks/:id', 403, () => `/tasks/${f.task}`),
  r('PUT', '/tasks/:ids', 403, () => `/tasks/${f.task}`, () => ({ task: { name: 'pwned' } })),
  r('DELETE', '/tasks/:ids', 403, () => `/tasks/${f.task}`),
  // time entries: creating in someone else's workspace is 403; their entries are not found
  r('POST', '/time_entries', 403, () => '/time_entries', () => ({ time_entry: { wid: f.ws, created_with: 'outsider', start: '2024-05-01T10:00:00Z', duration: 60 } })),
  r('POST', '/time_entries/start', 403, () => '/time_entries/start', () => ({ time_entry: { wid: f.ws, created_with: 'outsider' } })),
  r('GET', '/time_entries', 'own', () => '/time_entries?start_date=2024-04-01T00:00:00Z&end_date=2024-06-01T00:00:00Z'),
  r('GET', '/time_entries/current', 'own', () => '/time_entries/current'),
  r('GET', '/time_entries/:id', 404, () => `/time_entries/${f.entry}`),
  r('PUT', '/time_entries/:id/stop', 404, () => `/time_entries/${f.running}/stop`),
  r('PUT', '/time_entries/:ids', 404, () => `/time_entries/${f.entry}`, () => ({ time_entry: { description: 'pwned' } })),
  r('DELETE', '/time_entries/:id', 404, () => `/time_entries/${f.entry}`),
  // dashboard and groups
  r('GET', '/dashboard/:workspace_id', 403, () => `/dashboard/${f.ws}`),
  r('POST', '/groups', 403, () => '/groups', () => ({ group: { name: 'pwned', wid: f.ws } })),
  r('PUT', '/groups/:id', 403, () => `/groups/${f.group}`, () => ({ group: { name: 'pwned' } })),
  r('DELETE', '/groups/:id', 403, () => `/groups/${f.group}`),
];

const send = (route: Route, auth: Credentials): Promise<CallResult> =>
  call(t, route.method, route.url(), { auth, ...(route.body ? { body: route.body() } : {}) });
const label = (route: Route) => `${route.method} ${route.template}`;

/** In the name of every record of the owner's, so that a leak to an outsider shows in the text. */
const SECRET = 'Owner Secret';

beforeAll(async () => {
  t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0' });
  owner = await createUser(t, { fullname: 'Olga Owner' });
  member = await createUser(t, { fullname: 'Mia Member' });
  stranger = await createUser(t, { fullname: 'Sam Stranger' });
  f.ws = owner.workspaceId;
  await addMember(t, f.ws, member.user.id);
  const ok = (res: CallResult) => {
    expect(res.status, res.text).toBe(200);
    return res.body.data;
  };
  f.client = ok(await owner.api.post(`${V8}/clients`, { client: { name: `${SECRET} Client`, wid: f.ws } })).id;
  f.project = ok(await owner.api.post(`${V8}/projects`, { project: { name: `${SECRET} Project`, wid: f.ws, cid: f.client, is_private: false } })).id;
  f.task = ok(await owner.api.post(`${V8}/tasks`, { task: { name: `${SECRET} Task`, pid: f.project } })).id;
  f.projectUser = ok(await owner.api.post(`${V8}/project_users`, { project_user: { pid: f.project, uid: member.user.id } })).id;
  f.tag = ok(await owner.api.post(`${V8}/tags`, { tag: { name: `${SECRET} tag`, wid: f.ws } })).id;
  f.group = ok(await owner.api.post(`${V8}/groups`, { group: { name: `${SECRET} Group`, wid: f.ws } })).id;
  f.entry = ok(
    await owner.api.post(`${V8}/time_entries`, {
      time_entry: { wid: f.ws, pid: f.project, description: `${SECRET} entry`, created_with: 'every-route', start: '2024-05-01T09:00:00Z', duration: 3600, tags: [`${SECRET} tag`] },
    }),
  ).id;
  f.running = ok(await owner.api.post(`${V8}/time_entries/start`, { time_entry: { wid: f.ws, description: `${SECRET} running`, created_with: 'every-route' } })).id;
  const wus = await owner.api.get(`${V8}/workspaces/${f.ws}/workspace_users`);
  f.memberWu = wus.body.find((w: { uid: number }) => w.uid === member.user.id).id;
});
afterAll(async () => t.close());

describe('the route list', () => {
  it('names every v8 route the app registers, and nothing else', () => {
    const listed = ROUTES.map((x) => routeKey(x.method, x.template)).sort();
    expect(new Set(listed).size).toBe(listed.length);
    expect(registeredRoutes(t.app, V8)).toEqual(listed);
  });
});

describe('authentication', () => {
  it('answers 403 with an empty body, on every route but signups, without credentials or with wrong ones, writing nothing', async () => {
    const before = await snapshotAll(t);
    for (const route of ROUTES.filter((x) => x.outsider !== 'public')) {
      for (const auth of [null, { token: 'ffffffffffffffffffffffffffffffff' }, { authorization: 'Bearer nope' }, { cookie: 'timer_session=not-a-session' }]) {
        const res = await send(route, auth);
        expect(res.status, `${label(route)} with ${JSON.stringify(auth)}`).toBe(403);
        expect(res.text, label(route)).toBe('');
      }
    }
    expect(await snapshotAll(t)).toEqual(before);
  });
});

describe('outsiders', () => {
  it.each(ROUTES.filter((x) => x.outsider === 403 || x.outsider === 404).map((x) => [label(x), x] as const))(
    '%s refuses an outsider with the status of its kind and an array of messages, changing nothing',
    async (_label, route) => {
      const before = await snapshotAll(t);
      const res = await send(route, { token: stranger.token });
      expect(res.status, res.text).toBe(route.outsider);
      expect(res.body).toEqual([expect.any(String)]);
      expect(res.text).not.toContain(SECRET);
      expect(await snapshotAll(t)).toEqual(before);
    },
  );

  it("answers an outsider's reads of their own data without anything of the owner's workspace", async () => {
    for (const route of ROUTES.filter((x) => x.outsider === 'own' && x.method === 'GET')) {
      const res = await send(route, { token: stranger.token });
      expect(res.status, label(route)).toBe(200);
      expect(res.text, label(route)).not.toContain(SECRET);
      for (const id of [f.ws, f.client, f.project, f.task, f.tag, f.entry, f.running]) {
        expect(JSON.stringify(res.body), `${label(route)} leaks id ${id}`).not.toMatch(new RegExp(`"(id|wid|pid|cid|tid)":${id}\\b`));
      }
    }
  });

  it("lets an outsider's own writes touch only the outsider", async () => {
    const drifter = await createUser(t, { fullname: 'Dee Drifter' });
    const ownedByDrifter = (table: string, row: Record<string, unknown>) =>
      row.user_id === drifter.user.id || (table === 'users' && row.id === drifter.user.id);
    const others = async () => {
      const all = await snapshotAll(t);
      return Object.fromEntries(Object.entries(all).map(([table, rows]) => [table, rows.filter((row) => !ownedByDrifter(table, JSON.parse(row)))]));
    };
    const before = await others();
    // The token is reset last: the calls before it authenticate with it.
    const last = (x: Route) => Number(x.template === '/reset_token');
    const writes = ROUTES.filter((x) => x.outsider === 'own' && x.method !== 'GET').sort((a, b) => last(a) - last(b));
    expect(writes.map(label).sort()).toEqual(['DELETE /sessions', 'POST /reset_token', 'POST /sessions', 'PUT /me']);
    for (const route of writes) {
      const res = await send(route, { token: drifter.token });
      expect(res.status, `${label(route)}: ${res.text}`).toBe(200);
      expect(res.text).not.toContain(SECRET);
    }
    expect(await others()).toEqual(before);
    // PUT /me may not point the outsider's default workspace at the owner's.
    const refused = await call(t, 'PUT', `${V8}/me`, { auth: { token: stranger.token }, body: { user: { default_wid: f.ws } } });
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual(['Invalid default_workspace_id']);
  });
});
