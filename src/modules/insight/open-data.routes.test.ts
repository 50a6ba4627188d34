/**
 * Open data through the real app (SQLite and PostgreSQL): counts by month, district, category group
 * and status from public-safe reports only (no sensitive category, no prevention or complaints desk,
 * nothing held), small cells hidden with complements so no hidden count follows from the totals,
 * medians hidden when they rest on few reports, CC BY 4.0 and a DCAT description, in every locale.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { clock, DAY } from '../../shared/time.ts';
import { reportWorld, type ReportWorld } from '../reports/reports.fixtures.ts';
import { insertReports, reportRow } from './insight.fixtures.ts';
import { parseCsv } from './insight.test-helpers.ts';

const NOW = new Date('2026-12-15T06:00:00Z');

describeDialects('open data', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await reportWorld(t.app);
    const october = (i: number) => new Date(Date.UTC(2026, 9, 1 + (i % 28), 8)).toISOString();
    const d = w.areas.district;
    const u = w.areas.uzgen;
    const rows = [];
    for (let i = 0; i < 25; i++)
      rows.push(
        reportRow({
          area_code: d.code,
          area_path: d.path,
          created_at: october(i),
          status: i < 15 ? 'resolved' : 'new',
          time_to_ack_seconds: (i + 1) * 3600,
          time_to_resolve_seconds: i < 15 ? (i + 1) * 86400 : null,
        }),
      );
    for (let i = 0; i < 3; i++)
      rows.push(
        reportRow({
          area_code: d.code,
          area_path: d.path,
          created_at: october(i),
          category_code: 'school-bullying',
        }),
      );
    for (let i = 0; i < 4; i++)
      rows.push(
        reportRow({ area_code: u.code, area_path: u.path, created_at: october(i), time_to_ack_seconds: 60 }),
      );
    // Never published: sensitive categories, the other desks, held reports, and this month (not yet full).
    for (let i = 0; i < 30; i++) {
      rows.push(
        reportRow({
          area_code: d.code,
          area_path: d.path,
          created_at: october(i),
          category_code: 'domestic-violence',
          sensitive: 1,
        }),
      );
      rows.push(
        reportRow({
          area_code: d.code,
          area_path: d.path,
          created_at: october(i),
          category_code: 'radicalization-concern',
          desk: 'prevention',
          sensitive: 1,
        }),
      );
      rows.push(
        reportRow({
          area_code: d.code,
          area_path: d.path,
          created_at: october(i),
          category_code: 'police-conduct',
          desk: 'complaints',
          sensitive: 1,
        }),
      );
      rows.push(
        reportRow({ area_code: d.code, area_path: d.path, created_at: october(i), held_for_review: 1 }),
      );
      rows.push(
        reportRow({
          area_code: d.code,
          area_path: d.path,
          created_at: new Date(NOW.getTime() - DAY).toISOString(),
        }),
      );
    }
    await insertReports(t.app.ctx.db, rows);
  });
  afterAll(async () => {
    clock.reset();
    await t?.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => {
    clock.set(NOW);
    return t.app.inject({ method: 'GET', url, headers });
  };

  it('publishes counts of public-safe reports only, with small cells and their complements hidden', async () => {
    const res = await get('/api/v1/open-data/reports');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const body = res.json() as {
      license: string;
      firstMonth: string;
      lastMonth: string;
      smallCellMinimum: number;
      counts: Array<{
        month: string;
        area_code: string;
        category_group: string;
        status: string;
        reports: number | null;
      }>;
      responseTimes: Array<{
        areaCode: string;
        medianHoursToAcknowledge: number | null;
        medianDaysToResolve: number | null;
      }>;
    };
    expect(body.license).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect([body.firstMonth, body.lastMonth]).toEqual(['2025-12', '2026-11']);
    expect(body.smallCellMinimum).toBe(10);
    const groups = new Set(body.counts.map((c) => c.category_group));
    expect([...groups].sort()).toEqual(['*', 'family-youth', 'safety']);
    const oct = body.counts.filter((c) => c.month === '2026-10');
    const cell = (area: string, group: string, status: string) =>
      oct.find((c) => c.area_code === area && c.category_group === group && c.status === status)!.reports;
    const ks = w.areas.district.code;
    const uz = w.areas.uzgen.code;
    // Kara-Suu: 15 resolved and 10 open in "safety", 3 open in "family-youth" (hidden, small).
    expect(cell(ks, 'safety', 'resolved')).toBe(15);
    expect(cell(ks, 'family-youth', 'open')).toBeNull();
    // Uzgen's 4 are hidden, and so is its total.
    expect(cell(uz, 'safety', 'open')).toBeNull();
    expect(cell(uz, '*', '*')).toBeNull();
    // The sensitive and held reports never count: the grand total is 32 or hidden, never more.
    const total = cell('*', '*', '*');
    expect(total === null || total === 32).toBe(true);
    // No published count is small, and no line of the table has exactly one hidden entry.
    for (const c of body.counts)
      if (c.reports !== null) expect(c.reports === 0 || c.reports >= 10).toBe(true);
    const lines = new Map<string, number>();
    for (const c of oct) {
      if (c.reports !== null) continue;
      for (const key of [`a:${c.area_code}`, `c:${c.category_group}|${c.status}`])
        lines.set(key, (lines.get(key) ?? 0) + 1);
    }
    for (const [line, hidden] of lines) expect(hidden, line).not.toBe(1);
    // Medians: Kara-Suu's rest on 28 / 15 reports; Uzgen's on 4, so they are hidden.
    const times = new Map(body.responseTimes.map((r) => [r.areaCode, r]));
    expect(times.get(ks)).toMatchObject({ medianHoursToAcknowledge: 13, medianDaysToResolve: 8 });
    expect(times.get(uz)).toMatchObject({ medianHoursToAcknowledge: null, medianDaysToResolve: null });
    expect(res.body).not.toContain('Text a resident wrote');
  });

  it('offers the same figures as CSV, and a DCAT description with the licence', async () => {
    const csv = await get('/open-data/reports.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    const [head, ...rows] = parseCsv(csv.body);
    expect(head).toEqual(['month', 'area_code', 'category_group', 'status', 'reports']);
    const json = (await get('/api/v1/open-data/reports')).json() as { counts: unknown[] };
    expect(rows).toHaveLength(json.counts.length);
    const times = parseCsv((await get('/open-data/response-times.csv')).body);
    expect(times[0]).toEqual(['area_code', 'median_hours_to_acknowledge', 'median_days_to_resolve']);
    const dcat = (await get('/open-data/dataset.jsonld')).json() as Record<string, unknown>;
    expect(dcat['@type']).toBe('dcat:Dataset');
    expect(dcat['dct:license']).toEqual({ '@id': 'https://creativecommons.org/licenses/by/4.0/' });
    expect((dcat['dcat:distribution'] as unknown[]).length).toBe(3);
  });

  it('shows the page in every language, with the licence and what is left out', async () => {
    for (const [locale, word] of [
      ['en', 'Open data'],
      ['ru', 'Открытые данные'],
      ['ky', 'Ачык маалыматтар'],
      ['uz', 'Очиқ маълумотлар'],
      ['uz-Latn', 'Ochiq ma’lumotlar'],
      ['kk', 'Ашық деректер'],
      ['tg', 'Маълумоти кушода'],
    ] as const) {
      const res = await get('/open-data', { cookie: `lang=${locale}` });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(word);
      expect(res.body).toContain('rel="license"');
      expect(res.body).not.toContain('opendata.');
    }
  });
});
