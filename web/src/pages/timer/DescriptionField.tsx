import { forwardRef, useId, useMemo, useState } from 'react';
import type { Project, TimeEntry } from '../../api/types';
import { similarKey } from '../../lib/timesheet';

export type Suggestion = Pick<TimeEntry, 'description' | 'project_id' | 'task_id' | 'tags' | 'billable'>;

/** Distinct recent descriptions (with their project, task, tags, billable) matching what is typed. */
export function suggestionsFor(entries: TimeEntry[], typed: string, limit = 8): Suggestion[] {
  const q = typed.trim().toLowerCase();
  const seen = new Set<string>();
  const out: Suggestion[] = [];
  const newest = [...entries].sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
  for (const e of newest) {
    if (!e.description) continue;
    if (q && !e.description.toLowerCase().includes(q)) continue;
    const key = similarKey(e);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ description: e.description, project_id: e.project_id, task_id: e.task_id, tags: e.tags, billable: e.billable });
    if (out.length >= limit) break;
  }
  return out;
}

interface Props {
  value: string;
  onChange: (text: string) => void;
  onPick: (s: Suggestion) => void;
  /** Enter without a suggestion chosen (start the timer, or save the running entry's description). */
  onEnter: () => void;
  onBlur?: () => void;
  entries: TimeEntry[];
  projects: Map<number, Project>;
}

/** The timer's description, with suggestions from recent entries (combobox with a listbox). */
export const DescriptionField = forwardRef<HTMLInputElement, Props>(function DescriptionField(
  { value, onChange, onPick, onEnter, onBlur, entries, projects },
  ref,
) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const id = useId();
  const list = useMemo(() => (open ? suggestionsFor(entries, value) : []), [open, entries, value]);
  const showing = open && list.length > 0;

  return (
    <div className="description-field">
      <input
        ref={ref}
        className="input"
        placeholder="What are you working on?"
        aria-label="What are you working on?"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showing}
        aria-controls={`${id}-list`}
        aria-activedescendant={showing && active >= 0 ? `${id}-${active}` : undefined}
        value={value}
        autoComplete="off"
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          onBlur?.();
        }}
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && list.length) setActive((i) => Math.min(list.length - 1, i + 1));
          else if (e.key === 'ArrowUp' && list.length) setActive((i) => Math.max(-1, i - 1));
          else if (e.key === 'Escape' && showing) setOpen(false);
          else if (e.key === 'Enter') {
            if (showing && active >= 0) onPick(list[active]!);
            else onEnter();
            setOpen(false);
            setActive(-1);
          } else return;
          e.preventDefault();
        }}
      />
      {showing && (
        <ul className="suggestions" role="listbox" id={`${id}-list`} aria-label="Recent entries">
          {list.map((s, i) => {
            const p = s.project_id !== null ? projects.get(s.project_id) : undefined;
            return (
              <li
                key={i}
                id={`${id}-${i}`}
                role="option"
                aria-selected={i === active}
                className={`option${i === active ? ' active' : ''}`}
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(i)}
                onClick={() => {
                  onPick(s);
                  setOpen(false);
                }}
              >
                <span className="suggestion-text">{s.description}</span>
                {p && (
                  <span className="suggestion-project">
                    <span className="dot" style={{ background: p.color }} aria-hidden="true" />
                    {p.name}
                  </span>
                )}
                {s.tags && s.tags.length > 0 && <span className="suggestion-tags">#{s.tags.join(' #')}</span>}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
});
