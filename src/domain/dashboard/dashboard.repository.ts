import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { projectVisibleTo } from '../projects/projects.policy.js';
import type { DashboardActivity, MostActiveUser } from './dashboard.types.js';

export class DashboardRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Users by time tracked in entries started from `fromSeconds` on, most first. */
  async mostActive(workspaceId: number, fromSeconds: number, nowSeconds: number, limit: number): Promise<MostActiveUser[]> {
    const tracked = sql<number>`sum(case when stop is null then ${nowSeconds} - start else duration end)`;
    const rows = await this.db
      .selectFrom('time_entries')
      .select(['user_id', tracked.as('duration')])
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .where('start', '>=', fromSeconds)
      .groupBy('user_id')
      .orderBy(tracked, 'desc')
      .orderBy('user_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ user_id: r.user_id, duration: Number(r.duration) }));
  }

  /** The latest changed entries of the workspace, leaving out those of projects the viewer may not see. */
  async latest(workspaceId: number, viewer: { userId: number; admin: boolean }, limit: number): Promise<DashboardActivity[]> {
    const rows = await this.db
      .selectFrom('time_entries as te')
      .leftJoin('projects as p', 'p.id', 'te.project_id')
      .select(['te.user_id', 'te.project_id', 'te.task_id', 'te.description', 'te.start', 'te.stop', 'te.duration'])
      .where('te.workspace_id', '=', workspaceId)
      .where('te.deleted_at', 'is', null)
      .where((eb) => eb.or([eb('te.project_id', 'is', null), projectVisibleTo(eb as unknown as ExpressionBuilder<DB, 'projects'>, viewer, 'p')]))
      .orderBy('te.at', 'desc')
      .orderBy('te.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, description: r.description ?? '' }));
  }
}
