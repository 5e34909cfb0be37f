// Toggl's bulk PATCH endpoints (projects, tasks, project users) take a list of JSON-Patch
// operations on top-level fields, applied to every id in the path. The whole request is refused
// when an operation itself is malformed (the same for every id); per-item failures are reported
// next to the successes instead.
import { invalid } from './errors.js';

export type PatchOperation = 'add' | 'replace' | 'remove';

export interface PatchField<T = unknown> {
  /** Operations the field accepts; `remove` means "set to null". */
  ops: readonly PatchOperation[];
  /** Checks and converts the value of add/replace; throws a domain error with Toggl's words. */
  parse(value: unknown): T;
}

export interface PatchChange {
  field: string;
  value: unknown;
}

/** Self-hosted: Toggl's own caps, kept so clients see the same limits. */
export const MAX_PATCH_OPERATIONS = 100;
export const MAX_PATCH_IDS = 100;

const OPS: readonly string[] = ['add', 'replace', 'remove'];

/** Turns `[{op, path, value}]` into field changes, or throws the first problem found. */
export function parsePatch(body: unknown, fields: Record<string, PatchField>): PatchChange[] {
  if (!Array.isArray(body) || body.length === 0) throw invalid('No patchable fields defined');
  if (body.length > MAX_PATCH_OPERATIONS) throw invalid(`Too many operations (more than ${MAX_PATCH_OPERATIONS} patches in request)`);
  const changes: PatchChange[] = [];
  for (const item of body) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalid('Invalid JSON input');
    const { op, path, value } = item as { op?: unknown; path?: unknown; value?: unknown };
    if (typeof op !== 'string' || !OPS.includes(op)) throw invalid(`Invalid op: ${String(op ?? '')}`);
    if (typeof path !== 'string' || !/^\/[a-z_]+$/.test(path)) throw invalid(`Invalid path format: ${String(path ?? '')}`);
    const name = path.slice(1);
    const field = Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
    if (!field) throw invalid(`Path not found: ${path}`);
    if (!field.ops.includes(op as PatchOperation)) throw invalid(`Operation not supported (${op} ${path})`);
    changes.push({ field: name, value: op === 'remove' ? null : field.parse(value) });
  }
  return changes;
}

/** Parses the comma-separated ids of a bulk path (`1,2,3`), deduplicated in order. */
export function parseIdList(raw: string, message: string): number[] {
  const parts = raw.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => !/^\d{1,15}$/.test(p) || Number(p) <= 0)) throw invalid(message);
  const ids = [...new Set(parts.map(Number))];
  if (ids.length === 0) throw invalid('PATCH expects at least one ID');
  if (ids.length > MAX_PATCH_IDS) throw invalid(`PATCH request is limited to ${MAX_PATCH_IDS} entries at once`);
  return ids;
}

/** Value parsers shared by the bulk endpoints, with Toggl's "/field expects ..." wording. */
export const patchValue = {
  boolean:
    (path: string) =>
    (v: unknown): boolean => {
      if (typeof v !== 'boolean') throw invalid(`/${path} expects a boolean`);
      return v;
    },
  numberOrNull:
    (path: string) =>
    (v: unknown): number | null => {
      if (v === null) return null;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw invalid(`/${path} expects an float64 or null`);
      return v;
    },
  integerOrNull:
    (path: string) =>
    (v: unknown): number | null => {
      if (v === null) return null;
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw invalid(`/${path} expects an integer or null`);
      return v;
    },
  string:
    (path: string) =>
    (v: unknown): string => {
      if (typeof v !== 'string') throw invalid(`/${path} expects a string`);
      return v;
    },
  stringOrNull:
    (path: string) =>
    (v: unknown): string | null => {
      if (v === null) return null;
      if (typeof v !== 'string') throw invalid(`/${path} expects a string or null`);
      return v;
    },
};
