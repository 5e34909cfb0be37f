import { type Kysely } from 'kysely';
import { idColumn } from '../dialect.js';
import type { MigrationContext } from './index.js';

// Time entry sharing: the owner of an entry names workspace members (shared_with_user_ids), each
// gets an invitation, and accepting one copies the entry into the recipient's own time. One row
// per entry and recipient; its status moves from pending to accepted, rejected or withdrawn and
// is never deleted, so an invitation id is never reused.
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ref = (table: string) => (c: any) => c.notNull().references(`${table}.id`).onDelete('cascade');
  await idColumn(db.schema.createTable('time_entry_invitations'), dialect)
    .addColumn('workspace_id', 'bigint', ref('workspaces'))
    .addColumn('time_entry_id', 'bigint', ref('time_entries'))
    .addColumn('sender_id', 'bigint', ref('users'))
    .addColumn('recipient_id', 'bigint', ref('users'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('time_entry_invitations_entry_recipient')
    .on('time_entry_invitations')
    .columns(['time_entry_id', 'recipient_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('time_entry_invitations_recipient')
    .on('time_entry_invitations')
    .columns(['recipient_id', 'workspace_id', 'status'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('time_entry_invitations').execute();
}
