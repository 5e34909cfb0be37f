import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import type { SkinOptions } from './index.js';
import { presentGroup } from './presenters/groups.js';
import { IdParams } from './schemas/common.js';
import { GroupBody } from './schemas/groups.js';
import { envelope, unwrap } from './skin.js';
import { targetWorkspace } from './workspace.js';

type GroupFields = NonNullable<Extract<typeof GroupBody.static, object>['group']>;

export const groupRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  const groups = services.groups;

  app.post('/groups', { schema: { body: GroupBody } }, async (request) => {
    const user = currentUser(request);
    const { wid, name } = unwrap<GroupFields>(request.body, 'group');
    const workspaceId = targetWorkspace(user, wid);
    return envelope(presentGroup(await groups.createInWorkspace(user, workspaceId, { name }), workspaceId));
  });

  // "Workspace id (wid) can't be changed": only the name is read.
  app.put('/groups/:id', { schema: { params: IdParams, body: GroupBody } }, async (request) => {
    const { name } = unwrap<GroupFields>(request.body, 'group');
    const id = request.params.id;
    return envelope(presentGroup(await groups.update(currentUser(request), await groups.locate(id), id, { name })));
  });

  app.delete('/groups/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const id = request.params.id;
    await groups.delete(currentUser(request), await groups.locate(id), id);
    return reply.code(200).send();
  });
};
