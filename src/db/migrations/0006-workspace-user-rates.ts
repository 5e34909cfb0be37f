import type { Kysely } from 'kysely';

// PUT /workspaces/{wid}/workspace_users/{id} takes working hours, and Toggl's WorkspaceUser reports
// when the member's rate and labour cost last changed. SQLite adds one column per statement.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('workspace_users').addColumn('rate_last_updated', 'bigint').execute();
  await db.schema.alterTable('workspace_users').addColumn('labour_cost_last_updated', 'bigint').execute();
  await db.schema.alterTable('workspace_users').addColumn('working_hours_in_minutes', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ['working_hours_in_minutes', 'labour_cost_last_updated', 'rate_last_updated']) {
    await db.schema.alterTable('workspace_users').dropColumn(c).execute();
  }
}
