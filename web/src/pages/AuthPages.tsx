import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useLogin, useMe, useSignup } from '../api/queries';
import { ErrorMessage } from '../components/Status';
import { Brand } from '../components/Brand';
import { useDocumentTitle } from '../hooks/useDocumentTitle';

function AuthCard({ title, children, footer }: { title: string; children: ReactNode; footer: ReactNode }) {
  return (
    <main className="auth" id="main">
      <div className="auth-card">
        <Brand size={32} className="auth-brand" />
        <h1>{title}</h1>
        {children}
        <p className="auth-footer">{footer}</p>
      </div>
    </main>
  );
}

/** Where to go after logging in: back where the user was sent from, else the timer. */
function useReturnTo(): string {
  const state = useLocation().state as { from?: string } | null;
  return state?.from && state.from.startsWith('/') && !state.from.startsWith('//') ? state.from : '/timer';
}

/** The address an invitation was sent to, offered in the form when coming from it. */
function useSuggestedEmail(): string {
  const state = useLocation().state as { email?: unknown } | null;
  return typeof state?.email === 'string' ? state.email : '';
}

export function LoginPage() {
  useDocumentTitle('Log in');
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const returnTo = useReturnTo();
  const location = useLocation();
  const [email, setEmail] = useState(useSuggestedEmail());
  const [password, setPassword] = useState('');

  if (me.data) return <Navigate to={returnTo} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email: email.trim(), password }, { onSuccess: () => navigate(returnTo, { replace: true }) });
  };

  return (
    <AuthCard title="Log in" footer={<>New here? <Link to="/signup" state={location.state}>Create an account</Link></>}>
      <form onSubmit={submit} className="form">
        <label className="field">
          <span>E-mail</span>
          <input className="input" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>Password</span>
          <input className="input" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {login.isError && <ErrorMessage error={login.error} title="Could not log in" />}
        <button type="submit" className="btn btn-primary" disabled={login.isPending}>
          {login.isPending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </AuthCard>
  );
}

export function SignupPage() {
  useDocumentTitle('Sign up');
  const me = useMe();
  const signup = useSignup();
  const navigate = useNavigate();
  const returnTo = useReturnTo();
  const location = useLocation();
  const [fullname, setFullname] = useState('');
  const [email, setEmail] = useState(useSuggestedEmail());
  const [password, setPassword] = useState('');

  if (me.data) return <Navigate to={returnTo} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signup.mutate({ fullname: fullname.trim(), email: email.trim(), password }, { onSuccess: () => navigate(returnTo, { replace: true }) });
  };

  return (
    <AuthCard title="Create your account" footer={<>Already have one? <Link to="/login" state={location.state}>Log in</Link></>}>
      <form onSubmit={submit} className="form">
        <label className="field">
          <span>Name</span>
          <input className="input" autoComplete="name" value={fullname} onChange={(e) => setFullname(e.target.value)} />
        </label>
        <label className="field">
          <span>E-mail</span>
          <input className="input" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            className="input"
            type="password"
            autoComplete="new-password"
            required
            minLength={6}
            aria-describedby="password-hint"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <small id="password-hint">At least 6 characters.</small>
        </label>
        {signup.isError && <ErrorMessage error={signup.error} title="Could not sign up" />}
        <button type="submit" className="btn btn-primary" disabled={signup.isPending}>
          {signup.isPending ? 'Creating…' : 'Sign up'}
        </button>
      </form>
    </AuthCard>
  );
}
