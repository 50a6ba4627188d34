/**
 * The WhatsApp sender against a local Graph API server: rendering by locale, the 24-hour window
 * (template fallback), and which failures are permanent (shown to admins at once) or retried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { I18n } from '../../../shared/i18n.ts';
import { PermanentSendError } from '../channel.types.ts';
import { PHONE_NUMBER_ID } from './whatsapp.fixtures.ts';
import { createWhatsAppSender } from './whatsapp.sender.ts';
import { whatsappSettingsFrom, type WhatsAppSettings } from './whatsapp.settings.ts';
import { startFakeGraph, type FakeGraph } from './whatsapp.test-helpers.ts';
import { RE_ENGAGEMENT_REQUIRED } from './whatsapp.wire.ts';

const TO = '996555000777';
const i18n = new I18n();

describe('WhatsApp sender', () => {
  let graph: FakeGraph;
  let settings: WhatsAppSettings;
  const sender = () => createWhatsAppSender({ settings: async () => settings, i18n, defaultLocale: 'ky' });
  const fail = (n: number, status: number, code: number) => graph.failNext(n, status, code);

  beforeAll(async () => {
    graph = await startFakeGraph();
  });
  afterAll(async () => graph.close());

  const configure = (extra: Record<string, string> = {}) => {
    settings = whatsappSettingsFrom({
      phone_number_id: PHONE_NUMBER_ID,
      access_token: graph.token,
      graph_base_url: graph.baseUrl + '/',
      graph_version: graph.version,
      ...extra,
    });
  };

  it('sends lists with the list button in the resident’s language', async () => {
    configure();
    const choices = ['a', 'b', 'c', 'd'].map((x) => ({ id: x, label: `Вариант ${x}` }));
    await sender().send(TO, { text: 'Выберите', choices, locale: 'ru' });
    expect(graph.sent.at(-1)!.body).toMatchObject({ to: TO, interactive: { action: { button: 'Выбрать' } } });
    await sender().send(TO, { text: 'Тандаңыз', choices });
    expect(graph.sent.at(-1)!.body).toMatchObject({ interactive: { action: { button: 'Тандаңыз' } } });
  });

  it('after the 24-hour window, sends the configured template instead', async () => {
    configure({ template_name: 'ishenim_update', template_language: '' });
    fail(1, 400, RE_ENGAGEMENT_REQUIRED);
    await sender().send(TO, { text: 'R-7K3M-9QXD: иш бүттү.\nРахмат!', locale: 'ky' });
    const sent = graph.sent.at(-1)!.body;
    expect(sent).toMatchObject({
      type: 'template',
      template: { name: 'ishenim_update', language: { code: 'ky_KG' } },
    });
    expect(JSON.stringify(sent)).toContain('R-7K3M-9QXD: иш бүттү. Рахмат!');
  });

  it('without a template, the re-engagement refusal is permanent with a clear reason', async () => {
    configure();
    fail(1, 400, RE_ENGAGEMENT_REQUIRED);
    const err = await sender()
      .send(TO, { text: 'x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentSendError);
    expect((err as Error).message).toMatch(/24 hours/);
  });

  it('4xx is permanent; 429, 5xx, a bad token or an unreachable API are retried', async () => {
    configure();
    fail(1, 400, 131026);
    await expect(sender().send(TO, { text: 'x' })).rejects.toBeInstanceOf(PermanentSendError);
    for (const [status, code] of [
      [429, 130429],
      [500, 1],
      [503, 2],
    ] as const) {
      fail(1, status, code);
      const err = await sender()
        .send(TO, { text: 'x' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(PermanentSendError);
    }
    settings = { ...settings, accessToken: 'expired' };
    const auth = await sender()
      .send(TO, { text: 'x' })
      .catch((e: unknown) => e);
    expect(auth).not.toBeInstanceOf(PermanentSendError);
    settings = { ...settings, graphBaseUrl: 'http://127.0.0.1:1' };
    const down = await sender()
      .send(TO, { text: 'x' })
      .catch((e: unknown) => e);
    expect(down).not.toBeInstanceOf(PermanentSendError);
  });

  it('refuses to send when not configured, without calling anyone', async () => {
    settings = whatsappSettingsFrom({});
    const before = graph.sent.length;
    await expect(sender().send(TO, { text: 'x' })).rejects.toBeInstanceOf(PermanentSendError);
    expect(graph.sent.length).toBe(before);
  });
});
