import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import { sendJsonString } from '../errors.js';
import type { WebhooksSkinOptions } from './index.js';
import { presentEventLog, presentLimits, presentSubscription } from './presenters.js';
import { EventParams, StateBody, SubscriptionBody, SubscriptionParams, ValidateParams, WorkspaceParams } from './schemas.js';

export const subscriptionRoutes: FastifyPluginAsyncTypebox<WebhooksSkinOptions> = async (app, { services }) => {
  const webhooks = services.webhooks;

  app.get('/subscriptions/:workspace_id', { schema: { params: WorkspaceParams } }, async (request) => {
    const user = currentUser(request);
    return (await webhooks.list(user, request.params.workspace_id)).map((s) => presentSubscription(s, user.id));
  });

  app.post('/subscriptions/:workspace_id', { schema: { params: WorkspaceParams, body: SubscriptionBody } }, async (request) => {
    const user = currentUser(request);
    return presentSubscription(await webhooks.create(user, request.params.workspace_id, request.body), user.id);
  });

  app.put('/subscriptions/:workspace_id/:subscription_id', { schema: { params: SubscriptionParams, body: SubscriptionBody } }, async (request) => {
    const user = currentUser(request);
    const { workspace_id, subscription_id } = request.params;
    return presentSubscription(await webhooks.update(user, workspace_id, subscription_id, request.body), user.id);
  });

  app.patch('/subscriptions/:workspace_id/:subscription_id', { schema: { params: SubscriptionParams, body: StateBody } }, async (request) => {
    const user = currentUser(request);
    const { workspace_id, subscription_id } = request.params;
    return presentSubscription(await webhooks.setEnabled(user, workspace_id, subscription_id, request.body.enabled), user.id);
  });

  app.delete('/subscriptions/:workspace_id/:subscription_id', { schema: { params: SubscriptionParams } }, async (request) => {
    const user = currentUser(request);
    const { workspace_id, subscription_id } = request.params;
    return presentSubscription(await webhooks.delete(user, workspace_id, subscription_id), user.id);
  });

  app.get('/subscriptions/:workspace_id/:subscription_id/events', { schema: { params: SubscriptionParams } }, async (request) => {
    const { workspace_id, subscription_id } = request.params;
    return presentEventLog(await webhooks.log(currentUser(request), workspace_id, subscription_id));
  });

  // Stint's extension: deliver a logged event again.
  app.post('/subscriptions/:workspace_id/:subscription_id/events/:event_id/replay', { schema: { params: EventParams } }, async (request, reply) => {
    const { workspace_id, subscription_id, event_id } = request.params;
    await webhooks.replay(currentUser(request), workspace_id, subscription_id, event_id);
    return sendJsonString(reply, 200, 'OK');
  });

  app.post('/ping/:workspace_id/:subscription_id', { schema: { params: SubscriptionParams } }, async (request) => {
    const { workspace_id, subscription_id } = request.params;
    const validateUrl = (s: { workspace_id: number; id: number; validation_code: string }) =>
      `${request.protocol}://${request.host}/webhooks/api/v1/validate/${s.workspace_id}/${s.id}/${s.validation_code}`;
    await webhooks.ping(currentUser(request), workspace_id, subscription_id, validateUrl);
    return { status: 'OK' };
  });

  app.get('/validate/:workspace_id/:subscription_id/:validation_code', { schema: { params: ValidateParams }, config: { public: true } }, async (request, reply) => {
    const { workspace_id, subscription_id, validation_code } = request.params;
    await webhooks.validate(workspace_id, subscription_id, validation_code);
    return sendJsonString(reply, 200, 'OK');
  });

  app.get('/limits/:workspace_id', { schema: { params: WorkspaceParams } }, async (request) =>
    presentLimits(await webhooks.limits(currentUser(request), request.params.workspace_id)),
  );

  app.get('/event_filters', { config: { public: true } }, async () => webhooks.eventFilters());

  app.get('/status', { config: { public: true } }, async () => ({ status: 'OK' }));
};
