/**
 * Telegram webhook: POST /channels/telegram/webhook. Telegram proves it is Telegram with the secret
 * token given to setWebhook, sent back in X-Telegram-Bot-Api-Secret-Token; it is checked in constant
 * time before the body is even parsed. A wrong or missing token is a 403, an unconfigured bot a 404,
 * a malformed update a 400 — and none of them stores or sends anything. Updates we do not act on
 * (group chats, channel posts, reactions) get a 200 so Telegram does not retry them; stickers,
 * voice, video, contacts and documents get the short help; an edited message corrects the
 * description when the report is still a draft. An update already handled (same update_id) gets a
 * 409 and does nothing again.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../context.ts';
import { PUBLIC } from '../../../plugins/access.ts';
import { safeEqual } from '../../../shared/crypto.ts';
import { AppError, ConflictError, NotFoundError } from '../../../shared/errors.ts';
import {
  answerCallback,
  downloadFile,
  parseUpdate,
  telegramSettings,
  type TelegramSettings,
  type TelegramUpdate,
} from './telegram.adapter.ts';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** Telegram updates are a few kilobytes; this leaves room and no more. */
const WEBHOOK_BODY_LIMIT = 256 * 1024;
const int = Type.Integer({ minimum: -(2 ** 53) + 1, maximum: 2 ** 53 - 1 });
const Chat = Type.Object({ id: int, type: Type.String({ maxLength: 20 }) });
const User = Type.Object({
  id: int,
  is_bot: Type.Optional(Type.Boolean()),
  language_code: Type.Optional(Type.String({ maxLength: 35 })),
});
const PhotoSize = Type.Object({
  file_id: Type.String({ minLength: 1, maxLength: 300 }),
  width: Type.Integer({ minimum: 0 }),
  height: Type.Integer({ minimum: 0 }),
  file_size: Type.Optional(Type.Integer({ minimum: 0 })),
});
/**
 * A Message (Bot API: "Message"), for `message` and `edited_message`. Only the fields we read are
 * checked, and only for their type: Telegram adds fields over time, and anything it can
 * legitimately send must get a 200, never a 400 that makes it retry for a day — a caption longer
 * than the 1024 characters of the spec (Premium users may send 4096), a text of any length. The
 * adapter cuts what it keeps; we never store the rest.
 */
const Message = Type.Object({
  message_id: Type.Integer({ minimum: 0 }),
  chat: Chat,
  from: Type.Optional(User),
  text: Type.Optional(Type.String()),
  caption: Type.Optional(Type.String()),
  location: Type.Optional(
    Type.Object({
      latitude: Type.Number({ minimum: -90, maximum: 90 }),
      longitude: Type.Number({ minimum: -180, maximum: 180 }),
    }),
  ),
  photo: Type.Optional(Type.Array(PhotoSize, { maxItems: 100 })),
});
export const TelegramUpdateBody = Type.Object(
  {
    // Telegram's ids start at 1 (and a null must not be coerced into a valid 0).
    update_id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }),
    message: Type.Optional(Message),
    edited_message: Type.Optional(Message),
    callback_query: Type.Optional(
      Type.Object({
        id: Type.String({ minLength: 1, maxLength: 100 }),
        from: User,
        message: Type.Optional(Type.Object({ chat: Chat })),
        data: Type.Optional(Type.String({ maxLength: 64 })),
      }),
    ),
  },
  // Every real update carries one kind of content besides its id.
  { minProperties: 2 },
);
const WebhookReply = Type.Object({ ok: Type.Boolean() }, { additionalProperties: false });
const ErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
});

declare module 'fastify' {
  interface FastifyRequest {
    telegram?: TelegramSettings;
  }
}

export async function telegramRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { services } = opts.ctx;

  const verify = async (req: FastifyRequest) => {
    // An oversized body is refused by the parser with 413 before it is read; nothing to verify.
    if (Number(req.headers['content-length'] ?? 0) > WEBHOOK_BODY_LIMIT) return;
    const s = await telegramSettings(services.channelSettings);
    if (!s || !s.webhookSecret) throw new NotFoundError('channel');
    const given = req.headers[SECRET_HEADER];
    if (typeof given !== 'string' || !safeEqual(given, s.webhookSecret))
      throw new AppError(403, 'forbidden', `${SECRET_HEADER} is missing or wrong`, SECRET_HEADER);
    req.telegram = s;
  };

  app.post(
    '/channels/telegram/webhook',
    {
      config: { ...PUBLIC, csrf: false },
      onRequest: verify,
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: {
        tags: ['channels'],
        summary: 'Telegram Bot API webhook',
        body: TelegramUpdateBody,
        response: {
          200: WebhookReply,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          413: ErrorBody,
        },
      },
    },
    async (req) => {
      const s = req.telegram!;
      const update = req.body as TelegramUpdate;
      const msg = parseUpdate(update, (fileId) => downloadFile(s, fileId));
      if (!msg) return { ok: true };
      const outcome = await services.conversations.handle(msg);
      // A replay is refused with 409, not acknowledged (the issue: replayed payloads get a 4xx).
      // Telegram only redelivers an update when it missed our 200 (a timeout), so the first delivery
      // was done in full: a 409 there costs pointless retries (each refused at once, doing nothing)
      // until Telegram gives up, never a double send.
      if (outcome === 'duplicate')
        throw new ConflictError(`update ${update.update_id} was already processed`, 'update_id');
      if (outcome === 'handled' && update.callback_query) await answerCallback(s, update.callback_query.id);
      return { ok: true };
    },
  );
}
