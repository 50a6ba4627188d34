/**
 * Vitest global setup: one PostgreSQL server for the whole run, and one migrated template per dialect
 * (built from the current MIGRATIONS at the start of each run), so each test database is a copy
 * instead of a fresh migration.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { startPostgres, type RunningPostgres } from './postgres-server.ts';

let server: RunningPostgres | null = null;

async function adminQuery(baseUrl: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

export default async function setup(project: TestProject) {
  let url = process.env.ISHENIM_TEST_PG_URL;
  if (!url) {
    server = await startPostgres();
    url = server.url;
  }
  project.provide('pgUrl', url);

  // PostgreSQL template: unique per run, since several runs may share one server.
  const pgTemplate = `tpl_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(url, `create database ${pgTemplate}`);
  const pgDb = openDatabase({ databaseUrl: url.replace(/\/[^/]*$/, `/${pgTemplate}`), dataDir: os.tmpdir() });
  try {
    await migrateToLatest(pgDb);
  } finally {
    await pgDb.close();
  }
  project.provide('pgTemplate', pgTemplate);

  // SQLite template: a migrated file, checkpointed so the main file alone holds every page.
  const sqliteDir = mkdtempSync(path.join(os.tmpdir(), 'ishenim-template-'));
  const sqliteDb = openDatabase({ databaseUrl: '', dataDir: sqliteDir, groupCommitMs: 1 });
  try {
    await migrateToLatest(sqliteDb);
    sqliteDb.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await sqliteDb.close();
  }
  project.provide('sqliteTemplate', sqliteDb.sqliteFile!);

  return async () => {
    await adminQuery(url, `drop database if exists ${pgTemplate} with (force)`).catch(() => undefined);
    rmSync(sqliteDir, { recursive: true, force: true });
    await server?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    /** Name of a migrated database on the pgUrl server to copy from. */
    pgTemplate: string;
    /** Path of a migrated, checkpointed SQLite file to copy from. */
    sqliteTemplate: string;
  }
}
