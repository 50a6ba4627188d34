/**
 * The backup and restore drill an operator runs, on both databases: fill a database with the demo
 * data, back it up the documented way (`ishenim backup` on SQLite, `pg_dump --format=custom` on
 * PostgreSQL), restore into a fresh place (a new DATA_DIR; a new PostgreSQL server), and check that the
 * restored copy passes `ishenim audit verify`, holds the same rows in every table, and serves the
 * same public data through the app. PostgreSQL uses Debian's server so that its own pg_dump and
 * pg_restore (same major version) do the work, as an operator's would.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { openDatabase, sqliteFilePath } from '../db/database.ts';
import { startPostgres, type RunningPostgres } from '../../test/postgres-server.ts';
import { auditCommand } from './audit.command.ts';
import { backupCommand } from './backup.command.ts';
import { seedDemoCommand } from './seed-demo.command.ts';

const SAVED = ['DATA_DIR', 'DATABASE_URL', 'SESSION_SECRET', 'DEMO', 'LOG_LEVEL'] as const;
const SECRET = 'drill-secret-drill-secret-drill-secret-42';

/** Debian's PostgreSQL installation (the `postgresql` package; `.ci/run` installs it). */
function debianPostgres(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'pg_dump')))
    : [];
  if (versions.length === 0)
    throw new Error('Debian PostgreSQL is not installed: apt-get install -y postgresql');
  return path.join(root, versions.sort((a, b) => Number(b) - Number(a))[0]!);
}

let saved: Record<string, string | undefined>;
let out: string[];
const cleanup: (() => Promise<void> | void)[] = [];

beforeEach(() => {
  saved = Object.fromEntries(SAVED.map((k) => [k, process.env[k]]));
  process.env.LOG_LEVEL = 'silent';
  process.env.DEMO = '1';
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const k of SAVED) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  process.exitCode = undefined;
  for (const step of cleanup.splice(0).reverse()) await step();
});

function useDatabase(env: { dataDir: string; databaseUrl?: string }): void {
  process.env.DATA_DIR = env.dataDir;
  if (env.databaseUrl) {
    process.env.DATABASE_URL = env.databaseUrl;
    process.env.SESSION_SECRET = SECRET;
  } else {
    delete process.env.DATABASE_URL;
    delete process.env.SESSION_SECRET;
  }
}

function tempDir(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `ishenim-drill-${name}-`));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Row counts of every table the migrations made (the restored copy must hold the same). */
async function tableCounts(env: { dataDir: string; databaseUrl?: string }): Promise<Record<string, number>> {
  const db = openDatabase({ databaseUrl: env.databaseUrl ?? '', dataDir: env.dataDir });
  try {
    const tables = env.databaseUrl
      ? await sql<{
          name: string;
        }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(db.read)
      : await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db.read);
    const counts: Record<string, number> = {};
    for (const { name } of tables.rows) {
      const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(
        db.read,
      );
      counts[name] = Number(r.rows[0]!.n);
    }
    return counts;
  } finally {
    await db.close();
  }
}

/** What the app serves to anyone: the public Open311 list of requests. */
async function publicRequests(env: { dataDir: string; databaseUrl?: string }): Promise<unknown> {
  const config: Config = loadConfig(
    {},
    {
      databaseUrl: env.databaseUrl ?? '',
      dataDir: env.dataDir,
      sessionSecret: SECRET,
      demo: false,
      jobs: false,
      logLevel: 'silent',
      publicUrl: 'http://localhost',
    },
  );
  const app = await buildApp(config, { migrate: false, logger: false });
  try {
    const res = await app.inject({ method: 'GET', url: '/open311/v2/requests.json?page_size=100' });
    expect(res.statusCode).toBe(200);
    return res.json();
  } finally {
    await app.close();
  }
}

// Each drill seeds the whole demo and starts database servers: minutes, not seconds, on a busy machine.
const DRILL_TIMEOUT_MS = 180_000;

async function verifyAudit(): Promise<string> {
  out.length = 0;
  await auditCommand.run(['verify']);
  expect(process.exitCode ?? 0).toBe(0);
  return out.join('');
}

describe('backup and restore drill', () => {
  it(
    'SQLite: ishenim backup → fresh DATA_DIR → audit verify, same rows, same public data',
    async () => {
      const live = { dataDir: tempDir('live') };
      useDatabase(live);
      await seedDemoCommand.run([]);
      const backup = path.join(tempDir('backups'), 'ishenim.sqlite');
      await backupCommand.run([backup]);

      // The operator restores the copy and the secret file beside it (both are in the backup set).
      const restored = { dataDir: tempDir('restored') };
      copyFileSync(backup, sqliteFilePath(restored.dataDir));
      copyFileSync(path.join(live.dataDir, 'session-secret'), path.join(restored.dataDir, 'session-secret'));
      useDatabase(restored);
      expect(await verifyAudit()).toMatch(/^audit trail intact: \d+ entries verified/);

      const before = await tableCounts(live);
      expect(before.report).toBeGreaterThan(0);
      expect(await tableCounts(restored)).toEqual(before);
      const served = (await publicRequests(restored)) as unknown[];
      expect(served.length).toBeGreaterThan(0);
      expect(served).toEqual(await publicRequests(live));
    },
    DRILL_TIMEOUT_MS,
  );

  it(
    'PostgreSQL: pg_dump → a fresh server → pg_restore → audit verify, same rows, same public data',
    async () => {
      const native = debianPostgres();
      const source: RunningPostgres = await startPostgres({ native });
      cleanup.push(() => source.stop());
      const live = { dataDir: tempDir('pg-live'), databaseUrl: source.url };
      useDatabase(live);
      await seedDemoCommand.run([]);
      const dump = path.join(tempDir('pg-backups'), 'ishenim.dump');
      execFileSync(path.join(native, 'bin', 'pg_dump'), ['--format=custom', `--file=${dump}`, source.url]);

      const fresh: RunningPostgres = await startPostgres({ native });
      cleanup.push(() => fresh.stop());
      execFileSync(path.join(native, 'bin', 'pg_restore'), ['--no-owner', `--dbname=${fresh.url}`, dump]);
      const restored = { dataDir: tempDir('pg-restored'), databaseUrl: fresh.url };
      useDatabase(restored);
      expect(await verifyAudit()).toMatch(/^audit trail intact: \d+ entries verified/);

      const before = await tableCounts(live);
      expect(before.report).toBeGreaterThan(0);
      expect(await tableCounts(restored)).toEqual(before);
      const served = (await publicRequests(restored)) as unknown[];
      expect(served.length).toBeGreaterThan(0);
      expect(served).toEqual(await publicRequests(live));
    },
    DRILL_TIMEOUT_MS,
  );
});
