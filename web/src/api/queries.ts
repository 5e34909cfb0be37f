import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { api, basicAuth } from './client';
import type { Client, Me, NewTimeEntry, Preferences, Project, TimeEntry } from './types';

export const keys = {
  me: ['me'] as const,
  preferences: ['preferences'] as const,
  current: ['time_entries', 'current'] as const,
  entries: (from: string, to: string) => ['time_entries', 'range', from, to] as const,
  allEntries: ['time_entries'] as const,
  projects: ['projects'] as const,
  clients: ['clients'] as const,
};

const V9 = '/api/v9';
const CREATED_WITH = 'Stint web';

export const useMe = () => useQuery({ queryKey: keys.me, queryFn: ({ signal }) => api.get<Me>(`${V9}/me`, signal) });

export const usePreferences = () =>
  useQuery({ queryKey: keys.preferences, queryFn: ({ signal }) => api.get<Preferences>(`${V9}/me/preferences`, signal), staleTime: 5 * 60_000 });

export const useProjects = () =>
  useQuery({ queryKey: keys.projects, queryFn: ({ signal }) => api.get<Project[] | null>(`${V9}/me/projects`, signal).then((p) => p ?? []) });

export const useClients = () =>
  useQuery({ queryKey: keys.clients, queryFn: ({ signal }) => api.get<Client[] | null>(`${V9}/me/clients`, signal).then((c) => c ?? []) });

export const useCurrentEntry = () =>
  useQuery({ queryKey: keys.current, queryFn: ({ signal }) => api.get<TimeEntry | null>(`${V9}/me/time_entries/current`, signal) });

/** Entries whose start falls on the user's days `from`..`to` (YYYY-MM-DD, both included, their zone). */
export const useEntries = (from: string, to: string) =>
  useQuery({
    queryKey: keys.entries(from, to),
    queryFn: ({ signal }) => entriesInRange(from, to, signal),
  });

/** v9 answers at most this many entries for a date range (newest first), like Toggl. */
const LIST_CAP = 1000;

/**
 * The range's entries, all of them: when v9's answer is cut at its cap, the range is asked for again
 * one day at a time (a day over the cap keeps its newest 1000).
 */
export async function entriesInRange(from: string, to: string, signal?: AbortSignal): Promise<TimeEntry[]> {
  const get = (a: string, b: string) =>
    api.get<TimeEntry[] | null>(`${V9}/me/time_entries?start_date=${a}&end_date=${b}&meta=true`, signal).then((l) => l ?? []);
  const first = await get(from, to);
  if (first.length < LIST_CAP || from === to) return first;
  const days: string[] = [];
  for (let d = DateTime.fromISO(from); d.toISODate()! <= to; d = d.plus({ days: 1 })) days.push(d.toISODate()!);
  const parts = await Promise.all(days.map((d) => get(d, d)));
  const byId = new Map<number, TimeEntry>();
  for (const e of parts.flat()) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
}

// ---- session ----

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ email, password }: { email: string; password: string }) =>
      api.post<Me>(`${V9}/me/sessions`, undefined, { authorization: basicAuth(email, password) }),
    onSuccess: (me) => {
      // Not qc.clear(): mounted observers would keep watching the removed query and miss the change.
      qc.setQueryData(keys.me, me);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.me[0] });
    },
  });
}

export function useSignup() {
  const login = useLogin();
  return useMutation({
    mutationFn: async (input: { email: string; password: string; fullname: string }) => {
      const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      await api.post<Me>(`${V9}/signup`, { ...input, ...(timezone ? { timezone } : {}) });
      // Signing up answers the user but sets no cookie; the session is a login like any other.
      return login.mutateAsync({ email: input.email, password: input.password });
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<null>(`${V9}/me/sessions`),
    onSettled: () => {
      qc.setQueryData(keys.me, null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.me[0] });
    },
  });
}

// ---- timer ----

const nowIso = () => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** Every cached week list, so an optimistic change shows in whichever week is on screen. */
function patchLists(qc: QueryClient, change: (list: TimeEntry[]) => TimeEntry[]) {
  qc.setQueriesData<TimeEntry[]>({ queryKey: ['time_entries', 'range'] }, (list) => (list ? change(list) : list));
}

async function snapshot(qc: QueryClient) {
  await qc.cancelQueries({ queryKey: keys.allEntries });
  return {
    current: qc.getQueryData<TimeEntry | null>(keys.current),
    lists: qc.getQueriesData<TimeEntry[]>({ queryKey: ['time_entries', 'range'] }),
  };
}

type Snapshot = Awaited<ReturnType<typeof snapshot>>;

function restore(qc: QueryClient, snap: Snapshot | undefined) {
  if (!snap) return;
  qc.setQueryData(keys.current, snap.current);
  for (const [key, data] of snap.lists) qc.setQueryData(key, data);
}

/** Starts a timer; shown running at once, replaced by the API's entry when it answers. */
export function useStartEntry(workspaceId: number | undefined, projects: Project[] | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (entry: NewTimeEntry) =>
      api.post<TimeEntry>(`${V9}/workspaces/${workspaceId}/time_entries`, {
        created_with: CREATED_WITH,
        workspace_id: workspaceId,
        description: entry.description,
        project_id: entry.project_id,
        task_id: entry.task_id ?? null,
        billable: entry.billable,
        tags: entry.tags ?? [],
        start: nowIso(),
        duration: -1,
      }),
    onMutate: async (entry) => {
      const snap = await snapshot(qc);
      const start = nowIso();
      const project = projects?.find((p) => p.id === entry.project_id);
      const optimistic: TimeEntry = {
        id: -Date.now(),
        workspace_id: workspaceId ?? 0,
        project_id: entry.project_id,
        task_id: entry.task_id ?? null,
        billable: entry.billable,
        description: entry.description || null,
        start,
        stop: null,
        duration: -Math.floor(Date.parse(start) / 1000),
        tags: entry.tags ?? [],
        tag_ids: [],
        project_name: project?.name ?? null,
        project_color: project?.color ?? null,
      };
      // Toggl stops a running entry when another starts; the list shows that at once too.
      const stopAt = start;
      const stopRunning = (e: TimeEntry): TimeEntry =>
        e.stop === null ? { ...e, stop: stopAt, duration: Math.max(0, Math.floor((Date.parse(stopAt) - Date.parse(e.start)) / 1000)) } : e;
      qc.setQueryData(keys.current, optimistic);
      patchLists(qc, (list) => [optimistic, ...list.map(stopRunning)]);
      return snap;
    },
    onError: (_err, _entry, snap) => restore(qc, snap),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.allEntries }),
  });
}

export function useStopEntry() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (entry: TimeEntry) => api.patch<TimeEntry>(`${V9}/workspaces/${entry.workspace_id}/time_entries/${entry.id}/stop`),
    onMutate: async (entry) => {
      const snap = await snapshot(qc);
      const stop = nowIso();
      const duration = Math.max(0, Math.floor((Date.parse(stop) - Date.parse(entry.start)) / 1000));
      qc.setQueryData(keys.current, null);
      patchLists(qc, (list) => list.map((e) => (e.id === entry.id ? { ...e, stop, duration } : e)));
      return snap;
    },
    onError: (_err, _entry, snap) => restore(qc, snap),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.allEntries }),
  });
}

export function useDeleteEntry() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (entry: TimeEntry) => api.delete<null>(`${V9}/workspaces/${entry.workspace_id}/time_entries/${entry.id}`),
    onMutate: async (entry) => {
      const snap = await snapshot(qc);
      if (qc.getQueryData<TimeEntry | null>(keys.current)?.id === entry.id) qc.setQueryData(keys.current, null);
      patchLists(qc, (list) => list.filter((e) => e.id !== entry.id));
      return snap;
    },
    onError: (_err, _entry, snap) => restore(qc, snap),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.allEntries }),
  });
}
