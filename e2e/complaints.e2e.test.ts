/**
 * The complaint flow in a real browser at 360 px: complain anonymously → receipt → oversight decides →
 * the complainant reads the reasoned outcome on the track page → appeals once. In Kyrgyz with
 * JavaScript off and in Russian with JavaScript on; axe-core on the form, the thread and the figures.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertAreaChain, insertStaff } from '../test/factories.ts';
import { seedReportCategories } from '../src/modules/reports/report-categories.seed.ts';
import type { Actor } from '../src/shared/policy.ts';
import { describeBrowser, expectNoSeriousAxeViolations, startE2E, type E2E } from './harness.ts';

/** The words a complainant sees, per language (locales/complaints/*.json and locales/*.json). */
const UI = {
  ky: {
    complaint: 'Милициянын жүрүм-турумуна даттануу',
    badge: 'Төш белгисинин номери',
    area: 'Район же айыл аймак',
    areaOption: 'Кара-Суу району',
    description: 'Эмне болду?',
    anonymous: 'Аноним',
    send: 'Жөнөтүү',
    receipt: 'Квитанция-код',
    open: 'Билдирүүмдү көрсөтүү',
    outcome: 'Чечим: Негиздүү деп табылды',
    appealReason: 'Эмнеге макул эмессиз?',
    appealSend: 'Даттанууну жөнөтүү',
    appealSent: 'Даттанууңуз алынды.',
    text: 'Бекетте кызматкер паспортумду эки саат кармап, себебин айткан жок.',
  },
  ru: {
    complaint: 'Жалоба на поведение милиции',
    badge: 'Номер жетона',
    area: 'Район или айыл аймак',
    areaOption: 'Кара-Суйский район',
    description: 'Что произошло?',
    anonymous: 'Анонимно',
    send: 'Отправить',
    receipt: 'Код-квитанция',
    open: 'Показать сообщение',
    outcome: 'Решение: Подтверждена',
    appealReason: 'С чем вы не согласны?',
    appealSend: 'Отправить обжалование',
    appealSent: 'Ваше обжалование получено.',
    text: 'На посту сотрудник два часа держал мой паспорт и не объяснил причину.',
  },
} as const;

describeBrowser('complaint flow', () => {
  let e: E2E;
  let oversight: Actor;

  beforeAll(async () => {
    e = await startE2E({ defaultLocale: 'en', reportLimitPerHour: 1000 });
    await seedReportCategories(e.app.ctx.db);
    const areas = await insertAreaChain(e.app.ctx.db);
    const person = await insertStaff(e.app.ctx.db, [{ role: 'oversight', areaCode: areas.region.code }]);
    oversight = await e.app.ctx.services.sessions.actorFor(person, 'session');
  });
  afterAll(async () => e?.close());

  const fitsWidth = async (p: Page) =>
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

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
    it(`complains anonymously, reads the reasoned outcome and appeals once (${mode.lang}, JavaScript ${mode.js ? 'on' : 'off'}, 360 px)`, async () => {
      const words = UI[mode.lang];
      const p = await e.newPage({ javaScriptEnabled: mode.js, locale: mode.lang, width: 360 });
      const cspErrors: string[] = [];
      p.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
      });

      await p.goto('/complaints/new');
      expect(await p.getAttribute('html', 'lang')).toBe(mode.lang);
      await fitsWidth(p);
      await expectNoSeriousAxeViolations(p, e);
      await p.getByLabel(words.complaint).check();
      await p.getByLabel(words.badge).fill('04-117');
      await p.getByLabel(words.area).selectOption({ label: words.areaOption });
      await p.locator('#occurred_date').fill('2026-11-20');
      await p.locator('#occurred_time').fill('18:30');
      await p.getByLabel(words.description).fill(words.text);
      await p.getByLabel(words.anonymous, { exact: true }).check();
      await p.getByRole('button', { name: words.send, exact: true }).click();

      const receiptEl = p.locator('#receipt');
      await receiptEl.waitFor();
      const receipt = ((await receiptEl.textContent()) ?? '').trim();
      expect(receipt).toMatch(/^\d{4}( \d{4}){4}$/);
      expect(await p.context().cookies()).toEqual([]);
      await fitsWidth(p);
      if (mode.js) await expectNoSeriousAxeViolations(p, e);
      const reference = /R-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec((await p.locator('main').textContent()) ?? '')![0];
      const c = await e.app.ctx.db.read
        .selectFrom('complaint')
        .innerJoin('report', 'report.id', 'complaint.report_id')
        .select(['complaint.id', 'complaint.officer_badge', 'report.occurred_at'])
        .where('report.reference', '=', reference)
        .executeTakeFirstOrThrow();
      expect(c.officer_badge).toBe('04-117');
      expect(c.occurred_at).toBe('2026-11-20T12:30:00.000Z');

      // Oversight acknowledges, reviews and decides (through the same services as its pages).
      const { complaints } = e.app.ctx.services;
      await complaints.move(oversight, c.id, 'acknowledge');
      await complaints.move(oversight, c.id, 'review');
      await complaints.decide(oversight, c.id, {
        outcome: 'upheld',
        reasoning: 'Журнал поста и двое свидетелей подтвердили: паспорт удерживали без оснований.',
        recommendations: 'Обучение смены поста правилам проверки документов.',
      });

      await openThread(p, receipt, words);
      await p.getByRole('heading', { name: words.outcome }).waitFor();
      await p.getByText('двое свидетелей подтвердили').waitFor();
      await fitsWidth(p);
      if (mode.js) await expectNoSeriousAxeViolations(p, e);
      await p.getByLabel(words.appealReason).fill('Меня самого не выслушали.');
      await p.getByRole('button', { name: words.appealSend }).click();
      await p.getByText(words.appealSent).waitFor();
      expect(await p.getByLabel(words.appealReason).count()).toBe(0);
      const row = await e.app.ctx.db.read
        .selectFrom('complaint')
        .select(['stage', 'appeal_count'])
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ stage: 'appealed', appeal_count: 1 });

      await p.goto('/complaints/figures');
      await fitsWidth(p);
      await expectNoSeriousAxeViolations(p, e);
      expect(cspErrors).toEqual([]);
    }, 60_000);
  }
});
