// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Client, Project } from '../api/types';
import type { Tag, Task } from '../api/entries';
import { ProjectTaskPicker, projectTaskOptions } from './ProjectTaskPicker';
import { TagPicker, tagOptions } from './TagPicker';

afterEach(cleanup);

const project = (id: number, name: string, client_id: number | null = null): Project => ({ id, workspace_id: 1, client_id, name, color: '#0b83d9', active: true, billable: null });
const task = (id: number, project_id: number, name: string): Task => ({ id, project_id, name, workspace_id: 1, active: true });
const clients: Client[] = [{ id: 9, wid: 1, name: 'Acme', archived: false }];
const projects = [project(1, 'Website', 9), project(2, 'Internal')];
const tasks = [task(10, 1, 'Design'), task(11, 1, 'Build'), task(12, 2, 'Hiring')];

describe('projectTaskOptions', () => {
  it('lists tasks under their project, grouped by client', () => {
    expect(projectTaskOptions(projects, clients, tasks, '').map((o) => `${o.client ?? '-'}/${o.project?.name}/${o.task?.name ?? ''}`)).toEqual([
      '-/Internal/',
      '-/Internal/Hiring',
      'Acme/Website/',
      'Acme/Website/Build',
      'Acme/Website/Design',
    ]);
  });

  it('keeps a project for a matching task, with only the tasks that match', () => {
    expect(projectTaskOptions(projects, clients, tasks, 'desi').map((o) => o.task?.name ?? o.project?.name)).toEqual(['Website', 'Design']);
    expect(projectTaskOptions(projects, clients, tasks, 'acme')).toHaveLength(3);
  });
});

describe('ProjectTaskPicker', () => {
  it('chooses a task with the keyboard, and creates a project inline from the search', async () => {
    const onChange = vi.fn();
    const onCreateProject = vi.fn(async (name: string) => project(3, name));
    render(<ProjectTaskPicker projects={projects} clients={clients} tasks={tasks} projectId={null} taskId={null} onChange={onChange} onCreateProject={onCreateProject} />);
    fireEvent.click(screen.getByRole('button', { name: 'Choose a project' }));
    const search = screen.getByRole('combobox', { name: 'Search projects and tasks' });
    fireEvent.change(search, { target: { value: 'build' } });
    fireEvent.keyDown(search, { key: 'ArrowDown' });
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(onChange).toHaveBeenLastCalledWith(1, 11);

    fireEvent.click(screen.getByRole('button', { name: 'Choose a project' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Search projects and tasks' }), { target: { value: 'Garden' } });
    fireEvent.keyDown(screen.getByRole('combobox', { name: 'Search projects and tasks' }), { key: 'Enter' });
    await waitFor(() => expect(onChange).toHaveBeenLastCalledWith(3, null));
    expect(onCreateProject).toHaveBeenCalledWith('Garden');
  });
});

describe('TagPicker', () => {
  const tags: Tag[] = [{ id: 1, name: 'urgent', workspace_id: 1 }, { id: 2, name: 'admin', workspace_id: 1 }];

  it('puts chosen tags first', () => {
    expect(tagOptions(tags, ['urgent'], '')).toEqual(['urgent', 'admin']);
    expect(tagOptions(tags, [], 'ad')).toEqual(['admin']);
  });

  it('takes several tags and a new one, and sends them once when closed', async () => {
    const onChange = vi.fn();
    const onCreate = vi.fn(async (name: string) => ({ id: 3, name, workspace_id: 1 }));
    render(<TagPicker tags={tags} value={[]} onChange={onChange} onCreate={onCreate} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add tags' }));
    fireEvent.click(screen.getByRole('option', { name: /urgent/ }));
    fireEvent.click(screen.getByRole('option', { name: /admin/ }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Search tags' }), { target: { value: 'client-x' } });
    fireEvent.click(screen.getByRole('option', { name: /Create tag/ }));
    await waitFor(() => expect(onCreate).toHaveBeenCalledWith('client-x'));
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.click(await screen.findByRole('button', { name: 'Done' }));
    expect(onChange).toHaveBeenCalledWith(['urgent', 'admin', 'client-x']);
  });
});
