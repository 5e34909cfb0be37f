import { invalid } from '../../domain/errors.js';
import type { User } from '../../domain/users/users.types.js';

/**
 * The workspace a v8 create goes to: the `wid` of the body, or else the user's default workspace
 * (v8's `default_wid`), which is where v8 put records created without one.
 */
export function targetWorkspace(user: User, wid: number | null | undefined): number {
  // v8 clients send 0 for "none".
  const id = wid || user.default_workspace_id;
  if (id === null || id === undefined) throw invalid("Workspace can't be blank");
  return id;
}
