import type { Client } from '../../domain/clients/clients.types.js';
import type { ProjectUser } from '../../domain/project-users/project-users.types.js';
import type { ProjectView } from '../../domain/projects/projects.types.js';
import type { Tag } from '../../domain/tags/tags.types.js';
import type { TaskView } from '../../domain/tasks/tasks.types.js';
import type { TimeEntryView } from '../../domain/time-entries/time-entries.types.js';
import type { EventEntity } from '../../domain/webhooks/event-filters.js';
import type { MemberWorkspace, WorkspaceMember } from '../../domain/workspaces/workspaces.types.js';
import { presentClient } from '../v9/presenters/clients.js';
import { presentProjectUser } from '../v9/presenters/project-users.js';
import { presentProject } from '../v9/presenters/projects.js';
import { presentTag } from '../v9/presenters/tags.js';
import { presentTask } from '../v9/presenters/tasks.js';
import { presentTimeEntry } from '../v9/presenters/time-entries.js';
import { presentSimpleWorkspaceUser, presentWorkspace } from '../v9/presenters/workspaces.js';

/**
 * The `payload` of a webhook event: the record as Track API v9 answers it, which is what Toggl
 * sends. A record the service could not give whole (a deletion) is sent as what it has.
 */
export function presentPayload(entity: EventEntity, record: unknown): unknown {
  if (record === null || typeof record !== 'object' || !('workspace_id' in record || 'organization_id' in record)) return record;
  switch (entity) {
    case 'time_entry':
      return presentTimeEntry(record as TimeEntryView);
    case 'client':
      return presentClient(record as Client);
    case 'project':
      return presentProject(record as ProjectView);
    case 'tag':
      return presentTag(record as Tag);
    case 'task':
      return presentTask(record as TaskView);
    case 'project_user':
      return presentProjectUser(record as ProjectUser);
    case 'workspace':
      return presentWorkspace(record as MemberWorkspace);
    case 'workspace_user':
      return presentSimpleWorkspaceUser(record as WorkspaceMember);
  }
}
