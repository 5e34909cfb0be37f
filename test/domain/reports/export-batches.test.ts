// Exports walk a report in keyset batches (entryBatch). In date order each batch narrows the
// period to start at the cursor; these tests check that every entry still comes exactly once, in
// report order, with ties on start and entries on the period's edges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportRange } from '../../../src/domain/reports/report-range.js';
import { ReportsRepository, type DetailedCursor, type ReportScope } from '../../../src/domain/reports/reports.repository.js';
import type { DetailedOrderBy, OrderDir } from '../../../src/domain/reports/report-filters.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createUser, type TestUser } from '../../helpers/factories.js';
import { insertEntry, unix } from '../../helpers/report-data.js';

let t: TestApp;
let repo: ReportsRepository;
let scope: ReportScope;
/** The entries the period holds, as [id, start, duration]. */
const inPeriod: [number, number, number][] = [];

beforeAll(async () => {
  t = await buildTestApp();
  repo = new ReportsRepository(t.database.db, t.database.dialect);
  const owner = await createUser(t);
  const wid = owner.workspaceId;
  const add = async (start: string, duration: number, extra: { deleted?: boolean } = {}) => {
    const id = await insertEntry(t, wid, { userId: owner.user.id, start, duration, description: `at ${start}`, ...extra });
    return { id, start: unix(start), duration };
  };
  // Outside the period, on both sides.
  await add('2025-02-28T23:59:59Z', 60);
  await add('2025-04-01T00:00:00Z', 60);
  // Never reported.
  await add('2025-03-05T09:00:00Z', 60, { deleted: true });
  const starts = [
    '2025-03-01T00:00:00Z', // the period's first second
    '2025-03-03T09:00:00Z',
    '2025-03-03T09:00:00Z', // ties on start, told apart by id
    '2025-03-03T09:00:00Z',
    '2025-03-03T09:00:00Z',
    '2025-03-10T12:00:00Z',
    '2025-03-02T08:00:00Z', // filled in late: a higher id with an earlier start
    '2025-03-20T17:30:00Z',
    '2025-03-20T17:30:00Z',
    '2025-03-31T23:59:59Z', // the period's last second
  ];
  for (const [i, start] of starts.entries()) {
    const e = await add(start, 600 + (i % 3) * 300);
    inPeriod.push([e.id, e.start, e.duration]);
  }
  const range = reportRange({ start_date: '2025-03-01', end_date: '2025-03-31' }, 'UTC', 0);
  scope = { workspaceId: wid, viewer: { userId: owner.user.id, admin: true, limitPublicProjectData: false }, range, filters: {}, rounding: null, rates: null, labour: null };
});

afterAll(async () => t.close());

async function walk(order: { by: DetailedOrderBy; dir: OrderDir }, batch: number): Promise<number[]> {
  const ids: number[] = [];
  let cursor: DetailedCursor | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const found = await repo.entryBatch(scope, order, cursor, batch);
    ids.push(...found.rows.map((r) => r.id));
    if (found.rows.length < batch) return ids;
    cursor = found.cursor;
  }
  throw new Error('the batches never ended');
}

describe('export batches', () => {
  const byStart = (dir: number) => (a: [number, number, number], b: [number, number, number]) => dir * (a[1] - b[1] || a[0] - b[0]);
  const byDuration = (dir: number) => (a: [number, number, number], b: [number, number, number]) => dir * (a[2] - b[2] || a[1] - b[1] || a[0] - b[0]);

  it.each([1, 2, 3, 4, 10, 11])('walks the period in date order, ascending and descending, %i entries at a time', async (batch) => {
    expect(await walk({ by: 'date', dir: 'ASC' }, batch)).toEqual([...inPeriod].sort(byStart(1)).map((e) => e[0]));
    expect(await walk({ by: 'date', dir: 'DESC' }, batch)).toEqual([...inPeriod].sort(byStart(-1)).map((e) => e[0]));
  });

  it.each([1, 3, 4])('walks the period in duration order, %i entries at a time', async (batch) => {
    expect(await walk({ by: 'duration', dir: 'ASC' }, batch)).toEqual([...inPeriod].sort(byDuration(1)).map((e) => e[0]));
    expect(await walk({ by: 'duration', dir: 'DESC' }, batch)).toEqual([...inPeriod].sort(byDuration(-1)).map((e) => e[0]));
  });

  it('leaves the caller’s period as it was', async () => {
    const before = { ...scope.range };
    await walk({ by: 'date', dir: 'ASC' }, 2);
    await walk({ by: 'date', dir: 'DESC' }, 2);
    expect(scope.range).toEqual(before);
  });
});

describe('a whole export through the service', () => {
  const COUNT = 4_321; // three batches of the service's 2,000, the last one short
  let owner: TestUser;

  beforeAll(async () => {
    owner = await createUser(t);
    const first = unix('2025-05-01T00:00:00Z');
    const rows = Array.from({ length: COUNT }, (_, i) => {
      // Every third start repeats the previous one, so batches also end inside runs of ties.
      const start = first + (i % 3 === 2 ? i - 1 : i) * 600;
      return { workspace_id: owner.workspaceId, user_id: owner.user.id, description: `entry ${i}`, start, stop: start + 300, duration: 300, created_with: 'export-batches', created_at: 0, at: 0 };
    });
    for (let i = 0; i < rows.length; i += 500) await t.database.db.insertInto('time_entries').values(rows.slice(i, i + 500)).execute();
  });

  const body = { start_date: '2025-05-01', end_date: '2025-05-31' };

  it('yields every entry once, in report order, numbered from 1', async () => {
    const rows = [];
    for await (const batch of t.services.reports.detailedBatches(owner.user, owner.workspaceId, body)) rows.push(...batch);
    expect(rows).toHaveLength(COUNT);
    expect(rows.map((r) => r.row_number)).toEqual(Array.from({ length: COUNT }, (_, i) => i + 1));
    const keys = rows.map((r) => [r.time_entries[0]!.start, r.time_entries[0]!.id] as const);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(keys).toEqual(sorted);
    expect(new Set(keys.map((k) => k[1])).size).toBe(COUNT);
  });

  it('can be abandoned after the first batch while the next one is being read', async () => {
    let seen = 0;
    for await (const batch of t.services.reports.detailedBatches(owner.user, owner.workspaceId, body)) {
      seen += batch.length;
      break;
    }
    expect(seen).toBe(2_000);
    // The abandoned prefetch settles without an unhandled rejection (vitest fails the run on one).
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
});
