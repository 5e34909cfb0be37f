import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './client';
import { keys } from './queries';
import type { Project, TimeEntry } from './types';
import { applyChange, buildBulkPatch, type BulkChange } from '../lib/timesheet';

// Track v9 calls of the timer and calendar pages beyond the basic start/stop in queries.ts.

const V9 = '/api/v9';
const CREATED_WITH = 'Stint web';

export interface Task {
  id: number;
  name: string;
  project_id: number;
  workspace_id: number;
  active: boolean;
}

export interface Tag {
  id: number;
  name: string;
  workspace_id: number;
}

export const entryKeys = {
  tasks: ['tasks'] as const,
  tags: ['tags'] as const,
  recent: ['time_entries', 'recent'] as const,
};

export const useTasks = () =>
  useQuery({ queryKey: entryKeys.tasks, queryFn: ({ signal }) => api.get<Task[] | null>(`${V9}/me/tasks?meta=true`, signal).then((t) => t ?? []) });

export const useTags = () =>
  useQuery({ queryKey: entryKeys.tags, queryFn: ({ signal }) => api.get<Tag[] | null>(`${V9}/me/tags`, signal).then((t) => t ?? []) });

/** The latest entries (v9's default window), for description suggestions beyond the week shown. */
export const useRecentEntries = () =>
  useQuery({
    queryKey: entryKeys.recent,
    queryFn: ({ signal }) => api.get<TimeEntry[] | null>(`${V9}/me/time_entries`, signal).then((t) => t ?? []),
    staleTime: 60_000,
  });

// ---- optimistic helpers ----

const RANGE = ['time_entries', 'range'] as const;

function patchLists(qc: QueryClient, change: (list: TimeEntry[]) => TimeEntry[]) {
  qc.setQueriesData<TimeEntry[]>({ queryKey: RANGE }, (list) => (list ? change(list) : list));
}

async function snapshot(qc: QueryClient) {
  await qc.cancelQueries({ queryKey: keys.allEntries });
  return {
    current: qc.getQueryData<TimeEntry | null>(keys.current),
    lists: qc.getQueriesData<TimeEntry[]>({ queryKey: RANGE }),
  };
}

type Snapshot = Awaited<ReturnType<typeof snapshot>>;

function restore(qc: QueryClient, snap: Snapshot | undefined) {
  if (!snap) return;
  qc.setQueryData(keys.current, snap.current);
  for (const [key, data] of snap.lists) qc.setQueryData(key, data);
}

function patchEverywhere(qc: QueryClient, ids: Set<number>, change: (e: TimeEntry) => TimeEntry) {
  patchLists(qc, (list) => list.map((e) => (ids.has(e.id) ? change(e) : e)));
  const current = qc.getQueryData<TimeEntry | null>(keys.current);
  if (current && ids.has(current.id)) qc.setQueryData(keys.current, change(current));
}

const settle = (qc: QueryClient) => qc.invalidateQueries({ queryKey: keys.allEntries });

// ---- entries ----

export interface NewFinishedEntry {
  workspace_id: number;
  description: string;
  project_id: number | null;
  task_id: number | null;
  billable: boolean;
  tags: string[];
  start: string;
  stop: string;
}

/** A finished entry (manual mode, calendar drag); listed at once, replaced by the API's answer. */
export function useCreateEntry(projects: Project[] | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (e: NewFinishedEntry) =>
      api.post<TimeEntry>(`${V9}/workspaces/${e.workspace_id}/time_entries`, {
        created_with: CREATED_WITH,
        ...e,
        duration: Math.round((Date.parse(e.stop) - Date.parse(e.start)) / 1000),
      }),
    onMutate: async (e) => {
      const snap = await snapshot(qc);
      const project = projects?.find((p) => p.id === e.project_id);
      const optimistic: TimeEntry = {
        id: -Date.now(),
        ...e,
        description: e.description || null,
        duration: Math.round((Date.parse(e.stop) - Date.parse(e.start)) / 1000),
        tag_ids: [],
        project_name: project?.name ?? null,
        project_color: project?.color ?? null,
      };
      patchLists(qc, (list) => [optimistic, ...list]);
      return snap;
    },
    onError: (_err, _e, snap) => restore(qc, snap),
    onSettled: () => settle(qc),
  });
}

export interface Retiming {
  entry: TimeEntry;
  start: string;
  /** null keeps it running. */
  stop: string | null;
}

/** New start/stop for one entry (inline time edits, calendar move and resize): v9's PUT. */
export function useRetimeEntry() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ entry, start, stop }: Retiming) =>
      api.put<TimeEntry>(
        `${V9}/workspaces/${entry.workspace_id}/time_entries/${entry.id}`,
        stop === null ? { start, duration: -1 } : { start, stop, duration: Math.round((Date.parse(stop) - Date.parse(start)) / 1000) },
      ),
    onMutate: async ({ entry, start, stop }) => {
      const snap = await snapshot(qc);
      const duration = stop === null ? -Math.floor(Date.parse(start) / 1000) : Math.round((Date.parse(stop) - Date.parse(start)) / 1000);
      patchEverywhere(qc, new Set([entry.id]), (e) => ({ ...e, start, stop, duration }));
      return snap;
    },
    onError: (_err, _v, snap) => restore(qc, snap),
    onSettled: () => settle(qc),
  });
}

interface BulkResult {
  success: number[] | null;
  failure: { id: number; message: string }[] | null;
}

/**
 * One change for one or many entries of a workspace, as v9's bulk PATCH with JSON-Patch operations.
 * The API answers 200 even when some entries failed; those failures are thrown as one error, so
 * the caller shows them and the optimistic change is rolled back.
 */
export function usePatchEntries() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ workspaceId, ids, change }: { workspaceId: number; ids: number[]; change: BulkChange }) => {
      const ops = buildBulkPatch(change);
      if (ops.length === 0 || ids.length === 0) return;
      const res = await api.patch<BulkResult>(`${V9}/workspaces/${workspaceId}/time_entries/${ids.join(',')}`, ops);
      const failures = res?.failure ?? [];
      if (failures.length > 0) {
        const messages = [...new Set(failures.map((f) => f.message))];
        throw new Error(`${failures.length} of ${ids.length} ${ids.length === 1 ? 'entry was' : 'entries were'} not changed: ${messages.join('; ')}`);
      }
    },
    onMutate: async ({ ids, change }) => {
      const snap = await snapshot(qc);
      patchEverywhere(qc, new Set(ids), (e) => applyChange(e, change));
      return snap;
    },
    onError: (_err, _v, snap) => restore(qc, snap),
    onSettled: () => settle(qc),
  });
}

/** Deletes for good; the page hides the entries first and calls this once undo is no longer offered. */
export function useDeleteEntries() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (entries: Pick<TimeEntry, 'id' | 'workspace_id'>[]) => {
      const results = await Promise.allSettled(entries.map((e) => api.delete<null>(`${V9}/workspaces/${e.workspace_id}/time_entries/${e.id}`)));
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed.length > 0) throw failed[0]!.reason;
    },
    onSettled: () => settle(qc),
  });
}

// ---- created inline from the pickers ----

export function useCreateProject(workspaceId: number | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<Project>(`${V9}/workspaces/${workspaceId}/projects`, { name, active: true, is_private: false }),
    onSuccess: (project) => {
      qc.setQueryData<Project[]>(keys.projects, (list) => [...(list ?? []), project]);
      void qc.invalidateQueries({ queryKey: keys.projects });
    },
  });
}

export function useCreateTag(workspaceId: number | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<Tag>(`${V9}/workspaces/${workspaceId}/tags`, { name }),
    onSuccess: (tag) => {
      qc.setQueryData<Tag[]>(entryKeys.tags, (list) => [...(list ?? []), tag]);
      void qc.invalidateQueries({ queryKey: entryKeys.tags });
    },
  });
}
