import { useState, type FormEvent } from 'react';
import { useMe, usePreferences } from '../api/queries';
import type { Me } from '../api/types';
import { useMyWorkspaces, useResetToken, useUpdateMe, useUpdatePreferences, useUpdateWorkspace, type Workspace } from '../api/manage';
import { ErrorMessage, Loading } from '../components/Status';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { CURRENCY, parseAmount, passwordChange, requiredName } from '../lib/validate';
import { ActionError, ConfirmButton, PageHead, Saved, WithWorkspace } from './manage/shared';
import './Manage.css';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DATE_FORMATS = ['MM/DD/YYYY', 'DD-MM-YYYY', 'MM-DD-YYYY', 'YYYY-MM-DD', 'DD/MM/YYYY', 'DD.MM.YYYY'];
const TIME_FORMATS = [
  { value: 'h:mm A', label: '12-hour (1:30 PM)' },
  { value: 'H:mm', label: '24-hour (13:30)' },
];
const DURATION_FORMATS = [
  { value: 'improved', label: 'Improved (1:30:00)' },
  { value: 'classic', label: 'Classic (1 h 30 min)' },
  { value: 'decimal', label: 'Decimal (1.50 h)' },
];
const ROUNDING = [
  { value: 0, label: 'to the nearest' },
  { value: 1, label: 'up' },
  { value: -1, label: 'down' },
];
const ROUNDING_MINUTES = [0, 1, 5, 6, 10, 12, 15, 30, 60, 240];

function zones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.includes(current) || !current ? all : [current, ...all];
}

export function SettingsPage() {
  useDocumentTitle('Settings');
  const me = useMe();
  if (!me.data) return <Loading />;
  return (
    <section className="m-page">
      <PageHead title="Settings" />
      <nav className="m-tabs" aria-label="Settings sections">
        <a href="#profile">Profile</a>
        <a href="#preferences">Preferences</a>
        <a href="#password">Password</a>
        <a href="#token">API token</a>
        <a href="#workspace">Workspace</a>
      </nav>
      <Profile me={me.data} />
      <PreferencesForm me={me.data} />
      <PasswordForm />
      <ApiToken me={me.data} />
      <WithWorkspace>{(ws) => <WorkspaceSettings key={ws.id} ws={ws} />}</WithWorkspace>
    </section>
  );
}

function Profile({ me }: { me: Me }) {
  const update = useUpdateMe();
  const workspaces = useMyWorkspaces();
  const [fullname, setFullname] = useState(me.fullname);
  const [email, setEmail] = useState(me.email);
  const [wid, setWid] = useState(String(me.default_workspace_id));
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = requiredName(fullname, 'Name') ?? (email.trim() ? null : 'E-mail is required.');
    setError(problem);
    if (problem) return;
    update.mutate({ fullname: fullname.trim(), email: email.trim(), default_workspace_id: Number(wid) });
  };
  return (
    <form id="profile" className="m-card m-form" onSubmit={submit} aria-labelledby="profile-head">
      <h2 id="profile-head">Profile</h2>
      <div className="m-grid">
        <label className="field"><span>Full name</span><input className="input" autoComplete="name" value={fullname} onChange={(e) => setFullname(e.target.value)} /></label>
        <label className="field"><span>E-mail</span><input className="input" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} /></label>
        <label className="field">
          <span>Default workspace</span>
          <select className="input" value={wid} onChange={(e) => setWid(e.target.value)}>
            {(workspaces.data ?? [{ id: me.default_workspace_id, name: 'Current workspace' }]).map((w) => <option key={w.id} value={w.id}>{w.name}</option>)}
          </select>
        </label>
      </div>
      {error && <p className="m-error" role="alert">{error}</p>}
      <ActionError error={update.error} />
      <div className="m-actions">
        <button type="submit" className="btn btn-primary" disabled={update.isPending}>Save profile</button>
        <Saved show={update.isSuccess} />
      </div>
    </form>
  );
}

function PreferencesForm({ me }: { me: Me }) {
  const prefs = usePreferences();
  const updateMe = useUpdateMe();
  const updatePrefs = useUpdatePreferences();
  const [timezone, setTimezone] = useState(me.timezone);
  const [week, setWeek] = useState(String(me.beginning_of_week));
  const [date, setDate] = useState<string | null>(null);
  const [time, setTime] = useState<string | null>(null);
  const [duration, setDuration] = useState<string | null>(null);
  if (prefs.isPending) return <Loading />;
  if (prefs.isError) return <ErrorMessage error={prefs.error} title="Preferences could not be loaded" onRetry={() => prefs.refetch()} />;
  const d = date ?? String(prefs.data.date_format ?? 'MM/DD/YYYY');
  const t = time ?? String(prefs.data.timeofday_format ?? 'h:mm A');
  const du = duration ?? String(prefs.data.duration_format ?? 'improved');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    updateMe.reset();
    updatePrefs.reset();
    // Time zone and week start live on the user; formats are preferences: two requests, as in Toggl.
    await Promise.allSettled([
      updateMe.mutateAsync({ timezone, beginning_of_week: Number(week) }),
      updatePrefs.mutateAsync({ date_format: d, timeofday_format: t, duration_format: du }),
    ]);
  };
  const pending = updateMe.isPending || updatePrefs.isPending;
  return (
    <form id="preferences" className="m-card m-form" onSubmit={(e) => void submit(e)} aria-labelledby="prefs-head">
      <h2 id="prefs-head">Preferences</h2>
      <div className="m-grid">
        <label className="field">
          <span>Time zone</span>
          <select className="input" value={timezone} onChange={(e) => setTimezone(e.target.value)}>
            {zones(timezone).map((z) => <option key={z} value={z}>{z.replaceAll('_', ' ')}</option>)}
          </select>
        </label>
        <label className="field">
          <span>First day of the week</span>
          <select className="input" value={week} onChange={(e) => setWeek(e.target.value)}>
            {DAYS.map((name, i) => <option key={name} value={i}>{name}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Date format</span>
          <select className="input" value={d} onChange={(e) => setDate(e.target.value)}>
            {DATE_FORMATS.map((f) => <option key={f} value={f}>{f}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Time format</span>
          <select className="input" value={t} onChange={(e) => setTime(e.target.value)}>
            {TIME_FORMATS.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Duration format</span>
          <select className="input" value={du} onChange={(e) => setDuration(e.target.value)}>
            {DURATION_FORMATS.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
          </select>
        </label>
      </div>
      <ActionError error={updateMe.error ?? updatePrefs.error} />
      <div className="m-actions">
        <button type="submit" className="btn btn-primary" disabled={pending}>Save preferences</button>
        <Saved show={updateMe.isSuccess && updatePrefs.isSuccess} />
      </div>
    </form>
  );
}

function PasswordForm() {
  const update = useUpdateMe();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = passwordChange(current, next, confirm);
    setError(problem);
    if (problem) return;
    update.mutate({ current_password: current, password: next }, { onSuccess: () => { setCurrent(''); setNext(''); setConfirm(''); } });
  };
  return (
    <form id="password" className="m-card m-form" onSubmit={submit} aria-labelledby="password-head">
      <h2 id="password-head">Password</h2>
      <input type="text" autoComplete="username" hidden readOnly value="" />
      <div className="m-grid">
        <label className="field"><span>Current password</span><input className="input" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} /></label>
        <label className="field"><span>New password</span><input className="input" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} /></label>
        <label className="field"><span>New password again</span><input className="input" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} /></label>
      </div>
      {error && <p className="m-error" role="alert">{error}</p>}
      <ActionError error={update.error} />
      <div className="m-actions">
        <button type="submit" className="btn btn-primary" disabled={update.isPending}>Change password</button>
        <Saved show={update.isSuccess}>Password changed.</Saved>
      </div>
    </form>
  );
}

function ApiToken({ me }: { me: Me }) {
  const reset = useResetToken();
  const [copied, setCopied] = useState(false);
  return (
    <section id="token" className="m-card" aria-labelledby="token-head">
      <h2 id="token-head">API token</h2>
      <p className="muted">Toggl clients and scripts sign in with this token (as the user name, with the password <code>api_token</code>).</p>
      <div className="m-inline">
        <label className="visually-hidden" htmlFor="api-token">API token</label>
        <input id="api-token" className="input m-token" readOnly value={me.api_token} onFocus={(e) => e.target.select()} />
        <button type="button" className="btn" onClick={() => void navigator.clipboard?.writeText(me.api_token).then(() => { setCopied(true); setTimeout(() => setCopied(false), 2000); })}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <ConfirmButton className="btn" question="Reset? Clients using the old token stop working." onConfirm={() => reset.mutate()}>Reset token</ConfirmButton>
      </div>
      <ActionError error={reset.error} />
      <Saved show={reset.isSuccess}>A new token was made.</Saved>
    </section>
  );
}

function WorkspaceSettings({ ws }: { ws: Workspace }) {
  const update = useUpdateWorkspace(ws.id);
  const [name, setName] = useState(ws.name);
  const [currency, setCurrency] = useState(ws.default_currency);
  const [rate, setRate] = useState(ws.default_hourly_rate != null ? String(ws.default_hourly_rate) : '');
  const [rounding, setRounding] = useState(String(ws.rounding));
  const [roundingMinutes, setRoundingMinutes] = useState(String(ws.rounding_minutes));
  const [flags, setFlags] = useState({
    projects_billable_by_default: ws.projects_billable_by_default,
    projects_private_by_default: ws.projects_private_by_default,
    only_admins_may_create_projects: ws.only_admins_may_create_projects,
    only_admins_may_create_tags: ws.only_admins_may_create_tags,
    only_admins_see_billable_rates: ws.only_admins_see_billable_rates,
  });
  const [error, setError] = useState<string | null>(null);
  const ro = !ws.admin;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const r = parseAmount(rate);
    const cur = currency.trim().toUpperCase();
    const problem = requiredName(name, 'Workspace name') ?? (CURRENCY.test(cur) ? null : 'The currency is a three-letter code, such as EUR or USD.') ?? r.error;
    setError(problem);
    if (problem) return;
    update.mutate({ name: name.trim(), default_currency: cur, default_hourly_rate: r.value, rounding: Number(rounding), rounding_minutes: Number(roundingMinutes), ...flags });
  };
  const flag = (k: keyof typeof flags, label: string) => (
    <label>
      <input type="checkbox" disabled={ro} checked={flags[k]} onChange={(e) => setFlags({ ...flags, [k]: e.target.checked })} /> {label}
    </label>
  );
  return (
    <form id="workspace" className="m-card m-form" onSubmit={submit} aria-labelledby="ws-head">
      <h2 id="ws-head">Workspace</h2>
      {ro && <p className="muted">Only workspace admins may change these settings.</p>}
      <div className="m-grid">
        <label className="field"><span>Name</span><input className="input" readOnly={ro} value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label className="field"><span>Default currency</span><input className="input" readOnly={ro} maxLength={3} value={currency} onChange={(e) => setCurrency(e.target.value)} /></label>
        {(ws.admin || ws.default_hourly_rate != null) && (
          <label className="field"><span>Default hourly rate</span><input className="input" readOnly={ro} inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} /></label>
        )}
        <div className="field m-wide">
          <span id="rounding-label">Rounding in reports</span>
          <div className="m-inline" role="group" aria-labelledby="rounding-label">
            <label className="visually-hidden" htmlFor="rounding">Round</label>
            <select id="rounding" className="input" disabled={ro} value={rounding} onChange={(e) => setRounding(e.target.value)}>
              {ROUNDING.map((r) => <option key={r.value} value={r.value}>Round {r.label}</option>)}
            </select>
            <label className="visually-hidden" htmlFor="rounding-minutes">Minutes</label>
            <select id="rounding-minutes" className="input" disabled={ro} value={roundingMinutes} onChange={(e) => setRoundingMinutes(e.target.value)}>
              {ROUNDING_MINUTES.map((m) => <option key={m} value={m}>{m === 0 ? 'No rounding' : `${m} min`}</option>)}
            </select>
          </div>
        </div>
      </div>
      <fieldset className="m-checks">
        <legend>Defaults and permissions</legend>
        {flag('projects_billable_by_default', 'New projects are billable')}
        {flag('projects_private_by_default', 'New projects are private')}
        {flag('only_admins_may_create_projects', 'Only admins may create projects')}
        {flag('only_admins_may_create_tags', 'Only admins may create tags')}
        {flag('only_admins_see_billable_rates', 'Only admins see billable rates')}
      </fieldset>
      {error && <p className="m-error" role="alert">{error}</p>}
      <ActionError error={update.error} />
      {!ro && (
        <div className="m-actions">
          <button type="submit" className="btn btn-primary" disabled={update.isPending}>Save workspace</button>
          <Saved show={update.isSuccess} />
        </div>
      )}
    </form>
  );
}
