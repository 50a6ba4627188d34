/**
 * Strict reader for uploaded area boundaries. Accepts a Polygon or MultiPolygon, or a Feature /
 * FeatureCollection holding exactly one of them; anything else is a ValidationError that names the
 * offending path, so an administrator can fix the file rather than guess.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { ValidationError } from '../../shared/errors.ts';

export type Position = [number, number];
export type Ring = Position[];
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Ring[];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

export interface BBox {
  minLat: number;
  minLon: number;
  maxLat: number;
  maxLon: number;
}

export interface ParsedBoundary {
  geometry: AreaGeometry;
  bbox: BBox;
  positions: number;
}

export const MAX_GEOJSON_BYTES = 2 * 1024 * 1024;
export const MAX_POSITIONS = 50_000;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Reader {
  positions = 0;
  minLat = Infinity;
  minLon = Infinity;
  maxLat = -Infinity;
  maxLon = -Infinity;
  constructor(private readonly field: string) {}

  fail(path: string, what: string): never {
    throw new ValidationError(`${path} ${what}`, this.field);
  }

  position(v: unknown, path: string): Position {
    if (!Array.isArray(v)) this.fail(path, 'must be a [longitude, latitude] array');
    // A third value (altitude) is allowed by RFC 7946 but carries nothing we use: it is dropped.
    if (v.length < 2 || v.length > 3) this.fail(path, 'must hold 2 or 3 numbers');
    for (let i = 0; i < v.length; i++) {
      if (typeof v[i] !== 'number' || !Number.isFinite(v[i]))
        this.fail(`${path}[${i}]`, 'is not a finite number');
    }
    const lon = v[0] as number;
    const lat = v[1] as number;
    if (lon < -180 || lon > 180) this.fail(`${path}[0]`, 'longitude must be between -180 and 180');
    if (lat < -90 || lat > 90) this.fail(`${path}[1]`, 'latitude must be between -90 and 90');
    if (++this.positions > MAX_POSITIONS) this.fail(path, `exceeds the limit of ${MAX_POSITIONS} positions`);
    this.minLat = Math.min(this.minLat, lat);
    this.maxLat = Math.max(this.maxLat, lat);
    this.minLon = Math.min(this.minLon, lon);
    this.maxLon = Math.max(this.maxLon, lon);
    return [lon, lat];
  }

  ring(v: unknown, path: string): Ring {
    if (!Array.isArray(v)) this.fail(path, 'ring must be an array of positions');
    if (v.length < 4) this.fail(path, 'ring must have at least 4 positions');
    const ring = v.map((p, i) => this.position(p, `${path}[${i}]`));
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1])
      this.fail(path, 'ring is not closed (first and last positions differ)');
    return ring;
  }

  polygon(v: unknown, path: string): Ring[] {
    if (!Array.isArray(v) || v.length === 0) this.fail(path, 'must be a non-empty array of rings');
    return v.map((r, i) => this.ring(r, `${path}[${i}]`));
  }

  geometry(v: unknown, path: string): AreaGeometry {
    if (!isObj(v)) this.fail(path, 'must be a GeoJSON geometry object');
    const at = path ? `${path}.` : '';
    if (v.type === 'Polygon') {
      return { type: 'Polygon', coordinates: this.polygon(v.coordinates, `${at}coordinates`) };
    }
    if (v.type === 'MultiPolygon') {
      const c = v.coordinates;
      if (!Array.isArray(c) || c.length === 0)
        this.fail(`${at}coordinates`, 'must be a non-empty array of polygons');
      return {
        type: 'MultiPolygon',
        coordinates: c.map((p, i) => this.polygon(p, `${at}coordinates[${i}]`)),
      };
    }
    this.fail(`${at}type`, `must be "Polygon" or "MultiPolygon" (got ${describeType(v.type)})`);
  }

  feature(v: Obj, path: string): AreaGeometry {
    const at = path ? `${path}.` : '';
    if (v.geometry === null || v.geometry === undefined) this.fail(`${at}geometry`, 'is missing');
    return this.geometry(v.geometry, `${at}geometry`);
  }

  root(v: unknown): AreaGeometry {
    if (!isObj(v)) this.fail('GeoJSON', 'must be a JSON object');
    if (v.type === 'Feature') return this.feature(v, '');
    if (v.type === 'FeatureCollection') {
      const fs = v.features;
      if (!Array.isArray(fs)) this.fail('features', 'must be an array');
      if (fs.length !== 1) this.fail('features', `must hold exactly one feature (got ${fs.length})`);
      const f = fs[0];
      if (!isObj(f) || f.type !== 'Feature') this.fail('features[0]', 'must be a GeoJSON Feature');
      return this.feature(f, 'features[0]');
    }
    if (v.type === 'Polygon' || v.type === 'MultiPolygon') return this.geometry(v, '');
    this.fail(
      'type',
      `must be Polygon, MultiPolygon, Feature or FeatureCollection (got ${describeType(v.type)})`,
    );
  }
}

function describeType(t: unknown): string {
  return typeof t === 'string' ? JSON.stringify(t.slice(0, 40)) : typeof t;
}

/** Parses JSON text or an already-decoded value. Throws only ValidationError. */
export function parseBoundary(input: unknown, field = 'geojson'): ParsedBoundary {
  let value = input;
  if (typeof input === 'string') {
    if (Buffer.byteLength(input, 'utf8') > MAX_GEOJSON_BYTES)
      throw new ValidationError(`GeoJSON is larger than ${MAX_GEOJSON_BYTES / 1024 / 1024} MB`, field);
    if (input.trim() === '') throw new ValidationError('GeoJSON is empty', field);
    try {
      value = JSON.parse(input);
    } catch {
      throw new ValidationError('GeoJSON is not valid JSON', field);
    }
  }
  const r = new Reader(field);
  const geometry = r.root(value);
  return {
    geometry,
    bbox: { minLat: r.minLat, minLon: r.minLon, maxLat: r.maxLat, maxLon: r.maxLon },
    positions: r.positions,
  };
}

/** Whether (lat, lon) lies inside the geometry; holes are respected, edges count as inside. */
export function containsPoint(geometry: AreaGeometry, lat: number, lon: number): boolean {
  return booleanPointInPolygon([lon, lat], geometry);
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in kilometres. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A box that surely holds every point within `km` of (lat, lon): the SQL pre-filter for the radius. */
export function radiusBox(lat: number, lon: number, km: number): BBox {
  const dLat = km / 110.574;
  // Use the box's pole-ward edge, where a degree of longitude is shortest.
  const edge = Math.min(90, Math.abs(lat) + dLat);
  const cos = Math.cos((edge * Math.PI) / 180);
  const dLon = cos < 0.01 ? 360 : km / (111.32 * cos);
  const wraps = lon - dLon < -180 || lon + dLon > 180;
  return {
    minLat: Math.max(-90, lat - dLat),
    maxLat: Math.min(90, lat + dLat),
    minLon: wraps ? -180 : lon - dLon,
    maxLon: wraps ? 180 : lon + dLon,
  };
}
