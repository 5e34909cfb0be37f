import type { FastifyInstance } from 'fastify';
import type { Services } from '../../container.js';
import { jsonStringErrors } from '../errors.js';
import { requireUser } from '../../http/auth.js';
import { subscriptionRoutes } from './subscriptions.js';

export interface WebhooksSkinOptions {
  services: Services;
}

/**
 * Webhooks API v1, mounted at /webhooks/api/v1: the same rules as Track v9, 401 with an empty
 * body without credentials (status, event filters and the validate URL excepted) and 4xx
 * messages as JSON strings.
 */
export async function webhooksV1(app: FastifyInstance, opts: WebhooksSkinOptions): Promise<void> {
  app.addHook('onRequest', requireUser(401));

  jsonStringErrors(app);

  // Pass only what routes need: forwarding `opts` whole would re-apply the prefix.
  await app.register(subscriptionRoutes, { services: opts.services });
}
