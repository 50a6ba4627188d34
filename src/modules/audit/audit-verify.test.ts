import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database.ts';
import { createTestDatabase, describeDialects, type TestDatabase } from '../../../test/db.ts';
import { GENESIS_HASH } from './audit-chain.ts';
import { AuditService } from './audit.service.ts';
import { verifyChain } from './audit-verify.ts';

/** Appends `n` entries, each in its own transaction, and returns their seqs and ids in order. */
async function appendMany(db: Database, audit: AuditService, n: number, tag = 'test.event') {
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      db.write((trx) =>
        audit.record(trx, { actor: null, action: tag, subjectType: 'thing', details: { i } }),
      ),
    ),
  );
}

async function entries(db: Database) {
  return db.read.selectFrom('audit_event').select(['seq', 'id']).orderBy('seq').execute();
}

describeDialects('audit chain verification', (dialect) => {
  let tdb: TestDatabase;
  let audit: AuditService;

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    audit = new AuditService(tdb.db);
  });
  afterAll(async () => tdb.drop());

  beforeEach(async () => {
    // These tests tamper as a writer with full database access would: the triggers go first.
    if (dialect === 'sqlite')
      for (const t of ['audit_event_no_update', 'audit_event_no_delete', 'audit_head_forward'])
        await sql`DROP TRIGGER IF EXISTS ${sql.raw(t)}`.execute(tdb.db.read);
    await tdb.db.write(async (trx) => {
      await trx.deleteFrom('audit_event').execute();
      await trx.updateTable('audit_head').set({ seq: 0, hash: GENESIS_HASH }).execute();
    });
  });

  it('accepts an empty chain and a clean chain of several hundred entries', async () => {
    expect(await verifyChain(tdb.db.read)).toEqual({ ok: true, entries: 0 });
    await appendMany(tdb.db, audit, 700); // more than one verification page
    expect(await verifyChain(tdb.db.read)).toEqual({ ok: true, entries: 700 });
  });

  it('names the entry whose details were edited', async () => {
    await appendMany(tdb.db, audit, 10);
    const target = (await entries(tdb.db))[4]!;
    await tdb.db.write((trx) =>
      trx.updateTable('audit_event').set({ details: '{"i":999}' }).where('seq', '=', target.seq).execute(),
    );
    expect(await verifyChain(tdb.db.read)).toMatchObject({
      ok: false,
      firstBroken: { seq: Number(target.seq), id: target.id, reason: 'hash_mismatch' },
    });
  });

  it('names the entry whose hash was edited', async () => {
    await appendMany(tdb.db, audit, 10);
    const target = (await entries(tdb.db))[6]!;
    await tdb.db.write((trx) =>
      trx
        .updateTable('audit_event')
        .set({ hash: 'f'.repeat(64) })
        .where('seq', '=', target.seq)
        .execute(),
    );
    expect(await verifyChain(tdb.db.read)).toMatchObject({
      ok: false,
      firstBroken: { seq: Number(target.seq), id: target.id, reason: 'hash_mismatch' },
    });
  });

  it('detects a deleted middle entry at the entry that followed it', async () => {
    await appendMany(tdb.db, audit, 10);
    const all = await entries(tdb.db);
    await tdb.db.write((trx) => trx.deleteFrom('audit_event').where('seq', '=', all[3]!.seq).execute());
    expect(await verifyChain(tdb.db.read)).toMatchObject({
      ok: false,
      firstBroken: { seq: Number(all[4]!.seq), id: all[4]!.id, reason: 'prev_hash_mismatch' },
    });
  });

  it('detects a deleted tail through the head', async () => {
    await appendMany(tdb.db, audit, 10);
    const last = (await entries(tdb.db)).at(-1)!;
    await tdb.db.write((trx) => trx.deleteFrom('audit_event').where('seq', '=', last.seq).execute());
    expect(await verifyChain(tdb.db.read)).toMatchObject({
      ok: false,
      entries: 9,
      firstBroken: { seq: Number(last.seq), id: null, reason: 'head_mismatch' },
    });
  });

  it('allows serial gaps left by rolled-back appends', async () => {
    await appendMany(tdb.db, audit, 3);
    await expect(
      tdb.db.write(async (trx) => {
        await audit.record(trx, { actor: null, action: 'test.rolledback', subjectType: 'thing' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await appendMany(tdb.db, audit, 3);
    expect(await verifyChain(tdb.db.read)).toEqual({ ok: true, entries: 6 });
  });

  it('keeps one valid chain under many concurrent appends', async () => {
    const handles: Database[] = [tdb.db];
    // A second handle is a second process: on PostgreSQL both append through the locked head row.
    if (dialect === 'postgres')
      handles.push(openDatabase({ databaseUrl: tdb.databaseUrl, dataDir: tdb.dataDir, poolSize: 5 }));
    try {
      await Promise.all(handles.map((h) => appendMany(h, new AuditService(h), 150)));
      const result = await verifyChain(tdb.db.read);
      expect(result).toEqual({ ok: true, entries: 150 * handles.length });
    } finally {
      for (const h of handles.slice(1)) await h.close();
    }
  });
});
