import type { Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import type { ApiToken, DB, Person, Session } from '../../db/schema.ts';
import type { Grant, StaffRole } from '../../shared/policy.ts';

type Q = Kysely<DB> | Trx;

export const sessionRepository = {
  async getById(db: Q, id: string): Promise<Session | undefined> {
    return db.selectFrom('session').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async create(db: Q, row: Session): Promise<void> {
    await db.insertInto('session').values(row).execute();
  },
  async touch(db: Q, id: string, lastSeenAt: string): Promise<void> {
    await db.updateTable('session').set({ last_seen_at: lastSeenAt }).where('id', '=', id).execute();
  },
  async markMfa(db: Q, id: string, at: string): Promise<void> {
    await db.updateTable('session').set({ mfa_at: at }).where('id', '=', id).execute();
  },
  async delete(db: Q, id: string): Promise<void> {
    await db.deleteFrom('session').where('id', '=', id).execute();
  },
  async listOf(db: Q, personId: string): Promise<Session[]> {
    return db
      .selectFrom('session')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('created_at', 'desc')
      .execute();
  },
  async deleteAllOf(db: Q, personId: string): Promise<number> {
    const r = await db.deleteFrom('session').where('person_id', '=', personId).executeTakeFirst();
    return Number(r.numDeletedRows);
  },
  async deleteExpired(db: Q, nowIso: string, idleCutoffIso: string): Promise<number> {
    const r = await db
      .deleteFrom('session')
      .where((eb) => eb.or([eb('expires_at', '<=', nowIso), eb('last_seen_at', '<=', idleCutoffIso)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};

export const personRepository = {
  async getById(db: Q, id: string): Promise<Person | undefined> {
    return db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async getByEmail(db: Q, email: string): Promise<Person | undefined> {
    return db
      .selectFrom('person')
      .selectAll()
      .where('email', '=', email.trim().toLowerCase())
      .executeTakeFirst();
  },
  /** A person's grants with the current path of each granted area (for jurisdiction checks). */
  async grants(db: Q, personId: string): Promise<Grant[]> {
    const rows = await db
      .selectFrom('role_grant')
      .innerJoin('area', (j) =>
        j.onRef('area.code', '=', 'role_grant.area_code').on('area.valid_to', 'is', null),
      )
      .select(['role_grant.role', 'role_grant.area_code', 'area.path'])
      .where('role_grant.person_id', '=', personId)
      .orderBy('role_grant.created_at')
      .execute();
    return rows.map((r) => ({ role: r.role as StaffRole, areaCode: r.area_code, areaPath: r.path }));
  },
};

export const tokenRepository = {
  async getActiveByHash(db: Q, hash: string, nowIso: string) {
    return db
      .selectFrom('api_token')
      .selectAll()
      .where('token_hash', '=', hash)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', nowIso)]))
      .executeTakeFirst();
  },
  async create(db: Q, row: ApiToken): Promise<void> {
    await db.insertInto('api_token').values(row).execute();
  },
  async getById(db: Q, id: string): Promise<ApiToken | undefined> {
    return db.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async listOf(db: Q, personId: string): Promise<ApiToken[]> {
    return db
      .selectFrom('api_token')
      .selectAll()
      .where('person_id', '=', personId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
  },
  async revoke(db: Q, id: string, at: string): Promise<void> {
    await db.updateTable('api_token').set({ revoked_at: at }).where('id', '=', id).execute();
  },
  async revokeAllOf(db: Q, personId: string, at: string): Promise<number> {
    const r = await db
      .updateTable('api_token')
      .set({ revoked_at: at })
      .where('person_id', '=', personId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
  async touch(db: Q, id: string, at: string): Promise<void> {
    await db.updateTable('api_token').set({ last_used_at: at }).where('id', '=', id).execute();
  },
};
