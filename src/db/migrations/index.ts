import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from '../connect.js';
import * as m0001 from './0001-accounts.js';
import * as m0002 from './0002-catalog-and-time-entries.js';
import * as m0006 from './0006-workspace-user-rates.js';
import * as m0008 from './0008-saved-reports.js';
import * as m0009 from './0009-time-entry-invitations.js';
import * as m0011 from './0011-groups.js';
import * as m0012 from './0012-time-entry-guid.js';
import * as m0013 from './0013-invitations.js';
import * as m0014 from './0014-user-admin.js';
import * as m0015 from './0015-webhooks.js';

export interface MigrationContext {
  dialect: Dialect;
}

interface MigrationModule {
  up(db: Kysely<any>, ctx: MigrationContext): Promise<void>;
  down?(db: Kysely<any>, ctx: MigrationContext): Promise<void>;
}

// Listed explicitly (not read from disk) so the compiled server and the test runner see
// exactly the same ordered set, whatever the working directory.
const modules: Record<string, MigrationModule> = {
  '0001-accounts': m0001,
  '0002-catalog-and-time-entries': m0002,
  '0006-workspace-user-rates': m0006,
  '0008-saved-reports': m0008,
  '0009-time-entry-invitations': m0009,
  '0011-groups': m0011,
  '0012-time-entry-guid': m0012,
  '0013-invitations': m0013,
  '0014-user-admin': m0014,
  '0015-webhooks': m0015,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const ctx = { dialect: this.dialect };
    return Object.fromEntries(
      Object.entries(modules).map(([name, m]) => [
        name,
        { up: (db: Kysely<any>) => m.up(db, ctx), down: m.down ? (db: Kysely<any>) => m.down!(db, ctx) : undefined },
      ]),
    );
  }
}

export async function migrateToLatest(db: Kysely<any>, dialect: Dialect): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema; naming the current one keeps a
  // database whose search_path points elsewhere (one schema per instance or per test) apart.
  const schema =
    dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  const migrator = new Migrator({ db, provider: new StaticProvider(dialect), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
