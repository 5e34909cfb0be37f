import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The CLI and server as an operator runs them: a real process, a real SQLite file, signals.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stint-main-'));
const children: ChildProcess[] = [];
// On the PostgreSQL run the processes use a throwaway schema, selected through the URL.
const pgUrl = process.env.TEST_DATABASE_URL;
const schema = `main_${crypto.randomBytes(5).toString('hex')}`;
const databaseUrl = pgUrl
  ? `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`
  : `sqlite:${path.join(dir, 'stint.sqlite')}`;

async function admin(query: string) {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  if (pgUrl) await admin(`create schema ${schema}`);
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
  if (pgUrl) await admin(`drop schema ${schema} cascade`);
});

function cli(args: string[], env: Record<string, string> = {}, input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, ...env },
    encoding: 'utf8',
    ...(input !== undefined ? { input } : {}),
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('stint CLI and server process', () => {
  let token = '';

  it('migrates, then creates a user and prints their API token', () => {
    const migrate = cli(['migrate']);
    expect(migrate.status, migrate.stderr).toBe(0);
    const created = cli(['user', 'create', '--email', 'op@example.com', '--password', 'operator1', '--fullname', 'Op Erator']);
    expect(created.status, created.stderr).toBe(0);
    token = created.stdout.trim();
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    const dup = cli(['user', 'create', '--email', 'OP@example.com', '--password', 'operator1']);
    expect(dup.status).not.toBe(0);
    expect(dup.stderr).toContain('user with this email already exists');
  });

  it('serves the user, drains an in-flight request on SIGTERM, and keeps the data across a restart', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/api/v9`;
    const auth = { authorization: 'Basic ' + Buffer.from(`${token}:api_token`).toString('base64') };
    let server = await startServer(port);
    const me = await fetch(`${base}/me`, { headers: auth });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe('op@example.com');

    // A signup hashes a password (tens of milliseconds): send it, then SIGTERM at once.
    const inflight = fetch(`${base}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'late@example.com', password: 'secret1' }),
    });
    await new Promise((r) => setTimeout(r, 5));
    const done = exited(server);
    server.kill('SIGTERM');
    const answered = await inflight;
    expect(answered.status).toBe(200);
    expect(await done).toBe(0);

    server = await startServer(port);
    const again = await fetch(`${base}/me`, { headers: auth });
    expect(again.status).toBe(200);
    const late = await fetch(`${base}/me`, { headers: { authorization: 'Basic ' + Buffer.from('late@example.com:secret1').toString('base64') } });
    expect(late.status).toBe(200);
    const stopped = exited(server);
    server.kill('SIGTERM');
    expect(await stopped).toBe(0);
  });

  it('refuses a malformed configuration with a clear message', () => {
    const res = cli(['migrate'], { DATABASE_URL: 'mysql://nope' });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('DATABASE_URL');
  });
});

describe('stint backup', () => {
  it('copies the SQLite database, or on PostgreSQL prints the pg_dump command for this database and exits non-zero', () => {
    const target = path.join(dir, 'backup.sqlite');
    const res = cli(['backup', target]);
    if (pgUrl) {
      expect(res.status).toBe(1);
      expect(res.stdout).toMatch(/^pg_dump --format=custom /);
      expect(res.stdout).toContain(`--schema=${schema}`);
      expect(fs.existsSync(target)).toBe(false);
    } else {
      expect(res.status, res.stderr).toBe(0);
      expect(res.stdout.trim()).toBe(`Backed up SQLite ${path.join(dir, 'stint.sqlite')} to ${target} (${fs.statSync(target).size} bytes).`);
    }
  }, 60_000);
});

describe('stint user commands', () => {
  // Each command is a process of its own: several seconds in all on a busy machine.
  const SLOW = 120_000;
  const basic = (user: string, password: string) => ({ authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64') });

  it('lists users, sets a password from standard input, resets a token, and refuses what it cannot do', () => {
    const created = cli(['user', 'create', '--email', 'listed@example.com', '--password', 'first-pw', '--fullname', 'Listed One']);
    expect(created.status, created.stderr).toBe(0);

    const list = cli(['user', 'list']);
    expect(list.status, list.stderr).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+email\s+name\s+created\s+last seen\s+disabled$/);
    const row = lines.find((l) => l.includes('listed@example.com'));
    expect(row).toMatch(/^\d+\s+listed@example\.com\s+Listed One\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s+never\s+no$/);

    const set = cli(['user', 'set-password', '--email', 'LISTED@example.com'], {}, 'second-pw\n');
    expect(set.status, set.stderr).toBe(0);
    expect(set.stdout.trim()).toBe('Password of listed@example.com set; 0 sessions ended.');

    const short = cli(['user', 'set-password', '--email', 'listed@example.com'], {}, '12345\n');
    expect(short.status).toBe(1);
    expect(short.stderr.trim()).toBe('Password should be at least 6 characters');

    const token = cli(['user', 'reset-token', '--email', 'listed@example.com']);
    expect(token.status, token.stderr).toBe(0);
    expect(token.stdout.trim()).toMatch(/^[0-9a-f]{32}$/);

    // (Every command's refusal is checked in test/domain/users; these are the two CLI paths.)
    for (const command of ['set-password', 'disable']) {
      const unknown = cli(['user', command, '--email', 'nobody@example.com'], {}, 'whatever-pw\n');
      expect(unknown.status, command).toBe(1);
      expect(unknown.stderr.trim(), command).toBe('No user with e-mail nobody@example.com');
    }
    const noEmail = cli(['user', 'disable']);
    expect(noEmail.status).toBe(1);
    expect(noEmail.stderr).toContain("required option '--email <email>' not specified");
  }, SLOW);

  it('disables and enables a user while the server runs: refused at once, everything back after', async () => {
    const created = cli(['user', 'create', '--email', 'worker@example.com', '--password', 'worker-pw']);
    expect(created.status, created.stderr).toBe(0);
    const token = created.stdout.trim();
    const port = await freePort();
    const server = await startServer(port);
    const base = `http://127.0.0.1:${port}`;
    try {
      const me = await fetch(`${base}/api/v9/me`, { headers: basic(token, 'api_token') });
      const { default_workspace_id: wid } = (await me.json()) as { default_workspace_id: number };
      const entry = await fetch(`${base}/api/v9/workspaces/${wid}/time_entries`, {
        method: 'POST',
        headers: { ...basic(token, 'api_token'), 'content-type': 'application/json' },
        body: JSON.stringify({ created_with: 'test', workspace_id: wid, start: '2025-03-03T09:00:00Z', duration: 900, description: 'kept' }),
      });
      expect(entry.status).toBe(200);
      const login = await fetch(`${base}/api/v9/me/sessions`, { method: 'POST', headers: basic('worker@example.com', 'worker-pw') });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;

      const disabled = cli(['user', 'disable', '--email', 'worker@example.com']);
      expect(disabled.status, disabled.stderr).toBe(0);
      expect(disabled.stdout.trim()).toBe('worker@example.com disabled; 1 session ended.');
      for (const headers of [basic(token, 'api_token'), basic('worker@example.com', 'worker-pw'), { cookie }]) {
        expect((await fetch(`${base}/api/v9/me`, { headers })).status).toBe(401);
      }
      expect(cli(['user', 'list']).stdout).toMatch(/worker@example\.com.*since \d{4}-/);

      const enabled = cli(['user', 'enable', '--email', 'worker@example.com']);
      expect(enabled.status, enabled.stderr).toBe(0);
      expect(enabled.stdout.trim()).toBe('worker@example.com enabled.');
      const entries = await fetch(`${base}/api/v9/me/time_entries?start_date=2025-03-01&end_date=2025-04-01`, { headers: basic('worker@example.com', 'worker-pw') });
      expect(entries.status).toBe(200);
      expect(((await entries.json()) as { description: string }[]).map((e) => e.description)).toEqual(['kept']);
      // Seen by the server (written off the request path), shown by the CLI.
      let listed = '';
      for (let i = 0; i < 20 && /worker@example\.com.*never/.test((listed = cli(['user', 'list']).stdout)); i++) await new Promise((r) => setTimeout(r, 100));
      expect(listed).toMatch(/worker@example\.com\s+\S*\s*\d{4}-\d\d-\d\d \d\d:\d\dZ\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s+no/);
    } finally {
      const stopped = exited(server);
      server.kill('SIGTERM');
      await stopped;
    }
  }, SLOW);
});
