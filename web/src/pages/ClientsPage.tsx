import { useState, type FormEvent } from 'react';
import { useClientAction, useClientList, useProjectList, useSaveClient, type ClientRecord, type Workspace } from '../api/manage';
import { Empty, ErrorMessage, Loading } from '../components/Status';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { byName, matchesSearch, matchesStatus, paginate, type Status } from '../lib/catalog';
import { requiredName } from '../lib/validate';
import { ActionError, ConfirmButton, focusFirstInvalid, PageHead, Pager, SearchBox, StatusSelect, WithWorkspace } from './manage/shared';
import './Manage.css';

export function ClientsPage() {
  useDocumentTitle('Clients');
  return <WithWorkspace>{(ws) => <Clients ws={ws} />}</WithWorkspace>;
}

function ClientForm({ wid, client, onDone }: { wid: number; client?: ClientRecord; onDone: () => void }) {
  const save = useSaveClient(wid);
  const [name, setName] = useState(client?.name ?? '');
  const [notes, setNotes] = useState(client?.notes ?? '');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = requiredName(name);
    setError(problem);
    if (problem) return focusFirstInvalid(e.currentTarget as HTMLFormElement);
    save.mutate({ id: client?.id, name: name.trim(), notes: notes.trim() || null }, { onSuccess: onDone });
  };
  return (
    <form className="m-card m-form" onSubmit={submit} aria-label={client ? `Edit client ${client.name}` : 'New client'}>
      <h2>{client ? 'Edit client' : 'New client'}</h2>
      <div className="field">
        <label htmlFor="client-name">Name</label>
        <input id="client-name" className="input" value={name} autoFocus onChange={(e) => setName(e.target.value)} aria-invalid={!!error} aria-describedby={error ? 'client-name-error' : undefined} />
        {error && <small id="client-name-error" className="m-error">{error}</small>}
      </div>
      <label className="field">
        <span>Notes</span>
        <textarea className="input" rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <ActionError error={save.error} />
      <div className="m-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save client'}</button>
        <button type="button" className="btn" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}

function Clients({ ws }: { ws: Workspace }) {
  const clients = useClientList(ws.id);
  const projects = useProjectList(ws.id);
  const action = useClientAction(ws.id);
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<Status>('active');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<ClientRecord | 'new' | null>(null);
  // Members may create clients unless only admins may create projects; the API has the last word.
  const canEdit = ws.admin || !ws.only_admins_may_create_projects;

  if (clients.isPending) return <Loading />;
  if (clients.isError) return <ErrorMessage error={clients.error} title="Clients could not be loaded" onRetry={() => clients.refetch()} />;

  const shown = clients.data
    .filter((c) => matchesStatus(status, !c.archived) && matchesSearch(search, c.name))
    .sort((a, b) => byName(a.name, b.name));
  const p = paginate(shown, page, 25);
  const count = (id: number) => projects.data?.filter((x) => x.client_id === id).length ?? 0;

  return (
    <section className="m-page">
      <PageHead title="Clients">
        {canEdit && <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>New client</button>}
      </PageHead>
      {editing && <ClientForm key={editing === 'new' ? 'new' : editing.id} wid={ws.id} client={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />}
      <div className="m-toolbar">
        <SearchBox label="Search clients" value={search} onChange={(s) => { setSearch(s); setPage(1); }} />
        <StatusSelect id="client-status" value={status} onChange={(s) => { setStatus(s); setPage(1); }} />
      </div>
      <ActionError error={action.error} />
      {p.total === 0 ? (
        <Empty title={clients.data.length === 0 ? 'No clients yet' : 'No client matches'}>
          {clients.data.length === 0 ? 'Clients group your projects, and reports can be grouped by them.' : 'Try another search or filter.'}
        </Empty>
      ) : (
        <ul className="m-list" aria-label="Clients">
          {p.items.map((c) => (
            <li key={c.id} className={`m-row${c.archived ? ' is-archived' : ''}`}>
              <div className="m-row-main">
                <span className="m-row-title">{c.name}</span>
                <span className="muted">{count(c.id)} {count(c.id) === 1 ? 'project' : 'projects'}{c.archived ? ' · archived' : ''}</span>
              </div>
              {canEdit && (
                <div className="m-row-actions">
                  <button type="button" className="btn btn-quiet" onClick={() => setEditing(c)} aria-label={`Edit ${c.name}`}>Edit</button>
                  {ws.admin &&
                    (c.archived ? (
                      <button type="button" className="btn btn-quiet" onClick={() => action.mutate({ id: c.id, action: 'restore' })} aria-label={`Restore ${c.name}`}>Restore</button>
                    ) : (
                      <button type="button" className="btn btn-quiet" onClick={() => action.mutate({ id: c.id, action: 'archive' })} aria-label={`Archive ${c.name}`}>Archive</button>
                    ))}
                  {ws.admin && (
                    <ConfirmButton question={`Delete ${c.name}?`} onConfirm={() => action.mutate({ id: c.id, action: 'delete' })}>
                      Delete
                    </ConfirmButton>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pager page={p} onPage={setPage} label="Clients" />
    </section>
  );
}
