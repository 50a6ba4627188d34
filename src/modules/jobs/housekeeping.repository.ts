import type { Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Trx;

export const housekeepingRepository = {
  async deleteThrottlesBefore(db: Q, beforeIso: string): Promise<number> {
    const r = await db.deleteFrom('throttle').where('window_start', '<', beforeIso).executeTakeFirst();
    return Number(r.numDeletedRows);
  },
  /** Staff sessions idle past the staff limit (residents keep a longer one). */
  async deleteIdleStaffSessions(db: Q, idleCutoffIso: string): Promise<number> {
    const r = await db
      .deleteFrom('session')
      .where('last_seen_at', '<=', idleCutoffIso)
      .where('person_id', 'in', (eb) => eb.selectFrom('person').select('id').where('kind', '=', 'staff'))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};
