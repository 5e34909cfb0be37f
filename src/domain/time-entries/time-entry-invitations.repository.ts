import type { Kysely } from 'kysely';
import type { DB, TimeEntryInvitationStatus, Executor } from '../../db/tables.js';
import { chunks } from '../../db/rows.js';
import type { SharingDetails, TimeEntrySharedWith } from './time-entries.types.js';

/**
 * An entry counts as shared with a person while their invitation waits for an answer or was
 * accepted; a rejected or withdrawn one no longer shares anything.
 */
const SHARING: TimeEntryInvitationStatus[] = ['pending', 'accepted'];

export interface InvitationRow {
  id: number;
  workspace_id: number;
  time_entry_id: number;
  sender_id: number;
  recipient_id: number;
  status: TimeEntryInvitationStatus;
}

export interface PendingInvitation {
  id: number;
  workspace_id: number;
  time_entry_id: number;
  sender_id: number;
  sender_name: string;
}

export class TimeEntryInvitationsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Invites the recipients to an entry. A recipient invited before keeps their invitation as it
   * is (so re-sending the same list notifies nobody twice), except a withdrawn one, which is
   * reopened; a concurrent invitation of the same person is absorbed by the unique index.
   */
  async invite(tx: Executor, entry: { workspace_id: number; time_entry_id: number; sender_id: number }, recipientIds: number[], now: number): Promise<void> {
    if (recipientIds.length === 0) return;
    await tx
      .insertInto('time_entry_invitations')
      .values(recipientIds.map((recipient_id) => ({ ...entry, recipient_id, status: 'pending' as const, created_at: now, at: now })))
      .onConflict((oc) => oc.columns(['time_entry_id', 'recipient_id']).doNothing())
      .execute();
    await tx
      .updateTable('time_entry_invitations')
      .set({ status: 'pending', at: now })
      .where('time_entry_id', '=', entry.time_entry_id)
      .where('recipient_id', 'in', recipientIds)
      .where('status', '=', 'withdrawn')
      .execute();
  }

  /** Withdraws the entry's unanswered invitations: all, only those of `only`, or all but `except`. */
  async withdraw(tx: Executor, timeEntryId: number, now: number, scope: { only?: number[]; except?: number[] } = {}): Promise<void> {
    if (scope.only && scope.only.length === 0) return;
    let q = tx
      .updateTable('time_entry_invitations')
      .set({ status: 'withdrawn', at: now })
      .where('time_entry_id', '=', timeEntryId)
      .where('status', '=', 'pending');
    if (scope.only) q = q.where('recipient_id', 'in', scope.only);
    if (scope.except && scope.except.length > 0) q = q.where('recipient_id', 'not in', scope.except);
    await q.execute();
  }

  /** Who each entry is shared with, in invitation order, one query per chunk of entries. */
  async sharedWith(timeEntryIds: number[], tx: Executor = this.db): Promise<Map<number, TimeEntrySharedWith[]>> {
    const out = new Map<number, TimeEntrySharedWith[]>();
    for (const details of await this.details(timeEntryIds, tx)) {
      const list = out.get(details.time_entry_id) ?? [];
      list.push({ accepted: details.is_accepted, user_id: details.user_id, user_name: details.user_name });
      out.set(details.time_entry_id, list);
    }
    return out;
  }

  /** The sharing of the given entries, one row per recipient, ordered by entry and invitation. */
  async details(timeEntryIds: number[], tx: Executor = this.db): Promise<SharingDetails[]> {
    const out: SharingDetails[] = [];
    for (const ids of chunks(timeEntryIds)) {
      const rows = await tx
        .selectFrom('time_entry_invitations as i')
        .innerJoin('users as u', 'u.id', 'i.recipient_id')
        .select(['i.id', 'i.workspace_id', 'i.time_entry_id', 'i.recipient_id', 'i.status', 'u.fullname'])
        .where('i.time_entry_id', 'in', ids)
        .where('i.status', 'in', SHARING)
        .orderBy('i.time_entry_id')
        .orderBy('i.id')
        .execute();
      for (const r of rows) {
        out.push({
          is_accepted: r.status === 'accepted',
          time_entry_id: r.time_entry_id,
          time_entry_invitation_id: r.id,
          user_id: r.recipient_id,
          user_name: r.fullname,
          workspace_id: r.workspace_id,
        });
      }
    }
    return out;
  }

  /** The recipient's unanswered invitations in a workspace, to entries that still exist, oldest first. */
  async pendingFor(recipientId: number, workspaceId: number): Promise<PendingInvitation[]> {
    return this.db
      .selectFrom('time_entry_invitations as i')
      .innerJoin('time_entries as te', 'te.id', 'i.time_entry_id')
      .innerJoin('users as u', 'u.id', 'i.sender_id')
      .select(['i.id', 'i.workspace_id', 'i.time_entry_id', 'i.sender_id', 'u.fullname as sender_name'])
      .where('i.recipient_id', '=', recipientId)
      .where('i.workspace_id', '=', workspaceId)
      .where('i.status', '=', 'pending')
      .where('te.deleted_at', 'is', null)
      .orderBy('i.id')
      .execute();
  }

  /** An invitation addressed to the recipient in the workspace, whatever its status. */
  async addressedTo(tx: Executor, id: number, recipientId: number, workspaceId: number): Promise<InvitationRow | null> {
    const row = await tx
      .selectFrom('time_entry_invitations')
      .select(['id', 'workspace_id', 'time_entry_id', 'sender_id', 'recipient_id', 'status'])
      .where('id', '=', id)
      .where('recipient_id', '=', recipientId)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return row ?? null;
  }

  /**
   * Records the answer if the invitation is still pending; false when a concurrent request
   * answered it first (or the owner withdrew it meanwhile).
   */
  async answer(tx: Executor, id: number, status: 'accepted' | 'rejected', now: number): Promise<boolean> {
    const result = await tx
      .updateTable('time_entry_invitations')
      .set({ status, at: now })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Of the given users, those who are active members of the workspace. */
  async activeMembers(tx: Executor, workspaceId: number, userIds: number[]): Promise<Set<number>> {
    const out = new Set<number>();
    for (const ids of chunks(userIds)) {
      const rows = await tx
        .selectFrom('workspace_users')
        .select('user_id')
        .where('workspace_id', '=', workspaceId)
        .where('user_id', 'in', ids)
        .where('deleted_at', 'is', null)
        .where('inactive', '=', 0)
        .where('active', '=', 1)
        .execute();
      for (const r of rows) out.add(r.user_id);
    }
    return out;
  }
}
