import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import { sendJsonString } from '../errors.js';
import type { SkinOptions } from './index.js';
import { presentClient } from './presenters/clients.js';
import { ClientBody, ClientIds, ClientParams, ClientsQuery, RestoreBody } from './schemas/clients.js';
import { WorkspaceParams } from './schemas/common.js';
import { SinceQuery } from './schemas/me.js';

export const clientRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  app.get('/me/clients', { schema: { querystring: SinceQuery } }, async (request) => {
    const since = request.query.since;
    const clients = await services.clients.listForUser(currentUser(request), since !== undefined ? { since: since * 1000 } : {});
    return clients.map(presentClient);
  });

  app.get('/workspaces/:workspace_id/clients', { schema: { params: WorkspaceParams, querystring: ClientsQuery } }, async (request) => {
    const clients = await services.clients.list(currentUser(request), request.params.workspace_id, request.query);
    return clients.map(presentClient);
  });

  app.post('/workspaces/:workspace_id/clients', { schema: { params: WorkspaceParams, body: ClientBody } }, async (request) =>
    presentClient(await services.clients.create(currentUser(request), request.params.workspace_id, request.body)),
  );

  app.post('/workspaces/:workspace_id/clients/data', { schema: { params: WorkspaceParams, body: ClientIds } }, async (request) => {
    const clients = await services.clients.data(currentUser(request), request.params.workspace_id, request.body);
    return clients.map(presentClient);
  });

  app.post('/workspaces/:workspace_id/clients/archive', { schema: { params: WorkspaceParams, body: ClientIds } }, async (request) => [
    await services.clients.archiveMany(currentUser(request), request.params.workspace_id, request.body),
  ]);

  app.post('/workspaces/:workspace_id/clients/delete', { schema: { params: WorkspaceParams, body: ClientIds } }, async (request, reply) => {
    await services.clients.deleteMany(currentUser(request), request.params.workspace_id, request.body);
    return sendJsonString(reply, 200, 'OK');
  });

  app.get('/workspaces/:workspace_id/clients/:client_id', { schema: { params: ClientParams } }, async (request) =>
    presentClient(await services.clients.get(currentUser(request), request.params.workspace_id, request.params.client_id)),
  );

  app.put('/workspaces/:workspace_id/clients/:client_id', { schema: { params: ClientParams, body: ClientBody } }, async (request) =>
    presentClient(await services.clients.update(currentUser(request), request.params.workspace_id, request.params.client_id, request.body)),
  );

  // Toggl declares the answer as a number: the id of the deleted client.
  app.delete('/workspaces/:workspace_id/clients/:client_id', { schema: { params: ClientParams } }, async (request) => {
    const { workspace_id, client_id } = request.params;
    await services.clients.delete(currentUser(request), workspace_id, client_id);
    return client_id;
  });

  app.post('/workspaces/:workspace_id/clients/:client_id/archive', { schema: { params: ClientParams } }, async (request) =>
    services.clients.archive(currentUser(request), request.params.workspace_id, request.params.client_id),
  );

  app.post('/workspaces/:workspace_id/clients/:client_id/restore', { schema: { params: ClientParams, body: RestoreBody } }, async (request) => {
    const { workspace_id, client_id } = request.params;
    return presentClient(await services.clients.restore(currentUser(request), workspace_id, client_id, request.body ?? {}));
  });
};
