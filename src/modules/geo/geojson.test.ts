import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors.ts';
import { containsPoint, haversineKm, parseBoundary, radiusBox } from './geojson.ts';

const ring = (x: number, y: number, s: number) => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

function message(input: unknown): string {
  try {
    parseBoundary(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as Error).message;
  }
  throw new Error('expected a ValidationError');
}

describe('parseBoundary', () => {
  it('accepts Polygon, MultiPolygon, Feature and a one-feature FeatureCollection, with their bbox', () => {
    const p = parseBoundary({ type: 'Polygon', coordinates: [ring(70, 40, 1)] });
    expect(p.bbox).toEqual({ minLat: 40, minLon: 70, maxLat: 41, maxLon: 71 });
    expect(p.positions).toBe(5);
    const m = parseBoundary(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: null,
            geometry: {
              type: 'MultiPolygon',
              coordinates: [
                [ring(1, 1, 1)],
                [
                  [
                    [5, 5, 100],
                    [6, 5],
                    [6, 6],
                    [5, 5, 100],
                  ],
                ],
              ],
            },
          },
        ],
      }),
    );
    expect(m.geometry.type).toBe('MultiPolygon');
    expect(m.bbox).toEqual({ minLat: 1, minLon: 1, maxLat: 6, maxLon: 6 });
  });

  it('names exactly what is wrong', () => {
    expect(message('not json')).toBe('GeoJSON is not valid JSON');
    expect(message({ type: 'Point', coordinates: [1, 2] })).toMatch(/^type must be Polygon/);
    expect(message({ type: 'FeatureCollection', features: [] })).toBe(
      'features must hold exactly one feature (got 0)',
    );
    expect(
      message({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      }),
    ).toBe('coordinates[0] ring must have at least 4 positions');
    expect(
      message({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      }),
    ).toMatch(/^coordinates\[0\] ring is not closed/);
    expect(
      message({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 95],
            [0, 0],
          ],
        ],
      }),
    ).toBe('coordinates[0][2][1] latitude must be between -90 and 90');
    expect(
      message({
        type: 'Feature',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              ['1', 0],
              [1, 1],
              [0, 0],
            ],
          ],
        },
      }),
    ).toBe('geometry.coordinates[0][1][0] is not a finite number');
    expect(message({ type: 'MultiPolygon', coordinates: [[ring(0, 0, 1)], []] })).toBe(
      'coordinates[1] must be a non-empty array of rings',
    );
    expect(message('x'.repeat(2 * 1024 * 1024 + 1))).toMatch(/larger than 2 MB/);
  });

  it('refuses more than 50 000 positions', () => {
    const big = Array.from({ length: 50_001 }, (_, i) => [i / 1e5, 0]);
    big.push([0, 0]);
    expect(message({ type: 'Polygon', coordinates: [big] })).toMatch(/exceeds the limit of 50000 positions/);
  });

  it('throws nothing but ValidationError on arbitrary JSON', () => {
    const geoish = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        fc.record(
          {
            type: fc.constantFrom('Polygon', 'MultiPolygon', 'Feature', 'FeatureCollection'),
            coordinates: tie('node'),
            geometry: tie('node'),
            features: tie('node'),
          },
          { requiredKeys: ['type'] },
        ),
        fc.array(tie('node'), { maxLength: 6 }),
        fc.array(fc.oneof(fc.double(), fc.integer()), { maxLength: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(
        fc.oneof(
          geoish,
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (input) => {
          try {
            parseBoundary(input);
          } catch (err) {
            expect(err).toBeInstanceOf(ValidationError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('geometry helpers', () => {
  it('respects holes and MultiPolygon parts', () => {
    const g = parseBoundary({
      type: 'MultiPolygon',
      coordinates: [[ring(0, 0, 10), ring(4, 4, 2)], [ring(20, 20, 1)]],
    }).geometry;
    expect(containsPoint(g, 1, 1)).toBe(true);
    expect(containsPoint(g, 5, 5)).toBe(false);
    expect(containsPoint(g, 20.5, 20.5)).toBe(true);
    expect(containsPoint(g, 15, 15)).toBe(false);
  });

  it('measures distances and a radius box that holds every point within the radius', () => {
    expect(haversineKm(42.875, 74.59, 40.528, 72.798)).toBeGreaterThan(290);
    expect(haversineKm(42.875, 74.59, 40.528, 72.798)).toBeLessThan(310);
    fc.assert(
      fc.property(
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: -170, max: 170, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        (lat, lon, bearing) => {
          // A point 29.9 km away in any direction lies inside the 30 km box.
          const d = 29.9 / 6371.0088;
          const r = Math.PI / 180;
          const lat2 =
            Math.asin(Math.sin(lat * r) * Math.cos(d) + Math.cos(lat * r) * Math.sin(d) * Math.cos(bearing)) /
            r;
          const lon2 =
            lon +
            Math.atan2(
              Math.sin(bearing) * Math.sin(d) * Math.cos(lat * r),
              Math.cos(d) - Math.sin(lat * r) * Math.sin(lat2 * r),
            ) /
              r;
          const box = radiusBox(lat, lon, 30);
          expect(lat2 >= box.minLat && lat2 <= box.maxLat && lon2 >= box.minLon && lon2 <= box.maxLon).toBe(
            true,
          );
        },
      ),
    );
  });
});
