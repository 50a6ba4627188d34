/**
 * Telegram adapter (grammY's Bot API client, webhook mode): turns Telegram updates into
 * InboundMessages and OutboundMessages into sendMessage calls. No business rule lives here.
 *
 * Settings (/admin/channels): `bot_token` (secret), `webhook_secret` (secret, the value Telegram
 * sends back in X-Telegram-Bot-Api-Secret-Token; set it with setWebhook's `secret_token`), and
 * `api_root` (Bot API base URL; default https://api.telegram.org — a local Bot API server or the
 * tests' fake one).
 */
import { Api, GrammyError } from 'grammy';
import type { InlineKeyboardButton, KeyboardButton } from 'grammy/types';
import { MAX_PHOTO_BYTES } from '../../reports/photos.store.ts';
import { registerSettingFields } from '../channel-registry.ts';
import { cutText } from '../channel-text.ts';
import type { ChannelSettingsService } from '../channel-settings.service.ts';
import {
  PermanentSendError,
  type ChannelSender,
  type InboundMessage,
  type OutboundMessage,
} from '../channel.types.ts';

export const TELEGRAM_DEFAULT_API_ROOT = 'https://api.telegram.org';
const MAX_TEXT = 4096;
const MAX_LABEL = 60;

registerSettingFields('telegram', [
  { key: 'bot_token', labelKey: 'channels.telegram.botToken', secret: true },
  { key: 'webhook_secret', labelKey: 'channels.telegram.webhookSecret', secret: true },
  { key: 'api_root', labelKey: 'channels.telegram.apiRoot', type: 'url' },
]);

export interface TelegramSettings {
  token: string;
  webhookSecret: string;
  apiRoot: string;
}

export async function telegramSettings(settings: ChannelSettingsService): Promise<TelegramSettings | null> {
  const s = await settings.read('telegram');
  if (!s.bot_token) return null;
  return {
    token: s.bot_token,
    webhookSecret: s.webhook_secret ?? '',
    apiRoot: (s.api_root || TELEGRAM_DEFAULT_API_ROOT).replace(/\/+$/, ''),
  };
}

export function telegramApi(s: TelegramSettings, timeoutSeconds = 30): Api {
  return new Api(s.token, { apiRoot: s.apiRoot, timeoutSeconds });
}

// --- inbound ---------------------------------------------------------------------------------------

/** The parts of a Telegram Update we read (the webhook schema checks their types). */
export interface TelegramUpdate {
  update_id: number;
  message?: TelegramMessage;
  edited_message?: TelegramMessage;
  callback_query?: {
    id: string;
    from: { id: number; is_bot?: boolean; language_code?: string };
    message?: { chat: { id: number; type: string } };
    data?: string;
  };
}
interface TelegramMessage {
  message_id: number;
  chat: { id: number; type: string };
  from?: { id: number; is_bot?: boolean; language_code?: string };
  text?: string;
  caption?: string;
  location?: { latitude: number; longitude: number };
  photo?: Array<{ file_id: string; width: number; height: number; file_size?: number }>;
  [field: string]: unknown;
}

/**
 * Message contents a resident sends that we cannot read (Bot API "Message" fields): answered with
 * the short help, never stored. Service messages (a pinned message, a changed chat photo) are not
 * among them: those are dropped in silence.
 */
const UNREADABLE_CONTENT = [
  'sticker',
  'voice',
  'video',
  'video_note',
  'audio',
  'animation',
  'document',
  'contact',
  'poll',
  'dice',
  'game',
  'story',
  'paid_media',
] as const;

/** What the engine keeps of a text (its MAX_TEXT); a longer caption is cut and the resident told. */
export const TELEGRAM_KEPT_TEXT = 4000;

/**
 * The InboundMessage for an update, or null for updates we do not act on (group chats, bots,
 * service messages, live-location edits…): those are acknowledged and dropped, never stored.
 */
export function parseUpdate(
  update: TelegramUpdate,
  fetchPhoto: (fileId: string) => Promise<Buffer>,
): InboundMessage | null {
  const messageId = `update:${update.update_id}`;
  const cq = update.callback_query;
  if (cq) {
    const chat = cq.message?.chat;
    if (cq.from.is_bot || !cq.data || (chat && chat.type !== 'private')) return null;
    return {
      channel: 'telegram',
      address: String(chat?.id ?? cq.from.id),
      messageId,
      choice: cq.data,
      ...(cq.from.language_code ? { languageHint: cq.from.language_code } : {}),
    };
  }
  const edited = !update.message && update.edited_message ? update.edited_message : undefined;
  const m = update.message ?? edited;
  if (!m || m.chat.type !== 'private' || m.from?.is_bot) return null;
  const base = {
    channel: 'telegram' as const,
    address: String(m.chat.id),
    messageId,
    ref: String(m.message_id),
    ...(m.from?.language_code ? { languageHint: m.from.language_code } : {}),
  };
  const raw = m.text ?? m.caption;
  const text = raw !== undefined ? cutText(raw, TELEGRAM_KEPT_TEXT) : undefined;
  const cut = raw !== undefined && text !== raw ? { textCutTo: TELEGRAM_KEPT_TEXT } : {};
  if (edited) {
    // A live location moves by edits, many a minute: only an edited text is a correction.
    if (text === undefined) return null;
    return { ...base, text, ...cut, editOf: String(m.message_id) };
  }
  const photo = m.photo?.length
    ? // Sizes come smallest first: take the largest one we accept.
      [...m.photo].reverse().find((p) => (p.file_size ?? 0) <= MAX_PHOTO_BYTES)
    : undefined;
  if (text === undefined && !m.location && !photo) {
    // A photo larger than we accept counts as unreadable too: the resident hears why nothing happened.
    if (m.photo?.length || UNREADABLE_CONTENT.some((field) => m[field] !== undefined))
      return { ...base, unsupported: true };
    return null;
  }
  return {
    ...base,
    ...(text !== undefined ? { text } : {}),
    ...cut,
    ...(m.location ? { location: { lat: m.location.latitude, lon: m.location.longitude } } : {}),
    ...(photo ? { photo: { fetch: () => fetchPhoto(photo.file_id) } } : {}),
  };
}

/** getFile, then the file download (size-capped, so a huge file cannot exhaust memory). */
export async function downloadFile(s: TelegramSettings, fileId: string): Promise<Buffer> {
  const file = await telegramApi(s).getFile(fileId);
  if (!file.file_path) throw new Error('Telegram gave no file path');
  if ((file.file_size ?? 0) > MAX_PHOTO_BYTES) throw new Error('photo too large');
  const res = await fetch(`${s.apiRoot}/file/bot${s.token}/${file.file_path}`, {
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok || !res.body) throw new Error(`file download failed (${res.status})`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > MAX_PHOTO_BYTES) throw new Error('photo too large');
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

// --- outbound --------------------------------------------------------------------------------------

/** sendMessage parameters for an OutboundMessage: inline buttons, or a keyboard that asks for location. */
export function renderMessage(msg: OutboundMessage): { text: string; other: Record<string, unknown> } {
  const label = (l: string) => (l.length > MAX_LABEL ? `${l.slice(0, MAX_LABEL - 1)}…` : l);
  const choices = msg.choices ?? [];
  let reply_markup: unknown;
  if (msg.requestLocation) {
    // Telegram cannot mix inline buttons with "share location": one reply keyboard holds both; a
    // pressed choice comes back as its label, which the engine matches.
    const keyboard: KeyboardButton[][] = [
      [{ text: label(msg.locationButton ?? '📍'), request_location: true }],
      ...choices.map((c) => [{ text: label(c.label) }]),
    ];
    reply_markup = { keyboard, one_time_keyboard: true, resize_keyboard: true };
  } else if (choices.length) {
    const inline_keyboard: InlineKeyboardButton[][] = choices.map((c) => [
      { text: label(c.label), callback_data: c.id.slice(0, 64) },
    ]);
    reply_markup = { inline_keyboard };
  } else {
    reply_markup = { remove_keyboard: true };
  }
  return { text: msg.text.slice(0, MAX_TEXT), other: { reply_markup } };
}

export function createTelegramSender(settings: ChannelSettingsService): ChannelSender {
  return {
    kind: 'telegram',
    async send(address, msg) {
      const s = await telegramSettings(settings);
      if (!s) throw new Error('Telegram is not configured (no bot token)');
      const { text, other } = renderMessage(msg);
      try {
        await telegramApi(s).sendMessage(address, text, other as never);
      } catch (err) {
        // 400 (chat not found, bad request) and 403 (bot blocked) will not get better by retrying;
        // 429 (slow down) and 5xx will.
        if (err instanceof GrammyError && (err.error_code === 400 || err.error_code === 403))
          throw new PermanentSendError(
            `Telegram refused the message (${err.error_code}: ${err.description})`,
          );
        throw err;
      }
    },
  };
}

/** Stops the button's spinner; cosmetic, so a failure is ignored. */
export async function answerCallback(s: TelegramSettings, callbackQueryId: string): Promise<void> {
  await telegramApi(s)
    .answerCallbackQuery(callbackQueryId)
    .catch(() => undefined);
}
