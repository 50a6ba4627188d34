/** Kysely queries for hotspot maps: the points of reports in an area and period, nothing else. */
import type { Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import { likeEscape } from '../../db/dialect.ts';
import type { DB } from '../../db/schema.ts';
import type { Desk } from '../reports/reports.types.ts';

type Q = Kysely<DB> | Trx;

export const hotspotRepository = {
  /** Exact points, or only the public (coarsened) ones; reports held for review never count. */
  async points(
    db: Q,
    areaPath: string,
    from: string,
    exact: boolean,
    desks: Desk[] | null,
  ): Promise<Array<{ lat: number; lon: number }>> {
    const lat = exact ? 'lat' : 'public_lat';
    const lon = exact ? 'lon' : 'public_lon';
    let q = db
      .selectFrom('report')
      .select([`${lat} as lat`, `${lon} as lon`])
      .where('area_path', 'like', `${likeEscape(areaPath)}%`)
      .where('created_at', '>=', from)
      .where('held_for_review', '=', 0)
      .where(lat, 'is not', null)
      .where(lon, 'is not', null);
    if (desks) q = q.where('desk', 'in', desks);
    return (await q.execute()).map((r) => ({ lat: Number(r.lat), lon: Number(r.lon) }));
  },
};
