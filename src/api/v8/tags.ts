import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import type { SkinOptions } from './index.js';
import { presentTag } from './presenters/tags.js';
import { IdParams } from './schemas/common.js';
import { TagBody } from './schemas/tags.js';
import { envelope, unwrap } from './skin.js';
import { targetWorkspace } from './workspace.js';

const TAG_NOT_FOUND = 'Tag was not found';

type TagFields = NonNullable<Extract<typeof TagBody.static, object>['tag']>;

export const tagRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  const home = async (id: number) => (await services.locator.home('tags', id, TAG_NOT_FOUND)).workspace_id;

  app.post('/tags', { schema: { body: TagBody } }, async (request) => {
    const user = currentUser(request);
    const { wid, name } = unwrap<TagFields>(request.body, 'tag');
    return envelope(presentTag(await services.tags.create(user, targetWorkspace(user, wid), { name })));
  });

  // "Workspace id (wid) can't be changed": only the name is read.
  app.put('/tags/:id', { schema: { params: IdParams, body: TagBody } }, async (request) => {
    const { name } = unwrap<TagFields>(request.body, 'tag');
    return envelope(presentTag(await services.tags.update(currentUser(request), await home(request.params.id), request.params.id, { name })));
  });

  app.delete('/tags/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await services.tags.delete(currentUser(request), await home(request.params.id), request.params.id);
    return reply.code(200).send();
  });
};
