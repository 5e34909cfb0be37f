import { Type } from '@sinclair/typebox';

// Path ids arrive as text and are checked by the service, so a bad one gets Toggl's
// "Invalid workspace id" / "Invalid project id" instead of a schema message.
export const ReportParams = Type.Object({ workspace_id: Type.String() });
export const ExportParams = Type.Object({ workspace_id: Type.String(), extension: Type.String() });
export const ProjectReportParams = Type.Object({ workspace_id: Type.String(), project_id: Type.String() });

/**
 * Report bodies (summary.ReportPost, detailed.Post, totals.ReportPost, base.Post and the export
 * variants) are read by domain/reports/report-filters.ts, the one reader the saved reports and the
 * Reports v2 skin share; the schema only lets the JSON through.
 */
export const ReportBody = Type.Unknown();

/** Path ids as numbers; anything that is not a positive whole number becomes NaN (refused later). */
export function pathId(value: string): number {
  return /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
}
