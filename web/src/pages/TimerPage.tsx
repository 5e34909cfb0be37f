import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { DateTime } from 'luxon';
import type { NewTimeEntry, TimeEntry } from '../api/types';
import { useClients, useCurrentEntry, useEntries, useMe, usePreferences, useProjects, useStartEntry, useStopEntry } from '../api/queries';
import {
  useCreateEntry,
  useCreateProject,
  useCreateTag,
  useDeleteEntries,
  usePatchEntries,
  useRecentEntries,
  useRetimeEntry,
  useTags,
  useTasks,
} from '../api/entries';
import { ProjectTaskPicker } from '../components/ProjectTaskPicker';
import { TagPicker } from '../components/TagPicker';
import { Empty, ErrorMessage, Loading } from '../components/Status';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useNow } from '../hooks/useNow';
import { useShortcuts } from '../hooks/useShortcuts';
import { formatDurationAs, formatDuration } from '../lib/duration';
import { elapsed, groupByDay } from '../lib/entries';
import { collapseSimilar, manualRange, retime, type BulkChange } from '../lib/timesheet';
import { formatDate, today, weekOf } from '../lib/week';
import { DescriptionField, type Suggestion } from './timer/DescriptionField';
import { EntryRow, RowCtx, type RowContext } from './timer/EntryRow';
import './TimerPage.css';

const toNew = (e: TimeEntry): NewTimeEntry => ({
  description: e.description ?? '',
  project_id: e.project_id,
  task_id: e.task_id,
  billable: e.billable,
  tags: e.tags ?? [],
});

const EMPTY_DRAFT: Required<NewTimeEntry> = { description: '', project_id: null, task_id: null, billable: false, tags: [] };

/** Rows drawn at first and added per "Show more": a week of thousands of entries stays quick. */
const CHUNK = 150;
/** How long a deletion can be undone before the DELETE is sent. */
const UNDO_MS = 5000;

interface PendingDelete {
  entries: TimeEntry[];
  timer: ReturnType<typeof setTimeout>;
}

const SHORTCUTS: [string, string][] = [
  ['n', 'New manual entry'],
  ['s', 'Start or stop the timer'],
  ['/', 'Focus the description'],
  ['?', 'Show this help'],
];

export function TimerPage() {
  const me = useMe().data!;
  const prefs = usePreferences().data ?? {};
  const zone = me.timezone || 'UTC';
  const wid = me.default_workspace_id;
  const projects = useProjects();
  const clients = useClients();
  const tasks = useTasks();
  const tags = useTags();
  const recent = useRecentEntries();
  const current = useCurrentEntry();
  // Entries deleted but still undoable: hidden everywhere on the page, the running one included.
  const [hidden, setHidden] = useState<Set<number>>(new Set());
  const running = current.data && !hidden.has(current.data.id) ? current.data : null;
  // Every second only while something runs: each tick redraws the week's rows.
  const now = useNow(true, running ? 1000 : 30_000);
  const timeFormat = String(prefs.timeofday_format ?? '');
  const dateFormat = String(prefs.date_format ?? '');
  const durationFormat = prefs.duration_format;

  const [weekOffset, setWeekOffset] = useState(0);
  const todayKey = today(zone, now);
  const week = useMemo(
    () => weekOf(DateTime.fromISO(todayKey, { zone }).plus({ weeks: weekOffset }), zone, me.beginning_of_week),
    [todayKey, zone, me.beginning_of_week, weekOffset],
  );
  const entries = useEntries(week.days[0]!, week.days[6]!);

  const start = useStartEntry(wid, projects.data);
  const stop = useStopEntry();
  const create = useCreateEntry(projects.data);
  const patch = usePatchEntries();
  const retimer = useRetimeEntry();
  const remove = useDeleteEntries();
  const createProject = useCreateProject(wid);
  const createTag = useCreateTag(wid);

  // ---- the bar ----
  const [mode, setMode] = useState<'timer' | 'manual'>('timer');
  const [draft, setDraft] = useState(EMPTY_DRAFT);
  const [manual, setManual] = useState({ day: todayKey, start: '', end: '', duration: '' });
  const [manualError, setManualError] = useState<string | null>(null);
  const description = useRef<HTMLInputElement>(null);
  const manualStart = useRef<HTMLInputElement>(null);
  const projectById = useMemo(() => new Map((projects.data ?? []).map((p) => [p.id, p])), [projects.data]);

  const chooseProject = (project_id: number | null, task_id: number | null) =>
    setDraft((d) => ({ ...d, project_id, task_id, billable: (project_id !== null ? projectById.get(project_id)?.billable : null) ?? d.billable }));

  const runningFor = running ? elapsed(running, now) : 0;
  useDocumentTitle(running ? `${formatDuration(runningFor)} · ${running.description || 'No description'}` : 'Timer');

  const editRunning = (change: BulkChange) => running && running.id > 0 && patch.mutate({ workspaceId: running.workspace_id, ids: [running.id], change });

  const startOrStop = () => {
    if (running) stop.mutate(running);
    else if (wid) start.mutate({ ...draft, description: draft.description.trim() }, { onSuccess: () => setDraft(EMPTY_DRAFT) });
  };

  const addManual = () => {
    const range = manualRange(manual, zone);
    if ('error' in range) {
      setManualError(range.error);
      return;
    }
    setManualError(null);
    create.mutate(
      { workspace_id: wid, description: draft.description.trim(), project_id: draft.project_id, task_id: draft.task_id, billable: draft.billable, tags: draft.tags, start: range.start, stop: range.stop },
      {
        onSuccess: () => {
          setDraft(EMPTY_DRAFT);
          setManual((m) => ({ ...m, start: '', end: '', duration: '' }));
        },
      },
    );
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mode === 'manual' && !running) addManual();
    else startOrStop();
  };

  const pick = (s: Suggestion) => {
    const next = { description: s.description ?? '', project_id: s.project_id, task_id: s.task_id, billable: s.billable, tags: s.tags ?? [] };
    if (running) editRunning({ description: next.description, project_id: next.project_id, task_id: next.task_id, billable: next.billable, tags: { mode: 'replace', names: next.tags } });
    else setDraft(next);
  };

  // While a timer runs, the bar edits it: the description saves on Enter or when focus leaves.
  const [runningText, setRunningText] = useState<string | null>(null);
  useEffect(() => setRunningText(null), [running?.id, running?.description]);
  const saveRunningText = () => {
    if (running && runningText !== null && runningText.trim() !== (running.description ?? '')) editRunning({ description: runningText.trim() });
  };

  const shown = running ? { ...toNew(running), description: runningText ?? running.description ?? '' } : draft;

  // ---- delete with undo ----
  const [pendingDelete, setPendingDelete] = useState<PendingDelete | null>(null);
  const pendingRef = useRef<PendingDelete | null>(null);
  pendingRef.current = pendingDelete;

  const flush = useCallback(
    (p: PendingDelete | null) => {
      if (!p) return;
      clearTimeout(p.timer);
      remove.mutate(p.entries, {
        onError: () => setHidden((h) => new Set([...h].filter((id) => !p.entries.some((e) => e.id === id)))),
      });
    },
    [remove],
  );

  const deleteEntries = (list: TimeEntry[]) => {
    flush(pendingRef.current);
    const ids = new Set(list.map((e) => e.id));
    setHidden((h) => new Set([...h, ...ids]));
    setSelected((s) => new Set([...s].filter((id) => !ids.has(id))));
    const p: PendingDelete = {
      entries: list,
      timer: setTimeout(() => {
        flush(p);
        setPendingDelete((cur) => (cur === p ? null : cur));
      }, UNDO_MS),
    };
    setPendingDelete(p);
  };

  const undo = () => {
    const p = pendingRef.current;
    if (!p) return;
    clearTimeout(p.timer);
    setHidden((h) => new Set([...h].filter((id) => !p.entries.some((e) => e.id === id))));
    setPendingDelete(null);
  };

  // Leaving the page sends what was deleted: undo is only offered while it is on screen.
  useEffect(() => () => flush(pendingRef.current), []); // eslint-disable-line react-hooks/exhaustive-deps

  // ---- the list ----
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [limit, setLimit] = useState(CHUNK);
  useEffect(() => {
    setLimit(CHUNK);
    setSelected(new Set());
  }, [weekOffset]);

  const visible = useMemo(() => (entries.data ?? []).filter((e) => !hidden.has(e.id)), [entries.data, hidden]);
  const days = useMemo(() => groupByDay(visible, zone, now), [visible, zone, now]);
  const weekTotal = days.reduce((sum, d) => sum + d.total, 0);
  const byId = useMemo(() => new Map(visible.map((e) => [e.id, e])), [visible]);
  const selectedEntries = [...selected].map((id) => byId.get(id)).filter((e): e is TimeEntry => !!e);

  const onPatch = useCallback(
    (list: TimeEntry[], change: BulkChange) => {
      const real = list.filter((e) => e.id > 0);
      // v9's bulk PATCH is per workspace; entries on screen are nearly always in one.
      const byWs = new Map<number, number[]>();
      for (const e of real) byWs.set(e.workspace_id, [...(byWs.get(e.workspace_id) ?? []), e.id]);
      for (const [workspaceId, ids] of byWs) patch.mutate({ workspaceId, ids, change });
    },
    [patch],
  );

  const rowCtx: RowContext = {
    projects: projects.data ?? [],
    clients: clients.data ?? [],
    tasks: tasks.data ?? [],
    tags: tags.data ?? [],
    zone,
    timeFormat,
    durationFormat,
    now,
    selected,
    onSelect: (ids, on) => setSelected((s) => {
      const next = new Set(s);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    }),
    onPatch,
    onRetime: (entry, field, text) => {
      const r = retime(entry, field, text, zone, Date.now());
      if ('error' in r) return r.error;
      retimer.mutate({ entry, start: r.start, stop: r.stop });
    },
    onContinue: (e) => start.mutate(toNew(e)),
    onDelete: deleteEntries,
    onCreateProject: (name) => createProject.mutateAsync(name),
    onCreateTag: (name) => createTag.mutateAsync(name),
    continueDisabled: start.isPending || !wid,
  };

  // Rows counted as they are laid out, so only the first `limit` are drawn.
  let budget = limit;
  let truncated = false;

  const mutationError = start.error ?? stop.error ?? create.error ?? patch.error ?? retimer.error ?? remove.error ?? createProject.error ?? createTag.error;
  const [dismissed, setDismissed] = useState<unknown>(null);

  // ---- shortcuts ----
  const [help, setHelp] = useState(false);
  const newManual = () => {
    setMode('manual');
    setWeekOffset(0);
    setManual((m) => ({ ...m, day: todayKey }));
    setTimeout(() => manualStart.current?.focus(), 0);
  };
  useShortcuts({
    n: () => !running && newManual(),
    s: startOrStop,
    '/': () => description.current?.focus(),
    '?': () => setHelp(true),
  });

  const allRows = days.flatMap((d) => d.entries.map((e) => e.id));

  return (
    <section className="page timer-page">
      <h1 className="visually-hidden">Timer</h1>
      <form className={`timer-bar${running ? ' is-running' : ''}`} onSubmit={submit} aria-label="Timer">
        <div className="timer-description">
          <DescriptionField
            ref={description}
            value={shown.description}
            onChange={(text) => (running ? setRunningText(text) : setDraft((d) => ({ ...d, description: text })))}
            onPick={pick}
            onEnter={() => (running ? saveRunningText() : mode === 'manual' ? addManual() : startOrStop())}
            onBlur={saveRunningText}
            entries={[...(recent.data ?? []), ...(entries.data ?? [])]}
            projects={projectById}
          />
        </div>
        <div className="timer-controls">
          <ProjectTaskPicker
            projects={projects.data ?? []}
            clients={clients.data ?? []}
            tasks={tasks.data ?? []}
            projectId={shown.project_id}
            taskId={shown.task_id ?? null}
            onChange={(p, t) => (running ? editRunning({ project_id: p, task_id: t }) : chooseProject(p, t))}
            onCreateProject={(name) => createProject.mutateAsync(name)}
          />
          <TagPicker
            tags={tags.data ?? []}
            value={shown.tags ?? []}
            onChange={(names) => (running ? editRunning({ tags: { mode: 'replace', names } }) : setDraft((d) => ({ ...d, tags: names })))}
            onCreate={(name) => createTag.mutateAsync(name)}
          />
          <button
            type="button"
            className={`btn btn-icon billable${shown.billable ? ' on' : ''}`}
            aria-pressed={shown.billable}
            aria-label="Billable"
            title={shown.billable ? 'Billable' : 'Not billable'}
            onClick={() => (running ? editRunning({ billable: !running.billable }) : setDraft((d) => ({ ...d, billable: !d.billable })))}
          >
            $
          </button>
          {mode === 'manual' && !running ? null : (
            <span className="timer-elapsed" aria-label="Elapsed time">
              {formatDuration(runningFor)}
            </span>
          )}
          <button type="submit" className={`btn btn-start${running ? ' stop' : ''}`} disabled={current.isPending || !wid || create.isPending}>
            {running ? 'Stop' : mode === 'manual' ? 'Add' : 'Start'}
          </button>
          <div className="mode-switch" role="group" aria-label="Mode">
            <button type="button" className="btn btn-icon" aria-pressed={mode === 'timer'} title="Timer mode" aria-label="Timer mode" onClick={() => setMode('timer')}>
              <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
                <circle cx="12" cy="13" r="8" />
                <path d="M12 9v4l2.5 2.5M9.5 2.5h5" />
              </svg>
            </button>
            <button type="button" className="btn btn-icon" aria-pressed={mode === 'manual'} title="Manual mode (n)" aria-label="Manual mode" onClick={() => setMode('manual')} disabled={!!running}>
              <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
                <rect x="3.5" y="5" width="17" height="15" rx="2" />
                <path d="M3.5 10h17M8 3v4M16 3v4" />
              </svg>
            </button>
          </div>
        </div>
        {mode === 'manual' && !running && (
          <fieldset className="manual-fields">
            <legend className="visually-hidden">Manual entry: any two of start, end and duration</legend>
            <label>
              <span>Date</span>
              <input className="input" type="date" value={manual.day} required onChange={(e) => setManual((m) => ({ ...m, day: e.target.value }))} />
            </label>
            <label>
              <span>Start</span>
              <input ref={manualStart} className="input" placeholder="9:00" value={manual.start} onChange={(e) => setManual((m) => ({ ...m, start: e.target.value }))} />
            </label>
            <label>
              <span>End</span>
              <input className="input" placeholder="10:30" value={manual.end} onChange={(e) => setManual((m) => ({ ...m, end: e.target.value }))} />
            </label>
            <label>
              <span>Duration</span>
              <input className="input" placeholder="1h30" value={manual.duration} onChange={(e) => setManual((m) => ({ ...m, duration: e.target.value }))} />
            </label>
            <p className="manual-hint">Any two of start, end and duration: 1h30, 90m, 1:30 or 1.5.</p>
            {manualError && (
              <p className="manual-error" role="alert">
                {manualError}
              </p>
            )}
          </fieldset>
        )}
      </form>

      {mutationError && dismissed !== mutationError && (
        <div className="error-row">
          <ErrorMessage error={mutationError} title="That did not work" />
          <button type="button" className="btn btn-quiet" onClick={() => setDismissed(mutationError)}>
            Dismiss
          </button>
        </div>
      )}

      <div className="week-head">
        <div className="week-nav" role="group" aria-label="Week">
          <button type="button" className="btn btn-icon" aria-label="Previous week" onClick={() => setWeekOffset((w) => w - 1)}>
            ‹
          </button>
          <button type="button" className="btn btn-icon" aria-label="Next week" onClick={() => setWeekOffset((w) => w + 1)} disabled={weekOffset >= 0}>
            ›
          </button>
        </div>
        <h2>{weekOffset === 0 ? 'This week' : weekOffset === -1 ? 'Last week' : 'Week'}</h2>
        <span className="week-range">
          {formatDate(week.days[0]!, dateFormat)} – {formatDate(week.days[6]!, dateFormat)}
        </span>
        {weekOffset !== 0 && (
          <button type="button" className="btn btn-quiet" onClick={() => setWeekOffset(0)}>
            Today
          </button>
        )}
        <span className="week-total" aria-label="Week total">
          {formatDurationAs(weekTotal, durationFormat)}
        </span>
      </div>

      {selected.size > 0 && (
        <BulkBar
          count={selectedEntries.length}
          allCount={allRows.length}
          onSelectAll={() => setSelected(new Set(allRows.filter((id) => id > 0)))}
          onClear={() => setSelected(new Set())}
          onPatch={(change) => onPatch(selectedEntries, change)}
          onDelete={() => deleteEntries(selectedEntries)}
          ctx={rowCtx}
        />
      )}

      {entries.isPending ? (
        <Loading label="Loading your week…" />
      ) : entries.isError ? (
        <ErrorMessage error={entries.error} title="Could not load your time entries" onRetry={() => entries.refetch()} />
      ) : days.length === 0 ? (
        <Empty title={weekOffset === 0 ? 'Nothing tracked this week yet' : 'Nothing tracked that week'}>
          {weekOffset === 0 ? 'Type what you are working on above and press Start, or press n to add an entry by hand.' : 'Go to another week, or add an entry by hand with n.'}
        </Empty>
      ) : (
        <RowCtx.Provider value={rowCtx}>
          {days.map((d) => {
            if (budget <= 0) {
              truncated = true;
              return null;
            }
            const groups = collapseSimilar(d.entries, now);
            const dayIds = d.entries.map((e) => e.id).filter((id) => id > 0);
            const dayChecked = dayIds.length > 0 && dayIds.every((id) => selected.has(id));
            const title = dayLabel(d.day, todayKey, dateFormat);
            return (
              <section key={d.day} className="day" aria-labelledby={`day-${d.day}`}>
                <header className="day-head">
                  <input
                    type="checkbox"
                    className="entry-check"
                    checked={dayChecked}
                    aria-label={`Select every entry of ${title}`}
                    onChange={(e) => rowCtx.onSelect(dayIds, e.target.checked)}
                  />
                  <h3 id={`day-${d.day}`}>{title}</h3>
                  <span className="day-total" aria-label={`Total for ${title}`}>
                    {formatDurationAs(d.total, durationFormat)}
                  </span>
                </header>
                <ul className="entries">
                  {groups.map((g) => {
                    if (budget <= 0) {
                      truncated = true;
                      return null;
                    }
                    const key = `${d.day}|${g.key}`;
                    const open = expanded.has(key);
                    budget -= 1 + (open ? g.entries.length : 0);
                    const toggle = () =>
                      setExpanded((s) => {
                        const next = new Set(s);
                        if (next.has(key)) next.delete(key);
                        else next.add(key);
                        return next;
                      });
                    return g.entries.length === 1 ? (
                      <EntryRow key={g.entries[0]!.id} group={g} />
                    ) : (
                      <li key={key} className="entry-group">
                        <ul className="entries">
                          <EntryRow group={g} expanded={open} onToggle={toggle} />
                          {open && g.entries.map((e) => <EntryRow key={e.id} group={{ key: String(e.id), entries: [e], total: elapsed(e, now) }} nested />)}
                        </ul>
                      </li>
                    );
                  })}
                </ul>
              </section>
            );
          })}
          {truncated && (
            <div className="show-more">
              <button type="button" className="btn" onClick={() => setLimit((l) => l + CHUNK)}>
                Show more entries
              </button>
            </div>
          )}
        </RowCtx.Provider>
      )}

      {pendingDelete && (
        <div className="toast" role="status">
          <span>
            Deleted {pendingDelete.entries.length === 1 ? `“${pendingDelete.entries[0]!.description || 'No description'}”` : `${pendingDelete.entries.length} entries`}
          </span>
          <button type="button" className="btn" onClick={undo}>
            Undo
          </button>
        </div>
      )}

      {help && <HelpDialog onClose={() => setHelp(false)} />}
    </section>
  );
}

function BulkBar({
  count,
  allCount,
  onSelectAll,
  onClear,
  onPatch,
  onDelete,
  ctx,
}: {
  count: number;
  allCount: number;
  onSelectAll: () => void;
  onClear: () => void;
  onPatch: (change: BulkChange) => void;
  onDelete: () => void;
  ctx: RowContext;
}) {
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Edit selected entries">
      <strong>{count} selected</strong>
      {count < allCount && (
        <button type="button" className="btn btn-quiet" onClick={onSelectAll}>
          Select all {allCount}
        </button>
      )}
      <ProjectTaskPicker
        projects={ctx.projects}
        clients={ctx.clients}
        tasks={ctx.tasks}
        projectId={null}
        taskId={null}
        context={`${count} selected entries`}
        onChange={(project_id, task_id) => onPatch({ project_id, task_id })}
        onCreateProject={ctx.onCreateProject}
      />
      <TagPicker tags={ctx.tags} value={[]} context={`${count} selected entries (adds them)`} onChange={(names) => onPatch({ tags: { mode: 'add', names } })} onCreate={ctx.onCreateTag} />
      <button type="button" className="btn" onClick={() => onPatch({ billable: true })}>
        Billable
      </button>
      <button type="button" className="btn" onClick={() => onPatch({ billable: false })}>
        Not billable
      </button>
      <button type="button" className="btn danger-btn" onClick={onDelete}>
        Delete
      </button>
      <button type="button" className="btn btn-quiet" onClick={onClear}>
        Clear
      </button>
    </div>
  );
}

function HelpDialog({ onClose }: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      opener?.focus?.();
    };
  }, [onClose]);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <dl className="shortcuts">
          {SHORTCUTS.map(([key, what]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <p className="muted">They work anywhere on the timer page except while typing in a field.</p>
        <button ref={close} type="button" className="btn btn-primary" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}

function dayLabel(day: string, todayKey: string, dateFormat: string): string {
  const d = DateTime.fromISO(day);
  const diff = DateTime.fromISO(todayKey).diff(d, 'days').days;
  if (diff === 0) return 'Today';
  if (diff === 1) return 'Yesterday';
  return dateFormat ? `${d.toFormat('cccc')}, ${formatDate(day, dateFormat)}` : d.toFormat('cccc');
}
