import { useMemo, useState, type FormEvent } from 'react';
import { DateTime } from 'luxon';
import type { NewTimeEntry, TimeEntry } from '../api/types';
import {
  useClients,
  useCurrentEntry,
  useDeleteEntry,
  useEntries,
  useMe,
  usePreferences,
  useProjects,
  useStartEntry,
  useStopEntry,
} from '../api/queries';
import { ProjectPicker } from '../components/ProjectPicker';
import { Empty, ErrorMessage, Loading } from '../components/Status';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useNow } from '../hooks/useNow';
import { formatDurationAs, formatDuration } from '../lib/duration';
import { elapsed, groupByDay } from '../lib/entries';
import { formatDate, formatTime, today, weekOf } from '../lib/week';

const toNew = (e: TimeEntry): NewTimeEntry => ({
  description: e.description ?? '',
  project_id: e.project_id,
  task_id: e.task_id,
  billable: e.billable,
  tags: e.tags ?? [],
});

export function TimerPage() {
  const me = useMe().data!;
  const prefs = usePreferences().data ?? {};
  const zone = me.timezone || 'UTC';
  const projects = useProjects();
  const clients = useClients();
  const current = useCurrentEntry();
  const running = current.data ?? null;
  const now = useNow(true);

  // The week is recomputed as days pass (the clock ticks anyway for the running timer).
  const todayKey = today(zone, now);
  const week = useMemo(() => weekOf(DateTime.fromISO(todayKey, { zone }), zone, me.beginning_of_week), [todayKey, zone, me.beginning_of_week]);
  const entries = useEntries(week.days[0]!, week.days[6]!);

  const start = useStartEntry(me.default_workspace_id, projects.data);
  const stop = useStopEntry();
  const remove = useDeleteEntry();

  const [draft, setDraft] = useState<NewTimeEntry>({ description: '', project_id: null, billable: false });
  // A project's billable default applies when it is chosen, as in Toggl.
  const chooseProject = (id: number | null) =>
    setDraft((d) => ({ ...d, project_id: id, billable: projects.data?.find((p) => p.id === id)?.billable ?? d.billable }));

  const runningFor = running ? elapsed(running, now) : 0;
  useDocumentTitle(running ? `${formatDuration(runningFor)} · ${running.description || 'No description'}` : 'Timer');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (running) {
      stop.mutate(running);
    } else {
      start.mutate({ ...draft, description: draft.description.trim() }, { onSuccess: () => setDraft({ description: '', project_id: null, billable: false }) });
    }
  };

  const projectById = useMemo(() => new Map((projects.data ?? []).map((p) => [p.id, p])), [projects.data]);
  const clientById = useMemo(() => new Map((clients.data ?? []).map((c) => [c.id, c])), [clients.data]);
  const days = useMemo(() => groupByDay(entries.data ?? [], zone, now), [entries.data, zone, now]);
  const weekTotal = days.reduce((sum, d) => sum + d.total, 0);
  const mutationError = start.error ?? stop.error ?? remove.error;

  const shown = running ? toNew(running) : draft;
  const durationFormat = prefs.duration_format;

  return (
    <section className="page timer-page">
      <h1 className="visually-hidden">Timer</h1>
      <form className={`timer-bar${running ? ' is-running' : ''}`} onSubmit={submit} aria-label="Timer">
        <label className="timer-description">
          <span className="visually-hidden">What are you working on?</span>
          <input
            className="input"
            placeholder="What are you working on?"
            value={shown.description}
            readOnly={!!running}
            onChange={(e) => setDraft((d) => ({ ...d, description: e.target.value }))}
          />
        </label>
        <div className="timer-controls">
          <ProjectPicker
            projects={projects.data ?? []}
            clients={clients.data ?? []}
            value={shown.project_id}
            onChange={chooseProject}
            disabled={!!running}
          />
          <button
            type="button"
            className={`btn btn-icon billable${shown.billable ? ' on' : ''}`}
            aria-pressed={shown.billable}
            aria-label="Billable"
            title={shown.billable ? 'Billable' : 'Not billable'}
            disabled={!!running}
            onClick={() => setDraft((d) => ({ ...d, billable: !d.billable }))}
          >
            $
          </button>
          <span className="timer-elapsed" aria-label="Elapsed time">
            {formatDuration(runningFor)}
          </span>
          <button type="submit" className={`btn btn-start${running ? ' stop' : ''}`} disabled={current.isPending || !me.default_workspace_id}>
            {running ? 'Stop' : 'Start'}
          </button>
        </div>
      </form>

      {mutationError && <ErrorMessage error={mutationError} title="That did not work" />}

      <div className="week-head">
        <h2>This week</h2>
        <span className="week-range">
          {formatDate(week.days[0]!, String(prefs.date_format ?? ''))} – {formatDate(week.days[6]!, String(prefs.date_format ?? ''))}
        </span>
        <span className="week-total" aria-label="Week total">
          {formatDurationAs(weekTotal, durationFormat)}
        </span>
      </div>

      {entries.isPending ? (
        <Loading label="Loading your week…" />
      ) : entries.isError ? (
        <ErrorMessage error={entries.error} title="Could not load your time entries" onRetry={() => entries.refetch()} />
      ) : days.length === 0 ? (
        <Empty title="Nothing tracked this week yet">Type what you are working on above and press Start.</Empty>
      ) : (
        days.map((d) => (
          <section key={d.day} className="day" aria-labelledby={`day-${d.day}`}>
            <header className="day-head">
              <h3 id={`day-${d.day}`}>{dayLabel(d.day, todayKey, String(prefs.date_format ?? ''))}</h3>
              <span className="day-total" aria-label={`Total for ${dayLabel(d.day, todayKey, '')}`}>
                {formatDurationAs(d.total, durationFormat)}
              </span>
            </header>
            <ul className="entries">
              {d.entries.map((e) => {
                const project = e.project_id !== null ? projectById.get(e.project_id) : undefined;
                const projectName = project?.name ?? e.project_name ?? null;
                const color = project?.color ?? e.project_color ?? undefined;
                const client = project?.client_id != null ? clientById.get(project.client_id)?.name : e.client_name ?? undefined;
                const isRunning = e.stop === null;
                const label = e.description || 'No description';
                return (
                  <li key={e.id} className={`entry${isRunning ? ' is-running' : ''}${e.id < 0 ? ' is-pending' : ''}`}>
                    <div className="entry-main">
                      <span className={`entry-description${e.description ? '' : ' muted'}`}>{label}</span>
                      {projectName && (
                        <span className="entry-project">
                          <span className="dot" style={{ background: color }} aria-hidden="true" />
                          {projectName}
                          {client && <span className="entry-client"> · {client}</span>}
                        </span>
                      )}
                    </div>
                    <div className="entry-meta">
                      {e.billable && (
                        <span className="badge" title="Billable" aria-label="Billable">
                          $
                        </span>
                      )}
                      <span className="entry-times">
                        {formatTime(e.start, zone, String(prefs.timeofday_format ?? ''))} – {isRunning ? 'now' : formatTime(e.stop!, zone, String(prefs.timeofday_format ?? ''))}
                      </span>
                      <span className="entry-duration">{formatDuration(elapsed(e, now))}</span>
                      <button
                        type="button"
                        className="btn btn-icon"
                        aria-label={`Continue “${label}”`}
                        title="Continue"
                        disabled={isRunning || e.id < 0 || start.isPending}
                        onClick={() => start.mutate(toNew(e))}
                      >
                        ▶
                      </button>
                      <button
                        type="button"
                        className="btn btn-icon danger"
                        aria-label={`Delete “${label}”`}
                        title="Delete"
                        disabled={e.id < 0}
                        onClick={() => remove.mutate(e)}
                      >
                        ✕
                      </button>
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
        ))
      )}
    </section>
  );
}

function dayLabel(day: string, todayKey: string, dateFormat: string): string {
  const d = DateTime.fromISO(day);
  const diff = DateTime.fromISO(todayKey).diff(d, 'days').days;
  if (diff === 0) return 'Today';
  if (diff === 1) return 'Yesterday';
  return dateFormat ? `${d.toFormat('cccc')}, ${formatDate(day, dateFormat)}` : d.toFormat('cccc');
}
