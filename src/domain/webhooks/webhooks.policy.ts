import type { MemberWorkspace } from '../workspaces/workspaces.types.js';
import type { WebhookSubscription } from './webhooks.types.js';

// The creator owns a subscription; workspace admins may list and change everyone's (the webhooks
// guide's glossary). The secret signs what the creator's endpoint receives, so only they see it.
export const canManageSubscription = (m: MemberWorkspace, userId: number, s: WebhookSubscription): boolean =>
  m.admin || s.user_id === userId;
export const canListAllSubscriptions = (m: MemberWorkspace): boolean => m.admin;
export const canSeeSecret = (userId: number, s: WebhookSubscription): boolean => s.user_id === userId;
