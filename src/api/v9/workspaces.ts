import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import type { SkinOptions } from './index.js';
import { presentSimpleWorkspaceUser, presentWorkspace } from './presenters/workspaces.js';
import { WorkspaceParams } from './schemas/common.js';
import { WorkspaceBody, WorkspaceUsersQuery } from './schemas/workspaces.js';

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
};
