import { NavLink, Outlet } from 'react-router';
import { useLogout, useMe } from '../api/queries';

export const NAV = [
  { to: '/timer', label: 'Timer' },
  { to: '/calendar', label: 'Calendar' },
  { to: '/reports', label: 'Reports' },
  { to: '/projects', label: 'Projects' },
  { to: '/clients', label: 'Clients' },
  { to: '/tags', label: 'Tags' },
  { to: '/team', label: 'Team' },
  { to: '/settings', label: 'Settings' },
] as const;

export function AppShell() {
  const me = useMe();
  const logout = useLogout();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/timer" className="brand" aria-label="Stint, home">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>Stint</span>
        </NavLink>
        <nav aria-label="Main" className="nav">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{item.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <span className="account-name" title={me.data?.email}>
            {me.data?.fullname || me.data?.email}
          </span>
          <button type="button" className="btn btn-quiet" onClick={() => logout.mutate()} disabled={logout.isPending}>
            Log out
          </button>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
