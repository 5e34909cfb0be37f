import type { Kysely } from 'kysely';
import { idColumn } from '../dialect.js';
import type { MigrationContext } from './index.js';

// Timestamps are epoch milliseconds in bigint columns and flags are 0/1 integers on both
// engines: one representation, so repositories never branch on the dialect.
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  await idColumn(db.schema.createTable('users'), dialect)
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text')
    .addColumn('api_token', 'text', (c) => c.notNull())
    // Tokens are found by their SHA-256, so the index lookup leaks nothing about the token.
    .addColumn('api_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('fullname', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('beginning_of_week', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('country_id', 'integer')
    .addColumn('default_workspace_id', 'bigint')
    .addColumn('image_url', 'text')
    .addColumn('preferences', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('authorization_updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await idColumn(db.schema.createTable('organizations'), dialect)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();

  await idColumn(db.schema.createTable('organization_users'), dialect)
    .addColumn('organization_id', 'bigint', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('owner', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('inactive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('organization_users_org_user', ['organization_id', 'user_id'])
    .execute();
  await db.schema.createIndex('organization_users_user').on('organization_users').column('user_id').execute();

  await idColumn(db.schema.createTable('workspaces'), dialect)
    .addColumn('organization_id', 'bigint', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('default_currency', 'text', (c) => c.notNull().defaultTo('USD'))
    .addColumn('default_hourly_rate', 'double precision')
    .addColumn('rounding', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('rounding_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('only_admins_may_create_projects', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('only_admins_may_create_tags', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('only_admins_see_billable_rates', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('only_admins_see_team_dashboard', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('projects_billable_by_default', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('projects_private_by_default', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('projects_enforce_billable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('limit_public_project_data', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reports_collapse', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('hide_start_end_times', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('working_hours_in_minutes', 'integer')
    .addColumn('logo_url', 'text')
    .addColumn('ical_token', 'text')
    .addColumn('rate_last_updated', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema.createIndex('workspaces_organization').on('workspaces').column('organization_id').execute();

  await idColumn(db.schema.createTable('workspace_users'), dialect)
    .addColumn('workspace_id', 'bigint', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('user'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('inactive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rate', 'double precision')
    .addColumn('labour_cost', 'double precision')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .addUniqueConstraint('workspace_users_ws_user', ['workspace_id', 'user_id'])
    .execute();
  await db.schema.createIndex('workspace_users_user').on('workspace_users').column('user_id').execute();

  // Only a hash of the cookie value is stored, so a leaked database holds no live sessions.
  await idColumn(db.schema.createTable('sessions'), dialect)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['sessions', 'workspace_users', 'workspaces', 'organization_users', 'organizations', 'users']) {
    await db.schema.dropTable(t).execute();
  }
}
