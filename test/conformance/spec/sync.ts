/**
 * `npm run spec:sync [-- <folder>]`: regenerates test/conformance/spec/toggl-spec.json from Toggl's swagger
 * files, in `../shared/spec` beside the project unless a folder is given. Fails when they are not there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateSpec, hasSources, referenceSpecDir, SOURCE_FILES, SPEC_FILE } from './generate.js';

const dir = process.argv[2] ? path.resolve(process.argv[2]) : referenceSpecDir();
if (!hasSources(dir)) {
  console.error(`spec:sync: Toggl's swagger files are not in ${dir}`);
  console.error(`  expected ${Object.values(SOURCE_FILES).join(', ')}`);
  console.error('  (they live in ../shared/spec beside the project, or pass their folder: npm run spec:sync -- <folder>)');
  process.exit(1);
}
const text = generateSpec(dir);
const before = fs.existsSync(SPEC_FILE) ? fs.readFileSync(SPEC_FILE, 'utf8') : null;
if (before === text) {
  console.log(`spec:sync: ${path.relative(process.cwd(), SPEC_FILE)} is up to date`);
} else {
  fs.writeFileSync(SPEC_FILE, text);
  console.log(`spec:sync: wrote ${path.relative(process.cwd(), SPEC_FILE)} (${text.length} bytes) from ${dir}`);
}
