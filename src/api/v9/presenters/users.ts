import type { User } from '../../../domain/users/users.types.js';
import { formatMicros } from '../../../time.js';

/** models.TogglUser: the user as PUT /me and the base of GET /me answer it. */
export function presentUser(user: User) {
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
    updated_at: formatMicros(user.updated_at),
  };
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
 * and null too when the user has none of that kind, as the spec says.
 */
export function presentMe(user: User, related?: RelatedData) {
  return {
    ...presentUser(user),
    authorization_updated_at: formatMicros(user.authorization_updated_at),
    oauth_providers: [] as string[],
    clients: orNull(related?.clients),
    projects: orNull(related?.projects),
    tags: orNull(related?.tags),
    tasks: orNull(related?.tasks),
    time_entries: orNull(related?.time_entries),
    workspaces: orNull(related?.workspaces),
  };
}
