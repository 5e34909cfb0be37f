import type { DetailedOptions, Grouping, Resolution, SubGrouping } from './report-filters.js';
import type { ReportRange } from './report-range.js';

/** Billable time at one hourly rate (base.BillableHourlyRate), with the amount it earns. */
export interface RateTotal {
  hourly_rate_in_cents: number;
  currency: string;
  billable_seconds: number;
  amount_in_cents: number;
}

/** What the viewer may see of money, resolved once per report. */
export interface MoneyVisibility {
  /** Billable rates and amounts (hidden from members when only admins see billable rates). */
  amounts: boolean;
  /** Labour costs: admins only. */
  labour_costs: boolean;
}

export interface SummarySubGroup {
  /** Entity id; null for the time_entries sub-grouping and for "without project/client/…". */
  id: number | null;
  /** Description (time_entries), entity name, or tag names joined; null for "without …". */
  title: string | null;
  seconds: number;
  billable_seconds: number;
  /** Earliest start (epoch seconds). */
  first_start: number;
  /** Per rate; null when amounts are hidden. */
  rates: RateTotal[] | null;
  amount_in_cents: number | null;
  /** Time entry ids, only with include_time_entry_ids. */
  time_entry_ids: number[] | null;
  /** Tag ids when sub-grouped by tags. */
  tag_ids: number[] | null;
  /** Hex color of the project this sub-group belongs to or is, when projects are involved. */
  project_hex_color: string | null;
  /** Client of a project sub-group, for exports. */
  client_name: string | null;
}

export interface SummaryGroup {
  id: number | null;
  /** Tag ids of a tags group (the entries' whole tag set). */
  tag_ids: number[] | null;
  title: string | null;
  /** Client of a project group, for exports. */
  client_name: string | null;
  project_hex_color: string | null;
  seconds: number;
  billable_seconds: number;
  amount_in_cents: number | null;
  rates: RateTotal[] | null;
  sub_groups: SummarySubGroup[];
}

export interface SummaryReport {
  grouping: Grouping;
  sub_grouping: SubGrouping;
  distinguish_rates: boolean;
  range: ReportRange;
  money: MoneyVisibility;
  /** The workspace's currency, for amount columns. */
  currency: string;
  groups: SummaryGroup[];
}

export interface DetailedTimeEntry {
  id: number;
  /** Rounded when the report rounds. */
  seconds: number;
  /** Epoch seconds. */
  start: number;
  stop: number;
  /** Epoch milliseconds. */
  at: number;
}

export interface DetailedRow {
  row_number: number;
  user_id: number;
  username: string;
  email: string;
  project_id: number | null;
  project_name: string | null;
  project_hex_color: string | null;
  client_name: string | null;
  task_id: number | null;
  task_name: string | null;
  billable: boolean;
  description: string;
  tag_ids: number[];
  tag_names: string[];
  /** Null when no rate applies or amounts are hidden. */
  hourly_rate_in_cents: number | null;
  billable_amount_in_cents: number | null;
  currency: string;
  time_entries: DetailedTimeEntry[];
}

export interface DetailedPage {
  range: ReportRange;
  options: DetailedOptions;
  rows: DetailedRow[];
  /** The first entry of the next page, when there is one. */
  next: { id: number; row_number: number; timestamp: number } | null;
}

export interface TotalsBucket {
  seconds: number;
  billable_seconds: number;
  /** Billable seconds per hourly rate in cents. */
  by_rate: Record<string, number> | null;
  billable_amount_in_cents: number | null;
  labour_cost_in_cents: number | null;
}

export interface TotalsReport {
  range: ReportRange;
  money: MoneyVisibility;
  currency: string;
  seconds: number;
  billable_seconds: number;
  billable_amount_in_cents: number | null;
  labour_cost_in_cents: number | null;
  tracked_days: number;
  /** Number of entries the report counts (Reports v2's detailed `total_count`). */
  entry_count: number;
  resolution: Resolution;
  /** One bucket per resolution step from start_date; null unless the graph was asked for. */
  graph: TotalsBucket[] | null;
  rates: RateTotal[] | null;
}

export interface WeeklyRow {
  user_id: number;
  user_name: string;
  project_id: number | null;
  project_name: string | null;
  client_name: string | null;
  project_hex_color: string | null;
  /** Seven values, one per day from the range's first day. */
  seconds: number[];
  billable_seconds: number[];
  billable_amounts_in_cents: number[] | null;
  /** The row's rate when one rate applies to all of it. */
  hourly_rate_in_cents: number | null;
  currency: string;
}

export interface WeeklyReport {
  range: ReportRange;
  money: MoneyVisibility;
  currency: string;
  rows: WeeklyRow[];
}

/** users.ProjectUsersSummaryRow */
export interface ProjectUserSummary {
  user_id: number;
  project_id: number;
  tracked_seconds: number;
  billable_seconds: number;
}

/** The applied filters in words, for export headers. */
export interface ReportContext {
  workspace_name: string;
  filters: { label: string; value: string }[];
}
