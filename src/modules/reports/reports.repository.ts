/** Kysely queries for reports, their threads, photos, feedback, categories and templates. Nothing else. */
import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import { insertRow } from '../../db/compiled-insert.ts';
import type { Trx } from '../../db/database.ts';
import { likeEscape } from '../../db/dialect.ts';
import type {
  DB,
  NewReport,
  NewReportCategory,
  NewReportEvent,
  Report,
  ReportCategory,
  ReportCategoryUpdate,
  ReportEvent,
  ReportFeedback,
  ReportPhoto,
  ReportUpdate,
  ResponseTemplate,
} from '../../db/schema.ts';
import type { QueueScope } from './reports.policy.ts';
import type { Desk } from './reports.types.ts';

type Q = Kysely<DB> | Trx;

export interface ReportFilters {
  status?: string[];
  category?: string;
  /** Area code: the area and everything below it (by path prefix). */
  areaPath?: string;
  privacy?: Report['privacy'];
  /** Created at or before this instant (older than N days). */
  createdBefore?: string;
  createdAfter?: string;
  assigned?: 'me' | 'none' | 'any';
  assignedPersonId?: string;
  held?: boolean;
}

export type ReportSort = 'newest' | 'oldest' | 'updated';

function under(eb: ExpressionBuilder<DB, 'report'>, paths: string[]) {
  return eb.or(paths.map((p) => eb('area_path', 'like', `${likeEscape(p)}%`)));
}

/** The WHERE clause a queue scope stands for (mirrors the policy rules). */
function scoped(eb: ExpressionBuilder<DB, 'report'>, s: QueueScope, analyst: boolean) {
  const parts = [];
  // Complaints about police are for oversight only: no assignment, partner link or analyst view
  // brings them into another queue (reports.policy.ts, `notComplaint`).
  const notComplaint = eb('desk', '!=', 'complaints');
  if (analyst) {
    if (s.analystPaths.length) parts.push(eb.and([notComplaint, under(eb, s.analystPaths)]));
  } else {
    for (const desk of ['triage', 'prevention', 'complaints'] as Desk[]) {
      const paths = s.desks[desk];
      if (paths.length) parts.push(eb.and([eb('desk', '=', desk), under(eb, paths)]));
    }
    if (s.assignedPersonId)
      parts.push(eb.and([notComplaint, eb('assigned_person_id', '=', s.assignedPersonId)]));
    if (s.partner)
      parts.push(
        eb.and([
          notComplaint,
          eb('assigned_organisation_id', '=', s.partner.organisationId),
          under(eb, s.partner.paths),
        ]),
      );
  }
  return parts.length ? eb.or(parts) : eb.val(false);
}

export const reportsRepository = {
  // --- categories ---------------------------------------------------------------------------------
  async listCategories(db: Q, activeOnly: boolean): Promise<ReportCategory[]> {
    let qb = db.selectFrom('report_category').selectAll();
    if (activeOnly) qb = qb.where('active', '=', 1);
    return qb.orderBy('sort').orderBy('code').execute();
  },
  async getCategory(db: Q, code: string): Promise<ReportCategory | undefined> {
    return db.selectFrom('report_category').selectAll().where('code', '=', code).executeTakeFirst();
  },
  async createCategory(trx: Trx, row: NewReportCategory): Promise<void> {
    await trx.insertInto('report_category').values(row).execute();
  },
  async updateCategory(trx: Trx, code: string, changes: ReportCategoryUpdate): Promise<void> {
    await trx.updateTable('report_category').set(changes).where('code', '=', code).execute();
  },

  // --- reports ------------------------------------------------------------------------------------
  async create(trx: Trx, row: NewReport): Promise<void> {
    await insertRow(trx, 'report', row); // hot path: compiled once (db/compiled-insert.ts)
  },
  async getById(db: Q, id: string): Promise<Report | undefined> {
    return db.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async getByIds(db: Q, ids: string[]): Promise<Report[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('report').selectAll().where('id', 'in', ids).execute();
  },
  async getByReceiptHash(db: Q, hash: string): Promise<Report | undefined> {
    return db.selectFrom('report').selectAll().where('receipt_hash', '=', hash).executeTakeFirst();
  },
  async update(trx: Trx, id: string, changes: ReportUpdate): Promise<void> {
    await trx.updateTable('report').set(changes).where('id', '=', id).execute();
  },
  /** Anonymous reports created since `since`, counting no further than `cap` (cheap on the index). */
  async countAnonymousSince(db: Q, since: string, cap: number): Promise<number> {
    const row = await db
      .selectFrom((eb) =>
        eb
          .selectFrom('report')
          .select('id')
          .where('privacy', '=', 'anonymous')
          .where('created_at', '>=', since)
          .limit(cap)
          .as('recent'),
      )
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async search(
    db: Q,
    scope: QueueScope,
    analyst: boolean,
    f: ReportFilters,
    sort: ReportSort,
    limit: number,
    offset: number,
  ): Promise<Report[]> {
    let qb = db
      .selectFrom('report')
      .selectAll()
      .where((eb) => scoped(eb, scope, analyst));
    qb = applyFilters(qb, f);
    if (sort === 'oldest') qb = qb.orderBy('created_at', 'asc').orderBy('id', 'asc');
    else if (sort === 'updated') qb = qb.orderBy('updated_at', 'desc').orderBy('id', 'desc');
    else qb = qb.orderBy('created_at', 'desc').orderBy('id', 'desc');
    return qb.limit(limit).offset(offset).execute();
  },

  /**
   * The same rows as `search`, in the same order, read by keyset (the last row's sort key and id)
   * instead of OFFSET, so an export of any length reads each row once (insight exports).
   */
  async searchAfter(
    db: Q,
    scope: QueueScope,
    analyst: boolean,
    f: ReportFilters,
    sort: ReportSort,
    after: { at: string; id: string } | null,
    limit: number,
  ): Promise<Report[]> {
    const col = sort === 'updated' ? 'updated_at' : 'created_at';
    const dir = sort === 'oldest' ? 'asc' : 'desc';
    const cmp = dir === 'asc' ? '>' : '<';
    let qb = db
      .selectFrom('report')
      .selectAll()
      .where((eb) => scoped(eb, scope, analyst));
    qb = applyFilters(qb, f);
    // A row-value comparison, so both databases walk the (created_at, id) / (updated_at, id) index
    // from the last row on instead of filtering and sorting the whole queue for every batch.
    if (after) qb = qb.where((eb) => eb(eb.refTuple(col, 'id'), cmp, eb.tuple(after.at, after.id)));
    return qb.orderBy(col, dir).orderBy('id', dir).limit(limit).execute();
  },

  /** Counts per status for the same scope and filters (status filter ignored). */
  async countByStatus(db: Q, scope: QueueScope, analyst: boolean, f: ReportFilters) {
    let qb = db
      .selectFrom('report')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where((eb) => scoped(eb, scope, analyst));
    qb = applyFilters(qb, { ...f, status: undefined });
    return (await qb.groupBy('status').execute()).map((r) => ({ status: r.status, n: Number(r.n) }));
  },

  /** Open, public, non-sensitive reports of a category near a point (by public coordinates). */
  async similarPublic(
    db: Q,
    category: string,
    box: { minLat: number; maxLat: number; minLon: number; maxLon: number },
    openStatuses: readonly string[],
    limit: number,
  ): Promise<Report[]> {
    return db
      .selectFrom('report')
      .selectAll()
      .where('category_code', '=', category)
      .where('privacy', '=', 'public')
      .where('sensitive', '=', 0)
      .where('held_for_review', '=', 0)
      .where('status', 'in', [...openStatuses])
      .where('public_lat', '>=', box.minLat)
      .where('public_lat', '<=', box.maxLat)
      .where('public_lon', '>=', box.minLon)
      .where('public_lon', '<=', box.maxLon)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  },

  async listByReporter(db: Q, personId: string, limit: number): Promise<Report[]> {
    return db
      .selectFrom('report')
      .selectAll()
      .where('reporter_person_id', '=', personId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  },

  // --- thread -------------------------------------------------------------------------------------
  async addEvent(trx: Trx, row: NewReportEvent): Promise<void> {
    await insertRow(trx, 'report_event', row);
  },
  async listEvents(
    db: Q,
    reportId: string,
    visibilities: Array<'public' | 'reporter' | 'internal'>,
  ): Promise<ReportEvent[]> {
    return db
      .selectFrom('report_event')
      .selectAll()
      .where('report_id', '=', reportId)
      .where('visibility', 'in', visibilities)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },
  async deleteEventsOfKinds(trx: Trx, reportId: string, kinds: readonly string[]): Promise<number> {
    const r = await trx
      .deleteFrom('report_event')
      .where('report_id', '=', reportId)
      .where('kind', 'in', [...kinds])
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  // --- photos -------------------------------------------------------------------------------------
  async addPhoto(trx: Trx, row: ReportPhoto): Promise<void> {
    await trx.insertInto('report_photo').values(row).execute();
  },
  async listPhotos(db: Q, reportId: string): Promise<ReportPhoto[]> {
    return db
      .selectFrom('report_photo')
      .selectAll()
      .where('report_id', '=', reportId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },
  async countPhotos(db: Q, reportId: string): Promise<number> {
    const r = await db
      .selectFrom('report_photo')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('report_id', '=', reportId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
  async getPhoto(db: Q, reportId: string, photoId: string): Promise<ReportPhoto | undefined> {
    return db
      .selectFrom('report_photo')
      .selectAll()
      .where('report_id', '=', reportId)
      .where('id', '=', photoId)
      .executeTakeFirst();
  },
  async deletePhotos(trx: Trx, reportId: string): Promise<ReportPhoto[]> {
    const rows = await trx.selectFrom('report_photo').selectAll().where('report_id', '=', reportId).execute();
    if (rows.length) await trx.deleteFrom('report_photo').where('report_id', '=', reportId).execute();
    return rows;
  },

  // --- feedback -----------------------------------------------------------------------------------
  async getFeedback(db: Q, reportId: string): Promise<ReportFeedback | undefined> {
    return db.selectFrom('report_feedback').selectAll().where('report_id', '=', reportId).executeTakeFirst();
  },
  async addFeedback(trx: Trx, row: ReportFeedback): Promise<void> {
    await trx.insertInto('report_feedback').values(row).execute();
  },

  // --- templates ----------------------------------------------------------------------------------
  async listTemplates(
    db: Q,
    category: string | undefined,
    locale: string | undefined,
  ): Promise<ResponseTemplate[]> {
    let qb = db.selectFrom('response_template').selectAll();
    if (category)
      qb = qb.where((eb) => eb.or([eb('category_code', '=', category), eb('category_code', 'is', null)]));
    if (locale) qb = qb.where('locale', '=', locale);
    return qb.orderBy('title').limit(500).execute();
  },
  async createTemplate(trx: Trx, row: ResponseTemplate): Promise<void> {
    await trx.insertInto('response_template').values(row).execute();
  },

  // --- retention ----------------------------------------------------------------------------------
  /**
   * Reports whose reporter-side data is due for deletion: inactive since before `cutoff` and either
   * holding a receipt (anonymous) or closed, and not yet cleared.
   */
  async dueForRetention(db: Q, cutoff: string, closedStatuses: readonly string[], limit: number) {
    return db
      .selectFrom('report')
      .select(['id', 'privacy', 'receipt_hash', 'contact'])
      .where('last_activity_at', '<', cutoff)
      .where('personal_data_deleted_at', 'is', null)
      .where((eb) => eb.or([eb('receipt_hash', 'is not', null), eb('status', 'in', [...closedStatuses])]))
      .orderBy('last_activity_at')
      .limit(limit)
      .execute();
  },
};

function applyFilters<O>(
  qb: SelectQueryBuilder<DB, 'report', O>,
  f: ReportFilters,
): SelectQueryBuilder<DB, 'report', O> {
  let q = qb;
  if (f.status?.length) q = q.where('status', 'in', f.status);
  if (f.category) q = q.where('category_code', '=', f.category);
  if (f.areaPath) q = q.where('area_path', 'like', `${likeEscape(f.areaPath)}%`);
  if (f.privacy) q = q.where('privacy', '=', f.privacy);
  if (f.createdBefore) q = q.where('created_at', '<=', f.createdBefore);
  if (f.createdAfter) q = q.where('created_at', '>=', f.createdAfter);
  if (f.assigned === 'none')
    q = q.where('assigned_person_id', 'is', null).where('assigned_organisation_id', 'is', null);
  if (f.assigned === 'any')
    q = q.where((eb) =>
      eb.or([eb('assigned_person_id', 'is not', null), eb('assigned_organisation_id', 'is not', null)]),
    );
  if (f.assigned === 'me' && f.assignedPersonId) q = q.where('assigned_person_id', '=', f.assignedPersonId);
  q = q.where('held_for_review', '=', f.held ? 1 : 0);
  return q;
}
