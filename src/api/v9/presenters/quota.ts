import type { QuotaFigures } from '../../../http/limits/limits.js';

/** me.GetQuotaResult; organization_id null is the quota of requests outside any organization. */
export function presentQuota(organizationId: number | null, q: QuotaFigures) {
  return {
    organization_id: organizationId,
    remaining: q.remaining,
    resets_in_secs: q.resetsInSecs,
    total: q.total,
  };
}
