// What a test app serves and holds, for audits that must cover every route: the registered
// routes under a prefix, and a snapshot of every table to prove a refused request wrote nothing.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { TestApp } from './app.js';

/**
 * "METHOD /path" of every route registered under `prefix` (HEAD left out: Fastify adds it to every
 * GET). Path parameters read `{}`, because a route tree node shared by `:id` and `:ids` routes does
 * not say which name belongs to which method.
 */
export function registeredRoutes(app: FastifyInstance, prefix: string): string[] {
  const found = new Set<string>();
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const path = (depth > 0 ? stack[depth - 1]! : '') + m[2]!;
    stack.push(path);
    if (!m[3] || !path.startsWith(prefix)) continue;
    const normalized = path.slice(prefix.length).replace(/:[\w|:]+/g, '{}');
    for (const method of m[3].split(', ')) if (method === 'GET' || method === 'POST' || method === 'PUT' || method === 'DELETE') found.add(`${method} ${normalized}`);
  }
  return [...found].sort();
}

/** A route template ("/projects/:id") in the form registeredRoutes answers ("/projects/{}"). */
export const routeKey = (method: string, template: string): string => `${method} ${template.replace(/:\w+/g, '{}')}`;

export type Snapshot = Record<string, string[]>;

/** Every row of every table, each table's rows in a stable order. */
export async function snapshotAll(t: TestApp): Promise<Snapshot> {
  const tables = (await t.database.db.introspection.getTables()).map((x) => x.name).filter((n) => !n.startsWith('kysely_'));
  const out: Snapshot = {};
  for (const name of tables.sort()) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(t.database.db);
    // users.last_seen_at is bookkeeping that any authenticated request may write, refused ones too.
    if (name === 'users') for (const row of rows.rows) delete row.last_seen_at;
    out[name] = rows.rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).sort();
  }
  return out;
}
