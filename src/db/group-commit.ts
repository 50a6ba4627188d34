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

export type WriteFn<DBT, T> = (trx: Transaction<DBT>) => Promise<T>;

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
        for (const item of batch) {
          try {
            values.push(await item.fn(trx));
          } catch {
            throw new BatchFailed();
          }
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
      const value = await this.db.transaction().execute((trx) => item.fn(trx));
      this.stats.batches++;
      this.stats.writes++;
      item.resolve(value);
    } catch (err) {
      item.reject(err);
    }
  }
}
