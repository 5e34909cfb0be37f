import { useMemo } from 'react';
import { DateTime } from 'luxon';
import { useWeekly } from '../../api/reports';
import { Empty, ErrorMessage, Loading } from '../Status';
import { weeklyGrid, type WeeklyRow } from './chartData';
import type { DateRange, ReportFilters } from './filters';

interface Props {
  wid: number;
  filters: ReportFilters;
  range: DateRange;
  body: Record<string, unknown>;
  fmt: (s: number) => string;
  onChange: (patch: Partial<ReportFilters>) => void;
}

/** Seven days from `start` moved by `days`: the weekly report's own paging, as a custom range. */
function shiftWeek(start: string, days: number): Partial<ReportFilters> {
  const from = DateTime.fromISO(start).plus({ days });
  return { preset: 'custom', from: from.toISODate()!, to: from.plus({ days: 6 }).toISODate()! };
}

export function WeeklyView({ wid, filters: f, range, body, fmt, onChange }: Props) {
  // The weekly report is seven days from start_date, whatever the period's end.
  const weekly = useWeekly(wid, body);
  if (weekly.error) return <ErrorMessage error={weekly.error} title="The report could not be loaded" onRetry={() => void weekly.refetch()} />;
  if (!weekly.data) return <Loading label="Loading the week…" />;
  return (
    <div className={`report-body${weekly.isPlaceholderData ? ' is-stale' : ''}`}>
      <div className="card-head">
        <label className="rf-field rf-inline">
          <span>Rows</span>
          <select className="input" value={f.weeklyBy} onChange={(e) => onChange({ weeklyBy: e.target.value as ReportFilters['weeklyBy'] })}>
            <option value="users">Members</option>
            <option value="projects">Projects</option>
          </select>
        </label>
        <div className="rweek-nav" role="group" aria-label="Week">
          <button type="button" className="btn" onClick={() => onChange(shiftWeek(range.start, -7))}>
            ← Previous week
          </button>
          <button type="button" className="btn" onClick={() => onChange(shiftWeek(range.start, 7))}>
            Next week →
          </button>
        </div>
        {range.end !== DateTime.fromISO(range.start).plus({ days: 6 }).toISODate() && (
          <p className="muted rf-note">The weekly report shows the seven days from {range.start}.</p>
        )}
      </div>
      <WeeklyTable rows={weekly.data} by={f.weeklyBy} start={range.start} fmt={fmt} />
    </div>
  );
}

export function WeeklyTable({ rows, by, start, fmt }: { rows: WeeklyRow[]; by: 'users' | 'projects'; start: string; fmt: (s: number) => string }) {
  const grid = useMemo(() => weeklyGrid(rows, by), [rows, by]);
  const days = Array.from({ length: 7 }, (_, i) => DateTime.fromISO(start).plus({ days: i }));
  if (grid.rows.length === 0) return <Empty title="No time in this week">Try another period, or fewer filters.</Empty>;
  return (
    <section className="card">
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Table, scrolls sideways">
        <table className="rtable rtable-weekly">
          <caption className="visually-hidden">Time per {by === 'users' ? 'member' : 'project'} and day</caption>
          <thead>
            <tr>
              <th scope="col">{by === 'users' ? 'Member' : 'Project'}</th>
              {days.map((d) => (
                <th key={d.toISODate()} scope="col" className="num">
                  <abbr title={d.toFormat('cccc d LLLL')}>{d.toFormat('ccc')}</abbr>
                  <span className="rtable-day">{d.toFormat('d LLL')}</span>
                </th>
              ))}
              <th scope="col" className="num">Total</th>
            </tr>
          </thead>
          <tbody>
            {grid.rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">
                  {r.color && <span className="dot" style={{ background: r.color }} aria-hidden="true" />} {r.label}
                  {r.sublabel && <span className="muted"> · {r.sublabel}</span>}
                </th>
                {r.days.map((s, i) => (
                  <td key={i} className={`num${s === 0 ? ' muted' : ''}`}>
                    {s === 0 ? '–' : fmt(s)}
                  </td>
                ))}
                <td className="num strong">{fmt(r.total)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              {grid.dayTotals.map((s, i) => (
                <td key={i} className={`num${s === 0 ? ' muted' : ''}`}>
                  {s === 0 ? '–' : fmt(s)}
                </td>
              ))}
              <td className="num strong" data-testid="report-total" data-seconds={grid.total}>{fmt(grid.total)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
