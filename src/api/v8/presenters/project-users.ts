import type { ProjectUser } from '../../../domain/project-users/project-users.types.js';
import { formatSeconds } from '../../../time.js';

/** The v8 project user; `fullname` only when the request asked for it with `fields`. */
export function presentProjectUser(pu: ProjectUser, fullname: string | null = null) {
  return {
    id: pu.id,
    pid: pu.project_id,
    uid: pu.user_id,
    wid: pu.workspace_id,
    manager: pu.manager,
    rate: pu.rate,
    at: formatSeconds(pu.at),
    fullname,
  };
}
