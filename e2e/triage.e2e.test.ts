/**
 * Staff triage in a real browser, JavaScript off and on: an officer opens the queue, filters it, opens
 * a report, acknowledges it with a note to the reporter, adds an internal note and resolves it.
 * axe-core must find nothing serious on the queue and the report page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedReportCategories } from '../src/modules/reports/report-categories.seed.ts';
import { ANONYMOUS } from '../src/shared/policy.ts';
import { createSession, insertAreaChain, insertStaff, type AreaChain } from '../test/factories.ts';
import { JS_MODES, describeBrowser, expectNoSeriousAxeViolations, startE2E, type E2E } from './harness.ts';

describeBrowser('staff triage of reports', () => {
  let e: E2E;
  let areas: AreaChain;

  beforeAll(async () => {
    e = await startE2E({ defaultLocale: 'en' });
    await seedReportCategories(e.app.ctx.db);
    areas = await insertAreaChain(e.app.ctx.db);
  });
  afterAll(async () => e?.close());

  async function signedInOfficer(javaScriptEnabled: boolean): Promise<Page> {
    const officer = await insertStaff(e.app.ctx.db, [{ role: 'officer', areaCode: areas.district.code }], {
      displayName: 'Inspector Asanov',
    });
    const sid = await createSession(e.app, officer.id);
    const p = await e.newPage({ javaScriptEnabled });
    p.setDefaultTimeout(20_000); // a busy machine: pages render in well under a second when idle
    await p.context().addCookies([{ name: 'sid', value: sid, url: e.baseUrl, httpOnly: true }]);
    return p;
  }

  async function report(description: string, category: string): Promise<string> {
    const r = await e.app.ctx.services.reports.createReport(ANONYMOUS, {
      description,
      category,
      privacy: 'name_hidden',
      location: { area: areas.district.code },
      contact: { phone: '+996 555 111 222' },
      locale: 'en',
    });
    return r.reference;
  }

  for (const mode of JS_MODES) {
    it(`acknowledges, notes and resolves a report (${mode.name})`, async () => {
      const tag = mode.javaScriptEnabled ? 'js' : 'nojs';
      const wanted = await report(`Cars race past school No. 5 every evening (${tag}).`, 'road-safety');
      const other = await report(`Loud music at night (${tag}).`, 'public-order');
      const p = await signedInOfficer(mode.javaScriptEnabled);

      await p.goto('/staff');
      await p.getByRole('link', { name: 'Reports queue' }).click();
      await p.waitForURL(/\/staff\/reports$/);
      expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe('Reports queue');
      await expectNoSeriousAxeViolations(p, e);

      await p.getByLabel('Category').selectOption({ label: 'Road safety' });
      await p.getByRole('button', { name: 'Show reports' }).click();
      await p.waitForURL(/category=road-safety/);
      const table = p.getByRole('table');
      await expect.poll(() => table.getByRole('link', { name: wanted }).count()).toBe(1);
      expect(await table.getByRole('link', { name: other }).count()).toBe(0);

      await table.getByRole('link', { name: wanted }).click();
      await p.waitForURL(/\/staff\/reports\/[0-9a-f-]{36}$/);
      expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe(`Report ${wanted}`);
      await expectNoSeriousAxeViolations(p, e);

      const statusForm = p.locator('form[action*="/status"]');
      await statusForm.getByLabel('New status').selectOption({ label: 'Acknowledged' });
      await statusForm.getByLabel('Reason').fill('Seen at morning triage');
      await statusForm
        .getByLabel('Note to the reporter')
        .fill('Thank you. We will check the road this week.');
      await statusForm.getByRole('button', { name: 'Change status' }).click();
      await p.getByText('The status was changed.').waitFor();

      const entryForm = p.locator('form[action*="/notes"]');
      await entryForm.getByRole('radio', { name: 'Internal note' }).check();
      await entryForm.getByLabel('Text').fill('Ask the traffic police for a speed check.');
      await entryForm.getByRole('button', { name: 'Add' }).click();
      await p.getByText('Added to the thread.').waitFor();
      const timeline = p.getByRole('list').filter({ hasText: 'Ask the traffic police' });
      expect(await timeline.getByText('Internal — never shown to the reporter').count()).toBeGreaterThan(0);

      await statusForm.getByLabel('New status').selectOption({ label: 'Resolved' });
      await statusForm.getByLabel('Reason').fill('Speed bump installed');
      await statusForm.getByRole('button', { name: 'Change status' }).click();
      await p.getByText('The status was changed.').waitFor();
      const facts = p.locator('dl.facts').first();
      expect(await facts.getByText('Resolved', { exact: true }).count()).toBe(1);
      expect(await p.getByText(/Closed after/).count()).toBe(1);
      await expectNoSeriousAxeViolations(p, e);
    }, 90_000);
  }
});
