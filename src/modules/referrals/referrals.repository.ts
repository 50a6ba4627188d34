/** Kysely queries of the referral module, nothing else. */
import type { Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import type { Dialect } from '../../db/dialect.ts';
import type {
  DB,
  NewReferral,
  Referral,
  ReferralAction,
  ReferralActionTable,
  ReferralConsent,
  ReferralConsentTable,
  ReferralPanelMemberTable,
  ReferralReviewTable,
  ReferralUpdate,
} from '../../db/schema.ts';
import type { Insertable, Updateable } from 'kysely';

type Q = Kysely<DB> | Trx;

export const panelRepository = {
  /** Area paths of the panels a person sits on. */
  async pathsOf(db: Q, personId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('referral_panel_member')
      .select('area_path')
      .where('person_id', '=', personId)
      .execute();
    return rows.map((r) => r.area_path);
  },
  async listByArea(db: Q, areaCode: string) {
    return db
      .selectFrom('referral_panel_member as m')
      .innerJoin('person as p', 'p.id', 'm.person_id')
      .leftJoin('organisation as o', 'o.id', 'p.organisation_id')
      .select([
        'm.id',
        'm.area_code',
        'm.person_id',
        'm.added_at',
        'p.display_name',
        'o.name as organisation_name',
        'o.sector as organisation_sector',
      ])
      .where('m.area_code', '=', areaCode)
      .orderBy('p.display_name')
      .execute();
  },
  async add(db: Q, row: Insertable<ReferralPanelMemberTable>): Promise<void> {
    await db.insertInto('referral_panel_member').values(row).execute();
  },
  async remove(db: Q, areaCode: string, personId: string): Promise<number> {
    const r = await db
      .deleteFrom('referral_panel_member')
      .where('area_code', '=', areaCode)
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};

export const referralRepository = {
  async getById(db: Q, id: string): Promise<Referral | undefined> {
    return db.selectFrom('referral').selectAll().where('id', '=', id).executeTakeFirst();
  },
  /** The referral, row-locked until the transaction ends (PostgreSQL; SQLite's writer is exclusive). */
  async getForUpdate(trx: Trx, dialect: Dialect, id: string): Promise<Referral | undefined> {
    return dialect
      .lockForUpdate(trx.selectFrom('referral').selectAll().where('id', '=', id))
      .executeTakeFirst();
  },
  async create(db: Q, row: NewReferral): Promise<void> {
    await db.insertInto('referral').values(row).execute();
  },
  /** A conditional update: applied only while the referral is in one of `from`; returns rows changed. */
  async updateFrom(
    db: Q,
    id: string,
    from: readonly Referral['status'][],
    patch: ReferralUpdate,
  ): Promise<number> {
    const r = await db
      .updateTable('referral')
      .set(patch)
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
  /** Referrals in areas under any of the paths (a panel member's list), newest first. */
  async listUnder(db: Q, paths: readonly string[], status?: Referral['status']): Promise<Referral[]> {
    if (paths.length === 0) return [];
    let q = db
      .selectFrom('referral')
      .selectAll()
      .where((eb) => eb.or(paths.map((p) => eb('area_path', 'like', `${p.replace(/[\\%_]/g, '\\$&')}%`))));
    if (status) q = q.where('status', '=', status);
    return q.orderBy('created_at', 'desc').limit(500).execute();
  },
  /** Closed before `cutoff`: due for deletion. */
  async closedBefore(db: Q, cutoff: string, limit: number): Promise<string[]> {
    const rows = await db
      .selectFrom('referral')
      .select('id')
      .where('status', '=', 'closed')
      .where('closed_at', '<', cutoff)
      .orderBy('closed_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  },
  async deleteMany(db: Q, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    // Children first: SQLite enforces foreign keys only when asked, so we do not rely on cascades.
    await db.deleteFrom('referral_review').where('referral_id', 'in', ids).execute();
    await db.deleteFrom('referral_action').where('referral_id', 'in', ids).execute();
    await db.deleteFrom('referral_consent').where('referral_id', 'in', ids).execute();
    const r = await db.deleteFrom('referral').where('id', 'in', ids).executeTakeFirst();
    return Number(r.numDeletedRows);
  },
  /** Referrals whose data key is wrapped by another master key than `activeId`. */
  async wrappedByOther(db: Q, activeId: string, limit: number) {
    return db
      .selectFrom('referral')
      .select(['id', 'key_id', 'wrapped_key'])
      .where('key_id', '!=', activeId)
      .limit(limit)
      .execute();
  },
  async rewrap(db: Q, id: string, fromKeyId: string, keyId: string, wrapped: string): Promise<number> {
    const r = await db
      .updateTable('referral')
      .set({ key_id: keyId, wrapped_key: wrapped })
      .where('id', '=', id)
      .where('key_id', '=', fromKeyId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
};

export const consentRepository = {
  async current(db: Q, referralId: string): Promise<ReferralConsent | undefined> {
    return db
      .selectFrom('referral_consent')
      .selectAll()
      .where('referral_id', '=', referralId)
      .orderBy('recorded_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
  },
  async list(db: Q, referralId: string): Promise<ReferralConsent[]> {
    return db
      .selectFrom('referral_consent')
      .selectAll()
      .where('referral_id', '=', referralId)
      .orderBy('recorded_at')
      .execute();
  },
  async create(db: Q, row: Insertable<ReferralConsentTable>): Promise<void> {
    await db.insertInto('referral_consent').values(row).execute();
  },
  async withdraw(db: Q, id: string, patch: Updateable<ReferralConsentTable>): Promise<number> {
    const r = await db
      .updateTable('referral_consent')
      .set(patch)
      .where('id', '=', id)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
};

export const actionRepository = {
  async list(db: Q, referralId: string): Promise<ReferralAction[]> {
    return db
      .selectFrom('referral_action')
      .selectAll()
      .where('referral_id', '=', referralId)
      .orderBy('deadline')
      .orderBy('id')
      .execute();
  },
  async getById(db: Q, id: string): Promise<ReferralAction | undefined> {
    return db.selectFrom('referral_action').selectAll().where('id', '=', id).executeTakeFirst();
  },
  /** Actions owned by an organisation, on referrals in support (the owner's own list). */
  async listOwnedBy(db: Q, organisationId: string) {
    return db
      .selectFrom('referral_action as a')
      .innerJoin('referral as r', 'r.id', 'a.referral_id')
      .selectAll('a')
      .select(['r.area_path', 'r.status as referral_status', 'r.consent_status', 'r.legal_duty_at'])
      .where('a.owner_organisation_id', '=', organisationId)
      .where('r.status', '=', 'support')
      .orderBy('a.deadline')
      .execute();
  },
  async create(db: Q, row: Insertable<ReferralActionTable>): Promise<void> {
    await db.insertInto('referral_action').values(row).execute();
  },
  async update(db: Q, id: string, patch: Updateable<ReferralActionTable>): Promise<void> {
    await db.updateTable('referral_action').set(patch).where('id', '=', id).execute();
  },
};

export const reviewRepository = {
  async list(db: Q, referralId: string) {
    return db
      .selectFrom('referral_review')
      .selectAll()
      .where('referral_id', '=', referralId)
      .orderBy('reviewed_on')
      .orderBy('id')
      .execute();
  },
  async create(db: Q, row: Insertable<ReferralReviewTable>): Promise<void> {
    await db.insertInto('referral_review').values(row).execute();
  },
};

export const tallyRepository = {
  async add(
    db: Q,
    row: {
      id: string;
      area_code: string;
      area_path: string;
      outcome: string;
      support_delivered: number;
      closed_month: string;
    },
  ): Promise<void> {
    await db.insertInto('referral_outcome_tally').values(row).execute();
  },
  /** Counts by area and outcome under the given paths (all when null). */
  async counts(db: Q, paths: readonly string[] | null) {
    let q = db
      .selectFrom('referral_outcome_tally')
      .select((eb) => [
        'area_code',
        'outcome',
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('support_delivered').as('delivered'),
      ])
      .groupBy(['area_code', 'outcome'])
      .orderBy('area_code')
      .orderBy('outcome');
    if (paths) {
      if (paths.length === 0) return [];
      q = q.where((eb) =>
        eb.or(paths.map((p) => eb('area_path', 'like', `${p.replace(/[\\%_]/g, '\\$&')}%`))),
      );
    }
    return q.execute();
  },
};

export const lookupRepository = {
  async report(db: Q, id: string) {
    return db
      .selectFrom('report')
      .select([
        'id',
        'category_code',
        'desk',
        'privacy',
        'area_code',
        'area_path',
        'assigned_organisation_id',
        'assigned_person_id',
      ])
      .where('id', '=', id)
      .executeTakeFirst();
  },
  async forum(db: Q, id: string) {
    return db.selectFrom('forum').select(['id', 'name', 'area_path']).where('id', '=', id).executeTakeFirst();
  },
  /** Active partner-sector organisations serving an area at, above or below the path. */
  async partnerOrganisations(db: Q, areaPath: string) {
    const rows = await db
      .selectFrom('organisation as o')
      .innerJoin('organisation_area as oa', 'oa.organisation_id', 'o.id')
      .innerJoin('area as a', (j) => j.onRef('a.code', '=', 'oa.area_code').on('a.valid_to', 'is', null))
      .select(['o.id', 'o.name', 'o.sector', 'a.path'])
      .where('o.status', '=', 'active')
      .orderBy('o.name')
      .execute();
    const seen = new Map<string, { id: string; name: string; sector: string }>();
    for (const r of rows)
      if (areaPath.startsWith(r.path) || r.path.startsWith(areaPath))
        seen.set(r.id, { id: r.id, name: r.name, sector: r.sector });
    return [...seen.values()];
  },
  async person(db: Q, id: string) {
    return db
      .selectFrom('person')
      .select(['id', 'display_name', 'organisation_id', 'kind', 'disabled_at'])
      .where('id', '=', id)
      .executeTakeFirst();
  },
  /** Active staff holding one of `roles` over an area whose path is a prefix of `areaPath`. */
  async staffCovering(db: Q, areaPath: string, roles: readonly string[]) {
    const rows = await db
      .selectFrom('role_grant as g')
      .innerJoin('person as p', 'p.id', 'g.person_id')
      .innerJoin('area as a', (j) => j.onRef('a.code', '=', 'g.area_code').on('a.valid_to', 'is', null))
      .leftJoin('organisation as o', 'o.id', 'p.organisation_id')
      .select(['p.id', 'p.display_name', 'o.name as organisation_name', 'a.path'])
      .where('g.role', 'in', [...roles])
      .where('p.kind', '=', 'staff')
      .where('p.disabled_at', 'is', null)
      .orderBy('p.display_name')
      .execute();
    const seen = new Map<string, { id: string; displayName: string; organisationName: string | null }>();
    for (const r of rows)
      if (areaPath.startsWith(r.path))
        seen.set(r.id, { id: r.id, displayName: r.display_name, organisationName: r.organisation_name });
    return [...seen.values()];
  },
  async grantsOf(db: Q, personId: string) {
    return db
      .selectFrom('role_grant as g')
      .innerJoin('area as a', (j) => j.onRef('a.code', '=', 'g.area_code').on('a.valid_to', 'is', null))
      .select(['g.role', 'a.path'])
      .where('g.person_id', '=', personId)
      .execute();
  },
  async displayNames(db: Q, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('person')
      .select(['id', 'display_name'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, r.display_name]));
  },
};
