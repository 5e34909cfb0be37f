import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { ReportRange } from '../../domain/reports/report-range.js';
import { invalidValue } from '../../domain/reports/report-filters.js';
import { CONTENT_TYPES, exportFilename, type ReportKind } from './exports/format.js';

/** X-Range-Start / X-Range-End: the dates the report really covers (reports-v3-responses.md §0). */
export function setRangeHeaders(reply: FastifyReply, range: ReportRange): void {
  reply.header('X-Range-Start', range.start_date);
  reply.header('X-Range-End', range.end_date);
}

/** Sends an export as a download named after the report and its period. */
export function sendExport(reply: FastifyReply, kind: ReportKind, range: ReportRange, extension: keyof typeof CONTENT_TYPES, payload: string | Buffer | Readable): FastifyReply {
  setRangeHeaders(reply, range);
  return reply
    .code(200)
    .type(CONTENT_TYPES[extension])
    .header('Content-Disposition', `attachment; filename="${exportFilename(kind, range, extension)}"`)
    .send(payload);
}

/** The `{extension}` of an export path, among the formats the operation offers. */
export function exportExtension<T extends string>(value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === value.toLowerCase());
  if (!found) throw invalidValue('extension', allowed);
  return found;
}
