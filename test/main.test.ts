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

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, ...env },
    encoding: 'utf8',
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
