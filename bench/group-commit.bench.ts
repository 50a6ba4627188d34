/**
 * Durable writes on the embedded SQLite default: group commit (what the app uses) against the
 * baseline of one durable commit per write, measured in the same run on the same machine.
 * Both use WAL + synchronous=FULL, so every acknowledged write is on disk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, openSqliteFile, sqliteFilePath } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { newId } from '../src/shared/ids.ts';

export interface BenchResult {
  name: string;
  baseline: { label: string; perSecond: number };
  candidate: { label: string; perSecond: number };
  ratio: number;
  notes: string;
}

const DURATION_MS = Number(process.env.BENCH_MS ?? 3000);
const CONCURRENCY = 50;

function row(i: number) {
  const at = new Date().toISOString();
  return {
    id: newId(),
    name: `bench org ${i}`,
    kind: 'ngo',
    sector: 'partner',
    status: 'active',
    created_at: at,
    updated_at: at,
  };
}

async function baselineOneCommitPerWrite(dir: string): Promise<number> {
  const h = openSqliteFile(sqliteFilePath(dir));
  const stmt = h.prepare(
    'insert into organisation (id, name, kind, sector, status, created_at, updated_at) values (@id, @name, @kind, @sector, @status, @created_at, @updated_at)',
  );
  let n = 0;
  const end = Date.now() + DURATION_MS;
  while (Date.now() < end) {
    stmt.run(row(n++)); // autocommit: one fsync per write
  }
  h.close();
  return (n / DURATION_MS) * 1000;
}

async function groupCommit(dir: string): Promise<number> {
  const db = openDatabase({ databaseUrl: '', dataDir: dir, groupCommitMs: 2 });
  let n = 0;
  const end = Date.now() + DURATION_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        const r = row(n);
        await db.write((trx) =>
          trx
            .insertInto('organisation')
            .values(r as never)
            .execute(),
        );
        n++;
      }
    }),
  );
  await db.close();
  return (n / DURATION_MS) * 1000;
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ishenim-bench-gc-'));
  try {
    const setup = openDatabase({ databaseUrl: '', dataDir: dir });
    await migrateToLatest(setup);
    await setup.close();
    const base = await baselineOneCommitPerWrite(dir);
    const cand = await groupCommit(dir);
    return {
      name: 'durable writes on SQLite',
      baseline: {
        label: 'one commit per write (better-sqlite3 direct, autocommit)',
        perSecond: Math.round(base),
      },
      candidate: {
        label: `db.write() group commit, ${CONCURRENCY} concurrent writers`,
        perSecond: Math.round(cand),
      },
      ratio: cand / base,
      notes: 'WAL, synchronous=FULL on both sides; every write acknowledged only after its commit.',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
