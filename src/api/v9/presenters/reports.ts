import type { SavedReport } from '../../../domain/saved-reports/saved-reports.types.js';
import { formatSeconds, nullable } from '../../../time.js';

/**
 * models.SavedReport. `params` travels as a JSON string (the swagger's type); Stint sends no
 * scheduled report e-mails, so the schedule lists are empty, and every report it lists is one the
 * caller may open, so none is flagged as a not-available resource.
 */
export function presentSavedReport(r: SavedReport) {
  return {
    deleted_at: nullable(r.deleted_at, formatSeconds),
    fixed_daterange: r.fixed_daterange,
    id: r.id,
    isNAResource: false,
    is_commenting_enabled: false,
    name: r.name,
    params: JSON.stringify(r.params),
    public: r.public,
    scheduled_email_gids: [] as number[],
    scheduled_email_uids: [] as number[],
    token: r.token,
    uid: r.user_id,
    updated_at: formatSeconds(r.updated_at),
    updated_by: r.updated_by,
  };
}
