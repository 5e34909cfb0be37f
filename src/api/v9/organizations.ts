import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import { sendJsonString } from '../errors.js';
import type { SkinOptions } from './index.js';
import { presentOrganization, presentOrganizationUser } from './presenters/organizations.js';
import { presentWorkspace } from './presenters/workspaces.js';
import { OrganizationParams } from './schemas/common.js';
import { OrganizationCreateBody, OrganizationUpdateBody, OrganizationUsersQuery } from './schemas/organizations.js';
import { WorkspaceBody } from './schemas/workspaces.js';

export const organizationRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  app.post('/organizations', { schema: { body: OrganizationCreateBody } }, async (request) => {
    const { organization, workspace } = await services.organizations.create(currentUser(request), request.body);
    // organization.PostOrganizationReply
    return {
      id: organization.id,
      name: organization.name,
      permissions: null,
      workspace_id: workspace.id,
      workspace_name: workspace.name,
    };
  });

  app.get('/organizations/:organization_id', { schema: { params: OrganizationParams } }, async (request) =>
    presentOrganization(await services.organizations.require(currentUser(request), request.params.organization_id)),
  );

  app.put('/organizations/:organization_id', { schema: { params: OrganizationParams, body: OrganizationUpdateBody } }, async (request, reply) => {
    await services.organizations.rename(currentUser(request), request.params.organization_id, request.body);
    return sendJsonString(reply, 200, 'OK');
  });

  app.post('/organizations/:organization_id/workspaces', { schema: { params: OrganizationParams, body: WorkspaceBody } }, async (request) =>
    presentWorkspace(await services.organizations.createWorkspace(currentUser(request), request.params.organization_id, request.body)),
  );

  app.get('/organizations/:organization_id/users', { schema: { params: OrganizationParams, querystring: OrganizationUsersQuery } }, async (request, reply) => {
    const query = request.query;
    const users = await services.organizations.users(currentUser(request), request.params.organization_id, query);
    reply.header('x-page', String(query.page ?? 1)).header('x-per-page', String(query.per_page ?? 50));
    return users.map(presentOrganizationUser);
  });

  app.delete('/organizations/:organization_id/users/leave', { schema: { params: OrganizationParams } }, async (request, reply) => {
    await services.organizations.leave(currentUser(request), request.params.organization_id);
    return sendJsonString(reply, 200, 'OK');
  });
};
