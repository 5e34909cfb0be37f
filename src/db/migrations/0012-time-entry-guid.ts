import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// v8 time entries carry a client-visible guid (Toggl's desktop and mobile clients made one up
// before syncing, so a create retried after a lost answer could be recognized). Existing entries
// get a random one; new ones get the client's or a fresh one. Unique per user among live entries.
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  await db.schema.alterTable('time_entries').addColumn('guid', 'varchar(36)').execute();
  const randomUuid =
    dialect === 'postgres'
      ? sql`gen_random_uuid()::text`
      : // A version-4 UUID from SQLite's own random bytes.
        sql`lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
          substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`;
  await sql`update time_entries set guid = ${randomUuid}`.execute(db);
  await db.schema
    .createIndex('time_entries_user_guid')
    .on('time_entries')
    .columns(['user_id', 'guid'])
    .unique()
    .where(sql<boolean>`guid is not null and deleted_at is null`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('time_entries_user_guid').execute();
  await db.schema.alterTable('time_entries').dropColumn('guid').execute();
}
