/**
 * Opening a prevention referral and recording consent in a real browser at 360 px: a member of the
 * panel (the district's prevention coordinator) writes what was seen, is warned by the
 * behaviour-not-belief checker about a word that describes religion, rewrites the text, picks the
 * place from the area picker and the risks from the guided list; on the referral page (an anonymised
 * consultation) records the guardian's written consent for a minor, with a mistake shown next to
 * its field first. JavaScript off in English, on in Russian; axe-core checks each page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/plugins/actor.ts';
import { createSession } from '../test/factories.ts';
import { referralWorld, yesterday, type ReferralWorld } from '../src/modules/referrals/referrals.fixtures.ts';
import { describeBrowser, expectNoSeriousAxeViolations, startE2E, type E2E } from './harness.ts';

describeBrowser('prevention referrals', () => {
  let e: E2E;
  let w: ReferralWorld;

  beforeAll(async () => {
    e = await startE2E({ defaultLocale: 'en' });
    w = await referralWorld(e.app);
  });
  afterAll(async () => e?.close());

  async function signedIn(personId: string, javaScriptEnabled: boolean, locale: string): Promise<Page> {
    const p = await e.newPage({ javaScriptEnabled, width: 360, locale });
    const sid = await createSession(e.app, personId);
    await p.context().addCookies([{ name: SESSION_COOKIE, value: sid, url: e.baseUrl }]);
    return p;
  }

  it('opens a referral and records consent with JavaScript off (English, 360 px)', async () => {
    const p = await signedIn(w.ids.coordinator, false, 'en');
    await p.goto('/staff/referrals');
    await expectNoSeriousAxeViolations(p, e);
    await p.getByRole('link', { name: 'Open a referral' }).click();
    await p.waitForURL(/\/staff\/referrals\/new$/);
    await expectNoSeriousAxeViolations(p, e);

    await p
      .getByLabel('Referred by')
      .selectOption({ label: 'A partner organisation (school, social services, NGO)' });
    await p.getByLabel('Panel (district)').selectOption({ label: 'Kara-Suu District' });
    await p
      .getByLabel('What was seen or heard')
      .fill('He started praying at school and showed classmates a video of an armed attack.');
    await p.getByLabel('Date it was seen or heard').fill(yesterday());
    await p.getByLabel(/^Time/).fill('15:40');
    await p.getByLabel('Where it happened').selectOption({ label: 'Kashkar-Kyshtak, Kara-Suu District' });
    await p.getByLabel('Glorifies violence').check();
    await p.getByLabel('A trusted adult').check();
    await p.getByLabel('Is the person under 18?').selectOption({ label: 'Yes' });
    await p.getByRole('button', { name: 'Send to the panel' }).click();

    // The checker names the word; the text is kept for rewriting.
    await expect.poll(() => p.locator('.error-summary').count()).toBe(1);
    expect(await p.locator('main').textContent()).toContain('“praying” — religion');
    await expectNoSeriousAxeViolations(p, e);
    await p
      .getByLabel('What was seen or heard')
      .fill(
        'After lessons he showed two classmates a video of an armed attack and said he would do the same.',
      );
    await p.getByRole('button', { name: 'Send to the panel' }).click();
    await p.waitForURL(/\/staff\/referrals\/[0-9a-f-]{36}$/);
    const main = (await p.locator('main').textContent()) ?? '';
    expect(main).toContain('Anonymised consultation: no consent yet, nothing is shared.');
    expect(main).toContain('Glorifies violence');
    await expectNoSeriousAxeViolations(p, e);

    // Consent for a minor: the person themself is refused, next to the field.
    await p.getByLabel('Consent given by').selectOption({ label: 'The person' });
    await p.getByLabel('Name of whoever consented').fill('Aigul Turdubaeva');
    await p.getByLabel('How consent was given').selectOption({ label: 'In writing' });
    await p.getByLabel('Date of consent').fill(yesterday());
    await p.getByLabel(/^Time of consent/).fill('11:15');
    await p.getByLabel('A support plan').check();
    await p.getByLabel('Жаштар борбору «Ынтымак»').check();
    await p.getByLabel('Name of the person').fill('Bakyt T.');
    await p.getByRole('button', { name: 'Record consent' }).click();
    await expect.poll(() => p.locator('#givenBy-error').count()).toBe(1);
    expect(await p.locator('#givenBy-error').textContent()).toContain('parent or guardian');
    await expectNoSeriousAxeViolations(p, e);
    await p.getByLabel('Consent given by').selectOption({ label: 'A parent or guardian' });
    await p.getByLabel('Relationship to the person').fill('mother');
    await p.getByRole('button', { name: 'Record consent' }).click();
    await p.waitForURL(/\/staff\/referrals\/[0-9a-f-]{36}$/);
    const after = (await p.locator('main').textContent()) ?? '';
    expect(after).toContain('A parent or guardian: Aigul Turdubaeva (mother)');
    expect(after).toContain('Bakyt T.');
    expect(after).toContain('Жаштар борбору «Ынтымак»');
    await expectNoSeriousAxeViolations(p, e);
    // Nothing overflows the phone's width.
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await p.context().close();
    // Seven axe runs in a real browser: well over the default on a busy 2-core machine.
  }, 180_000);

  it('opens a referral with JavaScript on (Russian); the opener outside the panel only gets a reference', async () => {
    const p = await signedIn(w.ids.teacher, true, 'ru');
    await p.goto('/staff/referrals/new');
    await expectNoSeriousAxeViolations(p, e);
    await p.locator('#areaCode').selectOption(w.areas.district.code);
    await p
      .getByLabel('Что видели или слышали')
      .fill('На перемене угрожал однокласснику ножом и сказал, что «придёт с друзьями разобраться».');
    await p.locator('#observedDate').fill(yesterday());
    await p.locator('#observedTime').fill('10:20');
    await p.locator('#observedAreaCode').selectOption(w.municipality);
    await p.getByLabel('Угрозы насилием').check();
    await p.getByLabel('Человеку меньше 18 лет?').selectOption('yes');
    await p.getByRole('button', { name: 'Отправить в комиссию' }).click();
    await p.waitForURL(/\/staff\/referrals\/opened\?ref=R-/);
    expect(await p.locator('h1').textContent()).toBe('Направление отправлено');
    await expectNoSeriousAxeViolations(p, e);
    await p.context().close();
  }, 120_000);
});
