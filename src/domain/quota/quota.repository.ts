import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';

export class QuotaRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The organization of the workspace, when the user belongs to that organization. */
  async memberOrganizationOfWorkspace(userId: number, workspaceId: number): Promise<number | null> {
    const row = await this.db
      .selectFrom('workspaces as w')
      .innerJoin('organization_users as ou', 'ou.organization_id', 'w.organization_id')
      .innerJoin('organizations as o', 'o.id', 'w.organization_id')
      .select('w.organization_id')
      .where('w.id', '=', workspaceId)
      .where('ou.user_id', '=', userId)
      .where('o.deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? row.organization_id : null;
  }

  /** The organization itself, when the user belongs to it. */
  async memberOrganization(userId: number, organizationId: number): Promise<number | null> {
    const row = await this.db
      .selectFrom('organization_users as ou')
      .innerJoin('organizations as o', 'o.id', 'ou.organization_id')
      .select('ou.organization_id')
      .where('ou.organization_id', '=', organizationId)
      .where('ou.user_id', '=', userId)
      .where('o.deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? row.organization_id : null;
  }

  async organizationIdsOfUser(userId: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('organization_users as ou')
      .innerJoin('organizations as o', 'o.id', 'ou.organization_id')
      .select('ou.organization_id')
      .where('ou.user_id', '=', userId)
      .where('o.deleted_at', 'is', null)
      .orderBy('ou.organization_id')
      .execute();
    return rows.map((r) => r.organization_id);
  }
}
