import { sql, type Kysely } from 'kysely';
import { idColumn } from '../dialect.js';
import type { MigrationContext } from './index.js';

// Saved (and shared) reports: a name, the report's parameters as JSON, and a token that opens
// the report at /reports/api/v3/shared/{token}. Rows are deleted softly because Toggl answers a
// deletion with the deleted report, deleted_at included.
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  await idColumn(db.schema.createTable('saved_reports'), dialect)
    .addColumn('workspace_id', 'bigint', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fixed_daterange', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'bigint')
    .addColumn('deleted_at', 'bigint')
    .execute();
  // Tokens stay unique across deleted rows too, so an old link never opens a newer report.
  await db.schema.createIndex('saved_reports_token').on('saved_reports').column('token').unique().execute();
  await db.schema.createIndex('saved_reports_ws_user').on('saved_reports').columns(['workspace_id', 'user_id']).where(sql.ref('deleted_at'), 'is', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('saved_reports').execute();
}
