/** Kysely queries for Open311: API keys, request tokens, posted updates, and public requests. Nothing else. */
import { sql, type Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import type { DB, Open311ApiKey, Open311ApiKeyTable, Report, ReportEvent } from '../../db/schema.ts';
import type { Insertable } from 'kysely';
import { publicWhere } from '../reports/resident.repository.ts';

type Q = Kysely<DB> | Trx;

export interface PublicRequestFilters {
  references?: string[];
  categories?: string[];
  /** Created at or after (ISO instant). */
  from?: string;
  /** Created at or before (ISO instant). */
  to?: string;
  statuses?: readonly string[];
  /** Public point inside this box (radius search narrows it further). */
  box?: { minLat: number; maxLat: number; minLon: number; maxLon: number };
}

/** Thread entries the public may see on a public report: status changes and public updates. */
export const PUBLIC_EVENT_KINDS = ['status', 'public_update'] as const;

export const open311Repository = {
  // --- API keys -----------------------------------------------------------------------------------
  async listKeys(db: Q): Promise<Open311ApiKey[]> {
    return db
      .selectFrom('open311_api_key')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1000)
      .execute();
  },
  async getKeyById(db: Q, id: string): Promise<Open311ApiKey | undefined> {
    return db.selectFrom('open311_api_key').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async getKeyByHash(db: Q, hash: string): Promise<Open311ApiKey | undefined> {
    return db.selectFrom('open311_api_key').selectAll().where('key_hash', '=', hash).executeTakeFirst();
  },
  async createKey(trx: Trx, row: Insertable<Open311ApiKeyTable>): Promise<void> {
    await trx.insertInto('open311_api_key').values(row).execute();
  },
  async revokeKey(trx: Trx, id: string, at: string, by: string | null): Promise<void> {
    await trx
      .updateTable('open311_api_key')
      .set({ revoked_at: at, revoked_by: by })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  },
  async touchKey(trx: Trx, id: string, at: string): Promise<void> {
    await trx.updateTable('open311_api_key').set({ last_used_at: at }).where('id', '=', id).execute();
  },

  /**
   * Counts one use of `key` in a fixed window (in the shared `throttle` table, so the limit holds
   * across processes) and returns the count so far and when the window started.
   */
  async countUse(trx: Trx, key: string, now: string, windowStartedBefore: string) {
    await trx
      .deleteFrom('throttle')
      .where('key', '=', key)
      .where('window_start', '<=', windowStartedBefore)
      .execute();
    await trx
      .insertInto('throttle')
      .values({ key, count: 1, window_start: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ count: sql`throttle.count + 1` }))
      .execute();
    return trx
      .selectFrom('throttle')
      .select(['count', 'window_start'])
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
  },

  // --- request tokens and posted updates ----------------------------------------------------------
  async createRequestLink(
    trx: Trx,
    row: { report_id: string; token: string; api_key_id: string; created_at: string },
  ): Promise<void> {
    await trx.insertInto('open311_request').values(row).execute();
  },
  async getRequestByToken(db: Q, token: string) {
    return db
      .selectFrom('open311_request')
      .innerJoin('report', 'report.id', 'open311_request.report_id')
      .select(['open311_request.token', 'report.reference', 'report.id as report_id'])
      .where('open311_request.token', '=', token)
      .executeTakeFirst();
  },
  async getUpdateByClientId(db: Q, apiKeyId: string, clientUpdateId: string) {
    return db
      .selectFrom('open311_update')
      .selectAll()
      .where('api_key_id', '=', apiKeyId)
      .where('client_update_id', '=', clientUpdateId)
      .executeTakeFirst();
  },
  async createUpdate(
    trx: Trx,
    row: {
      id: string;
      api_key_id: string;
      client_update_id: string | null;
      report_id: string;
      created_at: string;
    },
  ): Promise<void> {
    await trx.insertInto('open311_update').values(row).execute();
  },

  /**
   * What a client adds to a closed public request: internal supporting information from another
   * resident, its details marking it as a request to reopen (staff decide).
   */
  async addReopenRequest(
    trx: Trx,
    row: { id: string; report_id: string; body: string; reason: string; details: string; created_at: string },
  ): Promise<void> {
    await trx
      .insertInto('report_event')
      .values({
        ...row,
        kind: 'info',
        visibility: 'internal',
        from_status: null,
        to_status: null,
        actor_person_id: null,
      })
      .execute();
  },

  // --- public requests (the public list's own definition of "public": publicWhere) ----------------
  async publicRequests(db: Q, f: PublicRequestFilters, limit: number, offset = 0): Promise<Report[]> {
    let qb = db
      .selectFrom('report')
      .selectAll()
      .where((eb) => publicWhere(eb, { status: f.statuses }));
    if (f.references) qb = qb.where('reference', 'in', f.references.length ? f.references : ['-']);
    if (f.categories) qb = qb.where('category_code', 'in', f.categories.length ? f.categories : ['-']);
    if (f.from) qb = qb.where('created_at', '>=', f.from);
    if (f.to) qb = qb.where('created_at', '<=', f.to);
    if (f.box) {
      const b = f.box;
      qb = qb
        .where('public_lat', '>=', b.minLat)
        .where('public_lat', '<=', b.maxLat)
        .where('public_lon', '>=', b.minLon)
        .where('public_lon', '<=', b.maxLon);
    }
    return qb.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
  },

  /** Public thread entries (status changes, public updates) of these reports, oldest first. */
  async publicEventsOf(db: Q, reportIds: string[]): Promise<ReportEvent[]> {
    if (reportIds.length === 0) return [];
    return db
      .selectFrom('report_event')
      .selectAll()
      .where('report_id', 'in', reportIds)
      .where('visibility', '=', 'public')
      .where('kind', 'in', [...PUBLIC_EVENT_KINDS])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  /** Public thread entries of public reports in a time range, oldest first. */
  async publicUpdates(db: Q, range: { from?: string; to?: string }, limit: number): Promise<ReportEvent[]> {
    let qb = db
      .selectFrom('report_event')
      .selectAll()
      .where('visibility', '=', 'public')
      .where('kind', 'in', [...PUBLIC_EVENT_KINDS])
      .where('report_id', 'in', (eb) =>
        eb
          .selectFrom('report')
          .select('report.id')
          .where((w) => publicWhere(w, {})),
      );
    if (range.from) qb = qb.where('created_at', '>=', range.from);
    if (range.to) qb = qb.where('created_at', '<=', range.to);
    return qb.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  },

  async publicReportsByIds(db: Q, ids: string[]): Promise<Report[]> {
    if (ids.length === 0) return [];
    return db
      .selectFrom('report')
      .selectAll()
      .where((eb) => publicWhere(eb, {}))
      .where('id', 'in', ids)
      .execute();
  },
};
