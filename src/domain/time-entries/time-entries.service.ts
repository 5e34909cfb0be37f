import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/tables.js';
import type { Transact } from '../../db/transact.js';
import { clock } from '../../time.js';
import { DomainError, forbidden, invalid, notFound } from '../errors.js';
import type { User } from '../users/users.types.js';
import { cleanName, isPositiveId } from '../validation.js';
import type { WebhookEventsRecorder } from '../webhooks/webhook-events.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { MemberWorkspace } from '../workspaces/workspaces.types.js';
import { canCreateTags, canEditTimeEntry, canShareWith, canTrackFor } from './time-entries.policy.js';
import { RunningEntryConflict, type TimeEntriesRepository } from './time-entries.repository.js';
import type { TimeEntryInvitationsRepository } from './time-entry-invitations.repository.js';
import { listFilter, parseTimestamp, resolveTiming } from './time-entries.timing.js';
import type {
  PatchOperation,
  PatchOutcome,
  ReadOptions,
  SharingChange,
  SharingDetails,
  SharingRequest,
  TagChange,
  TimeEntriesQuery,
  TimeEntry,
  TimeEntryChange,
  TimeEntryChecklist,
  TimeEntryInput,
  TimeEntryInvitation,
  TimeEntryView,
} from './time-entries.types.js';

export const TIME_ENTRY_NOT_FOUND = 'Time entry not found';
export const CREATED_WITH_MISSING = 'created_with needs to be provided an a valid string';
export const DESCRIPTION_TOO_LONG = 'Maximum length for description (3000 chars) exceeded';
export const TAGS_ADMIN_ONLY = 'Only organization or workspace administrators may manage tags in this workspace.';
export const TAG_IDS_NOT_IN_WORKSPACE = 'Some tag IDs do not belong to workspace.';
export const SHARE_WITH_MEMBERS_ONLY = 'Time entries can only be shared with members of their workspace';
export const SHARE_WITH_OWNER = 'A time entry cannot be shared with its owner';
export const INVALID_SHARED_WITH = 'Invalid shared_with_user_ids';
/** The swagger's one documented error of the invitation action, for any id the caller cannot answer. */
export const INVALID_INVITATION = 'invalid time_entry_invitation_id';
export const EXPENSES_UNAVAILABLE = 'Expenses are not available on this server';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Toggl's bulk edit limits (swagger: "The limit is 100 IDs per request"). */
export const MAX_PATCH_IDS = 100;
export const MAX_PATCH_OPERATIONS = 100;
export const MAX_PATCH_VALUES = 100;

const MAX_DESCRIPTION = 3000;
const WRITE_ATTEMPTS = 5;

/** Answered with 409 by the v9 skin, as its swagger documents for PATCH .../stop. */
export class TimeEntryAlreadyStopped extends DomainError {
  constructor() {
    super('conflict', 'Time entry already stopped');
  }
}

type Tx = Transaction<DB>;

const uniq = <T>(values: T[]): T[] => [...new Set(values)];

/** Bodies are not type-coerced, but a JSON number may still be fractional or out of range. */
function id(value: number | null | undefined, message: string): number | null | undefined {
  if (value === undefined || value === null) return value;
  // Clients carrying v8 habits send 0 for "no project/task".
  if (value === 0) return null;
  if (!isPositiveId(value)) throw invalid(message);
  return value;
}

function timestamp(value: string, field: 'start' | 'stop'): number {
  const seconds = parseTimestamp(value);
  if (seconds === null) throw invalid(`Invalid ${field} time '${value}': use RFC 3339, e.g. 2006-01-02T15:04:05Z`);
  return seconds;
}

function description(value: string | null): string {
  const text = value ?? '';
  if (text.length > MAX_DESCRIPTION) throw invalid(DESCRIPTION_TOO_LONG);
  return text;
}

function tagNames(names: string[]): string[] {
  return names.map((n) => {
    if (typeof n !== 'string' || n.trim() === '') throw invalid("tag name can't be blank");
    const name = cleanName(n);
    if (name === null) throw invalid(`Invalid tag name '${n}'`);
    return name;
  });
}

function tagAction(value: string | null | undefined): 'replace' | 'add' | 'delete' {
  if (value === undefined || value === null || value === '') return 'replace';
  if (value === 'add') return 'add';
  // v8 called it "remove"; v9 documents "delete". Both mean the same to clients.
  if (value === 'delete' || value === 'remove') return 'delete';
  throw invalid(`Invalid tag_action '${value}': use "add" or "delete"`);
}

/** Recipients named by the caller, who owns the entries these routes change. */
function recipients(owner: User, values: number[], inviting: boolean): number[] {
  if (!values.every(isPositiveId)) throw invalid(INVALID_SHARED_WITH);
  if (inviting && !values.every((v) => canShareWith(owner, v))) throw invalid(SHARE_WITH_OWNER);
  return uniq(values);
}

/** ids of the bulk edit path, e.g. `204301830,202700150`. */
export function parseIdList(raw: string): number[] {
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.length === 1 && parts[0] === '') throw invalid('PATCH expects at least one ID');
  const ids = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if (!ids.every(isPositiveId)) throw invalid('Invalid value as time entry IDs');
  return uniq(ids);
}

/** The JSON-Patch operations of the bulk edit, as one change applied to every entry. */
export function changeFromPatch(user: User, ops: PatchOperation[]): TimeEntryChange {
  if (ops.length === 0) throw invalid('No patchable fields defined');
  if (ops.length > MAX_PATCH_OPERATIONS) throw invalid(`Too many operations (more than ${MAX_PATCH_OPERATIONS} patches in request)`);
  const change: TimeEntryChange = { tags: [] };
  for (const { op, path, value } of ops) {
    if (op !== 'add' && op !== 'remove' && op !== 'replace') throw invalid(`Invalid op: ${op}`);
    if (typeof path !== 'string' || !/^\/[a-z_]+$/.test(path)) throw invalid(`Invalid path format: ${path}`);
    const unsupported = () => invalid(`Operation not supported (${op} ${path})`);
    // RFC 6902: `add` on an object member that exists replaces it; `remove` clears it.
    const setting = op !== 'remove';
    const expect = (ok: boolean, what: string) => {
      if (!ok) throw invalid(`${path} expects ${what}`);
    };
    switch (path) {
      case '/description':
        if (setting) expect(typeof value === 'string' || value === null, 'a string');
        change.description = description(setting ? (value as string | null) : null);
        break;
      case '/billable':
        if (!setting) throw unsupported();
        expect(typeof value === 'boolean', 'a boolean');
        change.billable = value as boolean;
        break;
      case '/duronly':
        if (!setting) throw unsupported();
        expect(typeof value === 'boolean', 'a boolean');
        change.duronly = value as boolean;
        break;
      case '/project_id':
      case '/pid':
      case '/task_id':
      case '/tid': {
        const field = path === '/project_id' || path === '/pid' ? 'project_id' : 'task_id';
        if (setting) expect(value === null || (typeof value === 'number' && Number.isInteger(value)), 'an integer or null');
        change[field] = setting ? id(value as number | null, `Invalid ${field}`) ?? null : null;
        break;
      }
      case '/start':
      case '/stop':
        if (!setting) throw unsupported();
        expect(typeof value === 'string', 'an RFC 3339 timestamp');
        change[path === '/start' ? 'start' : 'stop'] = timestamp(value as string, path === '/start' ? 'start' : 'stop');
        break;
      case '/duration':
        if (!setting) throw unsupported();
        expect(typeof value === 'number' && Number.isSafeInteger(value), 'an integer');
        change.duration = value as number;
        break;
      case '/tags':
      case '/tag_ids': {
        const isIds = path === '/tag_ids';
        expect(
          Array.isArray(value) && value.every((v) => (isIds ? typeof v === 'number' && Number.isInteger(v) : typeof v === 'string')),
          isIds ? 'an array of integers' : 'an array of strings',
        );
        const list = value as (number | string)[];
        if ((op !== 'replace' && list.length === 0) || list.length > MAX_PATCH_VALUES) {
          throw invalid(`Value not present, or too many per patch operation (empty 'value' array or more than ${MAX_PATCH_VALUES} values)`);
        }
        change.tags.push({
          action: op === 'replace' ? 'replace' : op === 'add' ? 'add' : 'delete',
          ids: isIds ? (list as number[]) : [],
          names: isIds ? [] : tagNames(list as string[]),
        });
        break;
      }
      case '/shared_with_user_ids': {
        // A bare `remove` (RFC 6902 carries no value there) withdraws every unanswered invitation.
        if (op === 'remove' && value === undefined) {
          (change.sharing ??= []).push({ action: 'replace', user_ids: [] });
          break;
        }
        expect(Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isInteger(v)), 'an array of integers');
        const list = value as number[];
        if ((op !== 'replace' && list.length === 0) || list.length > MAX_PATCH_VALUES) {
          throw invalid(`Value not present, or too many per patch operation (empty 'value' array or more than ${MAX_PATCH_VALUES} values)`);
        }
        (change.sharing ??= []).push({ action: op === 'replace' ? 'replace' : op === 'add' ? 'add' : 'delete', user_ids: recipients(user, list, op !== 'remove') });
        break;
      }
      case '/user_id':
      case '/uid':
        if (!setting) throw unsupported();
        expect(typeof value === 'number', 'an integer');
        if (!canTrackFor(user, value as number)) throw forbidden();
        break;
      default:
        throw invalid(`Path not found: ${path}`);
    }
  }
  return change;
}

/** A create or PUT payload as a change; `creating` demands what a new entry needs. */
export function changeFromPayload(user: User, workspaceId: number, input: TimeEntryInput, creating: boolean): TimeEntryChange {
  const bodyWorkspace = input.workspace_id ?? input.wid;
  if (bodyWorkspace !== undefined && bodyWorkspace !== null && bodyWorkspace !== workspaceId) {
    throw invalid('workspace_id in the body does not match the workspace in the path');
  }
  const owner = input.user_id ?? input.uid;
  if (owner !== undefined && owner !== null && !canTrackFor(user, owner)) throw forbidden();
  if (input.expense_ids && input.expense_ids.length > 0) throw invalid(EXPENSES_UNAVAILABLE);

  const change: TimeEntryChange = { tags: [] };
  if (creating && input.guid !== undefined && input.guid !== null) {
    if (typeof input.guid !== 'string' || !GUID.test(input.guid)) throw invalid('guid must be a UUID such as 0c2a9d3e-5f4b-4a8e-9b1d-2f6e7a8c9d0e');
    change.guid = input.guid.toLowerCase();
  }
  if (creating) {
    const createdWith = cleanName(input.created_with);
    if (createdWith === null) throw invalid(CREATED_WITH_MISSING);
    change.created_with = createdWith;
    if (input.start === undefined || input.start === null) throw invalid('Start time is required');
  }
  if (input.description !== undefined) change.description = description(input.description);
  if (input.billable !== undefined && input.billable !== null) change.billable = input.billable;
  if (input.duronly !== undefined && input.duronly !== null) change.duronly = input.duronly;
  const project = input.project_id !== undefined ? input.project_id : input.pid;
  if (project !== undefined) change.project_id = id(project, 'Invalid project_id');
  const task = input.task_id !== undefined ? input.task_id : input.tid;
  if (task !== undefined) change.task_id = id(task, 'Invalid task_id');
  if (input.start !== undefined && input.start !== null) change.start = timestamp(input.start, 'start');
  if (input.start_date !== undefined && input.start_date !== null) change.start_date = input.start_date;
  if (input.stop !== undefined && input.stop !== null) change.stop = timestamp(input.stop, 'stop');
  if (input.duration !== undefined && input.duration !== null) change.duration = input.duration;

  // The payload names the entry's recipients; null, like a missing list, leaves sharing alone.
  if (input.shared_with_user_ids !== undefined && input.shared_with_user_ids !== null) {
    change.sharing = [{ action: 'replace', user_ids: recipients(user, input.shared_with_user_ids, true) }];
  }

  const action = tagAction(input.tag_action);
  if (input.tags !== undefined || input.tag_ids !== undefined) {
    const ids = input.tag_ids ?? [];
    const names = tagNames(input.tags ?? []);
    // Null for both clears the tags; with add/delete there is nothing to add or remove.
    if (action === 'replace' || ids.length > 0 || names.length > 0) change.tags.push({ action, ids, names });
  }
  return change;
}

export class TimeEntriesService {
  constructor(
    private readonly transact: Transact,
    private readonly entries: TimeEntriesRepository,
    private readonly invitationsRepo: TimeEntryInvitationsRepository,
    private readonly workspaces: WorkspacesService,
    private readonly webhookEvents: WebhookEventsRecorder,
  ) {}

  async list(user: User, query: TimeEntriesQuery, options: ReadOptions = {}): Promise<TimeEntryView[]> {
    const filter = listFilter(query, user.timezone, Math.floor(clock.now() / 1000));
    return this.withDetails(user, await this.entries.list(user.id, filter), options);
  }

  /** The running entry, or null when no timer runs. */
  async current(user: User): Promise<TimeEntryView | null> {
    return this.entries.runningVisible(user.id);
  }

  async get(user: User, timeEntryId: number, options: ReadOptions = {}): Promise<TimeEntryView> {
    return this.read(user, timeEntryId, options);
  }

  async checklist(user: User): Promise<TimeEntryChecklist[]> {
    const { created, live } = await this.entries.counts(user.id);
    return [{ time_entries_count_check: live > 0, time_entries_created_check: created > 0 }];
  }

  /** Who the given entries are shared with, one row per recipient. The caller must own them. */
  async sharingDetails(user: User, requests: SharingRequest[]): Promise<SharingDetails[]> {
    const memberOf = new Set((await this.workspaces.listForUser(user)).map((w) => w.id));
    const byWorkspace = new Map<number, number[]>();
    for (const r of requests) {
      if (!memberOf.has(r.workspace_id)) throw invalid('Invalid workspace');
      byWorkspace.set(r.workspace_id, [...(byWorkspace.get(r.workspace_id) ?? []), r.time_entry_id]);
    }
    for (const [workspaceId, ids] of byWorkspace) {
      const own = await this.entries.ownIds(user.id, workspaceId, ids);
      if (!ids.every((i) => own.has(i))) throw forbidden();
    }
    return this.invitationsRepo.details(uniq(requests.map((r) => r.time_entry_id)));
  }

  async create(user: User, workspaceId: number, input: TimeEntryInput, options: ReadOptions = {}): Promise<TimeEntryView> {
    const ws = await this.workspaces.require(user, workspaceId);
    const change = changeFromPayload(user, ws.id, input, true);
    const entry = await this.write((tx) => this.apply(tx, user, ws, null, change));
    return (await this.withDetails(user, [entry], options))[0]!;
  }

  async update(user: User, workspaceId: number, timeEntryId: number, input: TimeEntryInput, options: ReadOptions = {}): Promise<TimeEntryView> {
    const ws = await this.workspaces.require(user, workspaceId);
    const change = changeFromPayload(user, ws.id, input, false);
    const entry = await this.write(async (tx) => this.apply(tx, user, ws, await this.own(tx, user, ws, timeEntryId), change));
    return (await this.withDetails(user, [entry], options))[0]!;
  }

  async stop(user: User, workspaceId: number, timeEntryId: number): Promise<TimeEntryView> {
    const ws = await this.workspaces.require(user, workspaceId);
    await this.write(async (tx) => {
      const entry = await this.own(tx, user, ws, timeEntryId);
      if (entry.stop !== null) throw new TimeEntryAlreadyStopped();
      // A timer started "in the future" stops at its start rather than before it.
      const stop = Math.max(Math.floor(clock.now() / 1000), entry.start);
      const now = clock.now();
      await this.entries.stopRunning(tx, entry.id, stop, stop - entry.start, now);
      await this.recordEntry(tx, user, 'updated', { ...entry, stop, duration: stop - entry.start, at: now });
    });
    return this.read(user, timeEntryId, {});
  }

  async delete(user: User, workspaceId: number, timeEntryId: number): Promise<void> {
    const ws = await this.workspaces.require(user, workspaceId);
    await this.write(async (tx) => {
      const entry = await this.own(tx, user, ws, timeEntryId);
      const now = clock.now();
      await this.entries.softDelete(tx, entry.id, now);
      // Nobody can accept a copy of an entry that no longer exists.
      await this.invitationsRepo.withdraw(tx, entry.id, now);
      await this.recordEntry(tx, user, 'deleted', { ...entry, deleted_at: now, at: now });
    });
  }

  /**
   * Bulk edit: the same operations on each entry, each entry in its own transaction, so one
   * failure is reported and the others still apply (the swagger: "No transaction, no rollback").
   */
  async patch(user: User, workspaceId: number, rawIds: string, ops: PatchOperation[]): Promise<PatchOutcome> {
    const ws = await this.workspaces.require(user, workspaceId);
    const ids = parseIdList(rawIds);
    if (ids.length > MAX_PATCH_IDS) throw invalid(`PATCH request is limited to ${MAX_PATCH_IDS} entries at once`);
    const change = changeFromPatch(user, ops);
    const outcome: PatchOutcome = { success: [], failure: [] };
    for (const timeEntryId of ids) {
      try {
        await this.write(async (tx) => this.apply(tx, user, ws, await this.own(tx, user, ws, timeEntryId), change));
        outcome.success.push(timeEntryId);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        outcome.failure.push({ id: timeEntryId, message: err.message });
      }
    }
    return outcome;
  }

  /**
   * The same payload applied to several of the caller's entries in one transaction, all or none
   * (v8's PUT /time_entries/{ids}, typically `tags` with `tag_action`).
   */
  async updateMany(user: User, workspaceId: number, timeEntryIds: number[], input: TimeEntryInput): Promise<TimeEntryView[]> {
    const ws = await this.workspaces.require(user, workspaceId);
    const ids = uniq(timeEntryIds);
    if (ids.length === 0) throw invalid('PATCH expects at least one ID');
    if (ids.length > MAX_PATCH_IDS) throw invalid(`PATCH request is limited to ${MAX_PATCH_IDS} entries at once`);
    const change = changeFromPayload(user, ws.id, input, false);
    await this.write(async (tx) => {
      for (const id of ids) await this.apply(tx, user, ws, await this.own(tx, user, ws, id), change);
    });
    return this.withDetails(user, await this.entries.findVisibleMany(user.id, ids), {});
  }

  /** The caller's unanswered invitations in the workspace, each with the entry shared. */
  async invitations(user: User, workspaceId: number): Promise<TimeEntryInvitation[]> {
    const ws = await this.workspaces.require(user, workspaceId);
    const pending = await this.invitationsRepo.pendingFor(user.id, ws.id);
    const entries = new Map((await this.entries.findLiveMany(pending.map((p) => p.time_entry_id))).map((e) => [e.id, e]));
    return pending
      .filter((p) => entries.has(p.time_entry_id))
      .map((p) => ({
        shared_by_user_id: p.sender_id,
        shared_by_user_name: p.sender_name,
        time_entry: entries.get(p.time_entry_id)!,
        time_entry_invitation_id: p.id,
        workspace_id: p.workspace_id,
      }));
  }

  /**
   * Accepting copies the shared entry into the caller's own time; rejecting declines it. Either
   * answers the invitation for good. Ids the caller cannot answer (unknown, someone else's,
   * another workspace's, withdrawn) all get the swagger's one documented message.
   */
  async answerInvitation(user: User, workspaceId: number, invitationId: number, action: string): Promise<void> {
    const ws = await this.workspaces.require(user, workspaceId);
    if (action !== 'accept' && action !== 'reject') throw invalid(`Invalid action '${action}': use 'accept' or 'reject'`);
    await this.write(async (tx) => {
      const invitation = await this.invitationsRepo.addressedTo(tx, invitationId, user.id, ws.id);
      if (!invitation || invitation.status === 'withdrawn') throw invalid(INVALID_INVITATION);
      if (invitation.status !== 'pending') throw invalid(`Time entry invitation already ${invitation.status}`);
      const now = clock.now();
      if (!(await this.invitationsRepo.answer(tx, invitation.id, action === 'accept' ? 'accepted' : 'rejected', now))) {
        throw invalid('Time entry invitation already answered');
      }
      if (action === 'reject') return;
      const source = await this.entries.findOwn(invitation.sender_id, invitation.time_entry_id, ws.id, tx);
      if (!source) throw invalid(INVALID_INVITATION);
      await this.apply(tx, user, ws, null, await this.copyOf(tx, user, ws, source));
    });
  }

  // ------------------------------------------------------------------------------------------

  /** The caller's live entry in the workspace, or Toggl's not-found answer. */
  private async own(tx: Tx, user: User, ws: MemberWorkspace, timeEntryId: number): Promise<TimeEntry> {
    const entry = await this.entries.findOwn(user.id, timeEntryId, ws.id, tx);
    if (!entry || !canEditTimeEntry(user, entry)) throw notFound(TIME_ENTRY_NOT_FOUND);
    return entry;
  }

  /**
   * Runs a write in one transaction. Concurrent starts can all pass the running-entry check; the
   * database's one-running index then refuses all but one, and the refused ones are retried so
   * that they see the new running entry and stop it. A request that keeps losing the race gets
   * the conflict's clear 400.
   */
  private async write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transact(fn);
      } catch (err) {
        if (!(err instanceof RunningEntryConflict) || attempt >= WRITE_ATTEMPTS) throw err;
      }
    }
  }

  private async read(user: User, timeEntryId: number, options: ReadOptions): Promise<TimeEntryView> {
    const entry = await this.entries.findVisible(user.id, timeEntryId);
    if (!entry) throw notFound(TIME_ENTRY_NOT_FOUND);
    return (await this.withDetails(user, [entry], options))[0]!;
  }

  /** Applies a change to an entry (or creates one when `current` is null); returns it as stored. */
  private async apply(tx: Tx, user: User, ws: MemberWorkspace, current: TimeEntry | null, change: TimeEntryChange): Promise<TimeEntry> {
    if (!current && change.guid !== undefined) {
      // A retried create: the entry made the first time is the answer, and nothing changes.
      const made = await this.entries.byGuid(tx, user.id, change.guid);
      if (made) return made;
    }
    const now = clock.now();
    const timing = resolveTiming(current, change);

    const before = { project_id: current?.project_id ?? null, task_id: current?.task_id ?? null };
    let projectId = change.project_id !== undefined ? change.project_id : before.project_id;
    let taskId = change.task_id !== undefined ? change.task_id : before.task_id;
    // A task belongs to one project: moving the entry to another project drops the old task.
    if (change.project_id !== undefined && change.task_id === undefined && projectId !== before.project_id) taskId = null;
    if (taskId !== null && taskId !== before.task_id) {
      const task = await this.entries.task(tx, ws.id, taskId);
      if (!task) throw invalid('Invalid task_id');
      if (projectId === null && change.project_id === undefined) projectId = task.project_id;
      else if (task.project_id !== projectId) throw invalid('Invalid task_id: the task belongs to another project');
    }
    let projectBillable: boolean | null = null;
    if (projectId !== null && projectId !== before.project_id) {
      const project = await this.entries.project(tx, ws.id, projectId, { userId: user.id, admin: ws.admin });
      if (!project) throw invalid('Invalid project_id');
      if (!project.visible) throw invalid('User cannot access the selected project');
      projectBillable = project.billable;
    }
    const billable = change.billable ?? projectBillable ?? current?.billable ?? false;

    const tagIds = change.tags.length > 0 ? await this.resolveTags(tx, user, ws, current?.tag_ids ?? [], change.tags, now) : null;

    if (timing.stop === null && (current === null || current.stop !== null)) {
      const running = await this.entries.running(user.id, tx);
      if (running && running.id !== current?.id) {
        // Starting a timer stops the running one where the new one starts (never before its own start).
        const stopAt = Math.max(timing.start, running.start);
        await this.entries.stopRunning(tx, running.id, stopAt, stopAt - running.start, now);
        await this.recordEntry(tx, user, 'updated', { ...running, stop: stopAt, duration: stopAt - running.start, at: now });
      }
    }

    const values = {
      workspace_id: ws.id,
      user_id: current?.user_id ?? user.id,
      project_id: projectId,
      task_id: taskId,
      description: change.description ?? current?.description ?? '',
      billable,
      start: timing.start,
      stop: timing.stop,
      duration: timing.duration,
      duronly: change.duronly ?? current?.duronly ?? false,
      created_with: current?.created_with ?? change.created_with ?? '',
    };
    const written = current
      ? await this.entries.update(tx, current.id, values, now)
      : await this.entries.insert(tx, values, change.guid ?? randomUUID(), now);
    let tags = { tag_ids: current?.tag_ids ?? [], tags: current?.tags ?? [] };
    if (tagIds !== null) {
      await this.entries.setTags(tx, written.id, tagIds);
      tags = tagIds.length > 0 ? await this.entries.tagsOf(tx, written.id) : { tag_ids: [], tags: [] };
    }
    if (change.sharing && change.sharing.length > 0) await this.share(tx, ws, written.id, values.user_id, change.sharing, now);
    // The record was made for this write: set its tags rather than copy it.
    written.tag_ids = tags.tag_ids;
    written.tags = tags.tags;
    await this.recordEntry(tx, user, current ? 'updated' : 'created', written);
    return written;
  }

  /** Tells webhook subscribers of the workspace, in the write's transaction. */
  private recordEntry(tx: Tx, user: User, action: 'created' | 'updated' | 'deleted', entry: TimeEntry): Promise<void> {
    return this.webhookEvents.record(tx, {
      workspaceId: entry.workspace_id,
      entity: 'time_entry',
      action,
      entityId: entry.id,
      actorId: user.id,
      projectId: entry.project_id,
      ownerId: entry.user_id,
      record: entry,
    });
  }

  /** Invites and withdraws recipients of an entry; only active members of its workspace can be invited. */
  private async share(tx: Tx, ws: MemberWorkspace, entryId: number, ownerId: number, changes: SharingChange[], now: number): Promise<void> {
    const invited = uniq(changes.filter((c) => c.action !== 'delete').flatMap((c) => c.user_ids));
    if (!invited.every((i) => canShareWith({ id: ownerId }, i))) throw invalid(SHARE_WITH_OWNER);
    const members = await this.invitationsRepo.activeMembers(tx, ws.id, invited);
    if (!invited.every((i) => members.has(i))) throw invalid(SHARE_WITH_MEMBERS_ONLY);
    for (const c of changes) {
      if (c.action === 'delete') {
        await this.invitationsRepo.withdraw(tx, entryId, now, { only: c.user_ids });
        continue;
      }
      if (c.action === 'replace') await this.invitationsRepo.withdraw(tx, entryId, now, { except: c.user_ids });
      await this.invitationsRepo.invite(tx, { workspace_id: ws.id, time_entry_id: entryId, sender_id: ownerId }, c.user_ids, now);
    }
  }

  /**
   * The change that creates the recipient's copy of a shared entry: the same times, text, tags
   * and billable flag; the project (and its task) only if the recipient may see that project.
   */
  private async copyOf(tx: Tx, user: User, ws: MemberWorkspace, source: TimeEntry): Promise<TimeEntryChange> {
    let projectId: number | null = null;
    let taskId: number | null = null;
    if (source.project_id !== null) {
      const project = await this.entries.project(tx, ws.id, source.project_id, { userId: user.id, admin: ws.admin });
      if (project?.visible) {
        projectId = project.id;
        const task = source.task_id !== null ? await this.entries.task(tx, ws.id, source.task_id) : null;
        taskId = task && task.project_id === projectId ? task.id : null;
      }
    }
    return {
      created_with: source.created_with,
      description: source.description,
      billable: source.billable,
      project_id: projectId,
      task_id: taskId,
      start: source.start,
      // A running entry is copied running; the recipient's own timer then stops, as when they start one.
      ...(source.stop === null ? { duration: -1 } : { stop: source.stop }),
      duronly: source.duronly,
      tags: source.tag_ids.length > 0 ? [{ action: 'replace', ids: source.tag_ids, names: [] }] : [],
    };
  }

  /** The entry's tag ids after the tag changes, creating named tags the workspace lacks. */
  private async resolveTags(tx: Tx, user: User, ws: MemberWorkspace, currentIds: number[], changes: TagChange[], now: number): Promise<number[]> {
    let list = [...currentIds];
    for (const c of changes) {
      const ids = uniq(c.ids);
      const live = await this.entries.liveTagIds(tx, ws.id, ids);
      if (!ids.every((i) => live.has(i))) throw invalid(TAG_IDS_NOT_IN_WORKSPACE);

      const firstByKey = new Map<string, string>();
      for (const name of c.names) if (!firstByKey.has(name.toLowerCase())) firstByKey.set(name.toLowerCase(), name);
      const keys = [...firstByKey.keys()];
      let byKey = await this.entries.tagsByNameKey(tx, ws.id, keys);
      const missing = keys.filter((k) => !byKey.has(k));
      // Removing a tag by a name that does not exist removes nothing; it never creates one.
      if (missing.length > 0 && c.action !== 'delete') {
        if (!canCreateTags(ws)) throw forbidden(TAGS_ADMIN_ONLY);
        await this.entries.insertMissingTags(tx, ws.id, missing.map((k) => firstByKey.get(k)!), user.id, now);
        byKey = await this.entries.tagsByNameKey(tx, ws.id, keys);
      }
      const named = keys.map((k) => byKey.get(k)).filter((i): i is number => i !== undefined);
      const resolved = uniq([...ids, ...named]);

      if (c.action === 'replace') list = resolved;
      else if (c.action === 'add') list = uniq([...list, ...resolved]);
      else list = list.filter((i) => !resolved.includes(i));
    }
    return list;
  }

  /** Adds what the caller asked for (meta, include_sharing), loading each kind once for the whole page. */
  private async withDetails(user: User, entries: TimeEntry[], options: ReadOptions): Promise<TimeEntryView[]> {
    const withMeta = await this.withMeta(user, entries, options);
    if (!options.sharing) return withMeta;
    const sharing = await this.invitationsRepo.sharedWith(entries.map((e) => e.id));
    // Set on the page's own fresh records: V8 copies spread objects that gain a property slowly.
    for (const e of withMeta) e.shared_with = sharing.get(e.id) ?? [];
    return withMeta;
  }

  /** Adds meta=true's related names, loading projects and tasks once for the whole page. */
  private async withMeta(user: User, entries: TimeEntry[], options: ReadOptions): Promise<TimeEntryView[]> {
    if (!options.meta) return entries;
    const projectIds = uniq(entries.map((e) => e.project_id).filter((i): i is number => i !== null));
    const taskIds = uniq(entries.map((e) => e.task_id).filter((i): i is number => i !== null));
    const [projects, tasks] = await Promise.all([this.entries.projectMeta(projectIds), this.entries.taskNames(taskIds)]);
    return entries.map((e) => {
      const p = e.project_id !== null ? projects.get(e.project_id) : undefined;
      // Set on the page's own fresh records (see withDetails).
      const view: TimeEntryView = e;
      view.meta = {
        client_id: p?.client_id ?? null,
        client_name: p?.client_name ?? null,
        project_name: p?.name ?? null,
        project_color: p?.color ?? null,
        project_active: p?.active ?? null,
        project_billable: p?.billable ?? null,
        task_name: e.task_id !== null ? tasks.get(e.task_id) ?? null : null,
        // Every entry these routes return is the caller's own.
        user_name: user.fullname,
        user_avatar_url: user.image_url ?? '',
      };
      return view;
    });
  }
}
