import type { Kysely } from 'kysely';
import { insertRow } from '../../db/compiled-insert.ts';
import type { Dialect } from '../../db/dialect.ts';
import type { Trx } from '../../db/database.ts';
import type { AuditEvent, DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Trx;

export const auditRepository = {
  /** The chain head, locked until the transaction ends so appends from several processes queue up. */
  async lockHead(trx: Trx, dialect: Dialect): Promise<{ seq: number; hash: string }> {
    const row = await dialect
      .lockForUpdate(trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1))
      .executeTakeFirstOrThrow();
    return { seq: Number(row.seq), hash: row.hash };
  },
  async setHead(trx: Trx, seq: number, hash: string): Promise<void> {
    await trx.updateTable('audit_head').set({ seq, hash }).where('id', '=', 1).execute();
  },
  async head(db: Q): Promise<{ seq: number; hash: string }> {
    const row = await db
      .selectFrom('audit_head')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { seq: Number(row.seq), hash: row.hash };
  },
  async insert(trx: Trx, row: Omit<AuditEvent, 'seq'>): Promise<number> {
    // Every change in the system writes one of these: compiled once (see db/compiled-insert.ts).
    const r = await insertRow(trx, 'audit_event', row, 'seq');
    return Number(r.rows[0]!.seq);
  },
  /** Entries in chain order, a page at a time (for verification). */
  async pageAfter(db: Q, afterSeq: number, limit: number, upToSeq?: number): Promise<AuditEvent[]> {
    let q = db.selectFrom('audit_event').selectAll().where('seq', '>', afterSeq);
    if (upToSeq !== undefined) q = q.where('seq', '<=', upToSeq);
    return q.orderBy('seq').limit(limit).execute();
  },
  /** Newest first, keyset-paginated on seq (`beforeSeq` is the last seq of the previous page). */
  async search(db: Q, f: AuditSearchFilters, limit: number): Promise<AuditEvent[]> {
    let q = db.selectFrom('audit_event').selectAll();
    if (f.actorId) q = q.where('actor_id', '=', f.actorId);
    if (f.action) q = q.where('action', '=', f.action);
    if (f.subjectType) q = q.where('subject_type', '=', f.subjectType);
    if (f.subjectId) q = q.where('subject_id', '=', f.subjectId);
    if (f.fromIso) q = q.where('at', '>=', f.fromIso);
    if (f.toIso) q = q.where('at', '<', f.toIso);
    if (f.beforeSeq !== undefined) q = q.where('seq', '<', f.beforeSeq);
    return q.orderBy('seq', 'desc').limit(limit).execute();
  },
};

export interface AuditSearchFilters {
  actorId?: string;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  /** Inclusive lower bound on `at`. */
  fromIso?: string;
  /** Exclusive upper bound on `at`. */
  toIso?: string;
  beforeSeq?: number;
}
