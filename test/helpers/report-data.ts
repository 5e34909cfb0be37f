// Report fixtures inserted straight into the database: the catalog and time-entry routes are
// written concurrently, and reports only read these tables.
import type { TestApp } from './app.js';
import { insertClient, insertTag } from './report-periphery.js';

export { insertClient, insertTag };

const nowMs = () => Date.now();

/** UNIX seconds of an RFC 3339 time. */
export const unix = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

export async function addWorkspaceMember(
  t: TestApp,
  workspaceId: number,
  userId: number,
  options: { admin?: boolean; rate?: number | null; labourCost?: number | null } = {},
): Promise<void> {
  const now = nowMs();
  await t.database.db
    .insertInto('workspace_users')
    .values({
      workspace_id: workspaceId,
      user_id: userId,
      admin: options.admin ? 1 : 0,
      role: options.admin ? 'admin' : 'user',
      rate: options.rate ?? null,
      labour_cost: options.labourCost ?? null,
      created_at: now,
      at: now,
    })
    .execute();
}

/** Sets a member's own rate or labour cost in a workspace (workspace_users). */
export async function setMemberRate(t: TestApp, workspaceId: number, userId: number, values: { rate?: number | null; labour_cost?: number | null }): Promise<void> {
  await t.database.db.updateTable('workspace_users').set(values).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
}

export async function updateWorkspace(
  t: TestApp,
  workspaceId: number,
  values: Partial<{
    default_hourly_rate: number | null;
    default_currency: string;
    rounding: number;
    rounding_minutes: number;
    only_admins_see_billable_rates: number;
    limit_public_project_data: number;
    name: string;
  }>,
): Promise<void> {
  await t.database.db.updateTable('workspaces').set(values).where('id', '=', workspaceId).execute();
}

export interface ProjectOptions {
  clientId?: number | null;
  isPrivate?: boolean;
  billable?: boolean;
  color?: string;
  rate?: number | null;
  currency?: string | null;
  /** Project members, optionally managers or with their own rate / labour cost. */
  members?: { userId: number; manager?: boolean; rate?: number | null; laborCost?: number | null }[];
}

export async function insertProject(t: TestApp, workspaceId: number, name: string, o: ProjectOptions = {}): Promise<number> {
  const now = nowMs();
  const row = await t.database.db
    .insertInto('projects')
    .values({
      workspace_id: workspaceId,
      name,
      name_key: name.toLowerCase(),
      client_id: o.clientId ?? null,
      is_private: o.isPrivate ? 1 : 0,
      billable: o.billable ? 1 : 0,
      color: o.color ?? '#0b83d9',
      rate: o.rate ?? null,
      currency: o.currency ?? null,
      created_at: now,
      at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const m of o.members ?? []) {
    await t.database.db
      .insertInto('project_users')
      .values({
        workspace_id: workspaceId,
        project_id: row.id,
        user_id: m.userId,
        manager: m.manager ? 1 : 0,
        rate: m.rate ?? null,
        labor_cost: m.laborCost ?? null,
        created_at: now,
        at: now,
      })
      .execute();
  }
  return row.id;
}

export async function insertTask(t: TestApp, workspaceId: number, projectId: number, name: string, rate: number | null = null): Promise<number> {
  const now = nowMs();
  const row = await t.database.db
    .insertInto('tasks')
    .values({ workspace_id: workspaceId, project_id: projectId, name, name_key: name.toLowerCase(), rate, created_at: now, at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface EntryInput {
  userId: number;
  /** RFC 3339 start. */
  start: string;
  /** Seconds; null leaves the entry running. */
  duration: number | null;
  projectId?: number | null;
  taskId?: number | null;
  description?: string;
  billable?: boolean;
  tagIds?: number[];
  /** Epoch ms of the last change; defaults to the start. */
  at?: number;
  deleted?: boolean;
}

export async function insertEntry(t: TestApp, workspaceId: number, e: EntryInput): Promise<number> {
  const start = unix(e.start);
  const at = e.at ?? start * 1000;
  const row = await t.database.db
    .insertInto('time_entries')
    .values({
      workspace_id: workspaceId,
      user_id: e.userId,
      project_id: e.projectId ?? null,
      task_id: e.taskId ?? null,
      description: e.description ?? '',
      billable: e.billable ? 1 : 0,
      start,
      stop: e.duration === null ? null : start + e.duration,
      duration: e.duration ?? 0,
      created_with: 'report-tests',
      created_at: at,
      at,
      deleted_at: e.deleted ? at : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  let position = 0;
  for (const tagId of e.tagIds ?? []) {
    await t.database.db.insertInto('time_entry_tags').values({ time_entry_id: row.id, tag_id: tagId, position: position++ }).execute();
  }
  return row.id;
}

/** A small deterministic pseudo-random sequence, so seeded datasets are the same on every run. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface SeededWorkspace {
  workspaceId: number;
  users: number[];
  clients: { acme: number; globex: number };
  projects: { website: number; mobile: number; internal: number };
  tasks: { design: number; build: number };
  tags: { urgent: number; meeting: number; review: number };
  /** The reportable entries as inserted, with their ids. */
  entries: (EntryInput & { id: number })[];
}

/**
 * A workspace with three people, two clients, three projects (one private), tasks with and
 * without rates, tags, and `count` entries over March 2025 with uneven durations (so rounding
 * changes totals), every mix of project/task/tags/billable, a few entries without description,
 * plus a running, a deleted and an out-of-range entry that reports must leave out.
 */
export async function seedReportWorkspace(t: TestApp, workspaceId: number, userIds: number[], count = 90, seed = 7): Promise<SeededWorkspace> {
  const acme = await insertClient(t, workspaceId, 'Acme');
  const globex = await insertClient(t, workspaceId, 'Globex');
  const website = await insertProject(t, workspaceId, 'Website', { clientId: acme, billable: true, rate: 100, color: '#2da608' });
  const mobile = await insertProject(t, workspaceId, 'Mobile', {
    clientId: globex,
    isPrivate: true,
    billable: true,
    color: '#c9806b',
    members: userIds.map((userId, i) => ({ userId, rate: i === 1 ? 80 : null })),
  });
  const internal = await insertProject(t, workspaceId, 'Internal', { color: '#465bb3' });
  const design = await insertTask(t, workspaceId, website, 'Design', 120);
  const build = await insertTask(t, workspaceId, website, 'Build');
  const urgent = await insertTag(t, workspaceId, 'urgent');
  const meeting = await insertTag(t, workspaceId, 'meeting');
  const review = await insertTag(t, workspaceId, 'review');
  const random = prng(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const descriptions = ['Planning', 'Code review', 'Standup', '', 'Bug fixing', 'planning'];
  const tagSets = [[], [urgent], [meeting], [urgent, review], [review, meeting, urgent]];
  const entries: (EntryInput & { id: number })[] = [];
  for (let i = 0; i < count; i++) {
    const project = pick([website, website, mobile, internal, null]);
    const task = project === website ? pick([design, build, null]) : null;
    const day = 1 + Math.floor(random() * 31);
    const hour = Math.floor(random() * 24);
    const minute = Math.floor(random() * 60);
    const start = `2025-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`;
    const entry: EntryInput = {
      userId: pick(userIds),
      start,
      duration: 60 + Math.floor(random() * 3 * 3600),
      projectId: project,
      taskId: task,
      description: pick(descriptions),
      billable: project !== internal && random() < 0.7,
      tagIds: pick(tagSets),
      at: Date.parse(start) + Math.floor(random() * 1e8),
    };
    entries.push({ ...entry, id: await insertEntry(t, workspaceId, entry) });
  }
  // Never in a report: running, deleted, outside the period.
  await insertEntry(t, workspaceId, { userId: userIds[0]!, start: '2025-03-10T08:00:00Z', duration: null, projectId: website, description: 'running' });
  await insertEntry(t, workspaceId, { userId: userIds[0]!, start: '2025-03-10T08:00:00Z', duration: 3600, projectId: website, description: 'deleted', deleted: true });
  await insertEntry(t, workspaceId, { userId: userIds[0]!, start: '2025-04-15T08:00:00Z', duration: 3600, projectId: website, description: 'april' });
  return {
    workspaceId,
    users: userIds,
    clients: { acme, globex },
    projects: { website, mobile, internal },
    tasks: { design, build },
    tags: { urgent, meeting, review },
    entries,
  };
}

export interface SmallWorkspace {
  workspaceId: number;
  acme: number;
  alpha: number;
  beta: number;
  gamma: number;
  spec: number;
  x: number;
  y: number;
  /** e1…e4 as described on smallReportWorkspace. */
  e: [number, number, number, number];
}

/**
 * Four entries whose every number can be checked by hand (owner in Europe/Berlin, UTC+1 in March):
 * - e1: Alpha (client Acme, rate 100) / task Spec (rate 150), "Write spec", billable, 1 h, Mon 3 March 09:00 local, tag x
 * - e2: Alpha, no task, "Write spec", billable, 30 min, Tue 4 March 09:00 local, tags x and y
 * - e3: Beta (no client, no rate), "Review", not billable, 45 min, Tue 4 March 11:00 local
 * - e4: no project, no description, 15 min, Thu 6 March 00:30 local (still Wed 5 March in UTC)
 * Gamma is a project without time.
 */
export async function smallReportWorkspace(t: TestApp, workspaceId: number, userId: number): Promise<SmallWorkspace> {
  const acme = await insertClient(t, workspaceId, 'Acme');
  const alpha = await insertProject(t, workspaceId, 'Alpha', { clientId: acme, billable: true, rate: 100, color: '#2da608' });
  const beta = await insertProject(t, workspaceId, 'Beta', { color: '#c9806b' });
  const gamma = await insertProject(t, workspaceId, 'Gamma', { color: '#465bb3' });
  const spec = await insertTask(t, workspaceId, alpha, 'Spec', 150);
  const x = await insertTag(t, workspaceId, 'x');
  const y = await insertTag(t, workspaceId, 'y');
  const e1 = await insertEntry(t, workspaceId, { userId, projectId: alpha, taskId: spec, description: 'Write spec', billable: true, duration: 3600, start: '2025-03-03T08:00:00Z', tagIds: [x] });
  const e2 = await insertEntry(t, workspaceId, { userId, projectId: alpha, description: 'Write spec', billable: true, duration: 1800, start: '2025-03-04T08:00:00Z', tagIds: [x, y] });
  const e3 = await insertEntry(t, workspaceId, { userId, projectId: beta, description: 'Review', duration: 2700, start: '2025-03-04T10:00:00Z' });
  const e4 = await insertEntry(t, workspaceId, { userId, duration: 900, start: '2025-03-05T23:30:00Z' });
  return { workspaceId, acme, alpha, beta, gamma, spec, x, y, e: [e1, e2, e3, e4] };
}
