import { Ajv } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

// Query strings and path parameters arrive as text and are coerced to the declared types;
// JSON bodies are not, so `"duration": "60"` is a type error (400) as in Toggl, never a
// silently converted value.
const common = { allErrors: false, useDefaults: true, removeAdditional: false, strict: false } as const;
const bodyAjv = new Ajv({ ...common, coerceTypes: false });
const paramsAjv = new Ajv({ ...common, coerceTypes: 'array' });

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : paramsAjv;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
};

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
