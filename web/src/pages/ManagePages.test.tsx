// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { ClientsPage } from './ClientsPage';
import { ProjectsPage } from './ProjectsPage';
import { TeamPage } from './TeamPage';

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

const member = (id: number, uid: number, name: string, extra: object = {}) => ({
  id, uid, wid: 7, name, email: `${name.toLowerCase()}@example.com`, active: true, inactive: false, admin: false, role: 'user', rate: null,
  group_ids: [], invitation_code: null, invite_url: null, ...extra,
});
const members = [member(11, 1, 'A', { admin: true }), member(12, 2, 'Bea'), member(13, 3, 'Cy', { active: false, invitation_code: 'c'.repeat(32) })];
const pendingInvitations = [
  { invitation_id: 21, email: 'new@example.com', code: 'a'.repeat(32), sent_at: '2026-12-01T10:00:00+00:00', recipient_id: null, workspaces: [{ workspace_id: 7, workspace_user_id: null }] },
  { invitation_id: 22, email: 'cy@example.com', code: 'c'.repeat(32), sent_at: '2026-12-01T10:00:00+00:00', recipient_id: 3, workspaces: [{ workspace_id: 7, workspace_user_id: 13 }] },
];

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
    if (path === '/api/v9/workspaces/7/workspace_users') return json(members);
    if (path === '/stint/api/v1/organizations/3/invitations') return json(pendingInvitations);
    if (path === '/api/v9/organizations/3/groups') return json([]);
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

describe('team page', () => {
  it('lists pending invitations with their app links; revoke only where a pending membership can be removed', async () => {
    serve(true);
    show(<TeamPage />);
    const list = await screen.findByRole('list', { name: 'Pending invitations' });
    expect(list.textContent).toContain('new@example.com');
    expect((screen.getByLabelText('Invitation link for new@example.com') as HTMLInputElement).value).toBe(`${window.location.origin}/invitations/${'a'.repeat(32)}`);
    expect(screen.queryByRole('button', { name: 'Revoke the invitation of new@example.com?' })).toBeNull();
    const revokes = screen.getAllByRole('button', { name: 'Revoke' });
    expect(revokes).toHaveLength(1);
    fireEvent.click(revokes[0]!);
    fireEvent.click(screen.getByRole('button', { name: 'Yes' }));
    await waitFor(() => expect(requests.find((r) => r.method === 'DELETE')?.url).toBe('/api/v9/workspaces/7/workspace_users/13'));
    // The signed-in admin cannot change their own role from here.
    expect(screen.queryByLabelText('Role of A')).toBeNull();
    expect(screen.getByLabelText('Role of Bea')).toBeTruthy();
  });

  it('shows a member neither the invitation form, nor pending invitations, nor role controls', async () => {
    serve(false);
    show(<TeamPage />);
    await screen.findByText('Bea');
    expect(screen.queryByRole('form', { name: 'Invite people' })).toBeNull();
    expect(screen.queryByText('Pending invitations')).toBeNull();
    expect(screen.queryByLabelText('Role of Bea')).toBeNull();
    expect(requests.some((r) => r.url.startsWith('/stint/'))).toBe(false);
  });
});
