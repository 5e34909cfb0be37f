import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { flag, isSet } from '../../db/rows.js';
import type { DB } from '../../db/tables.js';
import { entryVisibleInReports, type ReportViewer } from '../reports/reports.policy.js';
import type { Task } from '../tasks/tasks.types.js';
import type {
  ClientOption,
  ProjectOption,
  ProjectUserOption,
  RateBucket,
  UserOption,
} from './report-utils.types.js';

/** `%text%` for LIKE, with the wildcard characters of the text escaped. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const ids = (list: readonly number[]) => sql.join(list.length ? list : [0]);
const and = (conds: RawBuilder<SqlBool>[]) => (conds.length ? sql<SqlBool>`${sql.join(conds, sql` and `)}` : sql<SqlBool>`1 = 1`);

/** projectVisibleTo (projects.policy) for the alias `p`, in raw SQL for these hand-written queries. */
function projectVisible(viewer: { userId: number; admin: boolean }): RawBuilder<SqlBool> {
  if (viewer.admin) return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`(p.is_private = 0 or exists (select 1 from project_users vpu where vpu.project_id = p.id and vpu.user_id = ${viewer.userId} and vpu.deleted_at is null))`;
}

/** Hourly rate of an entry: task → project user → project → workspace user → workspace. */
const EFFECTIVE_RATE = sql<number | null>`coalesce(t.rate, pu.rate, p.rate, wu.rate, w.default_hourly_rate)`;

export class ReportUtilsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async clients(workspaceId: number, filter: { ids?: number[]; name?: string; startId?: number }, limit: number): Promise<ClientOption[]> {
    const conds = [sql<SqlBool>`c.workspace_id = ${workspaceId}`, sql<SqlBool>`c.deleted_at is null`];
    if (filter.ids) conds.push(sql<SqlBool>`c.id in (${ids(filter.ids)})`);
    if (filter.name) conds.push(sql<SqlBool>`c.name_key like ${containsPattern(filter.name)} escape '\\'`);
    if (filter.startId !== undefined) conds.push(sql<SqlBool>`c.id >= ${filter.startId}`);
    const { rows } = await sql<ClientOption>`select c.id, c.name from clients c where ${and(conds)} order by c.id limit ${limit}`.execute(this.db);
    return rows.map((r) => ({ id: Number(r.id), name: r.name }));
  }

  async projects(
    workspaceId: number,
    viewer: { userId: number; admin: boolean },
    filter: {
      ids?: number[];
      clientIds?: number[];
      withoutClient?: boolean;
      currency?: string;
      active?: boolean;
      billable?: boolean;
      isPrivate?: boolean;
      name?: string;
      startId?: number;
    },
    limit: number,
  ): Promise<ProjectOption[]> {
    const conds = [sql<SqlBool>`p.workspace_id = ${workspaceId}`, sql<SqlBool>`p.deleted_at is null`, projectVisible(viewer)];
    if (filter.ids) conds.push(sql<SqlBool>`p.id in (${ids(filter.ids)})`);
    if (filter.clientIds || filter.withoutClient) {
      const byClient = [];
      if (filter.clientIds?.length) byClient.push(sql<SqlBool>`p.client_id in (${ids(filter.clientIds)})`);
      if (filter.withoutClient) byClient.push(sql<SqlBool>`p.client_id is null`);
      conds.push(byClient.length ? sql<SqlBool>`(${sql.join(byClient, sql` or `)})` : sql<SqlBool>`1 = 0`);
    }
    if (filter.currency) conds.push(sql<SqlBool>`upper(coalesce(p.currency, w.default_currency)) = ${filter.currency.toUpperCase()}`);
    if (filter.active !== undefined) conds.push(sql<SqlBool>`p.active = ${flag(filter.active)}`);
    if (filter.billable !== undefined) conds.push(sql<SqlBool>`p.billable = ${flag(filter.billable)}`);
    if (filter.isPrivate !== undefined) conds.push(sql<SqlBool>`p.is_private = ${flag(filter.isPrivate)}`);
    if (filter.name) conds.push(sql<SqlBool>`p.name_key like ${containsPattern(filter.name)} escape '\\'`);
    if (filter.startId !== undefined) conds.push(sql<SqlBool>`p.id >= ${filter.startId}`);
    const { rows } = await sql<{ id: number; name: string; active: number; billable: number; client_id: number | null; color: string; currency: string }>`
      select p.id, p.name, p.active, p.billable, p.client_id, p.color, coalesce(p.currency, w.default_currency) as currency
      from projects p join workspaces w on w.id = p.workspace_id
      where ${and(conds)} order by p.id limit ${limit}`.execute(this.db);
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      active: isSet(Number(r.active)),
      billable: isSet(Number(r.billable)),
      client_id: r.client_id === null ? null : Number(r.client_id),
      color: r.color,
      currency: r.currency,
    }));
  }

  /** Project users of the projects the viewer may see; rates and costs as stored. */
  async projectUsers(
    workspaceId: number,
    viewer: { userId: number; admin: boolean },
    filter: { projectIds?: number[]; clientIds?: number[]; startId?: number },
    limit: number,
  ): Promise<ProjectUserOption[]> {
    const conds = [sql<SqlBool>`pu.workspace_id = ${workspaceId}`, sql<SqlBool>`pu.deleted_at is null`, sql<SqlBool>`p.deleted_at is null`, projectVisible(viewer)];
    if (filter.projectIds) conds.push(sql<SqlBool>`pu.project_id in (${ids(filter.projectIds)})`);
    if (filter.clientIds) conds.push(sql<SqlBool>`p.client_id in (${ids(filter.clientIds)})`);
    if (filter.startId !== undefined) conds.push(sql<SqlBool>`pu.id >= ${filter.startId}`);
    const { rows } = await sql<{ id: number; project_id: number; user_id: number; rate: number | null; labor_cost: number | null }>`
      select pu.id, pu.project_id, pu.user_id, pu.rate, pu.labor_cost
      from project_users pu join projects p on p.id = pu.project_id
      where ${and(conds)} order by pu.id limit ${limit}`.execute(this.db);
    return rows.map((r) => ({
      id: Number(r.id),
      project_id: Number(r.project_id),
      user_id: Number(r.user_id),
      rate: r.rate === null ? null : Number(r.rate),
      labour_cost_in_cents: r.labor_cost === null ? null : Math.round(Number(r.labor_cost) * 100),
    }));
  }

  /**
   * Members of the workspace: active ones (neither removed nor deactivated), or the others.
   * Invitees who never accepted (wu.active = 0) are in neither list: they have no time to report.
   */
  async users(workspaceId: number, filter: { ids?: number[]; active: boolean; startId?: number }, limit: number): Promise<UserOption[]> {
    const live = sql<SqlBool>`(wu.deleted_at is null and wu.inactive = 0)`;
    const conds = [sql<SqlBool>`wu.workspace_id = ${workspaceId}`, sql<SqlBool>`wu.active = 1`, filter.active ? live : sql<SqlBool>`not ${live}`];
    if (filter.ids) conds.push(sql<SqlBool>`u.id in (${ids(filter.ids)})`);
    if (filter.startId !== undefined) conds.push(sql<SqlBool>`u.id >= ${filter.startId}`);
    const { rows } = await sql<{ id: number; fullname: string; email: string; image_url: string | null; wu_id: number; inactive: number; deleted_at: number | null }>`
      select u.id, u.fullname, u.email, u.image_url, wu.id as wu_id, wu.inactive, wu.deleted_at
      from workspace_users wu join users u on u.id = wu.user_id
      where ${and(conds)} order by u.id limit ${limit}`.execute(this.db);
    return rows.map((r) => ({
      id: Number(r.id),
      fullname: r.fullname,
      email: r.email,
      image_url: r.image_url,
      workspace_user_id: Number(r.wu_id),
      active: r.deleted_at === null && !isSet(Number(r.inactive)),
      deactivated: isSet(Number(r.inactive)),
      deleted_at: r.deleted_at === null ? null : Number(r.deleted_at),
    }));
  }

  /** Visible live projects with their estimate and effective currency. */
  async projectsForStatus(
    workspaceId: number,
    viewer: { userId: number; admin: boolean },
    filter: { ids?: number[]; active?: boolean },
  ): Promise<{ id: number; estimated_seconds: number | null; currency: string }[]> {
    const conds = [sql<SqlBool>`p.workspace_id = ${workspaceId}`, sql<SqlBool>`p.deleted_at is null`, projectVisible(viewer)];
    if (filter.ids) conds.push(sql<SqlBool>`p.id in (${ids(filter.ids)})`);
    if (filter.active !== undefined) conds.push(sql<SqlBool>`p.active = ${flag(filter.active)}`);
    const { rows } = await sql<{ id: number; estimated_seconds: number | null; currency: string }>`
      select p.id, p.estimated_seconds, coalesce(p.currency, w.default_currency) as currency
      from projects p join workspaces w on w.id = p.workspace_id
      where ${and(conds)} order by p.id`.execute(this.db);
    return rows.map((r) => ({ id: Number(r.id), estimated_seconds: r.estimated_seconds === null ? null : Number(r.estimated_seconds), currency: r.currency }));
  }

  /** Live tasks among `taskIds` on projects the viewer may see, with their project's currency. */
  async tasksForStatus(
    workspaceId: number,
    viewer: { userId: number; admin: boolean },
    taskIds: number[],
  ): Promise<{ id: number; estimated_seconds: number | null; currency: string }[]> {
    const { rows } = await sql<{ id: number; estimated_seconds: number | null; currency: string }>`
      select t.id, t.estimated_seconds, coalesce(p.currency, w.default_currency) as currency
      from tasks t join projects p on p.id = t.project_id join workspaces w on w.id = p.workspace_id
      where t.workspace_id = ${workspaceId} and t.id in (${ids(taskIds)}) and t.deleted_at is null and p.deleted_at is null
        and ${projectVisible(viewer)}
      order by t.id`.execute(this.db);
    return rows.map((r) => ({ id: Number(r.id), estimated_seconds: r.estimated_seconds === null ? null : Number(r.estimated_seconds), currency: r.currency }));
  }

  /**
   * Stopped, live entries on the given projects (or tasks) that the viewer may count, summed per
   * project (task) and hourly rate: all seconds, and billable seconds per rate. One grouped query.
   */
  async trackedByRate(
    workspaceId: number,
    viewer: ReportViewer,
    by: 'project' | 'task',
    keyIds: number[],
  ): Promise<{ totals: Map<number, number>; billable: RateBucket[] }> {
    const totals = new Map<number, number>();
    const billable: RateBucket[] = [];
    if (keyIds.length === 0) return { totals, billable };
    const key = by === 'project' ? sql.ref('te.project_id') : sql.ref('te.task_id');
    const { rows } = await sql<{ key_id: number; rate: number | null; billable: number; seconds: number | string }>`
      select ${key} as key_id, ${EFFECTIVE_RATE} as rate, te.billable as billable, sum(te.duration) as seconds
      from time_entries te
      join projects p on p.id = te.project_id
      join workspaces w on w.id = te.workspace_id
      left join tasks t on t.id = te.task_id
      left join project_users pu on pu.project_id = te.project_id and pu.user_id = te.user_id and pu.deleted_at is null
      left join workspace_users wu on wu.workspace_id = te.workspace_id and wu.user_id = te.user_id and wu.deleted_at is null
      where te.workspace_id = ${workspaceId} and ${key} in (${ids(keyIds)}) and te.deleted_at is null and te.stop is not null
        and ${projectVisible(viewer)} and ${entryVisibleInReports(viewer)}
      group by ${key}, ${EFFECTIVE_RATE}, te.billable`.execute(this.db);
    for (const r of rows) {
      const id = Number(r.key_id);
      const seconds = Number(r.seconds);
      totals.set(id, (totals.get(id) ?? 0) + seconds);
      if (isSet(Number(r.billable))) billable.push({ id, rate: r.rate === null ? null : Number(r.rate), billable_seconds: seconds });
    }
    return { totals, billable };
  }

  /** Tasks for the report filters, ordered by id from `startId`, with the names task lists show. */
  async tasks(
    workspaceId: number,
    viewer: { userId: number; admin: boolean },
    filter: { ids?: number[]; projectIds?: number[]; userIds?: number[]; name?: string; active?: boolean; projectActive?: boolean; startId?: number },
    limit: number,
  ): Promise<Task[]> {
    const conds = [sql<SqlBool>`t.workspace_id = ${workspaceId}`, sql<SqlBool>`t.deleted_at is null`, sql<SqlBool>`p.deleted_at is null`, projectVisible(viewer)];
    if (filter.ids) conds.push(sql<SqlBool>`t.id in (${ids(filter.ids)})`);
    if (filter.projectIds) conds.push(sql<SqlBool>`t.project_id in (${ids(filter.projectIds)})`);
    if (filter.userIds) conds.push(sql<SqlBool>`t.user_id in (${ids(filter.userIds)})`);
    if (filter.name) conds.push(sql<SqlBool>`t.name_key like ${containsPattern(filter.name)} escape '\\'`);
    if (filter.active !== undefined) conds.push(sql<SqlBool>`t.active = ${flag(filter.active)}`);
    if (filter.projectActive !== undefined) conds.push(sql<SqlBool>`p.active = ${flag(filter.projectActive)}`);
    if (filter.startId !== undefined) conds.push(sql<SqlBool>`t.id >= ${filter.startId}`);
    const { rows } = await sql<Record<string, any>>`
      select t.*, p.name as project_name, p.color as project_color, p.billable as project_billable, p.is_private as project_is_private,
        p.client_id as client_id, c.name as client_name, u.fullname as user_name, u.image_url as avatar_url
      from tasks t join projects p on p.id = t.project_id
      left join clients c on c.id = p.client_id
      left join users u on u.id = t.user_id
      where ${and(conds)} order by t.id limit ${limit}`.execute(this.db);
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return rows.map((r) => ({
      id: Number(r.id),
      workspace_id: Number(r.workspace_id),
      project_id: Number(r.project_id),
      name: r.name,
      active: isSet(Number(r.active)),
      estimated_seconds: num(r.estimated_seconds),
      user_id: num(r.user_id),
      rate: num(r.rate),
      rate_last_updated: num(r.rate_last_updated),
      external_reference: r.external_reference ?? null,
      created_at: Number(r.created_at),
      at: Number(r.at),
      deleted_at: num(r.deleted_at),
      project_name: r.project_name,
      project_color: r.project_color,
      project_billable: isSet(Number(r.project_billable)),
      project_is_private: isSet(Number(r.project_is_private)),
      client_id: num(r.client_id),
      client_name: r.client_name ?? null,
      user_name: r.user_name ?? null,
      avatar_url: r.avatar_url ?? null,
    }));
  }

  /** Milliseconds tracked per task by live entries (running ones up to `nowSeconds`), as task lists report it. */
  async trackedMs(taskIds: number[], nowSeconds: number): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    if (taskIds.length === 0) return out;
    const { rows } = await sql<{ task_id: number; seconds: number | string | null }>`
      select task_id, sum(case when stop is null then ${nowSeconds} - start else duration end) as seconds
      from time_entries where task_id in (${ids(taskIds)}) and deleted_at is null group by task_id`.execute(this.db);
    for (const r of rows) out.set(Number(r.task_id), Math.max(0, Number(r.seconds ?? 0)) * 1000);
    return out;
  }
}
