/** Kysely queries over `area`. A version is valid at `at` when valid_from <= at < valid_to (null = open). */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import { likeEscape, type Dialect } from '../../db/dialect.ts';
import type { Area, AreaTable, AreaUpdate, DB, NewArea } from '../../db/schema.ts';
import type { BBox } from './geojson.ts';

type Q = Kysely<DB> | Trx;
type Kind = AreaTable['kind'];

function validAt(at: string) {
  return (eb: ExpressionBuilder<DB, 'area'>) =>
    eb.and([eb('valid_from', '<=', at), eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)])]);
}

export interface AreaSearch {
  at: string;
  country?: string;
  kind?: Kind;
  parent?: string;
  q?: string;
  /** Codes strictly after this one (keyset pagination). */
  after?: string;
  limit: number;
}

export const geoRepository = {
  /**
   * Jurisdiction follows geography: role grants and organisations' areas on a merged-away code move
   * to its successor (where the holder has no such grant there already), so nobody silently loses
   * their beat when districts merge.
   */
  async reassignJurisdiction(
    trx: Trx,
    from: string,
    to: string,
  ): Promise<{ grants: number; organisations: number }> {
    const grants = await trx
      .updateTable('role_grant')
      .set({ area_code: to })
      .where('area_code', '=', from)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('role_grant as g2')
              .select('g2.id')
              .whereRef('g2.person_id', '=', 'role_grant.person_id')
              .whereRef('g2.role', '=', 'role_grant.role')
              .where('g2.area_code', '=', to),
          ),
        ),
      )
      .executeTakeFirst();
    await trx.deleteFrom('role_grant').where('area_code', '=', from).execute();
    const orgs = await trx
      .updateTable('organisation_area')
      .set({ area_code: to })
      .where('area_code', '=', from)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('organisation_area as o2')
              .select('o2.organisation_id')
              .whereRef('o2.organisation_id', '=', 'organisation_area.organisation_id')
              .where('o2.area_code', '=', to),
          ),
        ),
      )
      .executeTakeFirst();
    await trx.deleteFrom('organisation_area').where('area_code', '=', from).execute();
    return { grants: Number(grants.numUpdatedRows), organisations: Number(orgs.numUpdatedRows) };
  },

  async getById(db: Q, id: string): Promise<Area | undefined> {
    return db.selectFrom('area').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** The version of `code` valid at `at`. */
  async getByCodeAt(db: Q, code: string, at: string): Promise<Area | undefined> {
    return db.selectFrom('area').selectAll().where('code', '=', code).where(validAt(at)).executeTakeFirst();
  },

  /** The most recent version, open or closed (closed means the area was merged away). */
  async getLatest(db: Q, code: string): Promise<Area | undefined> {
    return db
      .selectFrom('area')
      .selectAll()
      .where('code', '=', code)
      .orderBy('valid_from', 'desc')
      .limit(1)
      .executeTakeFirst();
  },

  /** Open-ended versions under a path (the root itself included): what a merge must move. */
  async openSubtree(db: Q, pathPrefix: string): Promise<Area[]> {
    return db
      .selectFrom('area')
      .selectAll()
      .where('path', 'like', `${likeEscape(pathPrefix)}%`)
      .where('valid_to', 'is', null)
      .orderBy('path')
      .execute();
  },

  async codeExists(db: Q, code: string): Promise<boolean> {
    const row = await db.selectFrom('area').select('id').where('code', '=', code).limit(1).executeTakeFirst();
    return !!row;
  },

  async existingCodes(db: Q, codes: string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows = await db.selectFrom('area').select('code').distinct().where('code', 'in', codes).execute();
    return new Set(rows.map((r) => r.code));
  },

  async history(db: Q, code: string): Promise<Area[]> {
    return db.selectFrom('area').selectAll().where('code', '=', code).orderBy('valid_from').execute();
  },

  async search(db: Q, dialect: Dialect, s: AreaSearch): Promise<Area[]> {
    let qb = db.selectFrom('area').selectAll().where(validAt(s.at));
    if (s.country) qb = qb.where('country_code', '=', s.country);
    if (s.kind) qb = qb.where('kind', '=', s.kind);
    if (s.parent) qb = qb.where('parent_code', '=', s.parent);
    if (s.q) {
      const pattern = `%${likeEscape(s.q)}%`;
      qb = qb.where(dialect.ilike(sql.ref<string>('area.names'), pattern));
    }
    if (s.after) qb = qb.where('code', '>', s.after);
    return qb.orderBy('code').limit(s.limit).execute();
  },

  /** Every version valid at `at` whose path lies under `pathPrefix` (the subtree, root included). */
  async subtree(db: Q, pathPrefix: string, at: string): Promise<Area[]> {
    return db
      .selectFrom('area')
      .selectAll()
      .where('path', 'like', `${likeEscape(pathPrefix)}%`)
      .where(validAt(at))
      .orderBy('path')
      .execute();
  },

  /** All areas valid at `at` (the whole tree: a few thousand rows at most for a country). */
  async allAt(db: Q, at: string, country?: string): Promise<Area[]> {
    let qb = db.selectFrom('area').selectAll().where(validAt(at));
    if (country) qb = qb.where('country_code', '=', country);
    return qb.orderBy('path').execute();
  },

  async byCodesAt(db: Q, codes: string[], at: string): Promise<Area[]> {
    if (codes.length === 0) return [];
    return db.selectFrom('area').selectAll().where('code', 'in', codes).where(validAt(at)).execute();
  },

  /** Areas of these kinds with a boundary whose box holds the point (the exact test follows in JS). */
  async boundaryCandidates(db: Q, lat: number, lon: number, at: string, kinds: Kind[]): Promise<Area[]> {
    return db
      .selectFrom('area')
      .selectAll()
      .where('boundary', 'is not', null)
      .where('kind', 'in', kinds)
      .where('min_lat', '<=', lat)
      .where('max_lat', '>=', lat)
      .where('min_lon', '<=', lon)
      .where('max_lon', '>=', lon)
      .where(validAt(at))
      .execute();
  },

  /** Areas of a kind whose centre lies inside the box (the radius pre-filter). */
  async centresIn(db: Q, box: BBox, at: string, kind: Kind): Promise<Area[]> {
    return db
      .selectFrom('area')
      .selectAll()
      .where('kind', '=', kind)
      .where('centre_lat', '>=', box.minLat)
      .where('centre_lat', '<=', box.maxLat)
      .where('centre_lon', '>=', box.minLon)
      .where('centre_lon', '<=', box.maxLon)
      .where(validAt(at))
      .execute();
  },

  async create(db: Q, row: NewArea): Promise<void> {
    await db.insertInto('area').values(row).execute();
  },

  async createMany(db: Q, rows: NewArea[]): Promise<void> {
    // Chunks keep each statement under SQLite's bound-parameter limit.
    for (let i = 0; i < rows.length; i += 40)
      await db
        .insertInto('area')
        .values(rows.slice(i, i + 40))
        .execute();
  },

  async update(db: Q, id: string, changes: AreaUpdate): Promise<void> {
    await db.updateTable('area').set(changes).where('id', '=', id).execute();
  },
};
