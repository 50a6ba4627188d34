/**
 * Kysely queries behind open data: counts of public-safe reports only — never a sensitive category
 * (the category's `sensitive` flag, and the report's own copy of it), never the prevention or
 * complaints desks, never a report held for review.
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Trx } from '../../db/database.ts';
import { likeEscape } from '../../db/dialect.ts';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Trx;

function publicSafe(
  db: Q,
  from: string,
  to: string,
): SelectQueryBuilder<DB, 'report' | 'report_category', object> {
  return db
    .selectFrom('report')
    .innerJoin('report_category', 'report_category.code', 'report.category_code')
    .where('report.sensitive', '=', 0)
    .where('report_category.sensitive', '=', 0)
    .where('report.desk', '=', 'triage')
    .where('report.held_for_review', '=', 0)
    .where('report.created_at', '>=', from)
    .where('report.created_at', '<', to);
}

const n = (v: unknown) => Number(v ?? 0);

export const openDataRepository = {
  async counts(
    db: Q,
    from: string,
    to: string,
  ): Promise<Array<{ month: string; areaPath: string; group: string; status: string; n: number }>> {
    const month = sql<string>`substr(report.created_at, 1, 7)`;
    const rows = await publicSafe(db, from, to)
      .select([
        month.as('month'),
        'report.area_path as area_path',
        'report_category.group_code as group_code',
        'report.status as status',
        (eb) => eb.fn.countAll().as('n'),
      ])
      .groupBy([month, 'report.area_path', 'report_category.group_code', 'report.status'])
      .execute();
    return rows.map((r) => ({
      month: String(r.month),
      areaPath: String(r.area_path),
      group: String(r.group_code),
      status: String(r.status),
      n: n(r.n),
    }));
  },

  /** Nearest-rank median of a duration over the public-safe reports of an area (and its count). */
  async median(
    db: Q,
    column: 'time_to_ack_seconds' | 'time_to_resolve_seconds',
    areaPath: string,
    from: string,
    to: string,
  ): Promise<{ n: number; median: number | null }> {
    const base = publicSafe(db, from, to)
      .where('report.area_path', 'like', `${likeEscape(areaPath)}%`)
      .where(`report.${column}`, 'is not', null);
    const count = n((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
    if (count === 0) return { n: 0, median: null };
    const row = await base
      .select(`report.${column} as v`)
      .orderBy(`report.${column}`)
      .limit(1)
      .offset(Math.ceil(count / 2) - 1)
      .executeTakeFirst();
    return { n: count, median: row ? n(row.v) : null };
  },
};
