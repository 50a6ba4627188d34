/**
 * Role dashboards: what is raised where, how fast it is answered, what is solved, what residents
 * say — counts and durations only, never a row of what anyone wrote, each role over its own
 * jurisdiction (and desk). The same figures for the previous period of the same length sit beside
 * each, and where reporting is thin the dashboard says so: no data is not no problem.
 */
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { Area } from '../../db/schema.ts';
import { ValidationError } from '../../shared/errors.ts';
import type { Locale } from '../../shared/i18n.ts';
import { authorize, can, type Actor, type StaffRole } from '../../shared/policy.ts';
import { suppressList } from '../../shared/stats/small-cells.ts';
import { DAY, clock } from '../../shared/time.ts';
import type { GeoService } from '../geo/geo.service.ts';
import type { AreaChoiceGroup } from '../geo/area-choices.ts';
import type { ReportCategoriesService, CategoryView } from '../reports/categories.service.ts';
import { CHANNELS, OPEN_STATUSES, type Desk } from '../reports/reports.types.ts';
import { dashboardRepository, type ReportScope, type ReportSlice } from './dashboard.repository.ts';
import { DASHBOARD, DASHBOARD_ROLES, HOTSPOT } from './insight.policy.ts';

export const PERIODS = { '30d': 30, '90d': 90, '365d': 365 } as const;
export type Period = keyof typeof PERIODS;
/** Fewer reports than this in a period is "thin" reporting. */
export const THIN_REPORTS = 20;
/** Open reports waiting longer than these many days (backlog by age). */
export const BACKLOG_DAYS = [2, 7, 30] as const;

/** Which desks each role's dashboard counts (null: every desk, counts only). */
const ROLE_DESKS: Record<string, Desk[] | null> = {
  supervisor: ['triage'],
  prevention_coordinator: ['prevention'],
  oversight: null,
  analyst: null,
  partner: null,
};

export interface DashboardInput {
  role?: string;
  period?: string;
  area?: string;
  category?: string;
  channel?: string;
}

export interface Bar {
  key: string;
  value: number;
  previous: number;
}

export interface Timing {
  n: number;
  median: number | null;
  p90: number | null;
  previousMedian: number | null;
}

export interface Dashboard {
  role: StaffRole;
  roles: StaffRole[];
  period: Period;
  filters: { area: string; category: string; channel: string };
  from: string;
  to: string;
  previousFrom: string;
  /** Buckets of the period: their first day (YYYY-MM-DD) and counts now and one period earlier. */
  series: Array<{ start: string; value: number; previous: number }>;
  bucket: 'day' | 'week' | 'month';
  total: number;
  previousTotal: number;
  byCategory: Bar[];
  byArea: Bar[];
  byChannel: Bar[];
  byPrivacy: Bar[];
  ack: Timing;
  resolve: Timing;
  backlog: { open: number; olderThan: Array<{ days: number; n: number }> };
  feedback: Bar[];
  problems: Array<{ key: string; value: number }>;
  tasks: Array<{ key: string; value: number }>;
  meetings: { held: number; previousHeld: number; residents: number; attended: number };
  /** Small counts hidden (null), with complementary suppression. */
  gender: Array<{ key: string; value: number | null }>;
  thin: { few: boolean; channels: number; silentAreas: string[] };
  /** For the filter form and for names. */
  areaGroups: AreaChoiceGroup[];
  areas: Area[];
  categories: CategoryView[];
  /** Whether to offer the hotspot map. */
  canHotspots: boolean;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function bars(now: Array<{ key: string; n: number }>, before: Array<{ key: string; n: number }>): Bar[] {
  const keys = new Set([...now.map((r) => r.key), ...before.map((r) => r.key)]);
  const get = (rows: Array<{ key: string; n: number }>, k: string) =>
    rows.filter((r) => r.key === k).reduce((s, r) => s + r.n, 0);
  return [...keys]
    .map((key) => ({ key, value: get(now, key), previous: get(before, key) }))
    .sort((a, b) => b.value - a.value || b.previous - a.previous || a.key.localeCompare(b.key));
}

export class DashboardService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly geo: GeoService,
    private readonly categories: ReportCategoriesService,
  ) {}

  async view(actor: Actor, locale: Locale, input: DashboardInput): Promise<Dashboard> {
    authorize(actor, 'view', DASHBOARD);
    const roles = [...new Set(actor.grants.map((g) => g.role).filter((r) => DASHBOARD_ROLES.includes(r)))];
    const role = (input.role || roles[0]) as StaffRole;
    if (!roles.includes(role)) throw new ValidationError(`role must be one of ${roles.join(', ')}`, 'role');
    const period = (input.period || '90d') as Period;
    if (!(period in PERIODS)) throw new ValidationError('period must be 30d, 90d or 365d', 'period');
    const paths = actor.grants.filter((g) => g.role === role).map((g) => g.areaPath);
    const organisationId = role === 'partner' ? (actor.organisationId ?? '-') : null;
    const scope: ReportScope = { paths, desks: ROLE_DESKS[role] ?? null, organisationId };

    const { groups: areaGroups, areas } = await this.geo.choices(actor, locale, {
      within: paths,
      kinds: ['region', 'district', 'municipality'],
    });
    const categories = await this.categories.list(actor, {});
    let areaPath: string | undefined;
    if (input.area) {
      const a = areas.find((x) => x.code === input.area);
      if (!a || !paths.some((p) => a.path.startsWith(p)))
        throw new ValidationError('area must be an area of your jurisdiction', 'area');
      areaPath = a.path;
    }
    if (input.category && !categories.some((c) => c.code === input.category))
      throw new ValidationError('category is not a known category', 'category');
    if (input.channel && !(CHANNELS as readonly string[]).includes(input.channel))
      throw new ValidationError(`channel must be one of ${CHANNELS.join(', ')}`, 'channel');

    const days = PERIODS[period];
    const toMs = clock.nowMs() + 1;
    const fromMs = toMs - days * DAY;
    const prevMs = fromMs - days * DAY;
    const from = new Date(fromMs).toISOString();
    const to = new Date(toMs).toISOString();
    const previousFrom = new Date(prevMs).toISOString();
    const filters = { areaPath, category: input.category || undefined, channel: input.channel || undefined };
    const now: ReportSlice = { from, to, ...filters };
    const before: ReportSlice = { from: previousFrom, to: from, ...filters };
    const db = this.db.read;
    const r = dashboardRepository;

    const [dayNow, dayBefore] = await Promise.all([
      r.reportsByDay(db, scope, now),
      r.reportsByDay(db, scope, before),
    ]);
    const bucket = days <= 30 ? 'day' : days <= 90 ? 'week' : 'month';
    const series = this.buckets(bucket, fromMs, days).map((b) => ({
      start: b.start,
      value: dayNow.filter((d) => d.day >= b.start && d.day < b.end).reduce((s, d) => s + d.n, 0),
      previous: dayBefore
        .filter((d) => d.day >= b.prevStart && d.day < b.prevEnd)
        .reduce((s, d) => s + d.n, 0),
    }));
    const total = dayNow.reduce((s, d) => s + d.n, 0);
    const previousTotal = dayBefore.reduce((s, d) => s + d.n, 0);

    const by = async (col: 'category_code' | 'channel' | 'privacy') =>
      bars(await r.reportsBy(db, col, scope, now), await r.reportsBy(db, col, scope, before));
    const [byCategory, byChannel, byPrivacy] = [
      await by('category_code'),
      await by('channel'),
      await by('privacy'),
    ];

    // Areas one level below the chosen area (or below each grant's area).
    const bases = areaPath ? [areaPath] : paths;
    const childOf = (path: string): string => {
      const base = bases.filter((b) => path.startsWith(b)).sort((a, b) => b.length - a.length)[0];
      if (!base) return '';
      const rest = path.slice(base.length).split('/').filter(Boolean);
      return rest[0] ?? base.split('/').filter(Boolean).at(-1) ?? '';
    };
    const toChildren = (rows: Array<{ key: string; n: number }>) =>
      rows.map((x) => ({ key: childOf(x.key), n: x.n }));
    const byArea = bars(
      toChildren(await r.reportsBy(db, 'area_path', scope, now)),
      toChildren(await r.reportsBy(db, 'area_path', scope, before)),
    );
    const childAreas = areas.filter((a) =>
      bases.some(
        (b) => a.path.startsWith(b) && a.path.slice(b.length).split('/').filter(Boolean).length === 1,
      ),
    );
    const silentAreas = childAreas
      .filter((a) => !byArea.some((b) => b.key === a.code && b.value > 0))
      .map((a) => a.code);

    const timing = async (col: 'time_to_ack_seconds' | 'time_to_resolve_seconds'): Promise<Timing> => {
      const cur = await r.percentiles(db, col, scope, now, [0.5, 0.9]);
      const prev = await r.percentiles(db, col, scope, before, [0.5]);
      return { n: cur.count, median: cur.values[0]!, p90: cur.values[1]!, previousMedian: prev.values[0]! };
    };
    const ack = await timing('time_to_ack_seconds');
    const resolve = await timing('time_to_resolve_seconds');

    const limits = BACKLOG_DAYS.map((d) => new Date(toMs - d * DAY).toISOString());
    const [open, ...older] = await r.openOlderThan(db, scope, filters, OPEN_STATUSES, [to, ...limits]);
    const feedback = bars(await r.feedback(db, scope, now), await r.feedback(db, scope, before));
    const problems = (await r.problemsByStage(db, paths, organisationId, areaPath)).map((x) => ({
      key: x.key,
      value: x.n,
    }));
    const tasks = (await r.planTasksByStatus(db, paths, organisationId, areaPath)).map((x) => ({
      key: x.key,
      value: x.n,
    }));
    // Partners see meetings of their own forums through the forums pages; counts here are the jurisdiction's.
    const m = await r.meetings(db, paths, from, to, areaPath);
    const mPrev = await r.meetings(db, paths, previousFrom, from, areaPath);
    const order = ['woman', 'man', 'other', 'unknown'];
    const genderRows = (await r.composition(db, paths, from, to, 'gender', areaPath)).sort(
      (a, b) => order.indexOf(a.key ?? 'unknown') - order.indexOf(b.key ?? 'unknown'),
    );
    const hidden = suppressList(
      genderRows.map((x) => x.n),
      { minimum: this.config.smallCellMinimum },
    );
    const gender = genderRows.map((x, i) => ({ key: x.key ?? 'unknown', value: hidden.cells[i] ?? null }));

    return {
      role,
      roles,
      period,
      filters: { area: input.area ?? '', category: input.category ?? '', channel: input.channel ?? '' },
      from,
      to,
      previousFrom,
      series,
      bucket,
      total,
      previousTotal,
      byCategory,
      byArea,
      byChannel,
      byPrivacy,
      ack,
      resolve,
      backlog: { open: open ?? 0, olderThan: BACKLOG_DAYS.map((d, i) => ({ days: d, n: older[i] ?? 0 })) },
      feedback,
      problems,
      tasks,
      meetings: { held: m.held, previousHeld: mPrev.held, residents: m.residents, attended: m.attended },
      gender,
      thin: { few: total < THIN_REPORTS, channels: byChannel.filter((c) => c.value > 0).length, silentAreas },
      areaGroups,
      areas,
      categories,
      canHotspots: !!can(actor, 'view', HOTSPOT),
    };
  }

  /** The period's buckets as UTC days [start, end), with the matching bucket one period earlier. */
  private buckets(kind: 'day' | 'week' | 'month', fromMs: number, days: number) {
    const out: Array<{ start: string; end: string; prevStart: string; prevEnd: string }> = [];
    const shift = days * DAY;
    if (kind === 'month') {
      const first = new Date(fromMs);
      let y = first.getUTCFullYear();
      let mo = first.getUTCMonth();
      const endMs = fromMs + shift;
      for (;;) {
        const startMs = Math.max(fromMs, Date.UTC(y, mo, 1));
        if (startMs >= endMs) break;
        const nextMs = Math.min(endMs, Date.UTC(y, mo + 1, 1));
        out.push({
          start: dayOf(startMs),
          end: dayOf(nextMs) === dayOf(endMs) ? '9999-12-31' : dayOf(nextMs),
          prevStart: dayOf(startMs - shift),
          prevEnd:
            dayOf(nextMs - shift) === dayOf(endMs - shift) ? dayOf(fromMs) + '\uffff' : dayOf(nextMs - shift),
        });
        mo++;
        if (mo === 12) {
          mo = 0;
          y++;
        }
      }
      return out;
    }
    const step = kind === 'day' ? 1 : 7;
    for (let d = 0; d < days; d += step) {
      const s = fromMs + d * DAY;
      const e = fromMs + Math.min(days, d + step) * DAY;
      const last = d + step >= days;
      out.push({
        start: dayOf(s),
        end: last ? '9999-12-31' : dayOf(e),
        prevStart: dayOf(s - shift),
        prevEnd: last ? dayOf(fromMs) + '\uffff' : dayOf(e - shift),
      });
    }
    return out;
  }
}
