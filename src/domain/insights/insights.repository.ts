import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { chunks } from '../../db/rows.js';


/** The few per-record money facts insights need beside the report rows, batch-loaded. */
export class InsightsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Hourly labour cost per user on each project: the project user's cost, else the member's
   * (the same precedence the reports use). `cost(user, project)` is null when neither is set.
   */
  async labourCosts(workspaceId: number, userIds: number[], projectIds: number[]): Promise<(userId: number, projectId: number | null) => number | null> {
    const perProject = new Map<string, number>();
    const perMember = new Map<number, number>();
    if (userIds.length > 0) {
      for (const users of chunks(userIds)) {
        const members = await this.db
          .selectFrom('workspace_users')
          .select(['user_id', 'labour_cost'])
          .where('workspace_id', '=', workspaceId)
          .where('user_id', 'in', users)
          .where('deleted_at', 'is', null)
          .where('labour_cost', 'is not', null)
          .execute();
        for (const m of members) perMember.set(m.user_id, Number(m.labour_cost));
        for (const projects of chunks(projectIds)) {
          const rows = await this.db
            .selectFrom('project_users')
            .select(['user_id', 'project_id', 'labor_cost'])
            .where('workspace_id', '=', workspaceId)
            .where('user_id', 'in', users)
            .where('project_id', 'in', projects)
            .where('deleted_at', 'is', null)
            .where('labor_cost', 'is not', null)
            .execute();
          for (const r of rows) perProject.set(`${r.user_id}|${r.project_id}`, Number(r.labor_cost));
        }
      }
    }
    return (userId, projectId) => (projectId !== null ? perProject.get(`${userId}|${projectId}`) : undefined) ?? perMember.get(userId) ?? null;
  }

  /** Fixed fee and effective currency (the project's, else the workspace's) per project. */
  async projectMoney(workspaceId: number, projectIds: number[]): Promise<Map<number, { fixed_fee: number | null; currency: string }>> {
    const out = new Map<number, { fixed_fee: number | null; currency: string }>();
    for (const ids of chunks(projectIds)) {
      const rows = await this.db
        .selectFrom('projects as p')
        .innerJoin('workspaces as w', 'w.id', 'p.workspace_id')
        .select(['p.id', 'p.fixed_fee', 'p.currency', 'w.default_currency'])
        .where('p.workspace_id', '=', workspaceId)
        .where('p.id', 'in', ids)
        .execute();
      for (const r of rows) out.set(r.id, { fixed_fee: r.fixed_fee === null ? null : Number(r.fixed_fee), currency: r.currency ?? r.default_currency });
    }
    return out;
  }
}
