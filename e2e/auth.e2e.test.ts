/**
 * Staff sign-in with a password and a second step (TOTP), in a real browser with JavaScript on and off:
 * first sign-in sets up the authenticator and shows recovery codes; later sign-ins ask for a code.
 */
import { authenticator } from 'otplib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encryptField } from '../src/shared/crypto.ts';
import { insertAreaChain, insertStaff, type AreaChain } from '../test/factories.ts';
import { JS_MODES, describeBrowser, expectNoSeriousAxeViolations, startE2E, type E2E } from './harness.ts';

const PASSWORD = 'correct horse battery 42';
const CODE_LABEL = 'Code from your authenticator app';

describeBrowser('staff sign-in with two steps', () => {
  let e: E2E;
  let areas: AreaChain;

  beforeAll(async () => {
    e = await startE2E({ defaultLocale: 'en', staff2fa: 'required' });
    areas = await insertAreaChain(e.app.ctx.db);
  });
  afterAll(async () => e?.close());

  async function signIn(p: Page, email: string): Promise<void> {
    await p.goto('/login');
    await expectNoSeriousAxeViolations(p, e);
    await p.getByLabel('Email').fill(email);
    await p.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
  }

  async function expectStaffHome(p: Page): Promise<void> {
    await p.waitForURL(/\/staff$/);
    expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe('My work');
  }

  for (const mode of JS_MODES) {
    it(`sets up two-step sign-in on first sign-in (${mode.name})`, async () => {
      const email = `first-${mode.javaScriptEnabled ? 'js' : 'nojs'}@example.test`;
      await insertStaff(e.app.ctx.db, [{ role: 'officer', areaCode: areas.district.code }], {
        email,
        password: PASSWORD,
      });
      const p = await e.newPage({ javaScriptEnabled: mode.javaScriptEnabled });
      await signIn(p, email);

      await p.waitForURL(/\/account\/2fa\/setup$/);
      await expectNoSeriousAxeViolations(p, e);
      const secret = (await p.locator('code#totp-secret').textContent())?.replace(/\s+/g, '') ?? '';
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      await p.getByLabel(CODE_LABEL).fill(authenticator.generate(secret));
      await p.getByRole('button', { name: 'Turn on two-step sign-in' }).click();

      await p.waitForURL(/\/account\/2fa\/recovery-codes$/);
      await expectNoSeriousAxeViolations(p, e);
      expect(await p.locator('main code').count()).toBeGreaterThan(0);
      const cont = p.getByRole('link', { name: 'Continue' });
      expect(await cont.getAttribute('href')).toBe('/staff');
      await cont.click();
      await expectStaffHome(p);
    }, 90_000);

    it(`asks a staff member with two-step sign-in for a code (${mode.name})`, async () => {
      const email = `again-${mode.javaScriptEnabled ? 'js' : 'nojs'}@example.test`;
      const secret = authenticator.generateSecret();
      await insertStaff(e.app.ctx.db, [{ role: 'officer', areaCode: areas.district.code }], {
        email,
        password: PASSWORD,
        totpSecret: encryptField(e.config.sessionSecret, 'totp', secret),
        totpEnabled: true,
      });
      const p = await e.newPage({ javaScriptEnabled: mode.javaScriptEnabled });

      // A wrong code keeps the person on the second step.
      await signIn(p, email);
      await p.waitForURL(/\/login\/2fa$/);
      await expectNoSeriousAxeViolations(p, e);
      const wrong = authenticator.generate(secret) === '000000' ? '111111' : '000000';
      await p.getByLabel(CODE_LABEL).fill(wrong);
      await p.getByRole('button', { name: 'Continue' }).click();
      await p.waitForLoadState();
      expect(new URL(p.url()).pathname).toBe('/login/2fa');
      await expectNoSeriousAxeViolations(p, e);

      await p.getByLabel(CODE_LABEL).fill(authenticator.generate(secret));
      await p.getByRole('button', { name: 'Continue' }).click();
      await expectStaffHome(p);
    }, 90_000);
  }

  it('does not let a staff member skip the second step', async () => {
    const email = 'skipper@example.test';
    await insertStaff(e.app.ctx.db, [{ role: 'officer', areaCode: areas.district.code }], {
      email,
      password: PASSWORD,
    });
    const p = await e.newPage({ javaScriptEnabled: false });
    await signIn(p, email);
    await p.waitForURL(/\/account\/2fa\/setup$/);
    await p.goto('/staff');
    expect(new URL(p.url()).pathname).not.toBe('/staff');
  });
});
