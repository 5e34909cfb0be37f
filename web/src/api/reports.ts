import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from './client';
import type { SummaryGroup, WeeklyRow } from '../components/reports/chartData';

// Reports v3 (and the v9 saved-report and time-entry calls the report pages make). The shared
// client hides response headers, which paging and export file names need, so this file has its
// own small POST.

const R3 = '/reports/api/v3';
const V9 = '/api/v9';

export interface ReportResponse<T> {
  data: T;
  headers: Headers;
}

async function messageOf(res: Response): Promise<string> {
  const text = (await res.text().catch(() => '')).trim();
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'string') return parsed;
    if (parsed && typeof parsed === 'object' && 'message' in parsed) return String((parsed as { message: unknown }).message);
  } catch {
    // plain text
  }
  if (text) return text;
  return res.status === 401 ? 'You are not logged in, or your session has ended.' : `The server answered ${res.status} ${res.statusText}`.trim();
}

async function post(path: string, body: unknown, opts: { signal?: AbortSignal; anonymous?: boolean; accept?: string } = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { accept: opts.accept ?? 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      // A public shared report is opened with no session: what a logged-out visitor gets.
      credentials: opts.anonymous ? 'omit' : 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'Stint could not be reached. Check your connection and try again.');
  }
  if (!res.ok) throw new ApiError(res.status, await messageOf(res));
  return res;
}

async function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<ReportResponse<T>> {
  const res = await post(path, body, { signal });
  return { data: (await res.json()) as T, headers: res.headers };
}

// ---- shapes (the fields the pages read) ----

export interface Totals {
  seconds: number;
  billable_amount_in_cents: number | null;
  tracked_days: number;
  resolution: 'day' | 'week' | 'month';
  graph: { seconds: number; by_rate: Record<string, number> | null }[] | null;
}

export interface DetailedRow {
  user_id: number;
  username: string;
  project_id: number | null;
  project_name?: string | null;
  project_hex?: string | null;
  client_name?: string | null;
  task_id: number | null;
  task_name?: string | null;
  billable: boolean;
  description: string | null;
  tag_ids: number[];
  tag_names?: string[] | null;
  billable_amount_in_cents: number | null;
  currency: string;
  time_entries: { id: number; seconds: number; start: string; stop: string | null }[];
  row_number: number;
}

export interface DetailedPage {
  rows: DetailedRow[];
  /** X-Next-Row-Number: where the next page starts; null on the last page. */
  nextRow: number | null;
  pageSize: number;
}

export interface Named {
  id: number;
  name: string;
  color?: string;
  client_id?: number | null;
  project_id?: number | null;
}

// ---- queries ----

export const reportKeys = {
  all: ['reports'] as const,
  summary: (wid: number, body: unknown) => ['reports', 'summary', wid, body] as const,
  totals: (wid: number, body: unknown) => ['reports', 'totals', wid, body] as const,
  detailed: (wid: number, body: unknown) => ['reports', 'detailed', wid, body] as const,
  weekly: (wid: number, body: unknown) => ['reports', 'weekly', wid, body] as const,
  names: (wid: number) => ['reports', 'names', wid] as const,
  shared: (token: string) => ['reports', 'shared', token] as const,
};


export const useSummary = (wid: number, body: Record<string, unknown>, enabled = true) =>
  useQuery<SummaryGroup[]>({
    queryKey: reportKeys.summary(wid, body),
    queryFn: ({ signal }) => postJson<{ groups: SummaryGroup[] }>(`${R3}/workspace/${wid}/summary/time_entries`, body, signal).then((r) => r.data.groups),
    enabled,
    placeholderData: keepPreviousData,
  });

export const useTotals = (wid: number, body: Record<string, unknown>, enabled = true) =>
  useQuery<Totals>({
    queryKey: reportKeys.totals(wid, body),
    queryFn: ({ signal }) => postJson<Totals>(`${R3}/workspace/${wid}/search/time_entries/totals`, body, signal).then((r) => r.data),
    enabled,
    placeholderData: keepPreviousData,
  });

export const useDetailed = (wid: number, body: Record<string, unknown>) =>
  useQuery<DetailedPage>({
    queryKey: reportKeys.detailed(wid, body),
    queryFn: async ({ signal }): Promise<DetailedPage> => {
      const { data, headers } = await postJson<DetailedRow[]>(`${R3}/workspace/${wid}/search/time_entries`, body, signal);
      const next = headers.get('X-Next-Row-Number');
      return { rows: data, nextRow: next ? Number(next) : null, pageSize: Number(headers.get('X-Page-Size') ?? 50) };
    },
    placeholderData: keepPreviousData,
  });

export const useWeekly = (wid: number, body: Record<string, unknown>) =>
  useQuery<WeeklyRow[]>({
    queryKey: reportKeys.weekly(wid, body),
    queryFn: ({ signal }) => postJson<WeeklyRow[]>(`${R3}/workspace/${wid}/weekly/time_entries`, body, signal).then((r) => r.data),
    placeholderData: keepPreviousData,
  });

/** Every page of a Reports v3 filters/* list; they page by id from `start`. */
async function allPages<T extends { id: number }>(path: string, signal: AbortSignal, extra: Record<string, unknown> = {}): Promise<T[]> {
  const out: T[] = [];
  let start: number | undefined;
  for (let i = 0; i < 20; i++) {
    const { data } = await postJson<T[] | null>(path, { ...extra, page_size: 1000, ...(start ? { start } : {}) }, signal);
    const page = data ?? [];
    out.push(...page);
    if (page.length < 1000) break;
    start = page[page.length - 1]!.id + 1;
  }
  return out;
}

export interface Names {
  users: Named[];
  projects: Named[];
  clients: Named[];
  tags: Named[];
  groups: Named[];
  tasks: Named[];
}

/**
 * The workspace's people, projects and the rest, to label report groups (summary groups carry
 * ids only) and to fill the filter lists. A list the user may not read (groups, for a member) is
 * left empty rather than failing the report.
 */
export const useReportNames = (wid: number) =>
  useQuery({
    queryKey: reportKeys.names(wid),
    staleTime: 60_000,
    queryFn: async ({ signal }): Promise<Names> => {
      const soft = <T,>(p: Promise<T[] | null>) => p.then((x) => x ?? []).catch((err: unknown) => {
        if ((err as Error).name === 'AbortError') throw err;
        return [] as T[];
      });
      const [users, projects, clients, tags, groups, tasks] = await Promise.all([
        soft(postJson<Named[] | null>(`${R3}/workspace/${wid}/filters/users`, {}, signal).then((r) => r.data)),
        soft(allPages<Named>(`${R3}/workspace/${wid}/filters/projects`, signal)),
        soft(postJson<Named[] | null>(`${R3}/workspace/${wid}/filters/clients`, {}, signal).then((r) => r.data)),
        soft(api.get<Named[] | null>(`${V9}/workspaces/${wid}/tags`, signal)),
        soft(api.get<Named[] | null>(`${V9}/workspaces/${wid}/groups`, signal)),
        soft(postJson<Named[] | null>(`${R3}/workspace/${wid}/filters/tasks`, { page_size: 1000 }, signal).then((r) => r.data)),
      ]);
      return { users, projects, clients, tags, groups, tasks };
    },
  });

// ---- writes ----

export interface TimeEntryChange {
  description?: string;
  project_id?: number | null;
  billable?: boolean;
}

/** Inline edit from the detailed report: the v9 update, then every report is asked again. */
export function useUpdateReportEntry(wid: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: number; change: TimeEntryChange }) => api.put<unknown>(`${V9}/workspaces/${wid}/time_entries/${id}`, change),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: reportKeys.all }), qc.invalidateQueries({ queryKey: ['time_entries'] })]),
  });
}

export interface SavedReport {
  id: number;
  name: string;
  public: boolean;
  token: string;
}

export const useSaveReport = (wid: number) =>
  useMutation({
    mutationFn: (input: { name: string; public: boolean; fixed_daterange: boolean; params: Record<string, unknown> }) =>
      api.post<SavedReport>(`${V9}/workspaces/${wid}/reports/shared`, input),
  });

// ---- exports ----

function filenameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename="?([^";]+)"?/i.exec(cd);
  return m?.[1] ?? fallback;
}

/** Downloads an export: the file arrives as a blob and is saved through an object URL. */
export async function downloadExport(path: string, body: unknown, fallbackName: string, anonymous = false): Promise<void> {
  const res = await post(path, body, { anonymous, accept: '*/*' });
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filenameOf(res, fallbackName);
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const exportPath = (wid: number, kind: 'summary' | 'detailed' | 'weekly', ext: 'csv' | 'pdf' | 'xlsx') => {
  const base = kind === 'summary' ? 'summary/time_entries' : kind === 'detailed' ? 'search/time_entries' : 'weekly/time_entries';
  return `${R3}/workspace/${wid}/${base}.${ext}`;
};

// ---- shared (public) ----

export interface SharedReport {
  report_name: string;
  report_type: 'summary' | 'detailed' | 'weekly';
  saved_params: Record<string, unknown>;
  input_params: Record<string, unknown>;
  dictionaries: Record<'clients' | 'projects' | 'tasks' | 'users' | 'tags' | 'user_groups', Record<string, Named & { color?: string }>>;
  summary_results?: { report: { groups: SummaryGroup[] }; totals: Totals };
  detailed_results?: { report: DetailedRow[]; totals: Totals };
  weekly_results?: { report: WeeklyRow[]; totals: Totals };
}

export const useSharedReport = (token: string) =>
  useQuery({
    queryKey: reportKeys.shared(token),
    queryFn: async ({ signal }) => {
      const res = await post(`${R3}/shared/${encodeURIComponent(token)}`, undefined, { signal, anonymous: true });
      return { report: (await res.json()) as SharedReport, start: res.headers.get('X-Range-Start'), end: res.headers.get('X-Range-End') };
    },
  });

export const sharedExportPath = (token: string, ext: 'csv' | 'pdf' | 'xlsx') => `${R3}/shared/${encodeURIComponent(token)}/${ext}`;
