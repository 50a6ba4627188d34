/**
 * SMS Gateway for Android (the open-source `android-sms-gateway` app, docs.sms-gate.app), in Local,
 * Cloud or Private server mode.
 *
 * Webhooks (register the `sms:received` event for POST {PUBLIC_URL}/channels/sms/webhook):
 *   body    { deviceId, event: 'sms:received', id, webhookId,
 *             payload: { messageId, message, sender, recipient, simNumber, receivedAt,
 *                        phoneNumber (deprecated: same as sender, absent in newer versions) } }
 *   headers X-Signature: hex HMAC-SHA256(signing key, raw body + X-Timestamp)
 *           X-Timestamp: unix seconds (accepted within ±5 minutes, so an old request cannot be replayed)
 * `payload.messageId` is derived from the content and not unique; the event `id` is, and it stays the
 * same when the app retries a delivery.
 *
 * Sending: POST {url}/messages, HTTP Basic auth, { textMessage: { text }, phoneNumbers: [to], ttl }
 * (the app's swagger.json; the singular `/message` is the legacy alias marked for removal). The
 * URL is the device's address (Local server) or https://api.sms-gate.app/3rdparty/v1 (Cloud): a
 * 404 there means the URL is wrong, not the message — a configuration error, retried and shown on
 * /admin/channels until someone fixes the URL.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { cutText, maskNumbers } from '../channel-text.ts';
import { ChannelConfigurationError } from '../channel.types.ts';
import {
  REPLYABLE_NUMBER,
  SmsPermanentError,
  type SmsGateway,
  type SmsGatewaySettings,
  type SmsReceived,
  type WebhookParse,
  type WebhookRefusal,
  type WebhookRequest,
} from './sms.gateway.ts';

export const TIMESTAMP_TOLERANCE_S = 300;
const TIMEOUT_MS = 20_000;
/** A reply nobody could deliver within a day is stale: the gateway drops it instead of sending it late. */
const TTL_S = 86_400;
/** What the engine keeps of a text: a longer one (a phone may join 255 parts) is cut, never refused. */
export const SMS_KEPT_TEXT = 4_000;

function header(req: WebhookRequest, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

export function signBody(signingKey: string, rawBody: Buffer | string, timestamp: string): string {
  return createHmac('sha256', signingKey).update(rawBody).update(timestamp).digest('hex');
}

const refuse = (
  status: WebhookRefusal['status'],
  code: string,
  message: string,
  field?: string,
): WebhookRefusal => ({
  status,
  code,
  message,
  ...(field ? { field } : {}),
});

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export const androidSmsGateway: SmsGateway = {
  id: 'android-sms-gateway',

  verify(req: WebhookRequest, settings: SmsGatewaySettings): WebhookRefusal | null {
    const ts = header(req, 'x-timestamp');
    const sig = header(req, 'x-signature');
    if (!settings.signingKey) return refuse(403, 'not_configured', 'no webhook signing key is configured');
    if (!ts || !/^\d{1,12}$/.test(ts.trim()))
      return refuse(403, 'bad_signature', 'X-Timestamp must be unix seconds', 'x-timestamp');
    if (!sig || !/^[0-9a-fA-F]{64}$/.test(sig.trim()))
      return refuse(403, 'bad_signature', 'X-Signature must be a hex HMAC-SHA256', 'x-signature');
    const expected = Buffer.from(signBody(settings.signingKey, req.rawBody, ts.trim()), 'hex');
    const given = Buffer.from(sig.trim(), 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return refuse(403, 'bad_signature', 'X-Signature does not match the body', 'x-signature');
    // Checked after the signature, so the answer says nothing about timestamps to an unsigned caller.
    const skew = Math.abs(req.now.getTime() / 1000 - Number(ts.trim()));
    if (skew > TIMESTAMP_TOLERANCE_S)
      return refuse(
        403,
        'stale',
        'X-Timestamp is more than 5 minutes away: refused as a replay',
        'x-timestamp',
      );
    return null;
  },

  parse(body: unknown): WebhookParse {
    if (!isObj(body)) return { ok: false, ...refuse(400, 'invalid', 'body must be a JSON object', 'body') };
    if (typeof body.event !== 'string' || body.event.length === 0 || body.event.length > 64)
      return { ok: false, ...refuse(400, 'invalid', 'event must be a string', 'event') };
    if (body.event !== 'sms:received') return { ok: true, messages: [], ignored: 1 };
    const p = body.payload;
    if (!isObj(p)) return { ok: false, ...refuse(400, 'invalid', 'payload must be an object', 'payload') };
    if (typeof p.message !== 'string')
      return {
        ok: false,
        ...refuse(400, 'invalid', 'payload.message must be a text', 'payload.message'),
      };
    // `sender` since the app's 1.x payload split; `phoneNumber` is its deprecated twin, still read
    // from older versions of the app that send nothing else.
    const senderField = typeof p.sender === 'string' && p.sender.length > 0 ? 'sender' : 'phoneNumber';
    const sender = p[senderField];
    if (typeof sender !== 'string' || sender.length === 0 || sender.length > 64)
      return {
        ok: false,
        ...refuse(400, 'invalid', 'payload.sender must be a phone number', `payload.${senderField}`),
      };
    const eventId =
      typeof body.id === 'string' && body.id.length > 0 && body.id.length <= 200 ? body.id : undefined;
    const messageId =
      typeof p.messageId === 'string' && p.messageId.length > 0 && p.messageId.length <= 200
        ? p.messageId
        : undefined;
    const receivedAt = typeof p.receivedAt === 'string' ? p.receivedAt.slice(0, 64) : '';
    // The event id is unique per event; without it, the content-derived message id plus its time.
    const id = eventId ?? (messageId && receivedAt ? `${messageId}@${receivedAt}` : undefined);
    if (!id)
      return {
        ok: false,
        ...refuse(400, 'invalid', 'id (or payload.messageId and receivedAt) is required', 'id'),
      };
    const from = sender.replace(/[\s().-]/g, '');
    // Alphanumeric senders (operators, shops) cannot be answered: acknowledged and ignored.
    if (!REPLYABLE_NUMBER.test(from)) return { ok: true, messages: [], ignored: 1 };
    const text = cutText(p.message, SMS_KEPT_TEXT);
    const msg: SmsReceived = {
      from,
      messageId: id,
      text,
      ...(text.length < p.message.length ? { textCutTo: SMS_KEPT_TEXT } : {}),
    };
    return { ok: true, messages: [msg], ignored: 0 };
  },

  async send(settings: SmsGatewaySettings, to: string, text: string): Promise<void> {
    if (!settings.url) throw new SmsPermanentError('no SMS gateway URL is configured');
    const url = `${settings.url.replace(/\/+$/, '')}/messages`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        redirect: 'error',
        signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: {
          authorization: 'Basic ' + Buffer.from(`${settings.login}:${settings.password}`).toString('base64'),
          'content-type': 'application/json',
        },
        body: JSON.stringify({ textMessage: { text }, phoneNumbers: [to], ttl: TTL_S }),
      });
    } catch (err) {
      throw new Error(`SMS gateway unreachable: ${(err as Error).message}`);
    }
    if (res.ok) return;
    // Shown on the admin page: numbers that could be a resident's phone are masked.
    const detail = maskNumbers((await res.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' '));
    const message = `SMS gateway answered HTTP ${res.status} ${detail}`.trim();
    // No such path: the gateway URL is wrong (a typo, the Cloud URL without /3rdparty/v1, an app too
    // old for /messages). Every message would fail alike; fixing the URL makes them all go.
    if (res.status === 404 || res.status === 405)
      throw new ChannelConfigurationError(
        // Not the URL itself: its IP address would read as a phone number and be masked.
        `${message} for /messages: check the gateway URL (the device's address, or https://api.sms-gate.app/3rdparty/v1)`,
      );
    // 400/413/422: this request can never succeed; 401/403/429/5xx: configuration or load, retry later.
    if ([400, 413, 422].includes(res.status)) throw new SmsPermanentError(message);
    throw new Error(message);
  },
};
