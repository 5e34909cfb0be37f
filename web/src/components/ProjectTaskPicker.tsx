import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Client, Project } from '../api/types';
import type { Task } from '../api/entries';

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

export interface ProjectTaskOption {
  project: Project | null;
  task: Task | null;
  client: string | null;
}

/**
 * Projects grouped by client with their active tasks under them. A search matching a project or its
 * client keeps all its tasks; one matching only tasks keeps the project with just those.
 */
export function projectTaskOptions(projects: Project[], clients: Client[], tasks: Task[], search: string): ProjectTaskOption[] {
  const q = search.trim().toLowerCase();
  const byProject = new Map<number, Task[]>();
  for (const t of tasks) {
    if (!t.active) continue;
    const list = byProject.get(t.project_id) ?? [];
    list.push(t);
    byProject.set(t.project_id, list);
  }
  const out: ProjectTaskOption[] = [];
  for (const g of groupProjects(projects, clients, '')) {
    for (const p of g.projects) {
      const own = (byProject.get(p.id) ?? []).sort((a, b) => a.name.localeCompare(b.name));
      const projectHit = !q || p.name.toLowerCase().includes(q) || (g.client ?? '').toLowerCase().includes(q);
      const shownTasks = projectHit ? own : own.filter((t) => t.name.toLowerCase().includes(q));
      if (!projectHit && shownTasks.length === 0) continue;
      out.push({ project: p, task: null, client: g.client });
      for (const t of shownTasks) out.push({ project: p, task: t, client: g.client });
    }
  }
  return out;
}

interface Props {
  projects: Project[];
  clients: Client[];
  tasks: Task[];
  projectId: number | null;
  taskId: number | null;
  onChange: (projectId: number | null, taskId: number | null) => void;
  /** Offered as "Create project" when the search names no existing project. */
  onCreateProject?: (name: string) => Promise<Project>;
  disabled?: boolean;
  /** A smaller button for entry rows. */
  compact?: boolean;
  /** What the choice is for, read out by screen readers (e.g. the entry's description). */
  context?: string;
}

/** A button showing the project (and task); opens a searchable list (combobox pattern). */
export function ProjectTaskPicker({ projects, clients, tasks, projectId, taskId, onChange, onCreateProject, disabled, compact, context }: Props) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [active, setActive] = useState(0);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const project = projects.find((p) => p.id === projectId) ?? null;
  const task = tasks.find((t) => t.id === taskId) ?? null;

  const list = useMemo(() => projectTaskOptions(projects, clients, tasks, search), [projects, clients, tasks, search]);
  const canCreate = !!onCreateProject && search.trim() !== '' && !projects.some((p) => p.name.toLowerCase() === search.trim().toLowerCase());
  // "No project" first, then projects and tasks, then "Create": one flat list for the keyboard.
  const count = 1 + list.length + (canCreate ? 1 : 0);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  // While searching, Enter takes the first match (or "Create" when nothing matches), not "No project".
  useEffect(() => setActive(search.trim() ? 1 : 0), [search]);

  const finish = () => {
    setOpen(false);
    setSearch('');
    setError(null);
    button.current?.focus();
  };

  const create = async () => {
    if (!onCreateProject) return;
    setCreating(true);
    setError(null);
    try {
      const p = await onCreateProject(search.trim());
      onChange(p.id, null);
      finish();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setCreating(false);
    }
  };

  const choose = (i: number) => {
    if (i === 0) {
      onChange(null, null);
      finish();
    } else if (i <= list.length) {
      const o = list[i - 1]!;
      onChange(o.project?.id ?? null, o.task?.id ?? null);
      finish();
    } else void create();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(count - 1, i + 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter') choose(active);
    else if (e.key === 'Escape') {
      setOpen(false);
      button.current?.focus();
    } else return;
    e.preventDefault();
  };

  const optionId = (i: number) => `${id}-opt-${i}`;
  const shown = project ? `${project.name}${task ? ` · ${task.name}` : ''}` : null;
  let lastClient: string | null | undefined;

  return (
    <div className="picker" ref={root}>
      <button
        ref={button}
        type="button"
        className={`btn picker-button${compact ? ' btn-quiet compact' : ''}`}
        aria-haspopup="listbox"
        aria-expanded={open}
        // The accessible name starts with the visible text, so speech users can say what they see.
        aria-label={shown ? `Project: ${shown}${context ? ` for ${context}` : ''}` : compact ? `No project, choose one${context ? ` for ${context}` : ''}` : `Choose a project${context ? ` for ${context}` : ''}`}
        title={shown ?? 'Project'}
        disabled={disabled}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="dot" style={{ background: project?.color ?? 'transparent' }} aria-hidden="true" />
        <span className={`picker-label${shown ? '' : ' muted'}`}>{shown ?? (compact ? 'No project' : 'Project')}</span>
      </button>
      {open && (
        <div className="popover" role="dialog" aria-label="Choose a project or task">
          <input
            autoFocus
            type="search"
            className="input"
            placeholder="Search projects, tasks or clients"
            aria-label="Search projects and tasks"
            role="combobox"
            aria-expanded="true"
            aria-controls={`${id}-list`}
            aria-activedescendant={optionId(active)}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={onKeyDown}
          />
          {error && (
            <p className="picker-error" role="alert">
              {error}
            </p>
          )}
          <ul className="options" role="listbox" id={`${id}-list`} aria-label="Projects and tasks">
            <li
              id={optionId(0)}
              role="option"
              aria-selected={projectId === null}
              className={`option${active === 0 ? ' active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(0)}
            >
              <span className="dot" aria-hidden="true" />
              No project
            </li>
            {list.map((o, n) => {
              const i = n + 1;
              const header = o.task === null && o.client !== lastClient;
              lastClient = o.client;
              const selected = o.task ? taskId === o.task.id : projectId === o.project?.id && taskId === null;
              return (
                <li key={`${o.project?.id}-${o.task?.id ?? ''}`} role="presentation">
                  {header && (
                    <div className="option-group" aria-hidden="true">
                      {o.client ?? 'No client'}
                    </div>
                  )}
                  <div
                    id={optionId(i)}
                    role="option"
                    aria-selected={selected}
                    aria-label={o.task ? `${o.project!.name}: ${o.task.name}` : o.project!.name}
                    className={`option${o.task ? ' option-task' : ''}${active === i ? ' active' : ''}`}
                    onMouseDown={(e) => e.preventDefault()}
                    onMouseEnter={() => setActive(i)}
                    onClick={() => choose(i)}
                  >
                    {o.task ? <span className="task-mark" aria-hidden="true">↳</span> : <span className="dot" style={{ background: o.project!.color }} aria-hidden="true" />}
                    {o.task ? o.task.name : o.project!.name}
                  </div>
                </li>
              );
            })}
            {list.length === 0 && !canCreate && <li className="option-empty">{search ? 'No project or task matches.' : 'No projects yet.'}</li>}
            {canCreate && (
              <li
                id={optionId(count - 1)}
                role="option"
                aria-selected={false}
                className={`option option-create${active === count - 1 ? ' active' : ''}`}
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(count - 1)}
                onClick={() => choose(count - 1)}
              >
                {creating ? 'Creating…' : `+ Create project “${search.trim()}”`}
              </li>
            )}
          </ul>
        </div>
      )}
    </div>
  );
}
