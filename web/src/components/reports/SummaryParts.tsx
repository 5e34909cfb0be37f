import { useMemo } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { Chart } from './Chart';
import type { BarSeries, DonutSeries, TableGroup } from './chartData';

// Presentational pieces of the summary, shared by the report page and the public shared link.

const BILLABLE = '#16a37f';
const NON_BILLABLE = '#7c8db5';

/** `split` false draws one series of all time (a shared report, which has no billable split). */
export function BarChart({ series, label, split = true }: { series: BarSeries; label: string; split?: boolean }) {
  const config = useMemo<ChartConfiguration<'bar'>>(
    () => ({
      type: 'bar',
      data: {
        labels: series.labels,
        datasets: split
          ? [
              { label: 'Billable', data: series.billable, backgroundColor: BILLABLE, stack: 'time', borderRadius: 3 },
              { label: 'Non-billable', data: series.nonBillable, backgroundColor: NON_BILLABLE, stack: 'time', borderRadius: 3 },
            ]
          : [{ label: 'Time', data: series.nonBillable.map((x, i) => x + series.billable[i]!), backgroundColor: NON_BILLABLE, borderRadius: 3 }],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0 } },
          y: { stacked: true, beginAtZero: true, title: { display: true, text: 'Hours' } },
        },
        plugins: {
          legend: { display: split, position: 'bottom', labels: { boxWidth: 12 } },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${Number(c.raw).toFixed(2)} h` } },
        },
      },
    }),
    [series, split],
  );
  return <Chart config={config as ChartConfiguration<'bar' | 'doughnut'>} label={label} height={300} />;
}

export function DonutChart({ series, label }: { series: DonutSeries; label: string }) {
  const config = useMemo<ChartConfiguration<'doughnut'>>(
    () => ({
      type: 'doughnut',
      data: { labels: series.labels, datasets: [{ data: series.values, backgroundColor: series.colors, borderWidth: 1 }] },
      options: {
        maintainAspectRatio: false,
        animation: false,
        cutout: '60%',
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12 } },
          tooltip: { callbacks: { label: (c) => `${c.label}: ${Number(c.raw).toFixed(2)} h` } },
        },
      },
    }),
    [series],
  );
  return <Chart config={config as ChartConfiguration<'bar' | 'doughnut'>} label={label} height={300} />;
}

interface TableProps {
  groups: TableGroup[];
  total: number;
  groupLabel: string;
  subLabel: string;
  fmt: (seconds: number) => string;
}

export function SummaryTable({ groups, total, groupLabel, subLabel, fmt }: TableProps) {
  const pct = (s: number) => (total > 0 ? `${((s / total) * 100).toFixed(1)}%` : '–');
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Table, scrolls sideways">
      <table className="rtable">
        <caption className="visually-hidden">
          Time by {groupLabel.toLowerCase()}, then by {subLabel.toLowerCase()}
        </caption>
        <thead>
          <tr>
            <th scope="col">
              {groupLabel} / {subLabel}
            </th>
            <th scope="col" className="num">Duration</th>
            <th scope="col" className="num">Share</th>
          </tr>
        </thead>
        {groups.map((g) => (
          <tbody key={g.key}>
            <tr className="rtable-group">
              <th scope="row">
                {g.color && <span className="dot" style={{ background: g.color }} aria-hidden="true" />} {g.label}
              </th>
              <td className="num">{fmt(g.seconds)}</td>
              <td className="num">{pct(g.seconds)}</td>
            </tr>
            {g.rows.map((r) => (
              <tr key={r.key} className="rtable-sub">
                <th scope="row">{r.label}</th>
                <td className="num">{fmt(r.seconds)}</td>
                <td className="num muted">{pct(r.seconds)}</td>
              </tr>
            ))}
          </tbody>
        ))}
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td className="num">{fmt(total)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
