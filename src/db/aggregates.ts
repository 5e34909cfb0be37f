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

/**
 * sum() of an integer expression, as an integer. PostgreSQL's sum(bigint) is `numeric`, which pg
 * hands back as text (and a year of entries means tens of thousands of strings to parse); the cast
 * makes it int8, which connect.ts parses to a number. SQLite's sum of integers is an integer.
 */
export function integerSum(dialect: Dialect, value: RawBuilder<unknown>): RawBuilder<number> {
  return dialect === 'postgres' ? sql<number>`cast(sum(${value}) as bigint)` : sql<number>`sum(${value})`;
}

/** Parses what orderedIdList produced. */
export function parseIdList(value: string | null | undefined): number[] {
  if (value === null || value === undefined || value === '') return [];
  return value.split(',').map(Number);
}
