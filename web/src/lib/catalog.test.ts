import { describe, expect, it } from 'vitest';
import { filterProjects, matchesSearch, paginate } from './catalog';

const p = (id: number, name: string, active = true, client_id: number | null = null) => ({ id, name, active, client_id });
const projects = [p(1, 'Website', true, 10), p(2, 'app redesign', true, 20), p(3, 'Archive move', false, 10), p(4, 'Café', true, null)];
const clientName = (id: number | null) => (id === 10 ? 'Acme' : id === 20 ? 'Globex' : '');

describe('search', () => {
  it('matches every word, in any order and case, ignoring accents', () => {
    expect(matchesSearch('', 'anything')).toBe(true);
    expect(matchesSearch('cafe', 'Café')).toBe(true);
    expect(matchesSearch('design APP', 'app redesign')).toBe(true);
    expect(matchesSearch('app mobile', 'app redesign')).toBe(false);
    expect(matchesSearch('acme site', 'Website', 'Acme')).toBe(true);
  });
});

describe('project filters', () => {
  it('shows active projects by default order, by name, whatever the case', () => {
    const names = filterProjects(projects, { search: '', status: 'active', client: 'any' }).map((x) => x.name);
    expect(names).toEqual(['app redesign', 'Café', 'Website']);
  });

  it('filters archived, by client, without client, and searches client names', () => {
    expect(filterProjects(projects, { search: '', status: 'archived', client: 'any' }).map((x) => x.id)).toEqual([3]);
    expect(filterProjects(projects, { search: '', status: 'all', client: 10 }).map((x) => x.id)).toEqual([1, 3]);
    expect(filterProjects(projects, { search: '', status: 'all', client: 'none' }).map((x) => x.id)).toEqual([4]);
    expect(filterProjects(projects, { search: 'globex', status: 'all', client: 'any' }, clientName).map((x) => x.id)).toEqual([2]);
  });

  it('orders numbers in names by value', () => {
    const sprints = [p(1, 'Sprint 10'), p(2, 'sprint 2'), p(3, 'Sprint 1')];
    expect(filterProjects(sprints, { search: '', status: 'all', client: 'any' }).map((x) => x.name)).toEqual(['Sprint 1', 'sprint 2', 'Sprint 10']);
  });

  it('lists active projects before archived ones when showing all', () => {
    expect(filterProjects(projects, { search: '', status: 'all', client: 'any' }).map((x) => x.id)).toEqual([2, 4, 1, 3]);
  });
});

describe('paging', () => {
  const items = Array.from({ length: 53 }, (_, i) => i);
  it('cuts pages and counts them', () => {
    expect(paginate(items, 1, 25)).toMatchObject({ page: 1, pages: 3, total: 53, items: items.slice(0, 25) });
    expect(paginate(items, 3, 25).items).toEqual([50, 51, 52]);
  });
  it('shows the last page when asked past it, the first when below, and one empty page for none', () => {
    expect(paginate(items, 9, 25).page).toBe(3);
    expect(paginate(items, 0, 25).page).toBe(1);
    expect(paginate([], 1, 25)).toEqual({ items: [], page: 1, pages: 1, total: 0 });
  });
});
