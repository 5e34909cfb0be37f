// Memory under a flood of requests from many distinct client IPs.
//
//   node --expose-gc --import tsx bench/rate-limit-memory.ts [requests]
//
// Every request comes from a new IP (X-Forwarded-For behind a trusted proxy): half are
// authenticated API calls (one leaky bucket per credential per IP), half are signup attempts
// (one hourly window per IP, the longest-lived kind of key). The in-memory limit store must
// stay bounded: heap and key count level off instead of growing with the IPs seen.
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openSqlite } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrations/index.js';
import { MemoryStore } from '../src/http/limits/memory-store.js';

const total = Number(process.argv[2] ?? 400_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with: node --expose-gc --import tsx bench/rate-limit-memory.ts');
  process.exit(1);
}

const config = loadConfig({ TRUST_PROXY: 'true', QUOTA_ENFORCE: 'false', LOG_LEVEL: 'error' });
const database = openSqlite(':memory:');
await migrateToLatest(database.db, database.dialect);
const store = new MemoryStore(config.rateLimit.maxKeys);
const { app, services } = await buildApp({ config, database, logger: false, limits: { store } });
await app.ready();
const user = await services.users.signup({ email: 'bench@example.com', password: 'bench-password' });
const authorization = 'Basic ' + Buffer.from(`${user.api_token}:api_token`).toString('base64');

const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

function sample(done: number) {
  gc!();
  const { heapUsed, rss } = process.memoryUsage();
  console.log(`| ${done.toLocaleString('en')} | ${store.size.toLocaleString('en')} | ${mb(heapUsed)} | ${mb(rss)} |`);
}

console.log(`RATE_LIMIT_MAX_KEYS=${config.rateLimit.maxKeys}, ${total.toLocaleString('en')} requests, each from a new IP`);
console.log('| requests | keys held | heap used (MiB) | RSS (MiB) |');
console.log('| ---: | ---: | ---: | ---: |');
sample(0);
const started = Date.now();
const step = Math.max(1, Math.floor(total / 8));
const statuses = new Map<number, number>();
for (let i = 1; i <= total; i++) {
  const res =
    i % 2
      ? await app.inject({ method: 'GET', url: '/api/v9/me/id', headers: { authorization, 'x-forwarded-for': ip(i) } })
      : await app.inject({ method: 'POST', url: '/api/v9/signup', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip(i) }, payload: '{}' });
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  if (i % step === 0) sample(i);
}
console.log(`\n${Math.round(total / ((Date.now() - started) / 1000)).toLocaleString('en')} requests/s; statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
await app.close();
await database.close();
