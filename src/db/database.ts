import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { dialectFor, type Dialect } from './dialect.ts';
import { GroupCommitter, runBeforeCommit, trackTransaction } from './group-commit.ts';
import type { DB } from './schema.ts';
import { CachingSqliteDatabase } from './statement-cache.ts';
import {
  assertNotInsideWrite,
  GuardedPostgresDialect,
  GuardedSqliteDialect,
  inWriteScope,
} from './write-scope.ts';

export { beforeCommit } from './group-commit.ts';

export type Trx = Transaction<DB>;

/** The one handle the app holds: reads go through `read`, every change through `write`. */
export interface Database {
  readonly read: Kysely<DB>;
  readonly dialect: Dialect;
  /** Runs `fn` in a transaction and resolves only once it is committed durably. */
  write<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
  /** Path of the SQLite file, or null on PostgreSQL. */
  readonly sqliteFile: string | null;
  /** The raw better-sqlite3 handle (backup, integrity check), or null on PostgreSQL. */
  readonly sqlite: SQLite.Database | null;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string;
  dataDir: string;
  groupCommitMs?: number;
  poolSize?: number;
  /** SQLite: how many prepared statements to keep (LRU keyed by SQL text). */
  statementCacheSize?: number;
}

export function sqliteFilePath(dataDir: string): string {
  return path.join(dataDir, 'ishenim.sqlite');
}

export function openSqliteFile(file: string): SQLite.Database {
  mkdirSync(path.dirname(file), { recursive: true });
  const handle = new SQLite(file);
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = FULL');
  handle.pragma('foreign_keys = ON');
  handle.pragma('busy_timeout = 5000');
  return handle;
}

export function openDatabase(opts: DatabaseOptions): Database {
  if (opts.databaseUrl) {
    // Timestamps are text; keep pg from turning int8 counts into strings.
    pg.types.setTypeParser(20, (v) => Number(v));
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle connection the server drops (restart, failover, admin terminate) must not crash the
    // process: the pool discards it and opens a new one on the next query.
    pool.on('error', () => undefined);
    const read = new Kysely<DB>({ dialect: new GuardedPostgresDialect({ pool }) });
    return {
      read,
      dialect: dialectFor('postgres'),
      write: (fn) => {
        assertNotInsideWrite('db.write');
        return read.transaction().execute((trx) =>
          inWriteScope(async () => {
            trackTransaction(trx);
            const value = await fn(trx);
            await runBeforeCommit(trx);
            return value;
          }),
        );
      },
      sqliteFile: null,
      sqlite: null,
      ping: async () => {
        await sql`select 1`.execute(read);
      },
      close: () => read.destroy(),
    };
  }
  const file = sqliteFilePath(opts.dataDir);
  const handle = openSqliteFile(file);
  // Kysely prepares every statement it runs; the cache makes repeated query shapes a map lookup.
  const database = new CachingSqliteDatabase(handle, opts.statementCacheSize);
  const read = new Kysely<DB>({ dialect: new GuardedSqliteDialect({ database }) });
  const committer = new GroupCommitter<DB>(read, opts.groupCommitMs ?? 2);
  return {
    read,
    dialect: dialectFor('sqlite'),
    write: (fn) => committer.write(fn),
    sqliteFile: file,
    sqlite: handle,
    ping: async () => {
      await sql`select 1`.execute(read);
    },
    close: () => read.destroy(),
  };
}
