/**
 * SMS webhook: POST /channels/sms/webhook, called by the configured SMS gateway (by default SMS
 * Gateway for Android with the `sms:received` event). The gateway adapter checks the signature and
 * freshness on the raw body first (403, nothing parsed or stored), then reads the messages; each
 * becomes an InboundMessage for the conversation engine. Other events (sent, delivered, failed,
 * ping) are acknowledged and ignored, and so are senders that are no phone number (operators'
 * names, short codes). Numbers are stored and answered in E.164, national ones read with the
 * deployment's PHONE_COUNTRY. Replies go back through the gateway via the outbox. A
 * delivery whose every message was already handled (the gateway retried) is refused with 409;
 * one older than 5 minutes is already refused by the freshness check (403).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../context.ts';
import { PUBLIC } from '../../../plugins/access.ts';
import { AppError, ConflictError } from '../../../shared/errors.ts';
import { clock } from '../../../shared/time.ts';
import { toE164 } from './phone-number.ts';
import { SMS_GATEWAYS } from './sms.gateways.ts';
import { smsSettingsFrom, type SmsSettings } from './sms.settings.ts';
import { keepRawJsonBody } from '../raw-json-body.ts';

const ErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
});

/** The envelope every gateway event shares; the adapter reads the rest field by field. */
export const SmsWebhookBody = Type.Object(
  {
    event: Type.String({ minLength: 1, maxLength: 64 }),
    payload: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: true },
);

export const SmsWebhookAck = Type.Object(
  {
    status: Type.Literal('ok'),
    messages: Type.Integer({ minimum: 0 }),
    /** Messages already handled before (in a batch that also had new ones): nothing was done again. */
    duplicates: Type.Integer({ minimum: 0 }),
    ignored: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export async function smsRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { services, config } = opts.ctx;
  const loadSettings = async () => smsSettingsFrom(await services.channelSettings.read('sms'));

  const settingsOf = new WeakMap<FastifyRequest, SmsSettings>();

  // The signature covers the body exactly as sent.
  const raw = keepRawJsonBody(app);

  app.post(
    '/channels/sms/webhook',
    {
      config: { ...PUBLIC, csrf: false },
      schema: {
        tags: ['channels'],
        summary: 'SMS gateway webhook (sms:received), signed by the gateway',
        body: SmsWebhookBody,
        response: { 200: SmsWebhookAck, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
      preValidation: async (req) => {
        const s = await loadSettings();
        const gateway = SMS_GATEWAYS[s.gateway];
        if (!gateway || !s.signingKey)
          throw new AppError(404, 'not_configured', 'SMS is not configured on this server');
        const refusal = gateway.verify(
          { headers: req.headers, rawBody: raw.get(req) ?? Buffer.alloc(0), now: clock.now() },
          s,
        );
        if (refusal) throw new AppError(refusal.status, refusal.code, refusal.message, refusal.field);
        settingsOf.set(req, s);
      },
    },
    async (req, reply) => {
      const s = settingsOf.get(req)!;
      const parsed = SMS_GATEWAYS[s.gateway]!.parse(req.body);
      if (!parsed.ok) throw new AppError(parsed.status, parsed.code, parsed.message, parsed.field);
      let messages = 0;
      let duplicates = 0;
      let ignored = parsed.ignored;
      for (const m of parsed.messages) {
        // One chat, one address: `0555…` and `+996555…` are the same resident (PHONE_COUNTRY).
        const from = toE164(m.from, config.phoneCountry);
        if (!from) {
          ignored++; // a short code or a number of no country we could answer
          continue;
        }
        const outcome = await services.conversations.handle({
          channel: 'sms',
          address: from,
          messageId: m.messageId,
          text: m.text,
          ...(m.textCutTo ? { textCutTo: m.textCutTo } : {}),
        });
        if (outcome === 'duplicate') duplicates++;
        else messages++;
      }
      // Every message already handled: a replay, refused with 409 (the issue: replayed payloads get a
      // 4xx). The gateway only retries when it missed our 200, so the first delivery was done in
      // full: a 409 costs pointless retries (each refused at once, doing nothing) until the gateway
      // gives up, never a double send. Ignored-only events stay 200.
      if (duplicates > 0 && messages === 0)
        throw new ConflictError(
          duplicates === 1
            ? `message ${parsed.messages[0]!.messageId} was already processed`
            : `all ${duplicates} messages were already processed`,
          'id',
        );
      return reply
        .header('cache-control', 'no-store')
        .send({ status: 'ok' as const, messages, duplicates, ignored });
    },
  );
}
