import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { clock } from '../../time.js';
import { DomainError, forbidden, invalid, notFound } from '../errors.js';
import { DATE_FORMATS } from '../reports/report-filters.js';
import type { OrganizationsRepository } from '../organizations/organizations.repository.js';
import type { WorkspacesRepository } from '../workspaces/workspaces.repository.js';
import { cleanName, isPositiveId, isValidEmail, isValidTimezone, MIN_PASSWORD_LENGTH, PASSWORD_TOO_SHORT } from '../validation.js';
import { hashPassword, newApiToken, newSessionToken, sha256, verifyPassword } from './secrets.js';
import { EMAIL_TAKEN, type UsersRepository } from './users.repository.js';
import type { SignupInput, User, UserListing, UserUpdate } from './users.types.js';
import { LastSeen } from './last-seen.js';

/** Formats Toggl offers for dates and times of day (v8 documents these lists). */
export const TIMEOFDAY_FORMATS = ['H:mm', 'h:mm A'] as const;

function checkPreferenceValues(changes: Record<string, unknown>): void {
  if ('toSAcceptNeeded' in changes) throw invalid('Cannot set value for ToSAcceptNeeded');
  const { date_format: date, timeofday_format: time } = changes;
  if (date !== undefined && date !== null && !(DATE_FORMATS as readonly unknown[]).includes(date)) {
    throw invalid(`Invalid date_format: use one of ${DATE_FORMATS.join(', ')}`);
  }
  if (time !== undefined && time !== null && !(TIMEOFDAY_FORMATS as readonly unknown[]).includes(time)) {
    throw invalid(`Invalid timeofday_format: use one of ${TIMEOFDAY_FORMATS.join(', ')}`);
  }
}

export interface UsersServiceOptions {
  signup: 'open' | 'closed';
  sessionTtlSeconds: number;
}

export class UsersService {
  private readonly lastSeen: LastSeen;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly users: UsersRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly workspaces: WorkspacesRepository,
    private readonly options: UsersServiceOptions,
  ) {
    this.lastSeen = new LastSeen((id, at) => users.recordLastSeen(id, at));
  }

  private seen(user: User | null): User | null {
    if (user) this.lastSeen.seen(user.id, clock.now());
    return user;
  }

  /**
   * Creates the user with an organization they own and a default workspace they administer,
   * the way a Toggl signup does. With signups closed only the very first user may sign up,
   * so a fresh server can still be claimed by its operator.
   */
  async signup(input: SignupInput, options: { bypassClosed?: boolean } = {}): Promise<User> {
    if (!isValidEmail(input.email)) throw invalid('Invalid email');
    if (typeof input.password !== 'string' || input.password.length < MIN_PASSWORD_LENGTH) throw invalid(PASSWORD_TOO_SHORT);
    const fullname = input.fullname === undefined || input.fullname === '' ? '' : cleanName(input.fullname);
    if (fullname === null) throw invalid('Invalid fullname');
    const timezone = input.timezone ?? 'UTC';
    if (!isValidTimezone(timezone)) throw invalid('Invalid timezone');
    if (input.country_id !== undefined && input.country_id !== null && !isPositiveId(input.country_id)) throw invalid('Invalid country_id');
    if (await this.users.byEmail(input.email)) throw invalid(EMAIL_TAKEN);

    const passwordHash = await hashPassword(input.password);
    const token = newApiToken();
    const displayName = fullname || input.email.split('@')[0]!;
    const id = await this.db.transaction().execute(async (tx) => {
      if (this.options.signup === 'closed' && !options.bypassClosed && (await this.users.count(tx)) > 0) {
        throw forbidden('Signups are closed on this server');
      }
      const now = clock.now();
      const userId = await this.users.insert(tx, {
        email: input.email,
        password_hash: passwordHash,
        api_token: token,
        api_token_hash: sha256(token),
        fullname,
        timezone,
        country_id: input.country_id ?? null,
        now,
      });
      const orgId = await this.organizations.insert(tx, `${displayName}'s organization`, now);
      await this.organizations.addMember(tx, orgId, userId, { admin: true, owner: true }, now);
      const wsId = await this.workspaces.insert(tx, orgId, `${displayName}'s workspace`, {}, now);
      await this.workspaces.addMember(tx, wsId, userId, true, now);
      await this.users.update(userId, { default_workspace_id: wsId }, now, tx);
      return userId;
    });
    return (await this.users.byId(id))!;
  }

  async byId(id: number): Promise<User | null> {
    return this.users.byId(id);
  }

  async authenticateToken(token: string): Promise<User | null> {
    if (!/^[0-9a-f]{32}$/i.test(token)) return null;
    return this.seen(await this.users.byTokenHash(sha256(token.toLowerCase())));
  }

  async authenticatePassword(email: string, password: string): Promise<User | null> {
    const user = await this.users.byEmail(email);
    // Verified even for a disabled user, so the answer takes as long as for any wrong password.
    const ok = await verifyPassword(password, user?.password_hash ?? null);
    return this.seen(ok && user && user.disabled_at === null ? user : null);
  }

  async authenticateSession(cookieValue: string): Promise<User | null> {
    if (cookieValue.length < 20 || cookieValue.length > 200) return null;
    return this.seen(await this.users.sessionUser(sha256(cookieValue), clock.now()));
  }

  /** Starts a session; returns the cookie value and its lifetime in seconds. */
  async startSession(user: User): Promise<{ value: string; maxAge: number }> {
    const value = newSessionToken();
    const now = clock.now();
    await this.users.deleteExpiredSessions(now);
    await this.users.createSession(user.id, sha256(value), now, now + this.options.sessionTtlSeconds * 1000);
    return { value, maxAge: this.options.sessionTtlSeconds };
  }

  async endSession(cookieValue: string): Promise<void> {
    await this.users.deleteSession(sha256(cookieValue));
  }

  /** A new API token; the old one stops working with this write. */
  async resetToken(user: User): Promise<string> {
    const token = newApiToken();
    const now = clock.now();
    await this.users.update(user.id, { api_token: token, api_token_hash: sha256(token), authorization_updated_at: now }, now);
    return token;
  }

  /**
   * Changes the profile and, in the same write, preferences (v8's PUT /me carries both). Every
   * value is checked before anything is written.
   */
  async update(user: User, input: UserUpdate, preferences: Record<string, unknown> = {}): Promise<User> {
    const changes: Parameters<UsersRepository['update']>[1] = {};
    if (Object.keys(preferences).length > 0) {
      checkPreferenceValues(preferences);
      changes.preferences = { ...user.preferences, ...preferences };
    }
    if (input.email !== undefined) {
      if (!isValidEmail(input.email)) throw invalid('Invalid email');
      if (input.email.toLowerCase() !== user.email.toLowerCase()) {
        const other = await this.users.byEmail(input.email);
        if (other && other.id !== user.id) throw invalid(EMAIL_TAKEN);
      }
      changes.email = input.email;
    }
    if (input.fullname !== undefined) {
      const name = cleanName(input.fullname);
      if (name === null) throw invalid('Invalid fullname');
      changes.fullname = name;
    }
    if (input.timezone !== undefined) {
      if (!isValidTimezone(input.timezone)) throw invalid('Invalid timezone');
      changes.timezone = input.timezone;
    }
    if (input.beginning_of_week !== undefined) {
      if (!Number.isInteger(input.beginning_of_week) || input.beginning_of_week < 0 || input.beginning_of_week > 6) {
        throw invalid('Invalid beginning_of_week');
      }
      changes.beginning_of_week = input.beginning_of_week;
    }
    if (input.country_id !== undefined) {
      if (input.country_id !== null && !isPositiveId(input.country_id)) throw invalid('Invalid country_id');
      changes.country_id = input.country_id;
    }
    if (input.default_workspace_id !== undefined) {
      const ws = isPositiveId(input.default_workspace_id) ? await this.workspaces.memberWorkspace(user.id, input.default_workspace_id) : null;
      if (!ws) throw invalid('Invalid default_workspace_id');
      changes.default_workspace_id = ws.id;
    }
    if (input.password !== undefined || input.current_password !== undefined) {
      if (input.password === undefined) throw invalid('Password should be at least 6 characters');
      if (input.current_password === undefined || input.current_password === '') {
        throw invalid('Current password must be present to change password');
      }
      if (!(await verifyPassword(input.current_password, user.password_hash))) throw invalid('Current password is not valid');
      if (input.password.length < MIN_PASSWORD_LENGTH) throw invalid(PASSWORD_TOO_SHORT);
      changes.password_hash = await hashPassword(input.password);
    }
    const now = clock.now();
    if (changes.password_hash || changes.email) changes.authorization_updated_at = now;
    if (Object.keys(changes).length > 0) await this.users.update(user.id, changes, now);
    return (await this.users.byId(user.id))!;
  }

  async setPreferences(user: User, changes: Record<string, unknown>): Promise<void> {
    checkPreferenceValues(changes);
    await this.users.update(user.id, { preferences: { ...user.preferences, ...changes } }, clock.now());
  }

  /** Used by the CLI, where the operator is the authority and signup settings don't apply. */
  async createByOperator(input: SignupInput): Promise<User> {
    try {
      return await this.signup(input, { bypassClosed: true });
    } catch (err) {
      if (err instanceof DomainError) throw new Error(err.message);
      throw err;
    }
  }

  // The operator's commands (stint user ...) name users by e-mail; disabled users included.
  async byEmailForOperator(email: string): Promise<User> {
    const user = await this.users.byEmail(email);
    if (!user) throw notFound(`No user with e-mail ${email}`);
    return user;
  }

  async listForOperator(): Promise<UserListing[]> {
    return this.users.list();
  }

  /**
   * A password reset by the operator ends every session of the user: a reset usually follows a
   * forgotten or leaked password, and a session opened with the old one should not outlive it.
   * The API token is left alone (`resetTokenByOperator` replaces it), as Toggl leaves it when a
   * password changes. Answers how many sessions were ended.
   */
  async setPasswordByOperator(email: string, password: string): Promise<{ user: User; sessionsEnded: number }> {
    if (password.length < MIN_PASSWORD_LENGTH) throw invalid(PASSWORD_TOO_SHORT);
    const user = await this.byEmailForOperator(email);
    const passwordHash = await hashPassword(password);
    const now = clock.now();
    const sessionsEnded = await this.db.transaction().execute(async (tx) => {
      await this.users.update(user.id, { password_hash: passwordHash, authorization_updated_at: now }, now, tx);
      return this.users.deleteSessionsOf(user.id, tx);
    });
    return { user, sessionsEnded };
  }

  async resetTokenByOperator(email: string): Promise<string> {
    return this.resetToken(await this.byEmailForOperator(email));
  }

  /**
   * Every credential of the user stops working with this write (authentication skips disabled
   * users; nothing caches them). Sessions are deleted rather than kept for later, so enabling the
   * user does not revive a cookie that may have been the reason for disabling them. Nothing the
   * user owns is touched.
   */
  async disableByOperator(email: string): Promise<{ user: User; alreadyDisabled: boolean; sessionsEnded: number }> {
    const user = await this.byEmailForOperator(email);
    if (user.disabled_at !== null) return { user, alreadyDisabled: true, sessionsEnded: 0 };
    const sessionsEnded = await this.db.transaction().execute(async (tx) => {
      await this.users.setDisabled(user.id, clock.now(), tx);
      return this.users.deleteSessionsOf(user.id, tx);
    });
    return { user, alreadyDisabled: false, sessionsEnded };
  }

  async enableByOperator(email: string): Promise<{ user: User; wasDisabled: boolean }> {
    const user = await this.byEmailForOperator(email);
    if (user.disabled_at === null) return { user, wasDisabled: false };
    await this.db.transaction().execute(async (tx) => {
      await this.users.setDisabled(user.id, null, tx);
      // A login that had authenticated just before the user was disabled may have written its
      // session after disabling ended them all; no session can be made while disabled otherwise.
      await this.users.deleteSessionsOf(user.id, tx);
    });
    return { user, wasDisabled: true };
  }
}
