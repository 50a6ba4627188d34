/**
 * The joint prevention plan approval flow in a real browser: a coordinator draws up a plan with the
 * forms only (JavaScript off, a mistake shown next to its field and in the summary); the three
 * signatories — head of the district police (JavaScript on), head of the ayil okmotu (JavaScript off)
 * and chair of the local council (JavaScript on) — each read version 1 and sign it; the plan is
 * approved and appears on the public page (in Tajik, without names). A change after approval opens
 * version 2, whose approval page shows what changed. axe-core checks each page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/plugins/actor.ts';
import {
  createSession,
  insertArea,
  insertAreaChain,
  insertOrganisation,
  insertStaff,
  type AreaChain,
} from '../test/factories.ts';
import { describeBrowser, expectNoSeriousAxeViolations, startE2E, type E2E } from './harness.ts';

describeBrowser('joint prevention plans', () => {
  let e: E2E;
  let areas: AreaChain;
  const people: Record<string, string> = {};
  const year = new Date().getUTCFullYear();

  beforeAll(async () => {
    e = await startE2E({ defaultLocale: 'en' });
    const db = e.app.ctx.db;
    areas = await insertAreaChain(db);
    const muni = await insertArea(db, {
      code: 'KG-O.kara-suu.kashkar',
      kind: 'municipality',
      parent: areas.district,
      names: { en: 'Kashkar-Kyshtak', ru: 'Кашкар-Кыштак', ky: 'Кашкар-Кыштак' },
    });
    const d = areas.district.code;
    const police = await insertOrganisation(db, {
      name: 'Kara-Suu District Police',
      kind: 'police_district',
      areaCodes: [d],
    });
    const ayil = await insertOrganisation(db, {
      name: 'Kashkar-Kyshtak ayil okmotu',
      kind: 'local_government',
      sector: 'partner',
      areaCodes: [muni.code],
    });
    const kenesh = await insertOrganisation(db, {
      name: 'Kashkar-Kyshtak ayil kenesh',
      kind: 'local_council',
      sector: 'partner',
      areaCodes: [muni.code],
    });
    people.coordinator = (
      await insertStaff(db, [{ role: 'prevention_coordinator', areaCode: d }], { organisationId: police.id })
    ).id;
    people.police = (
      await insertStaff(db, [{ role: 'supervisor', areaCode: d }], {
        organisationId: police.id,
        displayName: 'Nurlan Osmonov',
      })
    ).id;
    people.akim = (
      await insertStaff(db, [{ role: 'partner', areaCode: muni.code }], {
        organisationId: ayil.id,
        displayName: 'Aibek Toktorov',
      })
    ).id;
    people.chair = (
      await insertStaff(db, [{ role: 'partner', areaCode: muni.code }], {
        organisationId: kenesh.id,
        displayName: 'Gulmira Saparova',
      })
    ).id;
  });
  afterAll(async () => e?.close());

  async function signedIn(personId: string, javaScriptEnabled: boolean): Promise<Page> {
    const p = await e.newPage({ javaScriptEnabled });
    const sid = await createSession(e.app, personId);
    await p.context().addCookies([{ name: SESSION_COOKIE, value: sid, url: e.baseUrl }]);
    return p;
  }

  async function sign(
    personId: string,
    javaScriptEnabled: boolean,
    planUrl: string,
    title: string,
    version: number,
  ) {
    const p = await signedIn(personId, javaScriptEnabled);
    await p.goto(planUrl);
    await p.getByRole('link', { name: 'Approval and signatures' }).click();
    await p.waitForURL(/\/approval$/);
    expect(await p.locator('main').textContent()).toContain(`Content of version ${version}`);
    await expectNoSeriousAxeViolations(p, e);
    await p.getByLabel('Position').fill(title);
    await p.getByLabel(`I have read version ${version} of the plan and approve it.`).check();
    await p.getByRole('button', { name: `Approve version ${version}` }).click();
    await p.waitForURL(/\/approval$/);
    expect(await p.locator('main').textContent()).toContain(`You have signed version ${version}.`);
    await p.context().close();
  }

  it('draws up a plan with JavaScript off, gets the three signatures and publishes it', async () => {
    const p = await signedIn(people.coordinator!, false);
    await p.goto('/staff/plans');
    await expectNoSeriousAxeViolations(p, e);
    await p.locator('#title').fill(`Kashkar-Kyshtak prevention plan ${year}`);
    await p.locator('#areaCode').selectOption('KG-O.kara-suu.kashkar');
    await p.getByLabel('Period starts').fill(`${year}-01-01`);
    await p.getByLabel('Period ends').fill(`${year}-12-31`);
    await p.getByRole('button', { name: 'Create the draft plan' }).click();
    await p.waitForURL(/\/staff\/plans\/[0-9a-f-]{36}$/);
    const planUrl = new URL(p.url()).pathname;
    const planId = planUrl.split('/').pop()!;

    await p.locator('#title').fill('Livestock theft on summer pastures');
    await p.getByLabel('Why this is a priority').fill('Residents named it first in the 2025 questionnaire.');
    await p.getByLabel('Source of evidence').fill('Resident questionnaire, October 2025');
    await p.getByRole('button', { name: 'Add a priority' }).click();
    await p.waitForURL(planUrl);

    // A mistake: a budget that is not a number. The error is next to the field and in the summary.
    await p.getByLabel('Task', { exact: true }).fill('Joint night patrols with herders');
    await p.getByLabel('Owner organisation').selectOption({ label: 'Kara-Suu District Police' });
    await p.getByLabel('Deadline').fill(`${year}-10-31`);
    await p.getByLabel('Funding source').selectOption('local_budget');
    await p.getByLabel('Budget').fill('a lot');
    await p.getByRole('button', { name: 'Add a task' }).click();
    await expect.poll(() => p.locator('.error-summary').count()).toBe(1);
    expect(await p.locator('#budget-error').textContent()).toContain('budget');
    await expectNoSeriousAxeViolations(p, e);
    await p.getByLabel('Budget').fill('180 000');
    await p.getByRole('button', { name: 'Add a task' }).click();
    await p.waitForURL(planUrl);
    const table = (await p.locator('main table').last().textContent()) ?? '';
    expect(table).toContain('Joint night patrols with herders');
    expect(table).toMatch(/180[\s,\u00a0\u202f]?000/);
    await expectNoSeriousAxeViolations(p, e);

    await sign(people.police!, true, planUrl, 'Head of Kara-Suu district police department', 1);
    await sign(people.akim!, false, planUrl, 'Head of Kashkar-Kyshtak ayil okmotu', 1);
    await sign(people.chair!, true, planUrl, 'Chair of Kashkar-Kyshtak ayil kenesh', 1);

    await p.goto(planUrl);
    expect(await p.locator('main').textContent()).toContain('Version 1 is approved by all three signatories');

    // The public page, in Tajik: priorities, tasks and progress, no names.
    const pub = await e.newPage({ javaScriptEnabled: false, locale: 'tg' });
    await pub.goto('/locale/tg?next=/plans');
    await pub.goto('/plans');
    await pub.getByRole('link', { name: `Kashkar-Kyshtak prevention plan ${year}` }).click();
    await pub.waitForURL(new RegExp(`/plans/${planId}$`));
    const text = (await pub.locator('main').textContent()) ?? '';
    expect(text).toContain('Joint night patrols with herders');
    expect(text).toContain('Самтҳои афзалиятнок');
    expect(text).not.toContain('Nurlan');
    expect(text).not.toContain('Aibek');
    await expectNoSeriousAxeViolations(pub, e);

    // A change after approval opens version 2; its approval page shows what changed.
    await p.goto(planUrl);
    await p.getByRole('link', { name: 'Joint night patrols with herders' }).click();
    await p.waitForURL(/\/tasks\//);
    await expectNoSeriousAxeViolations(p, e);
    await p.getByLabel('Budget').fill('150000');
    await p.getByRole('button', { name: 'Save the task' }).click();
    await p.waitForURL(/\/tasks\//);
    await p.goto(`${planUrl}/approval`);
    const approval = (await p.locator('main').textContent()) ?? '';
    expect(approval).toContain('Approval of version 2');
    expect(approval).toContain('What changed since version 1');
    expect(approval).toContain('Task changed: Joint night patrols with herders');
    expect(approval).toMatch(/Budget: “180000” → “150000”/);
    await expectNoSeriousAxeViolations(p, e);
    await p.goto(`${planUrl}/versions`);
    expect(await p.locator('main').textContent()).toContain('Nurlan Osmonov');
    await expectNoSeriousAxeViolations(p, e);
    await p.goto(`${planUrl}/report?year=${year}&quarter=1`);
    expect(await p.locator('main').textContent()).toContain('Money spent against budget');
    await expectNoSeriousAxeViolations(p, e);
  }, 180_000);
});
