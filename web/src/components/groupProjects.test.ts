import { describe, expect, it } from 'vitest';
import type { Client, Project } from '../api/types';
import { groupProjects } from './ProjectTaskPicker';

const project = (id: number, name: string, client_id: number | null, active = true): Project => ({ id, workspace_id: 1, client_id, name, color: '#0b83d9', active, billable: null });
const clients: Client[] = [
  { id: 1, wid: 1, name: 'Zeta', archived: false },
  { id: 2, wid: 1, name: 'alpha', archived: false },
];
const projects = [project(1, 'web', 1), project(2, 'App', 1), project(3, 'Internal', null), project(4, 'api', 2), project(5, 'Old', 2, false)];

describe('groupProjects', () => {
  it('groups active projects by client, no client first, names sorted ignoring case', () => {
    expect(groupProjects(projects, clients, '').map((g) => [g.client, g.projects.map((p) => p.name)])).toEqual([
      [null, ['Internal']],
      ['alpha', ['api']],
      ['Zeta', ['App', 'web']],
    ]);
  });

  it('searches project and client names', () => {
    expect(groupProjects(projects, clients, 'AP').flatMap((g) => g.projects.map((p) => p.name))).toEqual(['api', 'App']);
    expect(groupProjects(projects, clients, 'zet').flatMap((g) => g.projects.map((p) => p.name))).toEqual(['App', 'web']);
    expect(groupProjects(projects, clients, 'nothing')).toEqual([]);
  });
});
