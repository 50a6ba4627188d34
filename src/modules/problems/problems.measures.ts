/**
 * The arithmetic of problem solving, kept pure so it is tested on constructed data with known answers:
 * weekly counts (baseline and after-measures), action and problem progress, and the before/after
 * comparison with a comparison (control) area and a buffer area — Bowers & Johnson's weighted
 * displacement quotient (WDQ).
 */

const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Milliseconds of a YYYY-MM-DD day's start (UTC), or NaN when it is not a real date. */
export function dayStart(date: string): number {
  if (!DATE_RE.test(date)) return NaN;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date ? NaN : ms;
}

/** How many weeks a period (inclusive days) covers; the last week may be shorter. */
export function weekCount(from: string, to: string): number {
  const days = Math.round((dayStart(to) - dayStart(from)) / DAY_MS) + 1;
  return Math.max(1, Math.ceil(days / 7));
}

/**
 * Counts of timestamps per week from `from` (inclusive) to `to` (inclusive, whole day). Week i covers
 * days [from + 7i, from + 7i + 7). Timestamps outside the period are ignored.
 */
export function weeklyCounts(timestamps: readonly string[], from: string, to: string): number[] {
  const start = dayStart(from);
  const end = dayStart(to) + DAY_MS;
  const weeks = new Array<number>(weekCount(from, to)).fill(0);
  for (const ts of timestamps) {
    const ms = Date.parse(ts);
    if (Number.isNaN(ms) || ms < start || ms >= end) continue;
    weeks[Math.floor((ms - start) / (7 * DAY_MS))]! += 1;
  }
  return weeks;
}

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

export interface ActionForProgress {
  status: 'planned' | 'in_progress' | 'done' | 'cancelled';
  progress: number;
}

/** An action's effective progress: done is 100 %, planned work counts what was recorded, 0–100. */
export function actionProgress(a: ActionForProgress): number {
  if (a.status === 'done') return 100;
  return Math.min(100, Math.max(0, Math.round(a.progress)));
}

/**
 * A problem's progress: the mean of its actions' progress, cancelled actions left out (they are no
 * longer part of the response). Null when there is nothing to measure.
 */
export function problemProgress(actions: readonly ActionForProgress[]): number | null {
  const live = actions.filter((a) => a.status !== 'cancelled');
  if (live.length === 0) return null;
  return Math.round(sum(live.map(actionProgress)) / live.length);
}

/** Counts before (t0) and after (t1) in the target area A, the buffer B and the comparison area C. */
export interface BeforeAfter {
  a0: number;
  a1: number;
  b0: number | null;
  b1: number | null;
  c0: number | null;
  c1: number | null;
}

export type Verdict =
  | 'no_comparison'
  | 'no_success'
  | 'no_buffer'
  | 'diffusion_greater_than_direct'
  | 'diffusion'
  | 'no_change_in_buffer'
  | 'displacement_less_than_direct'
  | 'displacement_greater_than_direct';

export interface Comparison {
  /** Percent change in the target area (null when it had nothing before). */
  targetChangePct: number | null;
  /** Percent change in the comparison area. */
  comparisonChangePct: number | null;
  /** Success measure A1/C1 − A0/C0: negative means the target improved relative to the comparison. */
  successMeasure: number | null;
  /** Buffer measure B1/C1 − B0/C0: positive suggests displacement, negative diffusion of benefits. */
  bufferMeasure: number | null;
  /** Weighted displacement quotient = buffer measure / success measure (only when there was success). */
  wdq: number | null;
  /**
   * Total net effect in reports: what A and B would have had if they had followed C's trend, minus
   * what they had (positive = fewer than expected).
   */
  netEffect: number | null;
  verdict: Verdict;
}

const round = (x: number, digits = 4): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const pct = (before: number, after: number): number | null =>
  before === 0 ? null : round(((after - before) / before) * 100, 2);

/**
 * The before/after comparison of Bowers & Johnson (2003), "Measuring the geographical displacement and
 * diffusion of benefit effects of crime prevention activity", J. Quantitative Criminology 19(3).
 * Counts are taken relative to a comparison area C (the background trend): the success measure is
 * A1/C1 − A0/C0 and the buffer displacement measure B1/C1 − B0/C0. When the target improved (success
 * measure < 0), WDQ = buffer measure / success measure reads:
 *   WDQ > 1       diffusion of benefits larger than the direct effect;
 *   0 < WDQ ≤ 1   diffusion of benefits into the buffer;
 *   WDQ = 0       no change in the buffer;
 *   −1 ≤ WDQ < 0  some displacement, smaller than the direct effect (net gain);
 *   WDQ < −1      displacement larger than the direct effect (net loss).
 * Ratios need C0, C1 > 0; without a comparison area (or with zero counts there) nothing is claimed.
 */
export function compareBeforeAfter(x: BeforeAfter): Comparison {
  const out: Comparison = {
    targetChangePct: pct(x.a0, x.a1),
    comparisonChangePct: x.c0 === null || x.c1 === null ? null : pct(x.c0, x.c1),
    successMeasure: null,
    bufferMeasure: null,
    wdq: null,
    netEffect: null,
    verdict: 'no_comparison',
  };
  if (x.c0 === null || x.c1 === null || x.c0 <= 0 || x.c1 <= 0) return out;
  const trend = x.c1 / x.c0;
  const sm = x.a1 / x.c1 - x.a0 / x.c0;
  out.successMeasure = round(sm);
  let net = x.a0 * trend - x.a1;
  const hasBuffer = x.b0 !== null && x.b1 !== null;
  let dm = 0;
  if (hasBuffer) {
    dm = x.b1! / x.c1 - x.b0! / x.c0;
    out.bufferMeasure = round(dm);
    net += x.b0! * trend - x.b1!;
  }
  out.netEffect = round(net, 2);
  // Floating noise must not turn "no change" into a tiny success.
  if (!(sm < -1e-12)) {
    out.verdict = 'no_success';
    return out;
  }
  if (!hasBuffer) {
    out.verdict = 'no_buffer';
    return out;
  }
  const wdq = Math.abs(dm) < 1e-12 ? 0 : dm / sm;
  out.wdq = round(wdq);
  if (wdq === 0) out.verdict = 'no_change_in_buffer';
  else if (wdq > 1) out.verdict = 'diffusion_greater_than_direct';
  else if (wdq > 0) out.verdict = 'diffusion';
  else if (wdq >= -1) out.verdict = 'displacement_less_than_direct';
  else out.verdict = 'displacement_greater_than_direct';
  return out;
}

// --- candidate problems from report clusters ------------------------------------------------------

export interface ClusterPoint {
  id: string;
  categoryCode: string;
  areaCode: string;
  lat: number | null;
  lon: number | null;
  /** ISO instant: when it happened if known, else when it was reported. */
  at: string;
}

export interface ClusterRule {
  /** Two reports with coordinates are "close in space" within this many kilometres. */
  radiusKm: number;
  /** … and "close in time" within this many days of each other. */
  windowDays: number;
  /** A cluster needs at least this many reports. */
  minReports: number;
}

export const DEFAULT_CLUSTER_RULE: ClusterRule = { radiusKm: 1, windowDays: 14, minReports: 3 };

/** Great-circle distance in kilometres (haversine, mean Earth radius 6371 km). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Whether two reports are neighbours under the rule: same category; close in time (within
 * `windowDays`); close in space — within `radiusKm` when both have coordinates, otherwise in the same
 * area (the finest area each was filed under).
 */
export function neighbours(p: ClusterPoint, q: ClusterPoint, rule: ClusterRule): boolean {
  if (p.categoryCode !== q.categoryCode) return false;
  const dt = Math.abs(Date.parse(p.at) - Date.parse(q.at));
  if (!(dt <= rule.windowDays * DAY_MS)) return false;
  if (p.lat !== null && p.lon !== null && q.lat !== null && q.lon !== null)
    return distanceKm(p.lat, p.lon, q.lat, q.lon) <= rule.radiusKm;
  return p.areaCode === q.areaCode;
}

/**
 * Groups reports into clusters by single linkage: reports are joined when they are neighbours, and a
 * chain of neighbours forms one cluster (connected components). Clusters with fewer than
 * `minReports` reports are noise and dropped. Largest clusters first; each cluster's ids in time order.
 */
export function findClusters(points: readonly ClusterPoint[], rule: ClusterRule): string[][] {
  const parent = points.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  // Sorted by category then time, so only a window of candidates is compared for each report.
  const order = points
    .map((p, i) => ({ i, cat: p.categoryCode, t: Date.parse(p.at) }))
    .filter((x) => !Number.isNaN(x.t))
    .sort((a, b) => (a.cat < b.cat ? -1 : a.cat > b.cat ? 1 : a.t - b.t));
  const window = rule.windowDays * DAY_MS;
  for (let x = 0; x < order.length; x++) {
    for (let y = x + 1; y < order.length; y++) {
      const a = order[x]!;
      const b = order[y]!;
      if (b.cat !== a.cat || b.t - a.t > window) break;
      if (neighbours(points[a.i]!, points[b.i]!, rule)) parent[find(a.i)] = find(b.i);
    }
  }
  const groups = new Map<number, number[]>();
  for (const { i } of order) {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  }
  return [...groups.values()]
    .filter((g) => g.length >= rule.minReports)
    .map((g) =>
      g.sort((a, b) => Date.parse(points[a]!.at) - Date.parse(points[b]!.at)).map((i) => points[i]!.id),
    )
    .sort((a, b) => b.length - a.length);
}
