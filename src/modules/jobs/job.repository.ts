import type { Insertable, Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import type { Dialect } from '../../db/dialect.ts';
import type { DB, Job, JobTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Trx;

export const jobRepository = {
  /** Inserts unless a live job holds the same unique key; returns whether it was inserted. */
  async create(db: Q, row: Insertable<JobTable>): Promise<boolean> {
    // No conflict target: the partial unique index on unique_key (pending/running) is the only
    // other unique constraint, and DO NOTHING keeps a PostgreSQL transaction usable after a clash.
    const r = await db
      .insertInto('job')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    return r !== undefined;
  },
  async getById(db: Q, id: string): Promise<Job | undefined> {
    return db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
  },
  /** Due pending jobs and running jobs whose lock expired, locked against other claimers. */
  async lockDue(trx: Trx, dialect: Dialect, kinds: string[], now: string, limit: number): Promise<Job[]> {
    if (kinds.length === 0) return [];
    return dialect
      .lockSkipLocked(
        trx
          .selectFrom('job')
          .selectAll()
          .where('kind', 'in', kinds)
          .where((eb) =>
            eb.or([
              eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
              eb.and([eb('status', '=', 'running'), eb('locked_until', '<=', now)]),
            ]),
          )
          .orderBy('run_at')
          .limit(limit),
      )
      .execute();
  },
  async markRunning(trx: Trx, ids: string[], lockedBy: string, lockedUntil: string, now: string) {
    if (ids.length === 0) return;
    await trx
      .updateTable('job')
      .set((eb) => ({
        status: 'running',
        locked_by: lockedBy,
        locked_until: lockedUntil,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', ids)
      .execute();
  },
  async extendLock(trx: Trx, id: string, lockedBy: string, lockedUntil: string, now: string): Promise<void> {
    await trx
      .updateTable('job')
      .set({ locked_until: lockedUntil, updated_at: now })
      .where('id', '=', id)
      .where('locked_by', '=', lockedBy)
      .where('status', '=', 'running')
      .execute();
  },
  /** Ends a job this worker still holds (a reclaimed job belongs to its new holder). */
  async finish(
    trx: Trx,
    id: string,
    lockedBy: string,
    set: { status: 'done' | 'failed' | 'pending'; run_at?: string; last_error?: string | null },
    now: string,
  ): Promise<boolean> {
    const r = await trx
      .updateTable('job')
      .set({
        ...set,
        locked_by: null,
        locked_until: null,
        updated_at: now,
        finished_at: set.status === 'pending' ? null : now,
      })
      .where('id', '=', id)
      .where('locked_by', '=', lockedBy)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
  /** Running jobs reclaimed after their last allowed attempt crashed: they fail without another run. */
  async failExhausted(trx: Trx, ids: string[], error: string, now: string): Promise<void> {
    if (ids.length === 0) return;
    await trx
      .updateTable('job')
      .set({
        status: 'failed',
        last_error: error,
        locked_by: null,
        locked_until: null,
        updated_at: now,
        finished_at: now,
      })
      .where('id', 'in', ids)
      .execute();
  },
  async pruneDone(db: Q, beforeIso: string): Promise<number> {
    const r = await db
      .deleteFrom('job')
      .where('status', '=', 'done')
      .where('finished_at', '<', beforeIso)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};
