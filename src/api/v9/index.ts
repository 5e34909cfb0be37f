import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Services } from '../../container.js';
import { classifyError, sendJsonString } from '../errors.js';
import { clientRoutes } from './clients.js';
import { groupRoutes } from './groups.js';
import { invitationRoutes } from './invitations.js';
import { meRoutes } from './me.js';
import { organizationRoutes } from './organizations.js';
import { projectUserRoutes } from './project-users.js';
import { projectRoutes } from './projects.js';
import { quotaRoutes } from './quota.js';
import { savedReportRoutes } from './reports.js';
import { tagRoutes } from './tags.js';
import { taskRoutes } from './tasks.js';
import { timeEntryRoutes } from './time-entries.js';
import { workspaceRoutes } from './workspaces.js';
import { requireUser } from '../../http/auth.js';

export interface SkinOptions {
  services: Services;
  config: Config;
}

/** Track API v9, mounted at /api/v9. Owns its error format: JSON strings, 401 with no body. */
export async function trackV9(app: FastifyInstance, opts: SkinOptions): Promise<void> {
  // Toggl answers a missing or wrong credential on v9 with 401 and an empty body.
  app.addHook('onRequest', requireUser(401));

  app.setErrorHandler((err, request, reply) => {
    const { status, message } = classifyError(err, request);
    return sendJsonString(reply, status, message);
  });

  app.setNotFoundHandler((request, reply) => sendJsonString(reply, 404, `404 page not found`));

  // Pass only what routes need: forwarding `opts` whole would re-apply the /api/v9 prefix.
  const deps: SkinOptions = { services: opts.services, config: opts.config };
  for (const routes of [meRoutes, workspaceRoutes, organizationRoutes, quotaRoutes, timeEntryRoutes, clientRoutes, tagRoutes, projectRoutes, projectUserRoutes, taskRoutes, savedReportRoutes, groupRoutes, invitationRoutes]) await app.register(routes, deps);
}
