import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import interactionPlugin from '@fullcalendar/interaction';
import type { DatesSetArg, EventClickArg, EventContentArg, EventDropArg, EventInput } from '@fullcalendar/core';
import type { DateSelectArg } from '@fullcalendar/core';
import type { EventResizeDoneArg } from '@fullcalendar/interaction';
import { DateTime } from 'luxon';
import type { TimeEntry } from '../api/types';
import { useClients, useEntries, useMe, usePreferences, useProjects } from '../api/queries';
import { useCreateEntry, useCreateProject, useCreateTag, useDeleteEntries, usePatchEntries, useRetimeEntry, useTags, useTasks } from '../api/entries';
import { ProjectTaskPicker } from '../components/ProjectTaskPicker';
import { TagPicker } from '../components/TagPicker';
import { ErrorMessage } from '../components/Status';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useNow } from '../hooks/useNow';
import { formatDurationAs, formatDuration } from '../lib/duration';
import { elapsed } from '../lib/entries';
import { fromWall, is12Hour, toWall } from '../lib/calendar';
import { dayOf, formatTime, today, weekOf } from '../lib/week';
import { InlineText } from './timer/InlineText';
import './fullcalendar.css';
import './CalendarPage.css';

/** Black or white, whichever reads better on a project colour (WCAG relative luminance). */
export function textOn(hex: string): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) return '#ffffff';
  const n = parseInt(m[1]!, 16);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? '#111111' : '#ffffff';
}

// Dark enough for white text (AA) in both themes.
const NO_PROJECT = '#5f5870';
const phone = () => typeof window !== 'undefined' && window.matchMedia('(max-width: 640px)').matches;

export function CalendarPage() {
  useDocumentTitle('Calendar');
  const me = useMe().data!;
  const prefs = usePreferences().data ?? {};
  const zone = me.timezone || 'UTC';
  const wid = me.default_workspace_id;
  const timeFormat = String(prefs.timeofday_format ?? '');
  const hour12 = is12Hour(timeFormat);
  const projects = useProjects();
  const clients = useClients();
  const tasks = useTasks();
  const tags = useTags();
  // A minute is fine for the running entry's block; the total ticks with it.
  const now = useNow(true, 15_000);

  // The shown range in the user's days; the list always covers the whole week around it, so the
  // day view can still show the week's total.
  const [anchor, setAnchor] = useState(() => today(zone));
  const week = useMemo(() => weekOf(DateTime.fromISO(anchor, { zone }), zone, me.beginning_of_week), [anchor, zone, me.beginning_of_week]);
  const entries = useEntries(week.days[0]!, week.days[6]!);
  const [view, setView] = useState<{ type: string; days: string[] }>({ type: 'timeGridWeek', days: week.days });

  const create = useCreateEntry(projects.data);
  const retime = useRetimeEntry();
  const patch = usePatchEntries();
  const remove = useDeleteEntries();
  const createProject = useCreateProject(wid);
  const createTag = useCreateTag(wid);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<number | null>(null);

  const projectById = useMemo(() => new Map((projects.data ?? []).map((p) => [p.id, p])), [projects.data]);
  const list = entries.data ?? [];

  const events: EventInput[] = useMemo(
    () =>
      list.map((e) => {
        const project = e.project_id !== null ? projectById.get(e.project_id) : undefined;
        const color = project?.color ?? e.project_color ?? NO_PROJECT;
        const running = e.stop === null;
        return {
          id: String(e.id),
          title: e.description || 'No description',
          start: toWall(e.start, zone),
          // At least a minute, so a just-started entry is something to see.
          end: toWall(running ? Math.max(now, Date.parse(e.start) + 60_000) : e.stop!, zone),
          backgroundColor: color,
          borderColor: color,
          textColor: textOn(color),
          classNames: [running ? 'is-running' : '', e.id < 0 ? 'is-pending' : ''].filter(Boolean),
          // A running entry has no end to drag, and one not yet saved has no id to send.
          editable: !running && e.id > 0,
          extendedProps: { entry: e, projectName: project?.name ?? e.project_name ?? null },
        };
      }),
    [list, projectById, zone, now],
  );

  const total = (days: string[]) => {
    const set = new Set(days);
    return list.filter((e) => set.has(dayOf(e.start, zone))).reduce((s, e) => s + elapsed(e, now), 0);
  };
  const weekTotal = total(week.days);
  const viewTotal = view.type === 'timeGridDay' ? total(view.days) : null;

  const onDatesSet = useCallback(
    (arg: DatesSetArg) => {
      const first = arg.start.toISOString().slice(0, 10);
      const days: string[] = [];
      for (let d = new Date(arg.start); d < arg.end; d = new Date(d.getTime() + 86_400_000)) days.push(d.toISOString().slice(0, 10));
      setAnchor(first);
      setView({ type: arg.view.type, days });
    },
    [],
  );

  const moved = (arg: EventDropArg | EventResizeDoneArg) => {
    const entry = arg.event.extendedProps.entry as TimeEntry;
    if (!arg.event.start || !arg.event.end) return arg.revert();
    setError(null);
    retime.mutate(
      { entry, start: fromWall(arg.event.start, zone), stop: fromWall(arg.event.end, zone) },
      {
        onError: (err) => {
          arg.revert();
          setError(err);
        },
      },
    );
  };

  const onSelect = (arg: DateSelectArg) => {
    arg.view.calendar.unselect();
    if (!wid) return;
    setError(null);
    create.mutate(
      { workspace_id: wid, description: '', project_id: null, task_id: null, billable: false, tags: [], start: fromWall(arg.start, zone), stop: fromWall(arg.end, zone) },
      { onSuccess: (entry) => setEditing(entry.id), onError: setError },
    );
  };

  const onClick = (arg: EventClickArg) => {
    const entry = arg.event.extendedProps.entry as TimeEntry;
    if (entry.id > 0) setEditing(entry.id);
  };

  const editingEntry = editing !== null ? list.find((e) => e.id === editing) ?? null : null;
  useEffect(() => {
    if (editing !== null && entries.isSuccess && !entries.isFetching && !editingEntry) setEditing(null);
  }, [editing, editingEntry, entries.isSuccess, entries.isFetching]);

  const fmt = { hour: 'numeric', minute: '2-digit', hour12, meridiem: hour12 ? 'short' : false } as const;

  return (
    <section className="page calendar-page">
      <div className="calendar-head">
        <h1>Calendar</h1>
        {viewTotal !== null && (
          <span className="calendar-total" aria-label="Day total">
            Day <strong>{formatDurationAs(viewTotal, prefs.duration_format)}</strong>
          </span>
        )}
        <span className="calendar-total" aria-label="Week total">
          Week <strong>{formatDurationAs(weekTotal, prefs.duration_format)}</strong>
        </span>
      </div>
      {(error || entries.isError) && <ErrorMessage error={error ?? entries.error} title={entries.isError ? 'Could not load your time entries' : 'That did not work'} onRetry={entries.isError ? () => entries.refetch() : undefined} />}
      <p className="visually-hidden">Drag across empty time to add an entry; drag an entry to move it, or its lower edge to change how long it lasted.</p>
      <div className="calendar-frame">
        <FullCalendar
          plugins={[timeGridPlugin, interactionPlugin]}
          initialView={phone() ? 'timeGridDay' : 'timeGridWeek'}
          initialDate={toWall(Date.now(), zone).slice(0, 10)}
          // The calendar runs in UTC on wall-clock times (see lib/calendar.ts).
          timeZone="UTC"
          now={() => toWall(Date.now(), zone)}
          firstDay={me.beginning_of_week}
          headerToolbar={{ left: 'prev,next today', center: 'title', right: 'timeGridWeek,timeGridDay' }}
          // Text arrows: FullCalendar's icon fonts are unlabelled images to screen readers.
          buttonIcons={false}
          buttonText={{ today: 'Today', week: 'Week', day: 'Day', prev: '‹', next: '›' }}
          buttonHints={{ prev: 'Previous $0', next: 'Next $0', today: 'This $0' }}
          slotLabelFormat={fmt}
          eventTimeFormat={fmt}
          dayHeaderFormat={{ weekday: 'short', day: 'numeric' }}
          allDaySlot={false}
          nowIndicator
          // Opens on the hours around now (a running entry is in view), never later than 08:00.
          scrollTime={`${String(Math.max(0, Math.min(8, Number(toWall(Date.now(), zone).slice(11, 13)) - 1))).padStart(2, '0')}:00:00`}
          contentHeight={phone() ? 520 : 600}
          expandRows={false}
          slotDuration="00:30:00"
          snapDuration="00:05:00"
          selectable
          selectMirror
          editable
          eventResizableFromStart={false}
          events={events}
          datesSet={onDatesSet}
          select={onSelect}
          eventDrop={moved}
          eventResize={moved}
          eventClick={onClick}
          eventContent={(arg) => <EventBody arg={arg} zone={zone} timeFormat={timeFormat} now={now} />}
          longPressDelay={300}
        />
      </div>
      {editingEntry && (
        <EntryDialog
          entry={editingEntry}
          zone={zone}
          timeFormat={timeFormat}
          onClose={() => setEditing(null)}
          projects={projects.data ?? []}
          clients={clients.data ?? []}
          tasks={tasks.data ?? []}
          tags={tags.data ?? []}
          onPatch={(change) => patch.mutate({ workspaceId: editingEntry.workspace_id, ids: [editingEntry.id], change }, { onError: setError })}
          onDelete={() => {
            remove.mutate([editingEntry], { onError: setError });
            setEditing(null);
          }}
          onCreateProject={(name) => createProject.mutateAsync(name)}
          onCreateTag={(name) => createTag.mutateAsync(name)}
          now={now}
        />
      )}
    </section>
  );
}

function EventBody({ arg, zone, timeFormat, now }: { arg: EventContentArg; zone: string; timeFormat: string; now: number }) {
  const entry = arg.event.extendedProps.entry as TimeEntry | undefined;
  if (!entry) return <div className="cal-event">{arg.timeText}</div>;
  const projectName = arg.event.extendedProps.projectName as string | null;
  return (
    <div className="cal-event">
      <div className="cal-event-title">{arg.event.title}</div>
      {projectName && <div className="cal-event-project">{projectName}</div>}
      <div className="cal-event-time">
        {formatTime(entry.start, zone, timeFormat)} – {entry.stop ? formatTime(entry.stop, zone, timeFormat) : 'now'} · {formatDuration(elapsed(entry, now))}
      </div>
    </div>
  );
}

function EntryDialog({
  entry,
  zone,
  timeFormat,
  onClose,
  projects,
  clients,
  tasks,
  tags,
  onPatch,
  onDelete,
  onCreateProject,
  onCreateTag,
  now,
}: {
  entry: TimeEntry;
  zone: string;
  timeFormat: string;
  onClose: () => void;
  projects: Parameters<typeof ProjectTaskPicker>[0]['projects'];
  clients: Parameters<typeof ProjectTaskPicker>[0]['clients'];
  tasks: Parameters<typeof ProjectTaskPicker>[0]['tasks'];
  tags: Parameters<typeof TagPicker>[0]['tags'];
  onPatch: (change: import('../lib/timesheet').BulkChange) => void;
  onDelete: () => void;
  onCreateProject: (name: string) => Promise<import('../api/types').Project>;
  onCreateTag: (name: string) => Promise<import('../api/entries').Tag>;
  now: number;
}) {
  const first = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    first.current?.querySelector('input')?.focus();
    const onKey = (e: KeyboardEvent) => {
      // Escape inside a picker closes the picker first.
      if (e.key === 'Escape' && !(e.target as HTMLElement).closest('.popover')) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      opener?.focus?.();
    };
  }, [onClose]);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog cal-dialog" role="dialog" aria-modal="true" aria-labelledby="cal-dialog-title" ref={first}>
        <h2 id="cal-dialog-title">Time entry</h2>
        <p className="muted cal-dialog-when">
          {DateTime.fromISO(entry.start).setZone(zone).toFormat('cccc d LLL')} · {formatTime(entry.start, zone, timeFormat)} –{' '}
          {entry.stop ? formatTime(entry.stop, zone, timeFormat) : 'now'} · {formatDuration(elapsed(entry, now))}
        </p>
        <label className="field">
          <span>Description</span>
          <InlineText className="input" label="Description" value={entry.description ?? ''} placeholder="What did you work on?" onCommit={(t) => onPatch({ description: t.trim() })} />
        </label>
        <div className="cal-dialog-row">
          <ProjectTaskPicker
            projects={projects}
            clients={clients}
            tasks={tasks}
            projectId={entry.project_id}
            taskId={entry.task_id}
            onChange={(project_id, task_id) => onPatch({ project_id, task_id })}
            onCreateProject={onCreateProject}
          />
          <TagPicker tags={tags} value={entry.tags ?? []} onChange={(names) => onPatch({ tags: { mode: 'replace', names } })} onCreate={onCreateTag} />
          <button
            type="button"
            className={`btn btn-icon billable${entry.billable ? ' on' : ''}`}
            aria-pressed={entry.billable}
            aria-label="Billable"
            title={entry.billable ? 'Billable' : 'Not billable'}
            onClick={() => onPatch({ billable: !entry.billable })}
          >
            $
          </button>
        </div>
        <div className="cal-dialog-actions">
          <button type="button" className="btn danger-btn" onClick={onDelete}>
            Delete
          </button>
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    </div>
  );
}
