/** Kysely queries for mobile receptions and the reports raised at them; nothing else. */
import type { Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import type { DB, Reception } from '../../db/schema.ts';

type Q = Kysely<DB> | Trx;

export const receptionRepository = {
  async getById(db: Q, id: string): Promise<Reception | undefined> {
    return db.selectFrom('reception').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async create(db: Q, row: Reception): Promise<void> {
    await db.insertInto('reception').values(row).execute();
  },
  async update(db: Q, id: string, patch: Partial<Omit<Reception, 'id'>>): Promise<void> {
    await db.updateTable('reception').set(patch).where('id', '=', id).execute();
  },
  /** Receptions under any of the given paths (or one path), newest first. */
  async search(db: Q, paths: string[], limit = 200): Promise<Reception[]> {
    if (paths.length === 0) return [];
    return db
      .selectFrom('reception')
      .selectAll()
      .where((eb) => eb.or(paths.map((p) => eb('area_path', 'like', `${p}%`))))
      .orderBy('starts_at', 'desc')
      .limit(limit)
      .execute();
  },
  async upcoming(db: Q, fromIso: string, areaPath: string | undefined, limit = 200): Promise<Reception[]> {
    return db
      .selectFrom('reception')
      .selectAll()
      .where('ends_at', '>=', fromIso)
      .where('status', '!=', 'cancelled')
      .$if(!!areaPath, (qb) => qb.where('area_path', 'like', `${areaPath!}%`))
      .orderBy('starts_at')
      .limit(limit)
      .execute();
  },
  async linkReport(db: Q, receptionId: string, reportId: string, at: string): Promise<void> {
    await db
      .insertInto('reception_report')
      .values({ reception_id: receptionId, report_id: reportId, created_at: at })
      .execute();
  },
  async reports(db: Q, receptionId: string) {
    return db
      .selectFrom('reception_report')
      .innerJoin('report', 'report.id', 'reception_report.report_id')
      .select(['report.id', 'report.reference', 'report.category_code', 'report.privacy', 'report.status'])
      .where('reception_report.reception_id', '=', receptionId)
      .orderBy('reception_report.created_at')
      .execute();
  },
};
