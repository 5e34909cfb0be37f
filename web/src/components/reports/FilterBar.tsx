import { useEffect, useId, useRef, useState } from 'react';
import type { Named, Names } from '../../api/reports';
import { PRESETS, PRESET_LABELS, type DateRange, type ReportFilters } from './filters';

interface MultiProps {
  label: string;
  options: Named[];
  value: number[];
  onChange: (ids: number[]) => void;
  /** Label of the API's "without" item (id 0 here), when the filter has one. */
  noneLabel?: string;
}

/** A disclosure with a searchable checkbox list: native controls, so keyboard and labels come free. */
function MultiSelect({ label, options, value, onChange, noneLabel }: MultiProps) {
  const [q, setQ] = useState('');
  const searchId = useId();
  const all = noneLabel ? [{ id: 0, name: noneLabel }, ...options] : options;
  const shown = q ? all.filter((o) => o.name.toLowerCase().includes(q.toLowerCase())) : all;
  const toggle = (id: number) => onChange(value.includes(id) ? value.filter((x) => x !== id) : [...value, id]);
  const ref = useRef<HTMLDetailsElement>(null);
  // A native disclosure stays open until toggled; as a popover it should close on a click
  // elsewhere or Escape, like the other pickers.
  useEffect(() => {
    const close = (e: Event) => {
      const el = ref.current;
      if (!el?.open) return;
      if (e instanceof KeyboardEvent) {
        if (e.key !== 'Escape') return;
        el.open = false;
        el.querySelector('summary')?.focus();
      } else if (!el.contains(e.target as Node)) el.open = false;
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  return (
    <details className="rf-multi" ref={ref}>
      <summary className="btn">
        {label}
        {value.length > 0 && <span className="rf-count">{value.length}</span>}
      </summary>
      <div className="rf-pop" role="group" aria-label={label}>
        {all.length > 8 && (
          <>
            <label htmlFor={searchId} className="visually-hidden">Search {label.toLowerCase()}</label>
            <input id={searchId} className="input" type="search" placeholder="Search…" value={q} onChange={(e) => setQ(e.target.value)} />
          </>
        )}
        <ul>
          {shown.map((o) => (
            <li key={o.id}>
              <label className="rf-option">
                <input type="checkbox" checked={value.includes(o.id)} onChange={() => toggle(o.id)} />
                {o.color && <span className="dot" style={{ background: o.color }} aria-hidden="true" />}
                <span>{o.name}</span>
              </label>
            </li>
          ))}
          {shown.length === 0 && <li className="muted rf-none">Nothing to choose</li>}
        </ul>
        {value.length > 0 && (
          <button type="button" className="btn btn-quiet" onClick={() => onChange([])}>
            Clear
          </button>
        )}
      </div>
    </details>
  );
}

interface Props {
  filters: ReportFilters;
  range: DateRange;
  names: Names | undefined;
  onChange: (patch: Partial<ReportFilters>) => void;
}

export function FilterBar({ filters: f, range, names, onChange }: Props) {
  // The description is applied when typing pauses, not per keystroke (each would be a request).
  const [description, setDescription] = useState(f.description);
  useEffect(() => setDescription(f.description), [f.description]);
  useEffect(() => {
    if (description === f.description) return;
    const t = setTimeout(() => onChange({ description }), 400);
    return () => clearTimeout(t);
  }, [description, f.description, onChange]);
  const n = names ?? { users: [], projects: [], clients: [], tags: [], groups: [], tasks: [] };
  // On a phone the lists fold behind one button so the report starts on the first screen.
  const [open, setOpen] = useState(false);
  const listsId = useId();
  const active = f.users.length + f.groups.length + f.projects.length + f.clients.length + f.tags.length + f.tasks.length + (f.billable !== 'all' ? 1 : 0) + (f.description ? 1 : 0);

  return (
    <div className={`rf${open ? ' is-open' : ''}`} role="search" aria-label="Report filters">
      <div className="rf-dates">
        <label className="rf-field">
          <span>Period</span>
          <select
            className="input"
            value={f.preset}
            onChange={(e) => {
              const preset = e.target.value as ReportFilters['preset'];
              // A custom range starts from the dates on screen.
              onChange(preset === 'custom' ? { preset, from: range.start, to: range.end } : { preset });
            }}
          >
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {PRESET_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
        {f.preset === 'custom' && (
          <>
            <label className="rf-field">
              <span>From</span>
              <input className="input" type="date" value={f.from} max={f.to || undefined} onChange={(e) => onChange({ from: e.target.value })} />
            </label>
            <label className="rf-field">
              <span>To</span>
              <input className="input" type="date" value={f.to} min={f.from || undefined} onChange={(e) => onChange({ to: e.target.value })} />
            </label>
          </>
        )}
        <button type="button" className="btn rf-toggle" aria-expanded={open} aria-controls={listsId} onClick={() => setOpen((o) => !o)}>
          Filters{active > 0 && <span className="rf-count">{active}</span>}
        </button>
      </div>
      <div className="rf-lists" id={listsId}>
        <MultiSelect label="Members" options={n.users} value={f.users} onChange={(users) => onChange({ users })} />
        {n.groups.length > 0 && <MultiSelect label="Groups" options={n.groups} value={f.groups} onChange={(groups) => onChange({ groups })} />}
        <MultiSelect label="Projects" options={n.projects} value={f.projects} onChange={(projects) => onChange({ projects })} noneLabel="Without project" />
        <MultiSelect label="Clients" options={n.clients} value={f.clients} onChange={(clients) => onChange({ clients })} noneLabel="Without client" />
        <MultiSelect label="Tags" options={n.tags} value={f.tags} onChange={(tags) => onChange({ tags })} noneLabel="Without tags" />
        {n.tasks.length > 0 && <MultiSelect label="Tasks" options={n.tasks} value={f.tasks} onChange={(tasks) => onChange({ tasks })} noneLabel="Without task" />}
        <label className="rf-field rf-inline">
          <span>Billable</span>
          <select className="input" value={f.billable} onChange={(e) => onChange({ billable: e.target.value as ReportFilters['billable'] })}>
            <option value="all">All</option>
            <option value="yes">Billable</option>
            <option value="no">Non-billable</option>
          </select>
        </label>
        <label className="rf-field rf-inline rf-desc">
          <span className="visually-hidden">Description contains</span>
          <input className="input" type="search" placeholder="Description contains…" value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        {active > 0 && (
          <button
            type="button"
            className="btn btn-quiet"
            onClick={() => onChange({ users: [], groups: [], projects: [], clients: [], tags: [], tasks: [], billable: 'all', description: '' })}
          >
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}
