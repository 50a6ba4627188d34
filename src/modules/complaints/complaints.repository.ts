/** Kysely queries for complaints, their stage history, oversight bodies and proposed changes. Nothing else. */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import { likeEscape } from '../../db/dialect.ts';
import type {
  Complaint,
  ComplaintEvent,
  ComplaintUpdate,
  DB,
  NewComplaint,
  OversightBody,
  OversightBodyChange,
} from '../../db/schema.ts';
import type { Stage } from './complaints.types.ts';

type Q = Kysely<DB> | Trx;

/** What an oversight queue may contain: complaints under these paths, routed to a body the reader belongs to. */
export interface ComplaintScope {
  paths: string[];
  organisationId: string | null;
}

export interface ComplaintFilters {
  stage?: Stage;
  kind?: string;
  areaPath?: string;
  /** Only complaints past a deadline at `now`. */
  overdueAt?: string;
}

export type QueueRow = Complaint & {
  reference: string;
  privacy: string;
  description: string;
  body_name: string | null;
  body_organisation_id: string | null;
};

function scoped(eb: ExpressionBuilder<DB, 'complaint' | 'oversight_body'>, s: ComplaintScope) {
  if (!s.paths.length) return eb.val(false);
  const under = eb.or(s.paths.map((p) => eb('complaint.area_path', 'like', `${likeEscape(p)}%`)));
  const body = eb.or([
    eb('oversight_body.organisation_id', 'is', null),
    ...(s.organisationId ? [eb('oversight_body.organisation_id', '=', s.organisationId)] : []),
  ]);
  return eb.and([under, body]);
}

/** Past the acknowledgement deadline while registered, or past the decision deadline while open. */
export function overdue(eb: ExpressionBuilder<DB, 'complaint'>, now: string) {
  return eb.or([
    eb.and([eb('complaint.stage', '=', 'registered'), eb('complaint.ack_due_at', '<', now)]),
    eb.and([eb('complaint.stage', '!=', 'decided'), eb('complaint.decision_due_at', '<', now)]),
  ]);
}

export const complaintsRepository = {
  async create(trx: Trx, row: NewComplaint): Promise<void> {
    await trx.insertInto('complaint').values(row).execute();
  },
  async getById(db: Q, id: string) {
    return db
      .selectFrom('complaint')
      .innerJoin('report', 'report.id', 'complaint.report_id')
      .leftJoin('oversight_body', 'oversight_body.id', 'complaint.body_id')
      .selectAll('complaint')
      .select([
        'report.reference',
        'report.privacy',
        'report.description',
        'report.occurred_at',
        'report.address',
        'report.contact',
        'report.reporter_person_id',
        'report.channel',
        'oversight_body.name as body_name',
        'oversight_body.organisation_id as body_organisation_id',
      ])
      .where('complaint.id', '=', id)
      .executeTakeFirst();
  },
  async getByReportId(db: Q, reportId: string): Promise<Complaint | undefined> {
    return db.selectFrom('complaint').selectAll().where('report_id', '=', reportId).executeTakeFirst();
  },
  /** Conditional update: changes the row only while it is still in one of `from`; returns rows changed. */
  async updateFrom(trx: Trx, id: string, from: readonly Stage[], changes: ComplaintUpdate): Promise<number> {
    const r = await trx
      .updateTable('complaint')
      .set(changes)
      .where('id', '=', id)
      .where('stage', 'in', [...from])
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
  /** The single appeal: only from `decided` and only while none was made; returns rows changed. */
  async appealOnce(trx: Trx, id: string, changes: ComplaintUpdate): Promise<number> {
    const r = await trx
      .updateTable('complaint')
      .set(changes)
      .where('id', '=', id)
      .where('stage', '=', 'decided')
      .where('appeal_count', '=', 0)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
  async update(trx: Trx, id: string, changes: ComplaintUpdate): Promise<void> {
    await trx.updateTable('complaint').set(changes).where('id', '=', id).execute();
  },
  async search(db: Q, s: ComplaintScope, f: ComplaintFilters, limit: number): Promise<QueueRow[]> {
    let q = db
      .selectFrom('complaint')
      .innerJoin('report', 'report.id', 'complaint.report_id')
      .leftJoin('oversight_body', 'oversight_body.id', 'complaint.body_id')
      .selectAll('complaint')
      .select([
        'report.reference',
        'report.privacy',
        'report.description',
        'oversight_body.name as body_name',
        'oversight_body.organisation_id as body_organisation_id',
      ])
      .where((eb) => scoped(eb, s));
    if (f.stage) q = q.where('complaint.stage', '=', f.stage);
    if (f.kind) q = q.where('complaint.kind', '=', f.kind as 'complaint');
    if (f.areaPath) q = q.where('complaint.area_path', 'like', `${likeEscape(f.areaPath)}%`);
    if (f.overdueAt) {
      const at = f.overdueAt;
      q = q.where((eb) => overdue(eb as unknown as ExpressionBuilder<DB, 'complaint'>, at));
    }
    return q.orderBy('complaint.registered_at', 'asc').orderBy('complaint.id').limit(limit).execute();
  },

  async addEvent(trx: Trx, row: ComplaintEvent): Promise<void> {
    await trx.insertInto('complaint_event').values(row).execute();
  },
  async listEvents(db: Q, complaintId: string): Promise<ComplaintEvent[]> {
    return db
      .selectFrom('complaint_event')
      .selectAll()
      .where('complaint_id', '=', complaintId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  /** For published figures: every complaint's kind, outcome, place and times (no text, no people). */
  async figuresRows(db: Q, since: string) {
    return db
      .selectFrom('complaint')
      .select(['kind', 'stage', 'outcome', 'area_path', 'registered_at', 'decided_at'])
      .where('registered_at', '>=', since)
      .execute();
  },

  /** Officers and supervisors whose jurisdiction covers or lies within the complaint's area. */
  async officersNear(db: Q, areaPath: string): Promise<Array<{ id: string; name: string }>> {
    const rows = await db
      .selectFrom('person')
      .innerJoin('role_grant', 'role_grant.person_id', 'person.id')
      .innerJoin('area', (j) =>
        j.onRef('area.code', '=', 'role_grant.area_code').on('area.valid_to', 'is', null),
      )
      .select(['person.id', 'person.display_name', 'area.path'])
      .where('role_grant.role', 'in', ['officer', 'supervisor'])
      .where('person.kind', '=', 'staff')
      .where('person.disabled_at', 'is', null)
      .execute();
    const near = rows.filter((r) => r.path.startsWith(areaPath) || areaPath.startsWith(r.path));
    const seen = new Map(near.map((r) => [r.id, r.display_name]));
    return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  },
  /** Decided complaints about this officer that carry a disclosure: the disclosure only. */
  async disclosuresFor(db: Q, personId: string) {
    return db
      .selectFrom('complaint')
      .select(['id', 'kind', 'outcome', 'decided_at', 'disclosure'])
      .where('officer_person_id', '=', personId)
      .where('stage', '=', 'decided')
      .where('disclosure', 'is not', null)
      .orderBy('decided_at', 'desc')
      .limit(200)
      .execute();
  },
  async personContact(db: Q, id: string) {
    return db
      .selectFrom('person')
      .select(['display_name', 'email', 'phone'])
      .where('id', '=', id)
      .executeTakeFirst();
  },
  /** Every current district (the rows of the published figures, complaints or not). */
  async districts(db: Q): Promise<Array<{ code: string; path: string; names: string }>> {
    return db
      .selectFrom('area')
      .select(['code', 'path', 'names'])
      .where('kind', '=', 'district')
      .where('valid_to', 'is', null)
      .orderBy('path')
      .execute();
  },
  async currentArea(db: Q, code: string): Promise<{ code: string; path: string } | undefined> {
    return db
      .selectFrom('area')
      .select(['code', 'path'])
      .where('code', '=', code)
      .where('valid_to', 'is', null)
      .executeTakeFirst();
  },
  async activeOrganisations(db: Q): Promise<Array<{ id: string; name: string }>> {
    return db
      .selectFrom('organisation')
      .select(['id', 'name'])
      .where('status', '=', 'active')
      .orderBy('name')
      .limit(500)
      .execute();
  },

  // --- oversight bodies ------------------------------------------------------------------------
  async listBodies(db: Q): Promise<OversightBody[]> {
    return db.selectFrom('oversight_body').selectAll().orderBy('area_path').orderBy('name').execute();
  },
  async getBody(db: Q, id: string): Promise<OversightBody | undefined> {
    return db.selectFrom('oversight_body').selectAll().where('id', '=', id).executeTakeFirst();
  },
  /** The active body of the nearest area at or above `areaPath` (longest path first). */
  async bodyFor(db: Q, areaPath: string): Promise<OversightBody | undefined> {
    const prefixes: string[] = [];
    const parts = areaPath.split('/').filter(Boolean);
    for (let i = parts.length; i > 0; i--) prefixes.push(`/${parts.slice(0, i).join('/')}/`);
    if (!prefixes.length) return undefined;
    const rows = await db
      .selectFrom('oversight_body')
      .selectAll()
      .where('active', '=', 1)
      .where('area_path', 'in', prefixes)
      .execute();
    return rows.sort((a, b) => b.area_path.length - a.area_path.length || a.id.localeCompare(b.id))[0];
  },
  async insertBody(trx: Trx, row: OversightBody): Promise<void> {
    await trx.insertInto('oversight_body').values(row).execute();
  },
  async updateBody(trx: Trx, id: string, changes: Partial<OversightBody>): Promise<void> {
    await trx.updateTable('oversight_body').set(changes).where('id', '=', id).execute();
  },
  async insertChange(trx: Trx, row: OversightBodyChange): Promise<void> {
    await trx.insertInto('oversight_body_change').values(row).execute();
  },
  async getChange(db: Q, id: string): Promise<OversightBodyChange | undefined> {
    return db.selectFrom('oversight_body_change').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async listChanges(db: Q, status: 'pending' | 'confirmed' | 'refused'): Promise<OversightBodyChange[]> {
    return db
      .selectFrom('oversight_body_change')
      .selectAll()
      .where('status', '=', status)
      .orderBy('requested_at', 'desc')
      .limit(100)
      .execute();
  },
  async decideChange(
    trx: Trx,
    id: string,
    status: 'confirmed' | 'refused',
    by: string,
    at: string,
  ): Promise<number> {
    const r = await trx
      .updateTable('oversight_body_change')
      .set({ status, decided_by: by, decided_at: at })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
};
