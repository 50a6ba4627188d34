/**
 * The hotspot page through the real app (SQLite and PostgreSQL): a planted cluster in Kara-Suu shows
 * as a hotspot for the district police head; analysts may not ask for cells finer than the public
 * coarsening; roles without hotspots get "not found".
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { createSession, sessionCookies } from '../../../test/factories.ts';
import { DAY } from '../../shared/time.ts';
import { reportWorld, type ReportWorld } from '../reports/reports.fixtures.ts';
import { insertReports, reportRow } from './insight.fixtures.ts';
import { tableRows } from './insight.test-helpers.ts';

describeDialects('insight hotspots', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await reportWorld(t.app);
    const d = w.areas.district;
    const at = new Date(Date.now() - 10 * DAY).toISOString();
    const rows = [];
    // 30 reports in one spot of the bazaar, and one report in each of 60 places spread over the district.
    for (let i = 0; i < 30; i++)
      rows.push(
        reportRow({
          area_code: d.code,
          area_path: d.path,
          created_at: at,
          lat: 40.601,
          lon: 72.901,
          public_lat: 40.60125,
          public_lon: 72.90165,
        }),
      );
    for (let i = 0; i < 60; i++) {
      const lat = 40.52 + (i % 10) * 0.021;
      const lon = 72.72 + Math.floor(i / 10) * 0.06;
      rows.push(
        reportRow({
          area_code: d.code,
          area_path: d.path,
          created_at: at,
          lat,
          lon,
          public_lat: lat,
          public_lon: lon,
        }),
      );
    }
    await insertReports(t.app.ctx.db, rows);
  });
  afterAll(async () => t?.close());

  const get = async (personId: string, url: string) =>
    t.app.inject({ method: 'GET', url, cookies: sessionCookies(await createSession(t.app, personId)) });

  it('shows the planted cluster as a hotspot, with the explanation of what it means', async () => {
    const res = await get(w.supervisor.id, `/staff/insight/hotspots?area=${w.areas.district.code}&cell=1000`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('90 reports with a place');
    expect(res.body).toContain('It does not say that a place is dangerous');
    const flagged = tableRows(res.body, '<caption>Cells that stand out</caption>');
    expect(flagged.length).toBeGreaterThanOrEqual(1);
    const hot = flagged.filter((r) => r[0] === 'Hotspot');
    // The bazaar's cell holds the 30 and one of the spread reports (40.604, 72.90); its neighbours are
    // hot through it (Gi* judges a cell with its 3 × 3 block), however few reports they hold themselves.
    expect(hot.map((r) => r[2])).toContain('31');
    expect(flagged.every((r) => r[0] === 'Hotspot')).toBe(true);
    expect(res.body).toMatch(/<svg[^>]+role="img"/);
  });

  it('keeps analysts to public points and cells no finer than the public coarsening', async () => {
    const fine = await get(w.analyst.id, `/staff/insight/hotspots?area=${w.areas.district.code}&cell=100`);
    expect(fine.statusCode).toBe(400);
    expect(fine.body).toContain('Choose one of the cell sizes offered.');
    const ok = await get(w.analyst.id, `/staff/insight/hotspots?area=${w.areas.district.code}&cell=1000`);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('public, coarsened places only');
  });

  it('refuses roles without hotspots and areas outside the jurisdiction', async () => {
    expect((await get(w.officer.id, '/staff/insight/hotspots')).statusCode).toBe(404);
    expect((await get(w.partner.id, '/staff/insight/hotspots')).statusCode).toBe(404);
    const outside = await get(w.supervisor.id, `/staff/insight/hotspots?area=${w.areas.uzgen.code}`);
    expect(outside.statusCode).toBe(400);
  });
});
