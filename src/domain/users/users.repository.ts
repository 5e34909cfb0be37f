import type { Kysely, Selectable } from 'kysely';
import { isUniqueViolation } from '../../db/dialect.js';
import { prepared } from '../../db/prepared.js';
import type { DB, UsersTable, Executor } from '../../db/tables.js';
import { conflict } from '../errors.js';
import type { User, UserListing } from './users.types.js';

export const EMAIL_TAKEN = 'user with this email already exists';

function toUser(row: Selectable<UsersTable>): User {
  let preferences: Record<string, unknown> = {};
  try {
    preferences = JSON.parse(row.preferences) as Record<string, unknown>;
  } catch {
    preferences = {};
  }
  return {
    id: row.id,
    email: row.email,
    fullname: row.fullname,
    timezone: row.timezone,
    beginning_of_week: row.beginning_of_week,
    country_id: row.country_id,
    default_workspace_id: row.default_workspace_id,
    image_url: row.image_url,
    api_token: row.api_token,
    password_hash: row.password_hash,
    preferences,
    created_at: row.created_at,
    updated_at: row.updated_at,
    authorization_updated_at: row.authorization_updated_at,
    disabled_at: row.disabled_at,
  };
}

// Every authenticated request runs one of these. A disabled user is not found, so the check
// costs nothing extra and holds on every instance the moment the flag is written.
const userByTokenHash = prepared((db, a: { hash: string }) =>
  db.selectFrom('users').selectAll().where('api_token_hash', '=', a.hash).where('disabled_at', 'is', null),
);
const userBySession = prepared((db, a: { hash: string; now: number }) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .where('sessions.token_hash', '=', a.hash)
    .where('sessions.expires_at', '>', a.now)
    .where('users.disabled_at', 'is', null),
);

export class UsersRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async byId(id: number, tx: Executor = this.db): Promise<User | null> {
    const row = await tx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async byEmail(email: string): Promise<User | null> {
    const row = await this.db.selectFrom('users').selectAll().where('email_key', '=', email.toLowerCase()).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async byTokenHash(hash: string): Promise<User | null> {
    const row = await userByTokenHash.first(this.db, { hash });
    return row ? toUser(row) : null;
  }

  async count(tx: Executor = this.db): Promise<number> {
    const row = await tx.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insert(
    tx: Executor,
    values: {
      email: string;
      password_hash: string;
      api_token: string;
      api_token_hash: string;
      fullname: string;
      timezone: string;
      country_id: number | null;
      now: number;
    },
  ): Promise<number> {
    try {
      const row = await tx
        .insertInto('users')
        .values({
          email: values.email,
          email_key: values.email.toLowerCase(),
          password_hash: values.password_hash,
          api_token: values.api_token,
          api_token_hash: values.api_token_hash,
          fullname: values.fullname,
          timezone: values.timezone,
          country_id: values.country_id,
          created_at: values.now,
          updated_at: values.now,
          authorization_updated_at: values.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(EMAIL_TAKEN);
      throw err;
    }
  }

  async update(
    id: number,
    values: Partial<{
      email: string;
      fullname: string;
      timezone: string;
      beginning_of_week: number;
      country_id: number | null;
      default_workspace_id: number;
      password_hash: string;
      api_token: string;
      api_token_hash: string;
      preferences: Record<string, unknown>;
      authorization_updated_at: number;
    }>,
    now: number,
    tx: Executor = this.db,
  ): Promise<void> {
    const { preferences, email, ...rest } = values;
    try {
      await tx
        .updateTable('users')
        .set({
          ...rest,
          ...(email !== undefined ? { email, email_key: email.toLowerCase() } : {}),
          ...(preferences !== undefined ? { preferences: JSON.stringify(preferences) } : {}),
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(EMAIL_TAKEN);
      throw err;
    }
  }

  async createSession(userId: number, tokenHash: string, now: number, expiresAt: number): Promise<void> {
    await this.db.insertInto('sessions').values({ user_id: userId, token_hash: tokenHash, created_at: now, expires_at: expiresAt }).execute();
  }

  async sessionUser(tokenHash: string, now: number): Promise<User | null> {
    const row = await userBySession.first(this.db, { hash: tokenHash, now });
    return row ? toUser(row) : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteExpiredSessions(now: number): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }

  /** Ends every session of the user; answers how many there were. */
  async deleteSessionsOf(userId: number, tx: Executor = this.db): Promise<number> {
    const result = await tx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async setDisabled(userId: number, disabledAt: number | null, tx: Executor = this.db): Promise<void> {
    await tx.updateTable('users').set({ disabled_at: disabledAt }).where('id', '=', userId).execute();
  }

  /** Leaves updated_at alone: being seen is not a change to the user that clients sync. */
  async recordLastSeen(userId: number, at: number): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ last_seen_at: at })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', at)]))
      .execute();
  }

  async list(): Promise<UserListing[]> {
    return this.db
      .selectFrom('users')
      .select(['id', 'email', 'fullname', 'created_at', 'last_seen_at', 'disabled_at'])
      .orderBy('id')
      .execute();
  }
}
