/**
 * Checks observed HTTP answers against Toggl's published swagger files, as carried by the project in
 * spec/toggl-spec.json (generated from them without their prose by `npm run spec:sync`, see
 * spec/generate.ts). Every test request goes through expectConformant (see test/helpers/app.ts).
 *
 * What is checked, per response:
 * - the operation is found from method + URL (Track v9, Reports v3/Insights, Webhooks v1);
 * - the status is documented for the operation (2xx), or an error body is a JSON string / empty (4xx, 5xx);
 * - the body matches the declared schema, with two deliberate changes to the swagger: every property also
 *   accepts null (the swagger under-declares nullability), and properties the swagger does not declare are
 *   errors (additionalProperties: false);
 * - every declared property is present (presence check), except "omitted if empty" ones (`x-omitted-if-empty`
 *   in the generated file) and quirks;
 * - timestamp-named string fields are RFC 3339 with an explicit offset.
 * Exceptions live in quirks.ts, each with its reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { quirks, type SpecName, type SwaggerSchema } from './quirks.js';
import { OMITTED_MARKER, SPEC_FILE } from './spec/generate.js';

export type { SpecName } from './quirks.js';

export interface ObservedResponse {
  method: string;
  url: string;
  statusCode: number;
  body: string;
  headers?: Record<string, unknown>;
}

export interface ValidationResult {
  spec: SpecName | null;
  operation: string | null;
  errors: string[];
}

export const SPEC_NAMES: readonly SpecName[] = ['track-v9', 'reports-v3', 'webhooks-v1'];

/** URL prefix → spec, and whether the prefix is stripped before matching the spec's path templates. */
const URL_PREFIXES: { prefix: string; spec: SpecName; strip: boolean }[] = [
  { prefix: '/api/v9', spec: 'track-v9', strip: true },
  { prefix: '/reports/api/v3', spec: 'reports-v3', strip: false },
  { prefix: '/insights/api/v1', spec: 'reports-v3', strip: false },
  // The webhooks swagger has no basePath; its paths are relative to /webhooks/api/v1.
  { prefix: '/webhooks/api/v1', spec: 'webhooks-v1', strip: true },
];

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** Names of string fields that must hold RFC 3339 timestamps (plus every name ending in `_at`). */
const TIMESTAMP_FIELDS = new Set(['at', 'created_at', 'updated_at', 'start', 'stop', 'server_deleted_at', 'last_modified']);

const BODY_EXCERPT = 600;

// ---------------------------------------------------------------------------------------------
// Spec loading

interface Operation {
  spec: SpecName;
  /** `METHOD /template`, e.g. `GET /me/time_entries/{time_entry_id}`. */
  id: string;
  method: string;
  template: string;
  regex: RegExp;
  literalSegments: number;
  literalChars: number;
  produces: string[];
  responses: Record<string, { schema?: SwaggerSchema }>;
}

interface LoadedSpec {
  name: SpecName;
  /** `$id` under which the converted definitions are registered with ajv. */
  schemaId: string;
  /** Raw swagger definitions, with quirks.definitionOverrides applied. */
  definitions: Record<string, SwaggerSchema>;
  operations: Operation[];
}

interface SwaggerDocument {
  paths: Record<string, Record<string, any>>;
  definitions?: Record<string, SwaggerSchema>;
}

let committed: Record<SpecName, SwaggerDocument> | null = null;

/** The swagger documents of the three specs, from the committed spec/toggl-spec.json. */
function specDocument(name: SpecName): SwaggerDocument {
  committed ??= (JSON.parse(fs.readFileSync(SPEC_FILE, 'utf8')) as { specs: Record<SpecName, SwaggerDocument> }).specs;
  return committed[name];
}

function templateRegex(template: string): RegExp {
  const source = template
    .split('/')
    .map((segment) =>
      segment
        .split(/(\{[^}]+\})/)
        .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join(''),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}

const loaded = new Map<SpecName, LoadedSpec>();

function loadSpec(name: SpecName): LoadedSpec {
  const cached = loaded.get(name);
  if (cached) return cached;
  const doc = specDocument(name);
  const definitions: Record<string, SwaggerSchema> = { ...(doc.definitions ?? {}) };
  for (const o of quirks.definitionOverrides) if (o.spec === name) definitions[o.definition] = o.schema;
  for (const e of quirks.extraFields) {
    const def = definitions[e.definition];
    if (e.spec === name && def) definitions[e.definition] = { ...def, properties: { ...def.properties, [e.field]: e.schema } };
  }

  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    const segments = template.split('/').filter(Boolean);
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.includes(method)) continue;
      operations.push({
        spec: name,
        id: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        regex: templateRegex(template),
        literalSegments: segments.filter((s) => !s.includes('{')).length,
        literalChars: template.replace(/\{[^}]+\}/g, '').length,
        produces: op.produces ?? [],
        responses: op.responses ?? {},
      });
    }
  }
  const spec: LoadedSpec = { name, schemaId: `https://stint.invalid/spec/${name}.json`, definitions, operations };
  loaded.set(name, spec);
  return spec;
}

/** All operation ids of a spec (every method under every path). */
export function listOperations(name: SpecName): string[] {
  return loadSpec(name).operations.map((o) => o.id);
}

interface ResolvedOperation {
  spec: LoadedSpec;
  op: Operation | null;
}

function resolveOperation(method: string, url: string): ResolvedOperation | null {
  let pathname: string;
  try {
    pathname = new URL(url, 'http://stint.invalid').pathname;
  } catch {
    return null;
  }
  const route = URL_PREFIXES.find((p) => pathname === p.prefix || pathname.startsWith(p.prefix + '/'));
  if (!route) return null;
  const spec = loadSpec(route.spec);
  const specPath = route.strip ? pathname.slice(route.prefix.length) || '/' : pathname;
  const upper = method.toUpperCase();
  let best: Operation | null = null;
  for (const op of spec.operations) {
    if (op.method !== upper || !op.regex.test(specPath)) continue;
    if (
      !best ||
      op.literalSegments > best.literalSegments ||
      (op.literalSegments === best.literalSegments && op.literalChars > best.literalChars)
    ) {
      best = op;
    }
  }
  return { spec, op: best };
}

// ---------------------------------------------------------------------------------------------
// Swagger 2 → JSON Schema (draft-07) conversion

const DROPPED_KEYWORDS = new Set(['example', 'format', 'description', 'title', 'required', 'discriminator', 'readOnly', 'xml', 'externalDocs']);
const openDefinitions = new Set(quirks.openDefinitions.map((d) => d.definition));

function isPlainObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nullable(schema: SwaggerSchema): SwaggerSchema {
  if (Object.keys(schema).length === 0) return schema;
  if (schema.$ref !== undefined || schema.allOf || schema.anyOf || schema.oneOf || schema.type === undefined) {
    return { anyOf: [schema, { type: 'null' }] };
  }
  const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  const out: SwaggerSchema = { ...schema, type: types.includes('null') ? types : [...types, 'null'] };
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

function dedupe(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Converted schema object → name of the definition it belongs to, for error messages. */
const owningDefinition = new WeakMap<object, string>();

function convert(schema: SwaggerSchema, spec: LoadedSpec, definitionName?: string): SwaggerSchema {
  const out = convertNode(schema, spec, definitionName);
  if (definitionName) tagDefinition(out, definitionName);
  return out;
}

function tagDefinition(schema: unknown, name: string): void {
  if (Array.isArray(schema)) {
    for (const s of schema) tagDefinition(s, name);
  } else if (isPlainObject(schema) && !owningDefinition.has(schema)) {
    owningDefinition.set(schema, name);
    for (const v of Object.values(schema)) if (typeof v === 'object' && v !== null) tagDefinition(v, name);
  }
}

function convertNode(schema: SwaggerSchema, spec: LoadedSpec, definitionName?: string): SwaggerSchema {
  if (!isPlainObject(schema)) return schema;
  if (typeof schema.$ref === 'string') {
    const ref = { $ref: schema.$ref.startsWith('#/') ? spec.schemaId + schema.$ref : schema.$ref };
    return schema['x-nullable'] === true ? nullable(ref) : ref;
  }
  const out: SwaggerSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-') || DROPPED_KEYWORDS.has(key)) continue;
    switch (key) {
      case 'properties':
        out.properties = Object.fromEntries(
          Object.entries(value as Record<string, SwaggerSchema>).map(([k, v]) => [k, nullable(convert(v, spec))]),
        );
        break;
      case 'items':
        out.items = Array.isArray(value) ? value.map((v) => convert(v, spec)) : convert(value, spec);
        break;
      case 'additionalProperties':
        out.additionalProperties = isPlainObject(value) ? convert(value, spec) : value;
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[key] = (value as SwaggerSchema[]).map((v) => convert(v, spec));
        break;
      case 'enum':
        out.enum = dedupe(value as unknown[]);
        break;
      default:
        out[key] = value;
    }
  }
  if (out.properties && !('additionalProperties' in schema) && !(definitionName && openDefinitions.has(definitionName))) {
    out.additionalProperties = false;
  }
  return schema['x-nullable'] === true ? nullable(out) : out;
}

let ajvInstance: Ajv | null = null;

function ajvFor(spec: LoadedSpec): Ajv {
  if (!ajvInstance) {
    ajvInstance = new Ajv({ strict: false, allErrors: true, verbose: true, validateFormats: false, inlineRefs: false });
  }
  if (!ajvInstance.getSchema(spec.schemaId)) {
    const definitions = Object.fromEntries(Object.entries(spec.definitions).map(([n, d]) => [n, convert(d, spec, n)]));
    ajvInstance.addSchema({ $id: spec.schemaId, definitions });
  }
  return ajvInstance;
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(spec: LoadedSpec, op: Operation, status: string, schema: SwaggerSchema): ValidateFunction {
  const key = `${spec.name} ${op.id} ${status}`;
  let fn = validators.get(key);
  if (!fn) {
    const ajv = ajvFor(spec);
    fn = ajv.compile(convert(schema, spec));
    validators.set(key, fn);
  }
  return fn;
}

// ---------------------------------------------------------------------------------------------
// Which schema applies

type Expectation =
  | { kind: 'schema'; schema: SwaggerSchema; status: string }
  | { kind: 'any' } // declared without a schema
  | { kind: 'error-string' } // undeclared error status: Toggl's JSON-string style or empty
  | { kind: 'undocumented'; documented: string[] };

function expectationFor(spec: LoadedSpec, op: Operation, statusCode: number): Expectation {
  const override = quirks.responseOverrides.find((o) => o.spec === spec.name && o.operation === op.id && o.status === statusCode);
  if (override) return { kind: 'schema', schema: override.schema, status: String(statusCode) };
  const status = String(statusCode);
  const declared = op.responses[status];
  const fallback = op.responses.default;
  if (declared) {
    if (declared.schema) return { kind: 'schema', schema: declared.schema, status };
    if (fallback?.schema) return { kind: 'schema', schema: fallback.schema, status: 'default' };
    return statusCode >= 200 && statusCode < 300 ? { kind: 'any' } : { kind: 'error-string' };
  }
  if (fallback) return fallback.schema ? { kind: 'schema', schema: fallback.schema, status: 'default' } : { kind: 'any' };
  if (statusCode >= 200 && statusCode < 300) {
    const documented = Object.keys(op.responses).filter((s) => s.startsWith('2'));
    return documented.length > 0 ? { kind: 'undocumented', documented } : { kind: 'any' };
  }
  return { kind: 'error-string' };
}

function isBareString(schema: SwaggerSchema): boolean {
  return schema.type === 'string' && !schema.enum && !schema.$ref;
}

// ---------------------------------------------------------------------------------------------
// Checks

function pointerJoin(pointer: string, key: string | number): string {
  return `${pointer}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function showPointer(pointer: string): string {
  return pointer === '' ? '/' : pointer;
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'object') return 'object';
  return `${typeof v} ${String(v)}`;
}


function formatAjvErrors(errors: ErrorObject[]): string[] {
  // Nullable wrappers add a "must be null" branch and an anyOf summary to every failure; keep the real cause.
  const real = errors.filter((e) => !(e.keyword === 'type' && e.params.type === 'null'));
  const kept = real.filter(
    (e) =>
      e.keyword !== 'anyOf' ||
      !real.some((o) => o !== e && o.keyword !== 'anyOf' && (o.instancePath === e.instancePath || o.instancePath.startsWith(e.instancePath + '/'))),
  );
  return kept.map((e) => {
    const where = showPointer(e.instancePath);
    const def = isPlainObject(e.parentSchema) ? owningDefinition.get(e.parentSchema) : undefined;
    const suffix = def ? ` (${def})` : '';
    switch (e.keyword) {
      case 'additionalProperties':
        return `${where}: unexpected field '${String(e.params.additionalProperty)}'${suffix}`;
      case 'type': {
        const all = String(e.params.type).split(',');
        const types = all.filter((t) => t !== 'null');
        const orNull = all.includes('null') ? ' (or null)' : '';
        return `${where}: must be ${types.join(' or ')}${orNull}, got ${describeValue(e.data)}${suffix}`;
      }
      case 'enum':
        return `${where}: must be one of ${JSON.stringify((e.params.allowedValues as unknown[]).filter((v) => v !== null))}, got ${describeValue(e.data)}${suffix}`;
      default:
        return `${where}: ${e.message ?? e.keyword}${suffix}`;
    }
  });
}

const optionalByDefinition = new Map<string, Set<string>>();
for (const q of quirks.optionalFields) {
  if (!optionalByDefinition.has(q.definition)) optionalByDefinition.set(q.definition, new Set());
  optionalByDefinition.get(q.definition)!.add(q.field);
}

function refName(ref: string): string {
  return ref.replace(/^#\/definitions\//, '');
}

/** Every declared property must be present (null is fine), except "omitted if empty" ones and quirks. */
function checkPresence(spec: LoadedSpec, schema: SwaggerSchema, value: unknown, pointer: string, context: string, errors: string[], depth = 0): void {
  if (value === null || value === undefined || !isPlainObject(schema) || depth > 64) return;
  if (typeof schema.$ref === 'string') {
    const name = refName(schema.$ref);
    const def = spec.definitions[name];
    if (def) checkPresence(spec, def, value, pointer, name, errors, depth + 1);
    return;
  }
  if (Array.isArray(schema.allOf)) {
    for (const s of schema.allOf as SwaggerSchema[]) checkPresence(spec, s, value, pointer, context, errors, depth + 1);
  }
  if (Array.isArray(value)) {
    if (isPlainObject(schema.items)) {
      value.forEach((item, i) => checkPresence(spec, schema.items, item, pointerJoin(pointer, i), context, errors, depth + 1));
    }
    return;
  }
  if (!isPlainObject(value)) return;
  const properties: Record<string, SwaggerSchema> = isPlainObject(schema.properties) ? schema.properties : {};
  const required = new Set<string>(Array.isArray(schema.required) ? schema.required : []);
  const optional = new Set<string>([...(optionalByDefinition.get(context) ?? []), ...((schema['x-stint-optional'] as string[] | undefined) ?? [])]);
  for (const [key, propSchema] of Object.entries(properties)) {
    if (Object.prototype.hasOwnProperty.call(value, key)) {
      checkPresence(spec, propSchema, value[key], pointerJoin(pointer, key), `${context}.${key}`, errors, depth + 1);
      continue;
    }
    const omittable = propSchema[OMITTED_MARKER] === true;
    if (required.has(key) || (!omittable && !optional.has(key))) {
      errors.push(`${showPointer(pointer)}: missing field '${key}' (${context})`);
    }
  }
  if (isPlainObject(schema.additionalProperties)) {
    for (const [key, v] of Object.entries(value)) {
      if (key in properties) continue;
      checkPresence(spec, schema.additionalProperties, v, pointerJoin(pointer, key), context, errors, depth + 1);
    }
  }
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;

export function isRfc3339(value: string): boolean {
  const m = RFC3339.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return false;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return true;
}

function isTimestampField(name: string): boolean {
  return TIMESTAMP_FIELDS.has(name) || name.endsWith('_at');
}

function checkTimestamps(value: unknown, pointer: string, errors: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkTimestamps(v, pointerJoin(pointer, i), errors));
  } else if (isPlainObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      const p = pointerJoin(pointer, key);
      if (typeof v === 'string' && isTimestampField(key) && !isRfc3339(v)) {
        errors.push(`${p}: ${JSON.stringify(v)} is not an RFC 3339 timestamp with an explicit offset (Z or ±hh:mm)`);
      }
      checkTimestamps(v, p, errors);
    }
  }
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== name) continue;
    if (Array.isArray(v)) return v.map(String).join(', ');
    return v === undefined || v === null ? undefined : String(v);
  }
  return undefined;
}

const NOT_JSON = Symbol('not json');

function parseBody(body: string): unknown | typeof NOT_JSON | undefined {
  if (body === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return NOT_JSON;
  }
}

// ---------------------------------------------------------------------------------------------
// Public API

export function validateResponse(r: ObservedResponse): ValidationResult {
  const errors: string[] = [];
  const parsed = parseBody(r.body);
  const resolved = resolveOperation(r.method, r.url);
  if (!resolved || !resolved.op) {
    if (parsed === NOT_JSON) errors.push('body is not valid JSON (and no spec operation matches this request)');
    return { spec: null, operation: null, errors };
  }
  const { spec, op } = resolved;
  const contentType = headerValue(r.headers, 'content-type');
  const jsonContentType = contentType === undefined || /json/i.test(contentType);
  const expectation = expectationFor(spec, op, r.statusCode);

  if (parsed !== undefined && parsed !== NOT_JSON && contentType !== undefined && !jsonContentType) {
    const base = contentType.split(';')[0].trim().toLowerCase();
    if (!op.produces.some((p) => p.toLowerCase() === base)) {
      errors.push(`/: JSON body sent with content-type '${contentType}'`);
    }
  }

  switch (expectation.kind) {
    case 'undocumented':
      errors.push(`status ${r.statusCode} not documented for ${op.id} (documented: ${expectation.documented.join(', ')})`);
      break;
    case 'any':
      if (parsed === NOT_JSON && jsonContentType) errors.push('body is not valid JSON');
      else if (parsed !== NOT_JSON && parsed !== undefined) checkTimestamps(parsed, '', errors);
      break;
    case 'error-string':
      if (parsed === NOT_JSON) errors.push(`error body is not valid JSON (Toggl answers ${r.statusCode} with a JSON string or nothing)`);
      else if (parsed !== undefined && typeof parsed !== 'string') {
        errors.push(`/: error body must be a JSON string (Toggl's style) or empty, got ${describeValue(parsed)}`);
      }
      break;
    case 'schema': {
      const { schema } = expectation;
      if (parsed === undefined) {
        // Toggl's swagger says `type: string` for answers that are really empty (deletes, 401s, ...).
        if (!isBareString(schema) && Object.keys(schema).length > 0 && r.statusCode !== 204) {
          errors.push(`/: empty body, but ${op.id} declares a schema for status ${expectation.status}`);
        }
        break;
      }
      if (parsed === NOT_JSON) {
        // Downloads (CSV, PDF, zip, iCal) are declared as strings and sent with their own content type.
        if (!(isBareString(schema) && !jsonContentType)) errors.push('body is not valid JSON');
        break;
      }
      const nullableTop =
        parsed === null && quirks.nullableResponses.some((q) => q.spec === spec.name && q.operation === op.id) && r.statusCode < 300;
      if (!nullableTop) {
        const validate = validatorFor(spec, op, expectation.status, schema);
        if (!validate(parsed)) errors.push(...formatAjvErrors(validate.errors ?? []));
        checkPresence(spec, schema, parsed, '', `${op.id} response`, errors);
      }
      checkTimestamps(parsed, '', errors);
      break;
    }
  }
  return { spec: spec.name, operation: op.id, errors };
}

export function expectConformant(r: ObservedResponse): void {
  const result = validateResponse(r);
  const request = `${r.method.toUpperCase()} ${r.url} → ${r.statusCode}`;
  if (result.errors.length > 0) {
    const against = result.operation ? `${result.spec} operation '${result.operation}'` : 'no spec operation (Stint extra)';
    const excerpt = r.body.length > BODY_EXCERPT ? `${r.body.slice(0, BODY_EXCERPT)}… (${r.body.length} chars)` : r.body;
    const lines = [
      `Response does not conform: ${request}, checked against ${against}`,
      ...result.errors.map((e) => `  - ${e}`),
      `  body: ${excerpt === '' ? '(empty)' : excerpt}`,
    ];
    throw new Error(lines.join('\n'));
  }
  if (result.spec && result.operation) recordCoverage(result.spec, result.operation, r.statusCode);
}

let coverageFile: string | null | undefined;

function recordCoverage(spec: SpecName, operation: string, status: number): void {
  if (coverageFile === undefined) {
    const dir = process.env.STINT_API_COVERAGE_DIR;
    if (dir) {
      fs.mkdirSync(dir, { recursive: true });
      coverageFile = path.join(dir, `ops-${process.pid}.jsonl`);
    } else {
      coverageFile = null;
    }
  }
  if (coverageFile) fs.appendFileSync(coverageFile, JSON.stringify({ spec, operation, status }) + '\n');
}

/**
 * Compiles the response schema of every documented status of every operation (and every override), so that a
 * schema ajv cannot compile shows up in the self-tests rather than in the first test that reaches it.
 */
export function compileAllResponseSchemas(): string[] {
  const failures: string[] = [];
  for (const name of SPEC_NAMES) {
    const spec = loadSpec(name);
    for (const op of spec.operations) {
      const statuses = new Set([...Object.keys(op.responses), ...quirks.responseOverrides.filter((o) => o.spec === name && o.operation === op.id).map((o) => String(o.status))]);
      for (const status of statuses) {
        const code = Number(status);
        const expectation = Number.isFinite(code) ? expectationFor(spec, op, code) : null;
        const schema = expectation?.kind === 'schema' ? expectation.schema : op.responses[status]?.schema;
        if (!schema) continue;
        try {
          validatorFor(spec, op, status, schema);
        } catch (e) {
          failures.push(`${name} ${op.id} ${status}: ${(e as Error).message}`);
        }
      }
    }
  }
  return failures;
}

/** For quirks self-checks: the raw (override-applied) definitions of a spec. */
export function specDefinitions(name: SpecName): Record<string, SwaggerSchema> {
  return loadSpec(name).definitions;
}
