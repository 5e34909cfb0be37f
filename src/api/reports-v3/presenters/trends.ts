import type { ComparativeReport, DataTrends, ProjectProfitability, TrendEntity } from '../../../domain/insights/insights.types.js';

/** comparative.report */
export function presentComparative(r: ComparativeReport) {
  return { graph: { data: r.data.map((d) => ({ date: d.date, total_seconds: d.seconds })), resolution: r.resolution } };
}

/** projects.dataTrendsProject */
function presentTrendProject(e: TrendEntity) {
  return {
    billable_seconds: e.billable_seconds,
    color: e.color,
    currency: e.currency,
    earnings: e.earnings,
    name: e.name,
    project_id: e.id,
    total_seconds: e.total_seconds,
  };
}

/** clients.reportClient */
function presentTrendClient(e: TrendEntity) {
  return { billable_seconds: e.billable_seconds, client_id: e.id, earnings: e.earnings, name: e.name, total_seconds: e.total_seconds };
}

/** users.dataTrendsUser */
function presentTrendUser(e: TrendEntity) {
  return { billable_seconds: e.billable_seconds, earnings: e.earnings, name: e.name, total_seconds: e.total_seconds, user_id: e.id };
}

/** projects.dataTrendsReport, clients.dataTrendsReport and users.dataTrendsReport. */
export function presentDataTrends(t: DataTrends) {
  const data = t.buckets.map((b) => {
    switch (t.kind) {
      case 'projects':
        return { date: b.date, projects: b.entities.map(presentTrendProject) };
      case 'clients':
        return { clients: b.entities.map(presentTrendClient), date: b.date };
      case 'users':
        return { date: b.date, users: b.entities.map(presentTrendUser) };
    }
  });
  return { currency: t.currency, graph: { data, resolution: t.resolution } };
}

/** projects.Report */
export function presentProfitability(p: ProjectProfitability) {
  return {
    currency: p.currency,
    graph: {
      data: p.graph.map((g) => ({ date: g.date, earnings: g.earnings, labour_cost: g.labour_cost })),
      resolution: p.resolution,
    },
    table: p.table.map((r) => ({
      billable_seconds: r.billable_seconds,
      color: r.color,
      currency: r.currency,
      earnings: r.earnings,
      labour_cost: r.labour_cost,
      name: r.name,
      project_id: r.project_id,
      total_seconds: r.total_seconds,
    })),
  };
}
