import fs from 'node:fs';
import { describe, it, expect } from 'vitest';
import { generateSpec, hasSources, OMITTED_MARKER, referenceSpecDir, SOURCE_FILES, SPEC_FILE } from './generate.js';

const sourceDir = referenceSpecDir();
const sourcesHere = hasSources(sourceDir);
if (!sourcesHere) {
  console.log(`spec.test: no ../shared/spec beside the project; the check against Toggl's swagger files is skipped`);
}

const committed = fs.readFileSync(SPEC_FILE, 'utf8');

describe('the committed contract (test/conformance/spec/toggl-spec.json)', () => {
  it.skipIf(!sourcesHere)(
    `is what npm run spec:sync generates from ../shared/spec${sourcesHere ? '' : ' (skipped: ../shared/spec is not beside the project)'}`,
    () => {
      // A mismatch means the swagger files changed: run `npm run spec:sync` and commit the result.
      expect(generateSpec(sourceDir) === committed, 'toggl-spec.json is out of date: run npm run spec:sync').toBe(true);
    },
  );

  it('holds the three specs and none of the prose', () => {
    const bundle = JSON.parse(committed) as { sources: Record<string, { file: string }>; specs: Record<string, any> };
    expect(Object.keys(bundle.specs)).toEqual(Object.keys(SOURCE_FILES));
    expect(Object.fromEntries(Object.entries(bundle.sources).map(([k, v]) => [k, v.file]))).toEqual(SOURCE_FILES);
    const prose = new Set(['description', 'summary', 'title', 'example', 'tags', 'operationId', 'info']);
    const found: string[] = [];
    let omittable = 0;
    // Keys under `properties`, `definitions` and `paths` are names, not keywords.
    const walk = (node: unknown, where: string, namesHere = false): void => {
      if (Array.isArray(node)) return node.forEach((v, i) => walk(v, `${where}/${i}`));
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (!namesHere && prose.has(key)) found.push(`${where}/${key}`);
        if (!namesHere && key === OMITTED_MARKER) omittable++;
        walk(value, `${where}/${key}`, !namesHere && ['properties', 'definitions', 'paths', 'specs', 'headers'].includes(key));
      }
    };
    walk(bundle.specs, '');
    expect(found).toEqual([]);
    expect(omittable).toBeGreaterThan(0);
  });
});
