import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { AuditService } from '../modules/audit/audit.service.ts';
import { createPgDatabase } from '../../test/db.ts';
import { auditCommand } from './audit.command.ts';
import { backupCommand } from './backup.command.ts';
import { UsageError } from './command.ts';
import { migrateCommand } from './migrate.command.ts';

const SAVED = ['DATA_DIR', 'DATABASE_URL', 'SESSION_SECRET'] as const;

describe('operations commands', () => {
  let dataDir: string;
  let saved: Record<string, string | undefined>;
  let out: string[];

  beforeEach(() => {
    saved = Object.fromEntries(SAVED.map((k) => [k, process.env[k]]));
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ishenim-cli-'));
    process.env.DATA_DIR = dataDir;
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
    rmSync(dataDir, { recursive: true, force: true });
  });

  const openHere = () => openDatabase({ databaseUrl: '', dataDir, groupCommitMs: 1 });

  async function record(db: Database, n: number) {
    const audit = new AuditService(db);
    for (let i = 0; i < n; i++)
      await db.write((trx) =>
        audit.record(trx, { actor: null, action: 'cli.test', subjectType: 'thing', details: { i } }),
      );
  }

  it('migrate lists what it applied, then says the schema is current', async () => {
    await migrateCommand.run([]);
    expect(out.join('')).toMatch(/applied 2026-11-28T210000Z_foundation/);
    out.length = 0;
    await migrateCommand.run([]);
    expect(out.join('')).toBe('database is up to date\n');
  });

  it('backup makes a consistent copy while the service writes, and never overwrites', async () => {
    await migrateCommand.run([]);
    const live = openHere(); // the running service
    try {
      await record(live, 50);
      const target = path.join(dataDir, 'copy.sqlite');
      const writing = record(live, 50); // keeps writing during the backup
      await backupCommand.run([target]);
      await writing;
      expect(out.join('')).toContain(`backup written to ${target}`);

      const copy = new SQLite(target, { readonly: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        const n = (copy.prepare('select count(*) as n from audit_event').get() as { n: number }).n;
        expect(n).toBeGreaterThanOrEqual(50);
      } finally {
        copy.close();
      }
      await expect(backupCommand.run([target])).rejects.toThrow(UsageError);
      expect(existsSync(`${target}.partial-${process.pid}`)).toBe(false);
    } finally {
      await live.close();
    }
    await expect(backupCommand.run([])).rejects.toThrow(UsageError);
  });

  it('backup on PostgreSQL prints pg_dump guidance and copies nothing', async () => {
    process.env.DATABASE_URL = 'postgres://u:p@localhost:5432/ishenim';
    process.env.SESSION_SECRET = 's'.repeat(40);
    const target = path.join(dataDir, 'pg.dump');
    await backupCommand.run([target]);
    expect(out.join('')).toContain(`pg_dump --format=custom --file="${target}" "$DATABASE_URL"`);
    expect(existsSync(target)).toBe(false);
  });

  it('audit verify passes on an intact chain and names the first broken entry otherwise (SQLite)', async () => {
    const db = openHere();
    try {
      await migrateToLatest(db);
      await record(db, 5);
      await auditCommand.run(['verify']);
      expect(out.join('')).toBe('audit trail intact: 5 entries verified\n');
      expect(process.exitCode).toBeUndefined();
      const third = await db.read
        .selectFrom('audit_event')
        .select(['seq', 'id'])
        .orderBy('seq')
        .offset(2)
        .limit(1)
        .executeTakeFirstOrThrow();
      // A writer with full access to the file first drops the trigger that refuses edits.
      await sql`DROP TRIGGER audit_event_no_update`.execute(db.read);
      await db.write((trx) =>
        trx.updateTable('audit_event').set({ action: 'forged' }).where('seq', '=', third.seq).execute(),
      );
      out.length = 0;
      await auditCommand.run(['verify']);
      expect(out.join('')).toContain(`BROKEN at entry seq ${third.seq} (id ${third.id}): hash_mismatch`);
      expect(process.exitCode).toBe(1);
    } finally {
      await db.close();
    }
    await expect(auditCommand.run(['check'])).rejects.toThrow(UsageError);
  });

  it('audit verify works on PostgreSQL and catches a deleted tail', async () => {
    const pgdb = await createPgDatabase();
    const db = openDatabase({ databaseUrl: pgdb.url, dataDir, poolSize: 2 });
    try {
      await migrateToLatest(db);
      await record(db, 4);
      process.env.DATABASE_URL = pgdb.url;
      process.env.SESSION_SECRET = 's'.repeat(40);
      await auditCommand.run(['verify']);
      expect(out.join('')).toBe('audit trail intact: 4 entries verified\n');
      const last = await db.read
        .selectFrom('audit_event')
        .select('seq')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      await db.write((trx) => trx.deleteFrom('audit_event').where('seq', '=', last.seq).execute());
      out.length = 0;
      await auditCommand.run(['verify']);
      expect(out.join('')).toContain(`BROKEN at entry seq ${last.seq}: head_mismatch`);
      expect(process.exitCode).toBe(1);
    } finally {
      await db.close();
      await pgdb.drop();
    }
  });
});
