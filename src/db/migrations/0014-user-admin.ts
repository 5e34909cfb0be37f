import type { Kysely } from 'kysely';

// Operator commands (`stint user disable`, `stint user list`). A disabled user keeps every row
// they own, so enabling them again gives all of it back; the flag is a time rather than 0/1 so
// the operator can tell when. last_seen_at is written at most every few minutes per user (see
// domain/users/last-seen.ts), so it is approximate by design.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('disabled_at', 'bigint').execute();
  await db.schema.alterTable('users').addColumn('last_seen_at', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('last_seen_at').execute();
  await db.schema.alterTable('users').dropColumn('disabled_at').execute();
}
