import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clock } from '../../../src/time.js';
import { expectConformant } from '../../conformance/validator.js';
import { buildTestApp, call, type CallResult, type TestApp } from '../../helpers/app.js';
import { addMember, createUser, type TestUser } from '../../helpers/factories.js';
import { insertClient, insertEntry, insertProject, insertTag, parseCsv, setMemberMoney, setMembership } from '../../helpers/report-periphery.js';

let t: TestApp;
let admin: TestUser;
let member: TestUser;
let colleague: TestUser;
let stranger: TestUser;
let ws: string;
const p = {} as { website: number; mobile: number; secret: number; acme: number; urgent: number };

beforeAll(async () => {
  t = await buildTestApp();
  admin = await createUser(t, { fullname: 'Ada Admin' });
  member = await createUser(t, { fullname: 'Mia Member' });
  colleague = await createUser(t, { fullname: 'Cole League' });
  stranger = await createUser(t, { fullname: 'Sam Stranger' });
  const w = admin.workspaceId;
  await addMember(t, w, member.user.id);
  await addMember(t, w, colleague.user.id);
  ws = `/api/v9/workspaces/${w}`;

  p.acme = await insertClient(t, w, 'Acme');
  p.website = await insertProject(t, w, 'Website', { client_id: p.acme, rate: 100, billable: true, color: '#2da608', estimated_seconds: 36_000 });
  p.mobile = await insertProject(t, w, 'Mobile', { rate: 80, billable: true });
  p.secret = await insertProject(t, w, 'Secret', { is_private: true, fixed_fee: 900 });
  p.urgent = await insertTag(t, w, 'urgent');
  await setMemberMoney(t, w, member.user.id, { labour_cost: 30 });

  await insertEntry(t, w, admin.user.id, '2025-03-03T09:00:00', 3600, { project_id: p.website, billable: true, description: 'Layout', tag_ids: [p.urgent] });
  await insertEntry(t, w, member.user.id, '2025-03-04T10:00:00', 1800, { project_id: p.website, billable: true, description: 'Copy' });
  await insertEntry(t, w, colleague.user.id, '2025-03-04T12:00:00', 3600, { project_id: p.mobile, billable: true, description: 'Build' });
  await insertEntry(t, w, admin.user.id, '2025-03-05T09:00:00', 7200, { project_id: p.secret, description: 'Plans' });
  await insertEntry(t, w, member.user.id, '2025-03-11T09:00:00', 900, { project_id: p.mobile, description: 'Fix' });
});
afterAll(async () => t.close());
afterEach(() => vi.restoreAllMocks());

const march = { start_date: '2025-03-01', end_date: '2025-03-14' };

async function saveReport(owner: TestUser, body: Record<string, unknown>): Promise<{ id: number; token: string }> {
  const res = await owner.api.post(`${ws}/reports/shared`, { fixed_daterange: true, public: false, ...body });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

const anonymous = (url: string, body?: unknown, options: { headers?: Record<string, string>; rawBody?: string; contentType?: string } = {}) =>
  call(t, 'POST', url, { ...(body !== undefined ? { body } : {}), ...options });

const shared = (token: string, suffix = '') => `/reports/api/v3/shared/${token}${suffix}`;

/** A download, read as bytes; the answer still goes through the spec check. */
async function download(url: string, token: string | null, body: unknown = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = 'Basic ' + Buffer.from(`${token}:api_token`).toString('base64');
  const res = await t.app.inject({ method: 'POST', url, headers, payload: JSON.stringify(body) });
  expectConformant({ method: 'POST', url, statusCode: res.statusCode, body: res.body, headers: res.headers });
  return { status: res.statusCode, type: String(res.headers['content-type']), bytes: res.rawPayload, text: res.body, headers: res.headers };
}

const groupsOf = (res: CallResult) => res.body.summary_results.report.groups as { id: number | null; sub_groups: { id: number | null; seconds: number }[] }[];
const secondsOf = (groups: { sub_groups: { seconds: number }[] }[]) => groups.reduce((s, g) => s + g.sub_groups.reduce((a, x) => a + x.seconds, 0), 0);

describe('a public summary report', () => {
  let report: { id: number; token: string };
  const params = { report_type: 'summary', ...march, grouping: 'projects', sub_grouping: 'users' };

  beforeAll(async () => {
    report = await saveReport(admin, { name: 'March by project', public: true, params });
  });

  it('opens without credentials, as saved.ReportOutput with the summary and its totals', async () => {
    const res = await anonymous(shared(report.token));
    expect(res.status).toBe(200);
    expect(res.headers['x-range-start']).toBe('2025-03-01');
    expect(res.headers['x-range-end']).toBe('2025-03-14');
    expect(res.body).toMatchObject({
      report_name: 'March by project',
      report_type: 'summary',
      public: true,
      fixed_daterange: true,
      hide_amounts: false,
      is_commenting_enabled: false,
      workspace_logo: '',
      features: {},
      saved_params: params,
      input_params: {},
    });
    expect(res.body.detailed_results).toBeUndefined();
    expect(res.body.weekly_results).toBeUndefined();
    // The owner is an admin: the report shows the whole workspace, the private project included.
    const groups = groupsOf(res);
    expect(groups.map((g) => g.id).sort()).toEqual([p.website, p.mobile, p.secret, null].filter((x) => x !== null).sort());
    const totals = res.body.summary_results.totals;
    expect(totals.seconds).toBe(3600 + 1800 + 3600 + 7200 + 900);
    expect(secondsOf(groups)).toBe(totals.seconds);
    expect(totals.billable_amount_in_cents).toBe(10_000 + 5000 + 8000);
    // Labour costs are for the workspace's admins, not for whoever holds the link.
    expect(totals.labour_cost_in_cents).toBeNull();
  });

  it('answers exactly what the owner gets from the summary report', async () => {
    const direct = await admin.api.post(`/reports/api/v3/workspace/${admin.workspaceId}/summary/time_entries`, params);
    const viaToken = await anonymous(shared(report.token));
    expect(viaToken.body.summary_results.report).toEqual(direct.body);
  });

  it('carries dictionaries of what the rows mention, e-mails only for members', async () => {
    const res = await anonymous(shared(report.token));
    const d = res.body.dictionaries;
    expect(d.projects[String(p.website)]).toEqual({
      actual_hours: 1,
      actual_seconds: 5400,
      client_id: p.acme,
      color: '#2da608',
      currency: 'USD',
      custom_period: null,
      end_date: null,
      estimated_hours: 10,
      estimated_seconds: 36_000,
      external_reference: null,
      fixed_fee: null,
      id: p.website,
      name: 'Website',
      recurring: false,
      recurring_period: null,
      start_date: null,
    });
    expect(d.projects[String(p.secret)].fixed_fee).toBe(900);
    expect(d.clients[String(p.acme)]).toEqual({ external_reference: null, id: p.acme, name: 'Acme' });
    expect(d.users[String(member.user.id)]).toEqual({ avatar_url: null, email: null, group_ids: [], id: member.user.id, labour_cost: null, name: 'Mia Member' });
    expect(d.user_groups).toEqual({});
    expect(d.filters.projects).toEqual(d.projects);

    const asMember = await call(t, 'POST', shared(report.token), { auth: { token: member.token } });
    expect(asMember.body.dictionaries.users[String(member.user.id)].email).toBe(member.email);
    expect(asMember.body.dictionaries.users[String(member.user.id)].labour_cost).toBeNull();
    const asAdmin = await call(t, 'POST', shared(report.token), { auth: { token: admin.token } });
    expect(asAdmin.body.dictionaries.users[String(member.user.id)].labour_cost).toBe(3000);
    expect(asAdmin.body.summary_results.totals.labour_cost_in_cents).toBe(1500 + 750);
  });

  it('keeps a fixed date range whatever the request asks', async () => {
    const res = await anonymous(shared(report.token), { start_date: '2025-01-01', end_date: '2025-01-31' });
    expect(res.headers['x-range-start']).toBe('2025-03-01');
    expect(res.body.input_params).toEqual({});
  });

  it('lets a viewer narrow the filters, never widen them', async () => {
    const narrowed = await anonymous(shared(report.token), { project_ids: [p.website], sub_grouping: 'time_entries' });
    expect(narrowed.status).toBe(200);
    expect(groupsOf(narrowed).map((g) => g.id)).toEqual([p.website]);
    expect(narrowed.body.input_params).toEqual({ project_ids: [p.website], sub_grouping: 'time_entries' });

    const projectOnly = await saveReport(admin, { name: 'Website only', public: true, params: { ...params, project_ids: [p.website] } });
    const widened = await anonymous(shared(projectOnly.token), { project_ids: [p.mobile, p.secret] });
    expect(groupsOf(widened)).toEqual([]);
    expect(widened.body.summary_results.totals.seconds).toBe(0);
    const kept = await anonymous(shared(projectOnly.token), { project_ids: [p.website, p.mobile] });
    expect(groupsOf(kept).map((g) => g.id)).toEqual([p.website]);

    const billableOnly = await saveReport(admin, { name: 'Billable', public: true, params: { ...params, billable: true } });
    expect((await anonymous(shared(billableOnly.token), { billable: false })).body.summary_results.totals.seconds).toBe(0);
  });

  it('refuses bad request parameters with the reports’ texts', async () => {
    const res = await anonymous(shared(report.token), { grouping: 'planets' });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/^Invalid 'grouping' value, allowed values are:/);
    const ids = await anonymous(shared(report.token), { project_ids: 'all' });
    expect(ids.status).toBe(400);
  });

  it('takes the parameters as text/plain too (the swagger’s content type)', async () => {
    const res = await anonymous(shared(report.token), undefined, { rawBody: JSON.stringify({ project_ids: [p.mobile] }), contentType: 'text/plain' });
    expect(res.status).toBe(200);
    expect(groupsOf(res).map((g) => g.id)).toEqual([p.mobile]);
  });

  it('refuses a wrong credential even on a public report', async () => {
    const res = await call(t, 'POST', shared(report.token), { auth: { token: 'not-a-token' } });
    expect(res.status).toBe(401);
    expect(res.body).toBe('Incorrect username and/or password');
  });

  it('exports CSV, XLSX and PDF without credentials', async () => {
    const csv = await download(shared(report.token, '/csv'), null);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const rows = parseCsv(csv.text.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['Project', 'Client', 'User', 'Duration', 'Amount (USD)']);
    expect(rows).toContainEqual(['Website', 'Acme', 'Mia Member', '00:30:00', '50.00']);

    const xlsx = await download(shared(report.token, '/xlsx'), null);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toContain('Duration (h)');
    const values: unknown[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) values.push(row.getCell(4).value);
    });
    expect(values.every((v) => typeof v === 'number')).toBe(true);

    const pdf = await download(shared(report.token, '/pdf'), null);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('stops opening once deleted or after its token is regenerated', async () => {
    const temp = await saveReport(admin, { name: 'Temporary', public: true, params });
    expect((await anonymous(shared(temp.token))).status).toBe(200);
    const regenerated = await admin.api.put(`${ws}/reports/shared/${temp.id}`, { regenerate_token: true });
    const old = await anonymous(shared(temp.token));
    expect(old.status).toBe(404);
    expect(old.body).toBe('Not found');
    expect((await anonymous(shared(regenerated.body.token))).status).toBe(200);
    await admin.api.delete(`${ws}/reports/shared/${temp.id}`);
    expect((await anonymous(shared(regenerated.body.token))).status).toBe(404);
    expect((await anonymous(shared(regenerated.body.token, '/csv'))).status).toBe(404);
  });

  it('hides amounts when saved so', async () => {
    const hidden = await saveReport(admin, { name: 'No money', public: true, params: { ...params, hide_amounts: true } });
    const res = await anonymous(shared(hidden.token));
    expect(res.body.hide_amounts).toBe(true);
    expect(res.body.summary_results.totals.billable_amount_in_cents).toBeNull();
    expect(groupsOf(res).every((g) => g.sub_groups.every((s) => !('rates' in s)))).toBe(true);
    expect(res.body.dictionaries.projects[String(p.secret)].fixed_fee).toBeNull();
    const csv = await download(shared(hidden.token, '/csv'), null);
    expect(parseCsv(csv.text.replace(/^\uFEFF/, ''))[0]).toEqual(['Project', 'Client', 'User', 'Duration']);
  });
});

describe('a private detailed report', () => {
  let report: { id: number; token: string };

  beforeAll(async () => {
    report = await saveReport(member, { name: 'My March', params: { report_type: 'detailed', ...march } });
  });

  it('refuses callers without credentials with 401', async () => {
    for (const suffix of ['', '/csv', '/pdf', '/xlsx']) {
      const res = await anonymous(shared(report.token, suffix));
      expect(res.status).toBe(401);
      expect(res.body).toBe('Unable to extract authentication data');
    }
  });

  it('refuses members who are neither owner nor admin, and outsiders, with 403', async () => {
    for (const user of [colleague, stranger]) {
      const res = await call(t, 'POST', shared(report.token), { auth: { token: user.token } });
      expect(res.status).toBe(403);
      expect(res.body).toBe('Invalid token');
      expect((await download(shared(report.token, '/csv'), user.token)).status).toBe(403);
    }
  });

  it('opens for its owner, as the owner sees the workspace', async () => {
    const res = await call(t, 'POST', shared(report.token), { auth: { token: member.token } });
    expect(res.status).toBe(200);
    expect(res.headers['x-page-size']).toBe('50');
    const rows = res.body.detailed_results.report as { project_id: number; user_id: number; time_entries: { seconds: number }[]; row_number: number }[];
    // The member does not see the admin's time on the private project.
    expect(rows.map((r) => r.project_id)).not.toContain(p.secret);
    expect(rows.map((r) => r.row_number)).toEqual(rows.map((_, i) => i + 1));
    const seconds = rows.reduce((s, r) => s + r.time_entries.reduce((a, e) => a + e.seconds, 0), 0);
    expect(res.body.detailed_results.totals.seconds).toBe(seconds);
    expect(seconds).toBe(3600 + 1800 + 3600 + 900);
    expect(res.body.dictionaries.tags[String(p.urgent)]).toEqual({ id: p.urgent, name: 'urgent' });
  });

  it('opens for workspace admins, still as the owner sees it', async () => {
    const res = await call(t, 'POST', shared(report.token), { auth: { token: admin.token } });
    expect(res.status).toBe(200);
    expect(res.body.detailed_results.report.map((r: { project_id: number }) => r.project_id)).not.toContain(p.secret);
  });

  it('pages with the detailed report’s headers', async () => {
    const first = await call(t, 'POST', shared(report.token), { auth: { token: member.token }, body: { page_size: 2 } });
    expect(first.body.detailed_results.report).toHaveLength(2);
    expect(first.headers['x-next-row-number']).toBe('3');
    const next = await call(t, 'POST', shared(report.token), { auth: { token: member.token }, body: { page_size: 2, first_row_number: 3 } });
    expect(next.body.detailed_results.report.map((r: { row_number: number }) => r.row_number)).toEqual([3, 4]);
    expect(next.headers['x-next-row-number']).toBeUndefined();
  });

  it('exports for its owner', async () => {
    const csv = await download(shared(report.token, '/csv'), member.token);
    expect(csv.status).toBe(200);
    const rows = parseCsv(csv.text.replace(/^\uFEFF/, ''));
    expect(rows[0]!.slice(0, 6)).toEqual(['User', 'Email', 'Client', 'Project', 'Task', 'Description']);
    expect(rows).toHaveLength(5);
  });

  it('stops opening once the owner has left the workspace', async () => {
    const leaver = await createUser(t, { fullname: 'Lee Leaver' });
    await addMember(t, admin.workspaceId, leaver.user.id);
    const theirs = await saveReport(leaver, { name: 'Mine', params: { report_type: 'detailed', ...march } });
    await admin.api.put(`${ws}/reports/shared/${theirs.id}`, { public: true });
    expect((await anonymous(shared(theirs.token))).status).toBe(200);
    await setMembership(t, admin.workspaceId, leaver.user.id, { deleted: true });
    const res = await anonymous(shared(theirs.token));
    expect(res.status).toBe(403);
    expect(res.body).toBe("Workspace was not found or the report's owner is no longer active on it");
    const byOwner = await call(t, 'POST', shared(theirs.token), { auth: { token: leaver.token } });
    expect(byOwner.body).toBe("Workspace was not found or the report's owner is no longer active on it");
  });
});

describe('a weekly report with a relative period', () => {
  let report: { id: number; token: string };

  beforeAll(async () => {
    report = await saveReport(admin, { name: 'Last week', public: true, fixed_daterange: false, params: { report_type: 'weekly', period: 'prevWeek' } });
  });

  it('is computed for the week before today, in the owner’s week', async () => {
    vi.spyOn(clock, 'now').mockReturnValue(Date.parse('2025-03-12T12:00:00Z'));
    const res = await anonymous(shared(report.token));
    expect(res.status).toBe(200);
    expect(res.headers['x-range-start']).toBe('2025-03-03');
    const rows = res.body.weekly_results.report as { user_id: number; project_id: number; seconds: number[] }[];
    const websiteOfAdmin = rows.find((r) => r.user_id === admin.user.id && r.project_id === p.website);
    expect(websiteOfAdmin?.seconds).toEqual([3600, 0, 0, 0, 0, 0, 0]);
    expect(res.body.weekly_results.totals.seconds).toBe(3600 + 1800 + 3600 + 7200);
  });

  it('takes the request’s dates, as its range is not fixed', async () => {
    vi.spyOn(clock, 'now').mockReturnValue(Date.parse('2025-03-12T12:00:00Z'));
    const res = await anonymous(shared(report.token), { start_date: '2025-03-10' });
    expect(res.headers['x-range-start']).toBe('2025-03-10');
    expect(res.body.weekly_results.report).toEqual([expect.objectContaining({ user_id: member.user.id, seconds: [0, 900, 0, 0, 0, 0, 0] })]);
    expect(res.body.input_params).toEqual({ start_date: '2025-03-10' });
  });

  it('exports CSV, XLSX and PDF', async () => {
    vi.spyOn(clock, 'now').mockReturnValue(Date.parse('2025-03-12T12:00:00Z'));
    const csv = await download(shared(report.token, '/csv'), null);
    expect(csv.status).toBe(200);
    const rows = parseCsv(csv.text.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['User', 'Project', 'Client', '2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08', '2025-03-09', 'Total']);
    const xlsx = await download(shared(report.token, '/xlsx'), null);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(4).value).toBe('2025-03-03 (h)');
    const adminWebsite = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === 'Ada Admin' && r.getCell(2).value === 'Website');
    expect(adminWebsite?.getCell(4).value).toBe(1);
    expect(adminWebsite?.getCell(11).value).toBe(1);
    const pdf = await download(shared(report.token, '/pdf'), null);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('tokens', () => {
  it('answers 404 for a token that opens nothing', async () => {
    for (const token of ['0123456789abcdef0123456789abcdef', 'not-a-token']) {
      const res = await anonymous(shared(token));
      expect(res.status).toBe(404);
      expect(res.body).toBe('Not found');
    }
  });
});

describe('user groups in the dictionaries', () => {
  const g = {} as { makers: number; leads: number; detached: number; theirs: number };
  const params = { report_type: 'summary', ...march, grouping: 'users', sub_grouping: 'projects' };
  let plain: { id: number; token: string };
  let filtered: { id: number; token: string };

  async function group(by: TestUser, body: Record<string, unknown>): Promise<number> {
    const res = await by.api.post(`/api/v9/organizations/${by.organizationId}/groups`, body);
    expect(res.status, res.text).toBe(200);
    return res.body.group_id;
  }

  beforeAll(async () => {
    const w = admin.workspaceId;
    // The colleague also works in the stranger's organization, whose group holds them.
    await addMember(t, stranger.workspaceId, colleague.user.id);
    g.makers = await group(admin, { name: 'Makers', users: [member.user.id, colleague.user.id], workspaces: [w] });
    g.leads = await group(admin, { name: 'Leads', users: [member.user.id], workspaces: [w] });
    g.detached = await group(admin, { name: 'Detached', users: [member.user.id] });
    g.theirs = await group(stranger, { name: 'Theirs', users: [colleague.user.id], workspaces: [stranger.workspaceId] });
    plain = await saveReport(admin, { name: 'By user', public: true, params });
    filtered = await saveReport(admin, { name: 'Makers only', public: true, params: { ...params, group_ids: [g.makers, g.theirs] } });
  });

  const dictionaries = async (token: string, viewer: TestUser | null) => {
    const res = await call(t, 'POST', shared(token), viewer ? { auth: { token: viewer.token } } : {});
    expect(res.status, res.text).toBe(200);
    return res.body.dictionaries as { users: Record<string, { id: number; group_ids: number[] }>; user_groups: Record<string, unknown>; filters: { user_groups: unknown } };
  };
  const groupIds = (d: Awaited<ReturnType<typeof dictionaries>>) => Object.fromEntries(Object.values(d.users).map((u) => [u.id, u.group_ids]));

  it("shows members each user's groups of the workspace, and names them", async () => {
    const d = await dictionaries(plain.token, member);
    expect(groupIds(d)).toEqual({ [admin.user.id]: [], [member.user.id]: [g.makers, g.leads], [colleague.user.id]: [g.makers] });
    expect(d.user_groups).toEqual({ [g.makers]: { id: g.makers, name: 'Makers' }, [g.leads]: { id: g.leads, name: 'Leads' } });
    expect(d.filters.user_groups).toEqual(d.user_groups);
  });

  it('shows outsiders no memberships, only the groups the report is filtered by', async () => {
    const open = await dictionaries(plain.token, null);
    expect(Object.values(open.users).every((u) => u.group_ids.length === 0)).toBe(true);
    expect(open.user_groups).toEqual({});
    const byGroup = await dictionaries(filtered.token, stranger);
    expect(Object.values(byGroup.users).every((u) => u.group_ids.length === 0)).toBe(true);
    // The other organization's group selects nobody here and is not named.
    expect(byGroup.user_groups).toEqual({ [g.makers]: { id: g.makers, name: 'Makers' } });
  });

  it('forgets a deleted group', async () => {
    const gone = await admin.api.delete(`/api/v9/organizations/${admin.organizationId}/groups/${g.leads}`);
    expect(gone.status).toBe(200);
    const d = await dictionaries(plain.token, admin);
    expect(groupIds(d)[member.user.id]).toEqual([g.makers]);
    expect(Object.keys(d.user_groups)).toEqual([String(g.makers)]);
  });
});
