import type { EventFilter } from './webhooks.types.js';

export type EventAction = 'created' | 'updated' | 'deleted';

/**
 * What GET /event_filters lists: the entities Stint reports and the actions of each. An event
 * filter names one of them, or `*` for any entity or action.
 */
export const EVENT_FILTERS = {
  client: ['created', 'updated', 'deleted'],
  project: ['created', 'updated', 'deleted'],
  project_user: ['created', 'updated', 'deleted'],
  tag: ['created', 'updated', 'deleted'],
  task: ['created', 'updated', 'deleted'],
  time_entry: ['created', 'updated', 'deleted'],
  workspace: ['updated', 'deleted'],
  workspace_user: ['created', 'updated', 'deleted'],
} as const satisfies Record<string, readonly EventAction[]>;

export type EventEntity = keyof typeof EVENT_FILTERS;

const ACTIONS: readonly string[] = ['created', 'updated', 'deleted'];

/** Why a filter is refused, or null when it names a known entity and action (or wildcards). */
export function filterProblem(f: EventFilter): string | null {
  if (f.entity !== '*' && !(f.entity in EVENT_FILTERS)) return `Unknown event filter entity '${f.entity}'`;
  if (f.action === '*') return null;
  const actions: readonly string[] = f.entity === '*' ? ACTIONS : EVENT_FILTERS[f.entity as EventEntity];
  return actions.includes(f.action) ? null : `Unknown event filter action '${f.action}' for entity '${f.entity}'`;
}

export function matchesFilters(filters: readonly EventFilter[], entity: string, action: string): boolean {
  for (const f of filters) {
    if ((f.entity === '*' || f.entity === entity) && (f.action === '*' || f.action === action)) return true;
  }
  return false;
}
