import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';

export class BackupError extends Error {}

/**
 * Copies a SQLite database with SQLite's online backup API, safe while a server writes to it.
 *
 * The copy is made in a single backup step, which reads one snapshot of the source: in WAL mode
 * that reader blocks no writer, and the copy holds exactly the transactions committed before the
 * step began. (Copying a few pages per step instead would restart each time a writer commits in
 * between, and might never finish on a busy server.) The copy is written beside its target
 * under another name and renamed into place, so FILE is never a half-written database, and is
 * switched to a rollback journal so that it is one self-contained file.
 */
export async function backupSqlite(source: string, target: string, options: { force: boolean }): Promise<{ file: string; bytes: number }> {
  if (source === ':memory:') throw new BackupError('DATABASE_URL names an in-memory database; there is nothing to back up.');
  const from = path.resolve(source);
  const to = path.resolve(target);
  if (!fs.existsSync(from)) throw new BackupError(`There is no SQLite database at ${from}.`);
  if (to === from) throw new BackupError('The backup would overwrite the database itself; choose another file.');
  const existing = fs.statSync(to, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new BackupError(`${to} is a directory; name the file to write.`);
  if (existing && !options.force) throw new BackupError(`${to} already exists; use --force to overwrite it.`);
  if (!fs.existsSync(path.dirname(to))) throw new BackupError(`The directory ${path.dirname(to)} does not exist.`);

  const partial = `${to}.partial-${process.pid}`;
  removeDatabaseFiles(partial);
  const db = new SQLite(from, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(partial, { progress: () => 0x7fffffff });
  } catch (err) {
    removeDatabaseFiles(partial);
    throw err;
  } finally {
    db.close();
  }
  try {
    const copy = new SQLite(partial, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    fs.renameSync(partial, to);
  } catch (err) {
    removeDatabaseFiles(partial);
    throw err;
  }
  // A -wal or -shm left from a database that was at FILE before would be taken for this one's.
  for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(to + suffix, { force: true });
  return { file: to, bytes: fs.statSync(to).size };
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}

/** Quotes a word for a POSIX shell only when it needs it. */
function shellWord(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The pg_dump command that backs up the database of a postgres:// URL into `file`, built from
 * the URL's parts. The password is never part of it: pg_dump reads PGPASSWORD or ~/.pgpass.
 */
export function pgDumpCommand(databaseUrl: string, file: string): string {
  const url = new URL(databaseUrl);
  const env: string[] = [];
  const args = ['pg_dump', '--format=custom'];
  const host = decodeURIComponent(url.hostname) || url.searchParams.get('host');
  if (host) args.push(`--host=${host}`);
  if (url.port) args.push(`--port=${url.port}`);
  if (url.username) args.push(`--username=${decodeURIComponent(url.username)}`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database) args.push(`--dbname=${database}`);
  // A URL that picks a schema (options=-c search_path=...) is one instance among several.
  const schema = /(?:^|\s)-c\s*search_path=([^\s,]+)/.exec(url.searchParams.get('options') ?? '')?.[1];
  if (schema) args.push(`--schema=${schema}`);
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode) env.push(`PGSSLMODE=${sslmode}`);
  args.push(`--file=${file}`);
  return [...env, ...args].map(shellWord).join(' ');
}
