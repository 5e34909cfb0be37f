import { createContext, memo, useContext } from 'react';
import type { Client, Project, TimeEntry } from '../../api/types';
import type { Tag, Task } from '../../api/entries';
import { ProjectTaskPicker } from '../../components/ProjectTaskPicker';
import { TagPicker } from '../../components/TagPicker';
import { formatDuration, formatDurationAs } from '../../lib/duration';
import { elapsed } from '../../lib/entries';
import type { BulkChange, SimilarGroup } from '../../lib/timesheet';
import { formatTime } from '../../lib/week';
import { InlineText } from './InlineText';

export interface RowContext {
  projects: Project[];
  clients: Client[];
  tasks: Task[];
  tags: Tag[];
  zone: string;
  timeFormat: string;
  durationFormat: string | undefined;
  now: number;
  selected: Set<number>;
  onSelect: (ids: number[], on: boolean) => void;
  onPatch: (entries: TimeEntry[], change: BulkChange) => void;
  /** Returns an error message when the text is not a time or duration. */
  onRetime: (entry: TimeEntry, field: 'start' | 'stop' | 'duration', text: string) => string | void;
  onContinue: (entry: TimeEntry) => void;
  onDelete: (entries: TimeEntry[]) => void;
  onCreateProject: (name: string) => Promise<Project>;
  onCreateTag: (name: string) => Promise<Tag>;
  continueDisabled: boolean;
}

export const RowCtx = createContext<RowContext | null>(null);

interface Props {
  group: SimilarGroup;
  /** A group of several: shown as one line with a count until expanded. */
  expanded?: boolean;
  onToggle?: () => void;
  /** One entry shown inside an expanded group. */
  nested?: boolean;
}

/** One line of the list: a single entry, or the face of several similar ones (edits apply to all). */
export const EntryRow = memo(function EntryRow({ group, expanded, onToggle, nested }: Props) {
  const ctx = useContext(RowCtx)!;
  const entries = group.entries;
  const e = entries[0]!;
  const many = entries.length > 1;
  const label = e.description || 'No description';
  const isRunning = entries.some((x) => x.stop === null);
  const pending = entries.some((x) => x.id < 0);
  const ids = entries.map((x) => x.id);
  const checked = ids.every((id) => ctx.selected.has(id));
  const time = (iso: string) => formatTime(iso, ctx.zone, ctx.timeFormat);
  const earliest = entries.reduce((a, b) => (Date.parse(b.start) < Date.parse(a.start) ? b : a));

  return (
    <li className={`entry${isRunning && !many ? ' is-running' : ''}${pending ? ' is-pending' : ''}${nested ? ' is-nested' : ''}${checked ? ' is-selected' : ''}`}>
      <input
        type="checkbox"
        className="entry-check"
        checked={checked}
        disabled={pending}
        aria-label={`Select “${label}”${many ? ` (${entries.length} entries)` : ''}`}
        onChange={(ev) => ctx.onSelect(ids, ev.target.checked)}
      />
      <div className="entry-main">
        <InlineText
          className="entry-description"
          value={e.description ?? ''}
          placeholder="No description"
          label={`Description${many ? ` of ${entries.length} entries` : ''}`}
          disabled={pending}
          onCommit={(text) => ctx.onPatch(entries, { description: text.trim() })}
        />
        <div className="entry-pickers">
          <ProjectTaskPicker
            compact
            projects={ctx.projects}
            clients={ctx.clients}
            tasks={ctx.tasks}
            projectId={e.project_id}
            taskId={e.task_id}
            disabled={pending}
            context={label}
            onChange={(project_id, task_id) => ctx.onPatch(entries, { project_id, task_id })}
            onCreateProject={ctx.onCreateProject}
          />
          <TagPicker
            compact
            tags={ctx.tags}
            value={e.tags ?? []}
            disabled={pending}
            context={label}
            onChange={(names) => ctx.onPatch(entries, { tags: { mode: 'replace', names } })}
            onCreate={ctx.onCreateTag}
          />
        </div>
      </div>
      <div className="entry-meta">
        <button
          type="button"
          className={`btn btn-icon billable${e.billable ? ' on' : ''}`}
          aria-pressed={e.billable}
          aria-label={`Billable: ${label}`}
          title={e.billable ? 'Billable' : 'Not billable'}
          disabled={pending}
          onClick={() => ctx.onPatch(entries, { billable: !e.billable })}
        >
          $
        </button>
        {many ? (
          <>
            <button type="button" className="count-badge" aria-expanded={!!expanded} aria-label={`${entries.length} similar entries, ${expanded ? 'hide' : 'show'} them`} onClick={onToggle}>
              {entries.length}
            </button>
            <span className="entry-times group-times">
              {time(earliest.start)} – {isRunning ? 'now' : time(e.stop!)}
            </span>
            <span className="entry-duration">{formatDurationAs(group.total, ctx.durationFormat)}</span>
          </>
        ) : (
          <>
            <span className="entry-times">
              <InlineText className="time-input" label={`Start of “${label}”`} value={time(e.start)} disabled={pending} onCommit={(t) => ctx.onRetime(e, 'start', t)} />
              <span aria-hidden="true">–</span>
              {isRunning ? (
                <span className="time-now">now</span>
              ) : (
                <InlineText className="time-input" label={`End of “${label}”`} value={time(e.stop!)} disabled={pending} onCommit={(t) => ctx.onRetime(e, 'stop', t)} />
              )}
            </span>
            <InlineText
              className="duration-input"
              label={`Duration of “${label}”`}
              value={formatDuration(elapsed(e, ctx.now))}
              disabled={pending}
              onCommit={(t) => ctx.onRetime(e, 'duration', t)}
            />
          </>
        )}
        <button
          type="button"
          className="btn btn-icon"
          aria-label={`Continue “${label}”`}
          title="Continue"
          disabled={(isRunning && !many) || pending || ctx.continueDisabled}
          onClick={() => ctx.onContinue(e)}
        >
          ▶
        </button>
        <button
          type="button"
          className="btn btn-icon danger"
          aria-label={`Delete “${label}”${many ? ` (${entries.length} entries)` : ''}`}
          title="Delete"
          disabled={pending}
          onClick={() => ctx.onDelete(entries)}
        >
          ✕
        </button>
      </div>
    </li>
  );
});
