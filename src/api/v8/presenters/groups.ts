import type { Group } from '../../../domain/groups/groups.types.js';
import { formatSeconds } from '../../../time.js';

/**
 * The v8 group. v8 groups live in one workspace (`wid`); Stint's belong to the organization and
 * may be attached to several, so `wid` is the workspace the answer is about, or else the group's
 * first workspace (none: left out, as v8 leaves out null fields).
 */
export function presentGroup(g: Group, workspaceId: number | null = g.workspace_ids[0] ?? null) {
  return {
    id: g.id,
    wid: workspaceId,
    name: g.name,
    at: formatSeconds(g.at),
  };
}
