import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';

/**
 * First path segments that belong to the APIs, health checks and metrics. The app never answers
 * under them, so an unknown API path keeps Stint's JSON 404 even when a browser asks for it.
 */
const API_SEGMENTS = new Set(['api', 'reports', 'insights', 'webhooks', 'stint', 'healthz', 'readyz', 'metrics']);

/** A first path segment that is not one of API_SEGMENTS, as a find-my-way parameter pattern. */
const PAGE_SEGMENT = `(?!(?:${[...API_SEGMENTS].join('|')})$)[^/]*`;

/**
 * The app's report pages, under /reports beside the Reports APIs (/reports/api/...) as in Toggl's
 * web app, so a bookmarked report opens. No Toggl API answers at these paths.
 */
export const REPORT_PAGES = ['/reports', '/reports/summary', '/reports/detailed', '/reports/weekly'] as const;

export function isApiPath(url: string): boolean {
  const pathname = url.split('?', 1)[0]!;
  if ((REPORT_PAGES as readonly string[]).includes(pathname)) return false;
  const end = pathname.indexOf('/', 1);
  return API_SEGMENTS.has(pathname.slice(1, end < 0 ? undefined : end));
}

/**
 * Where the built app lives: WEB_DIR, else beside the compiled server (dist/http/web.js ->
 * dist/web). Run from source (tsx, Vitest) the first candidate is src/web, which never exists,
 * so the build output at dist/web is tried next.
 */
export function resolveWebDir(configured: string | null): string {
  if (configured) return path.resolve(configured);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../web'), path.resolve(here, '../../dist/web')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? candidates[0]!;
}

// Vite names every file under assets/ by its content hash, so a changed file is a new URL.
const IMMUTABLE = 'public, max-age=31536000, immutable';
// index.html names the current hashes: always revalidated (cheaply, by ETag).
const REVALIDATE = 'no-cache';

const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Stint</title></head>
<body>
<h1>Stint is running</h1>
<p>The web app has not been built. Run <code>npm run build</code> (or <code>npm start</code>, which builds first), then reload this page.</p>
<p>The APIs answer already: <code>/api/v9</code>, <code>/reports/api/v3</code>.</p>
</body>
</html>
`;

export interface WebOptions {
  /** Folder holding the built app (index.html, assets/). */
  root: string;
  /** HTTPS in front of Stint (COOKIE_SECURE): only then is HSTS sent. */
  secure: boolean;
}

const acceptsHtml = (request: FastifyRequest): boolean => (request.headers.accept ?? '').includes('text/html');

/**
 * The web app at `/`. Registered without fastify-plugin, so helmet's hooks and the static routes
 * live in this scope only and the API routes run no extra hook per request.
 */
export async function web(app: FastifyInstance, { root, secure }: WebOptions): Promise<void> {
  await app.register(helmet, {
    // The bundle is self-contained: no inline script or style, nothing from another origin.
    // React sets style properties through the CSSOM, which style-src does not govern.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Over plain HTTP (the default set-up) HSTS would mean nothing, and where TLS is terminated
    // elsewhere COOKIE_SECURE is what says HTTPS is in front.
    strictTransportSecurity: secure ? { maxAge: 15552000, includeSubDomains: false } : false,
    xFrameOptions: { action: 'deny' },
  });

  const built = existsSync(path.join(root, 'index.html'));
  const sendIndex = (reply: FastifyReply) =>
    built ? reply.header('cache-control', REVALIDATE).sendFile('index.html') : reply.header('cache-control', REVALIDATE).type('text/html; charset=utf-8').send(NOT_BUILT);

  // Files and the app's entry need no credentials; the page routes below do read them, so an unknown
  // API path behaves exactly as it did without the app (auth, limits, then the JSON 404).
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/:page(')) route.config = { ...(route.config ?? {}), webAsset: true };
  });
  if (built) {
    await app.register(fastifyStatic, {
      root,
      // One route per file, listed at start: the page routes below stay free for the app's own
      // paths, and a missing file is a plain 404 rather than a guess.
      wildcard: false,
      index: false,
      cacheControl: false,
      setHeaders: (reply, filePath) => {
        const rel = path.relative(root, filePath).split(path.sep).join('/');
        reply.header('cache-control', rel.startsWith('assets/') ? IMMUTABLE : REVALIDATE);
      },
    });
  }

  app.get('/', (_request, reply) => sendIndex(reply));
  // The app's own paths: any first segment but the API's. The router itself leaves API paths
  // unmatched, so each API keeps its own 404 (v8's array, Reports v2's envelope) and a matched API
  // route never evaluates this pattern. helmet: false, then reply.helmet() only for the app's HTML,
  // so a request that does not ask for HTML gets the plain JSON 404 without the page's headers.
  const page = `:page(${PAGE_SEGMENT})`;
  for (const url of [`/${page}`, `/${page}/*`, ...REPORT_PAGES]) {
    app.get(url, { helmet: false }, async (request, reply) => {
      if (isApiPath(request.url) || !acceptsHtml(request)) return reply.callNotFound();
      reply.helmet();
      return sendIndex(reply);
    });
  }
}
