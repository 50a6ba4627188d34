/**
 * Hotspot statistics against a fixture worked by hand: a 7 × 7 grid, one report in every cell except
 * a centre cell with 20 and its 8 neighbours with 4 each.
 *
 *   n = 49, Σx = 40·1 + 8·4 + 20 = 92, x̄ = 92/49 = 1.87755, Σx² = 40 + 8·16 + 400 = 568,
 *   S = √(568/49 − 1.87755²) = √(11.59184 − 3.52520) = 2.84018.
 *   Centre: W = 9, Σ w x = 20 + 32 = 52, numerator 52 − 9·1.87755 = 35.10204,
 *   denominator 2.84018 · √((49·9 − 81)/48) = 2.84018 · √7.5 = 7.77826, so Gi* = 4.5129, p = 6.4e-6.
 *   Edge neighbour (3,2): block holds 20 + 5·4 + 3·1 = 43 → (43 − 16.89796)/7.77826 = 3.3558, p = 0.00079.
 *   Corner neighbour (2,2): block 20 + 3·4 + 5·1 = 37 → (37 − 16.89796)/7.77826 = 2.5844, p = 0.00975.
 *   Benjamini–Hochberg at q = 0.05 over m = 49 cells: ranks 1–5 pass (0.00079 ≤ 5·0.05/49 = 0.0051),
 *   rank 6–9 (p = 0.00975) fail (9·0.05/49 = 0.00918): five hot cells — the centre and its edge
 *   neighbours. Without the correction the four corners (p < 0.05) would wrongly count as hot.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  benjaminiHochberg,
  buildGrid,
  giStar,
  hotspots,
  pTwoSided,
  PUBLIC_MIN_CELL_METRES,
  type Grid,
} from './hotspots.measures.ts';

function fixture(): Grid {
  const counts = new Array<number>(49).fill(1);
  for (let r = 2; r <= 4; r++) for (let c = 2; c <= 4; c++) counts[r * 7 + c] = 4;
  counts[3 * 7 + 3] = 20;
  return {
    rows: 7,
    cols: 7,
    counts,
    inside: new Array<boolean>(49).fill(true),
    origin: { lat: 40, lon: 72 },
    step: { lat: 0.005, lon: 0.005 },
  };
}

describe('hotspot statistics', () => {
  it('computes Gi* as worked by hand', () => {
    const z = giStar(fixture());
    expect(z[3 * 7 + 3]).toBeCloseTo(4.5129, 3);
    expect(z[3 * 7 + 2]).toBeCloseTo(3.3558, 3);
    expect(z[2 * 7 + 2]).toBeCloseTo(2.5844, 3);
    expect(pTwoSided(4.5129)).toBeCloseTo(6.39e-6, 7);
    expect(pTwoSided(1.959964)).toBeCloseTo(0.05, 6);
  });

  it('finds the centre and its edge neighbours hot after the FDR correction, not the corners', () => {
    const r = hotspots(fixture());
    const hot = r.cls.map((c, i) => (c === 'hot' ? i : -1)).filter((i) => i >= 0);
    expect(hot).toEqual([2 * 7 + 3, 3 * 7 + 2, 3 * 7 + 3, 3 * 7 + 4, 4 * 7 + 3]);
    expect(r.p[2 * 7 + 2]).toBeLessThan(0.05); // significant alone, not after correction
    expect(r.cls.includes('cold')).toBe(false);
  });

  it('leaves cells outside the area out of every statistic, and finds nothing in a flat area', () => {
    const g = fixture();
    g.inside[0] = false;
    expect(hotspots(g).cls[0]).toBe('outside');
    const flat = { ...fixture(), counts: new Array<number>(49).fill(3) };
    expect(hotspots(flat).cls.every((c) => c === 'none')).toBe(true);
  });

  it('controls the false discovery rate: BH never flags more than the raw test, and flags nothing for uniform p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (p) => {
          const sig = benjaminiHochberg(p);
          sig.forEach((s, i) => {
            if (s) expect(p[i]).toBeLessThanOrEqual(0.05);
          });
        },
      ),
    );
    expect(benjaminiHochberg([0.2, 0.5, 0.9, 0.04]).some(Boolean)).toBe(false);
  });

  it('counts points into cells of whole metres and never finer than the public coarsening for public views', () => {
    const g = buildGrid(
      [
        { lat: 40.0001, lon: 72.0001 },
        { lat: 40.0001, lon: 72.0002 },
        { lat: 40.02, lon: 72.02 },
      ],
      { minLat: 40, maxLat: 40.009, minLon: 72, maxLon: 72.0118 },
      500,
      () => true,
    );
    expect(g.rows).toBe(3);
    expect(g.counts[0]).toBe(2);
    expect(g.counts.reduce((a, b) => a + b, 0)).toBe(2); // the third lies outside the box
    expect(PUBLIC_MIN_CELL_METRES).toBe(300);
  });
});
