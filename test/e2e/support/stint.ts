import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Chromium to drive, or why there is none: CHROMIUM_PATH wins, then Debian's package. */
export function findChromium(): { path: string } | { reason: string } {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return existsSync(configured) ? { path: configured } : { reason: `CHROMIUM_PATH=${configured} does not exist` };
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return { path: candidate };
  }
  return { reason: 'no Chromium at /usr/bin/chromium (apt-get install chromium)' };
}

/**
 * Builds the web app from the current sources into `outDir`. Always built, never taken from
 * dist/web: a stale dist/web would test yesterday's app, and a fresh clone has none. Vite takes
 * about two seconds, and writing elsewhere leaves whatever `npm run dev` or `npm start` serves alone.
 */
export async function buildWeb(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: path.join(ROOT, 'web/vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

export interface Stint {
  url: string;
  /** The server's own output, for a failure message. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * A real Stint process (`stint serve` from source, so no server build is needed) on a free loopback
 * port with its own database: a temporary SQLite file, or a throwaway schema in TEST_DATABASE_URL's
 * PostgreSQL.
 */
export async function startStint(webDir: string, env: Record<string, string> = {}): Promise<Stint> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stint-e2e-'));
  let databaseUrl = `sqlite:${path.join(dir, 'stint.sqlite')}`;
  let dropSchema = async () => {};
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const schema = `e2e_${crypto.randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const url = new URL(pgUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
    dropSchema = async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    };
  }

  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      WEB_DIR: webDir,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Stint exited with ${child.exitCode} before it was ready:\n${output}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Stint was not ready within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    log: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await dropSchema();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
