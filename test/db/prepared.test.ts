import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrations/index.js';
import { prepared } from '../../src/db/prepared.js';
import { openTestDatabase } from '../helpers/app.js';

let database: Database;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
  await migrateToLatest(database.db, database.dialect);
  const now = Date.now();
  await database.db
    .insertInto('users')
    .values(
      ['ann', 'bob', 'cy'].map((n, i) => ({
        email: `${n}@example.com`,
        email_key: `${n}@example.com`,
        fullname: n,
        password_hash: 'x',
        api_token: `t${i}`,
        api_token_hash: `h${i}`,
        created_at: now,
        updated_at: now,
        authorization_updated_at: now,
      })) as never,
    )
    .execute();
});

afterAll(async () => {
  await database.close();
  await drop();
});

describe('prepared queries', () => {
  it('run the same plan with new values', async () => {
    let builds = 0;
    const byEmail = prepared((db, a: { email: string }) => {
      builds++;
      return db.selectFrom('users').select('fullname').where('email_key', '=', a.email);
    });
    expect(await byEmail.first(database.db, { email: 'ann@example.com' })).toEqual({ fullname: 'ann' });
    expect(await byEmail.first(database.db, { email: 'bob@example.com' })).toEqual({ fullname: 'bob' });
    expect(await byEmail.first(database.db, { email: 'nobody@example.com' })).toBeUndefined();
    expect(builds).toBe(1);
  });

  it('build one plan per shape: present or absent arguments, booleans, list lengths', async () => {
    let builds = 0;
    const names = prepared((db, a: { emails: string[]; desc: boolean; limit?: number }) => {
      builds++;
      let q = db.selectFrom('users').select('fullname').where('email_key', 'in', a.emails).orderBy('fullname', a.desc ? 'desc' : 'asc');
      if (a.limit !== undefined) q = q.limit(a.limit);
      return q;
    });
    const run = async (args: { emails: string[]; desc: boolean; limit?: number }) => (await names.all(database.db, args)).map((r) => r.fullname);
    expect(await run({ emails: ['ann@example.com', 'bob@example.com'], desc: false })).toEqual(['ann', 'bob']);
    expect(await run({ emails: ['cy@example.com', 'bob@example.com'], desc: false })).toEqual(['bob', 'cy']);
    expect(await run({ emails: ['ann@example.com', 'bob@example.com'], desc: true })).toEqual(['bob', 'ann']);
    expect(await run({ emails: ['ann@example.com', 'bob@example.com', 'cy@example.com'], desc: true, limit: 1 })).toEqual(['cy']);
    expect(await run({ emails: ['ann@example.com', 'bob@example.com', 'cy@example.com'], desc: true, limit: 2 })).toEqual(['cy', 'bob']);
    expect(await run({ emails: ['ann@example.com'], desc: false, limit: undefined })).toEqual(['ann']);
    // Four shapes: (2 names, asc), (2 names, desc), (3 names, desc, limit), (1 name, asc); a
    // limit given as undefined is the same shape as none.
    expect(builds).toBe(4);
  });

  it('keep nulls as they are, in comparisons and in written rows', async () => {
    const setImage = prepared((db, a: { id: number; image: string | null }) =>
      db.updateTable('users').set({ image_url: a.image } as never).where('id', '=', a.id).returning(['id', 'image_url']),
    );
    const ann = await database.db.selectFrom('users').select('id').where('email_key', '=', 'ann@example.com').executeTakeFirstOrThrow();
    expect(await setImage.first(database.db, { id: ann.id, image: 'https://example.com/a.png' })).toEqual({ id: ann.id, image_url: 'https://example.com/a.png' });
    expect(await setImage.first(database.db, { id: ann.id, image: null })).toEqual({ id: ann.id, image_url: null });
  });

  it('run inside a transaction and see its writes', async () => {
    const count = prepared((db, a: { key: string }) => db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('email_key', '=', a.key));
    await database.db
      .transaction()
      .execute(async (tx) => {
        await tx
          .insertInto('users')
          .values({ email: 'tmp@example.com', email_key: 'tmp@example.com', fullname: 'tmp', password_hash: 'x', api_token: 'tt', api_token_hash: 'ht', created_at: 1, updated_at: 1, authorization_updated_at: 1 } as never)
          .execute();
        expect(Number((await count.first(tx, { key: 'tmp@example.com' }))!.n)).toBe(1);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(Number((await count.first(database.db, { key: 'tmp@example.com' }))!.n)).toBe(0);
  });

  it('refuse arguments that cannot be placeholders', async () => {
    const q = prepared((db, a: { raw: string }) => db.selectFrom('users').select(sql<string>`${a.raw}`.as('x')));
    await expect(q.first(database.db, { raw: { nested: true } as unknown as string })).rejects.toThrow(/must be a number, string/);
  });
});
