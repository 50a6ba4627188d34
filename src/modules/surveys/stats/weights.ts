/**
 * Survey weights (pure functions): post-stratification to population cells (area × gender × age
 * band), raking (iterative proportional fitting) to margins when only the margins are known, and
 * capping with the excess shared out so totals are kept.
 *
 * Weighting happens within each area, so every area's weights add up to its population:
 * - Post-stratification: a respondent in cell c gets N_c / n_c. Cells with population but no
 *   respondent cannot be represented; their population is shared out over the area's filled cells
 *   in proportion (reported as `emptyCells`), so the area total is kept.
 * - Raking: starts from N_area / n and alternately scales to the gender and the age-band margins
 *   until every margin is met (relative error below 1e-9) or 500 rounds. A margin category with no
 *   respondent is dropped and that dimension rescaled to the area total (reported).
 * - Respondents without gender or age band (they may decline) cannot be placed in a cell and are
 *   left out of the weighted estimates (reported as `excluded`); so are areas with no population table.
 */
export const ANY = '*';

export interface Respondent {
  id: string;
  area: string;
  gender: string | null;
  ageBand: string | null;
}
export interface PopulationRow {
  area: string;
  /** '*' for a margin over genders. */
  gender: string;
  /** '*' for a margin over age bands. */
  ageBand: string;
  population: number;
}
export interface WeightReport {
  weights: Map<string, number>;
  /** Per area: how it was weighted. */
  methods: Map<string, 'cells' | 'raking' | 'none'>;
  excluded: number;
  emptyCells: string[];
  /** Raking that did not meet its margins within the rounds allowed. */
  notConverged: string[];
}

const cellKey = (g: string, a: string) => `${g}|${a}`;

export function postStratify(
  respondents: readonly Respondent[],
  cells: readonly PopulationRow[],
  report = newReport(),
): WeightReport {
  const byArea = groupBy(respondents, (r) => r.area);
  for (const [area, people] of byArea) {
    const pop = cells.filter((c) => c.area === area && c.gender !== ANY && c.ageBand !== ANY);
    if (pop.length === 0) continue;
    const N = new Map(pop.map((c) => [cellKey(c.gender, c.ageBand), c.population]));
    const placed = people.filter((p) => p.gender && p.ageBand && N.has(cellKey(p.gender, p.ageBand)));
    report.excluded += people.length - placed.length;
    const n = countBy(placed, (p) => cellKey(p.gender!, p.ageBand!));
    const total = [...N.values()].reduce((a, b) => a + b, 0);
    const covered = [...n.keys()].reduce((a, k) => a + N.get(k)!, 0);
    for (const [k, v] of N) if (v > 0 && !n.has(k)) report.emptyCells.push(`${area}:${k}`);
    if (placed.length === 0 || covered === 0) {
      report.methods.set(area, 'none');
      continue;
    }
    const share = total / covered;
    for (const p of placed) {
      const k = cellKey(p.gender!, p.ageBand!);
      report.weights.set(p.id, (N.get(k)! / n.get(k)!) * share);
    }
    report.methods.set(area, 'cells');
  }
  return report;
}

export function rake(
  respondents: readonly Respondent[],
  margins: readonly PopulationRow[],
  report = newReport(),
  opts: { maxRounds?: number; tolerance?: number } = {},
): WeightReport {
  const maxRounds = opts.maxRounds ?? 500;
  const tol = opts.tolerance ?? 1e-9;
  for (const [area, people] of groupBy(respondents, (r) => r.area)) {
    const g = new Map(
      margins
        .filter((m) => m.area === area && m.ageBand === ANY && m.gender !== ANY)
        .map((m) => [m.gender, m.population]),
    );
    const a = new Map(
      margins
        .filter((m) => m.area === area && m.gender === ANY && m.ageBand !== ANY)
        .map((m) => [m.ageBand, m.population]),
    );
    if (g.size === 0 || a.size === 0) continue;
    const placed = people.filter((p) => p.gender && p.ageBand && g.has(p.gender) && a.has(p.ageBand));
    report.excluded += people.length - placed.length;
    if (placed.length === 0) {
      report.methods.set(area, 'none');
      continue;
    }
    const total = sumOf(g.values());
    const dims: Array<{ of: (p: Respondent) => string; target: Map<string, number> }> = [
      { of: (p) => p.gender!, target: fitTo(g, new Set(placed.map((p) => p.gender!)), total, area, report) },
      {
        of: (p) => p.ageBand!,
        target: fitTo(a, new Set(placed.map((p) => p.ageBand!)), total, area, report),
      },
    ];
    const w = placed.map(() => total / placed.length);
    let converged = false;
    for (let round = 0; round < maxRounds && !converged; round++) {
      for (const d of dims) {
        const sums = new Map<string, number>();
        placed.forEach((p, i) => sums.set(d.of(p), (sums.get(d.of(p)) ?? 0) + w[i]!));
        placed.forEach((p, i) => (w[i] = (w[i]! * d.target.get(d.of(p))!) / sums.get(d.of(p))!));
      }
      converged = dims.every((d) => {
        const sums = new Map<string, number>();
        placed.forEach((p, i) => sums.set(d.of(p), (sums.get(d.of(p)) ?? 0) + w[i]!));
        return [...d.target].every(([k, m]) => Math.abs((sums.get(k) ?? 0) - m) <= tol * Math.max(1, m));
      });
    }
    if (!converged) report.notConverged.push(area);
    placed.forEach((p, i) => report.weights.set(p.id, w[i]!));
    report.methods.set(area, 'raking');
  }
  return report;
}

/** Margins restricted to categories that have respondents, rescaled to the area total. */
function fitTo(
  m: Map<string, number>,
  present: Set<string>,
  total: number,
  area: string,
  report: WeightReport,
) {
  const kept = new Map([...m].filter(([k, v]) => present.has(k) && v > 0));
  for (const [k, v] of m) if (v > 0 && !present.has(k)) report.emptyCells.push(`${area}:${k}`);
  const s = sumOf(kept.values());
  return new Map([...kept].map(([k, v]) => [k, (v * total) / s]));
}

/**
 * Caps weights at `ratio` × the group's mean weight, sharing the excess over the uncapped weights in
 * proportion, repeated until none exceeds the cap; the group's total is kept.
 */
export function capWeights(weights: readonly number[], ratio = 5): { weights: number[]; capped: number } {
  const w = [...weights];
  const total = sumOf(w);
  if (w.length === 0 || total === 0) return { weights: w, capped: 0 };
  const cap = (ratio * total) / w.length;
  const isCapped = w.map(() => false);
  for (let round = 0; round < w.length; round++) {
    let excess = 0;
    w.forEach((x, i) => {
      if (x > cap) {
        excess += x - cap;
        w[i] = cap;
        isCapped[i] = true;
      }
    });
    if (excess <= 1e-12 * total) break;
    const free = w.reduce((a, x, i) => a + (isCapped[i] ? 0 : x), 0);
    if (free === 0) break;
    w.forEach((x, i) => {
      if (!isCapped[i]) w[i] = x + (excess * x) / free;
    });
  }
  return { weights: w, capped: isCapped.filter(Boolean).length };
}

/** Weights for every respondent: cells where an area has them, raking where it has only margins, then capped per area. */
export function weigh(
  respondents: readonly Respondent[],
  population: readonly PopulationRow[],
  capRatio = 5,
): WeightReport & { capped: number } {
  const report = newReport();
  const cellAreas = new Set(
    population.filter((p) => p.gender !== ANY && p.ageBand !== ANY).map((p) => p.area),
  );
  postStratify(
    respondents.filter((r) => cellAreas.has(r.area)),
    population,
    report,
  );
  rake(
    respondents.filter((r) => !cellAreas.has(r.area)),
    population,
    report,
  );
  let capped = 0;
  for (const [area, people] of groupBy(
    respondents.filter((r) => report.weights.has(r.id)),
    (r) => r.area,
  )) {
    const c = capWeights(
      people.map((p) => report.weights.get(p.id)!),
      capRatio,
    );
    capped += c.capped;
    people.forEach((p, i) => report.weights.set(p.id, c.weights[i]!));
    void area;
  }
  for (const r of respondents) if (!report.methods.has(r.area)) report.methods.set(r.area, 'none');
  return { ...report, capped };
}

function newReport(): WeightReport {
  return { weights: new Map(), methods: new Map(), excluded: 0, emptyCells: [], notConverged: [] };
}
function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}
function countBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return m;
}
function sumOf(xs: Iterable<number>): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
