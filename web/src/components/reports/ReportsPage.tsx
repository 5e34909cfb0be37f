import { useCallback, useMemo } from 'react';
import { Navigate, NavLink, useParams, useSearchParams } from 'react-router';
import { DateTime } from 'luxon';
import { useMe, usePreferences } from '../../api/queries';
import { useReportNames } from '../../api/reports';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { formatDurationAs } from '../../lib/duration';
import { formatDate } from '../../lib/week';
import { DetailedView } from './DetailedView';
import { FilterBar } from './FilterBar';
import { effectiveSubGrouping, filterBody, fromSearch, PRESET_LABELS, rangeOf, REPORT_KINDS, savedParams, toSearch, type ReportFilters, type ReportKind } from './filters';
import { ReportActions } from './ReportActions';
import { SummaryView } from './SummaryView';
import { WeeklyView } from './WeeklyView';
import '../../pages/Reports.css';

const TITLES: Record<ReportKind, string> = { summary: 'Summary', detailed: 'Detailed', weekly: 'Weekly' };

export default function ReportsPage() {
  const { kind: rawKind } = useParams();
  const [search, setSearch] = useSearchParams();
  const me = useMe().data!;
  const prefs = usePreferences().data ?? {};
  const kind = (REPORT_KINDS as readonly string[]).includes(rawKind ?? '') ? (rawKind as ReportKind) : null;
  useDocumentTitle(kind ? `${TITLES[kind]} report` : 'Reports');

  const filters = useMemo(() => fromSearch(search), [search]);
  const zone = me.timezone || 'UTC';
  // "Today" moves at the user's midnight; computing it per render is cheap and keeps it right.
  const range = rangeOf(filters, Date.now(), zone, me.beginning_of_week);
  const wid = me.default_workspace_id;
  const names = useReportNames(wid);
  const { start: rangeStart, end: rangeEnd } = range;
  const body = useMemo(() => filterBody(filters, { start: rangeStart, end: rangeEnd }), [filters, rangeStart, rangeEnd]);

  const onChange = useCallback(
    (patch: Partial<ReportFilters>) => setSearch((prev) => toSearch({ ...fromSearch(prev), ...patch }), { replace: true }),
    [setSearch],
  );
  const fmt = useCallback((s: number) => formatDurationAs(s, prefs.duration_format), [prefs.duration_format]);
  const dateFormat = useCallback((iso: string) => formatDate(iso.slice(0, 10), prefs.date_format ?? 'YYYY-MM-DD'), [prefs.date_format]);

  if (!kind) return <Navigate to={{ pathname: '/reports/summary', search: search.toString() }} replace />;

  const exportBody: Record<string, unknown> =
    kind === 'summary'
      ? { ...body, grouping: filters.grouping, sub_grouping: effectiveSubGrouping(filters), duration_format: prefs.duration_format === 'decimal' ? 'decimal' : 'classic' }
      : kind === 'detailed'
        ? { ...body, order_by: filters.sort, order_dir: filters.dir.toUpperCase() }
        : { ...body, grouping: filters.weeklyBy };
  const periodLabel = filters.preset === 'custom' ? `${range.start} – ${range.end}` : PRESET_LABELS[filters.preset];
  const start = DateTime.fromISO(range.start);
  const end = DateTime.fromISO(range.end);
  const qs = search.toString() ? `?${search.toString()}` : '';

  return (
    <section className="page reports">
      <header className="reports-head">
        <h1>Reports</h1>
        <nav aria-label="Report types" className="reports-tabs">
          {REPORT_KINDS.map((k) => (
            <NavLink key={k} to={`/reports/${k}${qs}`} replace>
              {TITLES[k]}
            </NavLink>
          ))}
        </nav>
        <p className="reports-range muted">
          {start.toFormat('d LLL yyyy')}
          {range.end !== range.start && ` – ${end.toFormat('d LLL yyyy')}`}
        </p>
      </header>
      <FilterBar filters={filters} range={range} names={names.data} onChange={onChange} />
      <ReportActions
        key={kind}
        wid={wid}
        kind={kind}
        exportBody={exportBody}
        params={savedParams(kind, filters, range)}
        fixedDates={filters.preset === 'custom'}
        defaultName={`${TITLES[kind]} · ${periodLabel}`}
      />
      {kind === 'summary' && <SummaryView wid={wid} filters={filters} range={range} body={body} names={names.data} fmt={fmt} onChange={onChange} />}
      {kind === 'detailed' && <DetailedView wid={wid} filters={filters} body={body} names={names.data} fmt={fmt} dateFormat={dateFormat} onChange={onChange} />}
      {kind === 'weekly' && <WeeklyView wid={wid} filters={filters} range={range} body={body} fmt={fmt} onChange={onChange} />}
    </section>
  );
}
