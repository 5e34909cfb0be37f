// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { ClientsPage } from './ClientsPage';
import { ProjectsPage } from './ProjectsPage';

const me = { id: 1, email: 'a@example.com', fullname: 'A', timezone: 'UTC', beginning_of_week: 1, default_workspace_id: 7, api_token: 't', image_url: null };
const workspace = (admin: boolean) => ({
  id: 7, organization_id: 3, name: 'W', admin, default_currency: 'EUR', default_hourly_rate: null, rounding: 1, rounding_minutes: 0,
  projects_billable_by_default: true, projects_private_by_default: true, only_admins_may_create_projects: true,
  only_admins_may_create_tags: false, only_admins_see_billable_rates: false,
});
const projects = [
  { id: 1, workspace_id: 7, client_id: 5, name: 'Website', color: '#0b83d9', active: true, billable: true, is_private: false, estimated_hours: null, rate: null, currency: null },
  { id: 2, workspace_id: 7, client_id: null, name: 'Old thing', color: '#d92b2b', active: false, billable: false, is_private: true, estimated_hours: null, rate: null, currency: null },
];
const clients = [{ id: 5, wid: 7, name: 'Acme', archived: false, notes: null }];

let requests: { method: string; url: string; body: unknown }[] = [];

function serve(admin: boolean) {
  requests = [];
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    requests.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const path = url.split('?')[0];
    const json = (v: unknown) => new Response(JSON.stringify(v), { status: 200 });
    if (path === '/api/v9/me') return json(me);
    if (path === '/api/v9/me/workspaces') return json([{ id: 7, name: 'W' }]);
    if (path === '/api/v9/workspaces/7') return json(workspace(admin));
    if (path === '/api/v9/workspaces/7/projects') return json(projects);
    if (path === '/api/v9/workspaces/7/clients' && method === 'POST') return new Response(JSON.stringify('Client name already exists'), { status: 400 });
    if (path === '/api/v9/workspaces/7/clients') return json(clients);
    return new Response('null', { status: 200 });
  }));
}

function show(page: React.ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter>{page}</MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(() => localStorage.clear());
afterEach(() => { cleanup(); vi.unstubAllGlobals(); });

describe('projects page', () => {
  it('shows active projects, and archived ones when asked, with admin controls for an admin', async () => {
    serve(true);
    show(<ProjectsPage />);
    await screen.findByRole('link', { name: 'Website' });
    expect(screen.queryByRole('link', { name: 'Old thing' })).toBeNull();
    expect(screen.getByRole('button', { name: 'New project' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Archive Website' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'archived' } });
    await screen.findByRole('link', { name: 'Old thing' });
    expect(screen.getByRole('button', { name: 'Restore Old thing' })).toBeTruthy();
  });

  it('hides creating and editing from a member where only admins may create projects', async () => {
    serve(false);
    show(<ProjectsPage />);
    await screen.findByRole('link', { name: 'Website' });
    expect(screen.queryByRole('button', { name: 'New project' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit Website' })).toBeNull();
  });

  it('checks the form before sending, then sends the palette colour and the workspace defaults', async () => {
    serve(true);
    show(<ProjectsPage />);
    fireEvent.click(await screen.findByRole('button', { name: 'New project' }));
    fireEvent.change(screen.getByLabelText('Estimate (hours)'), { target: { value: '1.5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save project' }));
    expect(await screen.findByText('Name is required.')).toBeTruthy();
    expect(screen.getByText('Enter whole hours, such as 40.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Name')));
    expect(requests.some((r) => r.method === 'POST')).toBe(false);

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Launch' } });
    fireEvent.change(screen.getByLabelText('Estimate (hours)'), { target: { value: '40' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save project' }));
    await waitFor(() => expect(requests.find((r) => r.method === 'POST')).toBeTruthy());
    expect(requests.find((r) => r.method === 'POST')).toMatchObject({
      url: '/api/v9/workspaces/7/projects',
      // Blue and red are taken, so the next free palette colour; billable and private as the workspace says.
      body: { name: 'Launch', color: '#9e5bd9', client_id: null, billable: true, is_private: true, estimated_hours: 40, rate: null },
    });
  });
});

describe('clients page', () => {
  it("shows the API's message when saving fails", async () => {
    serve(true);
    show(<ClientsPage />);
    await screen.findByText('Acme');
    fireEvent.click(screen.getByRole('button', { name: 'New client' }));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Acme' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save client' }));
    expect(await screen.findByText('Client name already exists')).toBeTruthy();
  });
});
