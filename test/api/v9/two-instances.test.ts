import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../../src/db/dialect.js';
import type { Database } from '../../../src/db/connect.js';
import { client, openSharedTestDatabases, type TestApp } from '../../helpers/app.js';
import { createUser } from '../../helpers/factories.js';
import { buildLimitedApp } from '../../helpers/limits.js';

// Two Stint processes behind a load balancer share one PostgreSQL database. Nothing but the
// database coordinates them, so the one-running-entry rule must hold there, not in timing.
const PG = process.env.TEST_DATABASE_URL;
const ROUNDS = 30;

describe.skipIf(!PG)('two instances on one PostgreSQL database', () => {
  let dbA: Database;
  let dbB: Database;
  let a: TestApp;
  let b: TestApp;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const shared = await openSharedTestDatabases(2);
    [dbA, dbB] = shared.databases as [Database, Database];
    drop = shared.drop;
    a = await buildLimitedApp({}, { database: dbA });
    b = await buildLimitedApp({}, { database: dbB });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
  });

  const running = async (db: Database, userId: number) =>
    db.db.selectFrom('time_entries').select('id').where('user_id', '=', userId).where('stop', 'is', null).where('deleted_at', 'is', null).execute();

  it('lets at most one of two simultaneous inserts of a running entry succeed, through two connections', async () => {
    const u = await createUser(a);
    for (let round = 0; round < ROUNDS; round++) {
      const start = 1_736_000_000 + round * 100;
      const insert = (db: Database) =>
        db.db
          .insertInto('time_entries')
          .values({ workspace_id: u.workspaceId, user_id: u.user.id, project_id: null, task_id: null, start, stop: null, created_at: Date.now(), at: Date.now(), deleted_at: null })
          .execute();
      const results = await Promise.allSettled([insert(dbA), insert(dbB)]);
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(failures).toHaveLength(1);
      expect(isUniqueViolation(failures[0]!.reason)).toBe(true);
      expect(await running(dbB, u.user.id)).toHaveLength(1);
      await dbA.db.updateTable('time_entries').set({ stop: start + 60, duration: 60 }).where('user_id', '=', u.user.id).where('stop', 'is', null).execute();
    }
  });

  it('stops through one instance a timer started through the other, and never leaves two running entries', async () => {
    const u = await createUser(a);
    const apiB = client(b, { token: u.token });
    const body = () => ({ created_with: 'stint-tests', start: new Date().toISOString(), duration: -1, workspace_id: u.workspaceId });
    const started = await u.api.post(`/api/v9/workspaces/${u.workspaceId}/time_entries`, body());
    expect(started.status).toBe(200);
    const stopped = await apiB.patch(`/api/v9/workspaces/${u.workspaceId}/time_entries/${started.body.id}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.stop).not.toBeNull();
    expect((await u.api.get('/api/v9/me/time_entries/current')).text).toBe('null');

    for (let round = 0; round < ROUNDS; round++) {
      const answers = await Promise.all([u.api.post(`/api/v9/workspaces/${u.workspaceId}/time_entries`, body()), apiB.post(`/api/v9/workspaces/${u.workspaceId}/time_entries`, body())]);
      for (const r of answers) expect(r.status).toBeLessThan(500);
      expect(answers.some((r) => r.status === 200)).toBe(true);
      expect(await running(dbA, u.user.id)).toHaveLength(1);
      const current = await apiB.get('/api/v9/me/time_entries/current');
      expect(current.body).not.toBeNull();
      expect((await u.api.patch(`/api/v9/workspaces/${u.workspaceId}/time_entries/${current.body.id}/stop`)).status).toBe(200);
    }
    expect(await running(dbA, u.user.id)).toHaveLength(0);
  });
});
