// Who may call Reports API v2, and its documented errors: 403 for bad credentials and outsiders,
// 400 for the required parameters, 402 and 429 from the limits, 410 for the retired v1, the test
// endpoints with their Warning — every error in v2's {"error": {message, tip, code}} envelope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../../helpers/app.js';
import { createUser, type TestUser } from '../../helpers/factories.js';
import { buildLimitedApp, manualClock } from '../../helpers/limits.js';
import { addWorkspaceMember, insertEntry, insertProject, smallReportWorkspace, updateWorkspace, type SmallWorkspace } from '../../helpers/report-data.js';
import { registeredRoutes, snapshotAll } from '../../helpers/routes.js';
import { ALL_ROUTES, V2, query, v2ErrorMessage, v2get } from './helpers.js';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let outsider: TestUser;
let ws: SmallWorkspace;
let secret: number;

beforeAll(async () => {
  t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0' });
  owner = await createUser(t, { fullname: 'Ada Owner', timezone: 'Europe/Berlin' });
  member = await createUser(t, { fullname: 'Mia Member', timezone: 'Europe/Berlin' });
  outsider = await createUser(t, { fullname: 'Otto Outsider' });
  ws = await smallReportWorkspace(t, owner.workspaceId, owner.user.id);
  await addWorkspaceMember(t, ws.workspaceId, member.user.id);
  secret = await insertProject(t, ws.workspaceId, 'Secret', { isPrivate: true, billable: true, rate: 70 });
  await insertEntry(t, ws.workspaceId, { userId: owner.user.id, projectId: secret, description: 'classified', billable: true, duration: 600, start: '2025-03-05T09:00:00Z' });
  await insertEntry(t, ws.workspaceId, { userId: member.user.id, projectId: ws.beta, description: 'member work', duration: 1200, start: '2025-03-05T10:00:00Z' });
});
afterAll(async () => t.close());

const params = (extra: Record<string, string | number | undefined> = {}) => ({
  user_agent: 'stint-tests',
  workspace_id: ws.workspaceId,
  since: '2025-03-03',
  until: '2025-03-09',
  ...extra,
});
/** The project dashboard also needs its project. */
const paramsFor = (route: string, extra: Record<string, string | number | undefined> = {}) =>
  route.startsWith('project') ? { ...params(extra), project_id: ws.alpha } : params(extra);

describe('the route list', () => {
  it('covers every v2 route the app registers (the reports, their exports and the two test endpoints)', () => {
    const expected = [...ALL_ROUTES, 'error400', 'error500'].map((r) => `GET /${r}`).sort();
    expect(registeredRoutes(t.app, V2)).toEqual(expected);
  });
});

describe('authentication', () => {
  it('answers 403 without credentials and with a wrong token, on every route', async () => {
    for (const route of ALL_ROUTES) {
      expect(v2ErrorMessage(await v2get(t, null, route, paramsFor(route)), 403), route).toBe('api token missing');
      const wrong = await v2get(t, { token: 'not-a-token' }, route, paramsFor(route));
      expect(v2ErrorMessage(wrong, 403), route).toMatch(/^Authentication failed/);
      expect(JSON.parse(wrong.text).error.tip).toMatch(/api_token/);
    }
  });

  it('accepts the API token, e-mail and password, and the session cookie', async () => {
    expect((await v2get(t, { token: owner.token }, 'details', params())).status).toBe(200);
    expect((await v2get(t, { email: owner.email, password: owner.password }, 'summary', params())).status).toBe(200);
    expect(v2ErrorMessage(await v2get(t, { email: owner.email, password: 'wrong password' }, 'summary', params()), 403)).toMatch(/^Authentication failed/);
    const session = await call(t, 'POST', '/api/v8/sessions', { auth: { email: owner.email, password: owner.password } });
    expect(session.status).toBe(200);
    const cookie = String([session.headers['set-cookie']].flat()[0]).split(';')[0]!;
    const res = await v2get(t, { cookie }, 'weekly', params());
    expect(res.status).toBe(200);
    expect(res.body.total_grand).toBeGreaterThan(0);
  });
});

describe('required parameters', () => {
  it('answers 400 without user_agent or workspace_id, on every route', async () => {
    for (const route of ALL_ROUTES) {
      const noAgent = await v2get(t, { token: owner.token }, route, paramsFor(route, { user_agent: undefined }));
      expect(v2ErrorMessage(noAgent, 400), route).toBe("Required parameter 'user_agent' is missing from request");
      const noWorkspace = await v2get(t, { token: owner.token }, route, paramsFor(route, { workspace_id: undefined }));
      expect(v2ErrorMessage(noWorkspace, 400), route).toBe("Required parameter 'workspace_id' is missing from request");
      expect(v2ErrorMessage(await v2get(t, { token: owner.token }, route, paramsFor(route, { workspace_id: 'abc' })), 400), route).toBe('Invalid workspace id');
    }
  });

  it('answers 400 for the project dashboard without project_id, and 404 for a project that is not there', async () => {
    for (const route of ['project', 'project.csv', 'project.pdf']) {
      expect(v2ErrorMessage(await v2get(t, { token: owner.token }, route, params()), 400)).toBe("Required parameter 'project_id' is missing from request");
      expect(v2ErrorMessage(await v2get(t, { token: owner.token }, route, { ...params(), project_id: 987654 }), 404)).toMatch(/not found/i);
      expect(v2ErrorMessage(await v2get(t, { token: owner.token }, route, { ...params(), project_id: 'x' }), 400)).toBe('Invalid project_id format');
    }
  });
});

describe('outsiders', () => {
  it('answers 403 on every route for a workspace the caller is not a member of, before reading other parameters', async () => {
    for (const route of ALL_ROUTES) {
      const res = await v2get(t, { token: outsider.token }, route, paramsFor(route, { since: 'garbage', order_field: 'nonsense' }));
      expect(v2ErrorMessage(res, 403), route).toBe('Workspace not found/accessible');
      expect(JSON.parse(res.text).error.tip).toMatch(/member/);
    }
    const missing = await v2get(t, { token: owner.token }, 'details', params({ workspace_id: 99_999_999 }));
    expect(v2ErrorMessage(missing, 403)).toBe('Workspace not found/accessible');
  });
});

describe('former members', () => {
  it('are outsiders: 403 on every route, and nothing is written', async () => {
    const former = await createUser(t, { fullname: 'Fay Former' });
    await addWorkspaceMember(t, ws.workspaceId, former.user.id);
    expect((await v2get(t, { token: former.token }, 'details', params())).status).toBe(200);
    const membership = await t.database.db
      .selectFrom('workspace_users')
      .select('id')
      .where('workspace_id', '=', ws.workspaceId)
      .where('user_id', '=', former.user.id)
      .executeTakeFirstOrThrow();
    expect((await call(t, 'DELETE', `/api/v8/workspace_users/${membership.id}`, { auth: { token: owner.token } })).status).toBe(200);

    const before = await snapshotAll(t);
    for (const route of ALL_ROUTES) {
      const res = await v2get(t, { token: former.token }, route, paramsFor(route));
      expect(v2ErrorMessage(res, 403), route).toBe('Workspace not found/accessible');
      expect(res.text, route).not.toContain('classified');
    }
    expect(await snapshotAll(t)).toEqual(before);
  });
});

describe('what a member sees', () => {
  it('shows a member their own time and public projects, never a private project they are not on', async () => {
    const asMember = await v2get(t, { token: member.token }, 'details', params());
    expect(asMember.status).toBe(200);
    const descriptions = asMember.body.data.map((r: { description: string }) => r.description);
    expect(descriptions).toContain('member work');
    expect(descriptions).toContain('Write spec');
    expect(descriptions).not.toContain('classified');
    // The same rule as Reports v3, which the adapter calls.
    const v3 = await call(t, 'POST', `/reports/api/v3/workspace/${ws.workspaceId}/search/time_entries`, {
      auth: { token: member.token },
      body: { start_date: '2025-03-03', end_date: '2025-03-09', rounding_minutes: 0 },
    });
    expect(asMember.body.total_count).toBe(v3.body.length);

    const asOwner = await v2get(t, { token: owner.token }, 'details', params());
    expect(asOwner.body.data.map((r: { description: string }) => r.description)).toContain('classified');

    const summary = await v2get(t, { token: member.token }, 'summary', params());
    expect(summary.body.data.map((g: { title: { project: string | null } }) => g.title.project)).not.toContain('Secret');
    const weekly = await v2get(t, { token: member.token }, 'weekly', params());
    expect(weekly.body.data.map((g: { pid: number | null }) => g.pid)).not.toContain(secret);

    // The dashboard of a private project is not found for a member who is not on it.
    expect(v2ErrorMessage(await v2get(t, { token: member.token }, 'project', { ...params(), project_id: secret }), 404)).toMatch(/not found/i);
    expect((await v2get(t, { token: owner.token }, 'project', { ...params(), project_id: secret })).body.name).toBe('Secret');
  });

  it('hides amounts from members when only admins see billable rates', async () => {
    await updateWorkspace(t, ws.workspaceId, { only_admins_see_billable_rates: 1 });
    try {
      const details = await v2get(t, { token: member.token }, 'details', params());
      expect(details.body.total_currencies).toEqual([{ currency: null, amount: null }]);
      expect(details.body.data.every((r: { billable: unknown; cur: unknown }) => r.billable === null && r.cur === null)).toBe(true);
      const summary = await v2get(t, { token: member.token }, 'summary', params());
      expect(summary.body.data.flatMap((g: { items: { sum: unknown }[] }) => g.items.map((i) => i.sum)).every((s: unknown) => s === null)).toBe(true);
      const earnings = await v2get(t, { token: member.token }, 'weekly', params({ calculate: 'earnings' }));
      expect(earnings.body.week_totals).toEqual([]);
      const dashboard = await v2get(t, { token: member.token }, 'project', { ...params(), project_id: ws.alpha });
      expect(dashboard.body.billable_amount).toBeNull();
      expect(dashboard.body.users[0].billable_amount).toBeNull();
      // The owner still sees them.
      expect((await v2get(t, { token: owner.token }, 'details', params())).body.total_currencies[0].currency).toBe('USD');
    } finally {
      await updateWorkspace(t, ws.workspaceId, { only_admins_see_billable_rates: 0 });
    }
  });
});

describe('test endpoints, retired versions and unknown paths', () => {
  it('error400 and error500 answer their status with the envelope and a test Warning, without credentials', async () => {
    for (const [path, status] of [['error400', 400], ['error500', 500]] as const) {
      for (const auth of [null, { token: owner.token }]) {
        const res = await v2get(t, auth, path);
        expect(res.headers.warning).toBe('Test warning: this endpoint always answers with an error');
        const message = v2ErrorMessage(res, status);
        expect(message).toBe(status === 500 ? 'We are sorry, this Error should never happen to you' : 'This is a test error 400');
      }
    }
  });

  it('answers 410 Gone for Reports API v1', async () => {
    for (const path of ['/reports/api/v1/details', '/reports/api/v1/weekly?workspace_id=1', '/reports/api/v1']) {
      const res = await call(t, 'GET', path, { auth: { token: owner.token } });
      expect(v2ErrorMessage(res, 410)).toBe('this api version is deprecated. Update your client.');
    }
    for (const method of ['POST', 'PUT', 'DELETE']) {
      for (const auth of [null, { token: owner.token }]) {
        const res = await call(t, method, '/reports/api/v1/summary', { auth });
        expect(v2ErrorMessage(res, 410), method).toBe('this api version is deprecated. Update your client.');
      }
    }
  });

  it('answers unknown v2 paths with 404 in the envelope', async () => {
    const res = await call(t, 'GET', `${V2}/nothing-here${query(params())}`, { auth: { token: owner.token } });
    expect(v2ErrorMessage(res, 404)).toBe('No such endpoint: GET /reports/api/v2/nothing-here');
  });
});

describe('limits', () => {
  it('answers 429 in the envelope, with Retry-After, when requests come too fast', async () => {
    const clock = manualClock();
    const limited = await buildLimitedApp({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '1' }, { now: clock.now });
    try {
      const u = await createUser(limited);
      const p = { user_agent: 'x', workspace_id: u.workspaceId };
      expect((await v2get(limited, { token: u.token }, 'summary', p)).status).toBe(200);
      const refused = await v2get(limited, { token: u.token }, 'summary', p);
      expect(v2ErrorMessage(refused, 429)).toMatch(/^Too many requests/);
      expect(refused.headers['retry-after']).toBe('1');
      clock.advance(1000);
      expect((await v2get(limited, { token: u.token }, 'summary', p)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('answers 429 in the envelope on every route, reports and exports alike', async () => {
    const clock = manualClock();
    const limited = await buildLimitedApp({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '1' }, { now: clock.now });
    try {
      const u = await createUser(limited);
      const project = await insertProject(limited, u.workspaceId, 'Limited');
      for (const route of ALL_ROUTES) {
        const p = { user_agent: 'x', workspace_id: u.workspaceId, ...(route.startsWith('project') ? { project_id: project } : {}) };
        expect((await v2get(limited, { token: u.token }, route, p)).status, route).toBe(200);
        const refused = await v2get(limited, { token: u.token }, route, p);
        expect(v2ErrorMessage(refused, 429), route).toMatch(/^Too many requests/);
        expect(refused.headers['content-type'], route).toMatch(/^application\/json/);
        clock.advance(1000);
      }
    } finally {
      await limited.close();
    }
  });

  it('answers 402 in the envelope on every route once the quota is used up', async () => {
    const limited = await buildLimitedApp({ RATE_LIMIT_PER_SECOND: '0', QUOTA_PER_HOUR: '1' });
    try {
      const u = await createUser(limited);
      const project = await insertProject(limited, u.workspaceId, 'Limited');
      const p = (route: string) => ({ user_agent: 'x', workspace_id: u.workspaceId, ...(route.startsWith('project') ? { project_id: project } : {}) });
      expect((await v2get(limited, { token: u.token }, 'weekly', p('weekly'))).status).toBe(200);
      for (const route of ALL_ROUTES) {
        const refused = await v2get(limited, { token: u.token }, route, p(route));
        expect(v2ErrorMessage(refused, 402), route).toMatch(/hourly limit/);
        expect(JSON.parse(refused.text).error.tip, route).toMatch(/X-Toggl-Quota-Resets-In/);
      }
    } finally {
      await limited.close();
    }
  });

  it('answers 402 in the envelope when the hourly quota is used up', async () => {
    const limited = await buildLimitedApp({ RATE_LIMIT_PER_SECOND: '0', QUOTA_PER_HOUR: '2' });
    try {
      const u = await createUser(limited);
      const p = { user_agent: 'x', workspace_id: u.workspaceId };
      expect((await v2get(limited, { token: u.token }, 'details', p)).status).toBe(200);
      expect((await v2get(limited, { token: u.token }, 'details', p)).status).toBe(200);
      const refused = await v2get(limited, { token: u.token }, 'details', p);
      expect(v2ErrorMessage(refused, 402)).toMatch(/hourly limit/);
      expect(refused.headers['x-toggl-quota-remaining']).toBeDefined();
    } finally {
      await limited.close();
    }
  });
});
