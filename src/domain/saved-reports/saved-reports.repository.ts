import { sql, type Kysely, type Selectable } from 'kysely';
import { flag, isSet } from '../../db/rows.js';
import type { DB, SavedReportsTable, Executor } from '../../db/tables.js';
import type { DictionaryIds, EntityDictionaries, SavedReport, SavedReportChanges, SavedReportFilter } from './saved-reports.types.js';

function parseParams(raw: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function toSavedReport(row: Selectable<SavedReportsTable>): SavedReport {
  return {
    id: row.id,
    workspace_id: row.workspace_id,
    user_id: row.user_id,
    name: row.name,
    params: parseParams(row.params),
    public: isSet(row.public),
    fixed_daterange: isSet(row.fixed_daterange),
    token: row.token,
    created_at: row.created_at,
    updated_at: row.updated_at,
    updated_by: row.updated_by,
    deleted_at: row.deleted_at,
  };
}

function toColumns(changes: SavedReportChanges): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (changes.name !== undefined) {
    out.name = changes.name;
    out.name_key = changes.name.toLowerCase();
  }
  if (changes.params !== undefined) out.params = JSON.stringify(changes.params);
  if (changes.public !== undefined) out.public = flag(changes.public);
  if (changes.fixed_daterange !== undefined) out.fixed_daterange = flag(changes.fixed_daterange);
  if (changes.token !== undefined) out.token = changes.token;
  return out;
}

/** `%text%` for LIKE, with the wildcard characters of the text escaped. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class SavedReportsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Live reports of the workspace that `viewer` may see (admins all; members their own and the
   * public ones), filtered and ordered as asked.
   */
  async list(workspaceId: number, viewer: { userId: number; admin: boolean }, filter: SavedReportFilter): Promise<SavedReport[]> {
    let q = this.db
      .selectFrom('saved_reports')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null);
    if (!viewer.admin) q = q.where((eb) => eb.or([eb('user_id', '=', viewer.userId), eb('public', '=', 1)]));
    if (filter.public !== undefined) q = q.where('public', '=', flag(filter.public));
    if (filter.fixed_daterange !== undefined) q = q.where('fixed_daterange', '=', flag(filter.fixed_daterange));
    // Stint sends no scheduled report e-mails, so no report is scheduled.
    if (filter.scheduled === true) q = q.where(sql<boolean>`1 = 0`);
    if (filter.name) q = q.where(sql<boolean>`name_key like ${containsPattern(filter.name)} escape '\\'`);
    const column = filter.sort_field === 'name' ? 'name_key' : filter.sort_field;
    q = q.orderBy(column, filter.sort_direction).orderBy('id', filter.sort_direction);
    if (filter.limit !== undefined) q = q.limit(filter.limit).offset(filter.offset ?? 0);
    return (await q.execute()).map(toSavedReport);
  }

  async byId(workspaceId: number, id: number, tx: Executor = this.db): Promise<SavedReport | null> {
    const row = await tx
      .selectFrom('saved_reports')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? toSavedReport(row) : null;
  }

  /** Live reports of the workspace among `ids`, in id order. */
  async byIds(workspaceId: number, ids: number[], tx: Executor = this.db): Promise<SavedReport[]> {
    if (ids.length === 0) return [];
    const rows = await tx
      .selectFrom('saved_reports')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute();
    return rows.map(toSavedReport);
  }

  async byToken(token: string): Promise<SavedReport | null> {
    const row = await this.db
      .selectFrom('saved_reports')
      .selectAll()
      .where('token', '=', token)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? toSavedReport(row) : null;
  }

  async insert(
    workspaceId: number,
    userId: number,
    values: Required<Omit<SavedReportChanges, 'token'>> & { token: string },
    now: number,
  ): Promise<SavedReport> {
    const row = await this.db
      .insertInto('saved_reports')
      .values({
        workspace_id: workspaceId,
        user_id: userId,
        name: values.name,
        name_key: values.name.toLowerCase(),
        params: JSON.stringify(values.params),
        public: flag(values.public),
        fixed_daterange: flag(values.fixed_daterange),
        token: values.token,
        created_at: now,
        updated_at: now,
        updated_by: userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSavedReport(row);
  }

  async update(tx: Executor, id: number, changes: SavedReportChanges, userId: number, now: number): Promise<void> {
    await tx
      .updateTable('saved_reports')
      .set({ ...toColumns(changes), updated_at: now, updated_by: userId })
      .where('id', '=', id)
      .execute();
  }

  async softDelete(tx: Executor, workspaceId: number, ids: number[], userId: number, now: number): Promise<void> {
    if (ids.length === 0) return;
    await tx
      .updateTable('saved_reports')
      .set({ deleted_at: now, updated_at: now, updated_by: userId })
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids)
      .execute();
  }

  /** Deleted reports among `ids`, as the deletion left them. */
  async deletedByIds(workspaceId: number, ids: number[], tx: Executor = this.db): Promise<SavedReport[]> {
    if (ids.length === 0) return [];
    const rows = await tx
      .selectFrom('saved_reports')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids)
      .where('deleted_at', 'is not', null)
      .orderBy('id')
      .execute();
    return rows.map(toSavedReport);
  }

  /**
   * The dictionary entries of the given ids, in one query per kind and per thousand ids (plus one
   * grouped sum each for the tracked time of projects and tasks). Money fields come as stored; the
   * service hides them.
   */
  async dictionaries(workspaceId: number, ids: DictionaryIds): Promise<EntityDictionaries> {
    const projectIds = [...ids.projects];
    const taskIds = [...ids.tasks];
    const [projects, tasks, users, tags, projectTime, taskTime] = await Promise.all([
      inChunks(projectIds, (chunk) =>
        this.db
          .selectFrom('projects as p')
          .innerJoin('workspaces as w', 'w.id', 'p.workspace_id')
          .select([
            'p.id', 'p.name', 'p.color', 'p.client_id', 'p.currency', 'w.default_currency', 'p.fixed_fee', 'p.estimated_seconds',
            'p.start_date', 'p.end_date', 'p.recurring', 'p.recurring_parameters', 'p.external_reference',
          ])
          .where('p.workspace_id', '=', workspaceId)
          .where('p.id', 'in', chunk)
          .execute(),
      ),
      inChunks(taskIds, (chunk) =>
        this.db.selectFrom('tasks').select(['id', 'name', 'project_id', 'estimated_seconds']).where('workspace_id', '=', workspaceId).where('id', 'in', chunk).execute(),
      ),
      inChunks([...ids.users], (chunk) =>
        this.db
          .selectFrom('users as u')
          .leftJoin('workspace_users as wu', (j) => j.onRef('wu.user_id', '=', 'u.id').on('wu.workspace_id', '=', workspaceId))
          .select(['u.id', 'u.fullname', 'u.email', 'u.image_url', 'wu.labour_cost'])
          .where('u.id', 'in', chunk)
          .execute(),
      ),
      inChunks([...ids.tags], (chunk) => this.db.selectFrom('tags').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('id', 'in', chunk).execute()),
      this.trackedSeconds('project_id', workspaceId, projectIds),
      this.trackedSeconds('task_id', workspaceId, taskIds),
    ]);
    const clientIds = new Set([...ids.clients, ...projects.flatMap((p) => (p.client_id === null ? [] : [p.client_id]))]);
    const clients = await inChunks([...clientIds], (chunk) =>
      this.db.selectFrom('clients').select(['id', 'name', 'external_reference']).where('workspace_id', '=', workspaceId).where('id', 'in', chunk).execute(),
    );
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return {
      clients: clients.map((c) => ({ id: c.id, name: c.name, external_reference: c.external_reference })),
      projects: projects.map((p) => {
        const recurring = parseRecurring(p.recurring_parameters);
        return {
          id: p.id,
          name: p.name,
          color: p.color,
          client_id: p.client_id,
          currency: p.currency ?? p.default_currency,
          fixed_fee: num(p.fixed_fee),
          estimated_seconds: num(p.estimated_seconds),
          actual_seconds: projectTime.get(p.id) ?? 0,
          start_date: p.start_date,
          end_date: p.end_date,
          recurring: isSet(p.recurring),
          recurring_period: recurring?.period ?? null,
          custom_period: recurring?.custom_period ?? null,
          external_reference: p.external_reference,
        };
      }),
      tasks: tasks.map((t) => ({ id: t.id, name: t.name, project_id: t.project_id, estimated_seconds: num(t.estimated_seconds), tracked_seconds: taskTime.get(t.id) ?? 0 })),
      users: users.map((u) => ({ id: u.id, name: u.fullname, email: u.email, avatar_url: u.image_url, labour_cost: u.labour_cost === null ? null : Math.round(Number(u.labour_cost) * 100) })),
      tags: tags.map((t) => ({ id: t.id, name: t.name })),
    };
  }

  /** Seconds tracked by finished, live entries per project or task. */
  private async trackedSeconds(column: 'project_id' | 'task_id', workspaceId: number, ids: number[]): Promise<Map<number, number>> {
    const rows = await inChunks(ids, (chunk) =>
      this.db
        .selectFrom('time_entries')
        .select([column, sql<number | string>`sum(duration)`.as('seconds')])
        .where('workspace_id', '=', workspaceId)
        .where(column, 'in', chunk)
        .where('deleted_at', 'is', null)
        .where('stop', 'is not', null)
        .groupBy(column)
        .execute(),
    );
    return new Map(rows.map((r) => [Number(r[column]), Number(r.seconds)]));
  }
}

/** The first recurrence of a project's recurring parameters (JSON), if any. */
function parseRecurring(raw: string | null): { period: string | null; custom_period: number | null } | null {
  if (!raw) return null;
  try {
    const list = JSON.parse(raw) as { period?: string; custom_period?: number | null }[];
    const first = Array.isArray(list) ? list[0] : undefined;
    return first ? { period: first.period ?? null, custom_period: first.custom_period ?? null } : null;
  } catch {
    return null;
  }
}

/** Runs a query per thousand ids (both engines bound the parameters of one statement) and joins the rows. */
async function inChunks<R>(ids: number[], query: (chunk: number[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < ids.length; i += 1000) out.push(...(await query(ids.slice(i, i + 1000))));
  return out;
}
