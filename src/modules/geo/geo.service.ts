/**
 * Versioned jurisdictions. A rename or merge never edits history: it closes the open version at the
 * effective date and opens a new one, so "as of" queries and old reports keep their names, and
 * grants (which name codes) follow the current version's path.
 */
import type { Config } from '../../config.ts';
import type { Database, Trx } from '../../db/database.ts';
import type { Area, NewArea } from '../../db/schema.ts';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { authorize, can, type Actor } from '../../shared/policy.ts';
import { clock, nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { containsPoint, haversineKm, parseBoundary, radiusBox, type AreaGeometry } from './geojson.ts';
import { seedDemoGeography } from './geo.demo.ts';
import { AREA, type AreaResource } from './geo.policy.ts';
import { areaChoices, type AreaChoiceGroup } from './area-choices.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { AreaNames } from './geo.presenter.ts';
import { geoRepository } from './geo.repository.ts';
import { CODE_PATTERN } from './geo.schemas.ts';
import { seedReferenceGeography } from './geo.seed.ts';

type Kind = Area['kind'];
const CODE_RE = new RegExp(CODE_PATTERN);
/** Most specific first: a beat beats a municipality beats a district. */
const KIND_RANK: Record<Kind, number> = { beat: 4, municipality: 3, district: 2, region: 1, country: 0 };
/**
 * Current chains (country → … → area) are cached per process: report intake asks for one on every
 * report. Changes made through this service clear the cache at once; changes made by another process
 * (several processes on PostgreSQL, the CLI) are seen within this long. An entry never outlives the
 * end (`valid_to`) of any version in it, so dated renames and merges take effect on time.
 */
export const AREA_CHAIN_CACHE_MS = 30_000;
const AREA_CHAIN_CACHE_MAX = 5_000;

/** `YYYY-MM-DD` or a UTC date-time → canonical ISO instant; impossible dates are refused. */
export function toInstant(text: string | undefined, field: string): string | undefined {
  if (text === undefined || text === '') return undefined;
  const full = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00.000Z` : text;
  const d = new Date(full);
  if (
    !/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(text) ||
    Number.isNaN(d.getTime()) ||
    d.toISOString().slice(0, 10) !== text.slice(0, 10)
  )
    throw new ValidationError(`${field} must be a real date (YYYY-MM-DD)`, field);
  return d.toISOString();
}

function cleanNames(names: AreaNames): AreaNames {
  const out: AreaNames = {};
  for (const [k, v] of Object.entries(names) as [keyof AreaNames, string | undefined][]) {
    const t = v?.trim();
    if (t) out[k] = t;
  }
  if (Object.keys(out).length === 0) throw new ValidationError('give the area at least one name', 'names');
  return out;
}

function encodeCursor(code: string): string {
  return Buffer.from(code, 'utf8').toString('base64url');
}
function decodeCursor(cursor: string): string {
  const code = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!CODE_RE.test(code)) throw new ValidationError('cursor is not valid', 'cursor');
  return code;
}

function storedGeometry(a: Area): AreaGeometry | null {
  try {
    return a.boundary ? (JSON.parse(a.boundary) as AreaGeometry) : null;
  } catch {
    return null;
  }
}

export interface LookupResult {
  area: Area;
  chain: Area[];
  match: 'boundary' | 'nearest-centre';
  distanceKm: number | null;
}

export class GeoService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly config: Config,
  ) {}

  /** Cached current chains by area code, and a counter bumped whenever the cache is cleared. */
  private readonly chains = new Map<string, { chain: Area[]; until: number }>();
  private chainsGeneration = 0;

  seedReference() {
    return this.changingAreas(() => seedReferenceGeography(this.db));
  }
  seedDemo() {
    return this.changingAreas(() => seedDemoGeography(this.db));
  }

  async list(
    actor: Actor,
    input: {
      country?: string;
      kind?: Kind;
      parent?: string;
      q?: string;
      at?: string;
      limit?: number;
      cursor?: string;
    },
  ): Promise<{ items: Area[]; nextCursor: string | null }> {
    authorize(actor, 'read', AREA);
    const at = toInstant(input.at, 'at') ?? nowIso();
    const limit = input.limit ?? 100;
    const rows = await geoRepository.search(this.db.read, this.db.dialect, {
      at,
      country: input.country,
      kind: input.kind,
      parent: input.parent,
      q: input.q?.trim() || undefined,
      after: input.cursor ? decodeCursor(input.cursor) : undefined,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.code) : null };
  }

  /**
   * The areas to offer in a picker, named for the reader (see area-choices.ts). `within` (area paths)
   * narrows them to a jurisdiction; a choice outside it is then refused by the service that takes it.
   */
  async choices(
    actor: Actor,
    locale: Locale,
    opts: { within?: readonly string[]; kinds?: readonly Kind[] } = {},
  ): Promise<{ groups: AreaChoiceGroup[]; areas: Area[] }> {
    authorize(actor, 'read', AREA);
    const areas = await geoRepository.allAt(this.db.read, nowIso());
    return { groups: areaChoices(areas, locale, opts), areas };
  }

  async get(actor: Actor, input: { id: string }): Promise<{ area: Area; chain: Area[] }> {
    authorize(actor, 'read', AREA);
    const area = await geoRepository.getById(this.db.read, input.id);
    if (!area) throw new NotFoundError('area');
    // A past version is shown among the ancestors it had then; a live one among today's.
    const now = nowIso();
    const live = area.valid_from <= now && (area.valid_to === null || area.valid_to > now);
    return { area, chain: await this.chainOf(this.db.read, area, live ? now : area.valid_from) };
  }

  /** Country → … → the area, as valid at `at` (default now). */
  async areaChain(actor: Actor, input: { code: string; at?: string }): Promise<Area[]> {
    authorize(actor, 'read', AREA);
    const asOf = toInstant(input.at, 'at');
    if (asOf === undefined) {
      const cached = this.cachedChain(input.code);
      if (cached) return cached;
    }
    const generation = this.chainsGeneration;
    const at = asOf ?? nowIso();
    const area = await geoRepository.getByCodeAt(this.db.read, input.code, at);
    if (!area) throw new NotFoundError('area');
    const chain = await this.chainOf(this.db.read, area, at);
    if (asOf === undefined) this.rememberChain(input.code, chain, generation);
    return chain;
  }

  async history(actor: Actor, input: { code: string }): Promise<Area[]> {
    authorize(actor, 'history', AREA);
    const versions = await geoRepository.history(this.db.read, input.code);
    if (versions.length === 0) throw new NotFoundError('area');
    return versions;
  }

  /** Everything valid now, for the admin tree. */
  async tree(actor: Actor, input: { country?: string }): Promise<Area[]> {
    authorize(actor, 'history', AREA);
    return geoRepository.allAt(this.db.read, nowIso(), input.country);
  }

  /** One version with its neighbours, for the admin page. */
  async detail(actor: Actor, input: { id: string }) {
    authorize(actor, 'history', AREA);
    const { area, chain } = await this.get(actor, input);
    const versions = await geoRepository.history(this.db.read, area.code);
    const children =
      area.valid_to === null
        ? await geoRepository.search(this.db.read, this.db.dialect, {
            at: nowIso(),
            parent: area.code,
            limit: 1000,
          })
        : [];
    const canManage =
      area.valid_to === null && !!can<AreaResource>(actor, 'manage', AREA, { areaPath: area.path });
    return { area, chain, versions, children, canManage };
  }

  async lookupPoint(actor: Actor, input: { lat: number; lon: number; at?: string }): Promise<LookupResult> {
    authorize(actor, 'lookup', AREA);
    const { lat, lon } = input;
    if (!Number.isFinite(lat) || lat < -90 || lat > 90)
      throw new ValidationError('lat must be between -90 and 90', 'lat');
    if (!Number.isFinite(lon) || lon < -180 || lon > 180)
      throw new ValidationError('lon must be between -180 and 180', 'lon');
    const asOf = toInstant(input.at, 'at');
    const at = asOf ?? nowIso();
    const q = this.db.read;
    const generation = this.chainsGeneration;
    /** The chain of the area found; today's comes from (and goes to) the cache. */
    const chainFor = async (area: Area): Promise<Area[]> => {
      if (asOf !== undefined) return this.chainOf(q, area, at);
      const cached = this.cachedChain(area.code);
      if (cached && cached[cached.length - 1]?.id === area.id) return cached;
      const chain = await this.chainOf(q, area, at);
      this.rememberChain(area.code, chain, generation);
      return chain;
    };

    const hits = (
      await geoRepository.boundaryCandidates(q, lat, lon, at, ['district', 'municipality', 'beat'])
    )
      .filter((a) => {
        const g = storedGeometry(a);
        return g !== null && containsPoint(g, lat, lon);
      })
      .sort((a, b) => KIND_RANK[b.kind] - KIND_RANK[a.kind] || boxArea(a) - boxArea(b));
    const best = hits[0];
    if (best) return { area: best, chain: await chainFor(best), match: 'boundary', distanceKm: null };

    const radius = this.config.geoFallbackRadiusKm;
    if (radius > 0) {
      let nearest: { area: Area; km: number } | null = null;
      for (const a of await geoRepository.centresIn(q, radiusBox(lat, lon, radius), at, 'district')) {
        const km = haversineKm(lat, lon, a.centre_lat!, a.centre_lon!);
        if (km <= radius && (!nearest || km < nearest.km)) nearest = { area: a, km };
      }
      if (nearest)
        return {
          area: nearest.area,
          chain: await chainFor(nearest.area),
          match: 'nearest-centre',
          distanceKm: Math.round(nearest.km * 1000) / 1000,
        };
    }
    throw new AppError(404, 'not_found', 'no area covers this point');
  }

  async uploadBoundary(actor: Actor, input: { id: string; geojson: unknown }): Promise<Area> {
    authorize(actor, 'administer', AREA);
    const parsed = parseBoundary(input.geojson, 'geojson');
    return this.writeAreas(async (trx) => {
      const area = await this.loadForChange(trx, actor, () => geoRepository.getById(trx, input.id));
      const at = nowIso();
      const changes = {
        boundary: JSON.stringify(parsed.geometry),
        min_lat: parsed.bbox.minLat,
        min_lon: parsed.bbox.minLon,
        max_lat: parsed.bbox.maxLat,
        max_lon: parsed.bbox.maxLon,
        updated_at: at,
      };
      await geoRepository.update(trx, area.id, changes);
      await this.audit.record(trx, {
        actor,
        role: 'admin',
        action: 'geo.boundary.upload',
        subjectType: AREA,
        subjectId: area.id,
        details: { code: area.code, positions: parsed.positions, replaced: area.boundary !== null },
      });
      return { ...area, ...changes };
    });
  }

  async rename(
    actor: Actor,
    input: { code: string; names: AreaNames; effectiveFrom?: string },
  ): Promise<Area> {
    authorize(actor, 'administer', AREA);
    const names = cleanNames(input.names);
    const date = toInstant(input.effectiveFrom, 'effectiveFrom') ?? nowIso();
    return this.writeAreas(async (trx) => {
      const cur = await this.loadForChange(trx, actor, () => geoRepository.getLatest(trx, input.code));
      const next = await this.supersede(trx, cur, date, { names: JSON.stringify(names) });
      await this.audit.record(trx, {
        actor,
        role: 'admin',
        action: 'geo.area.rename',
        subjectType: AREA,
        subjectId: next.id,
        details: { code: cur.code, previousVersion: cur.id, effectiveFrom: date },
      });
      return next;
    });
  }

  /** Closes each merged area (successor = `into`) and moves its subtree under `into` in new versions. */
  async merge(actor: Actor, input: { codes: string[]; into: string; effectiveFrom?: string }): Promise<Area> {
    authorize(actor, 'administer', AREA);
    const codes = [...new Set(input.codes)];
    if (codes.includes(input.into))
      throw new ValidationError('an area cannot be merged into itself', 'codes');
    const date = toInstant(input.effectiveFrom, 'effectiveFrom') ?? nowIso();
    return this.writeAreas(async (trx) => {
      const target = await this.loadForChange(trx, actor, () => geoRepository.getLatest(trx, input.into));
      let moved = 0;
      const reassigned = { grants: 0, organisations: 0 };
      for (const [i, code] of codes.entries()) {
        const a = await this.loadForChange(trx, actor, () => geoRepository.getLatest(trx, code));
        if (a.kind !== target.kind)
          throw new ValidationError(
            `codes[${i}] is a ${a.kind} but ${target.code} is a ${target.kind}`,
            `codes.${i}`,
          );
        if (target.path.startsWith(a.path))
          throw new ValidationError(`codes[${i}] contains ${target.code}`, `codes.${i}`);
        this.checkDate(a, date);
        await geoRepository.update(trx, a.id, {
          valid_to: date,
          successor_code: target.code,
          updated_at: nowIso(),
        });
        const r = await geoRepository.reassignJurisdiction(trx, a.code, target.code);
        reassigned.grants += r.grants;
        reassigned.organisations += r.organisations;
        for (const d of await geoRepository.openSubtree(trx, a.path)) {
          if (d.id === a.id) continue;
          await this.supersede(trx, d, date, {
            path: target.path + d.path.slice(a.path.length),
            parent_code: d.parent_code === a.code ? target.code : d.parent_code,
          });
          moved++;
        }
      }
      await this.audit.record(trx, {
        actor,
        role: 'admin',
        action: 'geo.area.merge',
        subjectType: AREA,
        subjectId: target.id,
        details: { into: target.code, codes, effectiveFrom: date, moved, reassigned },
      });
      return target;
    });
  }

  /** Adds a municipality (under a district) or a beat (under a district or municipality). */
  async create(
    actor: Actor,
    input: {
      parentCode: string;
      key: string;
      kind: 'municipality' | 'beat';
      subtype?: string;
      names: AreaNames;
      centre?: { lat: number; lon: number };
      effectiveFrom?: string;
    },
  ): Promise<Area> {
    authorize(actor, 'administer', AREA);
    const names = cleanNames(input.names);
    const date = toInstant(input.effectiveFrom, 'effectiveFrom') ?? nowIso();
    const code = `${input.parentCode}.${input.key}`;
    if (!CODE_RE.test(code)) throw new ValidationError('the area would sit too deep in the tree', 'key');
    return this.writeAreas(async (trx) => {
      const parent = await this.loadForChange(trx, actor, () =>
        geoRepository.getLatest(trx, input.parentCode),
      );
      const allowed: Kind[] = input.kind === 'municipality' ? ['district'] : ['district', 'municipality'];
      if (!allowed.includes(parent.kind))
        throw new ValidationError(`a ${input.kind} cannot be placed under a ${parent.kind}`, 'parentCode');
      if (await geoRepository.codeExists(trx, code))
        throw new ConflictError(`area ${code} already exists`, 'key');
      const now = nowIso();
      const row: NewArea = {
        id: newId(),
        code,
        country_code: parent.country_code,
        kind: input.kind,
        subtype: input.subtype ?? (input.kind === 'beat' ? 'beat' : 'ayil-aimak'),
        parent_code: parent.code,
        path: `${parent.path}${code}/`,
        names: JSON.stringify(names),
        centre_lat: input.centre?.lat ?? null,
        centre_lon: input.centre?.lon ?? null,
        boundary: null,
        min_lat: null,
        min_lon: null,
        max_lat: null,
        max_lon: null,
        valid_from: date,
        valid_to: null,
        successor_code: null,
        created_at: now,
        updated_at: now,
      };
      await geoRepository.create(trx, row);
      await this.audit.record(trx, {
        actor,
        role: 'admin',
        action: 'geo.area.create',
        subjectType: AREA,
        subjectId: row.id,
        details: { code },
      });
      return (await geoRepository.getById(trx, row.id))!;
    });
  }

  /** Loads an area to change: missing or outside the admin's jurisdiction → 404; closed → 409. */
  private async loadForChange(trx: Trx, actor: Actor, load: () => Promise<Area | undefined>): Promise<Area> {
    const area = await load();
    if (!area) throw new NotFoundError('area');
    authorize<AreaResource>(actor, 'manage', AREA, { areaPath: area.path });
    if (area.valid_to !== null)
      throw new ConflictError(
        area.successor_code
          ? `area ${area.code} was merged into ${area.successor_code}`
          : `this is a past version of ${area.code}; change the current one`,
      );
    return area;
  }

  private checkDate(cur: Area, date: string): void {
    if (date <= cur.valid_from)
      throw new ValidationError(
        `effectiveFrom must be after ${cur.valid_from.slice(0, 10)}, when the current version of ${cur.code} began`,
        'effectiveFrom',
      );
  }

  /** Closes `cur` at `date` and opens a copy with `changes` from that date. */
  private async supersede(trx: Trx, cur: Area, date: string, changes: Partial<NewArea>): Promise<Area> {
    this.checkDate(cur, date);
    const now = nowIso();
    await geoRepository.update(trx, cur.id, { valid_to: date, updated_at: now });
    const next: Area = {
      ...cur,
      ...changes,
      id: newId(),
      valid_from: date,
      valid_to: null,
      created_at: now,
      updated_at: now,
    } as Area;
    await geoRepository.create(trx, next);
    return next;
  }

  /** A change to areas: the cached chains are cleared before it starts and again once it is done. */
  private async changingAreas<T>(change: () => Promise<T>): Promise<T> {
    this.forgetChains();
    try {
      return await change();
    } finally {
      this.forgetChains();
    }
  }

  private writeAreas<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return this.changingAreas(() => this.db.write(fn));
  }

  private forgetChains(): void {
    this.chains.clear();
    this.chainsGeneration++;
  }

  /** Today's chain of `code` from the cache (a copy), or undefined. */
  private cachedChain(code: string): Area[] | undefined {
    const hit = this.chains.get(code);
    if (!hit) return undefined;
    if (hit.until <= clock.nowMs()) {
      this.chains.delete(code);
      return undefined;
    }
    return [...hit.chain];
  }

  /** Caches a chain read as of now, unless the cache was cleared since the read began. */
  private rememberChain(code: string, chain: Area[], generation: number): void {
    if (generation !== this.chainsGeneration || chain.length === 0) return;
    let until = clock.nowMs() + AREA_CHAIN_CACHE_MS;
    for (const a of chain) if (a.valid_to !== null) until = Math.min(until, Date.parse(a.valid_to));
    if (this.chains.size >= AREA_CHAIN_CACHE_MAX && !this.chains.has(code)) {
      const oldest = this.chains.keys().next().value as string;
      this.chains.delete(oldest);
    }
    this.chains.set(code, { chain: [...chain], until });
  }

  private async chainOf(q: Database['read'] | Trx, area: Area, at: string): Promise<Area[]> {
    const codes = area.path.split('/').filter(Boolean);
    const found = new Map((await geoRepository.byCodesAt(q, codes, at)).map((a) => [a.code, a]));
    found.set(area.code, area);
    return codes.map((c) => found.get(c)).filter((a): a is Area => !!a);
  }
}

function boxArea(a: Area): number {
  return ((a.max_lat ?? 0) - (a.min_lat ?? 0)) * ((a.max_lon ?? 0) - (a.min_lon ?? 0));
}
