/** Kysely queries of area alerts. */
import type { Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import type { Alert, AlertChannel, AlertSubscription, DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Trx;

/** "/KG/KG-O/KG-O.kara-suu/" → ["/KG/", "/KG/KG-O/", "/KG/KG-O/KG-O.kara-suu/"]. */
export function ancestorPaths(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
}

export const alertsRepository = {
  async subscriptionById(db: Q, id: string): Promise<AlertSubscription | undefined> {
    return db.selectFrom('alert_subscription').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async sameContact(db: Q, channel: AlertChannel, addressHash: string): Promise<AlertSubscription[]> {
    return db
      .selectFrom('alert_subscription')
      .selectAll()
      .where('channel', '=', channel)
      .where('address_hash', '=', addressHash)
      .orderBy('id')
      .execute();
  },
  async areasOf(db: Q, ids: string[]): Promise<Array<{ subscription_id: string; area_code: string }>> {
    if (ids.length === 0) return [];
    return db
      .selectFrom('alert_subscription_area')
      .select(['subscription_id', 'area_code'])
      .where('subscription_id', 'in', ids)
      .execute();
  },
  /**
   * Active subscriptions whose area overlaps one of the alert's areas (the same area, one inside it,
   * or one containing it), after `after` in id order: one fan-out batch.
   */
  async matching(
    db: Q,
    input: { paths: string[]; after: string; limit: number },
  ): Promise<AlertSubscription[]> {
    const ancestors = [...new Set(input.paths.flatMap(ancestorPaths))];
    return db
      .selectFrom('alert_subscription as s')
      .selectAll('s')
      .where('s.status', '=', 'active')
      .where('s.id', '>', input.after)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('alert_subscription_area as a')
            .select('a.subscription_id')
            .whereRef('a.subscription_id', '=', 's.id')
            .where((w) =>
              w.or([
                w('a.area_path', 'in', ancestors),
                ...input.paths.map((p) => w('a.area_path', 'like', `${p}%`)),
              ]),
            ),
        ),
      )
      .orderBy('s.id')
      .limit(input.limit)
      .execute();
  },
  async alertById(db: Q, id: string): Promise<Alert | undefined> {
    return db.selectFrom('alert').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async alertPaths(db: Q, id: string): Promise<Array<{ area_code: string; area_path: string }>> {
    return db
      .selectFrom('alert_area')
      .select(['area_code', 'area_path'])
      .where('alert_id', '=', id)
      .execute();
  },
  /** Published, unexpired alerts for an area (its own, its parents' and its districts'). */
  async publicFor(db: Q, path: string, now: string, limit: number): Promise<Alert[]> {
    const ancestors = ancestorPaths(path);
    return db
      .selectFrom('alert')
      .selectAll()
      .where('status', '=', 'sent')
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('alert_area as a')
            .select('a.alert_id')
            .whereRef('a.alert_id', '=', 'alert.id')
            .where((w) => w.or([w('a.area_path', 'in', ancestors), w('a.area_path', 'like', `${path}%`)])),
        ),
      )
      .orderBy('send_at', 'desc')
      .limit(limit)
      .execute();
  },
};
