import { Suspense, lazy, type ComponentType } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import { isUnauthorized } from './api/client';
import { useMe } from './api/queries';
import { AppShell } from './components/AppShell';
import { ErrorMessage, Loading } from './components/Status';
import { LoginPage, SignupPage } from './pages/AuthPages';
import { ComingSoon, NotFound } from './pages/ComingSoon';
import { TimerPage } from './pages/TimerPage';
import { CalendarRoute } from './pages/CalendarRoute';

// Management pages load on first visit, keeping them out of the timer's bundle.
const named = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => lazy(() => load().then((m) => ({ default: m[name] })));
const ProjectsPage = named(() => import('./pages/ProjectsPage'), 'ProjectsPage');
const ProjectDetailPage = named(() => import('./pages/ProjectsPage'), 'ProjectDetailPage');
const ClientsPage = named(() => import('./pages/ClientsPage'), 'ClientsPage');
const TagsPage = named(() => import('./pages/TagsPage'), 'TagsPage');
const TeamPage = named(() => import('./pages/TeamPage'), 'TeamPage');
const SettingsPage = named(() => import('./pages/SettingsPage'), 'SettingsPage');
const InvitationPage = named(() => import('./pages/InvitationPage'), 'InvitationPage');
const ReportsPage = lazy(() => import('./components/reports/ReportsPage'));
const SharedReportPage = lazy(() => import('./components/reports/SharedReportPage'));

function Lazy({ page: Page }: { page: ComponentType }) {
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
}

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
      <Route path="/invitations/:code" element={<Lazy page={InvitationPage} />} />
      <Route path="/shared/:token" element={<Lazy page={SharedReportPage} />} />
      <Route element={<RequireSession />}>
        <Route element={<AppShell />}>
          <Route index element={<Navigate to="/timer" replace />} />
          <Route path="/timer" element={<TimerPage />} />
          {/* TODO(issue 13): the pages below are placeholders for the next engineers. */}
          <Route path="/calendar" element={<CalendarRoute />} />
          <Route path="/reports" element={<Lazy page={ReportsPage} />} />
          <Route path="/reports/:kind" element={<Lazy page={ReportsPage} />} />
          <Route path="/projects" element={<Lazy page={ProjectsPage} />} />
          <Route path="/projects/:id" element={<Lazy page={ProjectDetailPage} />} />
          <Route path="/clients" element={<Lazy page={ClientsPage} />} />
          <Route path="/tags" element={<Lazy page={TagsPage} />} />
          <Route path="/team" element={<Lazy page={TeamPage} />} />
          <Route path="/settings" element={<Lazy page={SettingsPage} />} />
          <Route path="/workspace" element={<Navigate to="/settings#workspace" replace />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Route>
    </Routes>
  );
}
