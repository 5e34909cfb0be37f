/** Search, filters and paging of the management lists, done on screen over what the API answered. */

export type Status = 'active' | 'archived' | 'all';

export interface ProjectFilter {
  search: string;
  status: Status;
  /** A client id, 'none' for projects without one, or 'any'. */
  client: number | 'none' | 'any';
}

interface Filterable {
  name: string;
  active: boolean;
  client_id: number | null;
}

/** Names in the order a person expects: case aside, and "Sprint 2" before "Sprint 10". */
export const byName = (a: string, b: string): number => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true });

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase();

/** Every word typed must appear in the name (or the extra text, e.g. the client's name), in any order. */
export function matchesSearch(search: string, ...texts: (string | null | undefined)[]): boolean {
  const words = fold(search).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = fold(texts.filter(Boolean).join(' '));
  return words.every((w) => hay.includes(w));
}

export const matchesStatus = (status: Status, active: boolean): boolean => status === 'all' || (status === 'active') === active;

export function filterProjects<P extends Filterable>(projects: readonly P[], f: ProjectFilter, clientName: (id: number | null) => string = () => ''): P[] {
  return projects
    .filter((p) => matchesStatus(f.status, p.active))
    .filter((p) => (f.client === 'any' ? true : f.client === 'none' ? p.client_id === null : p.client_id === f.client))
    .filter((p) => matchesSearch(f.search, p.name, clientName(p.client_id)))
    .sort((a, b) => Number(b.active) - Number(a.active) || byName(a.name, b.name));
}

export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
  total: number;
}

/** One page of a list; a page past the end shows the last one (after a delete shrinks the list). */
export function paginate<T>(items: readonly T[], page: number, perPage: number): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return { items: items.slice((p - 1) * perPage, p * perPage), page: p, pages, total: items.length };
}
