import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineKm } from '../geo/geojson.ts';
import { GRID_DEG, GRID_METRES, coarsen, lonStep } from './coarsen.ts';

describe('public coordinates', () => {
  it('use a grid of at least 250 m on both axes', () => {
    expect(GRID_METRES).toBeGreaterThanOrEqual(250);
    for (const lat of [36, 40.5, 43, 55]) {
      const metresEastWest = haversineKm(lat, 70, lat, 70 + lonStep(lat)) * 1000;
      expect(metresEastWest).toBeGreaterThanOrEqual(250);
    }
  });

  it('show every point of a cell at the same place, within half a cell of the truth', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 36, max: 55, noNaN: true }),
        fc.double({ min: 60, max: 90, noNaN: true }),
        (lat, lon) => {
          const p = coarsen(lat, lon);
          expect(Math.abs(p.lat - lat)).toBeLessThanOrEqual(GRID_DEG / 2 + 1e-6);
          expect(Math.abs(p.lon - lon)).toBeLessThanOrEqual(lonStep(p.lat) / 2 + 1e-6);
          // Snapping the public point again changes nothing: it is a cell centre.
          expect(coarsen(p.lat, p.lon)).toEqual(p);
        },
      ),
    );
  });

  it('does not reveal the exact point: two homes 150 m apart in one cell look the same', () => {
    const cellLat = Math.floor(40.7 / GRID_DEG) * GRID_DEG;
    const a = coarsen(cellLat + 0.0002, 72.90001);
    const b = coarsen(cellLat + 0.0002 + 150 / 111_320, 72.90001);
    expect(a).toEqual(b);
  });
});
