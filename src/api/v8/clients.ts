import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProjectView } from '../../domain/projects/projects.types.js';
import { currentUser } from '../../http/auth.js';
import type { SkinOptions } from './index.js';
import { presentClient } from './presenters/clients.js';
import { presentProject } from './presenters/projects.js';
import { ClientBody } from './schemas/clients.js';
import { ActiveQuery, IdParams } from './schemas/common.js';
import { envelope, unwrap } from './skin.js';
import { targetWorkspace } from './workspace.js';

/** The largest page v9's project list serves. */
const PAGE = 200;

type ClientFields = NonNullable<Extract<typeof ClientBody.static, object>['client']>;

export const clientRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  const home = async (id: number) => (await services.locator.home('clients', id, `No client with ID ${id} was found`)).workspace_id;

  app.get('/clients', async (request) => (await services.clients.listForUser(currentUser(request))).map(presentClient));

  app.post('/clients', { schema: { body: ClientBody } }, async (request) => {
    const user = currentUser(request);
    const { wid, ...input } = unwrap<ClientFields>(request.body, 'client');
    return envelope(presentClient(await services.clients.create(user, targetWorkspace(user, wid), input)));
  });

  app.get('/clients/:id', { schema: { params: IdParams } }, async (request) =>
    envelope(presentClient(await services.clients.get(currentUser(request), await home(request.params.id), request.params.id))),
  );

  // "Workspace id (wid) can't be changed": a wid in the body is not read.
  app.put('/clients/:id', { schema: { params: IdParams, body: ClientBody } }, async (request) => {
    const { wid: _fixed, ...input } = unwrap<ClientFields>(request.body, 'client');
    const client = await services.clients.update(currentUser(request), await home(request.params.id), request.params.id, input);
    return envelope(presentClient(client));
  });

  app.delete('/clients/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await services.clients.delete(currentUser(request), await home(request.params.id), request.params.id);
    return reply.code(200).send();
  });

  app.get('/clients/:id/projects', { schema: { params: IdParams, querystring: ActiveQuery } }, async (request) => {
    const user = currentUser(request);
    const workspaceId = await home(request.params.id);
    // The client must be one the caller can see, even when it has no projects.
    await services.clients.get(user, workspaceId, request.params.id);
    // v8 answers the whole list; v9's list is read page by page.
    const query = { client_ids: String(request.params.id), per_page: PAGE, ...(request.query.active !== undefined ? { active: request.query.active } : {}) };
    const projects: ProjectView[] = [];
    for (let page = 1; ; page++) {
      const batch = await services.projects.list(user, workspaceId, { ...query, page });
      projects.push(...batch);
      if (batch.length < PAGE) break;
    }
    return projects.map((p) => presentProject(p));
  });
};
