import type { Generated, Kysely, Transaction } from 'kysely';

// Row shapes as stored. Flags are 0/1 integers and timestamps epoch milliseconds on both
// engines; repositories turn rows into domain records.

export interface UsersTable {
  id: Generated<number>;
  email: string;
  email_key: string;
  password_hash: string | null;
  api_token: string;
  api_token_hash: string;
  fullname: Generated<string>;
  timezone: Generated<string>;
  beginning_of_week: Generated<number>;
  country_id: number | null;
  default_workspace_id: number | null;
  image_url: string | null;
  preferences: Generated<string>;
  created_at: number;
  updated_at: number;
  authorization_updated_at: number;
  /** Set by `stint user disable`: no credential of the user works while it is (migration 0014). */
  disabled_at: number | null;
  /** When the user last authenticated, to within a few minutes (migration 0014). */
  last_seen_at: number | null;
}

export interface OrganizationsTable {
  id: Generated<number>;
  name: string;
  created_at: number;
  at: number;
  deleted_at: number | null;
}

export interface OrganizationUsersTable {
  id: Generated<number>;
  organization_id: number;
  user_id: number;
  admin: Generated<number>;
  owner: Generated<number>;
  inactive: Generated<number>;
  created_at: number;
  at: number;
}

export interface WorkspacesTable {
  id: Generated<number>;
  organization_id: number;
  name: string;
  default_currency: Generated<string>;
  default_hourly_rate: number | null;
  rounding: Generated<number>;
  rounding_minutes: Generated<number>;
  only_admins_may_create_projects: Generated<number>;
  only_admins_may_create_tags: Generated<number>;
  only_admins_see_billable_rates: Generated<number>;
  only_admins_see_team_dashboard: Generated<number>;
  projects_billable_by_default: Generated<number>;
  projects_private_by_default: Generated<number>;
  projects_enforce_billable: Generated<number>;
  limit_public_project_data: Generated<number>;
  reports_collapse: Generated<number>;
  hide_start_end_times: Generated<number>;
  working_hours_in_minutes: number | null;
  logo_url: string | null;
  ical_token: string | null;
  rate_last_updated: number | null;
  created_at: number;
  at: number;
  deleted_at: number | null;
}

export interface WorkspaceUsersTable {
  id: Generated<number>;
  workspace_id: number;
  user_id: number;
  admin: Generated<number>;
  role: Generated<string>;
  /** Toggl's `active`: 0 while the member has not accepted their invitation (see migration 0013). */
  active: Generated<number>;
  /** Deactivated by an admin. */
  inactive: Generated<number>;
  rate: number | null;
  labour_cost: number | null;
  rate_last_updated: number | null;
  labour_cost_last_updated: number | null;
  working_hours_in_minutes: number | null;
  created_at: number;
  at: number;
  deleted_at: number | null;
}

export interface SessionsTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  created_at: number;
  expires_at: number;
}

export interface ClientsTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  name_key: string;
  archived: Generated<number>;
  notes: string | null;
  external_reference: string | null;
  creator_id: number | null;
  created_at: number;
  at: number;
  deleted_at: number | null;
}

export interface ProjectsTable {
  id: Generated<number>;
  workspace_id: number;
  client_id: number | null;
  name: string;
  name_key: string;
  is_private: Generated<number>;
  active: Generated<number>;
  billable: Generated<number>;
  template: Generated<number>;
  template_id: number | null;
  color: Generated<string>;
  auto_estimates: Generated<number>;
  estimated_seconds: number | null;
  rate: number | null;
  rate_last_updated: number | null;
  fixed_fee: number | null;
  currency: string | null;
  /** YYYY-MM-DD */
  start_date: string | null;
  end_date: string | null;
  recurring: Generated<number>;
  /** JSON */
  recurring_parameters: string | null;
  external_reference: string | null;
  creator_id: number | null;
  created_at: number;
  at: number;
  deleted_at: number | null;
}

export interface ProjectUsersTable {
  id: Generated<number>;
  workspace_id: number;
  project_id: number;
  user_id: number;
  manager: Generated<number>;
  rate: number | null;
  rate_last_updated: number | null;
  labor_cost: number | null;
  labor_cost_last_updated: number | null;
  created_at: number;
  at: number;
  deleted_at: number | null;
}

export interface ProjectPinsTable {
  user_id: number;
  project_id: number;
  created_at: number;
}

export interface TasksTable {
  id: Generated<number>;
  workspace_id: number;
  project_id: number;
  name: string;
  name_key: string;
  active: Generated<number>;
  estimated_seconds: number | null;
  user_id: number | null;
  rate: number | null;
  rate_last_updated: number | null;
  external_reference: string | null;
  created_at: number;
  at: number;
  deleted_at: number | null;
}

export interface TagsTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  name_key: string;
  creator_id: number | null;
  created_at: number;
  at: number;
  deleted_at: number | null;
}

export interface TimeEntriesTable {
  id: Generated<number>;
  workspace_id: number;
  user_id: number;
  project_id: number | null;
  task_id: number | null;
  description: Generated<string>;
  billable: Generated<number>;
  /** epoch seconds */
  start: number;
  /** epoch seconds; null while running */
  stop: number | null;
  /** seconds; 0 while running (the wire value −start is derived) */
  duration: Generated<number>;
  duronly: Generated<number>;
  created_with: Generated<string>;
  created_at: number;
  at: number;
  deleted_at: number | null;
  /** Null only for rows written outside Stint's services (see migration 0012). */
  guid: string | null;
}

export interface TimeEntryTagsTable {
  time_entry_id: number;
  tag_id: number;
  position: Generated<number>;
}

/** Status of a time entry invitation; only pending ones can be answered. */
export type TimeEntryInvitationStatus = 'pending' | 'accepted' | 'rejected' | 'withdrawn';

export interface TimeEntryInvitationsTable {
  id: Generated<number>;
  workspace_id: number;
  time_entry_id: number;
  sender_id: number;
  recipient_id: number;
  status: TimeEntryInvitationStatus;
  created_at: number;
  at: number;
}

/** Row shape of saved_reports (migration 0008); flags 0/1, timestamps epoch ms. */
export interface SavedReportsTable {
  id: Generated<number>;
  workspace_id: number;
  user_id: number;
  name: string;
  name_key: string;
  params: string;
  public: Generated<number>;
  fixed_daterange: Generated<number>;
  token: string;
  created_at: number;
  updated_at: number;
  updated_by: number | null;
  deleted_at: number | null;
}

/** A user group of an organization (migration 0011); deleted for good, with its memberships. */
export interface GroupsTable {
  id: Generated<number>;
  organization_id: number;
  name: string;
  name_key: string;
  created_at: number;
  at: number;
}

export interface GroupUsersTable {
  group_id: number;
  user_id: number;
  created_at: number;
}

/** The workspaces a group is attached to. */
export interface GroupWorkspacesTable {
  group_id: number;
  workspace_id: number;
  created_at: number;
}

/** Status of a workspace invitation; only pending ones can be answered. */
export type InvitationStatus = 'pending' | 'accepted' | 'rejected';

/** An invitation into an organization's workspaces, addressed to an e-mail (migration 0013). */
export interface InvitationsTable {
  id: Generated<number>;
  organization_id: number;
  /** lower-cased */
  email: string;
  code: string;
  code_hash: string;
  sender_id: number;
  recipient_id: number | null;
  status: InvitationStatus;
  created_at: number;
  updated_at: number;
}

export interface InvitationWorkspacesTable {
  invitation_id: number;
  workspace_id: number;
  admin: Generated<number>;
  role: Generated<string>;
  /** The pending membership made for an invitee who already had an account. */
  workspace_user_id: number | null;
  created_at: number;
}

/** A Webhooks API v1 subscription (migration 0015); deleted softly. */
export interface WebhookSubscriptionsTable {
  id: Generated<number>;
  workspace_id: number;
  user_id: number;
  description: string;
  url_callback: string;
  secret: string;
  /** JSON list of {entity, action} */
  event_filters: string;
  enabled: Generated<number>;
  validation_code: string;
  validated_at: number | null;
  failure_disabled_at: number | null;
  /** The head event of the queue failed: no delivery before this time. */
  retry_at: number | null;
  /** An instance delivering the queue holds it until then. */
  claimed_until: number | null;
  claimed_by: string | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export type WebhookEventStatus = 'pending' | 'delivered' | 'failed';

/** The outbox and delivery log of webhook events, one row per event and subscription. */
export interface WebhookEventsTable {
  id: Generated<number>;
  subscription_id: number;
  workspace_id: number;
  event_user_id: number | null;
  model: string;
  action: string;
  project_id: number | null;
  owner_id: number | null;
  /** JSON */
  metadata: string;
  /** JSON */
  payload: string;
  status: Generated<WebhookEventStatus>;
  failed_delivery_attempts: Generated<number>;
  last_delivery_attempt: number | null;
  last_delivery_error: string | null;
  delivered_at: number | null;
  created_at: number;
}

export interface DB {
  users: UsersTable;
  organizations: OrganizationsTable;
  organization_users: OrganizationUsersTable;
  workspaces: WorkspacesTable;
  workspace_users: WorkspaceUsersTable;
  sessions: SessionsTable;
  clients: ClientsTable;
  projects: ProjectsTable;
  project_users: ProjectUsersTable;
  project_pins: ProjectPinsTable;
  tasks: TasksTable;
  tags: TagsTable;
  time_entries: TimeEntriesTable;
  time_entry_tags: TimeEntryTagsTable;
  saved_reports: SavedReportsTable;
  time_entry_invitations: TimeEntryInvitationsTable;
  groups: GroupsTable;
  group_users: GroupUsersTable;
  group_workspaces: GroupWorkspacesTable;
  invitations: InvitationsTable;
  invitation_workspaces: InvitationWorkspacesTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_events: WebhookEventsTable;
}

/** What a repository runs its statements on: the database, or a transaction of it. */
export type Executor = Kysely<DB> | Transaction<DB>;
