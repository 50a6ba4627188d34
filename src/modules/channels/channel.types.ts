/**
 * Channel contracts shared by every messenger / SMS adapter (issue 6).
 *
 * How an adapter plugs in (Telegram lives in ./telegram/, WhatsApp in ./whatsapp/, SMS in ./sms/):
 *
 *  1. INBOUND: the adapter's webhook route verifies the channel's signature, parses the wire format
 *     into an `InboundMessage` and calls `ctx.services.conversations.handle(msg)`. The engine
 *     (conversation.service.ts) de-duplicates replays by `messageId`, advances the resident's
 *     conversation (state in the `conversation` table) and writes every reply to the durable outbox.
 *     A replay returns 'duplicate': the webhook answers 409 when every message it carried was one
 *     (the issue: replayed payloads get a 4xx), 200 when it also carried new ones.
 *     The adapter never decides anything about reports: no business rule in an adapter.
 *
 *  2. OUTBOUND: the adapter provides a `ChannelSender` and registers it once at start-up:
 *         channelSenders.register(createWhatsAppSender(ctx))     // see channel-registry.ts
 *     The outbox job (outbox.service.ts) claims due rows, decrypts the address and calls
 *     `sender.send(address, message)`. Throw `PermanentSendError` for failures that retrying cannot
 *     fix (blocked bot, invalid number, 4xx from the API): the row is marked failed at once and shown
 *     on the admin page. Any other thrown error is retried with exponential back-off.
 *
 *  3. SETTINGS: channel configuration lives in the `channel_setting` table through
 *     `ctx.services.channelSettings` (get / set / secret). Declare your fields with
 *     `channelSettingFields.register(kind, fields)` (channel-registry.ts) and the admin page
 *     /admin/channels renders a form for them; secrets are encrypted and never rendered back.
 *
 *  4. ADMIN "send test message": the admin page enqueues an outbox row for (kind, typed address),
 *     so the test goes through exactly the same path as a real reply.
 */

export type ChannelKind = 'telegram' | 'whatsapp' | 'sms';
export const CHANNEL_KINDS: readonly ChannelKind[] = ['telegram', 'whatsapp', 'sms'];
/** Every kind the outbox delivers through: the messengers, plus e-mail (outbound only, ./email/). */
export type OutboxKind = ChannelKind | 'email';

/** The e-mail parts of a message (the e-mail sender needs them; messengers ignore them). */
export interface EmailPart {
  subject: string;
  /** A simple HTML alternative of `text` (already escaped and rendered by ./email/email.render.ts). */
  html?: string;
  /** One-click unsubscribe address: sent as List-Unsubscribe with List-Unsubscribe-Post (RFC 8058). */
  unsubscribeUrl?: string;
}

/** One message from a resident, already parsed from the channel's wire format. */
export interface InboundMessage {
  channel: ChannelKind;
  /** Chat id / phone number: only to reply; stored encrypted (encryptField), matched by hmacHex. */
  address: string;
  /** The channel's id for this message, for de-duplicating replays (stored as a keyed hash). */
  messageId: string;
  text?: string;
  /** Id of a button / list item the resident picked (the `id` of an OutboundMessage choice). */
  choice?: string;
  location?: { lat: number; lon: number };
  /** Downloaded lazily through the channel's API; the engine re-encodes it like web photos. */
  photo?: { fetch(): Promise<Buffer> };
  /** E.g. Telegram `language_code`; used only to preselect the language offer. */
  languageHint?: string;
  /**
   * The resident sent something we cannot read (a sticker, a voice note, a video, a contact): the
   * engine answers with the short help and asks its question again. Nothing of it is kept.
   */
  unsupported?: boolean;
  /** The text was longer than the engine keeps (a long photo caption) and was cut to this many characters. */
  textCutTo?: number;
  /** The channel's id of the message within the chat, stable across edits (Telegram `message_id`). */
  ref?: string;
  /** This is the resident's edit of the earlier message whose `ref` this is (Telegram `edited_message`). */
  editOf?: string;
}

/** What the engine wants to say; each adapter renders it (buttons / list / numbered SMS text). */
export interface OutboundMessage {
  text: string;
  /**
   * Buttons / list items. Ids are at most 60 ASCII characters (Telegram allows 64 bytes of
   * callback data). A resident may also answer by typing the choice's number (1-based, in the order
   * given) or its label: the engine remembers the last choices it offered, so an SMS adapter can
   * render them as a numbered list and pass the reply on as plain `text`.
   */
  choices?: { id: string; label: string }[];
  /** Ask for the resident's location (Telegram: a "share location" keyboard button). */
  requestLocation?: boolean;
  /** Label of that button, in the resident's language. */
  locationButton?: string;
  /**
   * The resident's language, when known (WhatsApp needs it for the list button's label and the
   * template language of updates sent after its 24-hour window).
   */
  locale?: string;
  /**
   * Which page of `choices` to show, for channels whose pickers hold fewer rows than there are
   * choices (WhatsApp lists: 10 rows). Their "more" / "back" rows send the choice `page:N`, and the
   * engine answers it by showing the current question again at page N. Others ignore it.
   */
  page?: number;
  /**
   * Send only through the channel's approved template (WhatsApp: set by the outbox when Meta reported
   * the free-form message as failed outside its 24-hour window, error 131047).
   */
  template?: boolean;
  /** Subject, HTML part and unsubscribe link for e-mail. */
  email?: EmailPart;
}

/** The choice id of a "more" / "back" row: show the current question's choices at page N. */
export const PAGE_CHOICE = /^page:(\d{1,2})$/;
export const pageChoiceId = (page: number): string => `page:${page}`;

export interface ChannelSender {
  kind: OutboxKind;
  /** Resolves with the provider's id of the sent message when it gives one (WhatsApp `wamid`). */
  send(address: string, msg: OutboundMessage): Promise<string | void>;
}

/** Thrown by a sender when retrying cannot help (e.g. 400/403 from the API): no more attempts. */
export class PermanentSendError extends Error {
  override name = 'PermanentSendError';
}

/**
 * Thrown by a sender when the channel's settings are wrong (the provider has no such path, the URL
 * points elsewhere): retried with back-off like a passing failure — every message would fail alike,
 * and fixing the settings makes them all go — and shown on /admin/channels as a configuration
 * problem while it lasts.
 */
export class ChannelConfigurationError extends Error {
  override name = 'ChannelConfigurationError';
}

/** A configurable field of a channel, rendered on /admin/channels. */
export interface ChannelSettingField {
  key: string;
  /** i18n key for the label (namespace `channels`). */
  labelKey: string;
  /** Secret: stored encrypted, never rendered back (UI shows "set" / "not set"). */
  secret?: boolean;
  /** 'url' fields must be http(s) URLs. */
  type?: 'text' | 'url';
}
