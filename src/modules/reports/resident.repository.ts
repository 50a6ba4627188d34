/** Kysely queries for the resident-facing public pages (public list, adding to a public report). Nothing else. */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import { likeEscape } from '../../db/dialect.ts';
import type { DB, Report, ReportEvent } from '../../db/schema.ts';

type Q = Kysely<DB> | Trx;

export interface PublicReportFilters {
  category?: string;
  /** Area path prefix (the area and everything below it). */
  areaPath?: string;
  status?: readonly string[];
}

/** What may ever be public: public privacy, not sensitive, not held for review, with a public point. */
export function publicWhere(eb: ExpressionBuilder<DB, 'report'>, f: PublicReportFilters) {
  const parts = [
    eb('privacy', '=', 'public'),
    eb('sensitive', '=', 0),
    eb('held_for_review', '=', 0),
    eb('public_lat', 'is not', null),
    eb('public_lon', 'is not', null),
  ];
  if (f.category) parts.push(eb('category_code', '=', f.category));
  if (f.areaPath) parts.push(eb('area_path', 'like', `${likeEscape(f.areaPath)}%`));
  if (f.status?.length) parts.push(eb('status', 'in', [...f.status]));
  return eb.and(parts);
}

export const residentReportsRepository = {
  async listPublic(db: Q, f: PublicReportFilters, limit: number, offset: number): Promise<Report[]> {
    return db
      .selectFrom('report')
      .selectAll()
      .where((eb) => publicWhere(eb, f))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
  },

  async countPublic(db: Q, f: PublicReportFilters): Promise<number> {
    const row = await db
      .selectFrom('report')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => publicWhere(eb, f))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },

  /** One report by its reference, only if it may be public (see `publicWhere`). */
  async getPublicByReference(db: Q, reference: string): Promise<Report | undefined> {
    return db
      .selectFrom('report')
      .selectAll()
      .where('reference', '=', reference)
      .where((eb) => publicWhere(eb, {}))
      .executeTakeFirst();
  },

  /** A report's public history: status changes and public updates, oldest first. */
  async publicEvents(db: Q, reportId: string): Promise<ReportEvent[]> {
    return db
      .selectFrom('report_event')
      .selectAll()
      .where('report_id', '=', reportId)
      .where('visibility', '=', 'public')
      .where('kind', 'in', ['status', 'public_update'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  async getByReference(db: Q, reference: string): Promise<Report | undefined> {
    return db.selectFrom('report').selectAll().where('reference', '=', reference).executeTakeFirst();
  },
};
