import { useState, type ReactNode } from 'react';
import { useMyWorkspaces, useWorkspace, type Workspace } from '../../api/manage';
import { ErrorMessage, Loading } from '../../components/Status';
import type { Page } from '../../lib/catalog';
import type { Status } from '../../lib/catalog';

/**
 * Renders its children with the default workspace once it is known; whether the user administers
 * it comes from the API's `admin`, and admin-only controls are left out for members.
 */
export function WithWorkspace({ children }: { children: (ws: Workspace) => ReactNode }) {
  const [chosen, choose] = useChosenWorkspace();
  const workspaces = useMyWorkspaces();
  // A remembered workspace the user has left falls back to the default one.
  const valid = chosen !== undefined && workspaces.data?.some((w) => w.id === chosen) ? chosen : undefined;
  const ws = useWorkspace(valid);
  if (ws.isPending) return <Loading />;
  if (ws.isError) return <ErrorMessage error={ws.error} title="The workspace could not be loaded" onRetry={() => ws.refetch()} />;
  return (
    <>
      {workspaces.data && workspaces.data.length > 1 && (
        <label className="m-filter m-workspace">
          <span>Workspace</span>
          <select className="input" value={ws.data.id} onChange={(e) => choose(Number(e.target.value))}>
            {workspaces.data.map((w) => <option key={w.id} value={w.id}>{w.name}</option>)}
          </select>
        </label>
      )}
      {children(ws.data)}
    </>
  );
}

const CHOSEN_KEY = 'stint.workspace';

/** The workspace chosen on these pages, kept across them and reloads. */
function useChosenWorkspace(): [number | undefined, (id: number) => void] {
  const [chosen, setChosen] = useState<number | undefined>(() => {
    const v = Number(localStorage.getItem(CHOSEN_KEY));
    return Number.isSafeInteger(v) && v > 0 ? v : undefined;
  });
  return [
    chosen,
    (id) => {
      localStorage.setItem(CHOSEN_KEY, String(id));
      setChosen(id);
    },
  ];
}

export function PageHead({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="m-head">
      <h1>{title}</h1>
      {children && <div className="m-head-actions">{children}</div>}
    </div>
  );
}

export function StatusSelect({ value, onChange, id }: { value: Status; onChange: (s: Status) => void; id: string }) {
  return (
    <label className="m-filter" htmlFor={id}>
      <span>Show</span>
      <select id={id} className="input" value={value} onChange={(e) => onChange(e.target.value as Status)}>
        <option value="active">Active</option>
        <option value="archived">Archived</option>
        <option value="all">All</option>
      </select>
    </label>
  );
}

export function SearchBox({ value, onChange, label }: { value: string; onChange: (s: string) => void; label: string }) {
  return (
    <label className="m-filter m-search">
      <span className="visually-hidden">{label}</span>
      <input className="input" type="search" placeholder={label} value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

export function Pager<T>({ page, onPage, label }: { page: Page<T>; onPage: (p: number) => void; label: string }) {
  if (page.pages <= 1) return null;
  return (
    <nav className="m-pager" aria-label={`${label} pages`}>
      <button type="button" className="btn" disabled={page.page <= 1} onClick={() => onPage(page.page - 1)}>
        Previous
      </button>
      <span aria-live="polite">
        Page {page.page} of {page.pages} · {page.total} in all
      </span>
      <button type="button" className="btn" disabled={page.page >= page.pages} onClick={() => onPage(page.page + 1)}>
        Next
      </button>
    </nav>
  );
}

/** A button that asks once more before something that cannot be undone. */
export function ConfirmButton({ onConfirm, children, question, className = 'btn btn-quiet danger', disabled }: {
  onConfirm: () => void;
  children: ReactNode;
  question: string;
  className?: string;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className={className} onClick={() => setAsking(true)} disabled={disabled}>
        {children}
      </button>
    );
  return (
    <span className="m-confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button type="button" className="btn btn-danger" autoFocus onClick={() => { setAsking(false); onConfirm(); }}>
        Yes
      </button>
      <button type="button" className="btn" onClick={() => setAsking(false)}>
        No
      </button>
    </span>
  );
}

/** The last failed action's message, readable, until the next one. */
export function ActionError({ error }: { error: unknown }) {
  if (!error) return null;
  return <ErrorMessage error={error} title="That did not work" />;
}

export function Saved({ show, children = 'Saved.' }: { show: boolean; children?: ReactNode }) {
  return (
    <span className="m-saved" role="status" aria-live="polite">
      {show ? children : ''}
    </span>
  );
}

/** After a failed check, moves focus to the first field marked invalid, so keyboard and screen reader users land on it. */
export function focusFirstInvalid(form: HTMLFormElement) {
  requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
