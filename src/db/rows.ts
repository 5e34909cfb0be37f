// Flags are stored as 0/1 on both engines (better-sqlite3 cannot bind booleans).
export const flag = (value: boolean): number => (value ? 1 : 0);
export const isSet = (value: number | boolean | null | undefined): boolean => value === 1 || value === true;

/** Converts the boolean fields of a partial record into 0/1 columns, leaving others as they are. */
export function flagsToColumns<T extends Record<string, unknown>>(values: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    out[k] = typeof v === 'boolean' ? flag(v) : v;
  }
  return out;
}

/** Bound on `in (...)` lists, well below both engines' parameter limits. */
export const IN_LIST_CHUNK = 500;

/** Splits ids for `in (...)` lists of bounded length. */
export function chunks<T>(values: T[], size = IN_LIST_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
