import type { ProjectUser, ProjectUserWithMeta } from '../../../domain/project-users/project-users.types.js';
import { formatSeconds, nullable } from '../../../time.js';

/** models.ProjectUser. Stint never shares a project with a user group, so gid/group_id are null. */
export function presentProjectUser(pu: ProjectUser) {
  return {
    at: formatSeconds(pu.at),
    gid: null,
    group_id: null,
    id: pu.id,
    labor_cost: pu.labor_cost,
    labor_cost_last_updated: nullable(pu.labor_cost_last_updated, formatSeconds),
    manager: pu.manager,
    project_id: pu.project_id,
    rate: pu.rate,
    rate_last_updated: nullable(pu.rate_last_updated, formatSeconds),
    user_id: pu.user_id,
    workspace_id: pu.workspace_id,
  };
}

/** models.ProjectUserWithMeta */
export function presentProjectUserWithMeta(pu: ProjectUserWithMeta) {
  return {
    ...presentProjectUser(pu),
    avatar_url: pu.avatar_url,
    is_active: pu.is_active,
    user_name: pu.user_name,
    workspace_user_id: pu.workspace_user_id,
    workspace_user_labor_cost: pu.workspace_user_labor_cost,
    workspace_user_rate: pu.workspace_user_rate,
  };
}
