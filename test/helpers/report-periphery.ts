// Rows for the report periphery tests (filters, trends, shared reports), written straight into
// the database: what is under test is how reports read them, not how they are made.
import type { TestApp } from './app.js';

const NOW = () => Date.now();

export async function insertClient(t: TestApp, workspaceId: number, name: string, opts: { archived?: boolean; deleted?: boolean } = {}): Promise<number> {
  const now = NOW();
  const row = await t.database.db
    .insertInto('clients')
    .values({
      workspace_id: workspaceId,
      name,
      name_key: name.toLowerCase(),
      archived: opts.archived ? 1 : 0,
      created_at: now,
      at: now,
      deleted_at: opts.deleted ? now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ProjectOptions {
  client_id?: number | null;
  is_private?: boolean;
  active?: boolean;
  billable?: boolean;
  color?: string;
  rate?: number | null;
  currency?: string | null;
  estimated_seconds?: number | null;
  fixed_fee?: number | null;
  deleted?: boolean;
}

export async function insertProject(t: TestApp, workspaceId: number, name: string, opts: ProjectOptions = {}): Promise<number> {
  const now = NOW();
  const row = await t.database.db
    .insertInto('projects')
    .values({
      workspace_id: workspaceId,
      name,
      name_key: name.toLowerCase(),
      client_id: opts.client_id ?? null,
      is_private: opts.is_private ? 1 : 0,
      active: opts.active === false ? 0 : 1,
      billable: opts.billable ? 1 : 0,
      color: opts.color ?? '#0b83d9',
      rate: opts.rate ?? null,
      currency: opts.currency ?? null,
      estimated_seconds: opts.estimated_seconds ?? null,
      fixed_fee: opts.fixed_fee ?? null,
      created_at: now,
      at: now,
      deleted_at: opts.deleted ? now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertProjectUser(
  t: TestApp,
  workspaceId: number,
  projectId: number,
  userId: number,
  opts: { rate?: number | null; labor_cost?: number | null; manager?: boolean } = {},
): Promise<number> {
  const now = NOW();
  const row = await t.database.db
    .insertInto('project_users')
    .values({
      workspace_id: workspaceId,
      project_id: projectId,
      user_id: userId,
      manager: opts.manager ? 1 : 0,
      rate: opts.rate ?? null,
      labor_cost: opts.labor_cost ?? null,
      created_at: now,
      at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertTask(
  t: TestApp,
  workspaceId: number,
  projectId: number,
  name: string,
  opts: { rate?: number | null; estimated_seconds?: number | null; user_id?: number | null; active?: boolean } = {},
): Promise<number> {
  const now = NOW();
  const row = await t.database.db
    .insertInto('tasks')
    .values({
      workspace_id: workspaceId,
      project_id: projectId,
      name,
      name_key: name.toLowerCase(),
      active: opts.active === false ? 0 : 1,
      estimated_seconds: opts.estimated_seconds ?? null,
      user_id: opts.user_id ?? null,
      rate: opts.rate ?? null,
      created_at: now,
      at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface EntryOptions {
  project_id?: number | null;
  task_id?: number | null;
  description?: string;
  billable?: boolean;
  tag_ids?: number[];
  /** A running entry: no stop, duration 0. */
  running?: boolean;
}

/** A time entry from `startIso` (UTC unless it carries an offset) lasting `seconds`. */
export async function insertEntry(t: TestApp, workspaceId: number, userId: number, startIso: string, seconds: number, opts: EntryOptions = {}): Promise<number> {
  const now = NOW();
  const start = Math.floor(Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(startIso) ? startIso : `${startIso}Z`) / 1000);
  const row = await t.database.db
    .insertInto('time_entries')
    .values({
      workspace_id: workspaceId,
      user_id: userId,
      project_id: opts.project_id ?? null,
      task_id: opts.task_id ?? null,
      description: opts.description ?? '',
      billable: opts.billable ? 1 : 0,
      start,
      stop: opts.running ? null : start + seconds,
      duration: opts.running ? 0 : seconds,
      created_at: now,
      at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (opts.tag_ids?.length) {
    await t.database.db
      .insertInto('time_entry_tags')
      .values(opts.tag_ids.map((tag_id, position) => ({ time_entry_id: row.id, tag_id, position })))
      .execute();
  }
  return row.id;
}

export async function insertTag(t: TestApp, workspaceId: number, name: string): Promise<number> {
  const now = NOW();
  const row = await t.database.db
    .insertInto('tags')
    .values({ workspace_id: workspaceId, name, name_key: name.toLowerCase(), created_at: now, at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setWorkspace(
  t: TestApp,
  workspaceId: number,
  settings: Partial<{
    default_hourly_rate: number | null;
    default_currency: string;
    only_admins_see_billable_rates: boolean;
    limit_public_project_data: boolean;
    logo_url: string | null;
    rounding: number;
    rounding_minutes: number;
  }>,
): Promise<void> {
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(settings)) values[k] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  await t.database.db.updateTable('workspaces').set(values).where('id', '=', workspaceId).execute();
}

/** The member's workspace-level hourly rate and labour cost. */
export async function setMemberMoney(t: TestApp, workspaceId: number, userId: number, money: { rate?: number | null; labour_cost?: number | null }): Promise<void> {
  await t.database.db.updateTable('workspace_users').set(money).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
}

export async function setMembership(t: TestApp, workspaceId: number, userId: number, state: { inactive?: boolean; deleted?: boolean }): Promise<void> {
  const values: Record<string, unknown> = {};
  if (state.inactive !== undefined) values.inactive = state.inactive ? 1 : 0;
  if (state.deleted !== undefined) values.deleted_at = state.deleted ? NOW() : null;
  await t.database.db.updateTable('workspace_users').set(values).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
}

/** Reads CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
