/**
 * Issue 4's acceptance: a published Toggl client library (npm `toggl-client` 3.5.0), given only
 * Stint's base URL and an API token, runs a working day against a real Stint server, and every
 * answer it receives validates against Toggl's swagger.
 *
 * The library hard-codes Toggl's host (`prefixUrl: 'https://api.track.toggl.com/api/v9'` on its got
 * instance, and the Reports v3 URL per request) and reads no setting for it. It does expose that got
 * instance as `httpClient`; extending it with a `beforeRequest` hook that moves Toggl's origin to
 * Stint's base URL — the hook got documents for changing a request's URL — is the least invasive
 * way in, and leaves every path, method, header and body exactly as the library builds them.
 *
 * Where a library wrapper still speaks Track v8 (`clients.*` and `groups.*` call `/clients` and
 * `/groups`, `timeEntries.delete` calls `/time_entries/{id}`), real Toggl v9 answers 404 as Stint
 * does, so the test uses the library's own generic `get/post/put/patch/delete` methods for those
 * operations and for the ones it does not wrap (tasks, bulk edits, client archive/restore, filters
 * on workspace lists). Its `reports.*All` pagers read a v2 `data` field and cannot page v3 answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import connect, { type TogglClient } from 'toggl-client';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Services } from '../../src/container.js';
import { migrateToLatest } from '../../src/db/migrations/index.js';
import { openTestDatabase } from '../helpers/app.js';
import { validateResponse } from '../conformance/validator.js';

const TOGGL_ORIGIN = 'https://api.track.toggl.com';

interface Exchange {
  method: string;
  url: string;
  status: number;
  problems: string[];
}

let close: () => Promise<void>;
let services: Services;
let baseUrl: string;
const traffic: Exchange[] = [];

/**
 * The library as a user would set it up: a token, and Stint's base URL in place of Toggl's host.
 * The afterResponse hook is the test's instrument, not configuration.
 */
function togglFor(apiToken: string): TogglClient {
  const toggl = connect({ apiToken });
  toggl.httpClient = toggl.httpClient.extend({
    hooks: {
      beforeRequest: [
        (options) => {
          const url = options.url as URL;
          if (url.origin === TOGGL_ORIGIN) options.url = new URL(`${baseUrl}${url.pathname}${url.search}`);
        },
      ],
      // Observes exactly what the library receives, so the spec check sees the real wire bytes.
      afterResponse: [
        (response) => {
          const url = new URL(response.url);
          const method = response.request.options.method;
          const result = validateResponse({
            method,
            url: `${url.pathname}${url.search}`,
            statusCode: response.statusCode,
            body: typeof response.body === 'string' ? response.body : String(response.body ?? ''),
            headers: response.headers,
          });
          const problems = [...result.errors];
          if (!result.operation) problems.push('no Track v9 / Reports v3 operation matches this request');
          traffic.push({ method, url: `${url.pathname}${url.search}`, status: response.statusCode, problems });
          return response;
        },
      ],
    },
  });
  return toggl;
}

async function signup(email: string, password: string): Promise<{ id: number; api_token: string; default_workspace_id: number }> {
  const res = await fetch(`${baseUrl}/api/v9/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, fullname: email.split('@')[0], timezone: 'Europe/Berlin' }),
  });
  const body = await res.text();
  const result = validateResponse({ method: 'POST', url: '/api/v9/signup', statusCode: res.status, body, headers: Object.fromEntries(res.headers) });
  traffic.push({ method: 'POST', url: '/api/v9/signup', status: res.status, problems: result.errors });
  expect(res.status).toBe(200);
  return JSON.parse(body) as never;
}

beforeAll(async () => {
  const config = loadConfig({});
  const { database, drop } = await openTestDatabase();
  await migrateToLatest(database.db, database.dialect);
  const built = await buildApp({ config, database, logger: false });
  services = built.services;
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const address = built.app.server.address();
  if (!address || typeof address === 'string') throw new Error('Stint did not listen on a TCP port');
  baseUrl = `http://127.0.0.1:${address.port}`;
  close = async () => {
    await built.app.close();
    await database.close();
    await drop();
  };
});

afterAll(async () => close?.());

/** `YYYY-MM-DD` of an instant in a time zone. */
function dateIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const HOUR = 3600_000;

describe('toggl-client (npm) drives a working day against a running Stint', () => {
  let toggl: TogglClient;
  let me: { id: number; api_token: string; default_workspace_id: number };
  let wid: number;
  const day: Record<string, any> = {};

  beforeAll(async () => {
    me = await signup('ada@example.com', 'correct horse battery');
    toggl = togglFor(me.api_token);
    wid = me.default_workspace_id;
  });

  it('reads and updates the user and finds the workspace', async () => {
    const current = await toggl.user.current();
    expect(current).toMatchObject({ id: me.id, email: 'ada@example.com', default_workspace_id: wid, timezone: 'Europe/Berlin' });

    const updated = await toggl.user.update({ fullname: 'Ada Lovelace', beginning_of_week: 1 });
    expect(updated).toMatchObject({ fullname: 'Ada Lovelace', beginning_of_week: 1 });

    const workspaces = await toggl.workspaces.list();
    expect(workspaces.map((w: any) => w.id)).toEqual([wid]);
    expect(workspaces[0]).toMatchObject({ admin: true });
    // The library unwraps a v8 `data` envelope from this answer, so only the wire shows the workspace.
    await toggl.workspaces.get(wid);
    expect(traffic.at(-1)).toMatchObject({ method: 'GET', url: `/api/v9/workspaces/${wid}`, status: 200, problems: [] });

    const users = await toggl.workspaces.users(wid);
    expect(users.map((u: any) => u.id)).toEqual([me.id]);
  });

  it('sets up clients, projects, tasks and tags', async () => {
    day.acme = await toggl.post(`workspaces/${wid}/clients`, { name: 'Acme', notes: 'Big customer' });
    expect(day.acme).toMatchObject({ name: 'Acme', wid, archived: false });
    day.globex = await toggl.post(`workspaces/${wid}/clients`, { name: 'Globex' });
    day.acme = await toggl.put(`workspaces/${wid}/clients/${day.acme.id}`, { name: 'Acme Corp' });
    expect(day.acme.name).toBe('Acme Corp');
    expect(await toggl.get(`workspaces/${wid}/clients/${day.acme.id}`)).toMatchObject({ id: day.acme.id, name: 'Acme Corp' });

    day.website = await toggl.projects.create(wid, { name: 'Website', client_id: day.acme.id, active: true, is_private: false, color: '#06a893', billable: true });
    expect(day.website).toMatchObject({ name: 'Website', client_id: day.acme.id, workspace_id: wid, active: true, billable: true });
    day.internal = await toggl.projects.create(wid, { name: 'Internal', active: true, is_private: true });
    day.campaign = await toggl.projects.create(wid, { name: 'Campaign', client_id: day.globex.id, active: true });
    day.website = await toggl.projects.update(wid, day.website.id, { name: 'Website relaunch' });
    expect(day.website).toMatchObject({ id: day.website.id, name: 'Website relaunch', client_id: day.acme.id });
    expect(await toggl.projects.get(wid, day.website.id)).toMatchObject({ name: 'Website relaunch' });

    day.design = await toggl.post(`workspaces/${wid}/projects/${day.website.id}/tasks`, { name: 'Design', estimated_seconds: 7200, active: true });
    expect(day.design).toMatchObject({ name: 'Design', project_id: day.website.id, workspace_id: wid, active: true });
    day.build = await toggl.post(`workspaces/${wid}/projects/${day.website.id}/tasks`, { name: 'Build' });
    day.build = await toggl.put(`workspaces/${wid}/projects/${day.website.id}/tasks/${day.build.id}`, { name: 'Build pages' });
    expect(day.build.name).toBe('Build pages');
    expect((await toggl.projects.tasks(wid, day.website.id)).map((t: any) => t.name).sort()).toEqual(['Build pages', 'Design']);

    day.urgent = await toggl.tags.create(wid, { name: 'urgent' });
    expect(day.urgent).toMatchObject({ name: 'urgent', workspace_id: wid });
    day.meeting = await toggl.tags.create(wid, { name: 'meeting' });
    day.meeting = await toggl.tags.update(wid, day.meeting.id, { name: 'meetings' });
    expect(day.meeting).toMatchObject({ id: day.meeting.id, name: 'meetings' });
    expect((await toggl.workspaces.tags(wid)).map((t: any) => t.name).sort()).toEqual(['meetings', 'urgent']);
  });

  it('starts a timer, switches to another one and stops it', async () => {
    expect(await toggl.timeEntries.current()).toBeNull();
    const now = new Date();
    const started = await toggl.timeEntries.start({
      workspace_id: wid,
      start: iso(new Date(now.getTime() - 20 * 60_000)),
      duration: -1,
      description: 'Morning standup',
      tags: ['meetings'],
      project_id: day.internal.id,
    });
    expect(started).toMatchObject({ description: 'Morning standup', stop: null, project_id: day.internal.id, tag_ids: [day.meeting.id], tags: ['meetings'] });
    expect(started.duration).toBe(-Math.floor(Date.parse(started.start) / 1000));
    expect(await toggl.timeEntries.current()).toMatchObject({ id: started.id, stop: null });

    // Starting another timer stops the running one at the new start, as in Toggl.
    const switchAt = iso(new Date(now.getTime() - 5 * 60_000));
    const second = await toggl.timeEntries.start({
      workspace_id: wid,
      start: switchAt,
      duration: -1,
      description: 'Design review',
      project_id: day.website.id,
      task_id: day.design.id,
      tags: ['urgent', 'client-call'],
    });
    expect(second).toMatchObject({ project_id: day.website.id, task_id: day.design.id, billable: true });
    expect([...second.tags].sort()).toEqual(['client-call', 'urgent']);
    const first = await toggl.timeEntries.get(started.id);
    expect(first).toMatchObject({ id: started.id, duration: 15 * 60, stop: switchAt.replace('Z', '+00:00') });

    const stopped = await toggl.timeEntries.stop(second);
    expect(stopped).toMatchObject({ id: second.id });
    expect(stopped.stop).not.toBeNull();
    expect(stopped.duration).toBeGreaterThanOrEqual(5 * 60);
    expect(await toggl.timeEntries.current()).toBeNull();
    day.standup = first;
    day.review = stopped;
  });

  it('adds and edits manual entries', async () => {
    const earlier = new Date(Date.now() - 3 * HOUR);
    day.coding = await toggl.timeEntries.create({
      workspace_id: wid,
      start: iso(earlier),
      duration: 5400,
      description: 'Landing page',
      project_id: day.website.id,
      task_id: day.build.id,
      billable: false,
    });
    expect(day.coding).toMatchObject({ duration: 5400, billable: false, stop: iso(new Date(earlier.getTime() + 5400_000)).replace('Z', '+00:00') });

    day.email = await toggl.timeEntries.create({ workspace_id: wid, start: iso(new Date(earlier.getTime() - HOUR)), stop: iso(new Date(earlier.getTime() - HOUR / 2)), description: 'Email' });
    expect(day.email).toMatchObject({ duration: 1800, project_id: null, tags: [] });

    day.coding = await toggl.timeEntries.update(day.coding.id, { workspace_id: wid, description: 'Landing page and pricing', duration: 6300 });
    expect(day.coding).toMatchObject({ description: 'Landing page and pricing', duration: 6300 });
    day.coding = await toggl.timeEntries.update(day.coding.id, { workspace_id: wid, tags: ['urgent'], tag_action: 'add' });
    expect(day.coding.tags).toEqual(['urgent']);
    day.coding = await toggl.timeEntries.update(day.coding.id, { workspace_id: wid, tag_ids: [day.urgent.id], tag_action: 'delete' });
    expect(day.coding.tags).toEqual([]);

    // The library's `get` searches its three-month list; `meta` adds the project's and client's names.
    expect(await toggl.timeEntries.get(day.email.id)).toMatchObject({ id: day.email.id, description: 'Email' });
    expect(await toggl.get(`me/time_entries/${day.coding.id}`, { meta: true })).toMatchObject({ id: day.coding.id, project_name: 'Website relaunch', client_name: 'Acme Corp' });
  });

  it('tags and bulk-edits entries', async () => {
    const ids = [day.email.id, day.coding.id, day.standup.id];
    const result = await toggl.patch(`workspaces/${wid}/time_entries/${ids.join(',')}`, [
      { op: 'add', path: '/tags', value: ['reviewed'] },
      { op: 'replace', path: '/billable', value: true },
    ]);
    expect(result).toEqual({ success: expect.arrayContaining(ids), failure: [] });
    const edited = await toggl.timeEntries.list({ start_date: dateIn('Europe/Berlin', new Date(Date.now() - 2 * 24 * HOUR)), end_date: dateIn('Europe/Berlin', new Date(Date.now() + 2 * 24 * HOUR)) });
    for (const id of ids) expect(edited.find((e: any) => e.id === id)).toMatchObject({ billable: true, tags: expect.arrayContaining(['reviewed']) });

    const partial = await toggl.patch(`workspaces/${wid}/time_entries/${day.email.id},999999999`, [{ op: 'replace', path: '/description', value: 'Inbox zero' }]);
    expect(partial.success).toEqual([day.email.id]);
    expect(partial.failure).toEqual([{ id: 999999999, message: expect.any(String) }]);
  });

  it('lists time entries with every filter', async () => {
    const since = Math.floor(Date.now() / 1000) - 60;
    const lower = dateIn('Europe/Berlin', new Date(Date.now() - 24 * HOUR));
    const upper = dateIn('Europe/Berlin', new Date(Date.now() + 24 * HOUR));
    const all = [day.standup.id, day.review.id, day.coding.id, day.email.id];

    const ranged = await toggl.timeEntries.list({ start_date: lower, end_date: upper });
    expect(ranged.map((e: any) => e.id).sort()).toEqual([...all].sort());
    const rfc = await toggl.timeEntries.list({ start_date: iso(new Date(Date.now() - 2.5 * HOUR)), end_date: iso(new Date()) });
    expect(rfc.map((e: any) => e.id).sort()).toEqual([day.standup.id, day.review.id].sort());
    const withMeta = await toggl.timeEntries.list({ start_date: lower, end_date: upper, meta: true, include_sharing: true });
    expect(withMeta.find((e: any) => e.id === day.review.id)).toMatchObject({ project_name: 'Website relaunch', client_name: 'Acme Corp' });

    expect((await toggl.get('me/time_entries')).map((e: any) => e.id).sort()).toEqual([...all].sort());
    const before = await toggl.get('me/time_entries', { before: iso(new Date(Date.now() - 3.5 * HOUR)) });
    expect(before.map((e: any) => e.id)).toEqual([day.email.id]);

    await toggl.delete(`workspaces/${wid}/time_entries/${day.email.id}`);
    const changed = await toggl.get('me/time_entries', { since });
    const deleted = changed.find((e: any) => e.id === day.email.id);
    expect(deleted.server_deleted_at).not.toBeNull();
    expect(await toggl.get('me/time_entries/checklist')).toEqual(expect.any(Array));
  });

  it('lists the catalog with every filter', async () => {
    const since = Math.floor(Date.now() / 1000) - 3600;
    expect((await toggl.workspaces.clients(wid)).map((c: any) => c.name).sort()).toEqual(['Acme Corp', 'Globex']);
    expect((await toggl.get(`workspaces/${wid}/clients`, { status: 'both', name: 'acme' })).map((c: any) => c.id)).toEqual([day.acme.id]);
    expect((await toggl.get('me/clients', { since })).length).toBe(2);

    expect((await toggl.projects.list(wid)).map((p: any) => p.name).sort()).toEqual(['Campaign', 'Internal', 'Website relaunch']);
    expect((await toggl.workspaces.projects(wid)).length).toBe(3);
    expect((await toggl.get(`workspaces/${wid}/projects`, { active: true, billable: true, client_ids: day.acme.id, search: 'web' })).map((p: any) => p.id)).toEqual([day.website.id]);
    expect((await toggl.get(`workspaces/${wid}/projects`, { active: 'both', name: 'INTERNAL', only_me: true })).map((p: any) => p.id)).toEqual([day.internal.id]);
    expect((await toggl.get(`workspaces/${wid}/projects`, { since, sort_field: 'name', sort_order: 'DESC', per_page: 2, page: 1 })).map((p: any) => p.name)).toEqual(['Website relaunch', 'Internal']);
    const editable = await toggl.get(`workspaces/${wid}/projects`, { statuses: 'active', project_ids: `${day.website.id},${day.campaign.id}`, only_editable: true, sort_pinned: true, only_templates: false });
    expect(editable.map((p: any) => p.id).sort()).toEqual([day.website.id, day.campaign.id].sort());
    // Projects are private by default, as in Toggl, and their creator joins them.
    expect((await toggl.get(`workspaces/${wid}/projects`, { user_ids: me.id })).map((p: any) => p.id).sort()).toEqual([day.internal.id, day.campaign.id].sort());
    expect((await toggl.get('me/projects', { since, include_archived: 'true' })).length).toBe(3);
    expect((await toggl.get('me/projects/paginated', { per_page: 2 })).length).toBeGreaterThan(0);

    // v9 answers this list as a page (task.Response), which the library passes through as is.
    const page = (await toggl.workspaces.tasks(wid)) as unknown as { data: any[]; total_count: number };
    expect(page.total_count).toBe(2);
    expect(page.data.map((t: any) => t.name).sort()).toEqual(['Build pages', 'Design']);
    expect((await toggl.get(`workspaces/${wid}/tasks`, { active: 'both', pid: day.website.id, search: 'des', sort_field: 'name', sort_order: 'ASC' })).data.map((t: any) => t.id)).toEqual([day.design.id]);
    expect((await toggl.get('me/tasks', { since, include_not_active: 'true' })).length).toBe(2);

    expect((await toggl.get(`workspaces/${wid}/tags`, { search: 'urg', page: 1, per_page: 10 })).map((t: any) => t.id)).toEqual([day.urgent.id]);
    expect((await toggl.get('me/tags', { since })).map((t: any) => t.name).sort()).toEqual(['client-call', 'meetings', 'reviewed', 'urgent']);
  });

  it('shares a private project with a colleague through project users', async () => {
    const colleague = await signup('grace@example.com', 'another battery staple');
    await services.workspaces.addMember(wid, colleague.id, { admin: false });
    expect((await toggl.workspaces.users(wid)).map((u: any) => u.id).sort()).toEqual([me.id, colleague.id].sort());

    const membership = await toggl.projectUsers.create(wid, { project_id: day.internal.id, user_id: colleague.id, manager: false });
    expect(membership).toMatchObject({ project_id: day.internal.id, user_id: colleague.id, manager: false });
    expect((await toggl.projectUsers.get(wid)).map((pu: any) => pu.user_id)).toContain(colleague.id);
    expect(await toggl.projectUsers.update(wid, membership.id, { manager: true })).toMatchObject({ id: membership.id, manager: true });

    const asColleague = togglFor(colleague.api_token);
    expect((await asColleague.projects.list(wid)).map((p: any) => p.id)).toContain(day.internal.id);
    await toggl.projectUsers.delete(wid, membership.id);
    expect((await asColleague.projects.list(wid)).map((p: any) => p.id)).not.toContain(day.internal.id);
  });

  it('archives, restores and deletes the catalog at the end of the day', async () => {
    // Archiving a client archives its projects; restoring brings them back.
    const archived = await toggl.post(`workspaces/${wid}/clients/${day.globex.id}/archive`);
    expect(archived).toEqual([day.campaign.id]);
    expect(await toggl.projects.get(wid, day.campaign.id)).toMatchObject({ active: false });
    expect((await toggl.get(`workspaces/${wid}/clients`, { status: 'archived' })).map((c: any) => c.id)).toEqual([day.globex.id]);
    expect(await toggl.post(`workspaces/${wid}/clients/${day.globex.id}/restore`, { restore_all_projects: true })).toMatchObject({ id: day.globex.id, archived: false });
    expect(await toggl.projects.get(wid, day.campaign.id)).toMatchObject({ active: true });

    // Archive a project and a task the way clients do: by marking them inactive.
    expect(await toggl.projects.update(wid, day.campaign.id, { active: false })).toMatchObject({ active: false, status: 'archived' });
    expect((await toggl.get(`workspaces/${wid}/projects`, { active: false })).map((p: any) => p.id)).toEqual([day.campaign.id]);
    expect(await toggl.put(`workspaces/${wid}/projects/${day.website.id}/tasks/${day.design.id}`, { active: false })).toMatchObject({ active: false });
    expect((await toggl.projects.tasks(wid, day.website.id)).length).toBe(2);
    expect((await toggl.get(`workspaces/${wid}/projects/${day.website.id}/tasks`, { active: true })).map((t: any) => t.id)).toEqual([day.build.id]);

    await toggl.delete(`workspaces/${wid}/projects/${day.website.id}/tasks/${day.build.id}`);
    expect((await toggl.projects.tasks(wid, day.website.id)).map((t: any) => t.id)).toEqual([day.design.id]);

    await toggl.tags.delete(wid, day.meeting.id);
    const [reviewed] = (await toggl.workspaces.tags(wid)).filter((t: any) => t.name === 'reviewed');
    expect(await toggl.patch(`workspaces/${wid}/tags`, [{ op: 'delete', tag_id: reviewed.id }])).toBe('OK');
    expect((await toggl.workspaces.tags(wid)).map((t: any) => t.name).sort()).toEqual(['client-call', 'urgent']);

    // Deleting a project either keeps its entries (unassign) or deletes them with it.
    await toggl.delete(`workspaces/${wid}/projects/${day.internal.id}?teDeletionMode=unassign`);
    expect(await toggl.get(`me/time_entries/${day.standup.id}`)).toMatchObject({ project_id: null });
    await toggl.projects.delete(wid, day.campaign.id);
    await toggl.delete(`workspaces/${wid}/projects/${day.website.id}?teDeletionMode=delete`);
    expect((await toggl.projects.list(wid)).length).toBe(0);
    const remaining = await toggl.get('me/time_entries');
    expect(remaining.map((e: any) => e.id)).toEqual([day.standup.id]);

    await toggl.delete(`workspaces/${wid}/clients/${day.acme.id}`);
    await toggl.delete(`workspaces/${wid}/clients/${day.globex.id}`);
    expect(await toggl.workspaces.clients(wid)).toEqual([]);
    const gone = await toggl.get('me/clients', { since: Math.floor(Date.now() / 1000) - 60 });
    expect(gone.map((c: any) => c.id).sort()).toEqual([day.acme.id, day.globex.id].sort());
  });

  it('rotates the API token at the end of the day', async () => {
    const token = await toggl.user.resetToken();
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(token).not.toBe(me.api_token);
    expect(await togglFor(token).user.current()).toMatchObject({ id: me.id, api_token: token });
  });

  it('receives only answers that validate against the spec', () => {
    expect(traffic.length).toBeGreaterThan(60);
    const failures = traffic.filter((x) => x.status < 200 || x.status >= 300 || x.problems.length > 0);
    expect(failures).toEqual([]);
  });
});

describe('toggl-client (npm) reads Reports v3 from a running Stint', () => {
  let toggl: TogglClient;
  let wid: number;
  let project: any;

  beforeAll(async () => {
    const me = await signup('reporter@example.com', 'reports all day long');
    toggl = togglFor(me.api_token);
    wid = me.default_workspace_id;
    project = await toggl.projects.create(wid, { name: 'Reporting', active: true, billable: true });
    const morning = new Date(Date.now() - 6 * HOUR);
    await toggl.timeEntries.create({ workspace_id: wid, start: iso(morning), duration: 3600, description: 'Analysis', project_id: project.id, tags: ['deep-work'] });
    await toggl.timeEntries.create({ workspace_id: wid, start: iso(new Date(morning.getTime() + 2 * HOUR)), duration: 1800, description: 'Write-up', project_id: project.id });
    await toggl.timeEntries.create({ workspace_id: wid, start: iso(new Date(morning.getTime() + 3 * HOUR)), duration: 900, description: 'Admin' });
  });

  const range = () => ({
    start_date: dateIn('Europe/Berlin', new Date(Date.now() - 2 * 24 * HOUR)),
    end_date: dateIn('Europe/Berlin', new Date(Date.now() + 24 * HOUR)),
  });

  it('loads a summary report', async () => {
    const report = await toggl.reports.summary(wid, { ...range(), grouping: 'projects', sub_grouping: 'time_entries' });
    const seconds = (g: any) => g.sub_groups.reduce((sum: number, s: any) => sum + s.seconds, 0);
    const byProject = new Map(report.groups.map((g: any) => [g.id, seconds(g)]));
    expect(byProject.get(project.id)).toBe(5400);
    expect(byProject.get(null)).toBe(900);
  });

  it('loads a detailed report', async () => {
    const rows = await toggl.reports.details(wid, { ...range(), order_by: 'date', order_dir: 'asc' });
    expect(rows.map((r: any) => r.description)).toEqual(['Analysis', 'Write-up', 'Admin']);
    expect(rows[0]).toMatchObject({ project_id: project.id, tag_ids: [expect.any(Number)] });
    expect(rows[0].time_entries[0].seconds).toBe(3600);
  });

  it('loads a weekly report', async () => {
    const rows = await toggl.reports.weekly(wid, range());
    const total = rows.reduce((sum: number, r: any) => sum + r.seconds.reduce((a: number, b: number) => a + b, 0), 0);
    expect(total).toBe(6300);
  });

  it('receives only answers that validate against the spec', () => {
    const reports = traffic.filter((x) => x.url.startsWith('/reports/api/v3/'));
    expect(reports.length).toBe(3);
    expect(reports.filter((x) => x.status !== 200 || x.problems.length > 0)).toEqual([]);
  });
});
