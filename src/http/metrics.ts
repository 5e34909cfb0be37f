import crypto from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Registry, type Metric } from 'prom-client';
import { RefusedRequest, type RefusalKind } from '../api/errors.js';
import type { Database } from '../db/connect.js';
import type { DB } from '../db/tables.js';

export interface MetricsOptions {
  database: Database;
  /** METRICS_TOKEN; null: /metrics answers loopback clients only. */
  token: string | null;
  /** Clock of the cached domain counts; tests move it by hand. */
  now?: () => number;
}

/** The route label of requests no route matched, so unknown paths cannot grow the label set. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Domain counts are read at most this often, and only when scraped. */
export const DOMAIN_COUNTS_MAX_AGE_MS = 15_000;

const REQUEST_BOUNDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STATEMENT_BOUNDS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const REFUSAL_KINDS: readonly RefusalKind[] = ['rate_limit', 'quota', 'login', 'signup', 'body_too_large'];

type Labels = Record<string, string | number>;
interface Sample {
  metricName: string;
  labels: Labels;
  value: number;
}

/**
 * A histogram kept as plain numbers. prom-client's own Counter and Histogram build a string key
 * from the labels on every observation; every request and every SQL statement passes through
 * here, so they only add to numbers, and strings are built when Prometheus scrapes.
 */
class Buckets {
  /** counts[i]: observations above bounds[i - 1] and at most bounds[i]; the last: above every bound. */
  private readonly counts: Float64Array;
  private sum = 0;
  private count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.counts[i] = this.counts[i]! + 1;
    this.sum += value;
    this.count++;
  }

  samples(name: string, labels: Labels, out: Sample[]): void {
    let cumulative = 0;
    for (let i = 0; i < this.bounds.length; i++) {
      cumulative += this.counts[i]!;
      out.push({ metricName: `${name}_bucket`, labels: { ...labels, le: this.bounds[i]! }, value: cumulative });
    }
    out.push({ metricName: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, value: this.count });
    out.push({ metricName: `${name}_sum`, labels, value: this.sum });
    out.push({ metricName: `${name}_count`, labels, value: this.count });
  }
}

class MethodSeries {
  readonly statuses = new Map<number, number>();
  readonly latency = new Buckets(REQUEST_BOUNDS);
  constructor(readonly labels: { route: string; method: string }) {}
}

/** Requests by route template and method; the label strings are the route's and the parser's own. */
class RequestTallies {
  private readonly routes = new Map<string, Map<string, MethodSeries>>();

  record(route: string, method: string, status: number, seconds: number): void {
    let methods = this.routes.get(route);
    if (!methods) this.routes.set(route, (methods = new Map()));
    let series = methods.get(method);
    if (!series) methods.set(method, (series = new MethodSeries({ route, method })));
    series.statuses.set(status, (series.statuses.get(status) ?? 0) + 1);
    series.latency.observe(seconds);
  }

  *series(): Iterable<MethodSeries> {
    for (const methods of this.routes.values()) yield* methods.values();
  }
}

/**
 * A metric whose samples are read from our own tallies when scraped. The Registry formats any
 * registered object with a name, help, type and `get()`, which is all this is.
 */
function tallied(registry: Registry, name: string, help: string, type: 'counter' | 'gauge' | 'histogram', samples: () => Sample[] | Promise<Sample[]>): void {
  const metric = {
    name,
    help,
    type,
    aggregator: 'sum',
    get: async () => ({ name, help, type, aggregator: 'sum', values: await samples() }),
    reset: () => undefined,
  };
  registry.registerMetric(metric as unknown as Metric);
}

export interface DomainFigures {
  users: number;
  workspaces: number;
  runningTimeEntries: number;
}

/** Accounts (disabled ones included), live workspaces, and running time entries (no stop yet). */
export async function countDomain(db: Kysely<DB>): Promise<DomainFigures> {
  const [users, workspaces, running] = await Promise.all([
    db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('workspaces').select((eb) => eb.fn.countAll<number>().as('n')).where('deleted_at', 'is', null).executeTakeFirstOrThrow(),
    // The condition of the time_entries_one_running index, which answers it.
    db
      .selectFrom('time_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('stop', 'is', null)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return { users: Number(users.n), workspaces: Number(workspaces.n), runningTimeEntries: Number(running.n) };
}

/** Domain counts read when scraped, at most every DOMAIN_COUNTS_MAX_AGE_MS; never on an API request. */
class DomainCounts {
  private figures: DomainFigures | null = null;
  private readAt = -Infinity;
  pending: Promise<void> | null = null;

  constructor(
    private readonly read: () => Promise<DomainFigures>,
    private readonly now: () => number,
    private readonly log: FastifyBaseLogger,
  ) {}

  async current(): Promise<DomainFigures | null> {
    if (!this.pending && this.now() - this.readAt >= DOMAIN_COUNTS_MAX_AGE_MS) {
      this.pending = this.refresh().finally(() => {
        this.pending = null;
      });
    }
    if (this.pending) await this.pending;
    return this.figures;
  }

  private async refresh(): Promise<void> {
    try {
      this.figures = await this.read();
    } catch (err) {
      // The last figures stay; a failing database is asked again only once they are due.
      this.log.warn({ err }, 'metrics: counting users, workspaces and running time entries failed');
    }
    this.readAt = this.now();
  }
}

const LOOPBACK_V4 = /^(?:::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/i;

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || LOOPBACK_V4.test(address));
}

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest();

/** Digests have one length whatever was sent, so the comparison takes the same time for any guess. */
function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = header === undefined ? null : /^Bearer +(\S+) *$/i.exec(header);
  return match !== null && crypto.timingSafeEqual(sha256(match[1]!), expected);
}

function refusalKind(error: unknown): RefusalKind | null {
  if (error instanceof RefusedRequest) return error.kind;
  // Fastify's own limit, met by bodies sent without a Content-Length (rate-limit.ts checks the header).
  if ((error as { code?: unknown } | null)?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'body_too_large';
  return null;
}

let processRegistry: Registry | undefined;

/**
 * Memory, CPU, event-loop lag and garbage collection belong to the process, not to an app, and
 * prom-client offers no way to stop the monitors collectDefaultMetrics starts: so they are
 * collected once per process, into a registry of their own that every app's /metrics includes
 * (tests build many apps in one process).
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
    // Gauges named like counters, which `promtool check metrics` rejects; the same figures stay
    // available per kind as nodejs_active_handles / nodejs_active_requests / nodejs_active_resources.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
      processRegistry.removeSingleMetric(name);
    }
  }
  return processRegistry;
}

/**
 * GET /metrics in Prometheus' text format. With METRICS_TOKEN it asks for that bearer token;
 * without, it answers loopback clients only. Loopback means both the connection's address and
 * the client address Fastify reports (the same unless TRUST_PROXY is set): a reverse proxy on
 * this host connects from loopback on behalf of anyone, and with TRUST_PROXY=true a direct
 * client may claim loopback in X-Forwarded-For; it can pass neither test alone.
 */
export const metrics = fp(
  async (app: FastifyInstance, { database, token, now = Date.now }: MetricsOptions) => {
    const registry = new Registry();
    const requests = new RequestTallies();
    const statements = new Buckets(STATEMENT_BOUNDS);

    tallied(registry, 'stint_http_requests_total', 'HTTP requests answered, by route template (unmatched: no route), method and status code.', 'counter', () => {
      const out: Sample[] = [];
      for (const series of requests.series()) {
        for (const [status, value] of series.statuses) {
          out.push({ metricName: 'stint_http_requests_total', labels: { ...series.labels, status_code: status }, value });
        }
      }
      return out;
    });
    tallied(registry, 'stint_http_request_duration_seconds', 'Time from the arrival of a request to the end of its answer, by route template and method.', 'histogram', () => {
      const out: Sample[] = [];
      for (const series of requests.series()) series.latency.samples('stint_http_request_duration_seconds', series.labels, out);
      return out;
    });
    new Gauge({
      name: 'stint_http_requests_in_flight',
      help: 'Requests received whose handling has not finished.',
      registers: [registry],
      collect() {
        this.set(app.inFlightCount());
      },
    });
    const refusals = new Counter({
      name: 'stint_http_refusals_total',
      help: 'Requests refused by an API limit: rate_limit (429), quota (402), login and signup throttling (429), body_too_large (413).',
      labelNames: ['kind'],
      registers: [registry],
    });
    for (const kind of REFUSAL_KINDS) refusals.inc({ kind }, 0);

    tallied(registry, 'stint_db_statement_duration_seconds', 'Time each SQL statement took, failed ones included.', 'histogram', () => {
      const out: Sample[] = [];
      statements.samples('stint_db_statement_duration_seconds', {}, out);
      return out;
    });
    const stopTiming = database.stats.onStatement((ms) => statements.observe(ms / 1000));
    if (database.stats.pool() !== null) {
      const pool = (name: string, help: string, figure: 'total' | 'idle' | 'waiting') =>
        new Gauge({
          name,
          help,
          registers: [registry],
          collect() {
            this.set(database.stats.pool()?.[figure] ?? 0);
          },
        });
      pool('stint_db_pool_clients', 'Open PostgreSQL connections of the pool, idle or in use.', 'total');
      pool('stint_db_pool_idle_clients', 'Open PostgreSQL connections of the pool not in use.', 'idle');
      pool('stint_db_pool_waiting', 'Requests for a PostgreSQL connection queued because every one is in use.', 'waiting');
    }

    const domain = new DomainCounts(() => countDomain(database.db), now, app.log);
    const figure = (name: string, help: string, key: keyof DomainFigures) =>
      tallied(registry, name, `${help} Read at most every ${DOMAIN_COUNTS_MAX_AGE_MS / 1000} s.`, 'gauge', async () => {
        const figures = await domain.current();
        // Until the database has answered once there is no figure to report, rather than a 0.
        return figures ? [{ metricName: name, labels: {}, value: figures[key] }] : [];
      });
    figure('stint_users', 'User accounts, disabled ones included.', 'users');
    figure('stint_workspaces', 'Workspaces not deleted.', 'workspaces');
    figure('stint_running_time_entries', 'Time entries running (started, not stopped).', 'runningTimeEntries');

    const exposed = Registry.merge([processMetrics(), registry]);
    const expectedToken = token === null ? null : sha256(token);

    // Callback-style hooks: they run on every request, and an async hook costs a promise each.
    app.addHook('onResponse', (request, reply, done) => {
      requests.record(request.routeOptions.config.url ?? UNMATCHED_ROUTE, request.method, reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
    app.addHook('onError', (_request, _reply, error, done) => {
      const kind = refusalKind(error);
      if (kind) refusals.inc({ kind });
      done();
    });
    app.addHook('onClose', async () => {
      stopTiming();
      // The database closes after the app: a count still running must not outlive it.
      await domain.pending;
    });

    app.get('/metrics', { config: { public: true } }, async (request, reply) => {
      if (expectedToken) {
        if (!bearerMatches(request.headers.authorization, expectedToken)) {
          return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').type('text/plain; charset=utf-8').send('METRICS_TOKEN is required as a bearer token\n');
        }
      } else if (!isLoopback(request.socket.remoteAddress) || !isLoopback(request.ip)) {
        return reply.code(401).type('text/plain; charset=utf-8').send('Metrics are served to loopback clients only; set METRICS_TOKEN to scrape from elsewhere\n');
      }
      const text = await exposed.metrics();
      return reply.type(exposed.contentType).send(text);
    });
  },
  { name: 'metrics', dependencies: ['in-flight'] },
);
