// Reports API v2 wire shapes, field by field, after the reference (reports*.md) and recorded
// answers: durations in milliseconds, amounts as decimals, times in the user's offset, and null
// (not 0) where Toggl's sums are empty.
import { formatInZone } from '../../domain/reports/report-range.js';
import type { DetailedPage, DetailedRow, RateTotal, SummaryGroup, SummaryReport, SummarySubGroup, TotalsReport, WeeklyReport, WeeklyRow } from '../../domain/reports/reports.types.js';
import type { DashboardTask, ProjectDashboard } from '../../domain/project-dashboard/project-dashboard.types.js';
import { colorToV8 } from '../v8/presenters/projects.js';
import { PER_PAGE, type SummaryRequest, type WeeklyRequest } from './params.js';

interface CurrencyAmount {
  currency: string | null;
  amount: number | null;
}

const ms = (seconds: number): number => seconds * 1000;
/** A sum over nothing is null in Toggl's answers (total_billable without billable time). */
const msOrNull = (seconds: number): number | null => (seconds === 0 ? null : seconds * 1000);
const decimal = (cents: number): number => Math.round(cents) / 100;
const decimalOrNull = (cents: number | null): number | null => (cents === null ? null : decimal(cents));

/** Amounts per currency, from the rates that earned them. */
function currencies(rates: RateTotal[] | null): CurrencyAmount[] {
  const byCurrency = new Map<string, number>();
  for (const r of rates ?? []) byCurrency.set(r.currency, (byCurrency.get(r.currency) ?? 0) + r.amount_in_cents);
  return [...byCurrency].map(([currency, cents]) => ({ currency, amount: decimal(cents) }));
}

/** The report-level list: one empty item when there is nothing to show, as Toggl answers. */
const reportCurrencies = (list: CurrencyAmount[]): CurrencyAmount[] => (list.length ? list : [{ currency: null, amount: null }]);

/** v8's palette index (as text) beside the hex colour; "0" for colours outside the palette. */
function projectTitle(name: string | null, client: string | null, hex: string | null) {
  if (name === null) return { project: null, client: null };
  return { project: name, client, color: hex === null ? null : (colorToV8(hex) ?? '0'), hex_color: hex };
}

// ---------------------------------------------------------------------------------------------
// Detailed

function presentDetailRow(row: DetailedRow, zone: string) {
  const e = row.time_entries[0]!;
  const amount = row.billable_amount_in_cents;
  return {
    id: e.id,
    pid: row.project_id,
    tid: row.task_id,
    uid: row.user_id,
    description: row.description,
    start: formatInZone(e.start, zone),
    end: formatInZone(e.stop, zone),
    updated: formatInZone(Math.floor(e.at / 1000), zone),
    dur: ms(e.seconds),
    user: row.username,
    // Stint always keeps the stop time.
    use_stop: true,
    client: row.client_name,
    project: row.project_name,
    project_color: row.project_hex_color === null ? null : (colorToV8(row.project_hex_color) ?? '0'),
    project_hex_color: row.project_hex_color,
    task: row.task_name,
    billable: decimalOrNull(amount),
    is_billable: row.billable,
    cur: amount === null ? null : row.currency,
    tags: row.tag_names,
  };
}

export function presentDetails(page: DetailedPage, totals: TotalsReport) {
  return {
    total_grand: msOrNull(totals.seconds),
    total_billable: msOrNull(totals.billable_seconds),
    total_count: totals.entry_count,
    per_page: PER_PAGE,
    total_currencies: reportCurrencies(currencies(totals.rates)),
    data: page.rows.map((row) => presentDetailRow(row, page.range.zone)),
  };
}

// ---------------------------------------------------------------------------------------------
// Summary

function summaryTitle(kind: string, item: SummaryGroup | SummarySubGroup) {
  switch (kind) {
    case 'projects':
      return projectTitle(item.title, item.client_name, item.project_hex_color);
    case 'clients':
      return { client: item.title };
    case 'users':
      return { user: item.title };
    case 'tasks':
      return { task: item.title };
    default:
      return { time_entry: item.title === '' ? null : item.title };
  }
}

function presentItem(report: SummaryReport, req: SummaryRequest, s: SummarySubGroup) {
  const rates = s.rates ?? [];
  const money = rates.length > 0;
  const ids = req.subgrouping === 'time_entries' ? (s.time_entry_ids ?? []).join(',') : s.id === null ? '' : String(s.id);
  return {
    title: summaryTitle(report.sub_grouping, s),
    time: ms(s.seconds),
    cur: money ? rates[0]!.currency : null,
    sum: money ? decimalOrNull(s.amount_in_cents) : null,
    // The rate that made the amount; several rates together have none.
    rate: rates.length === 1 ? decimal(rates[0]!.hourly_rate_in_cents) : null,
    ...(req.subgrouping_ids ? { ids } : {}),
    ...(req.grouped_time_entry_ids ? { time_entry_ids: (s.time_entry_ids ?? []).join(',') } : {}),
  };
}

export function presentSummary(report: SummaryReport, req: SummaryRequest) {
  const all = report.groups.flatMap((g) => g.rates ?? []);
  return {
    total_grand: msOrNull(report.groups.reduce((s, g) => s + g.seconds, 0)),
    total_billable: msOrNull(report.groups.reduce((s, g) => s + g.billable_seconds, 0)),
    total_currencies: reportCurrencies(currencies(all)),
    data: report.groups.map((g) => ({
      id: g.id,
      title: summaryTitle(report.grouping, g),
      time: ms(g.seconds),
      total_currencies: currencies(g.rates),
      items: g.sub_groups.map((s) => presentItem(report, req, s)),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Weekly

/** Seven days and the week's total, or per currency when calculating earnings. */
interface WeeklyValues {
  seconds: number[];
  /** Cents per currency per day; null when amounts are hidden. */
  cents: Map<string, number[]> | null;
  /** Currencies with a rate or an amount. */
  priced: Set<string>;
}

function emptyValues(amounts: boolean): WeeklyValues {
  return { seconds: Array(7).fill(0), cents: amounts ? new Map() : null, priced: new Set() };
}

function addRow(into: WeeklyValues, r: WeeklyRow): void {
  r.seconds.forEach((s, i) => (into.seconds[i]! += s));
  if (!into.cents || !r.billable_amounts_in_cents) return;
  const cents = into.cents.get(r.currency) ?? Array(7).fill(0);
  r.billable_amounts_in_cents.forEach((c, i) => (cents[i] += c));
  into.cents.set(r.currency, cents);
  if (r.hourly_rate_in_cents !== null || r.billable_amounts_in_cents.some((c) => c !== 0)) into.priced.add(r.currency);
}

function presentValues(v: WeeklyValues, calculate: WeeklyRequest['calculate']) {
  const total = v.seconds.reduce((a, b) => a + b, 0);
  if (calculate === 'time') return [...v.seconds, total].map(msOrNull);
  // A day without work is null; a day with work but no earnings is 0.
  return [...(v.cents ?? new Map<string, number[]>())].map(([currency, cents]) => ({
    currency,
    amount: [...cents.map((c, i) => (v.seconds[i] === 0 ? null : decimal(c))), total === 0 ? null : decimal(cents.reduce((a, b) => a + b, 0))],
  }));
}

interface WeeklyNode {
  id: number | null;
  title: string | null;
  heading: Record<string, unknown>;
  values: WeeklyValues;
}

function sortNodes(nodes: WeeklyNode[], req: WeeklyRequest): WeeklyNode[] {
  const sign = req.order_desc ? -1 : 1;
  const day = /^day([1-7])$/.exec(req.order_field);
  const key = (n: WeeklyNode) => (day ? n.values.seconds[Number(day[1]) - 1]! : n.values.seconds.reduce((a, b) => a + b, 0));
  const byTitle = (a: WeeklyNode, b: WeeklyNode) =>
    a.title === null || b.title === null ? (a.title === b.title ? 0 : a.title === null ? 1 : -1) : a.title.localeCompare(b.title, 'en', { sensitivity: 'base' });
  return nodes.sort((a, b) => (req.order_field === 'title' ? sign * byTitle(a, b) : sign * (key(a) - key(b)) || byTitle(a, b)) || (a.id ?? 0) - (b.id ?? 0));
}

export function presentWeekly(report: WeeklyReport, req: WeeklyRequest) {
  const amounts = report.money.amounts;
  const byProject = req.grouping === 'projects';
  const groups = new Map<string, { node: WeeklyNode; details: Map<string, WeeklyNode> }>();
  const week = emptyValues(amounts);
  let billable = 0;
  for (const r of report.rows) {
    addRow(week, r);
    billable += r.billable_seconds.reduce((a, b) => a + b, 0);
    const project: WeeklyNode = { id: r.project_id, title: r.project_name, heading: { pid: r.project_id, title: projectTitle(r.project_name, r.client_name, r.project_hex_color) }, values: emptyValues(amounts) };
    const user: WeeklyNode = { id: r.user_id, title: r.user_name, heading: { uid: r.user_id, title: { user: r.user_name } }, values: emptyValues(amounts) };
    const [outer, inner] = byProject ? [project, user] : [user, project];
    let group = groups.get(String(outer.id));
    if (!group) groups.set(String(outer.id), (group = { node: outer, details: new Map() }));
    addRow(group.node.values, r);
    let detail = group.details.get(String(inner.id));
    if (!detail) group.details.set(String(inner.id), (detail = inner));
    addRow(detail.values, r);
  }
  const priced = [...week.priced];
  return {
    total_grand: msOrNull(week.seconds.reduce((a, b) => a + b, 0)),
    total_billable: msOrNull(billable),
    total_currencies: reportCurrencies(
      amounts ? priced.map((currency) => ({ currency, amount: decimal((week.cents?.get(currency) ?? []).reduce((a, b) => a + b, 0)) })) : [],
    ),
    data: sortNodes([...groups.values()].map((g) => g.node), req).map((node) => {
      const group = groups.get(String(node.id))!;
      return {
        ...node.heading,
        totals: presentValues(node.values, req.calculate),
        details: sortNodes([...group.details.values()], req).map((d) => ({ ...d.heading, totals: presentValues(d.values, req.calculate) })),
      };
    }),
    week_totals: presentValues(week, req.calculate),
  };
}

// ---------------------------------------------------------------------------------------------
// Project dashboard

function presentTask(t: DashboardTask) {
  return { name: t.name, assignee: t.assignee, estimated_seconds: t.estimated_seconds, duration: ms(t.seconds), billable_amount: decimalOrNull(t.amount_in_cents) };
}

/** The reference's JSON schema (reports_project_dashboard_schema.json), including its "asignee". */
export function presentProjectDashboard(d: ProjectDashboard) {
  return {
    name: d.name,
    duration: ms(d.seconds),
    duration_without_task: ms(d.seconds_without_task),
    billable_duration: ms(d.billable_seconds),
    billable_amount: decimalOrNull(d.amount_in_cents),
    tasks_count: d.tasks_count,
    currency: d.currency,
    estimated_seconds: d.estimated_seconds,
    task_estimated_seconds: d.task_estimated_seconds,
    use_task_estimated_seconds: d.use_task_estimated_seconds,
    tasks_per_page: d.tasks_per_page,
    users: d.users.map((u) => ({ name: u.name, duration: ms(u.seconds), billable_duration: ms(u.billable_seconds), billable_amount: decimalOrNull(u.amount_in_cents) })),
    top_tasks: d.top_tasks.map((t) => ({ duration: ms(t.seconds), billable_amount: decimalOrNull(t.amount_in_cents), name: t.name, estimated_seconds: t.estimated_seconds, asignee: t.assignee })),
    tasks_page: d.tasks_page.map(presentTask),
  };
}
