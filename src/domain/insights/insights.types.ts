// Trends and comparisons over tracked time: the comparative report, data trends per project,
// client or user, project and employee profitability, and project trends against a previous
// period. Every number comes from time entries and the rates, labour costs and fixed fees kept in
// Stint; money is in cents.
import type { Resolution } from '../reports/report-filters.js';

export type TrendKind = 'projects' | 'clients' | 'users';

/** comparative.report */
export interface ComparativeReport {
  resolution: Resolution;
  data: { date: string; seconds: number }[];
}

/** One entity's time in one bucket of a data trend. */
export interface TrendEntity {
  id: number;
  name: string;
  total_seconds: number;
  billable_seconds: number;
  /** In the requested currency; null when the viewer may not see amounts. */
  earnings: number | null;
  /** Projects only. */
  color: string | null;
  currency: string | null;
}

export interface DataTrends {
  kind: TrendKind;
  currency: string;
  resolution: Resolution;
  buckets: { date: string; entities: TrendEntity[] }[];
}

export interface ProfitabilityRow {
  project_id: number;
  name: string;
  color: string;
  client_name: string | null;
  currency: string;
  total_seconds: number;
  billable_seconds: number;
  /** The fixed fee for fixed-fee projects; otherwise billable time at its rates. */
  earnings: number;
  labour_cost: number;
  fixed_fee: boolean;
}

export interface ProjectProfitability {
  currency: string;
  resolution: Resolution;
  start_date: string;
  end_date: string;
  /** Time-based earnings and labour cost per bucket (fixed fees are not dated, so not in the graph). */
  graph: { date: string; earnings: number; labour_cost: number }[];
  table: ProfitabilityRow[];
}

export type EmployeeResolution = Resolution | 'quarter';

export interface EmployeeProfitabilityRow {
  /** First day of the row's period; the whole range's first day without a resolution. */
  period_start: string;
  period_end: string;
  user_id: number;
  name: string;
  email: string;
  total_seconds: number;
  billable_seconds: number;
  earnings: number;
  labour_cost: number;
}

export interface EmployeeProfitability {
  currency: string;
  start_date: string;
  end_date: string;
  resolution: EmployeeResolution | null;
  rows: EmployeeProfitabilityRow[];
}

/** projects.ProjectTrends, with the periods as dates. */
export interface ProjectTrend {
  project_id: number;
  name: string;
  start: string;
  end: string;
  previous_start: string;
  previous_end: string;
  current_period_seconds: number[];
  previous_period_seconds: number[];
  user_ids: number[];
}

/** Project trends over one period and the previous one. */
export interface ProjectTrends {
  start_date: string;
  end_date: string;
  previous_start: string;
  previous_end: string;
  trends: ProjectTrend[];
}
