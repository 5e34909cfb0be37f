import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import {
  useAddProjectUser, useClientList, useDeleteProject, useDeleteTask, useMembers, useProjectList, useProjectUsers, useRemoveProjectUser,
  useSaveProject, useSaveTask, useSetProjectActive, useTasks, useUpdateProjectUser,
  type ClientRecord, type ProjectRecord, type Task, type Workspace,
} from '../api/manage';
import { Empty, ErrorMessage, Loading } from '../components/Status';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { byName, filterProjects, paginate, type ProjectFilter } from '../lib/catalog';
import { PROJECT_COLORS, colorName, nextColor } from '../lib/palette';
import { parseAmount, parseHours, requiredName } from '../lib/validate';
import { ActionError, ConfirmButton, focusFirstInvalid, PageHead, Pager, SearchBox, StatusSelect, WithWorkspace } from './manage/shared';
import './Manage.css';

export function ProjectsPage() {
  useDocumentTitle('Projects');
  return <WithWorkspace>{(ws) => <Projects ws={ws} />}</WithWorkspace>;
}

export function ProjectDetailPage() {
  useDocumentTitle('Project');
  const id = Number(useParams().id);
  return <WithWorkspace>{(ws) => <ProjectDetail ws={ws} id={id} />}</WithWorkspace>;
}

function ColorPicker({ value, onChange }: { value: string; onChange: (c: string) => void }) {
  return (
    <fieldset className="m-colors">
      <legend>Colour</legend>
      {PROJECT_COLORS.map((c) => (
        <label key={c} className="m-swatch" style={{ background: c }} title={colorName(c)}>
          <input type="radio" name="project-color" value={c} checked={value.toLowerCase() === c} onChange={() => onChange(c)} />
          <span className="visually-hidden">{colorName(c)}</span>
        </label>
      ))}
    </fieldset>
  );
}

function ProjectForm({ ws, project, clients, usedColors, onDone }: {
  ws: Workspace;
  project?: ProjectRecord;
  clients: ClientRecord[];
  usedColors: string[];
  onDone: () => void;
}) {
  const save = useSaveProject(ws.id);
  const [name, setName] = useState(project?.name ?? '');
  const [color, setColor] = useState(project?.color ?? nextColor(usedColors));
  const [clientId, setClientId] = useState<string>(project?.client_id ? String(project.client_id) : '');
  const [billable, setBillable] = useState(project?.billable ?? ws.projects_billable_by_default);
  const [isPrivate, setPrivate] = useState(project?.is_private ?? ws.projects_private_by_default);
  const [estimate, setEstimate] = useState(project?.estimated_hours ? String(project.estimated_hours) : '');
  const [rate, setRate] = useState(project?.rate != null ? String(project.rate) : '');
  const [errors, setErrors] = useState<Record<string, string | null>>({});

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const est = parseHours(estimate);
    const r = parseAmount(rate);
    const next = { name: requiredName(name), estimate: est.error, rate: r.error };
    setErrors(next);
    if (Object.values(next).some(Boolean)) return focusFirstInvalid(e.currentTarget as HTMLFormElement);
    save.mutate(
      {
        id: project?.id,
        name: name.trim(),
        color,
        client_id: clientId ? Number(clientId) : null,
        billable,
        is_private: isPrivate,
        estimated_hours: est.value,
        rate: r.value,
      },
      { onSuccess: onDone },
    );
  };
  const err = (k: string) => errors[k] && <small id={`project-${k}-error`} className="m-error">{errors[k]}</small>;

  return (
    <form className="m-card m-form" onSubmit={submit} aria-label={project ? `Edit project ${project.name}` : 'New project'}>
      <h2>{project ? 'Edit project' : 'New project'}</h2>
      <div className="m-grid">
        <div className="field">
          <label htmlFor="project-name">Name</label>
          <input id="project-name" className="input" value={name} autoFocus onChange={(e) => setName(e.target.value)} aria-invalid={!!errors.name} aria-describedby={errors.name ? 'project-name-error' : undefined} />
          {err('name')}
        </div>
        <label className="field">
          <span>Client</span>
          <select className="input" value={clientId} onChange={(e) => setClientId(e.target.value)}>
            <option value="">No client</option>
            {clients.filter((c) => !c.archived || String(c.id) === clientId).map((c) => (
              <option key={c.id} value={c.id}>{c.name}</option>
            ))}
          </select>
        </label>
        <div className="field">
          <label htmlFor="project-estimate">Estimate (hours)</label>
          <input id="project-estimate" className="input" inputMode="numeric" value={estimate} onChange={(e) => setEstimate(e.target.value)} aria-invalid={!!errors.estimate} aria-describedby={errors.estimate ? 'project-estimate-error' : undefined} />
          {err('estimate')}
        </div>
        {ws.admin && (
          <div className="field">
            <label htmlFor="project-rate">Hourly rate ({project?.currency ?? ws.default_currency})</label>
            <input id="project-rate" className="input" inputMode="decimal" value={rate} placeholder="Workspace rate" onChange={(e) => setRate(e.target.value)} aria-invalid={!!errors.rate} aria-describedby={errors.rate ? 'project-rate-error' : undefined} />
            {err('rate')}
          </div>
        )}
      </div>
      <ColorPicker value={color} onChange={setColor} />
      <div className="m-checks">
        <label><input type="checkbox" checked={billable} onChange={(e) => setBillable(e.target.checked)} /> Billable</label>
        <label><input type="checkbox" checked={isPrivate} onChange={(e) => setPrivate(e.target.checked)} /> Private (only its members see it)</label>
      </div>
      <ActionError error={save.error} />
      <div className="m-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save project'}</button>
        <button type="button" className="btn" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}

function Projects({ ws }: { ws: Workspace }) {
  const projects = useProjectList(ws.id);
  const clients = useClientList(ws.id);
  const setActive = useSetProjectActive(ws.id);
  const del = useDeleteProject(ws.id);
  const [filter, setFilter] = useState<ProjectFilter>({ search: '', status: 'active', client: 'any' });
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<ProjectRecord | 'new' | null>(null);
  const canCreate = ws.admin || !ws.only_admins_may_create_projects;

  if (projects.isPending) return <Loading />;
  if (projects.isError) return <ErrorMessage error={projects.error} title="Projects could not be loaded" onRetry={() => projects.refetch()} />;

  const clientList = clients.data ?? [];
  const clientName = (id: number | null) => clientList.find((c) => c.id === id)?.name ?? '';
  const update = (f: Partial<ProjectFilter>) => { setFilter({ ...filter, ...f }); setPage(1); };
  const p = paginate(filterProjects(projects.data, filter, clientName), page, 25);

  return (
    <section className="m-page">
      <PageHead title="Projects">
        {canCreate && <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>New project</button>}
      </PageHead>
      {editing && (
        <ProjectForm
          key={editing === 'new' ? 'new' : editing.id}
          ws={ws}
          project={editing === 'new' ? undefined : editing}
          clients={clientList}
          usedColors={projects.data.map((x) => x.color)}
          onDone={() => setEditing(null)}
        />
      )}
      <div className="m-toolbar">
        <SearchBox label="Search projects" value={filter.search} onChange={(search) => update({ search })} />
        <StatusSelect id="project-status" value={filter.status} onChange={(status) => update({ status })} />
        <label className="m-filter" htmlFor="project-client">
          <span>Client</span>
          <select id="project-client" className="input" value={String(filter.client)} onChange={(e) => update({ client: e.target.value === 'any' || e.target.value === 'none' ? e.target.value : Number(e.target.value) })}>
            <option value="any">Any client</option>
            <option value="none">No client</option>
            {clientList.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
      </div>
      <ActionError error={setActive.error ?? del.error} />
      {p.total === 0 ? (
        <Empty title={projects.data.length === 0 ? 'No projects yet' : 'No project matches'}>
          {projects.data.length === 0 ? 'Create a project to track time against it, with tasks, an estimate and a rate.' : 'Try another search or filter.'}
        </Empty>
      ) : (
        <ul className="m-list" aria-label="Projects">
          {p.items.map((x) => (
            <li key={x.id} className={`m-row${x.active ? '' : ' is-archived'}`}>
              <div className="m-row-main">
                <span className="dot" style={{ background: x.color }} aria-hidden="true" />
                <Link className="m-row-title" to={`/projects/${x.id}`}>{x.name}</Link>
                <span className="muted">
                  {[clientName(x.client_id), x.billable ? 'billable' : '', x.is_private ? 'private' : 'public', x.estimated_hours ? `${x.estimated_hours} h estimate` : '', x.active ? '' : 'archived']
                    .filter(Boolean).join(' · ')}
                </span>
              </div>
              {ws.admin && (
                <div className="m-row-actions">
                  <button type="button" className="btn btn-quiet" onClick={() => setEditing(x)} aria-label={`Edit ${x.name}`}>Edit</button>
                  <button type="button" className="btn btn-quiet" onClick={() => setActive.mutate({ id: x.id, active: !x.active })} aria-label={`${x.active ? 'Archive' : 'Restore'} ${x.name}`}>
                    {x.active ? 'Archive' : 'Restore'}
                  </button>
                  <ConfirmButton question={`Delete ${x.name}? Its entries stay, without a project.`} onConfirm={() => del.mutate(x.id)}>Delete</ConfirmButton>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pager page={p} onPage={setPage} label="Projects" />
    </section>
  );
}

function ProjectDetail({ ws, id }: { ws: Workspace; id: number }) {
  const projects = useProjectList(ws.id);
  const clients = useClientList(ws.id);
  const [editing, setEditing] = useState(false);
  if (projects.isPending) return <Loading />;
  if (projects.isError) return <ErrorMessage error={projects.error} title="The project could not be loaded" onRetry={() => projects.refetch()} />;
  const project = projects.data.find((p) => p.id === id);
  if (!project)
    return (
      <section className="m-page">
        <p><Link to="/projects">← Projects</Link></p>
        <Empty title="Project not found">It may have been deleted, or you may not be one of its members.</Empty>
      </section>
    );
  const client = clients.data?.find((c) => c.id === project.client_id);
  return (
    <section className="m-page">
      <p className="m-back"><Link to="/projects">← Projects</Link></p>
      <PageHead title={project.name}>
        {ws.admin && !editing && <button type="button" className="btn" onClick={() => setEditing(true)}>Edit project</button>}
      </PageHead>
      <p className="m-facts">
        <span className="dot" style={{ background: project.color }} aria-hidden="true" /> {colorName(project.color)}
        {client && <> · {client.name}</>} · {project.billable ? 'Billable' : 'Not billable'} · {project.is_private ? 'Private' : 'Public'}
        {project.estimated_hours ? <> · {project.estimated_hours} h estimate</> : null}
        {project.rate != null && <> · {project.rate} {project.currency ?? ws.default_currency}/h</>}
        {!project.active && <> · Archived</>}
      </p>
      {editing && (
        <ProjectForm ws={ws} project={project} clients={clients.data ?? []} usedColors={[]} onDone={() => setEditing(false)} />
      )}
      <div className="m-columns">
        <Tasks ws={ws} pid={project.id} />
        <ProjectMembers ws={ws} pid={project.id} />
      </div>
    </section>
  );
}

function TaskRow({ ws, pid, task }: { ws: Workspace; pid: number; task: Task }) {
  const save = useSaveTask(ws.id, pid);
  const del = useDeleteTask(ws.id, pid);
  const [name, setName] = useState<string | null>(null);
  return (
    <li className={`m-row${task.active ? '' : ' is-archived'}`}>
      {name === null ? (
        <div className="m-row-main">
          <span className="m-row-title">{task.name}</span>
          <span className="muted">
            {[task.estimated_seconds ? `${Math.round(task.estimated_seconds / 360) / 10} h estimate` : '', task.active ? '' : 'done'].filter(Boolean).join(' · ')}
          </span>
        </div>
      ) : (
        <form className="m-inline" onSubmit={(e) => { e.preventDefault(); if (!requiredName(name)) save.mutate({ id: task.id, name: name.trim() }, { onSuccess: () => setName(null) }); }}>
          <label className="visually-hidden" htmlFor={`task-${task.id}`}>Task name</label>
          <input id={`task-${task.id}`} className="input" value={name} autoFocus onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>Save</button>
          <button type="button" className="btn" onClick={() => setName(null)}>Cancel</button>
        </form>
      )}
      {ws.admin && name === null && (
        <div className="m-row-actions">
          <button type="button" className="btn btn-quiet" onClick={() => setName(task.name)} aria-label={`Rename ${task.name}`}>Rename</button>
          <button type="button" className="btn btn-quiet" onClick={() => save.mutate({ id: task.id, active: !task.active })} aria-label={`${task.active ? 'Mark done' : 'Reopen'} ${task.name}`}>
            {task.active ? 'Done' : 'Reopen'}
          </button>
          <ConfirmButton question={`Delete ${task.name}?`} onConfirm={() => del.mutate(task.id)}>Delete</ConfirmButton>
        </div>
      )}
      {(save.error || del.error) && <div className="m-row-error"><ActionError error={save.error ?? del.error} /></div>}
    </li>
  );
}

function Tasks({ ws, pid }: { ws: Workspace; pid: number }) {
  const tasks = useTasks(ws.id, pid);
  const create = useSaveTask(ws.id, pid);
  const [name, setName] = useState('');
  const [estimate, setEstimate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const est = parseHours(estimate);
    const problem = requiredName(name, 'Task name') ?? est.error;
    setError(problem);
    if (problem) return;
    create.mutate(
      { name: name.trim(), estimated_seconds: est.value === null ? null : est.value * 3600 },
      { onSuccess: () => { setName(''); setEstimate(''); } },
    );
  };
  return (
    <section className="m-card" aria-labelledby="tasks-head">
      <h2 id="tasks-head">Tasks</h2>
      {ws.admin && (
        <form className="m-inline" onSubmit={submit} aria-label="New task">
          <label className="visually-hidden" htmlFor="new-task">New task name</label>
          <input id="new-task" className="input" placeholder="New task" value={name} onChange={(e) => setName(e.target.value)} />
          <label className="visually-hidden" htmlFor="new-task-estimate">Estimate in hours</label>
          <input id="new-task-estimate" className="input m-narrow" placeholder="Hours" inputMode="numeric" value={estimate} onChange={(e) => setEstimate(e.target.value)} />
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>Add</button>
        </form>
      )}
      {error && <p className="m-error" role="alert">{error}</p>}
      <ActionError error={create.error} />
      {tasks.isPending ? <Loading /> : tasks.isError ? <ErrorMessage error={tasks.error} title="Tasks could not be loaded" /> : tasks.data.length === 0 ? (
        <p className="muted">No tasks yet.</p>
      ) : (
        <ul className="m-list m-list-flat" aria-label="Tasks">
          {[...tasks.data].sort((a, b) => Number(b.active) - Number(a.active) || byName(a.name, b.name)).map((t) => <TaskRow key={t.id} ws={ws} pid={pid} task={t} />)}
        </ul>
      )}
    </section>
  );
}

function ProjectMembers({ ws, pid }: { ws: Workspace; pid: number }) {
  const users = useProjectUsers(ws.id, pid);
  const members = useMembers(ws.id);
  const add = useAddProjectUser(ws.id, pid);
  const update = useUpdateProjectUser(ws.id, pid);
  const remove = useRemoveProjectUser(ws.id, pid);
  const [who, setWho] = useState('');
  const [rates, setRates] = useState<Record<number, string>>({});
  const nameOf = (uid: number) => {
    const m = members.data?.find((x) => x.uid === uid);
    return m ? m.name || m.email : `User ${uid}`;
  };
  const onProject = new Set(users.data?.map((u) => u.user_id));
  const candidates = (members.data ?? []).filter((m) => m.active && !onProject.has(m.uid));

  return (
    <section className="m-card" aria-labelledby="members-head">
      <h2 id="members-head">Members</h2>
      {ws.admin && candidates.length > 0 && (
        <form className="m-inline" aria-label="Add member" onSubmit={(e) => { e.preventDefault(); if (who) add.mutate({ user_id: Number(who), manager: false, rate: null }, { onSuccess: () => setWho('') }); }}>
          <label className="visually-hidden" htmlFor="add-member">Workspace member</label>
          <select id="add-member" className="input" value={who} onChange={(e) => setWho(e.target.value)}>
            <option value="">Choose a member…</option>
            {candidates.map((m) => <option key={m.uid} value={m.uid}>{m.name || m.email}</option>)}
          </select>
          <button type="submit" className="btn btn-primary" disabled={!who || add.isPending}>Add</button>
        </form>
      )}
      <ActionError error={add.error ?? update.error ?? remove.error} />
      {users.isPending ? <Loading /> : users.isError ? <ErrorMessage error={users.error} title="Members could not be loaded" /> : users.data.length === 0 ? (
        <p className="muted">No members yet: a public project is open to the whole workspace.</p>
      ) : (
        <ul className="m-list m-list-flat" aria-label="Project members">
          {users.data.map((u) => {
            const rate = rates[u.id] ?? (u.rate != null ? String(u.rate) : '');
            const parsed = parseAmount(rate);
            return (
              <li key={u.id} className="m-row">
                <div className="m-row-main">
                  <span className="m-row-title">{nameOf(u.user_id)}</span>
                  {u.manager && <span className="m-pill">Manager</span>}
                  {!ws.admin && u.rate != null && <span className="muted">{u.rate} {ws.default_currency}/h</span>}
                </div>
                {ws.admin && (
                  <div className="m-row-actions">
                    <label className="m-check">
                      <input type="checkbox" checked={u.manager} onChange={(e) => update.mutate({ id: u.id, manager: e.target.checked, rate: u.rate })} /> Manager
                    </label>
                    <label className="visually-hidden" htmlFor={`pu-rate-${u.id}`}>Hourly rate of {nameOf(u.user_id)}</label>
                    <input
                      id={`pu-rate-${u.id}`}
                      className="input m-narrow"
                      inputMode="decimal"
                      placeholder="Rate"
                      value={rate}
                      aria-invalid={!!parsed.error}
                      onChange={(e) => setRates({ ...rates, [u.id]: e.target.value })}
                      onBlur={() => { if (!parsed.error && parsed.value !== u.rate) update.mutate({ id: u.id, manager: u.manager, rate: parsed.value }); }}
                    />
                    <ConfirmButton question="Remove?" onConfirm={() => remove.mutate(u.id)}>Remove</ConfirmButton>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
