import crypto from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Services, WebhookOverrides } from '../../src/container.js';
import { openPostgres, openSqlite, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrations/index.js';
import { expectConformant } from '../conformance/validator.js';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  /** Every route as registered, with its schemas. */
  routes: RouteOptions[];
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/**
 * A fresh database per call: in-memory SQLite by default, or a throwaway schema in the
 * PostgreSQL named by TEST_DATABASE_URL, so the whole suite runs on both engines.
 */
export async function openTestDatabase(): Promise<{ database: Database; drop(): Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const database = openSqlite(':memory:');
    return { database, drop: async () => {} };
  }
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = openPostgres(url, { searchPath: schema, max: 4 });
  return {
    database,
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

export async function buildTestApp(env: Record<string, string> = {}, deps: { webhooks?: WebhookOverrides } = {}): Promise<TestApp> {
  const config = loadConfig({ ...env });
  const { database, drop } = await openTestDatabase();
  await migrateToLatest(database.db, database.dialect);
  const { app, services, routes } = await buildApp({ config, database, logger: false, ...(deps.webhooks ? { webhooks: deps.webhooks } : {}) });
  await app.ready();
  return {
    app,
    services,
    routes,
    database,
    config,
    async close() {
      await app.close();
      await database.close();
      await drop();
    },
  };
}

export type Credentials = { token: string } | { email: string; password: string } | { cookie: string } | { authorization: string } | null;

export interface CallOptions {
  body?: unknown;
  /** Raw payload sent as is, for malformed-input tests. */
  rawBody?: string;
  contentType?: string;
  auth?: Credentials;
  headers?: Record<string, string>;
  /** Skip the spec check, for answers the spec does not describe (non-JSON bodies). */
  conform?: boolean;
}

export interface CallResult {
  status: number;
  body: any;
  text: string;
  headers: Record<string, string | string[] | number | undefined>;
}

function authHeader(auth: Credentials | undefined): Record<string, string> {
  if (!auth) return {};
  if ('token' in auth) return { authorization: 'Basic ' + Buffer.from(`${auth.token}:api_token`).toString('base64') };
  if ('email' in auth) return { authorization: 'Basic ' + Buffer.from(`${auth.email}:${auth.password}`).toString('base64') };
  if ('cookie' in auth) return { cookie: auth.cookie };
  return { authorization: auth.authorization };
}

/** Every API call in the tests goes through here, so every answer is checked against the spec. */
export async function call(t: TestApp, method: string, url: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...authHeader(options.auth), ...(options.headers ?? {}) };
  let payload: string | undefined;
  if (options.rawBody !== undefined) payload = options.rawBody;
  else if (options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const res = await t.app.inject({ method: method as never, url, headers, ...(payload !== undefined ? { payload } : {}) });
  if (options.conform !== false) {
    expectConformant({ method, url, statusCode: res.statusCode, body: res.body, headers: res.headers });
  }
  let body: unknown = undefined;
  if (res.body !== '') {
    try {
      body = JSON.parse(res.body);
    } catch {
      body = res.body;
    }
  }
  return { status: res.statusCode, body, text: res.body, headers: res.headers };
}

export function client(t: TestApp, auth: Credentials) {
  return {
    get: (url: string, o: Omit<CallOptions, 'auth'> = {}) => call(t, 'GET', url, { ...o, auth }),
    post: (url: string, body?: unknown, o: Omit<CallOptions, 'auth' | 'body'> = {}) => call(t, 'POST', url, { ...o, body, auth }),
    put: (url: string, body?: unknown, o: Omit<CallOptions, 'auth' | 'body'> = {}) => call(t, 'PUT', url, { ...o, body, auth }),
    patch: (url: string, body?: unknown, o: Omit<CallOptions, 'auth' | 'body'> = {}) => call(t, 'PATCH', url, { ...o, body, auth }),
    delete: (url: string, o: Omit<CallOptions, 'auth'> = {}) => call(t, 'DELETE', url, { ...o, auth }),
  };
}

/**
 * Several connection pools to one fresh PostgreSQL schema, as Stint instances behind a load
 * balancer have; needs TEST_DATABASE_URL. The schema is migrated once.
 */
export async function openSharedTestDatabases(count: number): Promise<{ databases: Database[]; drop(): Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('openSharedTestDatabases needs TEST_DATABASE_URL');
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const databases = Array.from({ length: count }, () => openPostgres(url, { searchPath: schema, max: 4 }));
  await migrateToLatest(databases[0]!.db, 'postgres');
  return {
    databases,
    drop: async () => {
      await Promise.all(databases.map((d) => d.close()));
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}
