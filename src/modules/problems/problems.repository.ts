/** Kysely queries for problems, their areas, partners, measures, actions, rights checks, assessments and events. */
import type { Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import { likeEscape } from '../../db/dialect.ts';
import type {
  DB,
  Problem,
  ProblemAction,
  ProblemAreaTable,
  ProblemAssessment,
  ProblemEvent,
  ProblemMeasure,
  ProblemRightsCheck,
} from '../../db/schema.ts';

type Q = Kysely<DB> | Trx;

export interface ProblemSearch {
  /** Jurisdiction paths the actor reads (any area of the problem under one of them). */
  paths: string[];
  /** A partner's organisation: problems it is party to. */
  organisationId: string | null;
  status?: string;
  clusteringType?: string;
  areaCode?: string;
  q?: string;
  /** Keyset: rows after this one in the list's order (exports read every row this way). */
  after?: { updatedAt: string; id: string };
  limit: number;
}

const PROBLEM_AREA_COLUMNS = ['problem_id', 'area_code', 'area_path'] as const;

export const problemRepository = {
  async getById(db: Q, id: string): Promise<Problem | undefined> {
    return db.selectFrom('problem').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async search(db: Q, f: ProblemSearch): Promise<Problem[]> {
    if (f.paths.length === 0 && !f.organisationId) return [];
    let q = db.selectFrom('problem').selectAll();
    q = q.where((eb) => {
      const ors = [];
      if (f.paths.length)
        ors.push(
          eb(
            'id',
            'in',
            eb
              .selectFrom('problem_area')
              .select('problem_id')
              .where((e2) => e2.or(f.paths.map((p) => e2('area_path', 'like', `${likeEscape(p)}%`)))),
          ),
        );
      if (f.organisationId)
        ors.push(
          eb(
            'id',
            'in',
            eb
              .selectFrom('problem_partner')
              .select('problem_id')
              .where('organisation_id', '=', f.organisationId),
          ),
        );
      return eb.or(ors);
    });
    if (f.status) q = q.where('status', '=', f.status as Problem['status']);
    if (f.clusteringType) q = q.where('clustering_type', '=', f.clusteringType as Problem['clustering_type']);
    if (f.areaCode)
      q = q.where('id', 'in', (eb) =>
        eb.selectFrom('problem_area').select('problem_id').where('area_code', '=', f.areaCode!),
      );
    if (f.q) {
      const pattern = `%${likeEscape(f.q.toLowerCase())}%`;
      q = q.where((eb) => eb(eb.fn('lower', ['title']), 'like', pattern));
    }
    const after = f.after;
    if (after)
      q = q.where((eb) => eb(eb.refTuple('updated_at', 'id'), '<', eb.tuple(after.updatedAt, after.id)));
    return q.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  },

  async listPublished(db: Q, limit: number): Promise<Problem[]> {
    return db
      .selectFrom('problem')
      .selectAll()
      .where('published', '=', 1)
      .orderBy('published_at', 'desc')
      .limit(limit)
      .execute();
  },

  async create(trx: Trx, row: Problem): Promise<void> {
    await trx.insertInto('problem').values(row).execute();
  },

  async update(trx: Trx, id: string, patch: Partial<Problem>): Promise<void> {
    await trx.updateTable('problem').set(patch).where('id', '=', id).execute();
  },

  /** A stage change only from the stage the caller saw: false when someone else moved it first. */
  async transition(trx: Trx, id: string, from: Problem['status'], patch: Partial<Problem>): Promise<boolean> {
    const r = await trx
      .updateTable('problem')
      .set(patch)
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  async areas(db: Q, problemIds: string[]): Promise<ProblemAreaTable[]> {
    if (problemIds.length === 0) return [];
    return db
      .selectFrom('problem_area')
      .select([...PROBLEM_AREA_COLUMNS])
      .where('problem_id', 'in', problemIds)
      .orderBy('area_path')
      .execute();
  },

  async addAreas(trx: Trx, rows: ProblemAreaTable[]): Promise<void> {
    if (rows.length) await trx.insertInto('problem_area').values(rows).execute();
  },

  async partners(db: Q, problemId: string) {
    return db
      .selectFrom('problem_partner')
      .innerJoin('organisation', 'organisation.id', 'problem_partner.organisation_id')
      .select([
        'problem_partner.organisation_id as organisationId',
        'problem_partner.raised as raised',
        'organisation.name as name',
        'organisation.sector as sector',
      ])
      .where('problem_partner.problem_id', '=', problemId)
      .orderBy('organisation.name')
      .execute();
  },

  async upsertPartner(trx: Trx, problemId: string, organisationId: string, raised: boolean, now: string) {
    const existing = await trx
      .selectFrom('problem_partner')
      .select('raised')
      .where('problem_id', '=', problemId)
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    if (!existing) {
      await trx
        .insertInto('problem_partner')
        .values({
          problem_id: problemId,
          organisation_id: organisationId,
          raised: raised ? 1 : 0,
          created_at: now,
        })
        .execute();
      return true;
    }
    if (raised && !existing.raised)
      await trx
        .updateTable('problem_partner')
        .set({ raised: 1 })
        .where('problem_id', '=', problemId)
        .where('organisation_id', '=', organisationId)
        .execute();
    return false;
  },

  async removePartner(trx: Trx, problemId: string, organisationId: string): Promise<void> {
    await trx
      .deleteFrom('problem_partner')
      .where('problem_id', '=', problemId)
      .where('organisation_id', '=', organisationId)
      .execute();
  },

  async partyOrganisationIds(db: Q, problemId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('problem_partner')
      .select('organisation_id')
      .where('problem_id', '=', problemId)
      .execute();
    return rows.map((r) => r.organisation_id);
  },
};

export interface ReportRef {
  id: string;
  reference: string;
  category_code: string;
  status: string;
  area_code: string;
  area_path: string;
  desk: string;
  sensitive: number;
  problem_id: string | null;
  duplicate_of: string | null;
  lat: number | null;
  lon: number | null;
  occurred_at: string | null;
  created_at: string;
}

const REPORT_REF_COLUMNS = [
  'id',
  'reference',
  'category_code',
  'status',
  'area_code',
  'area_path',
  'desk',
  'sensitive',
  'problem_id',
  'duplicate_of',
  'lat',
  'lon',
  'occurred_at',
  'created_at',
] as const;

/** What problems read of reports: references, categories, places and times — never texts or names. */
export const problemReportRepository = {
  async byIds(db: Q, ids: string[]): Promise<ReportRef[]> {
    if (ids.length === 0) return [];
    return db
      .selectFrom('report')
      .select([...REPORT_REF_COLUMNS])
      .where('id', 'in', ids)
      .execute();
  },

  async byReferences(db: Q, references: string[]): Promise<ReportRef[]> {
    if (references.length === 0) return [];
    return db
      .selectFrom('report')
      .select([...REPORT_REF_COLUMNS])
      .where('reference', 'in', references)
      .execute();
  },

  async linked(db: Q, problemId: string): Promise<ReportRef[]> {
    return db
      .selectFrom('report')
      .select([...REPORT_REF_COLUMNS])
      .where('problem_id', '=', problemId)
      .orderBy('created_at')
      .limit(500)
      .execute();
  },

  async link(trx: Trx, reportIds: string[], problemId: string | null, now: string): Promise<void> {
    if (reportIds.length === 0) return;
    await trx
      .updateTable('report')
      .set({ problem_id: problemId, updated_at: now })
      .where('id', 'in', reportIds)
      .execute();
  },

  /** Unlinked, non-duplicate, non-sensitive triage reports of these paths since an instant. */
  async candidates(db: Q, paths: string[], sinceIso: string, limit: number): Promise<ReportRef[]> {
    if (paths.length === 0) return [];
    return db
      .selectFrom('report')
      .select([...REPORT_REF_COLUMNS])
      .where('problem_id', 'is', null)
      .where('duplicate_of', 'is', null)
      .where('sensitive', '=', 0)
      .where('desk', '=', 'triage')
      .where('created_at', '>=', sinceIso)
      .where((eb) => eb.or(paths.map((p) => eb('area_path', 'like', `${likeEscape(p)}%`))))
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  },

  /** Creation instants of the (non-duplicate) reports under these paths in [fromIso, toIso). */
  async instants(
    db: Q,
    paths: string[],
    categoryCode: string | null,
    fromIso: string,
    toIso: string,
  ): Promise<string[]> {
    if (paths.length === 0) return [];
    let q = db
      .selectFrom('report')
      .select('created_at')
      .where('duplicate_of', 'is', null)
      .where('created_at', '>=', fromIso)
      .where('created_at', '<', toIso)
      .where((eb) => eb.or(paths.map((p) => eb('area_path', 'like', `${likeEscape(p)}%`))));
    if (categoryCode) q = q.where('category_code', '=', categoryCode);
    const rows = await q.execute();
    return rows.map((r) => r.created_at);
  },

  /** Residents' "was it resolved?" answers on the reports linked to a problem. */
  async feedback(db: Q, problemId: string): Promise<Array<{ resolved: 'yes' | 'partly' | 'no' }>> {
    return db
      .selectFrom('report_feedback')
      .innerJoin('report', 'report.id', 'report_feedback.report_id')
      .select('report_feedback.resolved as resolved')
      .where('report.problem_id', '=', problemId)
      .execute();
  },

  async addEvent(
    trx: Trx,
    row: {
      id: string;
      report_id: string;
      details: string;
      actor_person_id: string | null;
      created_at: string;
    },
  ): Promise<void> {
    await trx
      .insertInto('report_event')
      .values({
        ...row,
        kind: 'problem_link',
        visibility: 'internal',
        from_status: null,
        to_status: null,
        reason: null,
        body: null,
      })
      .execute();
  },
};

export const measureRepository = {
  async list(db: Q, problemId: string): Promise<ProblemMeasure[]> {
    return db
      .selectFrom('problem_measure')
      .selectAll()
      .where('problem_id', '=', problemId)
      .orderBy('computed_at')
      .orderBy('id')
      .execute();
  },
  async create(trx: Trx, row: ProblemMeasure): Promise<void> {
    await trx.insertInto('problem_measure').values(row).execute();
  },
};

export const actionRepository = {
  async list(db: Q, problemId: string): Promise<ProblemAction[]> {
    return db
      .selectFrom('problem_action')
      .selectAll()
      .where('problem_id', '=', problemId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },
  async getById(db: Q, id: string): Promise<ProblemAction | undefined> {
    return db.selectFrom('problem_action').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async create(trx: Trx, row: ProblemAction): Promise<void> {
    await trx.insertInto('problem_action').values(row).execute();
  },
  async update(trx: Trx, id: string, patch: Partial<ProblemAction>): Promise<void> {
    await trx.updateTable('problem_action').set(patch).where('id', '=', id).execute();
  },
  /** An update only while the action still has the status the caller saw. */
  async transition(
    trx: Trx,
    id: string,
    from: ProblemAction['status'],
    patch: Partial<ProblemAction>,
  ): Promise<boolean> {
    const r = await trx
      .updateTable('problem_action')
      .set(patch)
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  /** The plan a task belongs to, for authorizing a link to it through the plan policy. */
  async planOfTask(db: Q, id: string) {
    return db
      .selectFrom('plan_task')
      .innerJoin('plan', 'plan.id', 'plan_task.plan_id')
      .select(['plan.area_path as areaPath', 'plan.status as status'])
      .where('plan_task.id', '=', id)
      .executeTakeFirst();
  },
};

export const rightsCheckRepository = {
  async forActions(db: Q, actionIds: string[]): Promise<ProblemRightsCheck[]> {
    if (actionIds.length === 0) return [];
    return db
      .selectFrom('problem_rights_check')
      .selectAll()
      .where('action_id', 'in', actionIds)
      .orderBy('checked_at')
      .orderBy('id')
      .execute();
  },
  async create(trx: Trx, row: ProblemRightsCheck): Promise<void> {
    await trx.insertInto('problem_rights_check').values(row).execute();
  },
};

export const assessmentRepository = {
  async list(db: Q, problemId: string): Promise<ProblemAssessment[]> {
    return db
      .selectFrom('problem_assessment')
      .selectAll()
      .where('problem_id', '=', problemId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },
  async create(trx: Trx, row: ProblemAssessment): Promise<void> {
    await trx.insertInto('problem_assessment').values(row).execute();
  },
};

export const eventRepository = {
  async list(db: Q, problemId: string) {
    return db
      .selectFrom('problem_event')
      .leftJoin('person', 'person.id', 'problem_event.actor_person_id')
      .select([
        'problem_event.id as id',
        'problem_event.kind as kind',
        'problem_event.details as details',
        'problem_event.created_at as created_at',
        'person.display_name as actorName',
      ])
      .where('problem_event.problem_id', '=', problemId)
      .orderBy('problem_event.created_at')
      .orderBy('problem_event.id')
      .execute();
  },
  async create(trx: Trx, row: ProblemEvent): Promise<void> {
    await trx.insertInto('problem_event').values(row).execute();
  },
};

/** Names of people and organisations shown next to actions (staff only). */
export const namesRepository = {
  async organisation(db: Q, id: string) {
    return db
      .selectFrom('organisation')
      .select(['id', 'name', 'sector', 'status'])
      .where('id', '=', id)
      .executeTakeFirst();
  },
  async people(db: Q, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('person')
      .select(['id', 'display_name'])
      .where('id', 'in', ids)
      .where('kind', '=', 'staff')
      .execute();
    return new Map(rows.map((r) => [r.id, r.display_name]));
  },
  async staffPerson(db: Q, id: string) {
    return db
      .selectFrom('person')
      .select(['id', 'display_name', 'organisation_id'])
      .where('id', '=', id)
      .where('kind', '=', 'staff')
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
  },
  /** Active organisations serving any area above or below these paths (police and partners). */
  async organisationsForPaths(db: Q, paths: string[]) {
    if (paths.length === 0) return [];
    const rows = await db
      .selectFrom('organisation')
      .innerJoin('organisation_area', 'organisation_area.organisation_id', 'organisation.id')
      .innerJoin('area', 'area.code', 'organisation_area.area_code')
      .select([
        'organisation.id as id',
        'organisation.name as name',
        'organisation.sector as sector',
        'area.path as path',
      ])
      .where('organisation.status', '=', 'active')
      .where('area.valid_to', 'is', null)
      .orderBy('organisation.name')
      .execute();
    const out = new Map<string, { id: string; name: string; sector: string }>();
    for (const r of rows) {
      if (paths.some((p) => r.path.startsWith(p) || p.startsWith(r.path)))
        out.set(r.id, { id: r.id, name: r.name, sector: r.sector });
    }
    return [...out.values()].slice(0, 300);
  },
};
