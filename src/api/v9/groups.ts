import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import { sendJsonString } from '../errors.js';
import type { SkinOptions } from './index.js';
import { presentGroupPatchResult, presentOrganizationGroup, presentWorkspaceGroup } from './presenters/groups.js';
import { OrganizationParams, WorkspaceParams } from './schemas/common.js';
import { GroupBody, GroupNameBody, GroupPatchBody, GroupsQuery, OrganizationGroupParams, OrganizationWorkspaceParams, WorkspaceGroupParams } from './schemas/groups.js';

export const groupRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  const groups = services.groups;

  app.get('/organizations/:organization_id/groups', { schema: { params: OrganizationParams, querystring: GroupsQuery } }, async (request) =>
    (await groups.list(currentUser(request), request.params.organization_id, request.query)).map(presentOrganizationGroup),
  );

  app.post('/organizations/:organization_id/groups', { schema: { params: OrganizationParams, body: GroupBody } }, async (request) =>
    presentOrganizationGroup(await groups.create(currentUser(request), request.params.organization_id, request.body)),
  );

  app.put('/organizations/:organization_id/groups/:group_id', { schema: { params: OrganizationGroupParams, body: GroupBody } }, async (request) => {
    const { organization_id, group_id } = request.params;
    return presentOrganizationGroup(await groups.update(currentUser(request), organization_id, group_id, request.body));
  });

  app.patch('/organizations/:organization_id/groups/:group_id', { schema: { params: OrganizationGroupParams, body: GroupPatchBody } }, async (request) => {
    const { organization_id, group_id } = request.params;
    return presentGroupPatchResult(await groups.patch(currentUser(request), organization_id, group_id, request.body));
  });

  app.delete('/organizations/:organization_id/groups/:group_id', { schema: { params: OrganizationGroupParams } }, async (request, reply) => {
    await groups.delete(currentUser(request), request.params.organization_id, request.params.group_id);
    return sendJsonString(reply, 200, 'OK');
  });

  app.get('/organizations/:organization_id/workspaces/:workspace_id/groups', { schema: { params: OrganizationWorkspaceParams } }, async (request) => {
    const { organization_id, workspace_id } = request.params;
    return (await groups.listForOrganizationWorkspace(currentUser(request), organization_id, workspace_id)).map(presentOrganizationGroup);
  });

  // The deprecated workspace paths, still called by older clients: the same groups, in the
  // models.Group shape, attached to the workspace of the path.
  app.get('/workspaces/:workspace_id/groups', { schema: { params: WorkspaceParams } }, async (request) => {
    const wid = request.params.workspace_id;
    return (await groups.listForWorkspace(currentUser(request), wid)).map((g) => presentWorkspaceGroup(g, wid));
  });

  app.post('/workspaces/:workspace_id/groups', { schema: { params: WorkspaceParams, body: GroupNameBody } }, async (request) => {
    const wid = request.params.workspace_id;
    return presentWorkspaceGroup(await groups.createInWorkspace(currentUser(request), wid, request.body), wid);
  });

  app.put('/workspaces/:workspace_id/groups/:group_id', { schema: { params: WorkspaceGroupParams, body: GroupNameBody } }, async (request) => {
    const { workspace_id, group_id } = request.params;
    return presentWorkspaceGroup(await groups.renameInWorkspace(currentUser(request), workspace_id, group_id, request.body), workspace_id);
  });

  // The swagger documents a bare 200 here, with no body.
  app.delete('/workspaces/:workspace_id/groups/:group_id', { schema: { params: WorkspaceGroupParams } }, async (request, reply) => {
    await groups.deleteInWorkspace(currentUser(request), request.params.workspace_id, request.params.group_id);
    return reply.code(200).send();
  });
};
