import { Type } from '@sinclair/typebox';

const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const OptionalText = Type.Optional(Type.Union([Type.String(), Type.Null()]));

export const WorkspaceParams = Type.Object({ workspace_id: Id });
export const SubscriptionParams = Type.Object({ workspace_id: Id, subscription_id: Id });
export const EventParams = Type.Object({ workspace_id: Id, subscription_id: Id, event_id: Id });
export const ValidateParams = Type.Object({ workspace_id: Id, subscription_id: Id, validation_code: Type.String({ maxLength: 200 }) });

/**
 * models.WebhookSubscription as a request carries it. The read-only fields a client may echo back
 * (subscription_id, created_at, validated_at, ...) are accepted and ignored.
 */
export const SubscriptionBody = Type.Object({
  url_callback: OptionalText,
  event_filters: Type.Optional(
    Type.Union([
      Type.Array(Type.Object({ entity: OptionalText, action: OptionalText }), { maxItems: 1000 }),
      Type.Null(),
    ]),
  ),
  enabled: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  description: OptionalText,
  secret: OptionalText,
});

/** subscriptions.State */
export const StateBody = Type.Object({ enabled: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])) });
