/**
 * Estimates with 95 % confidence intervals from weighted answers (pure functions). With all weights
 * equal to 1 they are the ordinary unweighted estimates.
 *
 * - Mean: the weighted (Hájek) mean Σwy/Σw, its variance by linearisation treating the weights as
 *   fixed and the sample as drawn with replacement: n/(n−1) · Σ w²(y−ȳ)² / (Σw)². Interval ȳ ± 1.96·se.
 * - Proportion: the weighted share, with a Wilson score interval on Kish's effective sample size
 *   (n_eff = (Σw)²/Σw²): unlike the Wald interval it stays inside [0, 1] and behaves for small n or
 *   shares near 0 or 1.
 */
export const Z95 = 1.959963984540054;

export interface Estimate {
  estimate: number;
  low: number;
  high: number;
  /** Answers behind it. */
  n: number;
  /** Kish's effective sample size. */
  nEff: number;
  /** Design effect of the weights: n / n_eff (1 when unweighted). */
  deff: number;
}

/** Kish: deff = n·Σw²/(Σw)², n_eff = (Σw)²/Σw². */
export function kish(weights: readonly number[]): { deff: number; nEff: number } {
  const n = weights.length;
  let s = 0;
  let s2 = 0;
  for (const w of weights) {
    s += w;
    s2 += w * w;
  }
  if (n === 0 || s2 === 0) return { deff: 1, nEff: 0 };
  const nEff = (s * s) / s2;
  return { deff: n / nEff, nEff };
}

function check(values: readonly number[], weights: readonly number[]) {
  if (values.length !== weights.length) throw new Error('values and weights differ in length');
  if (weights.some((w) => !(w >= 0) || !Number.isFinite(w)))
    throw new Error('weights must be finite and ≥ 0');
}

export function meanEstimate(values: readonly number[], weights?: readonly number[]): Estimate | null {
  const w = weights ?? values.map(() => 1);
  check(values, w);
  const n = values.length;
  const sw = w.reduce((a, b) => a + b, 0);
  if (n === 0 || sw === 0) return null;
  const mean = values.reduce((a, y, i) => a + w[i]! * y, 0) / sw;
  const { deff, nEff } = kish(w);
  if (n === 1) return { estimate: mean, low: mean, high: mean, n, nEff, deff };
  const ss = values.reduce((a, y, i) => a + w[i]! * w[i]! * (y - mean) * (y - mean), 0);
  const se = Math.sqrt(((n / (n - 1)) * ss) / (sw * sw));
  return { estimate: mean, low: mean - Z95 * se, high: mean + Z95 * se, n, nEff, deff };
}

/** Wilson score interval for a share p from an (effective) sample of size n. */
export function wilson(p: number, n: number, z = Z95): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** `hits[i]` is whether answer i is favourable (1) or not (0). */
export function proportionEstimate(hits: readonly (0 | 1)[], weights?: readonly number[]): Estimate | null {
  const w = weights ?? hits.map(() => 1);
  check(hits, w);
  const n = hits.length;
  const sw = w.reduce((a, b) => a + b, 0);
  if (n === 0 || sw === 0) return null;
  const p = hits.reduce((a: number, h, i) => a + h * w[i]!, 0) / sw;
  const { deff, nEff } = kish(w);
  const { low, high } = wilson(p, nEff);
  // Rounding can put p a hair outside when the interval collapses at 0 or 1.
  return { estimate: p, low: Math.min(low, p), high: Math.max(high, p), n, nEff, deff };
}
