import type { Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import type { DB, NewOrganisation, Organisation } from '../../db/schema.ts';

type Q = Kysely<DB> | Trx;

export const organisationRepository = {
  async getById(db: Q, id: string): Promise<Organisation | undefined> {
    return db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async search(db: Q, limit = 500): Promise<Organisation[]> {
    return db.selectFrom('organisation').selectAll().orderBy('name').limit(limit).execute();
  },
  /** Name, kind and sector of each organisation asked for (for labels next to owners and signers). */
  async byIds(
    db: Q,
    ids: string[],
  ): Promise<Map<string, { id: string; name: string; kind: string; sector: string }>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('organisation')
      .select(['id', 'name', 'kind', 'sector'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, r]));
  },
  async getByName(db: Q, name: string): Promise<Organisation | undefined> {
    return db.selectFrom('organisation').selectAll().where('name', '=', name).executeTakeFirst();
  },
  async create(db: Q, row: NewOrganisation): Promise<void> {
    await db.insertInto('organisation').values(row).execute();
  },
  async update(db: Q, id: string, patch: Partial<Omit<Organisation, 'id'>>): Promise<void> {
    await db.updateTable('organisation').set(patch).where('id', '=', id).execute();
  },
  async areaCodes(db: Q, ids: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const rows = await db
      .selectFrom('organisation_area')
      .select(['organisation_id', 'area_code'])
      .where('organisation_id', 'in', ids)
      .orderBy('area_code')
      .execute();
    for (const r of rows) out.get(r.organisation_id)?.push(r.area_code);
    return out;
  },
  async setAreas(db: Q, id: string, codes: string[]): Promise<void> {
    await db.deleteFrom('organisation_area').where('organisation_id', '=', id).execute();
    if (codes.length)
      await db
        .insertInto('organisation_area')
        .values(codes.map((area_code) => ({ organisation_id: id, area_code })))
        .execute();
  },
};

export const areaRepository = {
  /** Current paths of the given area codes; unknown or retired codes are absent from the map. */
  async currentPaths(db: Q, codes: string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await db
      .selectFrom('area')
      .select(['code', 'path'])
      .where('code', 'in', codes)
      .where('valid_to', 'is', null)
      .execute();
    return new Map(rows.map((r) => [r.code, r.path]));
  },
  /** Current names (the JSON text per language) of the given area codes. */
  async currentNames(db: Q, codes: string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await db
      .selectFrom('area')
      .select(['code', 'names'])
      .where('code', 'in', codes)
      .where('valid_to', 'is', null)
      .execute();
    return new Map(rows.map((r) => [r.code, r.names]));
  },
};
