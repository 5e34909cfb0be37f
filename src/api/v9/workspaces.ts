import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import { sendJsonString } from '../errors.js';
import { inviteLinks } from '../invite-url.js';
import type { SkinOptions } from './index.js';
import { presentSimpleWorkspaceUser, presentWorkspace, presentWorkspaceUser } from './presenters/workspaces.js';
import { WorkspaceParams } from './schemas/common.js';
import {
  UserIds,
  WorkspaceBody,
  WorkspaceMemberParams,
  WorkspaceUserBody,
  WorkspaceUserParams,
  WorkspaceUsersQuery,
  WorkspaceWorkspaceUsersQuery,
} from './schemas/workspaces.js';

export const workspaceRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  app.get('/workspaces/:workspace_id', { schema: { params: WorkspaceParams } }, async (request) =>
    presentWorkspace(await services.workspaces.require(currentUser(request), request.params.workspace_id)),
  );

  app.put('/workspaces/:workspace_id', { schema: { params: WorkspaceParams, body: WorkspaceBody } }, async (request) =>
    presentWorkspace(await services.workspaces.update(currentUser(request), request.params.workspace_id, request.body)),
  );

  app.get('/workspaces/:workspace_id/users', { schema: { params: WorkspaceParams, querystring: WorkspaceUsersQuery } }, async (request) => {
    const members = await services.workspaces.users(currentUser(request), request.params.workspace_id, {
      excludeDeleted: request.query.exclude_deleted === true,
    });
    return members.map(presentSimpleWorkspaceUser);
  });

  app.post('/workspaces/:workspace_id/users/data', { schema: { params: WorkspaceParams, body: UserIds } }, async (request) => {
    const members = await services.workspaces.usersData(currentUser(request), request.params.workspace_id, request.body);
    return members.map(presentSimpleWorkspaceUser);
  });

  // The swagger declares no body for this one; it takes the same workspace_user payload as
  // PUT workspace_users/{id}, with the member addressed by user id instead of membership id.
  app.put('/workspaces/:workspace_id/users/:user_id', { schema: { params: WorkspaceMemberParams, body: WorkspaceUserBody } }, async (request, reply) => {
    const { workspace_id, user_id } = request.params;
    await services.workspaces.updateMember(currentUser(request), workspace_id, { userId: user_id }, request.body);
    return sendJsonString(reply, 200, 'OK');
  });

  app.get(
    '/workspaces/:workspace_id/workspace_users',
    { schema: { params: WorkspaceParams, querystring: WorkspaceWorkspaceUsersQuery } },
    async (request) => {
      const links = inviteLinks(request);
      return (await services.workspaces.workspaceUsers(currentUser(request), request.params.workspace_id)).map((m) => presentWorkspaceUser(m, links));
    },
  );

  app.put(
    '/workspaces/:workspace_id/workspace_users/:workspace_user_id',
    { schema: { params: WorkspaceUserParams, body: WorkspaceUserBody } },
    async (request, reply) => {
      const { workspace_id, workspace_user_id } = request.params;
      await services.workspaces.updateMember(currentUser(request), workspace_id, { workspaceUserId: workspace_user_id }, request.body);
      return sendJsonString(reply, 200, 'OK');
    },
  );

  app.delete('/workspaces/:workspace_id/workspace_users/:workspace_user_id', { schema: { params: WorkspaceUserParams } }, async (request, reply) => {
    const { workspace_id, workspace_user_id } = request.params;
    await services.workspaces.removeMember(currentUser(request), workspace_id, workspace_user_id);
    return reply.code(200).send();
  });
};
