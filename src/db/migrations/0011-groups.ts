import type { Kysely } from 'kysely';
import { idColumn } from '../dialect.js';
import type { MigrationContext } from './index.js';

// User groups. A group belongs to an organization (Track v9's /organizations/{id}/groups), holds
// organization users, and is attached to any of the organization's workspaces, where it is listed
// and filters reports (v8 and the deprecated v9 workspace paths create a group attached to one
// workspace). Groups are deleted for good: no client syncs them `since` a moment and no answer
// carries a deleted group, so a tombstone would only get in the way of reusing a name.
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ref = (table: string) => (c: any) => c.notNull().references(`${table}.id`).onDelete('cascade');

  await idColumn(db.schema.createTable('groups'), dialect)
    .addColumn('organization_id', 'bigint', ref('organizations'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  // "Name has already been taken": names are unique per organization, ignoring case.
  await db.schema.createIndex('groups_org_name').on('groups').columns(['organization_id', 'name_key']).unique().execute();

  await db.schema
    .createTable('group_users')
    .addColumn('group_id', 'bigint', ref('groups'))
    .addColumn('user_id', 'bigint', ref('users'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_users_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('group_users_user').on('group_users').column('user_id').execute();

  await db.schema
    .createTable('group_workspaces')
    .addColumn('group_id', 'bigint', ref('groups'))
    .addColumn('workspace_id', 'bigint', ref('workspaces'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_workspaces_pk', ['group_id', 'workspace_id'])
    .execute();
  await db.schema.createIndex('group_workspaces_workspace').on('group_workspaces').column('workspace_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('group_workspaces').execute();
  await db.schema.dropTable('group_users').execute();
  await db.schema.dropTable('groups').execute();
}
