import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import type { SkinOptions } from './index.js';
import { presentProjectUser, presentProjectUserWithMeta } from './presenters/project-users.js';
import { WorkspaceParams } from './schemas/common.js';
import { PatchBody } from './schemas/projects.js';
import {
  ProjectUserIdsParams,
  ProjectUserParams,
  ProjectUserPostBody,
  ProjectUserPutBody,
  ProjectUsersPaginatedBody,
  ProjectUsersPaginatedQuery,
  ProjectUsersQuery,
} from './schemas/project-users.js';

export const projectUserRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  const projectUsers = services.projectUsers;

  app.get('/workspaces/:workspace_id/project_users', { schema: { params: WorkspaceParams, querystring: ProjectUsersQuery } }, async (request) =>
    (await projectUsers.list(currentUser(request), request.params.workspace_id, request.query)).map(presentProjectUser),
  );

  app.post('/workspaces/:workspace_id/project_users', { schema: { params: WorkspaceParams, body: ProjectUserPostBody } }, async (request) =>
    presentProjectUser(await projectUsers.create(currentUser(request), request.params.workspace_id, request.body)),
  );

  app.post(
    '/workspaces/:workspace_id/project_users/paginated',
    { schema: { params: WorkspaceParams, querystring: ProjectUsersPaginatedQuery, body: ProjectUsersPaginatedBody } },
    async (request) =>
      (await projectUsers.paginated(currentUser(request), request.params.workspace_id, request.body, request.query)).map(presentProjectUserWithMeta),
  );

  app.patch('/workspaces/:workspace_id/project_users/:project_user_ids', { schema: { params: ProjectUserIdsParams, body: PatchBody } }, async (request) => {
    const { success, failure } = await projectUsers.patch(currentUser(request), request.params.workspace_id, request.params.project_user_ids, request.body);
    return { failure: failure.map((f) => ({ id: f.id, message: f.message })), success };
  });

  app.put('/workspaces/:workspace_id/project_users/:project_user_id', { schema: { params: ProjectUserParams, body: ProjectUserPutBody } }, async (request) =>
    presentProjectUser(await projectUsers.update(currentUser(request), request.params.workspace_id, request.params.project_user_id, request.body)),
  );

  app.delete('/workspaces/:workspace_id/project_users/:project_user_id', { schema: { params: ProjectUserParams } }, async (request, reply) => {
    const id = await projectUsers.remove(currentUser(request), request.params.workspace_id, request.params.project_user_id);
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(id));
  });
};
