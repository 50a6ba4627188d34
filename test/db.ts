/**
 * Real databases for tests: a fresh SQLite file, or a fresh database on the run's PostgreSQL server.
 * `describeDialects` runs a suite once per dialect, so every repository test covers both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.ts';
import type { DialectName } from '../src/db/dialect.ts';
import { migrateToLatest } from '../src/db/migrator.ts';

export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

export interface TestDatabase {
  db: Database;
  dialect: DialectName;
  /** For SQLite the data folder; for PostgreSQL the connection URL of this database. */
  databaseUrl: string;
  dataDir: string;
  /** Close and delete everything. */
  drop(): Promise<void>;
}

export function pgBaseUrl(): string {
  return inject('pgUrl');
}

/**
 * pg's pool.end() resolves before its sockets are closed; dropping the database "with (force)" in
 * that moment terminates a closing client. Wait (briefly) until no backend remains.
 */
export async function waitForNoConnections(databaseUrl: string): Promise<void> {
  if (!databaseUrl) return;
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: pgBaseUrl() });
  await admin.connect();
  try {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const r = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [
        name,
      ]);
      if (r.rows[0].n === 0 || Date.now() > deadline) return;
      await new Promise((res) => setTimeout(res, 10));
    }
  } finally {
    await admin.end();
  }
}

/** A new, empty PostgreSQL database on the test server; returns its URL. */
export async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = pgBaseUrl();
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = base.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    drop: async () => {
      await waitForNoConnections(url);
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function createTestDatabase(
  dialect: DialectName,
  opts: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ishenim-test-'));
  if (dialect === 'sqlite') {
    const db = openDatabase({ databaseUrl: '', dataDir, groupCommitMs: 1 });
    if (opts.migrate !== false) await migrateToLatest(db);
    return {
      db,
      dialect,
      databaseUrl: '',
      dataDir,
      drop: async () => {
        await db.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const created = await createPgDatabase();
  const db = openDatabase({ databaseUrl: created.url, dataDir, poolSize: 5 });
  if (opts.migrate !== false) await migrateToLatest(db);
  return {
    db,
    dialect,
    databaseUrl: created.url,
    dataDir,
    drop: async () => {
      await db.close();
      await created.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs the suite once for SQLite and once for PostgreSQL. */
export function describeDialects(name: string, suite: (dialect: DialectName) => void): void {
  for (const dialect of DIALECTS) describe(`${name} [${dialect}]`, () => suite(dialect));
}
