import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import { isUnauthorized } from './api/client';
import { useMe } from './api/queries';
import { AppShell } from './components/AppShell';
import { ErrorMessage, Loading } from './components/Status';
import { LoginPage, SignupPage } from './pages/AuthPages';
import { ComingSoon, NotFound } from './pages/ComingSoon';
import { TimerPage } from './pages/TimerPage';

/** Pages behind the session: a visitor without one is sent to log in, and brought back after. */
function RequireSession() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading label="Opening Stint…" />;
  if (me.data) return <Outlet />;
  if (me.data === null || isUnauthorized(me.error)) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return (
    <main className="auth" id="main">
      <ErrorMessage error={me.error} title="Stint could not be reached" onRetry={() => me.refetch()} />
    </main>
  );
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/signup" element={<SignupPage />} />
      <Route element={<RequireSession />}>
        <Route element={<AppShell />}>
          <Route index element={<Navigate to="/timer" replace />} />
          <Route path="/timer" element={<TimerPage />} />
          {/* TODO(issue 13): the pages below are placeholders for the next engineers. */}
          <Route path="/calendar" element={<ComingSoon title="Calendar" what="Week and day views of your time entries, with drag to create, move and resize." />} />
          <Route path="/reports" element={<ComingSoon title="Reports" what="Summary, detailed and weekly reports with charts, filters and exports." />} />
          <Route path="/projects" element={<ComingSoon title="Projects" what="Create, edit, archive and share projects, with tasks, estimates and rates." />} />
          <Route path="/clients" element={<ComingSoon title="Clients" what="Manage the clients your projects belong to." />} />
          <Route path="/tags" element={<ComingSoon title="Tags" what="Create, rename and delete tags." />} />
          <Route path="/team" element={<ComingSoon title="Team" what="Members, roles, rates, invitations and groups." />} />
          <Route path="/settings" element={<ComingSoon title="Settings" what="Your profile and preferences (time zone, week start, formats), API token and workspace settings." />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Route>
    </Routes>
  );
}
