import { useState, type FormEvent } from 'react';
import { useDeleteTag, useSaveTag, useTagList, type Tag, type Workspace } from '../api/manage';
import { Empty, ErrorMessage, Loading } from '../components/Status';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { byName, matchesSearch, paginate } from '../lib/catalog';
import { requiredName } from '../lib/validate';
import { ActionError, ConfirmButton, PageHead, Pager, SearchBox, WithWorkspace } from './manage/shared';
import './Manage.css';

export function TagsPage() {
  useDocumentTitle('Tags');
  return <WithWorkspace>{(ws) => <Tags ws={ws} />}</WithWorkspace>;
}

function TagRow({ wid, tag, canEdit }: { wid: number; tag: Tag; canEdit: boolean }) {
  const save = useSaveTag(wid);
  const del = useDeleteTag(wid);
  const [name, setName] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name === null || requiredName(name)) return;
    save.mutate({ id: tag.id, name: name.trim() }, { onSuccess: () => setName(null) });
  };
  return (
    <li className="m-row">
      {name === null ? (
        <div className="m-row-main">
          <span className="m-row-title">{tag.name}</span>
        </div>
      ) : (
        <form className="m-inline" onSubmit={submit}>
          <label className="visually-hidden" htmlFor={`tag-${tag.id}`}>Tag name</label>
          <input id={`tag-${tag.id}`} className="input" value={name} autoFocus onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="btn btn-primary" disabled={save.isPending || !!requiredName(name)}>Save</button>
          <button type="button" className="btn" onClick={() => setName(null)}>Cancel</button>
        </form>
      )}
      {canEdit && name === null && (
        <div className="m-row-actions">
          <button type="button" className="btn btn-quiet" onClick={() => setName(tag.name)} aria-label={`Rename ${tag.name}`}>Rename</button>
          <ConfirmButton question={`Delete ${tag.name}?`} onConfirm={() => del.mutate(tag.id)}>Delete</ConfirmButton>
        </div>
      )}
      {(save.error || del.error) && <div className="m-row-error"><ActionError error={save.error ?? del.error} /></div>}
    </li>
  );
}

function Tags({ ws }: { ws: Workspace }) {
  const tags = useTagList(ws.id);
  const create = useSaveTag(ws.id);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [name, setName] = useState('');
  const canCreate = ws.admin || !ws.only_admins_may_create_tags;

  if (tags.isPending) return <Loading />;
  if (tags.isError) return <ErrorMessage error={tags.error} title="Tags could not be loaded" onRetry={() => tags.refetch()} />;

  const shown = tags.data.filter((t) => matchesSearch(search, t.name)).sort((a, b) => byName(a.name, b.name));
  const p = paginate(shown, page, 50);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (requiredName(name)) return;
    create.mutate({ name: name.trim() }, { onSuccess: () => setName('') });
  };

  return (
    <section className="m-page">
      <PageHead title="Tags" />
      {canCreate && (
        <form className="m-inline m-card" onSubmit={submit} aria-label="New tag">
          <label className="visually-hidden" htmlFor="new-tag">New tag name</label>
          <input id="new-tag" className="input" placeholder="New tag name" value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="btn btn-primary" disabled={create.isPending || !name.trim()}>Add tag</button>
        </form>
      )}
      <ActionError error={create.error} />
      <div className="m-toolbar">
        <SearchBox label="Search tags" value={search} onChange={(s) => { setSearch(s); setPage(1); }} />
      </div>
      {p.total === 0 ? (
        <Empty title={tags.data.length === 0 ? 'No tags yet' : 'No tag matches'}>
          {tags.data.length === 0 ? 'Tags label time entries across projects, such as "meeting" or "overtime".' : 'Try another search.'}
        </Empty>
      ) : (
        <ul className="m-list" aria-label="Tags">
          {p.items.map((t) => <TagRow key={t.id} wid={ws.id} tag={t} canEdit={ws.admin || !ws.only_admins_may_create_tags} />)}
        </ul>
      )}
      <Pager page={p} onPage={setPage} label="Tags" />
    </section>
  );
}
