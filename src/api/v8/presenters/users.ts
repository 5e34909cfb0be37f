import { PREFERENCE_DEFAULTS } from '../../../domain/users/preferences.defaults.js';
import type { User } from '../../../domain/users/users.types.js';
import type { WorkspaceMember } from '../../../domain/workspaces/workspaces.types.js';
import { formatSeconds } from '../../../time.js';

// v8 clients render with jQuery's date/time tokens besides the moment.js ones v9 keeps.
const jqueryDate = (format: string) => format.replace('YYYY', 'Y').replace('MM', 'm').replace('DD', 'd');
const jqueryTime = (format: string) => format.replace('mm', 'i');

const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
const bool = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);

/** The v8 user object (GET/PUT /me, /sessions, /signups). */
export function presentUser(user: User) {
  const prefs = { ...PREFERENCE_DEFAULTS, ...user.preferences };
  const dateFormat = text(prefs.date_format, 'MM/DD/YYYY');
  const timeFormat = text(prefs.timeofday_format, 'h:mm A');
  return {
    id: user.id,
    api_token: user.api_token,
    default_wid: user.default_workspace_id,
    email: user.email,
    fullname: user.fullname,
    jquery_timeofday_format: jqueryTime(timeFormat),
    jquery_date_format: jqueryDate(dateFormat),
    timeofday_format: timeFormat,
    date_format: dateFormat,
    // Stint keeps every entry's start and stop.
    store_start_and_stop_time: true,
    beginning_of_week: user.beginning_of_week,
    language: 'en_US',
    image_url: user.image_url,
    duration_format: text(prefs.duration_format, 'improved'),
    at: formatSeconds(user.updated_at),
    created_at: formatSeconds(user.created_at),
    timezone: user.timezone,
    openid_enabled: false,
    send_product_emails: bool(prefs.send_product_emails, true),
    send_weekly_report: bool(prefs.send_weekly_report, true),
    send_timer_notifications: bool(prefs.send_timer_notifications, true),
  };
}

/** A member in GET /workspaces/{wid}/users: the person, never their token or settings. */
export function presentMember(m: WorkspaceMember) {
  return {
    id: m.user_id,
    email: m.email,
    fullname: m.fullname,
    image_url: m.image_url,
    timezone: m.timezone,
  };
}
