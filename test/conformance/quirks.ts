/**
 * Known exceptions to the strict reading of Toggl's swagger files, used by validator.ts.
 *
 * The swagger files are Toggl's own and are not edited (spec/toggl-spec.json is generated from them unchanged); where they are
 * wrong about what Toggl really answers, or where a field is conditional, the exception lives here.
 * Every entry carries a `reason`: say why the exception is right, not just that a test needed it.
 * validator.test.ts checks that each entry names a definition, field or operation that exists.
 */

export type SpecName = 'track-v9' | 'reports-v3' | 'webhooks-v1';

/** A schema in swagger-2 form; may use `$ref: '#/definitions/X'` into the same spec. */
export type SwaggerSchema = Record<string, any>;

export interface OptionalField {
  /** Definition name as in the swagger file (applies in every spec that has a definition of that name). */
  definition: string;
  field: string;
  reason: string;
}

export interface OpenDefinition {
  definition: string;
  reason: string;
}

export interface ResponseOverride {
  spec: SpecName;
  /** `METHOD /template` exactly as validateResponse reports it. */
  operation: string;
  status: number;
  /** Replaces `responses[status].schema`. Inline objects may list optional fields in `x-stint-optional`. */
  schema: SwaggerSchema;
  reason: string;
}

export interface DefinitionOverride {
  spec: SpecName;
  definition: string;
  schema: SwaggerSchema;
  reason: string;
}

/** A field real Toggl sends that the swagger's definition leaves out: declared, so its type is checked and its presence demanded. */
export interface ExtraField {
  spec: SpecName;
  definition: string;
  field: string;
  schema: SwaggerSchema;
  reason: string;
}

export interface NullableResponse {
  spec: SpecName;
  operation: string;
  reason: string;
}

export interface Quirks {
  /** Fields the presence check does not demand (the value is still type-checked when sent). */
  optionalFields: OptionalField[];
  /** Definitions whose objects may carry properties the swagger does not declare. */
  openDefinitions: OpenDefinition[];
  /** Operations whose top-level 2xx body may be JSON `null`. */
  nullableResponses: NullableResponse[];
  /** Replacement 2xx schemas for operations whose swagger schema is wrong about the body. */
  responseOverrides: ResponseOverride[];
  /** Replacement definitions (used wherever the definition is referenced). */
  definitionOverrides: DefinitionOverride[];
  /** Fields added to a definition (after definitionOverrides); the presence check then demands them. */
  extraFields: ExtraField[];
}

const TE = 'github_com_toggl_toggl_api_internal_models.TimeEntry';
const TOGGL_USER = 'github_com_toggl_toggl_api_internal_models.TogglUser';
const WORKSPACE = 'github_com_toggl_toggl_api_internal_models.Workspace';
const metaOnly = "only sent with meta=true ('Related entities meta fields - if requested')";

/** Sub-group of a summary report group, as recorded from real Toggl (reports-v3-responses.md §3). */
const summarySubGroup: SwaggerSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer', 'x-nullable': true },
    title: { type: 'string' },
    seconds: { type: 'integer' },
    local_start: { type: 'string' },
    project_color: { type: 'string' },
    project_hex_color: { type: 'string' },
    ForExport: { type: 'boolean' },
    DistinguishRates: { type: 'boolean' },
    Grouping: { type: 'string' },
    SubGrouping: { type: 'string' },
    ids: { type: 'array', items: { type: 'integer' } },
    rates: { type: 'array', items: { $ref: '#/definitions/base.BillableHourlyRate' } },
  },
  // project_* only with grouping=projects, ids only with include_time_entry_ids, rates absent on free plans.
  'x-stint-optional': ['project_color', 'project_hex_color', 'ids', 'rates'],
};

/** models.Client plus server_deleted_at, which only deleted clients of a `since` listing carry. */
const meClient: SwaggerSchema = {
  type: 'object',
  properties: {
    archived: { type: 'boolean' },
    at: { type: 'string' },
    creator_id: { type: 'integer' },
    external_reference: { type: 'string' },
    id: { type: 'integer' },
    integration_ext_id: { type: 'string' },
    integration_ext_type: { type: 'string' },
    integration_provider: { $ref: '#/definitions/models.IntegrationProvider' },
    name: { type: 'string' },
    notes: { type: 'string' },
    permissions: { type: 'array', items: { type: 'string' } },
    total_count: { type: 'integer' },
    wid: { type: 'integer' },
    server_deleted_at: { type: 'string' },
  },
  'x-stint-optional': ['server_deleted_at'],
};

export const quirks: Quirks = {
  optionalFields: [
    ...['city', 'city_lat_long', 'country_code', 'country_name', 'state'].map((field) => ({
      definition: 'me.UserLocationResponse',
      field,
      reason: "the operation's description: 'If no data is present, empty response will be yielded' — Stint has no IP geolocation data",
    })),
    { definition: TE, field: 'client_id', reason: metaOnly },
    { definition: TE, field: 'client_name', reason: metaOnly },
    { definition: TE, field: 'project_name', reason: metaOnly },
    { definition: TE, field: 'project_color', reason: metaOnly },
    { definition: TE, field: 'project_active', reason: metaOnly },
    { definition: TE, field: 'project_billable', reason: metaOnly },
    { definition: TE, field: 'task_name', reason: metaOnly },
    { definition: TE, field: 'user_name', reason: metaOnly },
    { definition: TE, field: 'user_avatar_url', reason: metaOnly },

    // Reports v3 detailed rows: these come only with enrich_response=true (reports-v3-responses.md §1).
    ...['email', 'client_name', 'project_name', 'project_color', 'project_hex', 'task_name', 'tag_names', 'toggl_accounts_id'].map(
      (field) => ({ definition: 'detailed.GroupedTimeEntry', field, reason: 'only sent with enrich_response=true (reports-v3-responses.md §1)' }),
    ),
    // Summary groups: colors only when grouping=projects, ids only for tag grouping, names only in exports (§3).
    { definition: 'summary.GroupData', field: 'project_color', reason: 'only sent when grouping=projects (reports-v3-responses.md §3)' },
    { definition: 'summary.GroupData', field: 'project_hex_color', reason: 'only sent when grouping=projects (reports-v3-responses.md §3)' },
    { definition: 'summary.GroupData', field: 'ids', reason: 'only used by tag grouping; absent in recorded project-grouped answers (§3)' },
    { definition: 'summary.GroupData', field: 'names', reason: "described as 'used for summary export'; absent in recorded JSON answers (§3)" },
    // A shared report carries exactly one *_results object, according to its report_type (§5).
    ...['detailed_results', 'summary_results', 'weekly_results'].map((field) => ({
      definition: 'saved.ReportOutput',
      field,
      reason: 'only the results object matching report_type is sent (reports-v3-responses.md §5)',
    })),
  ],

  openDefinitions: [],

  nullableResponses: [
    { spec: 'track-v9', operation: 'GET /me/time_entries/current', reason: 'real Toggl answers 200 null when no timer runs (spec README)' },
  ],

  responseOverrides: [
    {
      spec: 'webhooks-v1',
      operation: 'GET /event_filters',
      status: 200,
      schema: {
        type: 'object',
        properties: Object.fromEntries(
          ['client', 'project', 'project_user', 'tag', 'task', 'time_entry', 'workspace', 'workspace_user'].map((e) => [e, { type: 'array', items: { type: 'string' } }]),
        ),
      },
      reason:
        "the swagger's example object names three entities, but the answer lists every entity events are sent for (the webhooks guide's filters name tags too: {\"entity\": \"tag\", \"action\": \"*\"}); Stint also reports tasks, project users, workspaces and workspace users",
    },
    {
      spec: 'track-v9',
      operation: 'POST /workspaces/{workspace_id}/tags',
      status: 200,
      schema: { $ref: '#/definitions/models.Tag' },
      reason:
        'swagger says an array; Toggl answers the one tag created, and clients read it as an object (raycast toggl-track createTag, toggl-go Tag, OpenTickly PostPublicTrackTags)',
    },
    {
      spec: 'track-v9',
      operation: 'PUT /workspaces/{workspace_id}/tags/{tag_id}',
      status: 200,
      schema: { $ref: '#/definitions/models.Tag' },
      reason: 'swagger says an array; Toggl answers the one tag changed, read as an object by clients (same evidence as POST)',
    },
    {
      spec: 'reports-v3',
      operation: 'POST /insights/api/v1/workspace/{workspace_id}/trends/projects.{extension}',
      status: 200,
      schema: { type: 'string' },
      reason: "swagger declares a JSON array, but the operation's description says it downloads the trends as a CSV or XLSX file",
    },
    {
      spec: 'track-v9',
      operation: 'GET /me/clients',
      status: 200,
      schema: { type: 'array', items: meClient },
      reason:
        "with ?since Toggl also lists deleted clients, marked by server_deleted_at, which models.Client does not declare (toggl/mobileapp Client.ServerDeletedAt; toggl-go Client; toggl/mobileapp#2073: only with since)",
    },
    {
      spec: 'reports-v3',
      operation: 'POST /reports/api/v3/workspace/{workspace_id}/search/time_entries',
      status: 200,
      schema: { type: 'array', items: { $ref: '#/definitions/detailed.GroupedTimeEntry' } },
      reason: 'swagger says string; real body is an array of detailed rows (reports-v3-responses.md §1)',
    },
    {
      spec: 'reports-v3',
      operation: 'POST /reports/api/v3/workspace/{workspace_id}/search/time_entries/totals',
      status: 200,
      schema: { $ref: '#/definitions/totals.ReportData' },
      reason: 'swagger says string; real body is totals.ReportData (reports-v3-responses.md §2)',
    },
    {
      spec: 'reports-v3',
      operation: 'POST /reports/api/v3/workspace/{workspace_id}/summary/time_entries',
      status: 200,
      schema: { $ref: '#/definitions/summary.ReportData' },
      reason: 'swagger says string; real body is {"groups":[...]} (reports-v3-responses.md §3)',
    },
    {
      spec: 'reports-v3',
      operation: 'POST /reports/api/v3/workspace/{workspace_id}/weekly/time_entries',
      status: 200,
      schema: { type: 'array', items: { $ref: '#/definitions/weekly.DataRow' } },
      reason: 'swagger says string; real body is an array of weekly.DataRow (reports-v3-responses.md §4)',
    },
  ],

  definitionOverrides: [
    {
      spec: 'reports-v3',
      definition: 'indexed.Indexed-summary_SubGroupData-string',
      schema: { type: 'array', items: summarySubGroup },
      reason: 'swagger types sub_groups as an id-keyed object; real Toggl sends an array (reports-v3-responses.md §3)',
    },
  ],

  extraFields: [
    // Recorded GET /me and PUT /me answers of real Toggl (evrone/toggl-python tests/responses/me_get.py, me_put.py)
    // carry the user's Toggl Accounts id, and PUT /me its update time; that client requires both.
    ...['related.UserWithRelated', TOGGL_USER].map((definition) => ({
      spec: 'track-v9' as const,
      definition,
      field: 'toggl_accounts_id',
      schema: { type: 'string' },
      reason: 'sent by real Toggl on GET and PUT /me (recorded answers in evrone/toggl-python), not declared by the swagger',
    })),
    {
      spec: 'track-v9',
      definition: TOGGL_USER,
      field: 'toggl_accounts_updated_at',
      schema: { type: 'string' },
      reason: 'sent by real Toggl on PUT /me (recorded answer in evrone/toggl-python me_put.py), not declared by the swagger',
    },
    // v9 workspaces of real Toggl carry these three; the swagger's Workspace and WithActiveProjectCount leave them
    // out. evrone/toggl-python's WorkspaceResponse requires all three.
    ...[WORKSPACE, 'workspace.WithActiveProjectCount'].flatMap((definition) =>
      [
        {
          field: 'only_admins_see_billable_rates',
          schema: { type: 'boolean' },
          reason: "the workspace setting v8 documents; still in real v9 workspace answers (recorded ones quoted by clients, toggl-python's WorkspaceResponse)",
        },
        {
          field: 'profile',
          schema: { type: 'integer' },
          reason: "the plan's profile id, in recorded v9 workspace answers (0 on a free plan in toggl-python's workspace_get.py, 102 on a premium one)",
        },
        {
          field: 'server_deleted_at',
          schema: { type: 'string' },
          reason: 'null for a live workspace, in recorded v9 workspace answers (toggl-python workspace_get.py)',
        },
      ].map((f) => ({ spec: 'track-v9' as const, definition, ...f })),
    ),
  ],
};
