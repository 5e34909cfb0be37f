import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import { sendJsonString } from '../errors.js';
import type { SkinOptions } from './index.js';
import { presentTag } from './presenters/tags.js';
import { WorkspaceParams } from './schemas/common.js';
import { SinceQuery } from './schemas/me.js';
import { TagBody, TagParams, TagPatchBody, TagsQuery } from './schemas/tags.js';

export const tagRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  app.get('/me/tags', { schema: { querystring: SinceQuery } }, async (request) => {
    const since = request.query.since;
    const tags = await services.tags.listForUser(currentUser(request), since !== undefined ? { since: since * 1000 } : {});
    return tags.map(presentTag);
  });

  app.get('/workspaces/:workspace_id/tags', { schema: { params: WorkspaceParams, querystring: TagsQuery } }, async (request) => {
    const tags = await services.tags.list(currentUser(request), request.params.workspace_id, request.query);
    return tags.map(presentTag);
  });

  // The swagger declares an array here, but Toggl answers the one tag created or changed, and
  // clients read it as an object (see the quirk in test/conformance/quirks.ts).
  app.post('/workspaces/:workspace_id/tags', { schema: { params: WorkspaceParams, body: TagBody } }, async (request) =>
    presentTag(await services.tags.create(currentUser(request), request.params.workspace_id, request.body)),
  );

  app.patch('/workspaces/:workspace_id/tags', { schema: { params: WorkspaceParams, body: TagPatchBody } }, async (request, reply) => {
    await services.tags.patch(currentUser(request), request.params.workspace_id, request.body);
    return sendJsonString(reply, 200, 'OK');
  });

  app.put('/workspaces/:workspace_id/tags/:tag_id', { schema: { params: TagParams, body: TagBody } }, async (request) =>
    presentTag(await services.tags.update(currentUser(request), request.params.workspace_id, request.params.tag_id, request.body)),
  );

  app.delete('/workspaces/:workspace_id/tags/:tag_id', { schema: { params: TagParams } }, async (request, reply) => {
    await services.tags.delete(currentUser(request), request.params.workspace_id, request.params.tag_id);
    return sendJsonString(reply, 200, 'OK');
  });
};
