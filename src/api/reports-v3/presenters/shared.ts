import type { ReportDictionaries } from '../../../domain/saved-reports/saved-reports.types.js';
import type { SharedReportOutput } from '../../../domain/saved-reports/shared-reports.service.js';
import { nullable } from '../../../time.js';
import { presentDetailedRow, presentSummary, presentTotals, presentWeeklyRow } from './reports.js';

const byId = <T extends { id: number }, R>(list: T[], present: (item: T) => R): Record<string, R> =>
  Object.fromEntries(list.map((item) => [String(item.id), present(item)]));

/** dictionary.ReportDictionaries: id-keyed maps. */
function presentDictionaries(d: ReportDictionaries) {
  const maps = {
    clients: byId(d.clients, (c) => ({ external_reference: c.external_reference, id: c.id, name: c.name })),
    projects: byId(d.projects, (p) => ({
      actual_hours: Math.floor(p.actual_seconds / 3600),
      actual_seconds: p.actual_seconds,
      client_id: p.client_id,
      color: p.color,
      currency: p.currency,
      custom_period: p.custom_period,
      end_date: p.end_date,
      estimated_hours: nullable(p.estimated_seconds, (s) => Math.floor(s / 3600)),
      estimated_seconds: p.estimated_seconds,
      external_reference: p.external_reference,
      fixed_fee: p.fixed_fee,
      id: p.id,
      name: p.name,
      recurring: p.recurring,
      recurring_period: p.recurring_period,
      start_date: p.start_date,
    })),
    tags: byId(d.tags, (t) => ({ id: t.id, name: t.name })),
    tasks: byId(d.tasks, (t) => ({ estimated_seconds: t.estimated_seconds, id: t.id, name: t.name, project_id: t.project_id, tracked_seconds: t.tracked_seconds })),
    user_groups: byId(d.user_groups, (g) => ({ id: g.id, name: g.name })),
    users: byId(d.users, (u) => ({ avatar_url: u.avatar_url, email: u.email, group_ids: u.group_ids, id: u.id, labour_cost: u.labour_cost, name: u.name })),
  };
  // `filters` is the deprecated copy of the same maps ("Remove it after FlexQ release"); older
  // readers still look there.
  return { ...maps, filters: maps };
}

/** saved.ReportOutput: the saved report's settings, its parameters, and one *_results object (§5). */
export function presentSharedReport(out: SharedReportOutput) {
  const { run } = out;
  const totals = presentTotals(out.totals);
  const zone = out.detailed?.range.zone ?? '';
  return {
    report_name: run.saved.name,
    report_type: run.type,
    public: run.saved.public,
    fixed_daterange: run.saved.fixed_daterange,
    hide_amounts: run.hideAmounts,
    is_commenting_enabled: false,
    workspace_logo: run.workspace.logo_url ?? '',
    features: {} as Record<string, boolean>,
    saved_params: run.saved.params,
    input_params: run.input,
    dictionaries: presentDictionaries(out.dictionaries),
    ...(out.summary ? { summary_results: { report: presentSummary(out.summary), totals } } : {}),
    ...(out.detailed ? { detailed_results: { report: out.detailed.rows.map((r) => presentDetailedRow(r, zone, { enrich: out.enrich })), totals } } : {}),
    ...(out.weekly ? { weekly_results: { report: out.weekly.rows.map(presentWeeklyRow), totals } } : {}),
  };
}
