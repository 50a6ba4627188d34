/** Kysely queries for one-time form submission keys (plugins/once.ts). Nothing else. */
import type { Kysely } from 'kysely';
import type { Trx } from '../db/database.ts';
import type { DB, FormSubmissionTable } from '../db/schema.ts';

type Q = Kysely<DB> | Trx;

export const formSubmissionRepository = {
  /** Claims a key; false when it was claimed before (by this request's twin or a reload). */
  async claim(db: Q, row: Omit<FormSubmissionTable, 'status_code' | 'location'>): Promise<boolean> {
    const r = await db
      .insertInto('form_submission')
      .values({ ...row, status_code: null, location: null })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  },

  async get(db: Q, key: string) {
    return db.selectFrom('form_submission').selectAll().where('key', '=', key).executeTakeFirst();
  },

  async finish(db: Q, key: string, statusCode: number, location: string | null): Promise<void> {
    await db
      .updateTable('form_submission')
      .set({ state: 'done', status_code: statusCode, location })
      .where('key', '=', key)
      .execute();
  },

  /** A refused or failed request frees its key, so the corrected form can be sent again. */
  async release(db: Q, key: string): Promise<void> {
    await db.deleteFrom('form_submission').where('key', '=', key).execute();
  },

  async deleteBefore(db: Q, beforeIso: string): Promise<number> {
    const r = await db.deleteFrom('form_submission').where('created_at', '<', beforeIso).executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};
