/**
 * Dashboards and exports in a real browser at 360 px, JavaScript off and on: the supervisor changes
 * the period and area with the form (the filters land in the URL), the page never scrolls sideways
 * as a whole, every chart has its table, and axe-core finds nothing serious. The export link from the
 * queue leads to the export page.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/plugins/actor.ts';
import { DAY } from '../src/shared/time.ts';
import { insertReports, reportRow } from '../src/modules/insight/insight.fixtures.ts';
import { reportWorld, type ReportWorld } from '../src/modules/reports/reports.fixtures.ts';
import { createSession } from '../test/factories.ts';
import { describeBrowser, expectNoSeriousAxeViolations, JS_MODES, startE2E, type E2E } from './harness.ts';

describeBrowser('insight dashboards', () => {
  let e: E2E;
  let w: ReportWorld;

  beforeAll(async () => {
    e = await startE2E({ defaultLocale: 'en' });
    w = await reportWorld(e.app);
    const d = w.areas.district;
    const now = Date.now();
    await insertReports(
      e.app.ctx.db,
      Array.from({ length: 30 }, (_, i) =>
        reportRow({
          area_code: d.code,
          area_path: d.path,
          created_at: new Date(now - (i + 1) * DAY * 2).toISOString(),
          time_to_ack_seconds: 3600 * (i + 1),
          channel: i % 3 ? 'web' : 'sms',
        }),
      ),
    );
  });
  afterAll(async () => e?.close());

  for (const mode of JS_MODES)
    it(`works at 360 px with ${mode.name}`, async () => {
      const page = await e.newPage({ javaScriptEnabled: mode.javaScriptEnabled, width: 360 });
      const sid = await createSession(e.app, w.supervisor.id);
      await page.context().addCookies([{ name: SESSION_COOKIE, value: sid, url: e.baseUrl }]);
      await page.goto('/staff/insight');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Dashboard');
      await page.getByLabel('Period', { exact: true }).selectOption('365d');
      await page.getByLabel('Area', { exact: true }).selectOption(w.areas.district.code);
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL(/period=365d/);
      expect(page.url()).toContain(`area=${encodeURIComponent(w.areas.district.code)}`);
      const charts = await page.locator('figure svg[role="img"]').count();
      const tables = await page.locator('figure table').count();
      expect(charts).toBeGreaterThan(5);
      expect(tables).toBeGreaterThanOrEqual(charts);
      await expect(page.getByRole('table', { name: 'Reports over time' }).isVisible()).resolves.toBe(true);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(overflow).toBeLessThanOrEqual(360);
      await expectNoSeriousAxeViolations(page, e);

      await page.goto('/staff/reports');
      await page.getByRole('link', { name: 'Export this list' }).click();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
        'Export the reports queue',
      );
      await expectNoSeriousAxeViolations(page, e);
    });

  it('shows the open-data page in Kyrgyz at 360 px with JavaScript off, axe clean', async () => {
    const page = await e.newPage({ javaScriptEnabled: false, width: 360, locale: 'ky' });
    await page.goto('/open-data');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Ачык маалыматтар');
    await expect(page.getByRole('link', { name: /CC BY 4.0/ }).count()).resolves.toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expectNoSeriousAxeViolations(page, e);
  });
});
