import type { Names } from '../../api/reports';
import type { SummaryGroup } from './chartData';

/** Labels a summary group: groups carry only ids, and tag groups a list of tag ids. */
export function groupNamer(kind: string, names: Names | undefined) {
  const find = (list: { id: number; name: string }[] | undefined, id: number) => list?.find((x) => x.id === id)?.name;
  return (id: number | null, group: SummaryGroup): string => {
    switch (kind) {
      case 'projects':
        return id === null ? 'Without project' : find(names?.projects, id) ?? `Project ${id}`;
      case 'clients':
        return id === null ? 'Without client' : find(names?.clients, id) ?? `Client ${id}`;
      case 'users':
        return id === null ? 'Unknown member' : find(names?.users, id) ?? `Member ${id}`;
      case 'tags': {
        const ids = group.ids ?? (id === null ? [] : [id]);
        return ids.length ? ids.map((t) => find(names?.tags, t) ?? `Tag ${t}`).join(', ') : 'Without tags';
      }
      default:
        return id === null ? '—' : String(id);
    }
  };
}

export const KIND_LABEL: Record<string, string> = {
  projects: 'Project',
  clients: 'Client',
  users: 'Member',
  tags: 'Tags',
  tasks: 'Task',
  time_entries: 'Description',
};
