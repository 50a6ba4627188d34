/**
 * Aggregate queries for dashboards: counts only, never a row of what anyone wrote. Every query takes
 * the same scope (the role's jurisdiction and desks) and filters, so no panel counts what another
 * cannot. Days are UTC calendar days of the stored instants (grouped in SQL, bucketed by the service).
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import { likeEscape } from '../../db/dialect.ts';
import type { DB } from '../../db/schema.ts';
import type { Desk } from '../reports/reports.types.ts';

type Q = Kysely<DB> | Trx;

export interface ReportScope {
  /** Area paths of the role's grants (a report counts when it lies under one). */
  paths: string[];
  /** Desks the role counts; null: every desk. */
  desks: Desk[] | null;
  /** Partners: only reports assigned to their organisation. */
  organisationId: string | null;
}

export interface ReportSlice {
  from: string;
  to: string;
  /** Narrower area (path) chosen in the filters. */
  areaPath?: string;
  category?: string;
  channel?: string;
}

function under(eb: ExpressionBuilder<DB, 'report'>, col: 'area_path', paths: string[]) {
  return eb.or(paths.map((p) => eb(col, 'like', `${likeEscape(p)}%`)));
}

function reportWhere(
  eb: ExpressionBuilder<DB, 'report'>,
  s: ReportScope,
  f: Omit<ReportSlice, 'from' | 'to'>,
) {
  const parts = [s.paths.length ? under(eb, 'area_path', s.paths) : eb.val(false)];
  if (s.desks) parts.push(eb('desk', 'in', s.desks));
  if (s.organisationId) parts.push(eb('assigned_organisation_id', '=', s.organisationId));
  if (f.areaPath) parts.push(eb('area_path', 'like', `${likeEscape(f.areaPath)}%`));
  if (f.category) parts.push(eb('category_code', '=', f.category));
  if (f.channel) parts.push(eb('channel', '=', f.channel));
  return eb.and(parts);
}

const n = (v: unknown) => Number(v ?? 0);

export const dashboardRepository = {
  async reportsByDay(db: Q, s: ReportScope, f: ReportSlice): Promise<Array<{ day: string; n: number }>> {
    const day = sql<string>`substr(created_at, 1, 10)`;
    const rows = await db
      .selectFrom('report')
      .select([day.as('day'), (eb) => eb.fn.countAll().as('n')])
      .where((eb) => reportWhere(eb, s, f))
      .where('created_at', '>=', f.from)
      .where('created_at', '<', f.to)
      .groupBy(day)
      .execute();
    return rows.map((r) => ({ day: String(r.day), n: n(r.n) }));
  },

  async reportsBy(
    db: Q,
    column: 'category_code' | 'channel' | 'privacy' | 'area_path' | 'status',
    s: ReportScope,
    f: ReportSlice,
  ): Promise<Array<{ key: string; n: number }>> {
    const rows = await db
      .selectFrom('report')
      .select([`${column} as key`, (eb) => eb.fn.countAll().as('n')])
      .where((eb) => reportWhere(eb, s, f))
      .where('created_at', '>=', f.from)
      .where('created_at', '<', f.to)
      .groupBy(column)
      .execute();
    return rows.map((r) => ({ key: String(r.key), n: n(r.n) }));
  },

  /**
   * Nearest-rank percentiles of a duration column over the slice (reports that have it). Sorting in
   * the database keeps only `count` and the picked values in memory.
   */
  async percentiles(
    db: Q,
    column: 'time_to_ack_seconds' | 'time_to_resolve_seconds',
    s: ReportScope,
    f: ReportSlice,
    ps: number[],
  ): Promise<{ count: number; values: Array<number | null> }> {
    const base = db
      .selectFrom('report')
      .where((eb) => reportWhere(eb, s, f))
      .where('created_at', '>=', f.from)
      .where('created_at', '<', f.to)
      .where(column, 'is not', null);
    const count = n((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
    const values: Array<number | null> = [];
    for (const p of ps) {
      if (count === 0) {
        values.push(null);
        continue;
      }
      const rank = Math.max(1, Math.ceil(p * count));
      const row = await base
        .select(column)
        .orderBy(column)
        .limit(1)
        .offset(rank - 1)
        .executeTakeFirst();
      values.push(row ? n((row as Record<string, unknown>)[column]) : null);
    }
    return { count, values };
  },

  /** Open reports by how long they have waited (created before each limit, in the scope and filters). */
  async openOlderThan(
    db: Q,
    s: ReportScope,
    f: Omit<ReportSlice, 'from' | 'to'>,
    openStatuses: readonly string[],
    limits: string[],
  ): Promise<number[]> {
    const out: number[] = [];
    for (const before of limits) {
      const row = await db
        .selectFrom('report')
        .select((eb) => eb.fn.countAll().as('n'))
        .where((eb) => reportWhere(eb, s, f))
        .where('status', 'in', [...openStatuses])
        .where('created_at', '<=', before)
        .executeTakeFirst();
      out.push(n(row?.n));
    }
    return out;
  },

  async feedback(db: Q, s: ReportScope, f: ReportSlice): Promise<Array<{ key: string; n: number }>> {
    const rows = await db
      .selectFrom('report_feedback')
      .innerJoin('report', 'report.id', 'report_feedback.report_id')
      .select(['report_feedback.resolved as key', (eb) => eb.fn.countAll().as('n')])
      .where((eb) => reportWhere(eb as unknown as ExpressionBuilder<DB, 'report'>, s, f))
      .where('report_feedback.created_at', '>=', f.from)
      .where('report_feedback.created_at', '<', f.to)
      .groupBy('report_feedback.resolved')
      .execute();
    return rows.map((r) => ({ key: String(r.key), n: n(r.n) }));
  },

  async problemsByStage(
    db: Q,
    paths: string[],
    organisationId: string | null,
    areaPath?: string,
  ): Promise<Array<{ key: string; n: number }>> {
    let q = db.selectFrom('problem').select(['status as key', (eb) => eb.fn.countAll().as('n')]);
    q = q.where((eb) => {
      const ors = [];
      if (paths.length)
        ors.push(
          eb(
            'id',
            'in',
            eb
              .selectFrom('problem_area')
              .select('problem_id')
              .where((e2) => e2.or(paths.map((p) => e2('area_path', 'like', `${likeEscape(p)}%`)))),
          ),
        );
      if (organisationId)
        ors.push(
          eb(
            'id',
            'in',
            eb
              .selectFrom('problem_partner')
              .select('problem_id')
              .where('organisation_id', '=', organisationId),
          ),
        );
      return ors.length ? eb.or(ors) : eb.val(false);
    });
    if (areaPath)
      q = q.where('id', 'in', (eb) =>
        eb
          .selectFrom('problem_area')
          .select('problem_id')
          .where('area_path', 'like', `${likeEscape(areaPath)}%`),
      );
    const rows = await q.groupBy('status').execute();
    return rows.map((r) => ({ key: String(r.key), n: n(r.n) }));
  },

  async planTasksByStatus(
    db: Q,
    paths: string[],
    organisationId: string | null,
    areaPath?: string,
  ): Promise<Array<{ key: string; n: number }>> {
    let q = db
      .selectFrom('plan_task')
      .innerJoin('plan', 'plan.id', 'plan_task.plan_id')
      .select(['plan_task.status as key', (eb) => eb.fn.countAll().as('n')]);
    if (organisationId) q = q.where('plan_task.owner_organisation_id', '=', organisationId);
    else
      q = q.where((eb) =>
        paths.length
          ? eb.or(paths.map((p) => eb('plan.area_path', 'like', `${likeEscape(p)}%`)))
          : eb.val(false),
      );
    if (areaPath) q = q.where('plan.area_path', 'like', `${likeEscape(areaPath)}%`);
    const rows = await q.groupBy('plan_task.status').execute();
    return rows.map((r) => ({ key: String(r.key), n: n(r.n) }));
  },

  /** Meetings held in the period in forums of the jurisdiction, and their attendance. */
  async meetings(
    db: Q,
    paths: string[],
    from: string,
    to: string,
    areaPath?: string,
  ): Promise<{ held: number; residents: number; attended: number }> {
    if (!paths.length) return { held: 0, residents: 0, attended: 0 };
    let q = db
      .selectFrom('meeting')
      .innerJoin('forum', 'forum.id', 'meeting.forum_id')
      .where('meeting.status', '=', 'held')
      .where('meeting.starts_at', '>=', from)
      .where('meeting.starts_at', '<', to)
      .where((eb) => eb.or(paths.map((p) => eb('forum.area_path', 'like', `${likeEscape(p)}%`))));
    if (areaPath) q = q.where('forum.area_path', 'like', `${likeEscape(areaPath)}%`);
    const row = await q
      .select([
        (eb) => eb.fn.countAll().as('held'),
        (eb) => eb.fn.sum('meeting.residents_count').as('residents'),
      ])
      .executeTakeFirst();
    const att = await q
      .innerJoin('meeting_participant', 'meeting_participant.meeting_id', 'meeting.id')
      .where('meeting_participant.attended', '=', 1)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return { held: n(row?.held), residents: n(row?.residents), attended: n(att?.n) };
  },

  /** Members who attended held meetings, by gender and by age band (aggregate only). */
  async composition(
    db: Q,
    paths: string[],
    from: string,
    to: string,
    column: 'gender' | 'age_band',
    areaPath?: string,
  ): Promise<Array<{ key: string | null; n: number }>> {
    if (!paths.length) return [];
    let q = db
      .selectFrom('meeting_participant')
      .innerJoin('meeting', 'meeting.id', 'meeting_participant.meeting_id')
      .innerJoin('forum', 'forum.id', 'meeting.forum_id')
      .innerJoin('forum_member', 'forum_member.id', 'meeting_participant.member_id')
      .where('meeting.status', '=', 'held')
      .where('meeting_participant.attended', '=', 1)
      .where('meeting.starts_at', '>=', from)
      .where('meeting.starts_at', '<', to)
      .where((eb) => eb.or(paths.map((p) => eb('forum.area_path', 'like', `${likeEscape(p)}%`))));
    if (areaPath) q = q.where('forum.area_path', 'like', `${likeEscape(areaPath)}%`);
    const rows = await q
      .select([`forum_member.${column} as key`, (eb) => eb.fn.countAll().as('n')])
      .groupBy(`forum_member.${column}`)
      .execute();
    return rows.map((r) => ({ key: r.key === null ? null : String(r.key), n: n(r.n) }));
  },
};
