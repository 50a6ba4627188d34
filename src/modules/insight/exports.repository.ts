/** Kysely queries for insight exports and the little they need besides the lists' own repositories. */
import type { Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import type { DB, InsightExport, InsightExportTable, NewInsightExport } from '../../db/schema.ts';

type Q = Kysely<DB> | Trx;

export const exportRepository = {
  async create(trx: Trx, row: NewInsightExport): Promise<void> {
    await trx.insertInto('insight_export').values(row).execute();
  },
  async getById(db: Q, id: string): Promise<InsightExport | undefined> {
    return db.selectFrom('insight_export').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async listByPerson(db: Q, personId: string, limit: number): Promise<InsightExport[]> {
    return db
      .selectFrom('insight_export')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  },
  /** Conditional: only from one of `from`; false when the row was elsewhere (someone else moved it). */
  async move(
    trx: Trx,
    id: string,
    from: InsightExportTable['status'][],
    changes: Partial<Omit<InsightExport, 'id'>>,
  ): Promise<boolean> {
    const r = await trx
      .updateTable('insight_export')
      .set(changes)
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
  async progress(trx: Trx, id: string, rows: number, at: string): Promise<void> {
    await trx
      .updateTable('insight_export')
      .set({ rows_written: rows, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
  },
  async countDownload(trx: Trx, id: string): Promise<void> {
    await trx
      .updateTable('insight_export')
      .set((eb) => ({ downloads: eb('downloads', '+', 1) }))
      .where('id', '=', id)
      .execute();
  },
  async expiredBefore(db: Q, at: string, limit: number): Promise<InsightExport[]> {
    return db
      .selectFrom('insight_export')
      .selectAll()
      .where('status', '=', 'done')
      .where('expires_at', '<=', at)
      .limit(limit)
      .execute();
  },
  /** Centres of areas ([lon, lat]) for placing problems in GeoJSON. */
  async areaCentres(db: Q, codes: string[]): Promise<Map<string, [number, number]>> {
    const out = new Map<string, [number, number]>();
    if (!codes.length) return out;
    const rows = await db
      .selectFrom('area')
      .select(['code', 'centre_lat', 'centre_lon'])
      .where('code', 'in', codes)
      .where('valid_to', 'is', null)
      .execute();
    for (const r of rows)
      if (r.centre_lat !== null && r.centre_lon !== null) out.set(r.code, [r.centre_lon, r.centre_lat]);
    return out;
  },
};
