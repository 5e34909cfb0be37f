import { sql, type Kysely } from 'kysely';
import { idColumn } from '../dialect.js';
import type { MigrationContext } from './index.js';

// Catalog (clients, projects, tasks, tags, project users) and time entries. Rows are
// deleted softly (deleted_at) because sync clients ask for everything changed `since` a
// moment, deletions included. Name uniqueness is case-insensitive per workspace among live
// rows: partial unique indexes over name_key (the lower-cased name), supported by both engines.
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ref = (table: string) => (c: any) => c.notNull().references(`${table}.id`).onDelete('cascade');

  await idColumn(db.schema.createTable('clients'), dialect)
    .addColumn('workspace_id', 'bigint', ref('workspaces'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notes', 'text')
    .addColumn('external_reference', 'text')
    .addColumn('creator_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema.createIndex('clients_ws_name').on('clients').columns(['workspace_id', 'name_key']).unique().where(sql.ref('deleted_at'), 'is', null).execute();
  await db.schema.createIndex('clients_ws_at').on('clients').columns(['workspace_id', 'at']).execute();

  await idColumn(db.schema.createTable('projects'), dialect)
    .addColumn('workspace_id', 'bigint', ref('workspaces'))
    .addColumn('client_id', 'bigint', (c) => c.references('clients.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('is_private', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('billable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('template', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('template_id', 'bigint')
    .addColumn('color', 'text', (c) => c.notNull().defaultTo('#0b83d9'))
    .addColumn('auto_estimates', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('estimated_seconds', 'bigint')
    .addColumn('rate', 'double precision')
    .addColumn('rate_last_updated', 'bigint')
    .addColumn('fixed_fee', 'double precision')
    .addColumn('currency', 'text')
    .addColumn('start_date', 'text')
    .addColumn('end_date', 'text')
    .addColumn('recurring', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recurring_parameters', 'text')
    .addColumn('external_reference', 'text')
    .addColumn('creator_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema.createIndex('projects_ws_name').on('projects').columns(['workspace_id', 'name_key']).unique().where(sql.ref('deleted_at'), 'is', null).execute();
  await db.schema.createIndex('projects_ws_at').on('projects').columns(['workspace_id', 'at']).execute();
  await db.schema.createIndex('projects_client').on('projects').column('client_id').execute();

  await idColumn(db.schema.createTable('project_users'), dialect)
    .addColumn('workspace_id', 'bigint', ref('workspaces'))
    .addColumn('project_id', 'bigint', ref('projects'))
    .addColumn('user_id', 'bigint', ref('users'))
    .addColumn('manager', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rate', 'double precision')
    .addColumn('rate_last_updated', 'bigint')
    .addColumn('labor_cost', 'double precision')
    .addColumn('labor_cost_last_updated', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema.createIndex('project_users_project_user').on('project_users').columns(['project_id', 'user_id']).unique().where(sql.ref('deleted_at'), 'is', null).execute();
  await db.schema.createIndex('project_users_user').on('project_users').columns(['user_id', 'workspace_id']).execute();

  // Pins are per user: one person's pinned project is not another's.
  await db.schema
    .createTable('project_pins')
    .addColumn('user_id', 'bigint', ref('users'))
    .addColumn('project_id', 'bigint', ref('projects'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_pins_pk', ['user_id', 'project_id'])
    .execute();

  await idColumn(db.schema.createTable('tasks'), dialect)
    .addColumn('workspace_id', 'bigint', ref('workspaces'))
    .addColumn('project_id', 'bigint', ref('projects'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('estimated_seconds', 'bigint')
    .addColumn('user_id', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('rate', 'double precision')
    .addColumn('rate_last_updated', 'bigint')
    .addColumn('external_reference', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema.createIndex('tasks_project_name').on('tasks').columns(['project_id', 'name_key']).unique().where(sql.ref('deleted_at'), 'is', null).execute();
  await db.schema.createIndex('tasks_ws_at').on('tasks').columns(['workspace_id', 'at']).execute();

  await idColumn(db.schema.createTable('tags'), dialect)
    .addColumn('workspace_id', 'bigint', ref('workspaces'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('creator_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema.createIndex('tags_ws_name').on('tags').columns(['workspace_id', 'name_key']).unique().where(sql.ref('deleted_at'), 'is', null).execute();
  await db.schema.createIndex('tags_ws_at').on('tags').columns(['workspace_id', 'at']).execute();

  // start/stop are epoch seconds (Toggl's precision for entries); stop is null while running.
  await idColumn(db.schema.createTable('time_entries'), dialect)
    .addColumn('workspace_id', 'bigint', ref('workspaces'))
    .addColumn('user_id', 'bigint', ref('users'))
    .addColumn('project_id', 'bigint', (c) => c.references('projects.id').onDelete('set null'))
    .addColumn('task_id', 'bigint', (c) => c.references('tasks.id').onDelete('set null'))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('billable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('start', 'bigint', (c) => c.notNull())
    .addColumn('stop', 'bigint')
    .addColumn('duration', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('duronly', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_with', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  // At most one running entry per user, enforced by the database so that concurrent "start"
  // requests on several instances can never leave two timers running.
  await db.schema.createIndex('time_entries_one_running').on('time_entries').column('user_id').unique().where(sql<boolean>`stop is null and deleted_at is null`).execute();
  await db.schema.createIndex('time_entries_user_start').on('time_entries').columns(['user_id', 'start']).execute();
  await db.schema.createIndex('time_entries_ws_start').on('time_entries').columns(['workspace_id', 'start']).execute();
  await db.schema.createIndex('time_entries_user_at').on('time_entries').columns(['user_id', 'at']).execute();
  await db.schema.createIndex('time_entries_project').on('time_entries').column('project_id').execute();

  await db.schema
    .createTable('time_entry_tags')
    .addColumn('time_entry_id', 'bigint', ref('time_entries'))
    .addColumn('tag_id', 'bigint', ref('tags'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('time_entry_tags_pk', ['time_entry_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('time_entry_tags_tag').on('time_entry_tags').column('tag_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['time_entry_tags', 'time_entries', 'tags', 'tasks', 'project_pins', 'project_users', 'projects', 'clients']) {
    await db.schema.dropTable(t).execute();
  }
}
