import { useMemo } from 'react';
import { useSummary, useTotals, type Names } from '../../api/reports';
import { Empty, ErrorMessage, Loading } from '../Status';
import { barSeries, donutSeries, tableGroups } from './chartData';
import { chartResolution, effectiveSubGrouping, GROUPINGS, SUB_GROUPINGS_OF, type DateRange, type ReportFilters } from './filters';
import { groupNamer, KIND_LABEL } from './names';
import { BarChart, DonutChart, SummaryTable } from './SummaryParts';

interface Props {
  wid: number;
  filters: ReportFilters;
  range: DateRange;
  body: Record<string, unknown>;
  names: Names | undefined;
  fmt: (s: number) => string;
  onChange: (patch: Partial<ReportFilters>) => void;
}

export function SummaryView({ wid, filters: f, range, body, names, fmt, onChange }: Props) {
  const resolution = chartResolution(range);
  const sub = effectiveSubGrouping(f);
  const totals = useTotals(wid, { ...body, with_graph: true, resolution });
  // Billable time per bar is a second totals graph over billable entries only: the API's graph
  // buckets carry billable seconds only where a rate applies.
  const splitBillable = f.billable === 'all';
  const billable = useTotals(wid, { ...body, billable: true, with_graph: true, resolution }, splitBillable);
  const summary = useSummary(wid, { ...body, grouping: f.grouping, sub_grouping: sub });
  const donutOwn = f.donut !== f.grouping;
  const donutSummary = useSummary(wid, { ...body, grouping: f.donut, sub_grouping: 'users' }, donutOwn);

  const groups = useMemo(() => tableGroups(summary.data ?? [], groupNamer(f.grouping, names)), [summary.data, f.grouping, names]);
  const donutGroups = useMemo(
    () => (donutOwn ? tableGroups(donutSummary.data ?? [], groupNamer(f.donut, names)) : groups),
    [donutOwn, donutSummary.data, f.donut, names, groups],
  );
  const bars = useMemo(
    () => (totals.data?.graph ? barSeries(range, totals.data.resolution, totals.data.graph, splitBillable ? billable.data?.graph ?? null : null, f.billable === 'yes') : null),
    [totals.data, billable.data, splitBillable, range, f.billable],
  );
  const donut = useMemo(() => donutSeries(donutGroups), [donutGroups]);

  const error = totals.error ?? summary.error ?? billable.error ?? donutSummary.error;
  if (error) return <ErrorMessage error={error} title="The report could not be loaded" onRetry={() => void Promise.all([totals.refetch(), summary.refetch()])} />;
  if (!totals.data || !summary.data) return <Loading label="Loading the summary…" />;

  const total = totals.data.seconds;
  const billableTotal = splitBillable ? billable.data?.seconds : f.billable === 'yes' ? total : 0;
  return (
    <div className={`report-body${totals.isPlaceholderData || summary.isPlaceholderData ? ' is-stale' : ''}`}>
      <dl className="report-totals">
        <div>
          <dt>Total</dt>
          <dd data-testid="report-total" data-seconds={total}>{fmt(total)}</dd>
        </div>
        <div>
          <dt>Billable</dt>
          <dd>{billableTotal === undefined ? '…' : fmt(billableTotal)}</dd>
        </div>
        {totals.data.billable_amount_in_cents !== null && totals.data.billable_amount_in_cents > 0 && (
          <div>
            <dt>Amount</dt>
            <dd>{(totals.data.billable_amount_in_cents / 100).toFixed(2)}</dd>
          </div>
        )}
        <div>
          <dt>Days tracked</dt>
          <dd>{totals.data.tracked_days}</dd>
        </div>
      </dl>
      {total === 0 ? (
        <Empty title="No time in this period">Try another period, or fewer filters.</Empty>
      ) : (
        <>
          <div className="report-charts">
            <section className="card report-bars" aria-labelledby="bars-title">
              <h2 id="bars-title">Time by {resolution}</h2>
              {bars && <BarChart series={bars} label={`Hours per ${resolution}, billable and non-billable`} />}
            </section>
            <section className="card report-donut" aria-labelledby="donut-title">
              <div className="card-head">
                <h2 id="donut-title">Share</h2>
                <label className="rf-field rf-inline">
                  <span>By</span>
                  <select className="input" value={f.donut} onChange={(e) => onChange({ donut: e.target.value as ReportFilters['donut'] })}>
                    <option value="projects">Project</option>
                    <option value="clients">Client</option>
                  </select>
                </label>
              </div>
              {donutOwn && !donutSummary.data ? <Loading /> : <DonutChart series={donut} label={`Share of time by ${f.donut === 'projects' ? 'project' : 'client'}`} />}
            </section>
          </div>
          <section className="card" aria-labelledby="groups-title">
            <div className="card-head">
              <h2 id="groups-title">Breakdown</h2>
              <label className="rf-field rf-inline">
                <span>Group by</span>
                <select className="input" value={f.grouping} onChange={(e) => onChange({ grouping: e.target.value as ReportFilters['grouping'] })}>
                  {GROUPINGS.map((g) => (
                    <option key={g} value={g}>
                      {KIND_LABEL[g]}
                    </option>
                  ))}
                </select>
              </label>
              <label className="rf-field rf-inline">
                <span>then by</span>
                <select className="input" value={sub} onChange={(e) => onChange({ subGrouping: e.target.value as ReportFilters['subGrouping'] })}>
                  {SUB_GROUPINGS_OF[f.grouping].map((g) => (
                    <option key={g} value={g}>
                      {KIND_LABEL[g]}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <SummaryTable groups={groups} total={total} groupLabel={KIND_LABEL[f.grouping]!} subLabel={KIND_LABEL[sub]!} fmt={fmt} />
          </section>
        </>
      )}
    </div>
  );
}
