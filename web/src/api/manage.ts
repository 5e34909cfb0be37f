/**
 * Track v9 calls of the management pages: workspace, clients, projects (tasks, members), tags,
 * team (workspace users, invitations, groups), profile and preferences.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { keys, useMe } from './queries';
import type { Task as PickerTask } from './entries';
import type { Me } from './types';

const V9 = '/api/v9';

export interface Workspace {
  id: number;
  organization_id: number;
  name: string;
  admin: boolean;
  default_currency: string;
  default_hourly_rate: number | null;
  rounding: number;
  rounding_minutes: number;
  projects_billable_by_default: boolean;
  projects_private_by_default: boolean;
  only_admins_may_create_projects: boolean;
  only_admins_may_create_tags: boolean;
  only_admins_see_billable_rates: boolean;
}

export interface ClientRecord {
  id: number;
  wid: number;
  name: string;
  archived: boolean;
  notes: string | null;
}

export interface ProjectRecord {
  id: number;
  workspace_id: number;
  client_id: number | null;
  client_name?: string | null;
  name: string;
  color: string;
  active: boolean;
  billable: boolean | null;
  is_private: boolean;
  estimated_hours: number | null;
  rate: number | null;
  currency: string | null;
}

// The pickers' task plus the fields only the management pages show.
export interface Task extends PickerTask {
  estimated_seconds: number | null;
  user_id: number | null;
}

export interface Tag {
  id: number;
  workspace_id: number;
  name: string;
}

export interface ProjectUser {
  id: number;
  project_id: number;
  user_id: number;
  workspace_id: number;
  manager: boolean;
  rate: number | null;
}

export interface WorkspaceUser {
  id: number;
  uid: number;
  wid: number;
  name: string;
  email: string;
  active: boolean;
  inactive: boolean;
  admin: boolean;
  role: string;
  rate: number | null;
  group_ids: number[] | null;
  invitation_code: string | null;
  invite_url: string | null;
}

export interface Group {
  group_id: number;
  name: string;
  users: { user_id: number; name: string }[] | null;
  workspaces: number[] | null;
}

export interface InvitationResult {
  data: { email: string; invitation_id: number; invite_url: string }[] | null;
  invitations: { code: string; email: string }[] | null;
  messages: string[] | null;
}

/** Stint's list of pending invitations (/stint/api/v1), which Track v9 does not offer. */
export interface PendingInvitation {
  invitation_id: number;
  email: string;
  code: string;
  sent_at: string;
  recipient_id: number | null;
  workspaces: { workspace_id: number; workspace_user_id: number | null }[];
}

export interface InvitationView {
  code: string;
  email: string;
  organization_id: number;
  organization_name: string;
  sender_email: string;
  sender_name: string;
}

export interface WorkspaceSummary {
  id: number;
  name: string;
}

export const mkeys = {
  workspace: (wid: number) => ['workspace', wid] as const,
  workspaces: ['workspaces'] as const,
  clients: (wid: number) => ['manage', wid, 'clients'] as const,
  projects: (wid: number) => ['manage', wid, 'projects'] as const,
  tasks: (wid: number, pid: number) => ['manage', wid, 'tasks', pid] as const,
  tags: (wid: number) => ['manage', wid, 'tags'] as const,
  projectUsers: (wid: number, pid: number) => ['manage', wid, 'project_users', pid] as const,
  members: (wid: number) => ['manage', wid, 'members'] as const,
  groups: (oid: number) => ['groups', oid] as const,
  invitation: (code: string) => ['invitation', code] as const,
  pending: (oid: number) => ['pending_invitations', oid] as const,
};

/**
 * The workspace the pages manage (the chosen one, else the user's default), with whether they
 * administer it.
 */
export function useWorkspace(chosen?: number) {
  const me = useMe();
  const wid = chosen ?? me.data?.default_workspace_id;
  return useQuery({
    queryKey: mkeys.workspace(wid ?? 0),
    enabled: !!wid,
    queryFn: ({ signal }) => api.get<Workspace>(`${V9}/workspaces/${wid}`, signal),
  });
}

export const useMyWorkspaces = () =>
  useQuery({ queryKey: mkeys.workspaces, queryFn: ({ signal }) => api.get<WorkspaceSummary[]>(`${V9}/me/workspaces`, signal).then((w) => w ?? []) });

const list = <T,>(p: Promise<T[] | null>) => p.then((x) => x ?? []);

export const useClientList = (wid: number) =>
  useQuery({
    queryKey: mkeys.clients(wid),
    queryFn: ({ signal }) => list(api.get<ClientRecord[]>(`${V9}/workspaces/${wid}/clients?status=both`, signal)),
  });

const PROJECTS_PER_PAGE = 200; // the most the API answers at once

/**
 * Every project, active and archived, page after page; filtering and paging happen on screen so
 * typing never waits for the network.
 */
export const useProjectList = (wid: number) =>
  useQuery({
    queryKey: mkeys.projects(wid),
    queryFn: async ({ signal }) => {
      const all: ProjectRecord[] = [];
      for (let page = 1; ; page++) {
        const batch = await list(
          api.get<ProjectRecord[]>(`${V9}/workspaces/${wid}/projects?active=both&sort_field=name&per_page=${PROJECTS_PER_PAGE}&page=${page}`, signal),
        );
        all.push(...batch);
        if (batch.length < PROJECTS_PER_PAGE) return all;
      }
    },
  });

export const useTasks = (wid: number, pid: number) =>
  useQuery({
    queryKey: mkeys.tasks(wid, pid),
    queryFn: ({ signal }) => list(api.get<Task[]>(`${V9}/workspaces/${wid}/projects/${pid}/tasks`, signal)),
  });

export const useTagList = (wid: number) =>
  useQuery({ queryKey: mkeys.tags(wid), queryFn: ({ signal }) => list(api.get<Tag[]>(`${V9}/workspaces/${wid}/tags`, signal)) });

export const useProjectUsers = (wid: number, pid: number) =>
  useQuery({
    queryKey: mkeys.projectUsers(wid, pid),
    queryFn: ({ signal }) => list(api.get<ProjectUser[]>(`${V9}/workspaces/${wid}/project_users?project_ids=${pid}`, signal)),
  });

export const useMembers = (wid: number) =>
  useQuery({
    queryKey: mkeys.members(wid),
    queryFn: ({ signal }) => list(api.get<WorkspaceUser[]>(`${V9}/workspaces/${wid}/workspace_users`, signal)),
  });

export const useGroups = (oid: number | undefined) =>
  useQuery({
    queryKey: mkeys.groups(oid ?? 0),
    enabled: !!oid,
    queryFn: ({ signal }) => list(api.get<Group[]>(`${V9}/organizations/${oid}/groups`, signal)),
  });

export const usePendingInvitations = (oid: number) =>
  useQuery({
    queryKey: mkeys.pending(oid),
    queryFn: ({ signal }) => list(api.get<PendingInvitation[]>(`/stint/api/v1/organizations/${oid}/invitations`, signal)),
  });

export const useInvitation = (code: string) =>
  useQuery({ queryKey: mkeys.invitation(code), queryFn: ({ signal }) => api.get<InvitationView>(`${V9}/invitations/${encodeURIComponent(code)}`, signal) });

/**
 * A mutation that refreshes the listed queries once the API has answered (success or not), so
 * the screen always shows what the API now holds. The timer's project and client lists share
 * the data, so they are refreshed too.
 */
function useApiMutation<V, R>(fn: (v: V) => Promise<R>, refresh: (v: V) => readonly (readonly unknown[])[]) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: async (_r, _e, v) => {
      await Promise.all([
        ...refresh(v).map((queryKey) => qc.invalidateQueries({ queryKey })),
        qc.invalidateQueries({ queryKey: keys.projects }),
        qc.invalidateQueries({ queryKey: keys.clients }),
      ]);
    },
  });
}

// ---- clients ----

export const useSaveClient = (wid: number) =>
  useApiMutation(
    (c: { id?: number; name: string; notes?: string | null }) =>
      c.id
        ? api.put<ClientRecord>(`${V9}/workspaces/${wid}/clients/${c.id}`, { name: c.name, notes: c.notes ?? null })
        : api.post<ClientRecord>(`${V9}/workspaces/${wid}/clients`, { name: c.name, notes: c.notes ?? null }),
    () => [mkeys.clients(wid)],
  );

export const useClientAction = (wid: number) =>
  useApiMutation(
    ({ id, action }: { id: number; action: 'archive' | 'restore' | 'delete' }) =>
      action === 'delete'
        ? api.delete<null>(`${V9}/workspaces/${wid}/clients/${id}`)
        : // Restoring a client alone leaves its projects archived, as Toggl does unless asked.
          api.post<unknown>(`${V9}/workspaces/${wid}/clients/${id}/${action}`, action === 'restore' ? { restore_all_projects: false } : undefined),
    () => [mkeys.clients(wid), mkeys.projects(wid)],
  );

// ---- projects ----

export interface ProjectInput {
  name: string;
  color: string;
  client_id: number | null;
  billable: boolean;
  is_private: boolean;
  estimated_hours: number | null;
  rate: number | null;
  active?: boolean;
}

export const useSaveProject = (wid: number) =>
  useApiMutation(
    ({ id, ...body }: ProjectInput & { id?: number }) =>
      id ? api.put<ProjectRecord>(`${V9}/workspaces/${wid}/projects/${id}`, body) : api.post<ProjectRecord>(`${V9}/workspaces/${wid}/projects`, body),
    () => [mkeys.projects(wid)],
  );

export const useSetProjectActive = (wid: number) =>
  useApiMutation(
    ({ id, active }: { id: number; active: boolean }) => api.put<ProjectRecord>(`${V9}/workspaces/${wid}/projects/${id}`, { active }),
    () => [mkeys.projects(wid)],
  );

export const useDeleteProject = (wid: number) =>
  useApiMutation(
    // Toggl's web app keeps the project's time entries, unassigned, unless told otherwise.
    (id: number) => api.delete<null>(`${V9}/workspaces/${wid}/projects/${id}?teDeletionMode=unassign`),
    () => [mkeys.projects(wid)],
  );

// ---- tasks ----

export const useSaveTask = (wid: number, pid: number) =>
  useApiMutation(
    ({ id, ...body }: { id?: number; name?: string; active?: boolean; estimated_seconds?: number | null }) =>
      id ? api.put<Task>(`${V9}/workspaces/${wid}/projects/${pid}/tasks/${id}`, body) : api.post<Task>(`${V9}/workspaces/${wid}/projects/${pid}/tasks`, body),
    () => [mkeys.tasks(wid, pid)],
  );

export const useDeleteTask = (wid: number, pid: number) =>
  useApiMutation((id: number) => api.delete<null>(`${V9}/workspaces/${wid}/projects/${pid}/tasks/${id}`), () => [mkeys.tasks(wid, pid)]);

// ---- project members ----

export const useAddProjectUser = (wid: number, pid: number) =>
  useApiMutation(
    (b: { user_id: number; manager: boolean; rate: number | null }) =>
      api.post<ProjectUser>(`${V9}/workspaces/${wid}/project_users`, { project_id: pid, ...b }),
    () => [mkeys.projectUsers(wid, pid)],
  );

export const useUpdateProjectUser = (wid: number, pid: number) =>
  useApiMutation(
    ({ id, ...b }: { id: number; manager: boolean; rate: number | null }) => api.put<ProjectUser>(`${V9}/workspaces/${wid}/project_users/${id}`, b),
    () => [mkeys.projectUsers(wid, pid)],
  );

export const useRemoveProjectUser = (wid: number, pid: number) =>
  useApiMutation((id: number) => api.delete<null>(`${V9}/workspaces/${wid}/project_users/${id}`), () => [mkeys.projectUsers(wid, pid)]);

// ---- tags ----

export const useSaveTag = (wid: number) =>
  useApiMutation(
    (t: { id?: number; name: string }) =>
      t.id ? api.put<Tag>(`${V9}/workspaces/${wid}/tags/${t.id}`, { name: t.name }) : api.post<Tag>(`${V9}/workspaces/${wid}/tags`, { name: t.name }),
    () => [mkeys.tags(wid), ['tags']],
  );

export const useDeleteTag = (wid: number) =>
  useApiMutation((id: number) => api.delete<null>(`${V9}/workspaces/${wid}/tags/${id}`), () => [mkeys.tags(wid), ['tags']]);

// ---- team ----

export const useUpdateMember = (wid: number) =>
  useApiMutation(
    ({ id, ...b }: { id: number; admin?: boolean; rate?: number | null; inactive?: boolean }) =>
      api.put<unknown>(`${V9}/workspaces/${wid}/workspace_users/${id}`, b),
    () => [mkeys.members(wid)],
  );

/** Removes a member; for a pending invitee this withdraws the invitation. */
export const useRemoveMember = (wid: number) =>
  useApiMutation((id: number) => api.delete<null>(`${V9}/workspaces/${wid}/workspace_users/${id}`), () => [mkeys.members(wid), ['pending_invitations']]);

export const useInvite = (oid: number, wid: number) =>
  useApiMutation(
    ({ emails, admin }: { emails: string[]; admin: boolean }) =>
      api.post<InvitationResult>(`${V9}/organizations/${oid}/invitations`, {
        emails,
        workspaces: [{ workspace_id: wid, admin }],
        skip_email: true,
      }),
    () => [mkeys.members(wid), mkeys.pending(oid)],
  );

export const useResendInvite = (oid: number) =>
  useMutation({ mutationFn: (invitationId: number) => api.put<string>(`${V9}/organizations/${oid}/invitations/${invitationId}/resend`) });

export const useSaveGroup = (oid: number) =>
  useApiMutation(
    ({ id, ...b }: { id?: number; name: string; users: number[]; workspaces: number[] }) =>
      id ? api.put<Group>(`${V9}/organizations/${oid}/groups/${id}`, b) : api.post<Group>(`${V9}/organizations/${oid}/groups`, b),
    () => [mkeys.groups(oid)],
  );

export const useDeleteGroup = (oid: number) =>
  useApiMutation((id: number) => api.delete<null>(`${V9}/organizations/${oid}/groups/${id}`), () => [mkeys.groups(oid)]);

// ---- workspace settings ----

export const useUpdateWorkspace = (wid: number) =>
  useApiMutation((b: Partial<Workspace>) => api.put<Workspace>(`${V9}/workspaces/${wid}`, b), () => [mkeys.workspace(wid), mkeys.workspaces]);

// ---- profile ----

/** Saving the profile or preferences refreshes `useMe`/`usePreferences`, which the whole app reads. */
export function useUpdateMe() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: Partial<Pick<Me, 'fullname' | 'email' | 'timezone' | 'beginning_of_week' | 'default_workspace_id'>> & { current_password?: string; password?: string }) =>
      api.put<Me>(`${V9}/me`, b),
    onSuccess: (me) => {
      if (me && typeof me === 'object') qc.setQueryData(keys.me, me);
    },
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: keys.me }), qc.invalidateQueries({ queryKey: ['time_entries'] })]),
  });
}

export function useUpdatePreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: Record<string, unknown>) => api.post<unknown>(`${V9}/me/preferences`, b),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.preferences }),
  });
}

export function useResetToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<string>(`${V9}/me/reset_token`),
    onSuccess: (token) => qc.setQueryData<Me | null>(keys.me, (me) => (me ? { ...me, api_token: token } : me)),
  });
}

// ---- invitations (the invitee's side) ----

export const useAnswerInvitation = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, answer }: { code: string; answer: 'accept' | 'reject' }) =>
      api.post<string>(`${V9}/organizations/invitations/${encodeURIComponent(code)}/${answer}`),
    // A new workspace may now be the user's, so everything cached may change; but the answered
    // invitation is gone from the API, and the page keeps showing what it was.
    onSuccess: () => qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'invitation' }),
  });
};
