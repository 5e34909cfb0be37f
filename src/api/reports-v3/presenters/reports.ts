// Reports v3 wire shapes, field by field, in the key order of Toggl's recorded answers
// (Toggl's Reports v3 response reference). Times of entries carry the requesting user's offset.
import { formatInZone, formatLocalWithZ } from '../../../domain/reports/report-range.js';
import type {
  DetailedRow,
  ProjectUserSummary,
  RateTotal,
  SummaryGroup,
  SummaryReport,
  SummarySubGroup,
  TotalsReport,
  WeeklyRow,
} from '../../../domain/reports/reports.types.js';
import { formatSeconds } from '../../../time.js';

/**
 * `project_color` is Toggl's legacy palette index as a string; recorded answers send "0" whatever
 * the hex color (reports-v3-responses.md §3, two projects with different hex colors).
 */
const LEGACY_PROJECT_COLOR = '0';

/** base.BillableHourlyRate */
function presentRate(r: RateTotal) {
  return { billable_seconds: r.billable_seconds, currency: r.currency, hourly_rate_in_cents: r.hourly_rate_in_cents };
}

/**
 * A year's summary holds tens of thousands of sub-groups, so this builds each one in a single
 * object in wire order (optional fields assigned conditionally) rather than through spreads.
 */
function presentSubGroup(report: SummaryReport, s: SummarySubGroup, withColors: boolean) {
  const out: Record<string, unknown> = {
    id: s.id,
    // Toggl's Go structs send "" rather than null for a missing title.
    title: s.title ?? '',
    seconds: s.seconds,
    local_start: formatLocalWithZ(s.first_start, report.range.zone),
  };
  if (withColors) {
    out.project_color = s.project_hex_color === null ? null : LEGACY_PROJECT_COLOR;
    out.project_hex_color = s.project_hex_color;
  }
  // Internal fields real Toggl leaks in every sub-group (fixture, §3).
  out.ForExport = false;
  out.DistinguishRates = report.distinguish_rates;
  out.Grouping = report.grouping;
  out.SubGrouping = report.sub_grouping;
  if (s.time_entry_ids) out.ids = s.time_entry_ids;
  if (s.rates) out.rates = s.rates.map(presentRate);
  return out;
}

function presentGroup(report: SummaryReport, g: SummaryGroup) {
  const withColors = report.grouping === 'projects' || report.sub_grouping === 'projects';
  return {
    id: g.id,
    sub_groups: g.sub_groups.map((s) => presentSubGroup(report, s, withColors)),
    ...(report.grouping === 'projects'
      ? { project_color: g.project_hex_color === null ? null : LEGACY_PROJECT_COLOR, project_hex_color: g.project_hex_color }
      : {}),
    ...(report.grouping === 'tags' ? { ids: g.tag_ids ?? [] } : {}),
  };
}

/** summary.ReportData: `{"groups":[…]}` and nothing else (§3). */
export function presentSummary(report: SummaryReport) {
  return { groups: report.groups.map((g) => presentGroup(report, g)) };
}

/** detailed.GroupedTimeEntry; the enriched fields only with enrich_response (§1). */
export function presentDetailedRow(row: DetailedRow, zone: string, options: { enrich: boolean }) {
  return {
    user_id: row.user_id,
    username: row.username,
    ...(options.enrich ? { email: row.email } : {}),
    project_id: row.project_id,
    ...(options.enrich ? { project_name: row.project_name, project_color: row.project_hex_color, project_hex: row.project_hex_color, client_name: row.client_name } : {}),
    task_id: row.task_id,
    ...(options.enrich ? { task_name: row.task_name } : {}),
    billable: row.billable,
    description: row.description,
    tag_ids: row.tag_ids,
    ...(options.enrich ? { tag_names: row.tag_names, toggl_accounts_id: null } : {}),
    billable_amount_in_cents: row.billable_amount_in_cents,
    hourly_rate_in_cents: row.hourly_rate_in_cents,
    currency: row.currency,
    time_entries: row.time_entries.map((e) => ({
      id: e.id,
      seconds: e.seconds,
      start: formatInZone(e.start, zone),
      stop: formatInZone(e.stop, zone),
      at: formatSeconds(e.at),
      at_tz: formatInZone(Math.floor(e.at / 1000), zone),
    })),
    row_number: row.row_number,
  };
}

/** totals.ReportData (§2). Without with_graph the graph is empty. */
export function presentTotals(t: TotalsReport) {
  return {
    seconds: t.seconds,
    billable_amount_in_cents: t.billable_amount_in_cents,
    labour_cost_in_cents: t.labour_cost_in_cents,
    tracked_days: t.tracked_days,
    resolution: t.resolution,
    graph: (t.graph ?? []).map((b) => ({
      seconds: b.seconds,
      by_rate: b.by_rate,
      billable_amount_in_cents: b.billable_amount_in_cents,
      labour_cost_in_cents: b.labour_cost_in_cents,
    })),
    rates: t.rates ? t.rates.map(presentRate) : null,
  };
}

/** weekly.DataRow (§4). Stint has no planned tasks, so planned_task_id is always null. */
export function presentWeeklyRow(r: WeeklyRow) {
  return {
    user_id: r.user_id,
    project_id: r.project_id,
    planned_task_id: null,
    seconds: r.seconds,
    billable_seconds: r.billable_seconds,
    billable_amounts_in_cents: r.billable_amounts_in_cents,
    hourly_rate_in_cents: r.hourly_rate_in_cents,
    currency: r.currency,
    user_name: r.user_name,
    project_name: r.project_name,
    client_name: r.client_name,
    project_color: r.project_hex_color === null ? null : LEGACY_PROJECT_COLOR,
    project_hex_color: r.project_hex_color,
  };
}

/** users.ProjectUsersSummaryRow */
export function presentProjectUser(r: ProjectUserSummary) {
  return { billable_seconds: r.billable_seconds, project_id: r.project_id, tracked_seconds: r.tracked_seconds, user_id: r.user_id };
}
