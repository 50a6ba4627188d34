/**
 * Group commit for the embedded SQLite database. With `synchronous=FULL` every commit is an fsync;
 * one fsync per request caps throughput at a few thousand writes a second. Writes that arrive within
 * a short window run in one transaction, each inside its own savepoint (so one failing write rolls
 * back alone), and every caller is answered only after the shared COMMIT is durable.
 */
import type { Kysely, Transaction } from 'kysely';

export type WriteFn<DBT, T> = (trx: Transaction<DBT>) => Promise<T>;

interface Pending<DBT> {
  fn: WriteFn<DBT, unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export class GroupCommitter<DBT> {
  private queue: Pending<DBT>[] = [];
  private scheduled = false;
  private running = false;

  constructor(
    private readonly db: Kysely<DBT>,
    private readonly windowMs: number,
    private readonly maxBatch = 512,
  ) {}

  write<T>(fn: WriteFn<DBT, T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn: fn as WriteFn<DBT, unknown>, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.flush();
    };
    if (this.windowMs > 0) setTimeout(go, this.windowMs);
    else setImmediate(go);
  }

  private async flush(): Promise<void> {
    this.running = true;
    const batch = this.queue.splice(0, this.maxBatch);
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      const trx = await this.db.startTransaction().execute();
      try {
        for (const item of batch) {
          const sp = await trx.savepoint('w').execute();
          try {
            const value = await item.fn(sp);
            await sp.releaseSavepoint('w').execute();
            outcomes.push({ ok: true, value });
          } catch (error) {
            await sp.rollbackToSavepoint('w').execute();
            outcomes.push({ ok: false, error });
          }
        }
        await trx.commit().execute();
      } catch (err) {
        await trx
          .rollback()
          .execute()
          .catch(() => undefined);
        throw err;
      }
      batch.forEach((item, i) => {
        const o = outcomes[i]!;
        if (o.ok) item.resolve(o.value);
        else item.reject(o.error);
      });
    } catch (err) {
      // The shared commit failed: nothing in the batch is durable, so nobody is told it is.
      for (const item of batch) item.reject(err);
    } finally {
      this.running = false;
      if (this.queue.length > 0) this.schedule();
    }
  }
}
