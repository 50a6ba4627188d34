/**
 * WhatsApp Cloud API webhooks.
 *
 * GET  /channels/whatsapp/webhook  Meta's subscription check: hub.mode=subscribe, hub.verify_token
 *                                  equal to the configured verify token → the hub.challenge, as text.
 * POST /channels/whatsapp/webhook  Notifications. The raw body must carry a valid
 *                                  `X-Hub-Signature-256` (HMAC-SHA256 with the app secret) or the
 *                                  request is refused (403) before anything is parsed or stored.
 *                                  Each resident message becomes an InboundMessage for the
 *                                  conversation engine, each on its own (an unreadable one is dropped,
 *                                  never the whole delivery); reactions, edits, deletions and system
 *                                  notices are acknowledged silently. Delivery statuses are mapped onto
 *                                  the outbox row of the message by its wamid (a `failed` one with
 *                                  131047 re-sends it through the configured template).
 *                                  A replayed delivery — every message in it already handled — is
 *                                  refused with 409 and does nothing; a delivery mixing new and
 *                                  already-seen messages handles the new ones (200, `duplicates`
 *                                  counted). Status-only deliveries are always 200.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../context.ts';
import { PUBLIC } from '../../../plugins/access.ts';
import { AppError, ConflictError } from '../../../shared/errors.ts';
import { safeEqual } from '../../../shared/crypto.ts';
import { MAX_PHOTO_BYTES } from '../../reports/photos.store.ts';
import type { InboundMessage } from '../channel.types.ts';
import { downloadGraphMedia } from './whatsapp.client.ts';
import { canReceive, whatsappSettingsFrom, type WhatsAppSettings } from './whatsapp.settings.ts';
import {
  parseWebhook,
  RE_ENGAGEMENT_REQUIRED,
  verifyHubSignature,
  type WhatsAppEvent,
} from './whatsapp.wire.ts';
import { keepRawJsonBody } from '../raw-json-body.ts';

const ErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
});

export const VerifyQuery = Type.Object(
  {
    'hub.mode': Type.Optional(Type.String({ maxLength: 40 })),
    'hub.verify_token': Type.Optional(Type.String({ maxLength: 2000 })),
    'hub.challenge': Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/**
 * Only the envelope is checked by schema; parseWebhook reads the rest field by field (Meta adds
 * fields over time: they are ignored, never stored).
 */
export const WebhookBody = Type.Object(
  {
    object: Type.String({ maxLength: 100 }),
    entry: Type.Array(Type.Object({}, { additionalProperties: true }), { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: true },
);

export const WebhookAck = Type.Object(
  {
    status: Type.Literal('ok'),
    /** Resident messages handled by the conversation engine. */
    messages: Type.Integer({ minimum: 0 }),
    /** Messages already handled before (in a delivery that also had new ones): nothing was done again. */
    duplicates: Type.Integer({ minimum: 0 }),
    /** Delivery-status notifications about messages we sent (mapped onto their outbox rows). */
    statuses: Type.Integer({ minimum: 0 }),
    /** Messages acknowledged without an answer: reactions, edits, deletions, system notices, unreadable ones. */
    ignored: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

const MAX_CHOICE_ID = 64;
const CHALLENGE = /^[A-Za-z0-9_.-]{1,200}$/;

/** The InboundMessage for one webhook event. Photos are fetched only when the engine asks. */
export function toInbound(e: WhatsAppEvent, s: WhatsAppSettings): InboundMessage {
  const base: InboundMessage = { channel: 'whatsapp', address: e.from, messageId: e.messageId };
  switch (e.kind) {
    case 'text':
      return { ...base, text: e.text };
    case 'choice':
      // Our choice ids are short; a longer one is not ours (an old template button): its title may still match.
      return e.choice.length <= MAX_CHOICE_ID ? { ...base, choice: e.choice } : { ...base, text: e.title };
    case 'location':
      return { ...base, location: { lat: e.lat, lon: e.lon } };
    case 'image': {
      const cfg = {
        baseUrl: s.graphBaseUrl,
        version: s.graphVersion,
        accessToken: s.accessToken,
        phoneNumberId: s.phoneNumberId,
      };
      return {
        ...base,
        ...(e.caption ? { text: e.caption } : {}),
        photo: { fetch: () => downloadGraphMedia(cfg, e.mediaId, MAX_PHOTO_BYTES) },
      };
    }
    case 'unsupported':
      // Voice notes, stickers, documents…: the engine answers with the short help; nothing is kept.
      return { ...base, unsupported: true };
  }
}

export async function whatsappRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { services } = opts.ctx;
  const loadSettings = async () => whatsappSettingsFrom(await services.channelSettings.read('whatsapp'));

  const settingsOf = new WeakMap<FastifyRequest, WhatsAppSettings>();

  // The signature covers the body exactly as sent.
  const raw = keepRawJsonBody(app);

  app.get(
    '/channels/whatsapp/webhook',
    {
      config: { ...PUBLIC },
      schema: {
        tags: ['channels'],
        summary: 'WhatsApp webhook subscription check (hub.challenge echo)',
        querystring: VerifyQuery,
        response: { 200: Type.String(), 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const s = await loadSettings();
      if (!s.verifyToken)
        throw new AppError(404, 'not_configured', 'WhatsApp is not configured on this server');
      const q = req.query as Static<typeof VerifyQuery>;
      if (q['hub.mode'] !== 'subscribe')
        throw new AppError(400, 'invalid', "hub.mode must be 'subscribe'", 'hub.mode');
      if (!q['hub.challenge'] || !CHALLENGE.test(q['hub.challenge']))
        throw new AppError(400, 'invalid', 'hub.challenge is missing or malformed', 'hub.challenge');
      if (!safeEqual(q['hub.verify_token'] ?? '', s.verifyToken))
        throw new AppError(403, 'forbidden', 'hub.verify_token does not match', 'hub.verify_token');
      return reply
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send(q['hub.challenge']);
    },
  );

  app.post(
    '/channels/whatsapp/webhook',
    {
      config: { ...PUBLIC, csrf: false },
      schema: {
        tags: ['channels'],
        summary: 'WhatsApp Cloud API notifications (signed with X-Hub-Signature-256)',
        body: WebhookBody,
        response: { 200: WebhookAck, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
      // Authenticity before anything else: an unsigned request learns nothing about its body.
      preValidation: async (req) => {
        const s = await loadSettings();
        if (!canReceive(s))
          throw new AppError(404, 'not_configured', 'WhatsApp is not configured on this server');
        const body = raw.get(req) ?? Buffer.alloc(0);
        if (!verifyHubSignature(body, req.headers['x-hub-signature-256'], s.appSecret))
          throw new AppError(
            403,
            'bad_signature',
            'X-Hub-Signature-256 is missing or does not match the body',
          );
        settingsOf.set(req, s);
      },
    },
    async (req, reply) => {
      const s = settingsOf.get(req)!;
      const parsed = parseWebhook(req.body, s.phoneNumberId);
      if (!parsed.ok) throw new AppError(400, 'invalid', parsed.error, parsed.field);
      // One message at a time, in order; each is its own transaction in the engine, which drops
      // ids it has already handled, so a re-delivery after a partial failure repeats nothing.
      let messages = 0;
      let duplicates = 0;
      for (const e of parsed.events) {
        if ((await services.conversations.handle(toInbound(e, s))) === 'duplicate') duplicates++;
        else messages++;
      }
      for (const st of parsed.statuses)
        await services.outbox.deliveryStatus({
          channel: 'whatsapp',
          providerId: st.messageId,
          status: st.status,
          ...(st.error ? { error: `${st.error.code ?? '?'} ${st.error.title}`.trim() } : {}),
          resendAsTemplate: st.error?.code === RE_ENGAGEMENT_REQUIRED,
        });
      // Every message in it already handled: a replay, refused with 409 (the issue: replayed payloads
      // get a 4xx). Meta only redelivers when it missed our 200, so the first delivery was done in
      // full: a 409 there costs pointless retries (each refused at once, doing nothing) until Meta
      // gives up, never a double send. A mixed delivery (after a partial failure) did new work, so
      // it is acknowledged.
      if (duplicates > 0 && messages === 0)
        throw new ConflictError(
          duplicates === 1
            ? 'the message in this delivery was already processed'
            : `all ${duplicates} messages in this delivery were already processed`,
          'entry',
        );
      return reply.header('cache-control', 'no-store').send({
        status: 'ok' as const,
        messages,
        duplicates,
        statuses: parsed.statuses.length,
        ignored: parsed.ignored,
      });
    },
  );
}
