import type { Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import type { DB, GrantRequest, NewPerson, Person, PersonUpdate, RoleGrant } from '../../db/schema.ts';

type Q = Kysely<DB> | Trx;

export const peopleRepository = {
  async getByPhone(db: Q, phone: string): Promise<Person | undefined> {
    return db.selectFrom('person').selectAll().where('phone', '=', phone).executeTakeFirst();
  },
  /**
   * Accepts a TOTP time step only if it is newer than the last one accepted: a code works once.
   * Returns false when the step was already used (a replay).
   */
  async acceptTotpStep(db: Q, personId: string, step: number): Promise<boolean> {
    const r = await db
      .updateTable('person')
      .set({ totp_last_step: step })
      .where('id', '=', personId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  async create(db: Q, row: NewPerson): Promise<void> {
    await db.insertInto('person').values(row).execute();
  },
  async update(db: Q, id: string, patch: PersonUpdate): Promise<void> {
    await db.updateTable('person').set(patch).where('id', '=', id).execute();
  },
  /** Staff people, newest first (the service filters by jurisdiction). */
  async searchStaff(db: Q, limit: number): Promise<Person[]> {
    return db
      .selectFrom('person')
      .selectAll()
      .where('kind', '=', 'staff')
      .orderBy('display_name')
      .limit(limit)
      .execute();
  },
  async grantRows(db: Q, personIds: string[]): Promise<RoleGrant[]> {
    if (personIds.length === 0) return [];
    return db
      .selectFrom('role_grant')
      .selectAll()
      .where('person_id', 'in', personIds)
      .orderBy('created_at')
      .execute();
  },
  async addGrant(db: Q, row: RoleGrant): Promise<void> {
    await db.insertInto('role_grant').values(row).execute();
  },
  async getGrant(db: Q, personId: string, grantId: string): Promise<RoleGrant | undefined> {
    return db
      .selectFrom('role_grant')
      .selectAll()
      .where('id', '=', grantId)
      .where('person_id', '=', personId)
      .executeTakeFirst();
  },
  async deleteGrant(db: Q, grantId: string): Promise<void> {
    await db.deleteFrom('role_grant').where('id', '=', grantId).execute();
  },
  async addGrantRequest(db: Q, row: GrantRequest): Promise<void> {
    await db.insertInto('grant_request').values(row).execute();
  },
  async getGrantRequest(db: Q, id: string): Promise<GrantRequest | undefined> {
    return db.selectFrom('grant_request').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async pendingRequests(db: Q, personIds: string[]): Promise<GrantRequest[]> {
    if (personIds.length === 0) return [];
    return db
      .selectFrom('grant_request')
      .selectAll()
      .where('person_id', 'in', personIds)
      .where('status', '=', 'pending')
      .execute();
  },
  /** Newest first, with the person's name; the caller filters by jurisdiction. */
  async listGrantRequests(db: Q, limit: number) {
    return db
      .selectFrom('grant_request')
      .innerJoin('person', 'person.id', 'grant_request.person_id')
      .selectAll('grant_request')
      .select('person.display_name')
      .orderBy('grant_request.requested_at', 'desc')
      .orderBy('grant_request.id', 'desc')
      .limit(limit)
      .execute();
  },
  async updateGrantRequest(db: Q, id: string, patch: Partial<GrantRequest>): Promise<void> {
    await db.updateTable('grant_request').set(patch).where('id', '=', id).execute();
  },
  async replaceRecoveryCodes(db: Q, personId: string, rows: { id: string; code_hash: string }[]) {
    await db.deleteFrom('recovery_code').where('person_id', '=', personId).execute();
    if (rows.length)
      await db
        .insertInto('recovery_code')
        .values(rows.map((r) => ({ ...r, person_id: personId, used_at: null })))
        .execute();
  },
  /** Marks an unused code used; returns whether it was there to use (single use, race-safe). */
  async useRecoveryCode(db: Q, personId: string, codeHash: string, at: string): Promise<boolean> {
    const r = await db
      .updateTable('recovery_code')
      .set({ used_at: at })
      .where('person_id', '=', personId)
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
  async unusedRecoveryCodes(db: Q, personId: string): Promise<number> {
    const r = await db
      .selectFrom('recovery_code')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('person_id', '=', personId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
};

export const throttleRepository = {
  async get(db: Q, key: string) {
    return db.selectFrom('throttle').selectAll().where('key', '=', key).executeTakeFirst();
  },
  async set(db: Q, key: string, count: number, windowStart: string): Promise<void> {
    await db
      .insertInto('throttle')
      .values({ key, count, window_start: windowStart })
      .onConflict((oc) => oc.column('key').doUpdateSet({ count, window_start: windowStart }))
      .execute();
  },
  async delete(db: Q, key: string): Promise<void> {
    await db.deleteFrom('throttle').where('key', '=', key).execute();
  },
};
