/**
 * A cross-border workshop in a real browser with JavaScript off (forms only): an organiser creates a
 * two-day workshop with partner agencies from Kazakhstan and Tajikistan, adds a session and a
 * material, a partner asks for a seat, the organiser registers a guest from abroad and approves
 * both, records attendance for each day; the participant fills in the evaluation; the organiser sees
 * the summary and downloads the XLSX export. axe-core checks each page.
 */
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/plugins/actor.ts';
import {
  createSession,
  insertAreaChain,
  insertOrganisation,
  insertStaff,
  type AreaChain,
} from '../test/factories.ts';
import { describeBrowser, expectNoSeriousAxeViolations, startE2E, type E2E } from './harness.ts';

describeBrowser('trainings and cross-border workshops', () => {
  let e: E2E;
  let areas: AreaChain;
  let coordinatorId = '';
  let partnerId = '';

  beforeAll(async () => {
    e = await startE2E({ defaultLocale: 'en' });
    const db = e.app.ctx.db;
    areas = await insertAreaChain(db);
    const ngo = await insertOrganisation(db, {
      name: 'Yntymak',
      sector: 'partner',
      kind: 'ngo',
      areaCodes: [areas.district.code],
    });
    coordinatorId = (
      await insertStaff(db, [{ role: 'prevention_coordinator', areaCode: areas.district.code }], {
        displayName: 'Nurlan Osmonov',
      })
    ).id;
    partnerId = (
      await insertStaff(db, [{ role: 'partner', areaCode: areas.district.code }], {
        displayName: 'Aisuluu Toktogulova',
        organisationId: ngo.id,
      })
    ).id;
  });
  afterAll(async () => e?.close());

  async function signedIn(personId: string): Promise<Page> {
    const p = await e.newPage({ javaScriptEnabled: false });
    p.setDefaultTimeout(20_000);
    const sid = await createSession(e.app, personId);
    await p.context().addCookies([{ name: SESSION_COOKIE, value: sid, url: e.baseUrl }]);
    return p;
  }
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

  it('organises a two-day workshop from registration to evaluation and export, JavaScript off', async () => {
    const org = await signedIn(coordinatorId);
    await org.goto('/staff/events');
    await expectNoSeriousAxeViolations(org, e);
    const day1 = inDays(14);
    const day2 = inDays(15);

    // A mistake first: the last day before the first.
    await org.getByLabel('Title').fill('Regional workshop: police and communities together');
    await org.getByLabel('Area', { exact: true }).selectOption(areas.district.code);
    await org.getByLabel('Place').fill('Osh, Hotel Alay');
    await org.getByLabel('First day').fill(day2);
    await org.getByLabel('Last day').fill(day1);
    await org.getByLabel('Number of seats').fill('2');
    await org.getByLabel('Organiser 1: name').fill('Ministry of Internal Affairs of the Kyrgyz Republic');
    await org.getByLabel('Partner agency 1: name').fill('Ministry of Internal Affairs of Kazakhstan');
    await org.getByLabel('Partner agency 1: country').selectOption({ label: 'Kazakhstan' });
    await org.getByLabel('Partner agency 2: name').fill('Ministry of Internal Affairs of Tajikistan');
    await org.getByLabel('Partner agency 2: country').selectOption({ label: 'Tajikistan' });
    await org.getByRole('button', { name: 'Organise a training or workshop' }).click();
    await expect.poll(() => org.locator('.error-summary').count()).toBe(1);
    expect(await org.locator('#endsOn-error').textContent()).toContain('endsOn');
    await expectNoSeriousAxeViolations(org, e);
    await org.getByLabel('First day').fill(day1);
    await org.getByLabel('Last day').fill(day2);
    await org.getByRole('button', { name: 'Organise a training or workshop' }).click();
    await org.waitForURL(/\/staff\/events\/[0-9a-f-]{36}$/);
    const eventUrl = org.url();
    const body = () => org.locator('main').textContent();
    expect(await body()).toContain('Ministry of Internal Affairs of Tajikistan — Tajikistan');

    // The agenda of day 2 and a material.
    await org.getByLabel('Day', { exact: true }).selectOption({ index: 1 });
    await org.getByLabel('Time').fill('09:30');
    await org.getByLabel('Session', { exact: true }).fill('Sharing practice across borders');
    await org.getByLabel('Speakers').fill('Aigerim Sadykova, Farrukh Rahimov');
    await org.getByRole('button', { name: 'Add a session' }).click();
    await org.waitForURL(eventUrl);
    expect(await body()).toContain('Farrukh Rahimov');
    await org.getByLabel('Title of the file').fill('Programme');
    await org.getByLabel('File', { exact: true }).setInputFiles({
      name: 'programme.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    await org.getByRole('button', { name: 'Attach the file' }).click();
    await org.waitForURL(`${eventUrl}#materials`);
    expect(await org.getByRole('link', { name: 'Programme' }).count()).toBe(1);

    // A partner asks for a seat.
    const partner = await signedIn(partnerId);
    await partner.goto(eventUrl);
    await expectNoSeriousAxeViolations(partner, e);
    await partner.getByLabel('Organisation').fill('Yntymak');
    await partner.getByRole('button', { name: 'Ask for a seat' }).click();
    await partner.waitForURL(eventUrl);
    expect(await partner.locator('main').textContent()).toContain(
      'Your request for a seat: waiting for approval.',
    );

    // The organiser registers a guest from Kazakhstan and approves both.
    await org.goto(eventUrl);
    await org.getByLabel('Full name').fill('Yerlan Seitkali');
    await org.getByLabel('Organisation').fill('MIA of Kazakhstan');
    await org.getByLabel('Country', { exact: true }).selectOption({ label: 'Kazakhstan' });
    await org.getByRole('button', { name: 'Register the participant' }).click();
    await org.waitForURL(eventUrl);
    await org.getByRole('button', { name: 'Approve Aisuluu Toktogulova' }).click();
    await org.waitForURL(`${eventUrl}#participants`);
    await org.getByRole('button', { name: 'Approve Yerlan Seitkali' }).click();
    await org.waitForURL(`${eventUrl}#participants`);
    expect(await body()).toContain('2 of 2 seats taken');
    expect(await body()).toContain('Kazakhstan (1)');

    // Attendance per day.
    const dayOne = org.getByRole('group', { name: /^Day 1:/ });
    await dayOne.getByLabel('Aisuluu Toktogulova (Yntymak)').check();
    await dayOne.getByLabel('Yerlan Seitkali (MIA of Kazakhstan)').check();
    await org.getByRole('button', { name: 'Save attendance of day 1' }).click();
    await org.waitForURL(`${eventUrl}#participants`);
    await org
      .getByRole('group', { name: /^Day 2:/ })
      .getByLabel('Yerlan Seitkali (MIA of Kazakhstan)')
      .check();
    await org.getByRole('button', { name: 'Save attendance of day 2' }).click();
    await org.waitForURL(`${eventUrl}#participants`);
    expect(
      await org
        .getByRole('group', { name: /^Day 1:/ })
        .getByLabel('Aisuluu Toktogulova (Yntymak)')
        .isChecked(),
    ).toBe(true);
    await expectNoSeriousAxeViolations(org, e);

    // The participant evaluates (once).
    await partner.goto(eventUrl);
    await partner
      .getByRole('group', { name: 'How relevant was the workshop to your work?' })
      .getByLabel('5')
      .check();
    await partner
      .getByRole('group', { name: 'How good were the sessions and speakers?' })
      .getByLabel('4')
      .check();
    await partner
      .getByRole('group', { name: 'How well was the workshop organised?' })
      .getByLabel('5')
      .check();
    await partner.getByRole('button', { name: 'Send the evaluation' }).click();
    // Forgot one question: the error is next to it and in the summary.
    await expect.poll(() => partner.locator('.error-summary').count()).toBe(1);
    expect(await partner.locator('#willApply-error').count()).toBe(1);
    await expectNoSeriousAxeViolations(partner, e);
    await partner
      .getByRole('group', { name: 'How relevant was the workshop to your work?' })
      .getByLabel('5')
      .check();
    await partner
      .getByRole('group', { name: 'How good were the sessions and speakers?' })
      .getByLabel('4')
      .check();
    await partner
      .getByRole('group', { name: 'How well was the workshop organised?' })
      .getByLabel('5')
      .check();
    await partner.getByLabel('Will you apply what you learned in your work?').selectOption('yes');
    await partner.getByLabel('What should we keep or change? (optional)').fill('More time for group work.');
    await partner.getByRole('button', { name: 'Send the evaluation' }).click();
    await partner.waitForURL(`${eventUrl}#evaluation`);
    expect(await partner.locator('main').textContent()).toContain('Thank you, your evaluation was received.');
    expect(await partner.getByRole('button', { name: 'Send the evaluation' }).count()).toBe(0);

    // The organiser's summary and the export.
    await org.goto(eventUrl);
    const summary = org.getByRole('table', { name: /Evaluation summary/ });
    expect(await summary.textContent()).toContain('5.00');
    expect(await body()).toContain('More time for group work.');
    const href = await org
      .getByRole('link', { name: 'Download participants and evaluation (XLSX)' })
      .getAttribute('href');
    const res = await org.request.get(href!);
    expect(res.status()).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.body()) as unknown as ArrayBuffer);
    const rows = [2, 3].map((i) => (wb.getWorksheet('Participants')!.getRow(i).values as unknown[]).slice(1));
    expect(rows).toContainEqual(['Yerlan Seitkali', 'MIA of Kazakhstan', 'KZ', 'approved', 1, 1]);
    expect(rows).toContainEqual(['Aisuluu Toktogulova', 'Yntymak', 'KG', 'approved', 1, 0]);
    await expectNoSeriousAxeViolations(org, e);
  }, 240_000);
});
