/** The shared layout in a real browser, with JavaScript on and off: language, skip link, small screens, 404. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Locale } from '../src/shared/i18n.ts';
import { LOCALE_NAMES, LOCALE_TAGS } from '../src/shared/i18n.ts';
import { JS_MODES, describeBrowser, expectNoSeriousAxeViolations, startE2E, type E2E } from './harness.ts';

describeBrowser('layout in the browser', () => {
  let e: E2E;
  const t = (locale: Locale, key: string) => e.app.ctx.i18n.t(locale, key);

  beforeAll(async () => {
    e = await startE2E({ defaultLocale: 'ky' });
  });
  afterAll(async () => e?.close());

  /** A page whose browser asks for a language we don't have (German), so the deployment default applies. */
  async function page(javaScriptEnabled: boolean, width?: number): Promise<Page> {
    return e.newPage({ javaScriptEnabled, width, locale: 'de-DE' });
  }

  async function setLanguage(p: Page, locale: Locale): Promise<void> {
    await p.context().addCookies([{ name: 'lang', value: locale, url: e.baseUrl }]);
  }

  for (const mode of JS_MODES) {
    it(`shows the home page in the default language (${mode.name})`, async () => {
      const p = await page(mode.javaScriptEnabled);
      const res = await p.goto('/');
      expect(res?.status()).toBe(200);
      expect(await p.locator('html').getAttribute('lang')).toBe(LOCALE_TAGS.ky);
      expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe(t('ky', 'home.title'));
      expect(await p.title()).toContain(t('ky', 'layout.product'));
    });

    it(`switches language and comes back to the same page (${mode.name})`, async () => {
      const p = await page(mode.javaScriptEnabled);
      await p.goto('/?from=e2e');
      const switcher = () => p.getByRole('navigation', { name: t(currentLocale, 'language.switcher') });
      let currentLocale: Locale = 'ky';
      await switcher().getByRole('link', { name: LOCALE_NAMES.ru }).click();
      await p.waitForURL(/\/\?from=e2e$/);
      currentLocale = 'ru';
      expect(await p.locator('html').getAttribute('lang')).toBe('ru');
      expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe(t('ru', 'home.title'));
      expect(await switcher().getByRole('link', { name: LOCALE_NAMES.ru }).getAttribute('aria-current')).toBe(
        'true',
      );
      await switcher().getByRole('link', { name: LOCALE_NAMES.ky }).click();
      await p.waitForURL(/\/\?from=e2e$/);
      expect(await p.locator('html').getAttribute('lang')).toBe('ky');
      expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe(t('ky', 'home.title'));
    });

    it(`moves focus to the main content with the skip link (${mode.name})`, async () => {
      const p = await page(mode.javaScriptEnabled);
      await p.goto('/');
      await p.keyboard.press('Tab');
      const skip = p.getByRole('link', { name: t('ky', 'layout.skipToContent') });
      expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
      await p.keyboard.press('Enter');
      await p.waitForURL(/#main$/);
      expect(await p.locator('main').evaluate((el) => el === document.activeElement)).toBe(true);
    });

    it(`does not scroll sideways at 320 px (${mode.name})`, async () => {
      const p = await page(mode.javaScriptEnabled, 320);
      for (const locale of ['ky', 'ru', 'tg'] as Locale[]) {
        await setLanguage(p, locale);
        for (const path of ['/', '/no-such-page']) {
          await p.goto(path);
          const { scroll, client } = await p.evaluate(() => ({
            scroll: document.documentElement.scrollWidth,
            client: document.documentElement.clientWidth,
          }));
          expect(scroll, `${locale} ${path} is ${scroll}px wide in a ${client}px window`).toBeLessThanOrEqual(
            client,
          );
        }
      }
    });

    it(`translates the 404 page and shows no technical detail (${mode.name})`, async () => {
      const p = await page(mode.javaScriptEnabled);
      await setLanguage(p, 'ru');
      const res = await p.goto('/no-such-page');
      expect(res?.status()).toBe(404);
      expect(await p.locator('html').getAttribute('lang')).toBe('ru');
      expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe(t('ru', 'errors.notFound'));
      expect(await p.title()).toContain(e.app.ctx.i18n.t('ru', 'errors.title', { status: 404 }));
      expect(await p.locator('main').textContent()).not.toMatch(/not found/i);
      await p.getByRole('link', { name: t('ru', 'errors.backHome') }).click();
      await p.waitForURL(/\/$/);
      expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe(t('ru', 'home.title'));
    });
  }

  it('the accessibility check fails on a page with serious problems', async () => {
    const p = await e.newPage();
    await p.goto('/no-such-page');
    await p.evaluate(() => {
      document.documentElement.removeAttribute('lang');
      document.querySelector('main')!.insertAdjacentHTML('beforeend', '<img src="/x.png"><button></button>');
    });
    await expect(expectNoSeriousAxeViolations(p, e)).rejects.toThrow(/button-name|image-alt|html-has-lang/);
  }, 60_000);

  for (const locale of ['ky', 'ru', 'en'] as Locale[]) {
    it(`has no serious accessibility problems on home and 404 in ${locale}`, async () => {
      for (const mode of JS_MODES) {
        const p = await page(mode.javaScriptEnabled);
        await setLanguage(p, locale);
        await p.goto('/');
        await expectNoSeriousAxeViolations(p, e);
        await p.goto('/no-such-page');
        await expectNoSeriousAxeViolations(p, e);
      }
    }, 90_000);
  }
});
