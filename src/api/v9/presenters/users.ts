import { createHash } from 'node:crypto';
import type { User } from '../../../domain/users/users.types.js';
import { formatMicros } from '../../../time.js';

// shortuuid's alphabet: Toggl's account ids look like its 22-character ids ("uWGsHAeXZGhJvQ3XjdY63h").
const ACCOUNTS_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const ACCOUNTS_BASE = BigInt(ACCOUNTS_ALPHABET.length);

/**
 * Stint has no Toggl Accounts, but clients treat toggl_accounts_id as a required 22-character string
 * (toggl-python validates exactly that), so each user gets one derived from what never changes: their
 * id and creation time. That keeps it stable without a column, and unlike the bare id, unlikely to
 * repeat between two Stint installations.
 */
function togglAccountsId(user: Pick<User, 'id' | 'created_at'>): string {
  let n = BigInt('0x' + createHash('sha256').update(`stint-user:${user.id}:${user.created_at}`).digest('hex').slice(0, 32));
  let out = '';
  for (let i = 0; i < 22; i++) {
    out = ACCOUNTS_ALPHABET[Number(n % ACCOUNTS_BASE)] + out;
    n /= ACCOUNTS_BASE;
  }
  return out;
}

/** The fields models.TogglUser and related.UserWithRelated share. */
function userFields(user: User) {
  return {
    '2fa_enabled': false,
    api_token: user.api_token,
    at: formatMicros(user.updated_at),
    beginning_of_week: user.beginning_of_week,
    country_id: user.country_id,
    created_at: formatMicros(user.created_at),
    default_workspace_id: user.default_workspace_id,
    email: user.email,
    fullname: user.fullname,
    has_password: user.password_hash !== null,
    id: user.id,
    image_url: user.image_url,
    openid_email: null,
    openid_enabled: false,
    timezone: user.timezone,
    toggl_accounts_id: togglAccountsId(user),
    updated_at: formatMicros(user.updated_at),
  };
}

/**
 * models.TogglUser as PUT /me answers it. Real Toggl adds when the user's Toggl Accounts record
 * changed; here the profile is that record, so it changed when the user did.
 */
export function presentUser(user: User) {
  return { ...userFields(user), toggl_accounts_updated_at: formatMicros(user.updated_at) };
}

export interface RelatedData {
  clients: unknown[];
  projects: unknown[];
  tags: unknown[];
  tasks: unknown[];
  time_entries: unknown[];
  workspaces: unknown[];
}

const orNull = (list: unknown[] | undefined) => (list && list.length > 0 ? list : null);

/**
 * related.UserWithRelated. Related lists are null unless with_related_data was asked for,
 * and null too when the user has none of that kind, as the spec says. intercom_hash identifies the
 * user to Toggl's Intercom support chat, which a self-hosted server has not.
 */
export function presentMe(user: User, related?: RelatedData) {
  return {
    ...userFields(user),
    authorization_updated_at: formatMicros(user.authorization_updated_at),
    intercom_hash: null,
    oauth_providers: [] as string[],
    clients: orNull(related?.clients),
    projects: orNull(related?.projects),
    tags: orNull(related?.tags),
    tasks: orNull(related?.tasks),
    time_entries: orNull(related?.time_entries),
    workspaces: orNull(related?.workspaces),
  };
}
