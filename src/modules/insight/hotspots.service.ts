/**
 * Hotspot maps for the staff who plan patrols and prevention: reports of the last months counted on
 * a square grid over one area (cells cropped to its boundary), Getis-Ord Gi* per cell and the
 * Benjamini–Hochberg correction (hotspots.measures.ts). Police and prevention staff count exact
 * points of their own desk; analysts only public (coarsened) points and never finer cells than the
 * public coarsening — the same rule any public view must follow.
 */
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { ValidationError } from '../../shared/errors.ts';
import type { Locale } from '../../shared/i18n.ts';
import { authorize, type Actor, type StaffRole } from '../../shared/policy.ts';
import { DAY, clock } from '../../shared/time.ts';
import type { AreaChoiceGroup } from '../geo/area-choices.ts';
import { containsPoint, type AreaGeometry } from '../geo/geojson.ts';
import type { GeoService } from '../geo/geo.service.ts';
import type { Desk } from '../reports/reports.types.ts';
import {
  buildGrid,
  hotspots,
  PUBLIC_MIN_CELL_METRES,
  type Grid,
  type HotspotResult,
} from './hotspots.measures.ts';
import { hotspotRepository } from './hotspots.repository.ts';
import { HOTSPOT } from './insight.policy.ts';

const ROLES: Record<string, { desks: Desk[] | null; exact: boolean }> = {
  supervisor: { desks: ['triage'], exact: true },
  prevention_coordinator: { desks: ['prevention'], exact: true },
  analyst: { desks: null, exact: false },
};
export const HOTSPOT_PERIODS = { '90d': 90, '365d': 365 } as const;
const MAX_CELLS = 40_000;

export interface HotspotView {
  areaCode: string;
  areaGroups: AreaChoiceGroup[];
  cell: number;
  minCell: number;
  period: keyof typeof HOTSPOT_PERIODS;
  points: number;
  exact: boolean;
  grid: Grid | null;
  result: HotspotResult | null;
}

export class HotspotsService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly geo: GeoService,
  ) {}

  async view(
    actor: Actor,
    locale: Locale,
    input: { area?: string; cell?: string; period?: string },
  ): Promise<HotspotView> {
    authorize(actor, 'view', HOTSPOT);
    const grants = actor.grants.filter((g) => g.role in ROLES);
    const paths = grants.map((g) => g.areaPath);
    const { groups, areas } = await this.geo.choices(actor, locale, {
      within: paths,
      kinds: ['district', 'municipality'],
    });
    const first = groups[0]?.areas[0]?.code;
    const areaCode = input.area || first || '';
    const area = areas.find((a) => a.code === areaCode);
    const grant = area && grants.find((g) => area.path.startsWith(g.areaPath));
    if (!area || !grant)
      throw new ValidationError('area must be a district or municipality of your jurisdiction', 'area');
    const rule = ROLES[grant.role as StaffRole]!;
    const minCell = rule.exact ? 100 : PUBLIC_MIN_CELL_METRES;
    const cell = input.cell ? Number(input.cell) : Math.max(this.config.hotspotCellMetres, minCell);
    if (!Number.isInteger(cell) || cell % 100 !== 0 || cell < minCell || cell > 10_000)
      throw new ValidationError(`cell must be whole hundreds of metres from ${minCell} to 10000`, 'cell');
    const period = (input.period || '365d') as keyof typeof HOTSPOT_PERIODS;
    if (!(period in HOTSPOT_PERIODS)) throw new ValidationError('period must be 90d or 365d', 'period');

    const from = new Date(clock.nowMs() - HOTSPOT_PERIODS[period] * DAY).toISOString();
    const points = await hotspotRepository.points(this.db.read, area.path, from, rule.exact, rule.desks);

    const geometry = area.boundary ? (JSON.parse(area.boundary) as AreaGeometry) : null;
    const box =
      area.min_lat !== null && area.max_lat !== null && area.min_lon !== null && area.max_lon !== null
        ? { minLat: area.min_lat, maxLat: area.max_lat, minLon: area.min_lon, maxLon: area.max_lon }
        : points.length
          ? {
              minLat: Math.min(...points.map((p) => p.lat)),
              maxLat: Math.max(...points.map((p) => p.lat)) + 1e-9,
              minLon: Math.min(...points.map((p) => p.lon)),
              maxLon: Math.max(...points.map((p) => p.lon)) + 1e-9,
            }
          : null;
    const base = {
      areaCode,
      areaGroups: groups,
      cell,
      minCell,
      period,
      points: points.length,
      exact: rule.exact,
    };
    if (!box) return { ...base, grid: null, result: null };
    const rows = Math.ceil((box.maxLat - box.minLat) / (cell / 111_320));
    if (rows * rows > MAX_CELLS * 4)
      throw new ValidationError('cell is too small for this area: choose a larger one', 'cell');
    const grid = buildGrid(points, box, cell, (la, lo) =>
      geometry ? containsPoint(geometry, la, lo) : true,
    );
    if (grid.rows * grid.cols > MAX_CELLS)
      throw new ValidationError('cell is too small for this area: choose a larger one', 'cell');
    return { ...base, grid, result: hotspots(grid) };
  }
}
