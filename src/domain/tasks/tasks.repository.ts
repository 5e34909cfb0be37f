import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { isUniqueViolation } from '../../db/dialect.js';
import { flag, isSet } from '../../db/rows.js';
import type { DB, Executor } from '../../db/tables.js';
import { isActiveWorkspaceMember } from '../workspaces/workspaces.repository.js';
import { conflict } from '../errors.js';
import { projectVisibleTo } from '../projects/projects.policy.js';
import type { ProjectScope } from '../projects/projects.repository.js';
import type { Task, TaskChanges, TaskFilter } from './tasks.types.js';

export const TASK_NAME_TAKEN = 'Name has already been taken';

function toColumns(changes: TaskChanges): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) out[k] = typeof v === 'boolean' ? flag(v) : v;
  if (typeof changes.name === 'string') out.name_key = changes.name.toLowerCase();
  return out;
}

function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class TasksRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private select(tx: Executor) {
    return tx
      .selectFrom('tasks')
      .innerJoin('projects', 'projects.id', 'tasks.project_id')
      .leftJoin('clients', 'clients.id', 'projects.client_id')
      .leftJoin('users', 'users.id', 'tasks.user_id')
      .selectAll('tasks')
      .select([
        'projects.name as project_name',
        'projects.color as project_color',
        'projects.billable as project_billable',
        'projects.is_private as project_is_private',
        'projects.client_id as client_id',
        'clients.name as client_name',
        'users.fullname as user_name',
        'users.image_url as avatar_url',
      ]);
  }

  private toTask(r: Awaited<ReturnType<ReturnType<TasksRepository['select']>['executeTakeFirstOrThrow']>>): Task {
    return {
      id: r.id,
      workspace_id: r.workspace_id,
      project_id: r.project_id,
      name: r.name,
      active: isSet(r.active),
      estimated_seconds: r.estimated_seconds,
      user_id: r.user_id,
      rate: r.rate,
      rate_last_updated: r.rate_last_updated,
      external_reference: r.external_reference,
      created_at: r.created_at,
      at: r.at,
      deleted_at: r.deleted_at,
      project_name: r.project_name,
      project_color: r.project_color,
      project_billable: isSet(r.project_billable),
      project_is_private: isSet(r.project_is_private),
      client_id: r.client_id,
      client_name: r.client_name,
      user_name: r.user_name,
      avatar_url: r.avatar_url,
    };
  }

  async byId(workspaceId: number, projectId: number, taskId: number, tx: Executor = this.db): Promise<Task | null> {
    const row = await this.select(tx)
      .where('tasks.workspace_id', '=', workspaceId)
      .where('tasks.project_id', '=', projectId)
      .where('tasks.id', '=', taskId)
      .where('tasks.deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? this.toTask(row) : null;
  }

  // `eb` comes from queries with and without joins; the conditions only use raw SQL.
  private conditions(eb: ExpressionBuilder<any, any>, filter: TaskFilter, scope: ProjectScope): Expression<SqlBool> {
    const t = (c: string) => sql.ref(`tasks.${c}`);
    const p = (c: string) => sql.ref(`projects.${c}`);
    const conds: Expression<SqlBool>[] = [sql<SqlBool>`${t('workspace_id')} in (${sql.join(scope.workspaceIds.length ? scope.workspaceIds : [0])})`];
    if (!scope.workspaceIds.every((id) => scope.adminWorkspaceIds.includes(id))) {
      const visible = projectVisibleTo(eb as ExpressionBuilder<DB, 'projects'>, { userId: scope.userId, admin: false });
      conds.push(
        scope.adminWorkspaceIds.length ? sql<SqlBool>`(${p('workspace_id')} in (${sql.join(scope.adminWorkspaceIds)}) or ${visible})` : visible,
      );
    }
    if (filter.since !== undefined) conds.push(sql<SqlBool>`${t('at')} >= ${filter.since}`);
    else conds.push(sql<SqlBool>`${t('deleted_at')} is null and ${p('deleted_at')} is null`);
    if (filter.active !== undefined) conds.push(sql<SqlBool>`${t('active')} = ${flag(filter.active)}`);
    const byProject = filter.projectIds ? sql<SqlBool>`${t('project_id')} in (${sql.join(filter.projectIds.length ? filter.projectIds : [0])})` : null;
    const byTask = filter.taskIds ? sql<SqlBool>`${t('id')} in (${sql.join(filter.taskIds.length ? filter.taskIds : [0])})` : null;
    if (byProject && byTask && filter.eitherIds) conds.push(sql<SqlBool>`(${byProject} or ${byTask})`);
    else for (const c of [byProject, byTask]) if (c) conds.push(c);
    if (filter.clientIds) conds.push(sql<SqlBool>`${p('client_id')} in (${sql.join(filter.clientIds.length ? filter.clientIds : [0])})`);
    if (filter.search) conds.push(sql<SqlBool>`${t('name_key')} like ${containsPattern(filter.search)} escape '\\'`);
    if (filter.onlyMine) {
      conds.push(sql<SqlBool>`exists (select 1 from project_users mu where mu.project_id = ${t('project_id')} and mu.user_id = ${scope.userId} and mu.deleted_at is null)`);
    }
    if (filter.createdFrom !== undefined) conds.push(sql<SqlBool>`${t('created_at')} >= ${filter.createdFrom}`);
    if (filter.createdBefore !== undefined) conds.push(sql<SqlBool>`${t('created_at')} < ${filter.createdBefore}`);
    return eb.and(conds);
  }

  /** The tasks matching the filter, and (only when asked) how many match in all. */
  async list(filter: TaskFilter, scope: ProjectScope, options: { withTotal?: boolean } = {}, tx: Executor = this.db): Promise<{ tasks: Task[]; total: number | null }> {
    const counted = options.withTotal
      ? await tx
          .selectFrom('tasks')
          .innerJoin('projects', 'projects.id', 'tasks.project_id')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where((eb) => this.conditions(eb, filter, scope))
          .executeTakeFirst()
      : null;
    const dir = filter.sortOrder ?? 'asc';
    let q = this.select(tx).where((eb) => this.conditions(eb, filter, scope));
    q = filter.sortField === 'created_at' ? q.orderBy('tasks.created_at', dir) : q.orderBy('tasks.name_key', dir);
    q = q.orderBy('tasks.id', dir);
    if (filter.limit !== undefined) q = q.limit(filter.limit);
    if (filter.offset) q = filter.limit === undefined ? q.limit(Number.MAX_SAFE_INTEGER).offset(filter.offset) : q.offset(filter.offset);
    const rows = await q.execute();
    return { tasks: rows.map((r) => this.toTask(r)), total: counted ? Number(counted.n) : null };
  }

  /** Milliseconds tracked per task by live entries (running ones up to `nowSeconds`), one grouped query. */
  async trackedMs(taskIds: number[], nowSeconds: number, tx: Executor = this.db): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    if (taskIds.length === 0) return out;
    const rows = await tx
      .selectFrom('time_entries')
      .select(['task_id', sql<number>`cast(sum(case when stop is null then ${nowSeconds} - start else duration end) as bigint)`.as('seconds')])
      .where('task_id', 'in', taskIds)
      .where('deleted_at', 'is', null)
      .groupBy('task_id')
      .execute();
    for (const r of rows) if (r.task_id !== null) out.set(r.task_id, Math.max(0, Number(r.seconds ?? 0)) * 1000);
    return out;
  }

  async isActiveMember(workspaceId: number, userId: number, tx: Executor = this.db): Promise<boolean> {
    return isActiveWorkspaceMember(tx, workspaceId, userId);
  }

  async insert(tx: Executor, values: TaskChanges & { workspace_id: number; project_id: number; name: string }, now: number): Promise<number> {
    try {
      const row = await tx
        .insertInto('tasks')
        .values({ ...toColumns(values), workspace_id: values.workspace_id, project_id: values.project_id, created_at: now, at: now } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(TASK_NAME_TAKEN);
      throw err;
    }
  }

  async update(tx: Executor, taskId: number, changes: TaskChanges, now: number): Promise<void> {
    try {
      await tx
        .updateTable('tasks')
        .set({ ...toColumns(changes), at: now } as never)
        .where('id', '=', taskId)
        .execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(TASK_NAME_TAKEN);
      throw err;
    }
  }

  async softDelete(tx: Executor, taskId: number, now: number): Promise<void> {
    await tx.updateTable('tasks').set({ deleted_at: now, at: now }).where('id', '=', taskId).execute();
  }
}
