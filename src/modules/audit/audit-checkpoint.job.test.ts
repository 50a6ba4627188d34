import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { newId } from '../../shared/ids.ts';
import { createTestDatabase, describeDialects, type TestDatabase } from '../../../test/db.ts';
import { registerHousekeeping } from '../jobs/housekeeping.jobs.ts';
import { JobService } from '../jobs/job.service.ts';
import { publicKeysFromPem, verifyWithCheckpoints, type Checkpoint } from './audit-checkpoint.ts';
import { AuditService } from './audit.service.ts';

describeDialects('periodic audit checkpoints', (dialect) => {
  let tdb: TestDatabase;
  let jobs: JobService;
  let publicPem: string;
  const keyDir = mkdtempSync(path.join(os.tmpdir(), 'ishenim-audit-key-'));

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const keyFile = path.join(keyDir, 'audit-signing.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
    const config = loadConfig(
      { AUDIT_SIGNING_KEY_FILE: keyFile },
      { dataDir: tdb.dataDir, sessionSecret: 'x'.repeat(32) },
    );
    jobs = new JobService(tdb.db);
    await registerHousekeeping(jobs, { db: tdb.db, config });
  });
  afterAll(async () => tdb.drop());

  const run = () => jobs.handlerFor('audit.checkpoint')!(null, { attempt: 1, jobId: newId() });
  const stored = () =>
    tdb.db.read.selectFrom('audit_checkpoint').selectAll().orderBy('seq').execute() as Promise<Checkpoint[]>;

  it('signs the head when it has moved, adds nothing on a quiet run, and the result verifies', async () => {
    const audit = new AuditService(tdb.db);
    const append = async (n: number) => {
      for (let i = 0; i < n; i++)
        await tdb.db.write((trx) =>
          audit.record(trx, { actor: null, action: 'test.event', subjectType: 'thing', details: { i } }),
        );
    };
    const before = (await stored()).length;
    await append(3);
    await run();
    const first = await stored();
    expect(first.length).toBe(before + 1);
    await run(); // nothing new since: no new checkpoint
    expect((await stored()).length).toBe(first.length);
    await append(2);
    await run();
    const all = await stored();
    expect(all.length).toBe(first.length + 1);
    expect(all.at(-1)!.seq).toBeGreaterThan(first.at(-1)!.seq);
    const result = await verifyWithCheckpoints(tdb.db.read, all, publicKeysFromPem([publicPem]));
    expect(result.ok).toBe(true);
  });

  it('an unreadable signing key stops the start with a message naming the variable', async () => {
    const config = loadConfig(
      { AUDIT_SIGNING_KEY_FILE: path.join(keyDir, 'missing.pem') },
      { dataDir: tdb.dataDir, sessionSecret: 'x'.repeat(32) },
    );
    await expect(registerHousekeeping(new JobService(tdb.db), { db: tdb.db, config })).rejects.toThrow(
      /AUDIT_SIGNING_KEY_FILE .*missing\.pem cannot be read/,
    );
  });
});
