import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../../domain/errors.js';
import { currentUser } from '../../http/auth.js';
import { inviteLinks } from '../invite-url.js';
import type { SkinOptions } from './index.js';
import { presentClient } from './presenters/clients.js';
import { presentGroup } from './presenters/groups.js';
import { presentProjectUser } from './presenters/project-users.js';
import { presentProject } from './presenters/projects.js';
import { presentTag } from './presenters/tags.js';
import { presentTask } from './presenters/tasks.js';
import { presentMember } from './presenters/users.js';
import { presentInvitedWorkspaceUser, presentWorkspace, presentWorkspaceUser } from './presenters/workspaces.js';
import { ActiveQuery, IdParams, WorkspaceParams } from './schemas/common.js';
import { InviteBody, WorkspaceBody, WorkspaceProjectsQuery, WorkspaceUserBody } from './schemas/workspaces.js';
import { envelope, unwrap } from './skin.js';

const WORKSPACE_USER_NOT_FOUND = 'Workspace user not found/accessible by user';

type WorkspaceFields = NonNullable<Extract<typeof WorkspaceBody.static, object>['workspace']>;
type WorkspaceUserFields = NonNullable<Extract<typeof WorkspaceUserBody.static, object>['workspace_user']>;

export const workspaceRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  app.get('/workspaces', async (request) => (await services.workspaces.listForUser(currentUser(request))).map(presentWorkspace));

  app.get('/workspaces/:workspace_id', { schema: { params: WorkspaceParams } }, async (request) =>
    envelope(presentWorkspace(await services.workspaces.require(currentUser(request), request.params.workspace_id))),
  );

  app.put('/workspaces/:workspace_id', { schema: { params: WorkspaceParams, body: WorkspaceBody } }, async (request) => {
    const input = unwrap<WorkspaceFields>(request.body, 'workspace');
    return envelope(presentWorkspace(await services.workspaces.update(currentUser(request), request.params.workspace_id, input)));
  });

  app.get('/workspaces/:workspace_id/users', { schema: { params: WorkspaceParams } }, async (request) =>
    (await services.workspaces.users(currentUser(request), request.params.workspace_id, { excludeDeleted: true })).map(presentMember),
  );

  app.get('/workspaces/:workspace_id/workspace_users', { schema: { params: WorkspaceParams } }, async (request) => {
    const records = await services.workspaces.workspaceUsers(currentUser(request), request.params.workspace_id);
    const links = inviteLinks(request);
    return records.filter((r) => r.deleted_at === null).map((r) => presentWorkspaceUser(r, links));
  });

  // v8 has no client archive; its clients are all the live ones.
  app.get('/workspaces/:workspace_id/clients', { schema: { params: WorkspaceParams } }, async (request) =>
    (await services.clients.list(currentUser(request), request.params.workspace_id, { status: 'both' })).map(presentClient),
  );

  app.get('/workspaces/:workspace_id/projects', { schema: { params: WorkspaceParams, querystring: WorkspaceProjectsQuery } }, async (request) => {
    const { active, actual_hours, only_templates } = request.query;
    const projects = await services.projects.listAll(currentUser(request), request.params.workspace_id, {
      ...(active !== undefined ? { active } : {}),
      ...(only_templates !== undefined ? { only_templates } : {}),
    });
    return projects.map((p) => presentProject(p, { actualHours: actual_hours === true }));
  });

  app.get('/workspaces/:workspace_id/tasks', { schema: { params: WorkspaceParams, querystring: ActiveQuery } }, async (request) =>
    (await services.tasks.listAll(currentUser(request), request.params.workspace_id, request.query)).map((t) => presentTask(t)),
  );

  app.get('/workspaces/:workspace_id/tags', { schema: { params: WorkspaceParams } }, async (request) =>
    (await services.tags.list(currentUser(request), request.params.workspace_id, {})).map(presentTag),
  );

  app.get('/workspaces/:workspace_id/project_users', { schema: { params: WorkspaceParams } }, async (request) =>
    (await services.projectUsers.list(currentUser(request), request.params.workspace_id, {})).map((pu) => presentProjectUser(pu)),
  );

  app.get('/workspaces/:workspace_id/groups', { schema: { params: WorkspaceParams } }, async (request) => {
    const wid = request.params.workspace_id;
    return (await services.groups.listForWorkspace(currentUser(request), wid)).map((g) => presentGroup(g, wid));
  });

  // Addresses that cannot be invited are described in `notifications`; the others are invited.
  app.post('/workspaces/:workspace_id/invite', { schema: { params: WorkspaceParams, body: InviteBody } }, async (request) => {
    const wid = request.params.workspace_id;
    const outcome = await services.invitations.inviteToWorkspace(currentUser(request), wid, request.body?.emails);
    const links = inviteLinks(request);
    return { data: outcome.invitations.map((i) => presentInvitedWorkspaceUser(i, wid, links)), notifications: outcome.messages };
  });

  const membership = async (id: number) => services.locator.home('workspace_users', id, WORKSPACE_USER_NOT_FOUND);

  app.put('/workspace_users/:id', { schema: { params: IdParams, body: WorkspaceUserBody } }, async (request) => {
    const user = currentUser(request);
    const input = unwrap<WorkspaceUserFields>(request.body, 'workspace_user');
    const { workspace_id } = await membership(request.params.id);
    await services.workspaces.updateMember(user, workspace_id, { workspaceUserId: request.params.id }, input);
    const record = (await services.workspaces.workspaceUsers(user, workspace_id)).find((r) => r.id === request.params.id);
    if (!record) throw notFound(WORKSPACE_USER_NOT_FOUND);
    return envelope(presentWorkspaceUser(record, inviteLinks(request)));
  });

  app.delete('/workspace_users/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const { workspace_id } = await membership(request.params.id);
    await services.workspaces.removeMember(currentUser(request), workspace_id, request.params.id);
    return reply.code(200).send();
  });
};
