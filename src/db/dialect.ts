// The few places SQLite and PostgreSQL differ, kept in one module so repositories stay
// dialect-free.
import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder } from 'kysely';

/** Unique-constraint violation on either engine. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null;
  if (!e || typeof e !== 'object') return false;
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Foreign-key violation on either engine. */
export function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: string } | null;
  return !!e && (e.code === '23503' || e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY');
}

/**
 * Integer primary key that the database numbers itself. Toggl's ids are integers, so ours
 * are too: `integer primary key autoincrement` on SQLite (never reuses a deleted id, which
 * sync clients rely on) and an identity bigint on PostgreSQL.
 */
export function idColumn<T extends string, C extends string>(
  table: CreateTableBuilder<T, C>,
  dialect: 'sqlite' | 'postgres',
): CreateTableBuilder<T, C | 'id'> {
  return dialect === 'sqlite'
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : table.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());
}

export const bigint = 'bigint' as const;

export function notNullDefault<V extends string | number>(value: V) {
  return (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(value);
}

/** Case-insensitive equality on a column holding user text. */
export function lowerEquals(column: string, value: string) {
  return sql<boolean>`lower(${sql.ref(column)}) = ${value.toLowerCase()}`;
}

/**
 * Row locks for claiming work: several instances on one PostgreSQL skip rows another instance
 * is claiming instead of waiting for them. SQLite has one writer, so a plain statement is atomic.
 */
export function skipLocked(dialect: 'sqlite' | 'postgres') {
  return dialect === 'postgres' ? sql`for update skip locked` : sql``;
}
