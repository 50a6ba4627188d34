/** The SMS sender against a local SMS Gateway for Android: numbered choices, failure classes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentSendError } from '../channel.types.ts';
import { createSmsSender } from './sms.sender.ts';
import { smsSettingsFrom, type SmsSettings } from './sms.settings.ts';
import { startFakeSmsGateway, type FakeSmsGateway } from './sms.test-helpers.ts';

const TO = '+996770000555';

describe('SMS sender', () => {
  let gw: FakeSmsGateway;
  let settings: SmsSettings;
  const sender = () => createSmsSender(async () => settings);

  beforeAll(async () => {
    gw = await startFakeSmsGateway();
    settings = smsSettingsFrom({
      gateway: 'no-such-gateway',
      gateway_url: gw.url + '/',
      login: gw.login,
      password: gw.password,
      signing_key: 'k',
    });
  });
  afterAll(async () => gw.close());

  it('sends the text with the choices as a numbered list (unknown gateway ids fall back to the default)', async () => {
    await sender().send(TO, {
      text: 'Көйгөй чечилдиби?',
      choices: [
        { id: 'fb:1:yes', label: 'Ооба' },
        { id: 'fb:1:no', label: 'Жок' },
      ],
    });
    expect(gw.sent.at(-1)).toEqual({ to: TO, text: 'Көйгөй чечилдиби?\n1 Ооба\n2 Жок' });
  });

  it('a refused request is permanent; a server error or wrong password is retried', async () => {
    gw.failNext(1, 400);
    await expect(sender().send(TO, { text: 'x' })).rejects.toBeInstanceOf(PermanentSendError);
    gw.failNext(1, 502);
    const e = await sender()
      .send(TO, { text: 'x' })
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(PermanentSendError);
    const saved = settings;
    settings = { ...settings, password: 'wrong' };
    const auth = await sender()
      .send(TO, { text: 'x' })
      .catch((err: unknown) => err);
    expect(auth).not.toBeInstanceOf(PermanentSendError);
    settings = { ...saved, url: '' };
    await expect(sender().send(TO, { text: 'x' })).rejects.toBeInstanceOf(PermanentSendError);
    settings = saved;
  });

  it('masks numbers in the gateway’s error text kept for the admin page', async () => {
    gw.failNext(1, 400);
    const e = (await sender()
      .send(TO, { text: 'x' })
      .catch((err: unknown) => err)) as Error;
    expect(e.message).not.toMatch(/\d{5,}/);
  });
});
