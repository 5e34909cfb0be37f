import type { MemberWorkspace } from '../workspaces/workspaces.types.js';
import type { TimeEntry } from './time-entries.types.js';

// Pure rules about who may do what with time entries.

/** Through the v9 entry routes a person reads and edits only their own entries. */
export const canEditTimeEntry = (viewer: { id: number }, entry: Pick<TimeEntry, 'user_id'>): boolean =>
  entry.user_id === viewer.id;

/** Naming an unknown tag creates it, which the workspace may reserve for admins. */
export const canCreateTags = (member: Pick<MemberWorkspace, 'admin' | 'only_admins_may_create_tags'>): boolean =>
  member.admin || !member.only_admins_may_create_tags;

/** Creating an entry for someone else is an admin feature Stint's v9 routes do not offer. */
export const canTrackFor = (viewer: { id: number }, userId: number): boolean => userId === viewer.id;

/** An entry is shared with other people: its owner has it already. */
export const canShareWith = (owner: { id: number }, recipientId: number): boolean => recipientId !== owner.id;
