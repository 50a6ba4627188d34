/**
 * The whole resident loop in a real browser: report anonymously → receipt → track → the team answers →
 * the resident sees it → resolved → feedback. Once with JavaScript off in Kyrgyz, once with JavaScript
 * on in Russian (with the map-pin island and the public map, checked for CSP errors); axe-core on
 * /report, the confirmation, /track and /reports.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createApiToken,
  insertArea,
  insertAreaChain,
  insertStaff,
  type AreaChain,
} from '../test/factories.ts';
import { seedReportCategories } from '../src/modules/reports/report-categories.seed.ts';
import { describeBrowser, expectNoSeriousAxeViolations, startE2E, type E2E } from './harness.ts';

/** The words a resident sees, per language (from locales/*.json and the category seed). */
const UI = {
  ky: {
    category: 'Коомдук тартип жана коопсуздук',
    continue: 'Улантуу',
    description: 'Эмне болуп жатат?',
    area: 'Район же айыл аймак',
    areaOption: 'Кара-Суу району',
    anonymous: 'Аноним',
    send: 'Билдирүүнү жөнөтүү',
    receipt: 'Квитанция-код',
    open: 'Билдирүүмдү көрсөтүү',
    message: 'Иштеген топко кат',
    messageSend: 'Жөнөтүү',
    yes: 'Ооба',
    feedbackSend: 'Жоопторду жөнөтүү',
    thanks: 'Жоопторуңуз үчүн рахмат.',
    pickOnMap: 'Жерди картадан көрсөтүү',
  },
  ru: {
    category: 'Общественный порядок и безопасность',
    continue: 'Далее',
    description: 'Что происходит?',
    area: 'Район или айыл аймак',
    areaOption: 'Кара-Суйский район',
    anonymous: 'Анонимно',
    send: 'Отправить сообщение',
    receipt: 'Код-квитанция',
    open: 'Показать сообщение',
    message: 'Сообщение команде',
    messageSend: 'Отправить',
    yes: 'Да',
    feedbackSend: 'Отправить ответы',
    thanks: 'Спасибо за ответы.',
    pickOnMap: 'Указать место на карте',
  },
} as const;

/** A 1×1 transparent PNG served for every map tile, so the test needs no network. */
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

describeBrowser('resident report flow', () => {
  let e: E2E;
  let areas: AreaChain;
  let staffAuth: { authorization: string };

  beforeAll(async () => {
    e = await startE2E({ defaultLocale: 'en', reportLimitPerHour: 1000 });
    await seedReportCategories(e.app.ctx.db);
    areas = await insertAreaChain(e.app.ctx.db);
    // A district centred where the map opens, so a click in the middle of the map falls in an area.
    await insertArea(e.app.ctx.db, {
      code: 'KG-O.map-centre',
      kind: 'district',
      parent: areas.region,
      names: { ky: 'Борбор району', ru: 'Центральный район', en: 'Centre District' },
      centre: [41.2, 74.7],
    });
    const officer = await insertStaff(e.app.ctx.db, [{ role: 'officer', areaCode: 'KG' }]);
    staffAuth = { authorization: `Bearer ${await createApiToken(e.app, officer.id)}` };
  });
  afterAll(async () => e?.close());

  const staff = async (url: string, payload: object) => {
    const res = await e.app.inject({ method: 'POST', url, headers: staffAuth, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
  };

  async function openThread(p: Page, receipt: string, words: (typeof UI)['ky' | 'ru']) {
    await p.goto('/track');
    await p.getByLabel(words.receipt).fill(receipt);
    await p.getByRole('button', { name: words.open }).click();
    await p.getByRole('heading', { level: 1 }).waitFor();
  }

  for (const mode of [
    { lang: 'ky' as const, js: false },
    { lang: 'ru' as const, js: true },
  ]) {
    it(`reports anonymously, follows up and gives feedback (${mode.lang}, JavaScript ${mode.js ? 'on' : 'off'})`, async () => {
      const words = UI[mode.lang];
      const p = await e.newPage({ javaScriptEnabled: mode.js, locale: mode.lang });
      const cspErrors: string[] = [];
      p.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
      });
      await p.route('**/tile.openstreetmap.org/**', (route) =>
        route.fulfill({ status: 200, contentType: 'image/png', body: TILE }),
      );

      // Step 1: the category.
      await p.goto('/report');
      expect(await p.getAttribute('html', 'lang')).toBe(mode.lang);
      await expectNoSeriousAxeViolations(p, e);
      await p.getByLabel(words.category).check();
      await p.getByRole('button', { name: words.continue }).click();

      // Step 2: the rest.
      await p.getByLabel(words.description).waitFor();
      await expectNoSeriousAxeViolations(p, e);
      await p.getByLabel(words.description).fill('Ночью у остановки нет света, людей там грабят.');
      await p.getByLabel(words.area).selectOption({ label: words.areaOption });
      if (mode.js) {
        // The map loads only when asked for; a click in its middle sets the point.
        expect(await p.locator('.leaflet-container').count()).toBe(0);
        await p.getByRole('button', { name: words.pickOnMap }).click();
        const map = p.locator('.pin-map.leaflet-container');
        await map.waitFor();
        await p.locator('.leaflet-tile-loaded').first().waitFor();
        const box = (await map.boundingBox())!;
        await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
        expect(await p.locator('#lat').inputValue()).toMatch(/^4\d\.\d+$/);
        expect(await p.locator('#lon').inputValue()).toMatch(/^7\d\.\d+$/);
      } else {
        expect(await p.getByRole('button', { name: words.pickOnMap }).count()).toBe(0);
      }
      await p.getByLabel(words.anonymous, { exact: true }).check();
      await p.getByRole('button', { name: words.send }).click();

      // The confirmation: reference and receipt, nothing in the address bar, no cookie set.
      const receiptEl = p.locator('#receipt');
      await receiptEl.waitFor();
      const receipt = ((await receiptEl.textContent()) ?? '').trim();
      expect(receipt).toMatch(/^\d{4}( \d{4}){4}$/);
      expect(p.url()).toMatch(/\/report(\?_once=[\w-]+)?$/);
      expect(await p.context().cookies()).toEqual([]);
      // The axe twin would re-post the form: check the confirmation page in place (JS on) only.
      if (mode.js) await expectNoSeriousAxeViolations(p, e);
      const reference = /R-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec((await p.locator('main').textContent()) ?? '')![0];
      const row = await e.app.ctx.db.read
        .selectFrom('report')
        .select(['id', 'lat', 'area_code'])
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
      if (mode.js) expect(row.area_code).toBe('KG-O.map-centre');
      else expect(row.area_code).toBe(areas.district.code);

      // Track with the receipt.
      await openThread(p, receipt, words);
      expect(await p.locator('main').textContent()).toContain(reference);
      expect(p.url()).not.toContain(receipt.replace(/ /g, ''));
      if (mode.js) await expectNoSeriousAxeViolations(p, e);

      // The team answers; the resident sees it after sending a message of their own.
      await staff(`/api/v1/reports/${row.id}/status`, {
        status: 'acknowledged',
        reason: 'seen',
        public_note: 'Участковый проверит освещение.',
      });
      await staff(`/api/v1/reports/${row.id}/notes`, {
        kind: 'message_out',
        body: 'Спасибо, мы приедем в пятницу.',
      });
      await p.getByLabel(words.message).fill('Рахмат!');
      await p.getByRole('button', { name: words.messageSend, exact: true }).click();
      await p.getByText('Спасибо, мы приедем в пятницу.').waitFor();
      await p.getByText('Участковый проверит освещение.').waitFor();

      // Resolved: "was it resolved?" and the post-contact items.
      await staff(`/api/v1/reports/${row.id}/status`, {
        status: 'resolved',
        reason: 'lights fixed',
        public_note: 'Освещение восстановлено.',
      });
      await openThread(p, receipt, words);
      await p.getByText('Освещение восстановлено.').waitFor();
      await p.locator('#resolved').getByLabel(words.yes, { exact: true }).check();
      await p.getByRole('button', { name: words.feedbackSend }).click();
      await p.getByText(words.thanks).first().waitFor();
      const fb = await e.app.ctx.db.read
        .selectFrom('report_feedback')
        .select('resolved')
        .where('report_id', '=', row.id)
        .executeTakeFirstOrThrow();
      expect(fb.resolved).toBe('yes');

      // The public list (and, with JavaScript, its map) passes axe and raises no CSP error.
      await p.goto('/reports');
      await expectNoSeriousAxeViolations(p, e);
      if (mode.js) {
        await p.locator('.map.leaflet-container').waitFor();
        await p.locator('[data-island="reports-map"][data-ready]').waitFor();
      }
      expect(cspErrors).toEqual([]);
    }, 120_000);
  }
});
