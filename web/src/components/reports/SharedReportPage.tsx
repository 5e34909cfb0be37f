import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { DateTime } from 'luxon';
import { downloadExport, sharedExportPath, useSharedReport, type Named, type Names, type SharedReport } from '../../api/reports';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { formatDuration } from '../../lib/duration';
import { Empty, ErrorMessage, Loading } from '../Status';
import { Brand } from '../Brand';
import { barSeries, donutSeries, tableGroups } from './chartData';
import { DetailedTable } from './DetailedView';
import { groupNamer, KIND_LABEL } from './names';
import { BarChart, DonutChart, SummaryTable } from './SummaryParts';
import { WeeklyTable } from './WeeklyView';
import '../../pages/Reports.css';

/** The dictionaries of a shared report, as the lists the report pages label things with. */
function namesOf(r: SharedReport): Names {
  const list = (m: Record<string, Named> | undefined) => Object.values(m ?? {});
  const d = r.dictionaries ?? {};
  return { users: list(d.users), projects: list(d.projects), clients: list(d.clients), tags: list(d.tags), groups: list(d.user_groups), tasks: list(d.tasks) };
}

const fmt = formatDuration;
const dateFormat = (iso: string) => DateTime.fromISO(iso.slice(0, 10)).toFormat('d LLL yyyy');

/** A saved report opened from its public link: no session, no app shell, read-only. */
export default function SharedReportPage() {
  const { token = '' } = useParams();
  const shared = useSharedReport(token);
  const [exportError, setExportError] = useState<unknown>(null);
  const report = shared.data?.report;
  useDocumentTitle(report ? report.report_name : 'Shared report');

  if (shared.error) {
    return (
      <main className="shared-page" id="main">
        <ErrorMessage error={shared.error} title="This report cannot be opened" />
        <p className="muted">The link may have been revoked, or the report made private.</p>
      </main>
    );
  }
  if (!report) return <main className="shared-page" id="main"><Loading label="Opening the report…" /></main>;

  const start = shared.data!.start;
  const end = shared.data!.end;
  const totals = report.summary_results?.totals ?? report.detailed_results?.totals ?? report.weekly_results?.totals;
  const formats = ['csv', 'pdf', 'xlsx'] as const;

  return (
    <main className="shared-page page reports" id="main">
      <header className="reports-head">
        <Brand size={24} />
        <h1>{report.report_name}</h1>
        <p className="reports-range muted">
          {KIND_LABEL_TYPE[report.report_type]} report
          {start && end && ` · ${dateFormat(start)}${end !== start ? ` – ${dateFormat(end)}` : ''}`}
        </p>
      </header>
      <div className="report-actions">
        <div className="report-export" role="group" aria-label="Export">
          {formats.map((ext) => (
            <button
              key={ext}
              type="button"
              className="btn"
              aria-label={`Export as ${ext.toUpperCase()}`}
              onClick={() => downloadExport(sharedExportPath(token, ext), undefined, `${report.report_type}.${ext}`, true).then(() => setExportError(null), setExportError)}
            >
              {ext.toUpperCase()}
            </button>
          ))}
        </div>
      </div>
      {exportError !== null && <ErrorMessage error={exportError} title="The export failed" />}
      {totals && (
        <dl className="report-totals">
          <div>
            <dt>Total</dt>
            <dd data-testid="report-total" data-seconds={totals.seconds}>{fmt(totals.seconds)}</dd>
          </div>
          <div>
            <dt>Days tracked</dt>
            <dd>{totals.tracked_days}</dd>
          </div>
        </dl>
      )}
      <SharedBody report={report} start={start} />
    </main>
  );
}

const KIND_LABEL_TYPE = { summary: 'Summary', detailed: 'Detailed', weekly: 'Weekly' } as const;

function SharedBody({ report, start }: { report: SharedReport; start: string | null }) {
  const names = useMemo(() => namesOf(report), [report]);
  const grouping = String(report.saved_params.grouping ?? 'projects');
  const sub = String(report.saved_params.sub_grouping ?? 'time_entries');
  const summary = report.summary_results;
  const groups = useMemo(() => tableGroups(summary?.report.groups ?? [], groupNamer(grouping, names)), [summary, grouping, names]);
  const bars = useMemo(
    () => (summary?.totals.graph && start ? barSeries({ start, end: start }, summary.totals.resolution, summary.totals.graph, null) : null),
    [summary, start],
  );
  if (summary) {
    if (summary.totals.seconds === 0) return <Empty title="No time in this period" />;
    return (
      <>
        <div className="report-charts">
          <section className="card report-bars" aria-labelledby="bars-title">
            <h2 id="bars-title">Time by {summary.totals.resolution}</h2>
            {bars && <BarChart series={bars} split={false} label={`Hours per ${summary.totals.resolution}`} />}
          </section>
          <section className="card report-donut" aria-labelledby="donut-title">
            <h2 id="donut-title">Share by {KIND_LABEL[grouping]?.toLowerCase()}</h2>
            <DonutChart series={donutSeries(groups)} label={`Share of time by ${KIND_LABEL[grouping]?.toLowerCase()}`} />
          </section>
        </div>
        <section className="card">
          <SummaryTable groups={groups} total={summary.totals.seconds} groupLabel={KIND_LABEL[grouping] ?? grouping} subLabel={KIND_LABEL[sub] ?? sub} fmt={fmt} />
        </section>
      </>
    );
  }
  if (report.detailed_results) {
    const rows = report.detailed_results.report;
    if (rows.length === 0) return <Empty title="No time entries in this period" />;
    // Without enrichment (a logged-out visitor) rows carry ids: the dictionaries name them.
    const named = rows.map((r) => {
      const p = names.projects.find((x) => x.id === r.project_id);
      return { ...r, project_name: r.project_name ?? p?.name ?? null, project_hex: r.project_hex ?? p?.color ?? null };
    });
    return (
      <section className="card">
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Table, scrolls sideways">
          <DetailedTable rows={named} names={names} fmt={fmt} dateFormat={dateFormat} />
        </div>
      </section>
    );
  }
  if (report.weekly_results && start) {
    const by = report.saved_params.grouping === 'projects' ? 'projects' : 'users';
    return <WeeklyTable rows={report.weekly_results.report} by={by} start={start} fmt={fmt} />;
  }
  return <Empty title="This report has nothing to show" />;
}
