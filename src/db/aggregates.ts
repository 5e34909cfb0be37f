// Aggregate spellings that differ between SQLite and PostgreSQL, for the report queries. Kept
// under db/ (like dialect.ts) so the reports repository stays dialect-free.
import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from './connect.js';

/**
 * Comma-separated list of an integer expression in a fixed order: SQLite's group_concat (3.44+
 * takes ORDER BY inside the call; better-sqlite3 bundles a newer SQLite) and PostgreSQL's
 * string_agg, which wants text. NULL when the group is empty.
 */
export function orderedIdList(dialect: Dialect, value: RawBuilder<unknown>, orderBy: RawBuilder<unknown>): RawBuilder<string | null> {
  return dialect === 'postgres'
    ? sql<string | null>`string_agg(cast(${value} as text), ',' order by ${orderBy})`
    : sql<string | null>`group_concat(${value}, ',' order by ${orderBy})`;
}

/** Parses what orderedIdList produced. */
export function parseIdList(value: string | null | undefined): number[] {
  if (value === null || value === undefined || value === '') return [];
  return value.split(',').map(Number);
}
