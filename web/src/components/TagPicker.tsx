import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Tag } from '../api/entries';

/** Tag names matching `search`, chosen ones first, each part sorted by name. */
export function tagOptions(tags: Tag[], chosen: string[], search: string): string[] {
  const q = search.trim().toLowerCase();
  const names = new Set([...tags.map((t) => t.name), ...chosen]);
  const sel = new Set(chosen);
  const by = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' });
  const hits = [...names].filter((n) => !q || n.toLowerCase().includes(q));
  return [...hits.filter((n) => sel.has(n)).sort(by), ...hits.filter((n) => !sel.has(n)).sort(by)];
}

interface Props {
  tags: Tag[];
  value: string[];
  onChange: (names: string[]) => void;
  onCreate?: (name: string) => Promise<Tag>;
  disabled?: boolean;
  compact?: boolean;
  context?: string;
}

/** Several tags at once: a list of checkable options, with "Create tag" for a new name. */
export function TagPicker({ tags, value, onChange, onCreate, disabled, compact, context }: Props) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  // Chosen while open, sent once on close so a row edit is one request, not one per click.
  const [draft, setDraft] = useState<string[]>(value);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const names = useMemo(() => tagOptions(tags, draft, search), [tags, draft, search]);
  const canCreate = !!onCreate && search.trim() !== '' && !names.some((n) => n.toLowerCase() === search.trim().toLowerCase());
  const count = names.length + (canCreate ? 1 : 0);

  const close = (focus = true) => {
    setOpen(false);
    setSearch('');
    setError(null);
    const a = [...draft].sort().join('\n');
    const b = [...value].sort().join('\n');
    if (a !== b) onChange(draft);
    if (focus) button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) close(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  });

  useEffect(() => setActive(0), [search]);

  const toggle = (name: string) => setDraft((d) => (d.includes(name) ? d.filter((n) => n !== name) : [...d, name]));

  const create = async () => {
    if (!onCreate) return;
    try {
      const tag = await onCreate(search.trim());
      setDraft((d) => [...d, tag.name]);
      setSearch('');
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const choose = (i: number) => (i < names.length ? toggle(names[i]!) : void create());

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(count - 1, i + 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter') choose(active);
    else if (e.key === 'Escape') close();
    else return;
    e.preventDefault();
  };

  const optionId = (i: number) => `${id}-opt-${i}`;
  const label = value.length ? value.join(', ') : null;

  return (
    <div className="picker" ref={root}>
      <button
        ref={button}
        type="button"
        className={`btn picker-button tag-button${compact ? ' btn-quiet compact' : ''}${value.length ? ' has-tags' : ''}`}
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={`${label ? `Tags: ${label}` : 'Add tags'}${context ? ` for ${context}` : ''}`}
        title={label ?? 'Tags'}
        disabled={disabled}
        onClick={() => {
          if (open) close();
          else {
            setDraft(value);
            setOpen(true);
          }
        }}
      >
        <span aria-hidden="true" className="tag-icon">#</span>
        {label && <span className="picker-label">{label}</span>}
        {!label && !compact && <span className="picker-label muted">Tags</span>}
      </button>
      {open && (
        <div className="popover" role="dialog" aria-label="Choose tags">
          <input
            autoFocus
            type="search"
            className="input"
            placeholder="Search or create tags"
            aria-label="Search tags"
            role="combobox"
            aria-expanded="true"
            aria-controls={`${id}-list`}
            aria-activedescendant={count ? optionId(active) : undefined}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={onKeyDown}
          />
          {error && (
            <p className="picker-error" role="alert">
              {error}
            </p>
          )}
          <ul className="options" role="listbox" aria-multiselectable="true" id={`${id}-list`} aria-label="Tags">
            {names.map((n, i) => (
              <li
                key={n}
                id={optionId(i)}
                role="option"
                aria-selected={draft.includes(n)}
                className={`option${active === i ? ' active' : ''}`}
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(i)}
                onClick={() => toggle(n)}
              >
                <span className={`check${draft.includes(n) ? ' on' : ''}`} aria-hidden="true">
                  {draft.includes(n) ? '✓' : ''}
                </span>
                {n}
              </li>
            ))}
            {names.length === 0 && !canCreate && <li className="option-empty">{search ? 'No tag matches.' : 'No tags yet: type one to create it.'}</li>}
            {canCreate && (
              <li
                id={optionId(names.length)}
                role="option"
                aria-selected={false}
                className={`option option-create${active === names.length ? ' active' : ''}`}
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(names.length)}
                onClick={() => void create()}
              >
                + Create tag “{search.trim()}”
              </li>
            )}
          </ul>
          <div className="popover-foot">
            <button type="button" className="btn btn-primary" onClick={() => close()}>
              Done
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
