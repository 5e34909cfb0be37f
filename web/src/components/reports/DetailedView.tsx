import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { DateTime } from 'luxon';
import { useDetailed, useTotals, useUpdateReportEntry, type DetailedRow, type Names, type TimeEntryChange } from '../../api/reports';
import { Empty, ErrorMessage, Loading } from '../Status';
import type { DetailedSort, ReportFilters } from './filters';

const PAGE_SIZE = 50;

interface Props {
  wid: number;
  filters: ReportFilters;
  body: Record<string, unknown>;
  names: Names | undefined;
  fmt: (s: number) => string;
  dateFormat: (iso: string) => string;
  onChange: (patch: Partial<ReportFilters>) => void;
  /** When set, rows are read-only (a shared report). */
  readOnly?: boolean;
}

const SORTS: { key: DetailedSort; label: string }[] = [
  { key: 'description', label: 'Description' },
  { key: 'user', label: 'Member' },
  { key: 'date', label: 'Date' },
  { key: 'duration', label: 'Duration' },
];

export function DetailedView({ wid, filters: f, body, names, fmt, dateFormat, onChange }: Props) {
  // Pages are walked with the X-Next-Row-Number the API answers; the stack allows going back.
  const [pages, setPages] = useState<number[]>([1]);
  const bodyKey = JSON.stringify([body, f.sort, f.dir]);
  useEffect(() => setPages([1]), [bodyKey]);
  const first = pages[pages.length - 1]!;
  const page = useDetailed(wid, { ...body, order_by: f.sort, order_dir: f.dir.toUpperCase(), page_size: PAGE_SIZE, first_row_number: first, enrich_response: true });
  const totals = useTotals(wid, body);
  const update = useUpdateReportEntry(wid);

  const error = page.error ?? totals.error;
  if (error) return <ErrorMessage error={error} title="The report could not be loaded" onRetry={() => void Promise.all([page.refetch(), totals.refetch()])} />;
  if (!page.data || !totals.data) return <Loading label="Loading time entries…" />;

  const rows = page.data.rows;
  const sortBy = (key: DetailedSort) => onChange(f.sort === key ? { dir: f.dir === 'asc' ? 'desc' : 'asc' } : { sort: key, dir: key === 'description' || key === 'user' ? 'asc' : 'desc' });
  const save = (row: DetailedRow, change: TimeEntryChange) => {
    const id = row.time_entries[0]?.id;
    if (id) update.mutate({ id, change });
  };
  const from = rows[0]?.row_number ?? first;
  const to = rows[rows.length - 1]?.row_number ?? first;

  return (
    <div className={`report-body${page.isPlaceholderData ? ' is-stale' : ''}`}>
      <dl className="report-totals">
        <div>
          <dt>Total</dt>
          <dd data-testid="report-total" data-seconds={totals.data.seconds}>{fmt(totals.data.seconds)}</dd>
        </div>
        <div>
          <dt>Days tracked</dt>
          <dd>{totals.data.tracked_days}</dd>
        </div>
        {totals.data.billable_amount_in_cents !== null && totals.data.billable_amount_in_cents > 0 && (
          <div>
            <dt>Amount</dt>
            <dd>{(totals.data.billable_amount_in_cents / 100).toFixed(2)}</dd>
          </div>
        )}
      </dl>
      {update.error && <ErrorMessage error={update.error} title="The change was not saved" />}
      {rows.length === 0 ? (
        <Empty title="No time entries in this period">Try another period, or fewer filters.</Empty>
      ) : (
        <section className="card">
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Table, scrolls sideways">
            <DetailedTable rows={rows} names={names} fmt={fmt} dateFormat={dateFormat} sort={f.sort} dir={f.dir} onSort={sortBy} onSave={save} />
          </div>
          <nav className="pager" aria-label="Pages">
            <button type="button" className="btn" disabled={pages.length === 1} onClick={() => setPages((p) => p.slice(0, -1))}>
              Previous
            </button>
            <span className="muted">
              Rows {from}–{to}
            </span>
            <button type="button" className="btn" disabled={page.data.nextRow === null} onClick={() => setPages((p) => [...p, page.data!.nextRow!])}>
              Next
            </button>
          </nav>
        </section>
      )}
    </div>
  );
}

interface TableProps {
  rows: DetailedRow[];
  names: Names | undefined;
  fmt: (s: number) => string;
  dateFormat: (iso: string) => string;
  sort?: DetailedSort;
  dir?: 'asc' | 'desc';
  onSort?: (key: DetailedSort) => void;
  onSave?: (row: DetailedRow, change: TimeEntryChange) => void;
}

export function DetailedTable({ rows, names, fmt, dateFormat, sort, dir, onSort, onSave }: TableProps) {
  const projects = useMemo(() => [...(names?.projects ?? [])].sort((a, b) => a.name.localeCompare(b.name)), [names]);
  const header = (key: DetailedSort, label: string, className?: string) => (
    <th scope="col" className={className} aria-sort={sort === key ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      {onSort ? (
        <button type="button" className="sort" onClick={() => onSort(key)}>
          {label}
          <span aria-hidden="true">{sort === key ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
        </button>
      ) : (
        label
      )}
    </th>
  );
  return (
    <table className="rtable rtable-detailed">
      <caption className="visually-hidden">Time entries</caption>
      <thead>
        <tr>
          {header('description', 'Description')}
          <th scope="col">Project</th>
          <th scope="col">Billable</th>
          {header('user', 'Member')}
          {header('date', 'Date')}
          <th scope="col">Time</th>
          {header('duration', 'Duration', 'num')}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const e = row.time_entries[0];
          const seconds = row.time_entries.reduce((s, x) => s + x.seconds, 0);
          const label = row.description || 'no description';
          return (
            <tr key={`${row.row_number}-${e?.id}`}>
              <td className="rtable-desc">
                {onSave ? (
                  <DescriptionCell key={`${e?.id}-${row.description}`} value={row.description ?? ''} onSave={(description) => onSave(row, { description })} />
                ) : (
                  row.description || <span className="muted">(no description)</span>
                )}
                {row.tag_names && row.tag_names.length > 0 && <span className="rtable-tags">{row.tag_names.join(', ')}</span>}
              </td>
              <td>
                {onSave ? (
                  <select
                    className="input input-compact"
                    aria-label={`Project of “${label}”`}
                    value={row.project_id ?? ''}
                    onChange={(ev) => onSave(row, { project_id: ev.target.value === '' ? null : Number(ev.target.value) })}
                  >
                    <option value="">No project</option>
                    {projects.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className="rtable-project">
                    {row.project_hex && <span className="dot" style={{ background: row.project_hex }} aria-hidden="true" />}
                    {row.project_name ?? (row.project_id ? `Project ${row.project_id}` : '—')}
                  </span>
                )}
              </td>
              <td>
                {onSave ? (
                  <input type="checkbox" className="check" aria-label={`Billable: “${label}”`} checked={row.billable} onChange={(ev) => onSave(row, { billable: ev.target.checked })} />
                ) : row.billable ? (
                  'Yes'
                ) : (
                  'No'
                )}
              </td>
              <td className="nowrap">{row.username}</td>
              <td className="nowrap">{e ? dateFormat(e.start) : ''}</td>
              <td className="nowrap muted">
                {e ? `${DateTime.fromISO(e.start, { setZone: true }).toFormat('HH:mm')}–${e.stop ? DateTime.fromISO(e.stop, { setZone: true }).toFormat('HH:mm') : '…'}` : ''}
              </td>
              <td className="num">{fmt(seconds)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function DescriptionCell({ value, onSave }: { value: string; onSave: (v: string) => void }) {
  const [text, setText] = useState(value);
  const commit = () => {
    if (text.trim() !== value) onSave(text.trim());
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') e.currentTarget.blur();
    if (e.key === 'Escape') {
      setText(value);
      // The reset must land before blur reads it.
      setTimeout(() => (e.target as HTMLInputElement).blur());
    }
  };
  return (
    <input
      className="input input-compact input-inline"
      aria-label="Description"
      placeholder="(no description)"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={onKey}
    />
  );
}
