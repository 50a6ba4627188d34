import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, describeDialects, type TestDatabase } from '../../test/db.ts';
import { newId } from '../shared/ids.ts';
import { nowIso } from '../shared/time.ts';
import { WriteScopeError } from './write-scope.ts';

function orgRow(name: string) {
  const at = nowIso();
  return {
    id: newId(),
    name,
    kind: 'ngo',
    sector: 'partner' as const,
    status: 'active' as const,
    created_at: at,
    updated_at: at,
  };
}

describeDialects('database writes', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t.drop());

  it('commits many concurrent writes and answers each one', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        t.db.write(async (trx) => {
          await trx
            .insertInto('organisation')
            .values(orgRow(`org ${i}`))
            .execute();
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 200 }, (_, i) => i));
    const { n } = await t.db.read
      .selectFrom('organisation')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('name', 'like', 'org %')
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(200);
  });

  it('rolls back a failing write alone, keeping the others in its batch', async () => {
    const dup = orgRow('dup');
    const outcomes = await Promise.allSettled([
      t.db.write((trx) => trx.insertInto('organisation').values(orgRow('before')).execute()),
      t.db.write(async (trx) => {
        await trx.insertInto('organisation').values(dup).execute();
        await trx.insertInto('organisation').values(dup).execute(); // same id: fails
      }),
      t.db.write((trx) => trx.insertInto('organisation').values(orgRow('after')).execute()),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(t.db.dialect.isUniqueViolation((outcomes[1] as PromiseRejectedResult).reason)).toBe(true);
    const names = (
      await t.db.read
        .selectFrom('organisation')
        .select('name')
        .where('name', 'in', ['before', 'after', 'dup'])
        .execute()
    ).map((r) => r.name);
    expect(names.sort()).toEqual(['after', 'before']);
  });
});

describe('sqlite durability settings', () => {
  it('runs in WAL mode with synchronous=FULL, foreign keys and a busy timeout', async () => {
    const t = await createTestDatabase('sqlite');
    try {
      const h = t.db.sqlite!;
      expect(h.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(h.pragma('synchronous', { simple: true })).toBe(2);
      expect(h.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(Number(h.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
      const r = await sql<{ ok: string }>`pragma integrity_check`.execute(t.db.read);
      expect(Object.values(r.rows[0] ?? {})[0]).toBe('ok');
    } finally {
      await t.drop();
    }
  });
});

describeDialects('writes that would hang', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t.drop());

  it('refuse a db.read query made inside a write function, instead of waiting forever', async () => {
    await expect(
      t.db.write(async () => {
        await t.db.read.selectFrom('organisation').select('id').execute();
      }),
    ).rejects.toBeInstanceOf(WriteScopeError);
    // The database is still usable afterwards.
    await t.db.write((trx) => trx.insertInto('organisation').values(orgRow('after guard')).execute());
  });

  it('refuse a nested db.write', async () => {
    await expect(t.db.write(async () => t.db.write(async () => 1))).rejects.toBeInstanceOf(WriteScopeError);
  });

  it('do not mistake work a write function started for later as being inside it', async () => {
    let later: Promise<unknown> | undefined;
    await t.db.write(async () => {
      later = new Promise((resolve) => setTimeout(resolve, 5)).then(() =>
        t.db.read.selectFrom('organisation').select('id').execute(),
      );
    });
    await expect(later).resolves.toBeInstanceOf(Array);
  });
});
