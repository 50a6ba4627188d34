import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeDialects, type TestDatabase } from '../../../test/db.ts';
import { GENESIS_HASH, entryHash } from './audit-chain.ts';
import {
  checkpointHead,
  keyId,
  parseCheckpoints,
  publicKeysFromPem,
  toJsonLines,
  verifyWithCheckpoints,
  type Checkpoint,
  type SigningKey,
} from './audit-checkpoint.ts';
import { AuditService } from './audit.service.ts';

function newKey(): { key: SigningKey; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    key: { privateKey, keyId: keyId(publicKey) },
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const TRIGGERS = [
  'audit_event_no_update',
  'audit_event_no_delete',
  'audit_head_forward',
  'audit_head_no_delete',
  'audit_checkpoint_no_update',
  'audit_checkpoint_no_delete',
];

describeDialects('audit checkpoints', (dialect) => {
  let tdb: TestDatabase;
  let audit: AuditService;
  const { key, publicPem } = newKey();
  const keys = publicKeysFromPem([publicPem]);

  async function append(n: number) {
    for (let i = 0; i < n; i++)
      await tdb.db.write((trx) =>
        audit.record(trx, { actor: null, action: 'test.event', subjectType: 'thing', details: { i } }),
      );
  }
  async function rows() {
    return tdb.db.read.selectFrom('audit_event').selectAll().orderBy('seq').execute();
  }
  /** What an outside holder keeps: the published JSON lines, read back as a file would be. */
  async function published(): Promise<Checkpoint[]> {
    const cps = await tdb.db.read.selectFrom('audit_checkpoint').selectAll().orderBy('seq').execute();
    return parseCheckpoints(toJsonLines(cps.map((c) => ({ ...c, seq: Number(c.seq) }))));
  }

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    audit = new AuditService(tdb.db);
  });
  afterAll(async () => tdb.drop());

  beforeEach(async () => {
    // Simulates a writer with full database access: the triggers are dropped first.
    if (dialect === 'sqlite')
      for (const t of TRIGGERS) await sql`DROP TRIGGER IF EXISTS ${sql.raw(t)}`.execute(tdb.db.read);
    await tdb.db.write(async (trx) => {
      await trx.deleteFrom('audit_event').execute();
      await trx.deleteFrom('audit_checkpoint').execute();
      await trx.updateTable('audit_head').set({ seq: 0, hash: GENESIS_HASH }).execute();
    });
  });

  it('passes an intact chain with its checkpoints, and catches a forged or unknown-key checkpoint', async () => {
    await append(5);
    await checkpointHead(tdb.db.read, key);
    await append(3);
    await checkpointHead(tdb.db.read, key);
    const cps = await published();
    expect(await verifyWithCheckpoints(tdb.db.read, cps, keys)).toEqual({
      ok: true,
      entries: 8,
      checkpoints: 2,
    });
    const forged = { ...cps[0]!, head_hash: 'a'.repeat(64) };
    expect(await verifyWithCheckpoints(tdb.db.read, [forged], keys)).toMatchObject({
      ok: false,
      failedCheckpoint: { seq: cps[0]!.seq, reason: 'bad_signature' },
    });
    const other = newKey();
    expect(await verifyWithCheckpoints(tdb.db.read, cps, publicKeysFromPem([other.publicPem]))).toMatchObject(
      { ok: false, failedCheckpoint: { reason: 'unknown_key' } },
    );
    // After a rotation both keys are listed, and the old checkpoints still verify.
    await tdb.db.write((trx) =>
      audit.record(trx, { actor: null, action: 'test.event', subjectType: 'thing' }),
    );
    await checkpointHead(tdb.db.read, other.key);
    expect(
      await verifyWithCheckpoints(
        tdb.db.read,
        await published(),
        publicKeysFromPem([publicPem, other.publicPem]),
      ),
    ).toMatchObject({ ok: true, checkpoints: 3 });
  });

  it('catches a deleted tail with the head moved back, which the plain chain accepts', async () => {
    await append(6);
    await checkpointHead(tdb.db.read, key);
    const all = await rows();
    const keep = all[3]!;
    await tdb.db.write(async (trx) => {
      await trx.deleteFrom('audit_event').where('seq', '>', keep.seq).execute();
      await trx.updateTable('audit_head').set({ seq: keep.seq, hash: keep.hash }).execute();
    });
    const r = await verifyWithCheckpoints(tdb.db.read, await published(), keys);
    expect(r).toMatchObject({
      ok: false,
      chain: { ok: true },
      failedCheckpoint: { seq: Number(all[5]!.seq), reason: 'checkpoint_beyond_head' },
    });
  });

  it('catches an edited entry with the hash chain recomputed forward', async () => {
    await append(6);
    await checkpointHead(tdb.db.read, key);
    const all = await rows();
    let prev = all[1]!.hash;
    await tdb.db.write(async (trx) => {
      for (const e of all.slice(2)) {
        const details = e === all[2] ? '{"i":"forged"}' : e.details;
        const hash = entryHash({ ...e, details, prev_hash: prev });
        await trx
          .updateTable('audit_event')
          .set({ details, prev_hash: prev, hash })
          .where('seq', '=', e.seq)
          .execute();
        prev = hash;
      }
      await trx.updateTable('audit_head').set({ hash: prev }).execute();
    });
    const r = await verifyWithCheckpoints(tdb.db.read, await published(), keys);
    expect(r).toMatchObject({
      ok: false,
      chain: { ok: true },
      failedCheckpoint: { seq: Number(all[5]!.seq), reason: 'checkpoint_hash_mismatch' },
    });
  });

  it('catches a head edited to name a missing entry', async () => {
    await append(4);
    await checkpointHead(tdb.db.read, key);
    const last = (await rows())[3]!;
    await tdb.db.write(async (trx) => {
      await trx.deleteFrom('audit_event').where('seq', '=', last.seq).execute();
      await trx
        .updateTable('audit_head')
        .set({ seq: Number(last.seq) + 100 })
        .execute();
    });
    const r = await verifyWithCheckpoints(tdb.db.read, await published(), keys);
    expect(r).toMatchObject({
      ok: false,
      failedCheckpoint: { seq: Number(last.seq), reason: 'checkpoint_entry_missing' },
    });
  });
});

describeDialects('audit protection in the database', (dialect) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
  });
  afterAll(async () => tdb.drop());

  it.runIf(dialect === 'sqlite')(
    'SQLite triggers refuse UPDATE/DELETE of entries and moving the head back',
    async () => {
      const audit = new AuditService(tdb.db);
      for (let i = 0; i < 2; i++)
        await tdb.db.write((trx) => audit.record(trx, { actor: null, action: 'x', subjectType: 't' }));
      await expect(
        tdb.db.write((trx) => trx.updateTable('audit_event').set({ action: 'forged' }).execute()),
      ).rejects.toThrow(/append-only/);
      await expect(tdb.db.write((trx) => trx.deleteFrom('audit_event').execute())).rejects.toThrow(
        /append-only/,
      );
      await expect(
        tdb.db.write((trx) => trx.updateTable('audit_head').set({ seq: 0, hash: GENESIS_HASH }).execute()),
      ).rejects.toThrow(/moves forward/);
      const n = await tdb.db.read
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(2);
    },
  );

  it.runIf(dialect === 'postgres')(
    'a role with INSERT/SELECT only cannot UPDATE or DELETE audit rows',
    async () => {
      const role = `ishenim_app_${Date.now().toString(36)}`;
      const db = tdb.db.read;
      await sql`CREATE ROLE ${sql.raw(role)} NOLOGIN`.execute(db);
      try {
        await sql`GRANT SELECT, INSERT ON audit_event TO ${sql.raw(role)}`.execute(db);
        await sql`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${sql.raw(role)}`.execute(db);
        await tdb.db.write(async (trx) => {
          await sql`SET LOCAL ROLE ${sql.raw(role)}`.execute(trx);
          await trx
            .insertInto('audit_event')
            .values({
              id: 'pg-role-test',
              at: '2026-12-02T00:00:00.000Z',
              actor_id: null,
              actor_role: 'system',
              action: 'x',
              subject_type: 't',
              subject_id: null,
              details: '{}',
              prev_hash: GENESIS_HASH,
              hash: GENESIS_HASH,
            })
            .execute();
        });
        for (const stmt of [sql`UPDATE audit_event SET action = 'forged'`, sql`DELETE FROM audit_event`])
          await expect(
            tdb.db.write(async (trx) => {
              await sql`SET LOCAL ROLE ${sql.raw(role)}`.execute(trx);
              await stmt.execute(trx);
            }),
          ).rejects.toThrow(/permission denied/);
      } finally {
        await sql`DROP OWNED BY ${sql.raw(role)}`.execute(db);
        await sql`DROP ROLE ${sql.raw(role)}`.execute(db);
      }
    },
  );
});
