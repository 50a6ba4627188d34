import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeDialects, type TestDatabase } from '../../test/db.ts';
import { insertRow } from './compiled-insert.ts';

function entry(n: number, extra: Record<string, unknown> = {}) {
  return {
    id: `e-${n}`,
    at: `2026-11-28T10:00:${String(n).padStart(2, '0')}.000Z`,
    actor_id: n % 2 ? null : `p-${n}`,
    actor_role: 'officer',
    action: 'test.compiled',
    subject_type: 'thing',
    subject_id: null,
    details: JSON.stringify({ n, text: 'Кара-Суу — «ишеним»' }),
    prev_hash: 'a'.repeat(64),
    hash: String(n).repeat(64).slice(0, 64),
    ...extra,
  };
}

describeDialects('compiled single-row insert', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    await t.drop();
  });

  it('stores exactly what Kysely would, with each call’s own values, and returns the asked column', async () => {
    const seqs: number[] = [];
    await t.db.write(async (trx) => {
      for (let n = 1; n <= 12; n++) {
        const r = await insertRow(trx, 'audit_event', entry(n), 'seq');
        seqs.push(Number(r.rows[0]!.seq));
      }
    });
    expect(new Set(seqs).size).toBe(12);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    const rows = await t.db.read
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'test.compiled')
      .orderBy('seq')
      .execute();
    expect(rows.map(({ seq: _seq, ...r }) => r)).toEqual(Array.from({ length: 12 }, (_, i) => entry(i + 1)));
  });

  it('leaves out undefined values (column default), and a different column list gets its own query', async () => {
    await t.db.write(async (trx) => {
      await insertRow(trx, 'audit_event', entry(1, { subject_id: undefined }));
      await insertRow(trx, 'audit_event', entry(2, { subject_id: 'only-here' }));
    });
    const rows = await t.db.read
      .selectFrom('audit_event')
      .select(['id', 'subject_id'])
      .where('action', '=', 'test.compiled')
      .orderBy('seq')
      .execute();
    expect(rows).toEqual([
      { id: 'e-1', subject_id: null },
      { id: 'e-2', subject_id: 'only-here' },
    ]);
  });

  it('falls back to Kysely for a value that is an expression, not a plain value', async () => {
    await t.db.write(async (trx) => {
      await insertRow(trx, 'audit_event', entry(3, { action: sql<string>`${'test.'} || ${'compiled'}` }));
    });
    const row = await t.db.read
      .selectFrom('audit_event')
      .select('action')
      .where('id', '=', 'e-3')
      .executeTakeFirstOrThrow();
    expect(row.action).toBe('test.compiled');
  });

  it('rolls back with the transaction like any other statement', async () => {
    await expect(
      t.db.write(async (trx) => {
        await insertRow(trx, 'audit_event', entry(4));
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const n = await t.db.read
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', '=', 'e-4')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });
});
