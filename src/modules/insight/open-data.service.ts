/**
 * Open data: what residents raised, where, and how fast it was answered — as aggregate counts by
 * district, category group, month and status, and median response times by district. Never a
 * sensitive category (prevention, domestic violence, police conduct: the category's `sensitive` flag
 * and the prevention and complaints desks), never finer than a district, and every count under
 * SMALL_CELL_MINIMUM hidden with complementary suppression, one two-way table per month (district ×
 * category group and status) with its totals, so no hidden count can be worked out. Medians from
 * fewer reports than the minimum are hidden too, and how many reports a median rests on is not
 * published (a twelve-month count per district would let a hidden monthly total be subtracted out). The last twelve full calendar months (UTC) are
 * published, recomputed at most every ten minutes.
 */
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { Area } from '../../db/schema.ts';
import { authorize, type Actor } from '../../shared/policy.ts';
import { suppressTable, unlessSmall } from '../../shared/stats/small-cells.ts';
import { MINUTE, clock, nowIso } from '../../shared/time.ts';
import { geoRepository } from '../geo/geo.repository.ts';
import { OPEN_STATUSES } from '../reports/reports.types.ts';
import { OPEN_DATA } from './insight.policy.ts';
import { openDataRepository } from './open-data.repository.ts';

export const STATUS_CLASSES = ['open', 'resolved', 'closed'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];
const CACHE_MS = 10 * MINUTE;

export function statusClass(status: string): StatusClass {
  if ((OPEN_STATUSES as readonly string[]).includes(status)) return 'open';
  return status === 'resolved' ? 'resolved' : 'closed';
}

export interface OpenDataset {
  /** First and last month published, YYYY-MM. */
  firstMonth: string;
  lastMonth: string;
  generatedAt: string;
  minimum: number;
  areas: Array<{ code: string; names: Record<string, string> }>;
  columns: Array<{ group: string; status: StatusClass }>;
  months: Array<{
    month: string;
    /** [area][column]; null: hidden. */
    cells: (number | null)[][];
    areaTotals: (number | null)[];
    columnTotals: (number | null)[];
    total: number | null;
  }>;
  responseTimes: Array<{
    areaCode: string;
    /** Hidden (null) when fewer than the minimum reports were acknowledged / resolved. */
    medianHoursToAcknowledge: number | null;
    medianDaysToResolve: number | null;
  }>;
}

/** The twelve full calendar months before `now` (UTC): [from, to) as instants and as YYYY-MM. */
export function publishedWindow(nowMs: number) {
  const d = new Date(nowMs);
  const to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 12, 1);
  const months: string[] = [];
  for (let i = 0; i < 12; i++)
    months.push(
      new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 12 + i, 1)).toISOString().slice(0, 7),
    );
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), months };
}

export class OpenDataService {
  private cache: { key: string; at: number; data: OpenDataset } | null = null;

  constructor(
    private readonly db: Database,
    private readonly config: Config,
  ) {}

  async dataset(actor: Actor): Promise<OpenDataset> {
    authorize(actor, 'read', OPEN_DATA);
    const now = clock.nowMs();
    const win = publishedWindow(now);
    const key = `${win.from}|${this.config.smallCellMinimum}`;
    if (this.cache && this.cache.key === key && now - this.cache.at < CACHE_MS && now >= this.cache.at)
      return this.cache.data;
    const data = await this.compute(win);
    this.cache = { key, at: now, data };
    return data;
  }

  private async compute(win: ReturnType<typeof publishedWindow>): Promise<OpenDataset> {
    const db = this.db.read;
    const minimum = this.config.smallCellMinimum;
    const areas = await geoRepository.allAt(db, nowIso());
    const districts = areas
      .filter((a) => a.kind === 'district')
      .sort((a, b) => b.path.length - a.path.length);
    const byPath = new Map(areas.map((a) => [a.path, a]));
    /** A report's district (never finer): the district above its area, else its own area. */
    const districtOf = (path: string): Area | undefined =>
      districts.find((d) => path.startsWith(d.path)) ?? byPath.get(path);

    const rows = await openDataRepository.counts(db, win.from, win.to);
    const areaCodes = new Set<string>();
    const groups = new Set<string>();
    const facts: Array<{ month: string; area: string; col: string; n: number }> = [];
    for (const r of rows) {
      const area = districtOf(r.areaPath);
      if (!area) continue;
      areaCodes.add(area.code);
      groups.add(r.group);
      facts.push({ month: r.month, area: area.code, col: `${r.group}|${statusClass(r.status)}`, n: r.n });
    }
    const published = areas.filter((a) => areaCodes.has(a.code)).sort((a, b) => a.path.localeCompare(b.path));
    const columns = [...groups]
      .sort()
      .flatMap((group) => STATUS_CLASSES.map((status) => ({ group, status })));
    const colIndex = new Map(columns.map((c, i) => [`${c.group}|${c.status}`, i]));
    const areaIndex = new Map(published.map((a, i) => [a.code, i]));

    const months = win.months.map((month) => {
      const grid = published.map(() => columns.map(() => 0));
      for (const f of facts)
        if (f.month === month) grid[areaIndex.get(f.area)!]![colIndex.get(f.col)!]! += f.n;
      const s = suppressTable(grid, { minimum });
      return { month, cells: s.cells, areaTotals: s.rowTotals, columnTotals: s.columnTotals, total: s.total };
    });

    const responseTimes = [];
    for (const a of published) {
      const ack = await openDataRepository.median(db, 'time_to_ack_seconds', a.path, win.from, win.to);
      const res = await openDataRepository.median(db, 'time_to_resolve_seconds', a.path, win.from, win.to);
      const round1 = (v: number) => Math.round(v * 10) / 10;
      responseTimes.push({
        areaCode: a.code,
        medianHoursToAcknowledge: unlessSmall(ack.n, ack.median === null ? null : round1(ack.median / 3600), {
          minimum,
        }),
        medianDaysToResolve: unlessSmall(res.n, res.median === null ? null : round1(res.median / 86400), {
          minimum,
        }),
      });
    }
    return {
      firstMonth: win.months[0]!,
      lastMonth: win.months[win.months.length - 1]!,
      generatedAt: nowIso(),
      minimum,
      areas: published.map((a) => ({ code: a.code, names: JSON.parse(a.names) as Record<string, string> })),
      columns,
      months,
      responseTimes,
    };
  }
}
