/**
 * Builds test/conformance/spec/toggl-spec.json, the contract the conformance harness checks Stint against,
 * from Toggl's official swagger files (kept as reference material in `../shared/spec` beside the project,
 * never read by the tests themselves). `npm run spec:sync` writes it; spec.test.ts checks it is up to date.
 *
 * What is kept: per spec `swagger`, `basePath`, top-level `consumes`/`produces`/`security`/
 * `securityDefinitions`, every operation (method and path, in the files' order) with its `parameters`,
 * `consumes`, `produces`, `security`, `deprecated` and `responses` (status → `schema`, `headers`), and every
 * definition. Schemas keep every validation keyword (`type`, `properties`, `items`, `enum`, `$ref`,
 * `allOf`, `required`, `additionalProperties`, `format`, `default`, `minItems`, ...) and `x-nullable`.
 * What is left out is the prose: `description`, `summary`, `title`, `example`, `tags`, `operationId`,
 * `info`, `host` and `x-*` annotations other than `x-nullable`. One thing the prose says is behaviour:
 * a property described as "omitted if empty" carries `"x-omitted-if-empty": true` instead, which the
 * validator's presence check reads.
 *
 * Keys keep the order of the source files (path order matters to the validator: the first of equally
 * specific path templates wins), and each path and each definition is written on one line (a diff shows
 * which ones changed), so the same sources always give the same bytes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SpecName } from '../quirks.js';

/** Source swagger file of each spec, as named in `../shared/spec`. */
export const SOURCE_FILES: Record<SpecName, string> = {
  'track-v9': 'toggl-track-api-v9.swagger.json',
  'reports-v3': 'toggl-reports-v3.swagger.json',
  'webhooks-v1': 'toggl-webhooks-v1.swagger.json',
};

/** The committed contract, inside the repository. */
export const SPEC_FILE = fileURLToPath(new URL('./toggl-spec.json', import.meta.url));

/** Where the reference swagger files live when the project is checked out beside `shared/`. */
export function referenceSpecDir(): string {
  return path.resolve(fileURLToPath(new URL('../../../', import.meta.url)), '../shared/spec');
}

/** True when every source file is present in `dir`. */
export function hasSources(dir: string): boolean {
  return Object.values(SOURCE_FILES).every((f) => fs.existsSync(path.join(dir, f)));
}

/** Property descriptions that say the field may be left out; the validator's presence check honours them. */
const OMITTED_IF_EMPTY = /omitted if empty/i;
export const OMITTED_MARKER = 'x-omitted-if-empty';

const PROSE_KEYS = new Set(['description', 'summary', 'title', 'example', 'examples', 'externalDocs', 'tags', 'operationId']);
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);
const TOP_LEVEL_KEYS = ['swagger', 'basePath', 'consumes', 'produces', 'security', 'securityDefinitions'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A key that is prose or an annotation nobody reads (`x-nullable` is the one annotation kept). */
function dropped(key: string): boolean {
  return PROSE_KEYS.has(key) || (key.startsWith('x-') && key !== 'x-nullable');
}

function mapValues(o: JsonObject, f: (v: Json) => Json): JsonObject {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

/** A schema without its prose; keys named in `properties` (and definition names) are data, never dropped. */
function schema(node: Json): Json {
  if (Array.isArray(node)) return node.map(schema);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' && typeof value === 'string' && OMITTED_IF_EMPTY.test(value)) {
      out[OMITTED_MARKER] = true;
      continue;
    }
    if (dropped(key)) continue;
    switch (key) {
      case 'properties':
      case 'patternProperties':
        out[key] = isObject(value) ? mapValues(value, schema) : value;
        break;
      case 'items':
      case 'additionalProperties':
      case 'not':
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[key] = schema(value);
        break;
      default:
        out[key] = value;
    }
  }
  return out;
}

/** A parameter (or header) without its prose; its `schema` and `items` are schemas. */
function parameter(node: Json): Json {
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (dropped(key)) continue;
    out[key] = key === 'schema' || key === 'items' ? schema(value) : value;
  }
  return out;
}

function response(node: Json): Json {
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (dropped(key)) continue;
    if (key === 'schema') out.schema = schema(value);
    else if (key === 'headers' && isObject(value)) out.headers = mapValues(value, parameter);
    else out[key] = value;
  }
  return out;
}

function operation(node: Json): Json {
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (dropped(key)) continue;
    if (key === 'parameters' && Array.isArray(value)) out.parameters = value.map(parameter);
    else if (key === 'responses' && isObject(value)) out.responses = mapValues(value, response);
    else out[key] = value;
  }
  return out;
}

function pathItem(node: Json): Json {
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (HTTP_METHODS.has(key)) out[key] = operation(value);
    else if (key === 'parameters' && Array.isArray(value)) out.parameters = value.map(parameter);
  }
  return out;
}

function securityDefinitions(node: Json): Json {
  return isObject(node) ? mapValues(node, parameter) : node;
}

/** One swagger document, reduced to what the harness uses. */
export function compactSwagger(doc: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of TOP_LEVEL_KEYS) {
    if (doc[key] === undefined) continue;
    out[key] = key === 'securityDefinitions' ? securityDefinitions(doc[key]) : doc[key];
  }
  out.paths = isObject(doc.paths) ? mapValues(doc.paths, pathItem) : {};
  out.definitions = isObject(doc.definitions) ? mapValues(doc.definitions, schema) : {};
  return out;
}

/** The contents of toggl-spec.json, generated from the swagger files in `dir`. */
export function generateSpec(dir: string): string {
  const sources: JsonObject = {};
  const specs: JsonObject = {};
  for (const [name, file] of Object.entries(SOURCE_FILES)) {
    const text = fs.readFileSync(path.join(dir, file));
    sources[name] = { file, sha256: crypto.createHash('sha256').update(text).digest('hex') };
    specs[name] = compactSwagger(JSON.parse(text.toString('utf8')) as JsonObject);
  }
  const bundle: JsonObject = {
    generated: "by `npm run spec:sync` from Toggl's official swagger files (../shared/spec); do not edit",
    sources,
    specs,
  };
  return write(bundle, 0) + '\n';
}

/** JSON with one member per line down to a spec's `paths` and `definitions`, whose members take one line each. */
function write(value: Json, depth: number): string {
  if (!isObject(value) || depth > 3 || Object.keys(value).length === 0) return JSON.stringify(value);
  const indent = ' '.repeat(depth + 1);
  const members = Object.entries(value).map(([k, v]) => `${indent}${JSON.stringify(k)}: ${write(v, depth + 1)}`);
  return `{\n${members.join(',\n')}\n${' '.repeat(depth)}}`;
}
