import { Ajv, type ValidateFunction } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

// Query strings and path parameters arrive as text and are coerced to the declared types;
// JSON bodies are not, so `"duration": "60"` is a type error (400) as in Toggl, never a
// silently converted value.
const common = { allErrors: false, useDefaults: true, removeAdditional: false, strict: false } as const;
const bodyAjv = new Ajv({ ...common, coerceTypes: false });
const paramsAjv = new Ajv({ ...common, coerceTypes: 'array' });
// A query name a route does not declare is dropped, so no handler that passes its query on to the
// domain can hand it a parameter nobody validated (v8's time entry list once read an unchecked
// `since`).
const queryAjv = new Ajv({ ...common, coerceTypes: 'array', removeAdditional: 'all' });

type Schema = Record<string, unknown>;

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every number a route accepts is finite and every integer exact: ajv takes `1e309` (Infinity) as an
 * integer and `2^63` as a number, and either one later overflows a SQL parameter. Bounds a schema
 * declares itself are kept; the rest get the widest safe ones.
 */
function bounded(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(bounded);
  if (!isObject(schema)) return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'const' || k === 'default' || k === 'enum' ? v : bounded(v);
  if (schema.type === 'integer') {
    out.minimum ??= -Number.MAX_SAFE_INTEGER;
    out.maximum ??= Number.MAX_SAFE_INTEGER;
  } else if (schema.type === 'number') {
    out.minimum ??= -Number.MAX_VALUE;
    out.maximum ??= Number.MAX_VALUE;
  }
  return out;
}

function admitsNull(schema: unknown): boolean {
  if (!isObject(schema)) return true;
  if (schema.type === 'null' || (Array.isArray(schema.type) && schema.type.includes('null'))) return true;
  if (schema.type === undefined && schema.anyOf === undefined && schema.oneOf === undefined) return true;
  const branches = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  return Array.isArray(branches) && branches.some(admitsNull);
}

/** Removes what a value's nulls mean nothing for; null where it returns true. */
type NullStripper = (value: unknown) => void;

/**
 * Toggl decodes bodies into Go structs, where `null` in an optional field is the same as leaving it
 * out (the default on create, the current value on update), and clients rely on it. Nulls are
 * dropped from optional properties whose schema has no meaning for null; where the schema admits
 * null (clearing client_id, estimated_hours, ...) it stays, and a required field given as null still
 * fails validation.
 */
function nullStripper(schema: unknown): NullStripper | null {
  if (!isObject(schema)) return null;
  if (schema.type === 'array' || schema.items !== undefined) {
    const item = nullStripper(schema.items);
    if (!item) return null;
    return (value) => {
      if (Array.isArray(value)) for (const v of value) item(v);
    };
  }
  const branches = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(branches)) {
    // A nullable object (anyOf [object, null]) still strips inside the object.
    const inner = branches.map(nullStripper).filter((s): s is NullStripper => s !== null);
    if (inner.length !== 1) return null;
    return inner[0]!;
  }
  if (!isObject(schema.properties)) return null;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const drop: string[] = [];
  const nested: [string, NullStripper][] = [];
  for (const [name, property] of Object.entries(schema.properties)) {
    if (!required.has(name) && !admitsNull(property)) drop.push(name);
    const inner = nullStripper(property);
    if (inner) nested.push([name, inner]);
  }
  if (drop.length === 0 && nested.length === 0) return null;
  return (value) => {
    if (!isObject(value)) return;
    for (const name of drop) if (value[name] === null) delete value[name];
    for (const [name, inner] of nested) if (value[name] != null) inner(value[name]);
  };
}

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const isBody = httpPart === 'body';
  const ajv = isBody ? bodyAjv : httpPart === 'querystring' ? queryAjv : paramsAjv;
  const validate = ajv.compile(bounded(schema) as object) as ValidateFunction;
  const strip = isBody ? nullStripper(schema) : null;
  if (!strip) return validate as ReturnType<FastifySchemaCompiler<unknown>>;
  const withNulls = ((data: unknown) => {
    strip(data);
    const ok = validate(data);
    withNulls.errors = validate.errors;
    return ok;
  }) as ValidateFunction;
  return withNulls as ReturnType<FastifySchemaCompiler<unknown>>;
};

// Text may hold tabs and line breaks, nothing else below U+0020 (nor DEL): PostgreSQL refuses U+0000
// in text while SQLite stores it, and no Toggl field gives the others a meaning, so both databases
// refuse them alike, in every field of every skin.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export interface InputIssue {
  /** JSON pointer of the offending value, e.g. `/time_entry/description`. */
  instancePath: string;
  message: string;
  keyword: string;
}

/**
 * The first string (or key) in a parsed body, query or path that holds a forbidden control
 * character, or a `__proto__` key (which a later spread or merge would turn into a prototype).
 * Walks without recursion: a deeply nested body must not exhaust the stack.
 */
export function findForbiddenInput(value: unknown): InputIssue | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (FORBIDDEN_TEXT.test(v)) return { instancePath: at, message: 'must not contain control characters', keyword: 'controlCharacters' };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}/${i}`]);
    } else if (typeof v === 'object' && v !== null) {
      for (const key of Object.keys(v)) {
        if (key === '__proto__') return { instancePath: `${at}/${key}`, message: 'is not allowed', keyword: 'protoKey' };
        if (FORBIDDEN_TEXT.test(key)) return { instancePath: at, message: 'must not contain control characters in a property name', keyword: 'controlCharacters' };
        stack.push([(v as Record<string, unknown>)[key], `${at}/${key}`]);
      }
    }
  }
  return null;
}

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** Turns the first schema violation into a sentence a person can act on. */
export function describeValidationError(issues: ValidationIssue[], context: string | undefined): string {
  const issue = issues[0];
  if (!issue) return 'Invalid request';
  const where = context === 'querystring' ? 'query parameter' : context === 'params' ? 'path parameter' : 'field';
  const path = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  if (issue.keyword === 'required') {
    return `Missing required ${where} '${[path, issue.params?.missingProperty].filter(Boolean).join('.')}'`;
  }
  if (!path) return context === 'body' ? `Invalid JSON input: body ${issue.message}` : `Invalid ${context ?? 'request'}: ${issue.message}`;
  return `Invalid ${where} '${path}': ${issue.message}`;
}
