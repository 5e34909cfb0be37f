import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../container.js';
import { todayIn } from '../../domain/reports/report-range.js';
import type { User } from '../../domain/users/users.types.js';
import type { MemberWorkspace } from '../../domain/workspaces/workspaces.types.js';
import { currentUser } from '../../http/auth.js';
import { clock } from '../../time.js';
import { requireBasics, type Query } from './params.js';

/** Every v2 parameter arrives in the query string and is read by params.ts. */
export const V2Query = Type.Record(Type.String(), Type.Unknown());

export interface V2Context {
  user: User;
  workspace: MemberWorkspace;
  query: Query;
  /** The user's calendar date, which since/until default from. */
  today: string;
}

/**
 * The checks every report makes first: user_agent and workspace_id present, then membership, so an
 * outsider learns nothing about the rest of the request.
 */
export async function begin(services: Services, request: FastifyRequest): Promise<V2Context> {
  const user = currentUser(request);
  const query = (request.query ?? {}) as Query;
  const { workspaceId } = requireBasics(query);
  const workspace = await services.reports.requireWorkspace(user, workspaceId);
  return { user, workspace, query, today: todayIn(user.timezone, clock.now()) };
}
