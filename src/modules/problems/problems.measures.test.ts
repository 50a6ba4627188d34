/**
 * The arithmetic on constructed data with known answers: weekly counts, progress, the Bowers & Johnson
 * weighted displacement quotient, and the cluster rule (planted clusters found, noise ignored).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  actionProgress,
  compareBeforeAfter,
  distanceKm,
  findClusters,
  problemProgress,
  sum,
  weekCount,
  weeklyCounts,
  type ClusterPoint,
} from './problems.measures.ts';

describe('weekly counts', () => {
  it('bins instants into weeks from the first day, the last day included', () => {
    const ts = [
      '2026-01-01T00:00:00.000Z', // week 0
      '2026-01-07T23:59:59.999Z', // week 0
      '2026-01-08T00:00:00.000Z', // week 1
      '2026-01-14T12:00:00.000Z', // week 1
      '2026-01-15T08:00:00.000Z', // week 2 (a one-day last week)
      '2025-12-31T23:59:59.999Z', // before
      '2026-01-16T00:00:00.000Z', // after
    ];
    expect(weekCount('2026-01-01', '2026-01-15')).toBe(3);
    expect(weeklyCounts(ts, '2026-01-01', '2026-01-15')).toEqual([2, 2, 1]);
  });

  it('always counts every instant inside the period exactly once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 200 * 86_400_000 - 1 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 200 }),
        (offsets, days) => {
          const start = Date.parse('2026-03-01T00:00:00Z');
          const to = new Date(start + (days - 1) * 86_400_000).toISOString().slice(0, 10);
          const ts = offsets.map((o) => new Date(start + o).toISOString());
          const weeks = weeklyCounts(ts, '2026-03-01', to);
          const inside = offsets.filter((o) => o < days * 86_400_000).length;
          expect(sum(weeks)).toBe(inside);
          expect(weeks.length).toBe(Math.ceil(days / 7));
        },
      ),
    );
  });
});

describe('progress', () => {
  it('done counts 100, cancelled actions are left out, none → null', () => {
    expect(actionProgress({ status: 'done', progress: 10 })).toBe(100);
    expect(actionProgress({ status: 'in_progress', progress: 140 })).toBe(100);
    expect(
      problemProgress([
        { status: 'done', progress: 0 },
        { status: 'in_progress', progress: 50 },
        { status: 'planned', progress: 0 },
        { status: 'cancelled', progress: 90 },
      ]),
    ).toBe(50);
    expect(problemProgress([{ status: 'cancelled', progress: 10 }])).toBeNull();
    expect(problemProgress([])).toBeNull();
  });

  it('stays within 0–100', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            status: fc.constantFrom('planned', 'in_progress', 'done', 'cancelled' as const),
            progress: fc.integer({ min: -50, max: 200 }),
          }),
        ),
        (actions) => {
          const p = problemProgress(actions);
          if (p !== null) expect(p >= 0 && p <= 100).toBe(true);
        },
      ),
    );
  });
});

describe('weighted displacement quotient (Bowers & Johnson 2003)', () => {
  it('diffusion of benefits: target and buffer both fall against a flat comparison', () => {
    // A: 100 → 50; B: 40 → 30; C: 200 → 200.
    // SM = 50/200 − 100/200 = −0.25; DM = 30/200 − 40/200 = −0.05; WDQ = −0.05 / −0.25 = 0.2.
    // Net effect = (100·1 − 50) + (40·1 − 30) = 60 fewer reports than the background trend predicts.
    const c = compareBeforeAfter({ a0: 100, a1: 50, b0: 40, b1: 30, c0: 200, c1: 200 });
    expect(c.successMeasure).toBe(-0.25);
    expect(c.bufferMeasure).toBe(-0.05);
    expect(c.wdq).toBe(0.2);
    expect(c.netEffect).toBe(60);
    expect(c.verdict).toBe('diffusion');
    expect(c.targetChangePct).toBe(-50);
    expect(c.comparisonChangePct).toBe(0);
  });

  it('displacement smaller than the direct effect', () => {
    // C doubles (100 → 200), so A and B are read against twice the background.
    // SM = 60/200 − 50/100 = −0.2; DM = 70/200 − 30/100 = 0.05; WDQ = −0.25; net = (100−60) + (60−70) = 30.
    const c = compareBeforeAfter({ a0: 50, a1: 60, b0: 30, b1: 70, c0: 100, c1: 200 });
    expect(c.successMeasure).toBe(-0.2);
    expect(c.bufferMeasure).toBe(0.05);
    expect(c.wdq).toBe(-0.25);
    expect(c.netEffect).toBe(30);
    expect(c.verdict).toBe('displacement_less_than_direct');
  });

  it('displacement larger than the direct effect: a net loss', () => {
    // SM = 80/100 − 100/100 = −0.2; DM = 80/100 − 50/100 = 0.3; WDQ = −1.5; net = 20 − 30 = −10.
    const c = compareBeforeAfter({ a0: 100, a1: 80, b0: 50, b1: 80, c0: 100, c1: 100 });
    expect(c.wdq).toBe(-1.5);
    expect(c.netEffect).toBe(-10);
    expect(c.verdict).toBe('displacement_greater_than_direct');
  });

  it('diffusion larger than the direct effect, and no change in the buffer', () => {
    expect(compareBeforeAfter({ a0: 100, a1: 90, b0: 100, b1: 70, c0: 100, c1: 100 }).verdict).toBe(
      'diffusion_greater_than_direct',
    );
    const flat = compareBeforeAfter({ a0: 100, a1: 90, b0: 40, b1: 40, c0: 100, c1: 100 });
    expect(flat.wdq).toBe(0);
    expect(flat.verdict).toBe('no_change_in_buffer');
  });

  it('claims nothing without success, without a buffer or without a usable comparison area', () => {
    expect(compareBeforeAfter({ a0: 10, a1: 12, b0: 5, b1: 5, c0: 10, c1: 10 }).verdict).toBe('no_success');
    const noBuffer = compareBeforeAfter({ a0: 10, a1: 5, b0: null, b1: null, c0: 10, c1: 10 });
    expect(noBuffer.verdict).toBe('no_buffer');
    expect(noBuffer.wdq).toBeNull();
    expect(noBuffer.netEffect).toBe(5);
    const noC = compareBeforeAfter({ a0: 10, a1: 5, b0: 3, b1: 3, c0: null, c1: null });
    expect(noC.verdict).toBe('no_comparison');
    expect(noC.targetChangePct).toBe(-50);
    expect(compareBeforeAfter({ a0: 10, a1: 5, b0: 3, b1: 3, c0: 0, c1: 4 }).verdict).toBe('no_comparison');
    expect(compareBeforeAfter({ a0: 0, a1: 5, b0: 3, b1: 3, c0: 4, c1: 4 }).targetChangePct).toBeNull();
  });

  it('is scale-free in the comparison area and never throws', () => {
    fc.assert(
      fc.property(
        fc.nat(1000),
        fc.nat(1000),
        fc.nat(1000),
        fc.nat(1000),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        (a0, a1, b0, b1, c0, c1) => {
          const c = compareBeforeAfter({ a0, a1, b0, b1, c0, c1 });
          const k = compareBeforeAfter({ a0, a1, b0, b1, c0: c0 * 3, c1: c1 * 3 });
          expect(k.verdict).toBe(c.verdict);
          if (c.wdq !== null) expect(k.wdq).toBeCloseTo(c.wdq, 3);
          if (c.verdict !== 'no_success') expect(c.successMeasure!).toBeLessThan(0);
        },
      ),
    );
  });
});

describe('cluster rule', () => {
  const DAY = 86_400_000;
  const base = Date.parse('2026-10-01T10:00:00Z');
  let n = 0;
  const pt = (cat: string, lat: number | null, lon: number | null, day: number, area = 'KG-O.kara-suu') =>
    ({
      id: `r${++n}`,
      categoryCode: cat,
      areaCode: area,
      lat,
      lon,
      at: new Date(base + day * DAY).toISOString(),
    }) satisfies ClusterPoint;

  it('measures distance on the sphere', () => {
    // One degree of latitude is about 111.2 km.
    expect(distanceKm(40, 72, 41, 72)).toBeCloseTo(111.19, 1);
    expect(distanceKm(40.5, 72.8, 40.5, 72.8)).toBe(0);
  });

  it('finds planted clusters and ignores noise', () => {
    n = 0;
    // Planted 1: five livestock thefts within ~400 m over ten days (a chain: each within 14 days).
    const livestock = [0, 2, 5, 8, 10].map((d, i) => pt('theft_livestock', 40.6 + i * 0.001, 72.9, d));
    // Planted 2: four school-racketeering reports without coordinates, same municipality, within a week.
    const school = [0, 1, 3, 6].map((d) => pt('youth_school', null, null, d, 'KG-O.osh-city.amir-timur'));
    // Noise: same category far away; same place other category; same place and category but two months on.
    const noise = [
      pt('theft_livestock', 41.5, 74.0, 1),
      pt('theft_livestock', 42.0, 75.0, 3),
      pt('road_safety', 40.6, 72.9, 2),
      pt('road_safety', 40.601, 72.9, 40),
      pt('theft_livestock', 40.6, 72.9, 80),
      pt('youth_school', null, null, 2, 'KG-B.batken'),
    ];
    const clusters = findClusters([...noise, ...school, ...livestock], {
      radiusKm: 1,
      windowDays: 14,
      minReports: 3,
    });
    expect(clusters).toEqual([livestock.map((p) => p.id), school.map((p) => p.id)]);
  });

  it('links a chain of neighbours (single linkage) and respects the minimum size', () => {
    n = 0;
    const chain = [0, 10, 20].map((d) => pt('graffiti', 40, 72, d)); // 0–20 days apart, each step 10
    expect(findClusters(chain, { radiusKm: 1, windowDays: 14, minReports: 3 })).toEqual([
      chain.map((p) => p.id),
    ]);
    expect(findClusters(chain, { radiusKm: 1, windowDays: 9, minReports: 2 })).toEqual([]);
    expect(findClusters(chain.slice(0, 2), { radiusKm: 1, windowDays: 14, minReports: 3 })).toEqual([]);
  });

  it('puts every report in at most one cluster, each of the minimum size, one category each', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            cat: fc.constantFrom('a', 'b'),
            lat: fc.option(fc.double({ min: 40, max: 40.05, noNaN: true }), { nil: null }),
            day: fc.integer({ min: 0, max: 60 }),
          }),
          { maxLength: 60 },
        ),
        (raw) => {
          const pts = raw.map((r, i) => ({
            id: `p${i}`,
            categoryCode: r.cat,
            areaCode: 'X',
            lat: r.lat,
            lon: r.lat === null ? null : 72,
            at: new Date(base + r.day * DAY).toISOString(),
          }));
          const clusters = findClusters(pts, { radiusKm: 1, windowDays: 7, minReports: 3 });
          const seen = new Set<string>();
          for (const c of clusters) {
            expect(c.length).toBeGreaterThanOrEqual(3);
            expect(new Set(c.map((id) => pts[Number(id.slice(1))]!.categoryCode)).size).toBe(1);
            for (const id of c) {
              expect(seen.has(id)).toBe(false);
              seen.add(id);
            }
          }
        },
      ),
    );
  });
});
