import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { findForbiddenInput } from './validation.js';

export class BadRequestBody extends Error {
  readonly statusCode = 400;
}

/** Raised like a schema violation, so every skin words it as its own validation errors. */
class ForbiddenInput extends Error {
  readonly statusCode = 400;
  constructor(
    readonly validation: unknown[],
    readonly validationContext: string,
  ) {
    super('Invalid input');
  }
}

/**
 * Toggl's API takes JSON only. Any other content type, or a body that is not valid JSON, is
 * refused with 400 before a handler runs, so nothing can be half-applied. An empty body is
 * allowed: clients send `Content-Type: application/json` on bodiless POSTs such as reset_token.
 * A body sent with no Content-Type at all is read as JSON, as Toggl does: published clients rely
 * on it (npm toggl-client posts its Reports v3 parameters as a bare JSON string, and Toggl answers
 * them: saintedlama/toggl-client#23). Browsers always
 * label the bodies they send cross-site, and the session cookie is SameSite=Lax, so this opens no
 * form-based request forgery.
 */
export const jsonOnly = fp(
  async (app: FastifyInstance) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(/^application\/([\w.+-]+\+)?json($|;)/i, { parseAs: 'string' }, (_req, body, done) => {
      parseJson(typeof body === 'string' ? body : body.toString('utf8'), done);
    });
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => {
      const len = Buffer.isBuffer(body) ? body.length : String(body).length;
      if (len === 0) return done(null, undefined);
      if (req.headers['content-type'] === undefined) return parseJson(Buffer.isBuffer(body) ? body.toString('utf8') : String(body), done);
      done(new BadRequestBody(`Invalid Content-Type "${req.headers['content-type'] ?? ''}": the API accepts JSON only (Content-Type: application/json)`), undefined);
    });
    // One rule for text in every route, with or without a schema (see findForbiddenInput).
    app.addHook('preValidation', (request, _reply, done) => {
      for (const [context, value] of [
        ['params', request.params],
        ['querystring', request.query],
        ['body', request.body],
      ] as const) {
        if (value === undefined || value === null) continue;
        const issue = findForbiddenInput(value);
        if (issue) return done(new ForbiddenInput([issue], context));
      }
      done();
    });
  },
  { name: 'json-only' },
);

function parseJson(text: string, done: (err: Error | null, body?: unknown) => void): void {
  if (text.trim() === '') return done(null, undefined);
  try {
    done(null, JSON.parse(text));
  } catch (err) {
    done(new BadRequestBody(`Invalid JSON input: ${(err as Error).message}`), undefined);
  }
}
