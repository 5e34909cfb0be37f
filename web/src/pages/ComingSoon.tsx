import { useDocumentTitle } from '../hooks/useDocumentTitle';

// TODO(issue 13): each page using this placeholder is still to be built (Calendar, Reports,
// Projects, Clients, Tags, Team, Settings/Profile). Replace its route in App.tsx with the real page.
export function ComingSoon({ title, what }: { title: string; what: string }) {
  useDocumentTitle(title);
  return (
    <section className="page">
      <h1>{title}</h1>
      <div className="empty coming-soon">
        <strong>Coming soon</strong>
        <p>{what}</p>
        <p>Meanwhile, everything here is available through the API to any Toggl-compatible client.</p>
      </div>
    </section>
  );
}

export function NotFound() {
  useDocumentTitle('Not found');
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>There is nothing at this address. Use the navigation above to find your way.</p>
    </section>
  );
}
