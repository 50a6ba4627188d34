/**
 * Hotspot statistics on a square grid: counts per cell, the Getis-Ord Gi* statistic of each cell
 * (its 3 × 3 neighbourhood, itself included, against the whole area) and the Benjamini–Hochberg
 * false-discovery-rate correction across all cells, so that testing hundreds of cells at once does
 * not turn chance clusters into "hotspots". Pure functions: the service loads points, these count.
 *
 * Gi*_i = (Σ_j w_ij x_j − x̄ W_i) / (S √((n Σ_j w_ij² − W_i²) / (n − 1))), binary weights w_ij = 1
 * for the cells of the 3 × 3 block around i that lie in the area, W_i = Σ_j w_ij, x̄ and
 * S = √(Σ x_j² / n − x̄²) over the n cells of the area (Getis & Ord 1992; Ord & Getis 1995).
 */
import { GRID_METRES } from '../reports/coarsen.ts';

const METRES_PER_DEG_LAT = 111_320;
/** Public views never use cells finer than the public coarsening of points (rounded up to 100 m). */
export const PUBLIC_MIN_CELL_METRES = Math.ceil(GRID_METRES / 100) * 100;
export const FDR_Q = 0.05;

export interface Grid {
  rows: number;
  cols: number;
  /** Row-major, south to north, west to east. */
  counts: number[];
  /** Whether the cell's centre lies in the area (cells outside are left out of every statistic). */
  inside: boolean[];
  /** South-west corner and the cell's size in degrees. */
  origin: { lat: number; lon: number };
  step: { lat: number; lon: number };
}

/** Cell size in degrees for a side of `metres` at latitude `lat` (longitude steps widen with 1/cos). */
export function cellStep(metres: number, lat: number): { lat: number; lon: number } {
  const dLat = metres / METRES_PER_DEG_LAT;
  const c = Math.cos((Math.min(Math.abs(lat), 85) * Math.PI) / 180);
  return { lat: dLat, lon: dLat / c };
}

/** Counts points into a grid over a box; `inside(lat, lon)` says whether a cell centre is in the area. */
export function buildGrid(
  points: ReadonlyArray<{ lat: number; lon: number }>,
  box: { minLat: number; maxLat: number; minLon: number; maxLon: number },
  metres: number,
  inside: (lat: number, lon: number) => boolean,
): Grid {
  const step = cellStep(metres, (box.minLat + box.maxLat) / 2);
  const rows = Math.max(1, Math.ceil((box.maxLat - box.minLat) / step.lat));
  const cols = Math.max(1, Math.ceil((box.maxLon - box.minLon) / step.lon));
  const counts = new Array<number>(rows * cols).fill(0);
  const insideCells = new Array<boolean>(rows * cols).fill(false);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++)
      insideCells[r * cols + c] = inside(
        box.minLat + (r + 0.5) * step.lat,
        box.minLon + (c + 0.5) * step.lon,
      );
  for (const p of points) {
    const r = Math.floor((p.lat - box.minLat) / step.lat);
    const c = Math.floor((p.lon - box.minLon) / step.lon);
    if (r < 0 || c < 0 || r >= rows || c >= cols) continue;
    counts[r * cols + c]! += 1;
  }
  return { rows, cols, counts, inside: insideCells, origin: { lat: box.minLat, lon: box.minLon }, step };
}

/** Complementary error function (Numerical Recipes' Chebyshev fit; relative error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Two-sided p-value of a standard normal z. */
export function pTwoSided(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/** Gi* z-scores for the cells inside the area (NaN outside, and everywhere when all counts are equal). */
export function giStar(g: Grid): number[] {
  const idx = g.counts.map((_, i) => i).filter((i) => g.inside[i]);
  const n = idx.length;
  const z = new Array<number>(g.counts.length).fill(Number.NaN);
  if (n < 2) return z;
  const sum = idx.reduce((s, i) => s + g.counts[i]!, 0);
  const sumSq = idx.reduce((s, i) => s + g.counts[i]! ** 2, 0);
  const mean = sum / n;
  const S = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
  if (S === 0) return z;
  for (const i of idx) {
    const r = Math.floor(i / g.cols);
    const c = i % g.cols;
    let W = 0;
    let local = 0;
    for (let dr = -1; dr <= 1; dr++)
      for (let dc = -1; dc <= 1; dc++) {
        const rr = r + dr;
        const cc = c + dc;
        if (rr < 0 || cc < 0 || rr >= g.rows || cc >= g.cols) continue;
        const j = rr * g.cols + cc;
        if (!g.inside[j]) continue;
        W += 1;
        local += g.counts[j]!;
      }
    const den = S * Math.sqrt((n * W - W * W) / (n - 1));
    z[i] = den === 0 ? Number.NaN : (local - mean * W) / den;
  }
  return z;
}

/**
 * Benjamini–Hochberg: which of the p-values (NaN: not tested) are discoveries at false discovery rate
 * q — the largest rank k with p_(k) ≤ k q / m, and every p-value at or below p_(k).
 */
export function benjaminiHochberg(p: readonly number[], q = FDR_Q): boolean[] {
  const tested = p.map((v, i) => ({ v, i })).filter((x) => Number.isFinite(x.v));
  const m = tested.length;
  tested.sort((a, b) => a.v - b.v);
  let cutoff = -1;
  tested.forEach((x, k) => {
    if (x.v <= ((k + 1) * q) / m) cutoff = x.v;
  });
  return p.map((v) => Number.isFinite(v) && cutoff >= 0 && v <= cutoff);
}

export type CellClass = 'hot' | 'cold' | 'none' | 'outside';

export interface HotspotResult {
  z: number[];
  p: number[];
  cls: CellClass[];
}

export function hotspots(g: Grid, q = FDR_Q): HotspotResult {
  const z = giStar(g);
  const p = z.map((v) => (Number.isFinite(v) ? pTwoSided(v) : Number.NaN));
  const sig = benjaminiHochberg(p, q);
  const cls = z.map((v, i): CellClass => {
    if (!g.inside[i]) return 'outside';
    if (!sig[i]) return 'none';
    return v > 0 ? 'hot' : 'cold';
  });
  return { z, p, cls };
}
