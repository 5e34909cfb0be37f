import { useState, type FormEvent } from 'react';
import { DateTime } from 'luxon';
import {
  useDeleteGroup, useGroups, useInvite, useMembers, usePendingInvitations, useRemoveMember, useResendInvite, useSaveGroup, useUpdateMember,
  type Group, type InvitationResult, type Workspace, type WorkspaceUser,
} from '../api/manage';
import { useMe } from '../api/queries';
import { Empty, ErrorMessage, Loading } from '../components/Status';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { matchesSearch, paginate } from '../lib/catalog';
import { parseAmount, parseEmails, requiredName } from '../lib/validate';
import { ActionError, ConfirmButton, PageHead, Pager, SearchBox, WithWorkspace } from './manage/shared';
import './Manage.css';

export function TeamPage() {
  useDocumentTitle('Team');
  return <WithWorkspace>{(ws) => <Team ws={ws} />}</WithWorkspace>;
}

/**
 * The link an invitee opens. The API's invite_url points at the API's own look-up; the app's
 * page for the same code shows it to a person and lets them accept.
 */
export const invitationLink = (code: string) => `${window.location.origin}/invitations/${encodeURIComponent(code)}`;

/** Named by its visible words first, so speech control ("click Copy link") finds it. */
function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-quiet"
      aria-label={`${copied ? 'Copied' : 'Copy link'}: ${label}`}
      onClick={() => void navigator.clipboard?.writeText(text).then(() => { setCopied(true); setTimeout(() => setCopied(false), 2000); })}
    >
      {copied ? 'Copied' : 'Copy link'}
    </button>
  );
}

function Team({ ws }: { ws: Workspace }) {
  const members = useMembers(ws.id);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);

  if (members.isPending) return <Loading />;
  if (members.isError) return <ErrorMessage error={members.error} title="The team could not be loaded" onRetry={() => members.refetch()} />;

  const joined = members.data.filter((m) => m.active);
  const p = paginate(joined.filter((m) => matchesSearch(search, m.name, m.email)).sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email)), page, 25);

  return (
    <section className="m-page">
      <PageHead title="Team" />
      {ws.admin && <InviteForm ws={ws} />}
      <h2>Members</h2>
      <div className="m-toolbar">
        <SearchBox label="Search members" value={search} onChange={(s) => { setSearch(s); setPage(1); }} />
      </div>
      {p.total === 0 ? <Empty title="No member matches">Try another search.</Empty> : (
        <ul className="m-list" aria-label="Members">
          {p.items.map((m) => <MemberRow key={m.id} ws={ws} member={m} />)}
        </ul>
      )}
      <Pager page={p} onPage={setPage} label="Members" />
      {ws.admin && (
        <>
          <h2 className="m-section">Pending invitations</h2>
          <PendingInvitations ws={ws} />
        </>
      )}
      <Groups ws={ws} members={joined} />
    </section>
  );
}

function MemberRow({ ws, member }: { ws: Workspace; member: WorkspaceUser }) {
  // An admin cannot demote, deactivate or remove themselves here: the workspace could be left without one.
  const isMe = useMe().data?.id === member.uid;
  const update = useUpdateMember(ws.id);
  const remove = useRemoveMember(ws.id);
  const [rate, setRate] = useState(member.rate != null ? String(member.rate) : '');
  const parsed = parseAmount(rate);
  return (
    <li className={`m-row${member.inactive ? ' is-archived' : ''}`}>
      <div className="m-row-main">
        <span className="m-row-title">{member.name || member.email}</span>
        <span className="muted">{member.email}</span>
        <span className="m-pill">{member.admin ? 'Admin' : 'Member'}</span>
        {member.inactive && <span className="m-pill">Deactivated</span>}
        {!ws.admin && member.rate != null && <span className="muted">{member.rate} {ws.default_currency}/h</span>}
      </div>
      {isMe && <span className="muted">You</span>}
      {ws.admin && !isMe && (
        <div className="m-row-actions">
          <label className="visually-hidden" htmlFor={`role-${member.id}`}>Role of {member.name || member.email}</label>
          <select id={`role-${member.id}`} className="input m-narrow" value={member.admin ? 'admin' : 'user'} onChange={(e) => update.mutate({ id: member.id, admin: e.target.value === 'admin' })}>
            <option value="user">Member</option>
            <option value="admin">Admin</option>
          </select>
          <label className="visually-hidden" htmlFor={`rate-${member.id}`}>Hourly rate of {member.name || member.email} ({ws.default_currency})</label>
          <input
            id={`rate-${member.id}`}
            className="input m-narrow"
            inputMode="decimal"
            placeholder={`Rate ${ws.default_currency}`}
            value={rate}
            aria-invalid={!!parsed.error}
            onChange={(e) => setRate(e.target.value)}
            onBlur={() => { if (!parsed.error && parsed.value !== member.rate) update.mutate({ id: member.id, rate: parsed.value }); }}
          />
          <button type="button" className="btn btn-quiet" onClick={() => update.mutate({ id: member.id, inactive: !member.inactive })}>
            {member.inactive ? 'Reactivate' : 'Deactivate'}
          </button>
          <ConfirmButton question={`Remove ${member.name || member.email}?`} onConfirm={() => remove.mutate(member.id)}>Remove</ConfirmButton>
        </div>
      )}
      {(update.error || remove.error) && <div className="m-row-error"><ActionError error={update.error ?? remove.error} /></div>}
    </li>
  );
}

function PendingInvitations({ ws }: { ws: Workspace }) {
  const pending = usePendingInvitations(ws.organization_id);
  const members = useMembers(ws.id);
  const remove = useRemoveMember(ws.id);
  const resend = useResendInvite(ws.organization_id);
  const resent = (id: number) => resend.isSuccess && resend.variables === id;
  if (pending.isPending) return <Loading />;
  if (pending.isError) return <ErrorMessage error={pending.error} title="Pending invitations could not be loaded" onRetry={() => pending.refetch()} />;
  const here = pending.data.filter((i) => i.workspaces.some((w) => w.workspace_id === ws.id));
  if (here.length === 0) return <p className="muted">No invitation is waiting for an answer.</p>;
  return (
    <>
      <ActionError error={remove.error ?? resend.error} />
      <ul className="m-list" aria-label="Pending invitations">
        {here.map((i) => {
          const link = invitationLink(i.code);
          // Withdrawing goes through the invitee's pending membership, which only an existing account has.
          const membership = i.workspaces.find((w) => w.workspace_id === ws.id)?.workspace_user_id ?? null;
          const asAdmin = membership !== null && members.data?.find((m) => m.id === membership)?.admin;
          return (
            <li key={i.invitation_id} className="m-row">
              <div className="m-row-main">
                <span className="m-row-title">{i.email}</span>
                <span className="m-pill">{asAdmin ? 'Invited as admin' : 'Invited'}</span>
                <span className="muted">sent {DateTime.fromISO(i.sent_at).toLocaleString(DateTime.DATE_MED)}</span>
                <input className="input m-link" readOnly value={link} aria-label={`Invitation link for ${i.email}`} onFocus={(e) => e.target.select()} />
              </div>
              <div className="m-row-actions">
                <CopyButton text={link} label={`the invitation of ${i.email}`} />
                <button type="button" className="btn btn-quiet" onClick={() => resend.mutate(i.invitation_id)} disabled={resend.isPending} aria-label={`${resent(i.invitation_id) ? 'Resent' : 'Resend'} the invitation of ${i.email}`}>
                  {resent(i.invitation_id) ? 'Resent' : 'Resend'}
                </button>
                {membership !== null && (
                  <ConfirmButton question={`Revoke the invitation of ${i.email}?`} onConfirm={() => remove.mutate(membership)}>Revoke</ConfirmButton>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      <p className="muted m-note">
        An invitation to an address without a Stint account cannot be revoked yet: no API withdraws it. It stays valid until answered.
      </p>
    </>
  );
}

function InviteForm({ ws }: { ws: Workspace }) {
  const invite = useInvite(ws.organization_id, ws.id);
  const resend = useResendInvite(ws.organization_id);
  const [text, setText] = useState('');
  const [admin, setAdmin] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<InvitationResult | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { emails, invalid } = parseEmails(text);
    const problem = invalid.length ? `Not an e-mail address: ${invalid.join(', ')}` : emails.length === 0 ? 'Enter at least one e-mail address.' : null;
    setError(problem);
    if (problem) return;
    invite.mutate({ emails, admin }, { onSuccess: (r) => { setResult(r); setText(''); } });
  };
  return (
    <form className="m-card m-form" onSubmit={submit} aria-label="Invite people">
      <h2>Invite people</h2>
      <label className="field">
        <span>E-mail addresses</span>
        <textarea className="input" rows={2} value={text} placeholder="ada@example.com, grace@example.com" onChange={(e) => setText(e.target.value)} aria-describedby="invite-hint" />
        <small id="invite-hint">Stint sends no e-mail: pass each invitation link on yourself.</small>
      </label>
      <label className="m-check"><input type="checkbox" checked={admin} onChange={(e) => setAdmin(e.target.checked)} /> Invite as workspace admins</label>
      {error && <p className="m-error" role="alert">{error}</p>}
      <ActionError error={invite.error ?? resend.error} />
      <div className="m-actions">
        <button type="submit" className="btn btn-primary" disabled={invite.isPending}>{invite.isPending ? 'Inviting…' : 'Send invitations'}</button>
      </div>
      {result && (
        <div className="m-result" role="status">
          {result.messages?.map((m) => <p key={m}>{m}</p>)}
          {(result.invitations ?? []).map((inv) => {
            const info = result.data?.find((d) => d.email === inv.email);
            return (
              <div key={inv.code} className="m-row m-row-flat">
                <div className="m-row-main">
                  <span>Invitation for <strong>{inv.email}</strong></span>
                  <input className="input m-link" readOnly value={invitationLink(inv.code)} aria-label={`Invitation link for ${inv.email}`} onFocus={(e) => e.target.select()} />
                </div>
                <div className="m-row-actions">
                  <CopyButton text={invitationLink(inv.code)} label={`the invitation of ${inv.email}`} />
                  {info && (
                    <button type="button" className="btn btn-quiet" onClick={() => resend.mutate(info.invitation_id)} disabled={resend.isPending}>
                      {resend.isSuccess && resend.variables === info.invitation_id ? 'Resent' : 'Resend'}
                    </button>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      )}
    </form>
  );
}

function GroupForm({ ws, group, members, onDone }: { ws: Workspace; group?: Group; members: WorkspaceUser[]; onDone: () => void }) {
  const save = useSaveGroup(ws.organization_id);
  const [name, setName] = useState(group?.name ?? '');
  const [users, setUsers] = useState<Set<number>>(new Set(group?.users?.map((u) => u.user_id)));
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = requiredName(name, 'Group name');
    setError(problem);
    if (problem) return;
    const workspaces = new Set(group?.workspaces ?? []);
    workspaces.add(ws.id);
    save.mutate({ id: group?.group_id, name: name.trim(), users: [...users], workspaces: [...workspaces] }, { onSuccess: onDone });
  };
  return (
    <form className="m-card m-form" onSubmit={submit} aria-label={group ? `Edit group ${group.name}` : 'New group'}>
      <label className="field">
        <span>Group name</span>
        <input className="input" value={name} autoFocus onChange={(e) => setName(e.target.value)} aria-invalid={!!error} />
      </label>
      {error && <p className="m-error" role="alert">{error}</p>}
      <fieldset className="m-checks m-checks-grid">
        <legend>Members</legend>
        {members.map((m) => (
          <label key={m.uid}>
            <input
              type="checkbox"
              checked={users.has(m.uid)}
              onChange={(e) => { const next = new Set(users); if (e.target.checked) next.add(m.uid); else next.delete(m.uid); setUsers(next); }}
            />{' '}
            {m.name || m.email}
          </label>
        ))}
      </fieldset>
      <ActionError error={save.error} />
      <div className="m-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>Save group</button>
        <button type="button" className="btn" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}

function Groups({ ws, members }: { ws: Workspace; members: WorkspaceUser[] }) {
  const groups = useGroups(ws.organization_id);
  const del = useDeleteGroup(ws.organization_id);
  const [editing, setEditing] = useState<Group | 'new' | null>(null);
  const mine = (groups.data ?? []).filter((g) => !g.workspaces?.length || g.workspaces.includes(ws.id));
  return (
    <section aria-labelledby="groups-head">
      <div className="m-head m-section">
        <h2 id="groups-head">Groups</h2>
        {ws.admin && <button type="button" className="btn" onClick={() => setEditing('new')}>New group</button>}
      </div>
      {editing && (
        <GroupForm key={editing === 'new' ? 'new' : editing.group_id} ws={ws} group={editing === 'new' ? undefined : editing} members={members} onDone={() => setEditing(null)} />
      )}
      <ActionError error={del.error} />
      {groups.isPending ? <Loading /> : groups.isError ? <ErrorMessage error={groups.error} title="Groups could not be loaded" /> : mine.length === 0 ? (
        <p className="muted">No groups yet. Groups gather members, to add them to projects and filter reports at once.</p>
      ) : (
        <ul className="m-list" aria-label="Groups">
          {mine.map((g) => (
            <li key={g.group_id} className="m-row">
              <div className="m-row-main">
                <span className="m-row-title">{g.name}</span>
                <span className="muted">{g.users?.length ? g.users.map((u) => u.name).join(', ') : 'No members'}</span>
              </div>
              {ws.admin && (
                <div className="m-row-actions">
                  <button type="button" className="btn btn-quiet" onClick={() => setEditing(g)} aria-label={`Edit ${g.name}`}>Edit</button>
                  <ConfirmButton question={`Delete ${g.name}?`} onConfirm={() => del.mutate(g.group_id)}>Delete</ConfirmButton>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
