/**
 * The survey respondent flow in a real browser on a 360 px phone: in Kyrgyz with JavaScript off and
 * in Russian with JavaScript on, a respondent opens the public link, sends an empty form (the error
 * is shown in the summary and the page keeps working), answers, sees the thank-you page, and on
 * coming back is told this device has already answered. No page scrolls sideways; axe-core checks
 * each page. The builder page an analyst works on is checked by axe too.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/plugins/actor.ts';
import type { Actor } from '../src/shared/policy.ts';
import { seedSurveyItems } from '../src/modules/surveys/surveys.seed.ts';
import { createSession, insertAreaChain, insertStaff } from '../test/factories.ts';
import { describeBrowser, expectNoSeriousAxeViolations, JS_MODES, startE2E, type E2E } from './harness.ts';

describeBrowser('trust and safety survey, respondent flow', () => {
  let e: E2E;
  let token = '';
  let surveyId = '';
  let analystId = '';

  beforeAll(async () => {
    e = await startE2E({ defaultLocale: 'en' });
    const db = e.app.ctx.db;
    await insertAreaChain(db);
    await seedSurveyItems(db);
    analystId = (await insertStaff(db, [{ role: 'analyst', areaCode: 'KG-O' }])).id;
    const actor: Actor = {
      kind: 'staff',
      personId: analystId,
      organisationId: null,
      via: 'session',
      grants: [{ role: 'analyst', areaCode: 'KG-O', areaPath: '/KG/KG-O/' }],
    };
    const s = e.app.ctx.services.surveys;
    const survey = await s.create(actor, { title: 'Kara-Suu trust survey', areaCode: 'KG-O' });
    surveyId = survey.id;
    await s.saveSettings(actor, {
      id: survey.id,
      languages: ['ky', 'ru'],
      title: { ky: 'Кара-Суудагы коопсуздук жана ишеним', ru: 'Безопасность и доверие в Кара-Суу' },
      demographics: ['gender', 'age_band', 'residence'],
    });
    await s.addSection(actor, { id: survey.id, title: { ky: 'Милиция жөнүндө', ru: 'О милиции' } });
    for (const itemId of ['ess-trstplc', 'csew-confidence', 'ess-aesfdrk']) {
      await s.addBankQuestion(actor, { id: survey.id, section: 's1', itemId });
      for (const locale of ['ky', 'ru']) {
        const view = await s.getItem(actor, { id: itemId });
        await s.saveTranslation(actor, {
          itemId,
          locale,
          text: view.texts.find((x) => x.locale === locale)!.text,
          status: 'reviewed',
        });
      }
    }
    await s.addOwnQuestion(actor, {
      id: survey.id,
      section: 's1',
      kind: 'multiple',
      text: { ky: 'Кайсы жерде өзүңүздү коопсуз эмес сезесиз?', ru: 'Где вы чувствуете себя небезопасно?' },
      options: [
        { ky: 'Базарда', ru: 'На рынке' },
        { ky: 'Аялдамада', ru: 'На остановке' },
      ],
    });
    await s.addTarget(actor, { id: survey.id, areaCode: 'KG-O.kara-suu', targetSample: 50 });
    await s.publish(actor, { id: survey.id });
    await s.addWave(
      actor,
      {
        id: survey.id,
        opensDate: '2026-01-01',
        opensTime: '00:00',
        closesDate: '2035-01-01',
        closesTime: '00:00',
      },
      'Asia/Bishkek',
    );
    token = (await s.get(actor, { id: survey.id })).targets[0]!.link_token;
  });
  afterAll(async () => e?.close());

  const cases = [
    {
      locale: 'ky',
      mode: JS_MODES[1],
      title: 'Кара-Суудагы коопсуздук жана ишеним',
      empty: 'Жөнөтүүдөн мурун',
      trust: /^10 — толук ишенем$/,
      agree: 'Макулмун',
      submit: 'Жоопторумду жөнөтүү',
      thanks: 'Жоопторуңуз кабыл алынды',
      again: 'жооп бергенсиз',
      gender: 'Аял',
    },
    {
      locale: 'ru',
      mode: JS_MODES[0],
      title: 'Безопасность и доверие в Кара-Суу',
      empty: 'Ответьте хотя бы на один вопрос',
      trust: /^10 — полностью доверяю$/,
      agree: 'Согласен(на)',
      submit: 'Отправить ответы',
      thanks: 'Ваши ответы получены',
      again: 'Вы уже ответили',
      gender: 'Мужчина',
    },
  ] as const;

  for (const c of cases) {
    it(`answers in ${c.locale} at 360 px with ${c.mode.name}`, async () => {
      const p = await e.newPage({
        javaScriptEnabled: c.mode.javaScriptEnabled,
        width: 360,
        locale: c.locale,
      });
      await p.goto(`/s/${token}`);
      expect(await p.locator('h1').textContent()).toBe(c.title);
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await expectNoSeriousAxeViolations(p, e);

      await p.getByRole('button', { name: c.submit }).click();
      await expect.poll(() => p.locator('.error-summary').count()).toBe(1);
      expect(await p.locator('.error-summary').textContent()).toContain(c.empty);
      await expectNoSeriousAxeViolations(p, e);

      await p.getByLabel(c.trust).check();
      await p.getByLabel(c.agree, { exact: true }).check();
      await p
        .getByRole('group', { name: /Кайсы жерде|Где вы/ })
        .getByRole('checkbox')
        .first()
        .check();
      await p.getByLabel(c.gender, { exact: true }).check();
      await p.getByRole('button', { name: c.submit }).click();
      await p.waitForURL(/\/thanks\?lang=/);
      expect(await p.locator('main').textContent()).toContain(c.thanks);
      await expectNoSeriousAxeViolations(p, e);

      await p.goto(`/s/${token}`);
      expect(await p.locator('main').textContent()).toContain(c.again);
      const cookies = await p.context().cookies();
      expect(cookies.map((x) => [x.name, x.value])).toEqual([['answered', '1']]);
      await p.context().close();
    });
  }

  it('stored both answers without any identity, in the respondent’s language', async () => {
    const rows = await e.app.ctx.db.read
      .selectFrom('survey_response')
      .selectAll()
      .orderBy('locale')
      .execute();
    expect(rows.map((r) => [r.locale, r.gender, r.status])).toEqual([
      ['ky', 'female', 'accepted'],
      ['ru', 'male', 'accepted'],
    ]);
  });

  it('the builder, results and item bank pages pass axe with JavaScript off', async () => {
    const p = await e.newPage({ javaScriptEnabled: false });
    const sid = await createSession(e.app, analystId);
    await p.context().addCookies([{ name: SESSION_COOKIE, value: sid, url: e.baseUrl }]);
    await p.goto(`/staff/surveys/${surveyId}`);
    expect(await p.locator('h1').textContent()).toBe('Kara-Suu trust survey');
    await expectNoSeriousAxeViolations(p, e);
    // The results page: the SVG chart is named, its figures sit in a table beside it.
    await p.getByRole('link', { name: 'Results', exact: true }).click();
    await p.waitForURL(/\/results$/);
    expect(await p.getByRole('img', { name: /Trend across waves/ }).count()).toBeGreaterThan(0);
    expect(await p.locator('main').textContent()).toContain('hidden (under 10 or protecting one)');
    await expectNoSeriousAxeViolations(p, e);
    await p.goto('/staff/surveys/items');
    await expectNoSeriousAxeViolations(p, e);
    await p.context().close();
  });
});
