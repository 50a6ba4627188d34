/** Kysely queries behind the access review: reads of personal data in the audit trail, and what they touched. */
import type { Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Trx;

export const accessReviewRepository = {
  /** Audit entries of the given read actions (or action prefixes ending in '%') by staff, oldest first. */
  async reads(
    db: Q,
    actions: readonly string[],
    prefixes: readonly string[],
    from: string,
    to: string,
    limit: number,
  ) {
    return db
      .selectFrom('audit_event')
      .leftJoin('person', 'person.id', 'audit_event.actor_id')
      .select([
        'audit_event.seq',
        'audit_event.at',
        'audit_event.actor_id',
        'audit_event.actor_role',
        'audit_event.action',
        'audit_event.subject_type',
        'audit_event.subject_id',
        'audit_event.details',
        'person.display_name',
      ])
      .where('audit_event.at', '>=', from)
      .where('audit_event.at', '<', to)
      .where('audit_event.actor_id', 'is not', null)
      .where((eb) =>
        eb.or([
          eb('audit_event.action', 'in', [...actions]),
          ...prefixes.map((p) => eb('audit_event.action', 'like', p)),
        ]),
      )
      .orderBy('audit_event.seq', 'asc')
      .limit(limit)
      .execute();
  },
  async reportPaths(db: Q, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await db.selectFrom('report').select(['id', 'area_path']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.area_path]));
  },
  async complaintPaths(db: Q, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await db
      .selectFrom('complaint')
      .select(['id', 'area_path'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, r.area_path]));
  },
  /** Each reader's grant paths (their jurisdiction). */
  async grantPaths(db: Q, personIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!personIds.length) return out;
    const rows = await db
      .selectFrom('role_grant')
      .innerJoin('area', (j) =>
        j.onRef('area.code', '=', 'role_grant.area_code').on('area.valid_to', 'is', null),
      )
      .select(['role_grant.person_id', 'area.path'])
      .where('role_grant.person_id', 'in', personIds)
      .execute();
    for (const r of rows) out.set(r.person_id, [...(out.get(r.person_id) ?? []), r.path]);
    return out;
  },
};
