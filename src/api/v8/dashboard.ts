import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import type { SkinOptions } from './index.js';
import { presentDashboard } from './presenters/dashboard.js';
import { WorkspaceParams } from './schemas/common.js';

export const dashboardRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  // The reference answers the two lists bare, without the {"data": ...} envelope.
  app.get('/dashboard/:workspace_id', { schema: { params: WorkspaceParams } }, async (request) =>
    presentDashboard(await services.dashboard.get(currentUser(request), request.params.workspace_id)),
  );
};
