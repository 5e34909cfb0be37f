import { sql, type Kysely } from 'kysely';
import { idColumn } from '../dialect.js';
import type { MigrationContext } from './index.js';

// Invitations into the workspaces of an organization, addressed to an e-mail address (Track v9's
// /organizations/{id}/invitations, v8's /workspaces/{id}/invite). The invitee may not have an
// account yet, so an invitation names an e-mail, not a user; accepting it is what makes the
// person a member. One pending invitation per organization and address (re-inviting extends it);
// answered ones are kept with their status so a used code never works again.
//
// The code is a secret: it is found by its SHA-256 (unique index), like API tokens, and kept in
// clear beside it only because workspace admins are shown the invite URL again in member lists.
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ref = (table: string) => (c: any) => c.notNull().references(`${table}.id`).onDelete('cascade');

  await idColumn(db.schema.createTable('invitations'), dialect)
    .addColumn('organization_id', 'bigint', ref('organizations'))
    // Lower-cased: an address is one invitee whatever its spelling, and Toggl answers it so.
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('sender_id', 'bigint', ref('users'))
    // The account the address belonged to when invited, and then the one that answered.
    .addColumn('recipient_id', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('invitations_one_pending')
    .on('invitations')
    .columns(['organization_id', 'email'])
    .unique()
    .where(sql<boolean>`status = 'pending'`)
    .execute();

  // The workspaces an invitation leads into, with the role the invitee gets there. When the
  // address already had an account, the pending membership (workspace_users.active = 0) created
  // for it is linked, so that an admin removing that membership withdraws this workspace.
  await db.schema
    .createTable('invitation_workspaces')
    .addColumn('invitation_id', 'bigint', ref('invitations'))
    .addColumn('workspace_id', 'bigint', ref('workspaces'))
    .addColumn('admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('user'))
    .addColumn('workspace_user_id', 'bigint', (c) => c.references('workspace_users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('invitation_workspaces_pk', ['invitation_id', 'workspace_id'])
    .execute();
  await db.schema.createIndex('invitation_workspaces_wu').on('invitation_workspaces').column('workspace_user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('invitation_workspaces').execute();
  await db.schema.dropTable('invitations').execute();
}
