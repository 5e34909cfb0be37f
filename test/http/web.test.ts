import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUser, type TestUser } from '../helpers/factories.js';
import { isApiPath } from '../../src/http/web.js';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/x.js"></script></head><body><div id="root"></div></body></html>';

let dir: string;
let t: TestApp;
let u: TestUser;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'stint-web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), INDEX);
  writeFileSync(path.join(dir, 'assets', 'x.js'), 'console.log("x");\n');
  writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  t = await buildTestApp({ WEB_DIR: dir });
  u = await createUser(t);
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const helmetHeaders = ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'cross-origin-opener-policy', 'referrer-policy'];

describe('the web app at /', () => {
  it('answers / with index.html, a strict CSP and no caching', async () => {
    const res = await get('/', { accept: HTML });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toBe(INDEX);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-cache');
    // Plain HTTP by default: HSTS only with COOKIE_SECURE.
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('falls back to index.html for the app\'s own paths when a browser asks for a page', async () => {
    for (const url of ['/timer', '/projects/12', '/settings/profile?tab=1', '/reports', '/reports/summary?period=thisMonth']) {
      const res = await get(url, { accept: HTML });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toBe(INDEX);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets for a year, immutable, and other files revalidated', async () => {
    const asset = await get('/assets/x.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await get('/favicon.svg');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers a missing asset and non-HTML requests with the JSON 404, not the app', async () => {
    for (const url of ['/assets/missing.js', '/timer']) {
      const res = await get(url, { accept: 'application/json' });
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toBe('404 page not found');
    }
  });

  it('leaves the API prefixes alone: JSON 404 for unknown API paths and no page headers on API answers', async () => {
    const authorization = 'Basic ' + Buffer.from(`${u.token}:api_token`).toString('base64');
    for (const url of ['/api/v9/nope', '/reports/api/v3/nope', '/insights/x', '/webhooks/api/v1/x', '/stint/api/v1/x', '/api']) {
      const res = await get(url, { accept: HTML, authorization });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toMatch(/json/);
      expect(res.json()).toBe('404 page not found');
      for (const h of helmetHeaders) expect(res.headers[h], `${url} ${h}`).toBeUndefined();
    }
    const me = await get('/api/v9/me', { accept: HTML, authorization: 'Basic ' + Buffer.from(`${u.token}:api_token`).toString('base64') });
    expect(me.statusCode).toBe(200);
    for (const h of helmetHeaders) expect(me.headers[h], h).toBeUndefined();
    const health = await get('/healthz', { accept: HTML });
    expect(health.headers['content-security-policy']).toBeUndefined();
  });

  it('reads no credential for its files, so they use up no quota', async () => {
    const authorization = 'Basic ' + Buffer.from(`${u.token}:api_token`).toString('base64');
    const before = Number((await get('/api/v9/me', { authorization })).headers['x-toggl-quota-remaining']);
    await get('/assets/x.js', { authorization });
    await get('/', { authorization, accept: HTML });
    const after = Number((await get('/api/v9/me', { authorization })).headers['x-toggl-quota-remaining']);
    expect(after).toBe(before - 1);
  });
});

describe('before the app is built', () => {
  let bare: TestApp;
  let empty: string;
  beforeAll(async () => {
    empty = mkdtempSync(path.join(os.tmpdir(), 'stint-web-empty-'));
    bare = await buildTestApp({ WEB_DIR: empty });
  });
  afterAll(async () => {
    await bare?.close();
    rmSync(empty, { recursive: true, force: true });
  });

  it('says to run npm run build, with the same headers', async () => {
    for (const url of ['/', '/timer']) {
      const res = await bare.app.inject({ method: 'GET', url, headers: { accept: HTML } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('npm run build');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    }
    // Each API keeps its own answer to an unknown path: v9 asks for credentials first.
    const api = await bare.app.inject({ method: 'GET', url: '/api/v9/nope', headers: { accept: HTML } });
    expect(api.statusCode).toBe(401);
    expect(api.headers['content-security-policy']).toBeUndefined();
    const v8 = await bare.app.inject({ method: 'GET', url: '/api/v8/nope', headers: { accept: HTML } });
    expect(v8.statusCode).toBe(403);
    expect(v8.headers['content-security-policy']).toBeUndefined();
  });
});

describe('isApiPath', () => {
  it('knows the API prefixes by their first segment only', () => {
    for (const p of ['/api/v9/me', '/api', '/reports/api/v3', '/healthz', '/readyz?x=1', '/metrics', '/stint/api/v1/x']) expect(isApiPath(p), p).toBe(true);
    for (const p of ['/', '/timer', '/apiary', '/reportsx', '/settings/api', '/reports', '/reports/summary?period=thisWeek', '/reports/weekly']) expect(isApiPath(p), p).toBe(false);
    for (const p of ['/reports/api', '/reports/summary/x', '/reports/other']) expect(isApiPath(p), p).toBe(true);
  });
});
