/**
 * A prepared-statement cache for Kysely's SQLite dialect. Kysely's better-sqlite3 driver calls
 * `prepare(sql)` for every query it runs; preparing is a parse and plan inside SQLite, often costing
 * more than running the statement. Kysely compiles the same query shape to the same SQL text (values
 * are bound parameters), so a small LRU keyed by SQL text turns nearly every `prepare` into a lookup.
 *
 * Only what Kysely uses goes through the cache (`prepare`, then `reader`, `all`, `run`, `iterate`).
 * The raw better-sqlite3 handle stays available for backup and integrity checks and is not touched.
 * A cached statement that is still being iterated (a `stream()` not yet finished) is `busy`; asking
 * for the same SQL then gets a fresh, uncached statement, so nested use never fails.
 */
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

export const DEFAULT_STATEMENT_CACHE_SIZE = 256;

export class CachingSqliteDatabase implements SqliteDatabase {
  private readonly cache = new Map<string, SQLite.Statement>();
  /** Lookups answered from the cache, and statements prepared (for tests and diagnostics). */
  readonly stats = { hits: 0, prepares: 0 };

  constructor(
    readonly handle: SQLite.Database,
    readonly maxSize = DEFAULT_STATEMENT_CACHE_SIZE,
  ) {
    if (!Number.isInteger(maxSize) || maxSize < 1) throw new Error('statement cache size must be at least 1');
  }

  /** How many statements are cached now. */
  get size(): number {
    return this.cache.size;
  }

  prepare(sql: string): SqliteStatement {
    const cached = this.cache.get(sql);
    if (cached !== undefined) {
      if (cached.busy) {
        // Being iterated: a second, independent statement for the same text.
        this.stats.prepares++;
        return this.handle.prepare(sql);
      }
      this.stats.hits++;
      // Map order is insertion order: re-inserting marks it most recently used.
      this.cache.delete(sql);
      this.cache.set(sql, cached);
      return cached;
    }
    const stmt = this.handle.prepare(sql);
    this.stats.prepares++;
    this.cache.set(sql, stmt);
    if (this.cache.size > this.maxSize) {
      // The least recently used is first in the map. Statements need no explicit finalization:
      // better-sqlite3 finalizes them when they are garbage-collected or the database closes.
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
    return stmt;
  }

  /** Forget every cached statement (they are finalized with the handle or by the collector). */
  clear(): void {
    this.cache.clear();
  }

  close(): void {
    this.cache.clear();
    this.handle.close();
  }
}
