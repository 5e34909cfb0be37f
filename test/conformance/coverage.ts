/**
 * `npm run api-coverage [-- vitest args]`: runs the test suite with coverage recording switched on and prints,
 * per spec, which documented operations the tests saw answered with a conformant 2xx.
 * Exits with the test run's exit code.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listOperations, SPEC_NAMES, type SpecName } from './validator.js';

interface CoverageRecord {
  spec: SpecName;
  operation: string;
  status: number;
}

function runTests(dir: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, STINT_API_COVERAGE_DIR: dir };
    // TEST_DATABASE_URL (and everything else) passes through from the environment.
    const child = spawn('npx', ['vitest', 'run', ...args], { stdio: 'inherit', env });
    child.on('error', (e) => {
      console.error(`api-coverage: could not start vitest: ${e.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function readRecords(dir: string): CoverageRecord[] {
  const records: CoverageRecord[] = [];
  for (const file of fs.readdirSync(dir)) {
    if (!file.endsWith('.jsonl')) continue;
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      records.push(JSON.parse(line) as CoverageRecord);
    }
  }
  return records;
}

function report(records: CoverageRecord[]): string {
  const lines: string[] = [];
  for (const spec of SPEC_NAMES) {
    const all = new Set(listOperations(spec));
    const implemented = new Set<string>();
    const errorOnly = new Set<string>();
    for (const r of records) {
      if (r.spec !== spec || !all.has(r.operation)) continue;
      if (r.status >= 200 && r.status < 300) implemented.add(r.operation);
      else errorOnly.add(r.operation);
    }
    for (const op of implemented) errorOnly.delete(op);
    lines.push(`${spec}: ${implemented.size} of ${all.size} operations implemented`);
    for (const op of [...implemented].sort()) lines.push(`  ${op}`);
    if (errorOnly.size > 0) {
      lines.push(`  (seen only with non-2xx answers: ${errorOnly.size})`);
      for (const op of [...errorOnly].sort()) lines.push(`    ${op}`);
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stint-api-coverage-'));
  try {
    const code = await runTests(dir, process.argv.slice(2));
    console.log('\n== API coverage ==');
    console.log(report(readRecords(dir)));
    process.exitCode = code;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
