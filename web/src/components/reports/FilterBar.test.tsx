// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { FilterBar } from './FilterBar';
import { DEFAULT_FILTERS } from './filters';

afterEach(cleanup);

const names = {
  users: [{ id: 1, name: 'Ada' }],
  projects: [{ id: 7, name: 'Docs', color: '#0b83d9' }],
  clients: [{ id: 3, name: 'Acme' }],
  tags: [],
  groups: [],
  tasks: [],
};

describe('FilterBar', () => {
  it('labels its controls and starts a custom range from the dates on screen', () => {
    const onChange = vi.fn();
    render(<FilterBar filters={DEFAULT_FILTERS} range={{ start: '2025-03-10', end: '2025-03-16' }} names={names} onChange={onChange} />);
    fireEvent.change(screen.getByLabelText('Period'), { target: { value: 'custom' } });
    expect(onChange).toHaveBeenCalledWith({ preset: 'custom', from: '2025-03-10', to: '2025-03-16' });
    fireEvent.change(screen.getByLabelText('Billable'), { target: { value: 'no' } });
    expect(onChange).toHaveBeenLastCalledWith({ billable: 'no' });
    // Groups and tasks are offered only when the workspace has some.
    expect(screen.queryByText('Groups')).toBeNull();
  });

  it('chooses projects, "without project" included, as ids', () => {
    const onChange = vi.fn();
    render(<FilterBar filters={{ ...DEFAULT_FILTERS, projects: [7] }} range={{ start: '2025-03-10', end: '2025-03-16' }} names={names} onChange={onChange} />);
    screen.getByRole('group', { name: 'Projects' });
    expect((screen.getByRole('checkbox', { name: 'Docs' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Without project' }));
    expect(onChange).toHaveBeenLastCalledWith({ projects: [7, 0] });
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ projects: [], users: [], billable: 'all', description: '' }));
  });

  it('applies the description once typing pauses', () => {
    vi.useFakeTimers();
    const onChange = vi.fn();
    render(<FilterBar filters={DEFAULT_FILTERS} range={{ start: '2025-03-10', end: '2025-03-16' }} names={names} onChange={onChange} />);
    fireEvent.change(screen.getByLabelText('Description contains'), { target: { value: 'spec' } });
    expect(onChange).not.toHaveBeenCalled();
    vi.advanceTimersByTime(450);
    expect(onChange).toHaveBeenCalledWith({ description: 'spec' });
    vi.useRealTimers();
  });
});
