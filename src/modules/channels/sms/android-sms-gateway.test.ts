import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMS_KEPT_TEXT, androidSmsGateway, signBody } from './android-sms-gateway.ts';
import { ChannelConfigurationError } from '../channel.types.ts';
import { SmsPermanentError, type SmsGatewaySettings } from './sms.gateway.ts';
import { signedHeaders, smsReceived, startFakeSmsGateway, type FakeSmsGateway } from './sms.test-helpers.ts';

const KEY = 'signing-key-1234';
const NOW = new Date('2026-11-29T00:00:00Z');
const settings: SmsGatewaySettings = { url: '', login: '', password: '', signingKey: KEY };
const verify = (raw: string, headers: Record<string, string>, now = NOW) =>
  androidSmsGateway.verify({ rawBody: Buffer.from(raw), headers, now }, settings);

describe('SMS Gateway for Android: webhook signature', () => {
  const raw = JSON.stringify(smsReceived('+996555123456', 'Салам'));

  it('accepts the documented HMAC-SHA256(key, raw body + X-Timestamp), hex', () => {
    expect(verify(raw, signedHeaders(KEY, raw, NOW))).toBeNull();
    // The docs' JavaScript example, computed independently.
    const ts = String(NOW.getTime() / 1000);
    expect(signBody(KEY, raw, ts)).toBe(
      createHmac('sha256', KEY)
        .update(raw + ts)
        .digest('hex'),
    );
  });

  it('refuses missing, malformed or wrong signatures, another key, and stale timestamps', () => {
    const h = signedHeaders(KEY, raw, NOW);
    expect(verify(raw, {})).toMatchObject({ status: 403, field: 'x-timestamp' });
    expect(verify(raw, { ...h, 'x-signature': 'zz' })).toMatchObject({ status: 403, field: 'x-signature' });
    expect(verify(raw + ' ', h)).toMatchObject({ status: 403, code: 'bad_signature' });
    expect(verify(raw, signedHeaders('other-key', raw, NOW))).toMatchObject({
      status: 403,
      code: 'bad_signature',
    });
    // A correctly signed request replayed six minutes later.
    expect(verify(raw, h, new Date(NOW.getTime() + 6 * 60_000))).toMatchObject({
      status: 403,
      code: 'stale',
    });
    expect(verify(raw, h, new Date(NOW.getTime() - 6 * 60_000))).toMatchObject({
      status: 403,
      code: 'stale',
    });
    expect(verify(raw, h, new Date(NOW.getTime() + 4 * 60_000))).toBeNull();
    expect(
      androidSmsGateway.verify(
        { rawBody: Buffer.from(raw), headers: h, now: NOW },
        { ...settings, signingKey: '' },
      ),
    ).toMatchObject({
      status: 403,
      code: 'not_configured',
    });
  });

  it('property: random headers and bodies never pass and never throw', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.dictionary(
          fc.constantFrom('x-signature', 'x-timestamp', 'content-type'),
          fc.string({ maxLength: 80 }),
        ),
        (body, headers) => {
          const r = verify(body, headers);
          expect(r).not.toBeNull();
          expect(r!.status).toBe(403);
        },
      ),
    );
  });
});

describe('SMS Gateway for Android: webhook payloads', () => {
  it('reads sms:received as in the documentation', () => {
    const doc = {
      deviceId: 'ffffffffceb0b1db0000018e937c815b',
      event: 'sms:received',
      id: 'Ey6ECgOkVVFjz3CL48B8C',
      payload: {
        messageId: 'abc123',
        message: 'Android is always a sweet treat!',
        phoneNumber: '6505551212',
        simNumber: 1,
        receivedAt: '2024-06-22T15:46:11.000+07:00',
      },
      webhookId: 'LreFUt-Z3sSq0JufY9uWB',
    };
    expect(androidSmsGateway.parse(doc)).toEqual({
      ok: true,
      ignored: 0,
      messages: [
        { from: '6505551212', messageId: 'Ey6ECgOkVVFjz3CL48B8C', text: 'Android is always a sweet treat!' },
      ],
    });
  });

  // The payload of today's app: SmsReceivedPayload in capcom6/android-sms-gateway
  // app/src/main/assets/api/swagger.json and modules/webhooks/payload/SmsEventPayload.kt —
  // `sender` and `recipient`, with `phoneNumber` deprecated ("Use sender for received events").
  it('reads `sender` first, the deprecated `phoneNumber` only when it is missing', () => {
    const current = {
      deviceId: 'PyDmBQZZXYmyxMwED8Fzy',
      event: 'sms:received',
      id: 'Ey6ECgOkVVFjz3CL48B8D',
      payload: {
        messageId: 'abc124',
        message: 'Жардам керек',
        sender: '+996555123456',
        recipient: '+996700000001',
        simNumber: 1,
        receivedAt: '2026-11-29T15:46:11.000+06:00',
      },
      webhookId: 'LreFUt-Z3sSq0JufY9uWB',
    };
    expect(androidSmsGateway.parse(current)).toEqual({
      ok: true,
      ignored: 0,
      messages: [{ from: '+996555123456', messageId: 'Ey6ECgOkVVFjz3CL48B8D', text: 'Жардам керек' }],
    });
    // Both present and (in a gateway bug or a forwarded message) different: `sender` wins.
    const both = { ...current, payload: { ...current.payload, phoneNumber: '+996700000001' } };
    expect(androidSmsGateway.parse(both)).toMatchObject({ messages: [{ from: '+996555123456' }] });
    // An older app: `phoneNumber` alone.
    expect(androidSmsGateway.parse(smsReceived('0555 123-456', 'Салам', 'legacy'))).toMatchObject({
      ok: true,
      messages: [{ from: '0555123456' }],
    });
    // Neither: the refusal names the field the app should have sent.
    const none = { ...current, payload: { ...current.payload, sender: undefined } };
    expect(androidSmsGateway.parse(JSON.parse(JSON.stringify(none)))).toMatchObject({
      ok: false,
      status: 400,
      field: 'payload.phoneNumber',
    });
  });

  it('a text longer than we keep (a phone may join up to 255 parts) is cut, never refused', () => {
    // 2 + 400 × 20 UTF-16 units: the 4000th unit is the first half of an emoji.
    const long = 'А:' + 'Көчөдө жарык жок 🌙 '.repeat(400);
    const r = androidSmsGateway.parse(smsReceived('+996555123456', long, 'sender-only'));
    expect(r.ok).toBe(true);
    const m = (r as { messages: Array<{ text: string; textCutTo?: number }> }).messages[0]!;
    expect(m.textCutTo).toBe(SMS_KEPT_TEXT);
    expect(m.text.length).toBeLessThanOrEqual(SMS_KEPT_TEXT);
    expect(long.startsWith(m.text)).toBe(true);
    expect(m.text).not.toMatch(/[\uD800-\uDBFF]$/);
  });

  it('ignores other events and alphanumeric senders; refuses broken shapes with the field', () => {
    expect(androidSmsGateway.parse({ event: 'sms:delivered', payload: {} })).toEqual({
      ok: true,
      messages: [],
      ignored: 1,
    });
    expect(androidSmsGateway.parse({ event: 'system:ping', payload: { health: {} } })).toMatchObject({
      ok: true,
      messages: [],
    });
    expect(androidSmsGateway.parse(smsReceived('Beeline', 'Бонус!'))).toEqual({
      ok: true,
      messages: [],
      ignored: 1,
    });
    expect(androidSmsGateway.parse([])).toMatchObject({ ok: false, status: 400, field: 'body' });
    expect(androidSmsGateway.parse({ event: 'sms:received' })).toMatchObject({ ok: false, field: 'payload' });
    expect(
      androidSmsGateway.parse({ event: 'sms:received', id: 'x', payload: { message: 1, phoneNumber: '+1' } }),
    ).toMatchObject({
      ok: false,
      field: 'payload.message',
    });
    expect(
      androidSmsGateway.parse({
        event: 'sms:received',
        payload: { message: 'a', phoneNumber: '+996555000111' },
      }),
    ).toMatchObject({
      ok: false,
      field: 'id',
    });
  });

  it('property: junk bodies are refused or give replyable numbers, never throw', () => {
    const valid = JSON.stringify(smsReceived('+996555123456', 'Жардам'));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue({ maxDepth: 4 }),
          fc.nat({ max: valid.length }).map((n) => {
            try {
              return JSON.parse(valid.slice(0, n)) as unknown;
            } catch {
              return null;
            }
          }),
          fc.record({
            event: fc.constant('sms:received'),
            id: fc.string(),
            payload: fc.jsonValue({ maxDepth: 2 }),
          }),
        ),
        (body) => {
          const r = androidSmsGateway.parse(body);
          if (r.ok) for (const m of r.messages) expect(m.from).toMatch(/^\+?[0-9]{3,20}$/);
          else expect(r.status).toBe(400);
        },
      ),
    );
  });
});

describe('SMS Gateway for Android: sending through a local gateway', () => {
  let gw: FakeSmsGateway;
  let s: SmsGatewaySettings;
  beforeAll(async () => {
    gw = await startFakeSmsGateway();
    s = { url: gw.url, login: gw.login, password: gw.password, signingKey: KEY };
  });
  afterAll(async () => gw.close());

  it('posts textMessage and phoneNumbers with basic auth', async () => {
    await androidSmsGateway.send(s, '+996555123456', 'Кайрылууңуз кабыл алынды');
    expect(gw.sent).toEqual([{ to: '+996555123456', text: 'Кайрылууңуз кабыл алынды' }]);
  });

  it('sends to /messages, not the legacy /message; an app without /messages is a configuration error', async () => {
    const modern = await startFakeSmsGateway('sms', 'pw', { paths: ['/messages'] });
    const old = await startFakeSmsGateway('sms', 'pw', { paths: ['/message'] });
    try {
      await androidSmsGateway.send(
        { ...s, url: modern.url, login: 'sms', password: 'pw' },
        '+996555123456',
        'x',
      );
      expect(modern.sent).toHaveLength(1);
      const e = await androidSmsGateway
        .send({ ...s, url: old.url, login: 'sms', password: 'pw' }, '+996555123456', 'x')
        .catch((err: unknown) => err);
      // Not "permanent": every message would fail alike until the URL is fixed, then all go.
      expect(e).toBeInstanceOf(ChannelConfigurationError);
      expect(e).not.toBeInstanceOf(SmsPermanentError);
      expect((e as Error).message).toMatch(/HTTP 404.*gateway URL/);
    } finally {
      await modern.close();
      await old.close();
    }
  });

  it('400 is permanent; 401, 5xx and an unreachable gateway are retried', async () => {
    gw.failNext(1, 400);
    await expect(androidSmsGateway.send(s, '+996555123456', 'x')).rejects.toBeInstanceOf(SmsPermanentError);
    gw.failNext(1, 500);
    const e = await androidSmsGateway.send(s, '+996555123456', 'x').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(SmsPermanentError);
    const auth = await androidSmsGateway
      .send({ ...s, password: 'wrong' }, '+996555123456', 'x')
      .catch((err: unknown) => err);
    expect(auth).not.toBeInstanceOf(SmsPermanentError);
    const down = await androidSmsGateway
      .send({ ...s, url: 'http://127.0.0.1:1' }, '+996555123456', 'x')
      .catch((err: unknown) => err);
    expect((down as Error).message).toMatch(/unreachable/);
    await expect(androidSmsGateway.send({ ...s, url: '' }, '+1', 'x')).rejects.toBeInstanceOf(
      SmsPermanentError,
    );
  });
});
