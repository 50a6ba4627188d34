import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { AuditService } from '../modules/audit/audit.service.ts';
import { auditCommand } from './audit.command.ts';
import { UsageError } from './command.ts';

const SAVED = ['DATA_DIR', 'DATABASE_URL', 'SESSION_SECRET', 'AUDIT_SIGNING_KEY_FILE'] as const;

describe('ishenim audit checkpoint / verify --checkpoints (SQLite)', () => {
  let root: string;
  let saved: Record<string, string | undefined>;
  let out: string[];

  beforeEach(() => {
    saved = Object.fromEntries(SAVED.map((k) => [k, process.env[k]]));
    root = mkdtempSync(path.join(os.tmpdir(), 'ishenim-audit-cli-'));
    process.env.DATA_DIR = path.join(root, 'data');
    delete process.env.DATABASE_URL;
    delete process.env.SESSION_SECRET;
    out = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    for (const k of SAVED) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    process.exitCode = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('signs the head, and a tail deleted later is caught only with the kept checkpoints', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const keyFile = path.join(root, 'signing.pem');
    const pubFile = path.join(root, 'signing.pub.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(pubFile, publicKey.export({ type: 'spki', format: 'pem' }));
    await expect(auditCommand.run(['checkpoint'])).rejects.toThrow(/AUDIT_SIGNING_KEY_FILE/);
    process.env.AUDIT_SIGNING_KEY_FILE = keyFile;

    const db = openDatabase({ databaseUrl: '', dataDir: process.env.DATA_DIR! });
    try {
      await migrateToLatest(db);
      const audit = new AuditService(db);
      for (let i = 0; i < 4; i++)
        await db.write((trx) => audit.record(trx, { actor: null, action: 'x', subjectType: 't' }));
      await auditCommand.run(['checkpoint']);
      const kept = path.join(root, 'kept.jsonl');
      writeFileSync(kept, out.join(''));
      out.length = 0;
      await auditCommand.run(['verify', '--checkpoints', kept, '--public-key', pubFile]);
      expect(out.join('')).toBe('audit trail intact: 4 entries verified against 1 signed checkpoints\n');

      // A writer with full access: drop the triggers, delete the last two, move the head back.
      for (const t of ['audit_event_no_delete', 'audit_head_forward'])
        await sql`DROP TRIGGER ${sql.raw(t)}`.execute(db.read);
      const rows = await db.read.selectFrom('audit_event').select(['seq', 'hash']).orderBy('seq').execute();
      await db.write(async (trx) => {
        await trx.deleteFrom('audit_event').where('seq', '>', rows[1]!.seq).execute();
        await trx.updateTable('audit_head').set({ seq: rows[1]!.seq, hash: rows[1]!.hash }).execute();
      });
      out.length = 0;
      await auditCommand.run(['verify']);
      expect(out.join('')).toBe('audit trail intact: 2 entries verified\n');
      out.length = 0;
      await auditCommand.run(['verify', '--checkpoints', kept, '--public-key', pubFile]);
      expect(out.join('')).toBe(
        `audit trail BROKEN: checkpoint at seq ${rows[3]!.seq}: checkpoint_beyond_head\n`,
      );
      expect(process.exitCode).toBe(1);
    } finally {
      await db.close();
    }
    await expect(auditCommand.run(['verify', '--checkpoints', 'x.jsonl'])).rejects.toThrow(UsageError);
  });

  it('refuses a signing key inside the data folder', async () => {
    process.env.AUDIT_SIGNING_KEY_FILE = path.join(process.env.DATA_DIR!, 'key.pem');
    await expect(auditCommand.run(['checkpoint'])).rejects.toThrow(/outside DATA_DIR/);
  });
});
