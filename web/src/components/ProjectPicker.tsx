import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Client, Project } from '../api/types';

export interface ProjectGroup {
  client: string | null;
  projects: Project[];
}

/** Active projects matching `search`, grouped by client (no client first), each sorted by name. */
export function groupProjects(projects: Project[], clients: Client[], search: string): ProjectGroup[] {
  const q = search.trim().toLowerCase();
  const clientName = new Map(clients.map((c) => [c.id, c.name]));
  const groups = new Map<string | null, Project[]>();
  for (const p of projects) {
    if (!p.active) continue;
    const client = p.client_id !== null ? clientName.get(p.client_id) ?? null : null;
    if (q && !p.name.toLowerCase().includes(q) && !(client ?? '').toLowerCase().includes(q)) continue;
    const list = groups.get(client) ?? [];
    list.push(p);
    groups.set(client, list);
  }
  const byName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' });
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : byName(a, b)))
    .map(([client, list]) => ({ client, projects: list.sort((a, b) => byName(a.name, b.name)) }));
}

interface Props {
  projects: Project[];
  clients: Client[];
  value: number | null;
  onChange: (projectId: number | null) => void;
  disabled?: boolean;
}

/** A button showing the chosen project; opens a searchable list (combobox pattern). */
export function ProjectPicker({ projects, clients, value, onChange, disabled }: Props) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [active, setActive] = useState(0);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const selected = projects.find((p) => p.id === value) ?? null;

  const groups = useMemo(() => groupProjects(projects, clients, search), [projects, clients, search]);
  // "No project" first, then the groups in order: one flat list for the keyboard.
  const options: (Project | null)[] = useMemo(() => [null, ...groups.flatMap((g) => g.projects)], [groups]);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  useEffect(() => setActive(0), [search]);

  const choose = (project: Project | null) => {
    onChange(project?.id ?? null);
    setOpen(false);
    setSearch('');
    button.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(options.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter') choose(options[active] ?? null);
    else if (e.key === 'Escape') {
      setOpen(false);
      button.current?.focus();
    } else return;
    e.preventDefault();
  };

  const optionId = (i: number) => `${id}-opt-${i}`;
  let index = 0;

  return (
    <div className="picker" ref={root}>
      <button
        ref={button}
        type="button"
        className="btn picker-button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={selected ? `Project: ${selected.name}` : 'Choose a project'}
        disabled={disabled}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="dot" style={{ background: selected?.color ?? 'transparent' }} aria-hidden="true" />
        <span className="picker-label">{selected ? selected.name : 'Project'}</span>
      </button>
      {open && (
        <div className="popover" role="dialog" aria-label="Choose a project">
          <input
            autoFocus
            type="search"
            className="input"
            placeholder="Search projects or clients"
            aria-label="Search projects"
            role="combobox"
            aria-expanded="true"
            aria-controls={`${id}-list`}
            aria-activedescendant={optionId(active)}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <ul className="options" role="listbox" id={`${id}-list`} aria-label="Projects">
            <li
              id={optionId(0)}
              role="option"
              aria-selected={value === null}
              className={`option${active === 0 ? ' active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(null)}
            >
              <span className="dot" aria-hidden="true" />
              No project
            </li>
            {groups.map((g) => (
              <li key={g.client ?? ''} role="presentation">
                <div className="option-group" aria-hidden="true">
                  {g.client ?? 'No client'}
                </div>
                <ul role="group" aria-label={g.client ?? 'No client'}>
                  {g.projects.map((p) => {
                    const i = ++index;
                    return (
                      <li
                        key={p.id}
                        id={optionId(i)}
                        role="option"
                        aria-selected={value === p.id}
                        className={`option${active === i ? ' active' : ''}`}
                        onMouseDown={(e) => e.preventDefault()}
                        onMouseEnter={() => setActive(i)}
                        onClick={() => choose(p)}
                      >
                        <span className="dot" style={{ background: p.color }} aria-hidden="true" />
                        {p.name}
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
            {groups.length === 0 && <li className="option-empty">{search ? 'No project matches.' : 'No projects yet.'}</li>}
          </ul>
        </div>
      )}
    </div>
  );
}
