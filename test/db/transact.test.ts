import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/connect.js';
import { openSqlite } from '../../src/db/connect.js';
import { groupCommitTransact } from '../../src/db/transact.js';
import { openTestDatabase } from '../helpers/app.js';

// Scratch tables outside the schema Stint's types know.
const loose = (db: unknown) => db as Kysely<any>;

describe('transact (the engine under test)', () => {
  let database: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ database, drop } = await openTestDatabase());
    await sql`create table scratch (id integer primary key, label varchar(40) not null unique)`.execute(database.db);
  });
  afterAll(async () => {
    await database.close();
    await drop();
  });

  it('applies concurrent writes; a failing one keeps nothing and spoils no other', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        database.transact(async (tx) => {
          await loose(tx).insertInto('scratch').values({ id: i + 1, label: `w${i}` }).execute();
          if (i % 7 === 3) throw new Error(`write ${i} refused`);
          return i;
        }),
      ),
    );
    results.forEach((r, i) => {
      if (i % 7 === 3) expect(r).toMatchObject({ status: 'rejected', reason: { message: `write ${i} refused` } });
      else expect(r).toEqual({ status: 'fulfilled', value: i });
    });
    const rows = await loose(database.db).selectFrom('scratch').select('id').orderBy('id').execute();
    expect(rows.map((r: { id: number }) => r.id)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1).filter((id) => (id - 1) % 7 !== 3));
  });

  it('a write that breaks a constraint fails alone', async () => {
    const [dup, fresh] = await Promise.allSettled([
      database.transact((tx) => loose(tx).insertInto('scratch').values({ id: 100, label: 'w0' }).execute()),
      database.transact((tx) => loose(tx).insertInto('scratch').values({ id: 101, label: 'fresh' }).execute()),
    ]);
    expect(dup.status).toBe('rejected');
    expect(fresh.status).toBe('fulfilled');
    const labels = await loose(database.db).selectFrom('scratch').select('label').where('id', 'in', [100, 101]).execute();
    expect(labels).toEqual([{ label: 'fresh' }]);
  });
});

describe('group commit on SQLite', () => {
  let database: Database;
  const statements: string[] = [];

  beforeAll(async () => {
    database = openSqlite(':memory:', { log: (e) => void statements.push(e.query.sql) });
    await sql`create table parent (id integer primary key)`.execute(database.db);
    await sql`create table child (id integer primary key, parent_id integer not null references parent(id))`.execute(database.db);
    await sql`insert into parent (id) values (1)`.execute(database.db);
  });
  afterAll(async () => {
    await database.close();
  });

  it('commits writes that arrive together once', async () => {
    statements.length = 0;
    await Promise.all(Array.from({ length: 20 }, (_, i) => database.transact((tx) => loose(tx).insertInto('child').values({ id: i + 1, parent_id: 1 }).execute())));
    expect(statements.filter((s) => s === 'commit').length).toBe(1);
    expect(statements.filter((s) => s.startsWith('savepoint')).length).toBe(20);
  });

  it('reports a failed commit to every write of the batch, keeps none of them, and goes on', async () => {
    const batch = await Promise.allSettled([
      database.transact((tx) => loose(tx).insertInto('child').values({ id: 50, parent_id: 1 }).execute()),
      database.transact(async (tx) => {
        // A deferred foreign key is checked at commit, so this write makes the commit fail.
        await sql`pragma defer_foreign_keys = on`.execute(tx);
        await loose(tx).insertInto('child').values({ id: 51, parent_id: 999 }).execute();
      }),
      database.transact((tx) => loose(tx).insertInto('child').values({ id: 52, parent_id: 1 }).execute()),
    ]);
    expect(batch.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await loose(database.db).selectFrom('child').select('id').where('id', '>=', 50).execute()).toEqual([]);

    const after = await database.transact((tx) => loose(tx).insertInto('child').values({ id: 60, parent_id: 1 }).returning('id').execute());
    expect(after).toEqual([{ id: 60 }]);
  });

  it('a lone write runs as a plain transaction', async () => {
    statements.length = 0;
    await database.transact((tx) => loose(tx).insertInto('child').values({ id: 70, parent_id: 1 }).execute());
    expect(statements[0]).toBe('begin');
    expect(statements.some((s) => s.startsWith('savepoint'))).toBe(false);
    expect(statements.at(-1)).toBe('commit');
  });

  it('is what a standalone group-commit writer does too', async () => {
    const transact = groupCommitTransact(database.db);
    const ids = await Promise.all([80, 81, 82].map((id) => transact(async (tx) => (await loose(tx).insertInto('child').values({ id, parent_id: 1 }).returning('id').executeTakeFirstOrThrow()).id)));
    expect(ids).toEqual([80, 81, 82]);
  });
});
