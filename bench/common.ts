// What the load benchmarks share: their command-line reading and how they start a server process
// on a free loopback port and wait until it answers.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const args = process.argv.slice(2);
export const textArg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
export const arg = (name: string, fallback: number) => Number(textArg(name) ?? fallback);

// Limits stay in the request path (their cost is part of Stint) but far above the load.
export const LIMITS_ENV = { RATE_LIMIT_PER_SECOND: '10000000', RATE_LIMIT_BURST: '10000000', QUOTA_PER_HOUR: '1000000000', QUOTA_ENFORCE: 'false' };

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Runs `node <cmd>` from the repository root and resolves once its /healthz answers. */
export async function startServer(cmd: string[], env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, cmd, { cwd: root, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server ${cmd.join(' ')} did not start`);
}
