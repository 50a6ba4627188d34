import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteFile } from './database.ts';
import { CachingSqliteDatabase } from './statement-cache.ts';

interface TestDB {
  thing: { id: number; name: string; n: number };
}

describe('prepared-statement cache (SQLite)', () => {
  let dir: string;
  let cache: CachingSqliteDatabase;
  let db: Kysely<TestDB>;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ishenim-stmt-cache-'));
    cache = new CachingSqliteDatabase(openSqliteFile(path.join(dir, 't.sqlite')), 8);
    db = new Kysely<TestDB>({ dialect: new SqliteDialect({ database: cache }) });
    await sql`create table thing (id integer primary key, name text not null, n integer not null)`.execute(
      db,
    );
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a repeated query from one cached statement, with each call’s own parameters', async () => {
    for (let i = 1; i <= 20; i++)
      await db
        .insertInto('thing')
        .values({ id: i, name: `t${i}`, n: i * 10 })
        .execute();
    const before = { ...cache.stats };
    for (let i = 1; i <= 20; i++) {
      const row = await db.selectFrom('thing').selectAll().where('id', '=', i).executeTakeFirstOrThrow();
      expect(row).toEqual({ id: i, name: `t${i}`, n: i * 10 });
    }
    // One prepare for the select, then hits only.
    expect(cache.stats.prepares - before.prepares).toBe(1);
    expect(cache.stats.hits - before.hits).toBe(19);
  });

  it('keeps reader detection: selects and returning give rows, writes give counts and ids', async () => {
    const inserted = await db
      .insertInto('thing')
      .values({ id: 7, name: 'seven', n: 1 })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    expect(inserted).toEqual({ id: 7, name: 'seven' });
    const again = await db
      .insertInto('thing')
      .values({ id: 8, name: 'eight', n: 2 })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    expect(again).toEqual({ id: 8, name: 'eight' });

    const plain = await db
      .insertInto('thing')
      .values({ id: 9, name: 'nine', n: 3 })
      .executeTakeFirstOrThrow();
    expect(plain.insertId).toBe(9n);
    const updated = await db
      .updateTable('thing')
      .set({ n: 5 })
      .where('id', '>=', 8)
      .executeTakeFirstOrThrow();
    expect(updated.numUpdatedRows).toBe(2n);
    const updatedAgain = await db
      .updateTable('thing')
      .set({ n: 6 })
      .where('id', '>=', 9)
      .executeTakeFirstOrThrow();
    expect(updatedAgain.numUpdatedRows).toBe(1n);
    const changed = await db.updateTable('thing').set({ n: 7 }).where('id', '=', 7).returning('n').execute();
    expect(changed).toEqual([{ n: 7 }]);
  });

  it('stays bounded, evicting the least recently used statement', async () => {
    const hot = () => db.selectFrom('thing').select('id').where('id', '=', 1).execute();
    await hot();
    // 20 different query shapes through a cache of 8, touching the hot one in between.
    for (let i = 0; i < 20; i++) {
      await db
        .selectFrom('thing')
        .select(sql<number>`${sql.lit(i)}`.as(`c${i}`))
        .execute();
      await hot();
      expect(cache.size).toBeLessThanOrEqual(8);
    }
    const before = cache.stats.prepares;
    await hot();
    expect(cache.stats.prepares).toBe(before); // still cached: it was used recently
    await db
      .selectFrom('thing')
      .select(sql<number>`${sql.lit(0)}`.as('c0'))
      .execute();
    expect(cache.stats.prepares).toBe(before + 1); // long evicted
  });

  it('streams through a cached statement, and hands out a fresh one while it is being iterated', async () => {
    for (let i = 1; i <= 5; i++)
      await db
        .insertInto('thing')
        .values({ id: i, name: `t${i}`, n: i })
        .execute();
    const q = () => db.selectFrom('thing').select('id').where('n', '>', 0).orderBy('id');
    for (let round = 0; round < 2; round++) {
      const seen: number[] = [];
      for await (const row of q().stream()) seen.push(row.id);
      expect(seen).toEqual([1, 2, 3, 4, 5]);
    }
    expect(await q().execute()).toHaveLength(5);

    // At the wrapper: the same SQL asked for while its cached statement is mid-iteration.
    const text = 'select id from thing order by id';
    const first = cache.prepare(text);
    const iter = first.iterate([]);
    expect(iter.next().value).toEqual({ id: 1 });
    const second = cache.prepare(text);
    expect(second).not.toBe(first);
    expect(second.all([])).toHaveLength(5);
    iter.return?.();
    expect(cache.prepare(text)).toBe(first);
  });

  it('refuses a size below one and closes the handle with the cache', async () => {
    expect(() => new CachingSqliteDatabase(cache.handle, 0)).toThrow();
    await db.destroy();
    expect(cache.handle.open).toBe(false);
    expect(cache.size).toBe(0);
    db = new Kysely<TestDB>({
      dialect: new SqliteDialect({
        database: new CachingSqliteDatabase(openSqliteFile(path.join(dir, 'u.sqlite'))),
      }),
    });
  });
});
