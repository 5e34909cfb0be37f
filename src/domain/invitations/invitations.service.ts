import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { clock } from '../../time.js';
import { forbidden, invalid, notFound } from '../errors.js';
import type { OrganizationsRepository } from '../organizations/organizations.repository.js';
import { MAX_WORKSPACES } from '../organizations/organizations.service.js';
import { newHexSecret, safeEqual, sha256 } from '../users/secrets.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { User } from '../users/users.types.js';
import { isPositiveId, isValidEmail } from '../validation.js';
import type { MembershipState, WorkspacesRepository } from '../workspaces/workspaces.repository.js';
import { memberRole, type WorkspacesService } from '../workspaces/workspaces.service.js';
import { canInviteInto, canManageInvitation, isAddressedTo, type InvitationActor } from './invitations.policy.js';
import type { InvitationsRepository } from './invitations.repository.js';
import type { InvitationInput, InvitationOutcome, InvitationView, InvitationWorkspaceInput } from './invitations.types.js';

/** Addresses one request may invite; a self-hosted server has no plan limit, but a request stays small. */
export const MAX_EMAILS = 100;
const CODE = /^[0-9a-f]{32}$/;

// Toggl's words where its swagger lists them, plain ones where Stint differs.
const NO_EMAILS = 'at least one email is required';
const NO_WORKSPACES = 'at least one workspace is required';
const MISSING_EMAIL = 'Missing e-mail';
const INVALID_WORKSPACE = 'invalid workspace ID';
const INVITATION_NOT_FOUND = 'Invitation not found';
const INVALID_CODE = 'Invalid invitation code';
const RESEND_NOT_FOUND = 'Invitation code not found';
const ORGANIZATION_MISMATCH = 'Organization ID and invitation organization ID mismatch';
const ONLY_ADMINS = 'Only organization admins and admins of the workspace can invite users';
const ONLY_WORKSPACE_ADMINS = 'Only workspace admins can do this';
const NOT_ADDRESSED_TO_YOU = 'This invitation was sent to another e-mail address';
const TOO_MANY_EMAILS = `Too many e-mails: at most ${MAX_EMAILS} can be invited at a time`;
const NO_GROUPS = 'Inviting into groups is not supported; add the user to groups once they have joined';
const NO_PROJECT_INVITE = 'project_invite is not supported; add the user to the project once they have joined';
const invalidEmail = (raw: string) => `Invalid e-mail: '${raw}'`;
const alreadyMember = (email: string, workspace: string) => `User with e-mail '${email}' is already a member of the workspace '${workspace}'`;
const alreadyInactive = (email: string) => `User with e-mail '${email}' is already an inactive member of the organization`;
const alreadyPending = (email: string) => `User with e-mail '${email}' already has a pending invitation; no new one was created`;


interface Target {
  workspace_id: number;
  name: string;
  admin: boolean;
  role: 'admin' | 'user';
}

/**
 * How a request treats a bad address or one that cannot be invited: Track v9 refuses the whole
 * request (400), v8 invites the others and describes the problem in its notifications.
 */
type Strictness = 'refuse' | 'notify';

/**
 * Invitations into an organization's workspaces. An invitation is addressed to an e-mail; when the
 * address already has an account, that user gets a pending membership (workspace_users.active = 0)
 * that lists them but grants nothing until they accept. Accepting makes the addressee an active
 * member of every workspace the invitation still leads into, and of the organization.
 */
export class InvitationsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly invitations: InvitationsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly workspaces: WorkspacesRepository,
    private readonly users: UsersRepository,
    private readonly workspacesService: WorkspacesService,
  ) {}

  /** The user's standing in the organization, or null when they are not an active member of it. */
  private async actor(user: User, organizationId: number): Promise<(InvitationActor & { memberWorkspaceIds: Set<number> }) | null> {
    const org = isPositiveId(organizationId) ? await this.organizations.memberOrganization(user.id, organizationId) : null;
    if (!org) return null;
    const live = (await this.workspaces.membershipsInOrganization(organizationId, user.id)).filter((m) => m.active && !m.inactive);
    return {
      userId: user.id,
      organizationAdmin: org.admin || org.owner,
      adminWorkspaceIds: new Set(live.filter((m) => m.admin).map((m) => m.workspace_id)),
      memberWorkspaceIds: new Set(live.map((m) => m.workspace_id)),
    };
  }

  /** POST /organizations/{id}/invitations (Track v9). */
  async invite(user: User, organizationId: number, input: InvitationInput): Promise<InvitationOutcome> {
    const actor = await this.actor(user, organizationId);
    if (!actor) throw forbidden();
    if (!actor.organizationAdmin && actor.adminWorkspaceIds.size === 0) throw forbidden(ONLY_ADMINS);
    if (input.groups !== undefined && input.groups !== null && input.groups.length > 0) throw invalid(NO_GROUPS);
    if (input.project_invite !== undefined && input.project_invite !== null) throw invalid(NO_PROJECT_INVITE);
    const emails = input.emails ?? [];
    if (emails.length === 0) throw invalid(NO_EMAILS);
    if (emails.length > MAX_EMAILS) throw invalid(TOO_MANY_EMAILS);
    const targets = await this.targets(organizationId, input.workspaces ?? []);
    if (!targets.every((w) => canInviteInto(actor, w.workspace_id))) throw forbidden(ONLY_ADMINS);
    return this.create(user, organizationId, emails, targets, 'refuse');
  }

  /** POST /workspaces/{id}/invite (Track v8): plain members of one workspace. */
  async inviteToWorkspace(user: User, workspaceId: number, emails: string[] | undefined): Promise<InvitationOutcome> {
    const ws = isPositiveId(workspaceId) ? await this.workspaces.byId(workspaceId) : null;
    const actor = ws ? await this.actor(user, ws.organization_id) : null;
    if (!ws || !actor || !(actor.organizationAdmin || actor.memberWorkspaceIds.has(ws.id))) throw forbidden();
    if (!canInviteInto(actor, ws.id)) throw forbidden(ONLY_WORKSPACE_ADMINS);
    const list = emails ?? [];
    if (list.length === 0) throw invalid(NO_EMAILS);
    if (list.length > MAX_EMAILS) throw invalid(TOO_MANY_EMAILS);
    const target: Target = { workspace_id: ws.id, name: ws.name, admin: false, role: 'user' };
    return this.create(user, ws.organization_id, list, [target], 'notify');
  }

  /** The workspaces of a request: live ones of this organization, each once, with a known role. */
  private async targets(organizationId: number, input: InvitationWorkspaceInput[]): Promise<Target[]> {
    if (input.length === 0) throw invalid(NO_WORKSPACES);
    if (!input.every((w) => isPositiveId(w.workspace_id))) throw invalid(INVALID_WORKSPACE);
    const ids = [...new Set(input.map((w) => w.workspace_id!))];
    if (ids.length > MAX_WORKSPACES) throw invalid(INVALID_WORKSPACE);
    const names = await this.invitations.workspacesOf(organizationId, ids);
    const out = new Map<number, Target>();
    for (const w of input) {
      const name = names.get(w.workspace_id!);
      if (name === undefined) throw invalid(INVALID_WORKSPACE);
      const role = memberRole(w) ?? 'user';
      if (!out.has(w.workspace_id!)) out.set(w.workspace_id!, { workspace_id: w.workspace_id!, name, admin: role === 'admin', role });
    }
    return [...out.values()];
  }

  private async create(user: User, organizationId: number, rawEmails: unknown[], targets: Target[], strictness: Strictness): Promise<InvitationOutcome> {
    const messages: string[] = [];
    const problem = (message: string) => {
      if (strictness === 'refuse') throw invalid(message);
      messages.push(message);
    };
    // Each address once, lower-cased: case never makes two invitees of one person.
    const emails: string[] = [];
    for (const raw of rawEmails) {
      const email = typeof raw === 'string' ? raw.trim() : '';
      if (email === '') problem(MISSING_EMAIL);
      else if (!isValidEmail(email)) problem(invalidEmail(String(raw)));
      else if (!emails.includes(email.toLowerCase())) emails.push(email.toLowerCase());
    }
    // Read before the transaction: SQLite's one connection is the transaction's while it runs.
    const accounts = new Map<string, User>();
    for (const email of emails) {
      const account = await this.users.byEmail(email);
      if (account) accounts.set(email, account);
    }

    const ids = await this.db.transaction().execute(async (tx) => {
      const now = clock.now();
      const deactivated = await this.invitations.deactivatedInOrganization(tx, organizationId, [...accounts.values()].map((a) => a.id));
      const states = new Map<string, Map<number, MembershipState>>();
      const invitable: string[] = [];
      for (const email of emails) {
        const account = accounts.get(email);
        if (account) {
          const mine = await this.workspaces.membershipStates(tx, account.id, targets.map((w) => w.workspace_id));
          states.set(email, mine);
          const member = targets.find((w) => {
            const s = mine.get(w.workspace_id);
            return s !== undefined && !s.deleted && s.active;
          });
          if (deactivated.has(account.id) || (member && mine.get(member.workspace_id)!.inactive)) {
            problem(alreadyInactive(email));
            continue;
          }
          if (member) {
            problem(alreadyMember(email, member.name));
            continue;
          }
        }
        invitable.push(email);
      }

      const ids: number[] = [];
      for (const email of invitable) {
        const account = accounts.get(email) ?? null;
        const pending = await this.invitations.pendingFor(tx, organizationId, email);
        let id: number;
        if (pending) {
          // Re-inviting extends the pending invitation rather than sending a second one.
          id = pending.id;
          const covered = targets.every((w) => pending.workspaces.some((p) => p.workspace_id === w.workspace_id && !p.withdrawn));
          if (covered) messages.push(alreadyPending(email));
          await this.invitations.touch(tx, id, account && pending.recipient_id !== account.id ? { recipient_id: account.id } : {}, now);
        } else {
          const code = newHexSecret();
          id = await this.invitations.insert(
            tx,
            { organization_id: organizationId, email, code, code_hash: sha256(code), sender_id: user.id, recipient_id: account?.id ?? null },
            now,
          );
        }
        for (const target of targets) {
          const existing = pending?.workspaces.find((p) => p.workspace_id === target.workspace_id);
          // A workspace already in the invitation keeps the role it was offered with.
          const role = existing ? { admin: existing.admin, role: existing.role } : { admin: target.admin, role: target.role };
          // The pending membership the workspace is to point at: a withdrawn one is let go.
          let link = existing && !existing.withdrawn ? existing.workspace_user_id : null;
          if (account) {
            const state = states.get(email)?.get(target.workspace_id);
            if (state && !state.deleted) link = state.id;
            else if (!state || !state.active) link = await this.workspaces.insertPendingMember(tx, target.workspace_id, account.id, role, now);
            // A former member (removed, but once active) is not listed as pending; accepting
            // brings their old membership back.
            else link = null;
          }
          if (!existing) {
            await this.invitations.addWorkspace(tx, id, { workspace_id: target.workspace_id, ...role, workspace_user_id: link }, now);
          } else if (existing.workspace_user_id !== link) {
            // The address moved to another account: the place made for its former holder goes.
            const old = existing.workspace_user_id;
            const row = old === null ? undefined : (await this.invitations.memberships(tx, [old])).get(old);
            if (old !== null && row && !row.active && !row.deleted) await this.workspaces.removeMembers(tx, [old], now);
            await this.invitations.linkMembership(tx, id, target.workspace_id, link);
          }
        }
        ids.push(id);
      }
      return ids;
    });
    const found = await this.invitations.byIds(ids);
    return { invitations: ids.map((id) => found.find((i) => i.id === id)!), messages };
  }

  /**
   * PUT /organizations/{id}/invitations/{invitation_id}/resend. Stint sends no e-mail; the
   * invitation is answered again so that the admin can pass its URL on.
   */
  async resend(user: User, organizationId: number, invitationId: number): Promise<InvitationView> {
    const actor = await this.actor(user, organizationId);
    if (!actor) throw forbidden();
    if (!actor.organizationAdmin && actor.adminWorkspaceIds.size === 0) throw forbidden(ONLY_ADMINS);
    const invitation = isPositiveId(invitationId) ? await this.invitations.byId(invitationId) : null;
    if (!invitation) throw notFound(RESEND_NOT_FOUND);
    if (invitation.organization_id !== organizationId) throw invalid(ORGANIZATION_MISMATCH);
    const open = invitation.workspaces.filter((w) => !w.withdrawn);
    if (invitation.status !== 'pending' || open.length === 0) throw notFound(RESEND_NOT_FOUND);
    if (!canManageInvitation(actor, { workspaces: open })) throw forbidden(ONLY_ADMINS);
    const now = clock.now();
    await this.db.transaction().execute((tx) => this.invitations.touch(tx, invitation.id, {}, now));
    return { ...invitation, updated_at: now };
  }

  /**
   * The invitations of an organization still waiting for an answer, as far as the caller may manage
   * them (organization admins all, workspace admins those into their workspaces), each with only
   * the workspaces it still leads into. Track v9 has no such list; the web app's team page needs it.
   */
  async pending(user: User, organizationId: number): Promise<InvitationView[]> {
    const actor = await this.actor(user, organizationId);
    if (!actor) throw forbidden();
    if (!actor.organizationAdmin && actor.adminWorkspaceIds.size === 0) throw forbidden(ONLY_ADMINS);
    return (await this.invitations.pendingIn(organizationId))
      .map((i) => ({ ...i, workspaces: i.workspaces.filter((w) => !w.withdrawn) }))
      .filter((i) => i.workspaces.length > 0 && canManageInvitation(actor, i));
  }

  /** An invitation by its code; the code is a secret, so a malformed one is simply unknown. */
  private async findByCode(code: string): Promise<InvitationView | null> {
    const normalized = code.toLowerCase();
    if (!CODE.test(normalized)) return null;
    const invitation = await this.invitations.byCodeHash(sha256(normalized));
    // The index finds the row by the code's hash, so its lookup time says nothing about the code;
    // the constant-time comparison makes sure only that very code answers.
    return invitation && safeEqual(invitation.code, normalized) ? invitation : null;
  }

  /** GET /invitations/{code}: a pending invitation that still leads somewhere. */
  async byCode(code: string): Promise<InvitationView> {
    const invitation = await this.findByCode(code);
    if (!invitation || invitation.status !== 'pending' || invitation.workspaces.every((w) => w.withdrawn)) throw notFound(INVITATION_NOT_FOUND);
    return invitation;
  }

  /** The invitation the user may answer with this code, or the reason they may not. */
  private async answerable(user: User, code: string): Promise<InvitationView> {
    const invitation = await this.findByCode(code);
    if (!invitation) throw notFound(INVALID_CODE);
    if (!isAddressedTo(invitation, user)) throw forbidden(NOT_ADDRESSED_TO_YOU);
    if (invitation.status === 'accepted') throw notFound('This invitation was already accepted');
    if (invitation.status === 'rejected') throw notFound('This invitation was rejected');
    if (invitation.workspaces.every((w) => w.withdrawn)) throw notFound('This invitation was withdrawn');
    return invitation;
  }

  /** POST /organizations/invitations/{code}/accept */
  async accept(user: User, code: string): Promise<void> {
    const invitation = await this.answerable(user, code);
    const open = invitation.workspaces.filter((w) => !w.withdrawn);
    const joined = await this.db.transaction().execute(async (tx) => {
      const now = clock.now();
      if (!(await this.invitations.answer(tx, invitation.id, 'accepted', user.id, now))) throw notFound(INVALID_CODE);
      const links = await this.invitations.memberships(tx, open.flatMap((w) => (w.workspace_user_id === null ? [] : [w.workspace_user_id])));
      const states = await this.workspaces.membershipStates(tx, user.id, open.map((w) => w.workspace_id));
      const pending: number[] = [];
      const stale: number[] = [];
      const joined: number[] = [];
      for (const w of open) {
        const link = w.workspace_user_id === null ? undefined : links.get(w.workspace_user_id);
        // The address moved to another account since it was invited: its pending place goes.
        if (link && link.user_id !== user.id && !link.active && !link.deleted) stale.push(w.workspace_user_id!);
        const state = states.get(w.workspace_id);
        if (state && !state.deleted) {
          // A live membership is left as it is: accepting does not undo an admin's deactivation.
          if (!state.active) {
            pending.push(state.id);
            joined.push(w.workspace_id);
          }
          continue;
        }
        await this.workspaces.upsertMember(tx, w.workspace_id, user.id, w.admin, now);
        joined.push(w.workspace_id);
      }
      await this.workspaces.removeMembers(tx, stale, now);
      await this.workspaces.activatePendingMembers(tx, invitation.organization_id, user.id, pending, now);
      await this.workspaces.reassignDefaultWorkspace(tx, user.id, now);
      return joined;
    });
    await this.workspacesService.recordMemberJoined(user, joined);
  }

  /** POST /organizations/invitations/{code}/reject: the pending memberships go with it. */
  async reject(user: User, code: string): Promise<void> {
    const invitation = await this.answerable(user, code);
    await this.db.transaction().execute(async (tx) => {
      const now = clock.now();
      if (!(await this.invitations.answer(tx, invitation.id, 'rejected', user.id, now))) throw notFound(INVALID_CODE);
      const linked = invitation.workspaces.flatMap((w) => (w.workspace_user_id === null ? [] : [w.workspace_user_id]));
      const links = await this.invitations.memberships(tx, linked);
      await this.workspaces.removeMembers(tx, linked.filter((id) => links.get(id)?.active === false && !links.get(id)!.deleted), now);
    });
  }
}
