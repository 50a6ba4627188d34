/**
 * The survey statistics against values computed by hand (worked out in the comments; checked again
 * with a few lines of Python, formula by formula), a fixture with a known answer, and fast-check
 * properties: raking reproduces the margins, weights add up to the population, capping keeps totals
 * and the cap, every interval contains its estimate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kish, meanEstimate, proportionEstimate, wilson } from './estimate.ts';
import { parsePopulationCsv, populationTemplate } from './population-csv.ts';
import { computeResults } from './results.ts';
import {
  ANY,
  capWeights,
  postStratify,
  rake,
  weigh,
  type PopulationRow,
  type Respondent,
} from './weights.ts';

const R = (id: string, gender: string | null, ageBand: string | null, area = 'A'): Respondent => ({
  id,
  area,
  gender,
  ageBand,
});
const cell = (gender: string, ageBand: string, population: number, area = 'A'): PopulationRow => ({
  area,
  gender,
  ageBand,
  population,
});

describe('estimates computed by hand', () => {
  it('unweighted mean of 2, 4, 6', () => {
    // ȳ = 4; s² = ((2−4)² + 0 + (6−4)²)/2 = 4; se = √(4/3) = 1.1547; 1.96·se = 2.2632 → [1.7368, 6.2632]
    const e = meanEstimate([2, 4, 6])!;
    expect(e.estimate).toBe(4);
    expect(e.low).toBeCloseTo(1.7368, 4);
    expect(e.high).toBeCloseTo(6.2632, 4);
    expect([e.n, e.nEff, e.deff]).toEqual([3, 3, 1]);
  });

  it('weighted mean of 0 (weight 1) and 10 (weight 3)', () => {
    // ȳ = (0·1 + 10·3)/4 = 7.5
    // var = n/(n−1) · Σw²(y−ȳ)² / (Σw)² = 2 · (1·56.25 + 9·6.25) / 16 = 2 · 112.5 / 16 = 14.0625; se = 3.75
    // 95 %: 7.5 ± 1.96·3.75 = 7.5 ± 7.3499 → [0.1501, 14.8499]
    // Kish: n_eff = (Σw)²/Σw² = 16/10 = 1.6; deff = 2/1.6 = 1.25
    const e = meanEstimate([0, 10], [1, 3])!;
    expect(e.estimate).toBe(7.5);
    expect(e.low).toBeCloseTo(0.1501, 4);
    expect(e.high).toBeCloseTo(14.8499, 4);
    expect(e.nEff).toBeCloseTo(1.6, 10);
    expect(e.deff).toBeCloseTo(1.25, 10);
  });

  it('Wilson interval of 3 favourable answers out of 5', () => {
    // p = 0.6, n = 5, z² = 3.8415; denom = 1 + z²/n = 1.7683
    // centre = (0.6 + z²/(2n)) / denom = (0.6 + 0.38415)/1.7683 = 0.55655
    // half = z·√(p(1−p)/n + z²/(4n²)) / denom = 1.96·√(0.048 + 0.038415)/1.7683 = 0.32583 → [0.2307, 0.8824]
    const e = proportionEstimate([1, 1, 1, 0, 0])!;
    expect(e.estimate).toBeCloseTo(0.6, 12);
    expect(e.low).toBeCloseTo(0.2307, 4);
    expect(e.high).toBeCloseTo(0.8824, 4);
  });
});

describe('post-stratification: a fixture with a known answer', () => {
  // Area A has 600 women and 400 men (one age band). Among women everyone is favourable; among men
  // one in three. So the true share is 0.6·1 + 0.4·(1/3) = 0.7333…
  // The sample over-represents men: 2 women (both favourable), 3 men (one favourable): unweighted 3/5 = 0.6.
  // Post-stratification: women weigh 600/2 = 300, men 400/3 = 133.33 → (300+300+133.33)/1000 = 0.7333 — the truth.
  // Kish: Σw = 1000, Σw² = 2·300² + 3·133.33² = 233 333.3 → n_eff = 10⁶/233 333.3 = 4.2857
  // Wilson on p = 0.7333, n = 4.2857: denom = 1 + 3.8415/4.2857 = 1.8964; centre = (0.7333 + 0.4482)/1.8964 = 0.6230
  // half = 1.96·√(0.19556/4.2857 + 3.8415/(4·18.367))/1.8964 = 1.96·√(0.04563 + 0.05229)/1.8964 = 0.3234
  // → [0.2996, 0.9465]
  const people = [
    R('w1', 'female', '18-29'),
    R('w2', 'female', '18-29'),
    R('m1', 'male', '18-29'),
    R('m2', 'male', '18-29'),
    R('m3', 'male', '18-29'),
  ];
  const hits: Record<string, 0 | 1> = { w1: 1, w2: 1, m1: 1, m2: 0, m3: 0 };
  const pop = [cell('female', '18-29', 600), cell('male', '18-29', 400)];

  it('recovers the true share, with the interval computed by hand', () => {
    const r = postStratify(people, pop);
    expect(r.weights.get('w1')).toBeCloseTo(300, 10);
    expect(r.weights.get('m1')).toBeCloseTo(400 / 3, 10);
    const w = people.map((p) => r.weights.get(p.id)!);
    const e = proportionEstimate(
      people.map((p) => hits[p.id]!),
      w,
    )!;
    expect(e.estimate).toBeCloseTo(0.7333333, 6);
    expect(e.nEff).toBeCloseTo(4.285714, 5);
    expect(e.low).toBeCloseTo(0.2996, 4);
    expect(e.high).toBeCloseTo(0.9465, 4);
    expect(proportionEstimate(people.map((p) => hits[p.id]!))!.estimate).toBeCloseTo(0.6, 12);
  });

  it('shares an empty cell’s population over the filled ones and leaves out undeclared respondents', () => {
    // Old women (200) have no respondent: the 1000 filled-cell population is scaled by 1200/1000.
    const r = postStratify([...people, R('x', null, '18-29')], [...pop, cell('female', '60+', 200)]);
    expect(r.weights.get('w1')).toBeCloseTo(360, 10);
    expect(r.excluded).toBe(1);
    expect(r.emptyCells).toEqual(['A:female|60+']);
    expect([...r.weights.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1200, 8);
  });
});

describe('raking: a fixture solved by hand', () => {
  // Margins: women 60, men 40; young 50, old 50. Respondents: woman young, woman old ×2, man young.
  // The only man is young, so he carries all 40 men; young: w(woman young) = 50 − 40 = 10;
  // old: 2·w(woman old) = 50 → 25 each; check women: 10 + 25 + 25 = 60. Weights [10, 25, 25, 40].
  it('converges to the exact solution', () => {
    const people = [
      R('a', 'female', '18-29'),
      R('b', 'female', '60+'),
      R('c', 'female', '60+'),
      R('d', 'male', '18-29'),
    ];
    const margins = [
      cell('female', ANY, 60),
      cell('male', ANY, 40),
      cell(ANY, '18-29', 50),
      cell(ANY, '60+', 50),
    ];
    const r = rake(people, margins);
    expect(['a', 'b', 'c', 'd'].map((id) => r.weights.get(id)!)).toEqual([
      expect.closeTo(10, 6),
      expect.closeTo(25, 6),
      expect.closeTo(25, 6),
      expect.closeTo(40, 6),
    ]);
    expect(r.methods.get('A')).toBe('raking');
    expect(r.notConverged).toEqual([]);
  });
});

describe('capping and Kish', () => {
  it('caps at 5 × the mean and shares the excess', () => {
    // weights [1,1,1,1,96]: total 100, mean 20, cap 100 — nothing capped at ratio 5.
    expect(capWeights([1, 1, 1, 1, 96]).capped).toBe(0);
    // ratio 2 → cap 40: 96 → 40, excess 56 shared over four 1s → 15 each; total kept at 100.
    const c = capWeights([1, 1, 1, 1, 96], 2);
    expect(c.weights).toEqual([15, 15, 15, 15, 40]);
    expect(c.capped).toBe(1);
  });
  it('kish of equal weights is n, deff 1', () => {
    expect(kish([2, 2, 2, 2])).toEqual({ deff: 1, nEff: 4 });
  });
});

describe('properties', () => {
  const genders = ['female', 'male'];
  const bands = ['18-29', '30-44', '45-59', '60+'];
  const respondent = fc.record({
    gender: fc.constantFrom(...genders),
    ageBand: fc.constantFrom(...bands),
  });
  const sample = fc
    .array(respondent, { minLength: 1, maxLength: 60 })
    .map((xs) => xs.map((x, i) => R(`r${i}`, x.gender, x.ageBand)));

  it('raking reproduces every margin of the categories present, and weights add up to the population', () => {
    let checked = 0;
    // Samples of 24 or more usually hold every gender × age band, so most runs check every margin.
    const big = fc
      .array(respondent, { minLength: 24, maxLength: 80 })
      .map((xs) => xs.map((x, i) => R(`r${i}`, x.gender, x.ageBand)));
    fc.assert(
      fc.property(
        big,
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 6, maxLength: 6 }),
        (people, m) => {
          const gTotal = m[0]! + m[1]!;
          const aRaw = m.slice(2);
          const aSum = aRaw.reduce((a, b) => a + b, 0);
          const margins = [
            cell('female', ANY, m[0]!),
            cell('male', ANY, m[1]!),
            ...bands.map((b, i) => cell(ANY, b, (aRaw[i]! * gTotal) / aSum)),
          ];
          const r = rake(people, margins, undefined, { maxRounds: 5000, tolerance: 1e-7 });
          const total = people.reduce((a, p) => a + r.weights.get(p.id)!, 0);
          expect(total).toBeCloseTo(gTotal, 4);
          // Margins with respondents are met when raking converged (with one category per dimension it
          // trivially does; IPF converges whenever the margins are reachable, as here with any mix).
          if (r.notConverged.length === 0 && r.emptyCells.length === 0) {
            checked++;
            const targets: Array<[(p: Respondent) => boolean, number]> = [
              [(p) => p.gender === 'female', m[0]!],
              [(p) => p.gender === 'male', m[1]!],
              ...bands.map((b, i): [(p: Respondent) => boolean, number] => [
                (p) => p.ageBand === b,
                (aRaw[i]! * gTotal) / aSum,
              ]),
            ];
            for (const [is, target] of targets) {
              const s = people.filter(is).reduce((a, p) => a + r.weights.get(p.id)!, 0);
              expect(Math.abs(s - target)).toBeLessThan(1e-4 * gTotal);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(checked).toBeGreaterThan(20);
  });

  it('post-stratified weights add up to the population and reproduce every filled cell', () => {
    fc.assert(
      fc.property(
        sample,
        fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 8, maxLength: 8 }),
        (people, counts) => {
          const pop = genders.flatMap((g, i) => bands.map((b, j) => cell(g, b, counts[i * 4 + j]!)));
          const r = postStratify(people, pop);
          const total = counts.reduce((a, b) => a + b, 0);
          expect(people.reduce((a, p) => a + r.weights.get(p.id)!, 0)).toBeCloseTo(total, 6);
          if (r.emptyCells.length === 0)
            for (const c of pop) {
              const s = people
                .filter((p) => p.gender === c.gender && p.ageBand === c.ageBand)
                .reduce((a, p) => a + r.weights.get(p.id)!, 0);
              expect(s).toBeCloseTo(c.population, 6);
            }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('capping keeps the total and the cap', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 80 }),
        fc.double({ min: 1.5, max: 10, noNaN: true }),
        (w, ratio) => {
          const total = w.reduce((a, b) => a + b, 0);
          const c = capWeights(w, ratio);
          expect(c.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(
            total,
            6 - Math.ceil(Math.log10(total + 1)),
          );
          const cap = (ratio * total) / w.length;
          for (const x of c.weights) expect(x).toBeLessThanOrEqual(cap * (1 + 1e-9));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('every interval contains its estimate and proportions stay in [0, 1]', () => {
    const weighted = fc.array(
      fc.tuple(fc.constantFrom<0 | 1>(0, 1), fc.double({ min: 0.01, max: 1000, noNaN: true })),
      { minLength: 1, maxLength: 100 },
    );
    fc.assert(
      fc.property(weighted, (xs) => {
        const e = proportionEstimate(
          xs.map((x) => x[0]),
          xs.map((x) => x[1]),
        )!;
        expect(e.low).toBeLessThanOrEqual(e.estimate);
        expect(e.estimate).toBeLessThanOrEqual(e.high);
        expect(e.low).toBeGreaterThanOrEqual(0);
        expect(e.high).toBeLessThanOrEqual(1);
        const m = meanEstimate(
          xs.map((x, i) => x[0] * 10 - (i % 3)),
          xs.map((x) => x[1]),
        )!;
        expect(m.low).toBeLessThanOrEqual(m.estimate + 1e-9);
        expect(m.estimate).toBeLessThanOrEqual(m.high + 1e-9);
      }),
      { numRuns: 300 },
    );
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it('weigh() uses cells where an area has them and raking where it has margins', () => {
    const people = [
      R('a', 'female', '18-29', 'A'),
      R('b', 'male', '60+', 'A'),
      R('c', 'female', '18-29', 'B'),
      R('d', 'male', '60+', 'B'),
    ];
    const pop = [
      cell('female', '18-29', 100, 'A'),
      cell('male', '60+', 300, 'A'),
      cell('female', ANY, 50, 'B'),
      cell('male', ANY, 50, 'B'),
      cell(ANY, '18-29', 50, 'B'),
      cell(ANY, '60+', 50, 'B'),
    ];
    const r = weigh([...people, R('e', 'female', '18-29', 'C')], pop);
    expect([...r.methods]).toEqual([
      ['A', 'cells'],
      ['B', 'raking'],
      ['C', 'none'],
    ]);
    expect(r.weights.get('a')).toBeCloseTo(100, 8);
    expect(r.weights.get('c')).toBeCloseTo(50, 6);
    expect(r.weights.has('e')).toBe(false);
  });
});

describe('population CSV', () => {
  it('reads the template once filled in', () => {
    const filled = populationTemplate(['KG-O.kara-suu']).replace(/,\r\n/g, ',1200\r\n');
    const r = parsePopulationCsv(filled);
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(8);
    expect(r.rows[0]).toEqual({
      area: 'KG-O.kara-suu',
      gender: 'female',
      ageBand: '18-29',
      population: 1200,
    });
  });

  it('names every problem with its line and field', () => {
    const csv = [
      'area_code,gender,age_band,population',
      'KG-O.kara-suu,female,18-29,1 200',
      'KG-O.kara-suu,woman,18-29,10',
      'KG-O.kara-suu,male,17-20,10',
      'KG-O.kara-suu,male,30-44,many',
      'KG-O.kara-suu,female,18-29,5',
      'not a code,male,30-44,5',
      'KG-O.kara-suu,*,*,5',
      'KG-O.kara-suu,*,30-44,5',
      'KG-O.kara-suu,male',
    ].join('\n');
    const r = parsePopulationCsv(csv);
    expect(r.rows).toEqual([]);
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'gender'],
      [4, 'age_band'],
      [5, 'population'],
      [6, 'row'],
      [7, 'area_code'],
      [8, 'row'],
      [9, 'row'],
      [10, 'row'],
    ]);
    expect(r.errors[3]!.message).toContain('line 2');
    expect(parsePopulationCsv('area,sex\nx,y').errors[0]).toMatchObject({ line: 1 });
  });

  it('checks margins add up alike and never throws on any text', () => {
    const bad = parsePopulationCsv(
      'area_code,gender,age_band,population\nKG-N,female,*,10\nKG-N,male,*,10\nKG-N,*,18-29,50\n',
    );
    expect(bad.errors[0]!.message).toContain('add up to 20 but age-band margins to 50');
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const r = parsePopulationCsv(`area_code,gender,age_band,population\n${s}`);
        expect(r.rows.length === 0 || r.errors.length === 0).toBe(true);
      }),
    );
  });
});

describe('results leave the service suppressed', () => {
  it('no visible base is below the minimum, and no line leaves one hidden base to subtract', () => {
    const areas = ['A', 'B', 'C'];
    const person = fc.record({
      area: fc.constantFrom(...areas),
      wave: fc.constantFrom('w1', 'w2'),
      answered: fc.boolean(),
      value: fc.integer({ min: 0, max: 10 }),
    });
    fc.assert(
      fc.property(fc.array(person, { maxLength: 80 }), fc.integer({ min: 2, max: 12 }), (people, minimum) => {
        const respondents = people.map((p, i) => ({
          id: `r${i}`,
          waveId: p.wave,
          area: p.area,
          gender: 'female',
          ageBand: '18-29',
        }));
        const answers = people.flatMap((p, i) =>
          p.answered
            ? [{ responseId: `r${i}`, questionKey: 'q1', numberValue: p.value, choiceValues: null }]
            : [],
        );
        const out = computeResults({
          questions: [{ key: 'q1', construct: 'trust', measure: 'mean' }],
          waves: [
            { id: 'w1', number: 1, versionNumber: 1 },
            { id: 'w2', number: 2, versionNumber: 1 },
          ],
          areas,
          respondents,
          answers,
          population: [],
          minimum,
        });
        for (const wave of [1, 2]) {
          const line = out.rows.filter((r) => r.wave === wave);
          for (const r of line) {
            if (r.n !== null) expect(r.n === 0 || r.n >= minimum).toBe(true);
            if (r.n === null) expect([r.unweighted, r.weighted]).toEqual([null, null]);
          }
          const total = line.find((r) => r.area === null)!;
          const hidden = line.filter((r) => r.area !== null && r.n === null);
          if (total.n !== null) {
            expect(hidden.length).not.toBe(1);
            const trueHidden = hidden.reduce(
              (a, r) =>
                a +
                answers.filter(
                  (x) =>
                    respondents.find((p) => p.id === x.responseId)!.area === r.area &&
                    respondents.find((p) => p.id === x.responseId)!.waveId === `w${wave}`,
                ).length,
              0,
            );
            if (hidden.length) expect(trueHidden).toBeGreaterThanOrEqual(minimum);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
