/**
 * Real databases for tests: a fresh SQLite file, or a fresh database on the run's PostgreSQL server.
 * `describeDialects` runs a suite once per dialect, so every repository test covers both.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { openDatabase, sqliteFilePath, type Database } from '../src/db/database.ts';
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

/**
 * A new PostgreSQL database on the test server; returns its URL. Empty, or a copy of `template`
 * (a database nobody is connected to, e.g. the run's migrated template).
 */
export async function createPgDatabase(
  template?: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = pgBaseUrl();
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(
          template ? `create database ${name} template ${template}` : `create database ${name}`,
        );
        break;
      } catch (err) {
        // 55006: the template is briefly "being accessed by other users" (a closing connection).
        if ((err as { code?: string }).code !== '55006' || attempt >= 50) throw err;
        await new Promise((res) => setTimeout(res, 50));
      }
    }
  } finally {
    await admin.end();
  }
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
  const migrate = opts.migrate !== false;
  if (dialect === 'sqlite') {
    // Copy the run's migrated template (checkpointed, so no -wal file to carry) when there is one.
    const template = migrate ? inject('sqliteTemplate') : undefined;
    if (template) copyFileSync(template, sqliteFilePath(dataDir));
    const db = openDatabase({ databaseUrl: '', dataDir, groupCommitMs: 1 });
    // Still run the migrator: a no-op on the template, and it applies anything newer.
    if (migrate) await migrateToLatest(db);
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
  const created = await createPgDatabase(migrate ? inject('pgTemplate') : undefined);
  const db = openDatabase({ databaseUrl: created.url, dataDir, poolSize: 5 });
  if (migrate) await migrateToLatest(db);
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
