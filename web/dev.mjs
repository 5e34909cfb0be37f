// `npm run dev`: Stint (tsx watch, restarts on server changes) and Vite's dev server (hot reload
// of the app, proxying the API prefixes to Stint) side by side; Ctrl-C stops both.
import { spawn } from 'node:child_process';

const children = [
  spawn('npm', ['run', '--silent', 'dev:server'], { stdio: 'inherit' }),
  spawn('npm', ['run', '--silent', 'dev:web'], { stdio: 'inherit' }),
];
let exiting = false;
const stopAll = (code) => {
  if (exiting) return;
  exiting = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
};
for (const child of children) child.on('exit', (code) => stopAll(code ?? 0));
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
