/**
 * Group commit for the embedded SQLite database. With `synchronous=FULL` every commit is an fsync;
 * one fsync per request caps throughput at a few thousand writes a second. Writes that arrive within
 * a short window run in one transaction, and every caller is answered only after the shared COMMIT
 * is durable.
 *
 * Failures are rare (input is validated before it reaches a write), so a batch runs optimistically
 * without per-write savepoints; if any write in it throws, the whole batch is rolled back and each
 * write is retried alone in its own transaction, so one bad write never takes others down with it.
 */
import type { Kysely, Transaction } from 'kysely';
import { assertNotInsideWrite, inWriteScope } from './write-scope.ts';

export type WriteFn<DBT, T> = (trx: Transaction<DBT>) => Promise<T>;

/**
 * Work to do once, at the end of a transaction, just before it commits: the audit chain writes its
 * head once per transaction instead of once per entry. Only transactions opened by `Database.write`
 * (group commit on SQLite, one transaction per write on PostgreSQL) run these hooks.
 */
type BeforeCommit = () => Promise<void>;
const hooks = new WeakMap<object, Map<string, BeforeCommit>>();

/** Marks a transaction as one whose before-commit hooks will run. */
export function trackTransaction(trx: object): void {
  hooks.set(trx, new Map());
}

/**
 * Registers (or replaces, by key) work to run just before `trx` commits. Returns false when `trx` was
 * not opened by `Database.write`: the caller must then do the work at once itself.
 */
export function beforeCommit(trx: object, key: string, fn: BeforeCommit): boolean {
  const map = hooks.get(trx);
  if (!map) return false;
  map.set(key, fn);
  return true;
}

/** Runs and forgets the hooks registered on `trx` (in registration order). */
export async function runBeforeCommit(trx: object): Promise<void> {
  const map = hooks.get(trx);
  if (!map) return;
  hooks.delete(trx);
  for (const fn of map.values()) await fn();
}

interface Pending<DBT> {
  fn: WriteFn<DBT, unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

class BatchFailed extends Error {}

export class GroupCommitter<DBT> {
  private queue: Pending<DBT>[] = [];
  private scheduled = false;
  private running = false;
  /** Batches committed and writes in them, for benchmarks and diagnostics. */
  readonly stats = { batches: 0, writes: 0, fallbacks: 0 };

  constructor(
    private readonly db: Kysely<DBT>,
    private readonly windowMs: number,
    private readonly maxBatch = 512,
  ) {}

  write<T>(fn: WriteFn<DBT, T>): Promise<T> {
    // A nested write would wait for the batch that is waiting for it: refuse instead of hanging.
    assertNotInsideWrite('db.write');
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn: fn as WriteFn<DBT, unknown>, resolve: resolve as (v: unknown) => void, reject });
      this.schedule(this.windowMs);
    });
  }

  private schedule(delayMs: number): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.flush();
    };
    if (delayMs > 0) setTimeout(go, delayMs);
    else setImmediate(go);
  }

  private async flush(): Promise<void> {
    this.running = true;
    const batch = this.queue.splice(0, this.maxBatch);
    try {
      if (batch.length === 1) await this.runAlone(batch[0]!);
      else await this.runBatch(batch);
    } finally {
      this.running = false;
      // Writes that queued up during this commit have already waited: go again at once.
      if (this.queue.length > 0) this.schedule(0);
    }
  }

  private async runBatch(batch: Pending<DBT>[]): Promise<void> {
    const values: unknown[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        trackTransaction(trx);
        for (const item of batch) {
          try {
            values.push(await inWriteScope(() => item.fn(trx)));
          } catch {
            throw new BatchFailed();
          }
        }
        try {
          await runBeforeCommit(trx);
        } catch {
          throw new BatchFailed();
        }
      });
    } catch (err) {
      if (!(err instanceof BatchFailed)) {
        // The shared commit itself failed: nothing in the batch is durable, so nobody is told it is.
        for (const item of batch) item.reject(err);
        return;
      }
      this.stats.fallbacks++;
      for (const item of batch) await this.runAlone(item);
      return;
    }
    this.stats.batches++;
    this.stats.writes += batch.length;
    batch.forEach((item, i) => item.resolve(values[i]));
  }

  private async runAlone(item: Pending<DBT>): Promise<void> {
    try {
      const value = await this.db.transaction().execute(async (trx) => {
        trackTransaction(trx);
        const result = await inWriteScope(() => item.fn(trx));
        await runBeforeCommit(trx);
        return result;
      });
      this.stats.batches++;
      this.stats.writes++;
      item.resolve(value);
    } catch (err) {
      item.reject(err);
    }
  }
}
