/**
 * An admin configures the Telegram channel and sends a test message in a real browser (JavaScript
 * off and on), with labels only: the secrets are never shown back, the message goes through the
 * outbox to a local Bot API server, and a failed message appears on the outbox page and can be sent
 * again; the webhook is registered with that server (its refusal shown next to the button first).
 * An SMS gateway URL without `/messages` (a 404) shows as a configuration problem in the SMS
 * section. axe-core finds nothing serious.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { drainOutbox } from '../src/modules/channels/channels.test-helpers.ts';
import { startFakeSmsGateway } from '../src/modules/channels/sms/sms.test-helpers.ts';
import { adminActorOf } from '../src/modules/channels/channels.test-helpers.ts';
import { FakeBotApi } from '../src/modules/channels/telegram/telegram.test-server.ts';
import { createSession, insertAreaChain, insertStaff } from '../test/factories.ts';
import { JS_MODES, describeBrowser, expectNoSeriousAxeViolations, startE2E, type E2E } from './harness.ts';

describeBrowser('channel administration', () => {
  let e: E2E;
  const bot = new FakeBotApi();

  beforeAll(async () => {
    await bot.start();
    e = await startE2E({ defaultLocale: 'en' });
    await insertAreaChain(e.app.ctx.db);
  });
  afterAll(async () => {
    await e?.close();
    await bot.stop();
  });

  for (const mode of JS_MODES) {
    it(`configures Telegram and sends a test message (${mode.name})`, async () => {
      const tag = mode.javaScriptEnabled ? 'js' : 'nojs';
      const token = `4242:token-${tag}-do-not-show`;
      const admin = await insertStaff(e.app.ctx.db, [{ role: 'admin', areaCode: 'KG' }]);
      const sid = await createSession(e.app, admin.id);
      const p = await e.newPage({ javaScriptEnabled: mode.javaScriptEnabled });
      p.setDefaultTimeout(20_000);
      await p.context().addCookies([{ name: 'sid', value: sid, url: e.baseUrl, httpOnly: true }]);

      await p.goto('/staff');
      await p.getByRole('link', { name: 'Messaging channels (Telegram, WhatsApp, SMS)' }).click();
      await p.waitForURL(/\/admin\/channels$/);
      await expectNoSeriousAxeViolations(p, e);
      const telegram = p.getByRole('region', { name: 'Telegram' });
      await telegram.getByLabel('Bot token (from @BotFather)').fill(token);
      await telegram
        .getByLabel('Webhook secret token (the secret_token given to setWebhook)')
        .fill(`whsec-${tag}`);
      await telegram.getByLabel('Bot API address (empty: https://api.telegram.org)').fill('not a url');
      await telegram.getByRole('button', { name: 'Save Telegram settings' }).click();
      await expect.poll(() => p.getByRole('alert').isVisible()).toBe(true);
      await expectNoSeriousAxeViolations(p, e);
      expect(await p.content()).not.toContain(token);

      await telegram.getByLabel('Bot token (from @BotFather)').fill(token);
      await telegram
        .getByLabel('Webhook secret token (the secret_token given to setWebhook)')
        .fill(`whsec-${tag}`);
      await telegram.getByLabel('Bot API address (empty: https://api.telegram.org)').fill(bot.url);
      await telegram.getByRole('button', { name: 'Save Telegram settings' }).click();
      await p.waitForURL(/saved=telegram/);
      expect(await p.getByRole('status').textContent()).toBe('Telegram settings saved.');
      expect(await p.content()).not.toContain(token);
      expect(await telegram.getByText('A value is set.').count()).toBe(2);

      // Register the webhook: Telegram refuses a plain-http PUBLIC_URL, next to the button; a local
      // Bot API server (--local) takes it, and the page then reports where Telegram delivers.
      bot.allowHttpWebhooks = false;
      const registerButton = telegram.getByRole('button', { name: 'Register the webhook with Telegram' });
      await registerButton.click();
      await expect.poll(() => p.getByRole('alert').isVisible()).toBe(true);
      expect(await p.locator('#telegram-webhook-register-error').textContent()).toContain(
        'An HTTPS URL must be provided for webhook',
      );
      await expectNoSeriousAxeViolations(p, e);
      bot.allowHttpWebhooks = true;
      await registerButton.click();
      await p.waitForURL(/webhook=set/);
      expect(await p.getByRole('status').textContent()).toMatch(/^Telegram accepted the webhook/);
      expect(await telegram.getByText(/^Telegram sends the bot's messages to http/).count()).toBe(1);
      expect(bot.webhook.secret_token).toBe(`whsec-${tag}`);
      expect(await p.content()).not.toContain(`whsec-${tag}`);

      // A blocked chat: the message fails and shows on the outbox page, without address or words.
      bot.failures.push({
        status: 403,
        error_code: 403,
        description: 'Forbidden: bot was blocked by the user',
      });
      await telegram.getByLabel('Send a test message to (chat id or phone number)').fill(`9${tag.length}01`);
      await telegram.getByRole('button', { name: 'Send Telegram test message' }).click();
      await p.waitForURL(/sent=telegram/);
      await drainOutbox(e.app);
      await p.getByRole('link', { name: 'Outbox: messages waiting or failed' }).click();
      await p.waitForURL(/\/admin\/channels\/outbox$/);
      await expectNoSeriousAxeViolations(p, e);
      expect(await p.getByRole('cell', { name: /bot was blocked/ }).count()).toBe(1);
      await p.getByRole('button', { name: 'Send again' }).first().click();
      await p.waitForURL(/retried=1/);
      expect(await p.getByRole('status').textContent()).toBe('The message is queued again.');
      await drainOutbox(e.app);
      expect(bot.sent(`9${tag.length}01`)).toHaveLength(1);
      expect(bot.calls.at(-1)!.token).toBe(token);
    }, 120_000);
  }

  it('shows a 404 from the SMS gateway as a configuration problem of the SMS section', async () => {
    // An app too old for /messages (or a wrong URL): the gateway answers 404 there.
    const gw = await startFakeSmsGateway('sms', 'pw', { paths: ['/message'] });
    try {
      const admin = await insertStaff(e.app.ctx.db, [{ role: 'admin', areaCode: 'KG' }]);
      const actor = adminActorOf(admin.id);
      await e.app.ctx.services.channelSettings.update(actor, 'sms', {
        values: { gateway_url: gw.url, login: 'sms', password: 'pw', signing_key: 'k' },
      });
      await e.app.ctx.services.outbox.sendTest(actor, {
        channel: 'sms',
        address: '0555 123 456',
        text: 'Test',
      });
      await drainOutbox(e.app);
      const sid = await createSession(e.app, admin.id);
      const p = await e.newPage({ javaScriptEnabled: false });
      await p.context().addCookies([{ name: 'sid', value: sid, url: e.baseUrl, httpOnly: true }]);
      await p.goto('/admin/channels');
      const problem = p.getByRole('region', { name: 'SMS' }).getByRole('alert');
      expect(await problem.textContent()).toMatch(/SMS gateway answered HTTP 404.*check the gateway URL/);
      await expectNoSeriousAxeViolations(p, e);
    } finally {
      await gw.close();
    }
  }, 60_000);
});
