/**
 * An admin adds a report category with a choice question in a real browser (JavaScript off and on),
 * using labels only; a resident then sees it on the report form. axe-core finds nothing serious.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedReportCategories } from '../src/modules/reports/report-categories.seed.ts';
import { LOCALE_NAMES, LOCALES } from '../src/shared/i18n.ts';
import { createSession, insertAreaChain, insertStaff } from '../test/factories.ts';
import { JS_MODES, describeBrowser, expectNoSeriousAxeViolations, startE2E, type E2E } from './harness.ts';

const LANGUAGE_LABEL = LOCALE_NAMES;

describeBrowser('report category administration', () => {
  let e: E2E;

  beforeAll(async () => {
    e = await startE2E({ defaultLocale: 'en' });
    await seedReportCategories(e.app.ctx.db);
    await insertAreaChain(e.app.ctx.db);
  });
  afterAll(async () => e?.close());

  for (const mode of JS_MODES) {
    it(`adds a category with a choice question (${mode.name})`, async () => {
      const tag = mode.javaScriptEnabled ? 'js' : 'nojs';
      const admin = await insertStaff(e.app.ctx.db, [{ role: 'admin', areaCode: 'KG' }]);
      const sid = await createSession(e.app, admin.id);
      const p = await e.newPage({ javaScriptEnabled: mode.javaScriptEnabled });
      p.setDefaultTimeout(20_000);
      await p.context().addCookies([{ name: 'sid', value: sid, url: e.baseUrl, httpOnly: true }]);

      await p.goto('/staff');
      await p.getByRole('link', { name: 'Report categories' }).click();
      await p.waitForURL(/\/admin\/categories$/);
      await expectNoSeriousAxeViolations(p, e);
      await p.getByRole('link', { name: 'Add a category' }).click();
      await p.waitForURL(/\/admin\/categories\/new$/);
      await expectNoSeriousAxeViolations(p, e);

      await p.getByLabel('Code', { exact: true }).fill(`stray-dogs-${tag}`);
      await p.getByLabel('Group').selectOption('safety');
      const names = p.getByRole('group', { name: 'Name' });
      for (const l of LOCALES)
        await names.getByLabel(LANGUAGE_LABEL[l], { exact: true }).fill(`Stray dogs ${tag} (${l})`);
      // The first question row: a required choice.
      const q = p.getByRole('group', { name: 'Add a question' });
      await q.getByLabel('Key', { exact: true }).fill('how_many');
      await q.getByLabel('Kind of answer').selectOption('choice');
      await q.getByLabel('An answer is required').check();
      for (const l of LOCALES) await q.getByLabel(`Question (${LANGUAGE_LABEL[l]})`).fill(`How many? (${l})`);
      if (!(await q.getByLabel('Option keys').isVisible()))
        await q.getByText('Options (for a choice question)').click();
      await q.getByLabel('Option keys').fill('one\nmany');
      // Forget Tajik option labels first: the error must land next to that box, nothing saved.
      for (const l of LOCALES.filter((x) => x !== 'tg'))
        await q.getByLabel(`Option labels (${LANGUAGE_LABEL[l]})`).fill(`One ${l}\nMany ${l}`);
      await p.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => p.getByRole('alert').isVisible()).toBe(true);
      await expectNoSeriousAxeViolations(p, e);
      const rowWithError = p.getByRole('group', { name: 'Question 1' });
      await rowWithError.getByLabel(`Option labels (${LANGUAGE_LABEL.tg})`).fill('Як\nБисёр');
      await p.getByRole('button', { name: 'Save' }).click();
      await p.waitForURL(/\/admin\/categories\?saved=1$/);
      expect(await p.getByRole('status').textContent()).toContain('Saved');
      expect(await p.getByRole('link', { name: `Stray dogs ${tag} (en)` }).count()).toBe(1);

      const resident = await e.newPage({ javaScriptEnabled: mode.javaScriptEnabled });
      await resident.goto(`/report?category=stray-dogs-${tag}`);
      expect(await resident.getByText('How many? (en)').count()).toBeGreaterThan(0);
    }, 180_000); // ~40 fields typed on a busy 2-core machine
  }
});
