import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildServices } from '../../src/container.js';
import { pgDumpCommand } from '../../src/db/backup.js';
import { openSqlite } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrations/index.js';

// `stint backup` as an operator runs it: a separate process copying the SQLite file that this
// process keeps writing to, as a running server would.
// Each CLI run starts Node with tsx (a second or more on a busy machine).
const CLI_TIMEOUT = 90_000;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stint-backup-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cliArgs = (args: string[]) => ['--import', 'tsx', 'src/main.ts', ...args];
const cliEnv = (databaseUrl: string) => ({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });

function cli(args: string[], databaseUrl: string) {
  return spawnSync(process.execPath, cliArgs(args), { cwd: root, env: cliEnv(databaseUrl), encoding: 'utf8' });
}

function cliAsync(args: string[], databaseUrl: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, cliArgs(args), { cwd: root, env: cliEnv(databaseUrl) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('stint backup on SQLite', () => {
  it('copies a consistent database while it is written to, holding every entry acknowledged before it began', async () => {
    const file = path.join(dir, 'live.sqlite');
    const copy = path.join(dir, 'copy.sqlite');
    const database = openSqlite(file);
    await migrateToLatest(database.db, database.dialect);
    const services = buildServices(database, loadConfig({}));
    const user = await services.users.signup({ email: 'writer@example.com', password: 'secret1' });
    const wid = user.default_workspace_id!;
    // Enough pages that the copy is not over in an instant.
    await database.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 3000; i++) {
        await tx
          .insertInto('time_entries')
          .values({ workspace_id: wid, user_id: user.id, start: 1_700_000_000 + i * 60, stop: 1_700_000_030 + i * 60, duration: 30, description: `bulk ${i} `.repeat(20), created_at: 0, at: 0 })
          .execute();
      }
    });

    const acknowledged: number[] = [];
    let writing = true;
    const writer = async (n: number) => {
      for (let i = 0; writing; i++) {
        const entry = await services.timeEntries.create(user, wid, {
          created_with: 'backup-test',
          start: new Date(Date.UTC(2025, 0, 1) + (n * 1_000_000 + i) * 1000).toISOString(),
          duration: 60,
          description: `writer ${n} #${i}`,
        });
        acknowledged.push(entry.id);
      }
    };
    const writers = [writer(0), writer(1), writer(2)];
    try {
      while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 5));
      const before = [...acknowledged];
      const result = await cliAsync(['backup', copy], `sqlite:${file}`);
      const duringBackup = acknowledged.length - before.length;
      writing = false;
      await Promise.all(writers);

      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain(copy);
      expect(result.stdout).toMatch(new RegExp(`\\(${fs.statSync(copy).size} bytes\\)`));
      expect(duringBackup).toBeGreaterThan(0);

      const backup = new SQLite(copy, { readonly: true, fileMustExist: true });
      try {
        expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(backup.pragma('journal_mode', { simple: true })).toBe('delete');
        const ids = new Set((backup.prepare('select id from time_entries').all() as { id: number }[]).map((r) => r.id));
        expect(before.filter((id) => !ids.has(id))).toEqual([]);
        expect(ids.size).toBeGreaterThanOrEqual(3000 + before.length);
        expect(backup.prepare('select count(*) as n from users').get()).toEqual({ n: 1 });
      } finally {
        backup.close();
      }
      expect(fs.readdirSync(dir).filter((f) => f.startsWith('copy.sqlite'))).toEqual(['copy.sqlite']);
    } finally {
      writing = false;
      await Promise.allSettled(writers);
      await database.close();
    }
  }, CLI_TIMEOUT);

  it('refuses to overwrite a file unless --force, and explains a missing database', () => {
    const file = path.join(dir, 'small.sqlite');
    const target = path.join(dir, 'taken.sqlite');
    expect(cli(['migrate'], `sqlite:${file}`).status).toBe(0);
    fs.writeFileSync(target, 'keep me');

    const refused = cli(['backup', target], `sqlite:${file}`);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toBe(`${target} already exists; use --force to overwrite it.`);
    expect(fs.readFileSync(target, 'utf8')).toBe('keep me');

    const forced = cli(['backup', '--force', target], `sqlite:${file}`);
    expect(forced.status, forced.stderr).toBe(0);
    const copy = new SQLite(target, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();

    const missing = cli(['backup', path.join(dir, 'other.sqlite')], `sqlite:${path.join(dir, 'nothing-here.sqlite')}`);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('There is no SQLite database at');
    expect(fs.existsSync(path.join(dir, 'nothing-here.sqlite'))).toBe(false);

    const noDir = cli(['backup', path.join(dir, 'no', 'such', 'dir.sqlite')], `sqlite:${file}`);
    expect(noDir.status).toBe(1);
    expect(noDir.stderr).toContain('does not exist');

    const noFile = cli(['backup'], `sqlite:${file}`);
    expect(noFile.status).not.toBe(0);
    expect(noFile.stderr).toContain("missing required argument 'file'");
  }, CLI_TIMEOUT);

  it('does not migrate the database it copies', () => {
    const file = path.join(dir, 'unmigrated.sqlite');
    const raw = new SQLite(file);
    raw.exec('create table t (x integer); insert into t values (1)');
    raw.close();
    const target = path.join(dir, 'unmigrated-copy.sqlite');
    const result = cli(['backup', target], `sqlite:${file}`);
    expect(result.status, result.stderr).toBe(0);
    const copy = new SQLite(target, { readonly: true });
    expect(copy.prepare("select name from sqlite_master where type = 'table'").all()).toEqual([{ name: 't' }]);
    copy.close();
  }, CLI_TIMEOUT);
});

describe('stint backup on PostgreSQL', () => {
  it('prints the pg_dump command without the password and exits non-zero', () => {
    const result = cli(['backup', 'stint.dump'], 'postgres://stint:pa55-word@db.internal:6543/timedb?sslmode=require');
    expect(result.status).toBe(1);
    expect(result.stdout.trim()).toBe('PGSSLMODE=require pg_dump --format=custom --host=db.internal --port=6543 --username=stint --dbname=timedb --file=stint.dump');
    expect(result.stdout + result.stderr).not.toContain('pa55-word');
    expect(result.stderr).toContain('PGPASSWORD');
  }, CLI_TIMEOUT);

  it('builds the command from every part of the URL, quoting what a shell would split', () => {
    expect(pgDumpCommand('postgresql://localhost/stint', 'out.dump')).toBe('pg_dump --format=custom --host=localhost --dbname=stint --file=out.dump');
    expect(pgDumpCommand(`postgres://u%40x:secret@h/db?options=${encodeURIComponent('-c search_path=team_a')}`, 'my backup.dump')).toBe(
      "pg_dump --format=custom --host=h --username=u@x --dbname=db --schema=team_a '--file=my backup.dump'",
    );
    expect(pgDumpCommand('postgres:///stint?host=/var/run/postgresql', 'x.dump')).toBe('pg_dump --format=custom --host=/var/run/postgresql --dbname=stint --file=x.dump');
  });
});
