/**
 * The WhatsApp Business Platform (Cloud API) wire format: webhook signature, webhook payloads in,
 * Graph API message payloads out. Pure functions only — no HTTP, no database — so every rule here is
 * tested directly and with fast-check.
 *
 * Webhook: `POST` with header `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed
 * with the app secret>` and a body
 *   { object: 'whatsapp_business_account', entry: [{ id, changes: [{ field: 'messages', value: {
 *       messaging_product: 'whatsapp', metadata: { display_phone_number, phone_number_id },
 *       contacts?: [...], messages?: [...], statuses?: [...], errors?: [...] } }] }] }
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { pageChoiceId } from '../channel.types.ts';

// --- signature ----------------------------------------------------------------------------------

/**
 * Checks `X-Hub-Signature-256` against the raw body, in constant time. Any malformed header
 * (missing, wrong prefix, wrong length, not hex) is simply "not valid".
 */
export function verifyHubSignature(rawBody: Buffer, header: unknown, appSecret: string): boolean {
  if (typeof header !== 'string' || !appSecret) return false;
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!m) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const given = Buffer.from(m[1]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The header value Meta would send for this body (tests and the local fake use it). */
export function hubSignature(rawBody: Buffer | string, appSecret: string): string {
  return 'sha256=' + createHmac('sha256', appSecret).update(rawBody).digest('hex');
}

// --- inbound ------------------------------------------------------------------------------------

/** One resident message found in a webhook, before it becomes an InboundMessage. */
export type WhatsAppEvent = {
  /** The sender's WhatsApp id (their phone number in international form, digits only). */
  from: string;
  /** `wamid.…`: unique per message, used to drop replays. */
  messageId: string;
  /** Unix seconds as sent by WhatsApp. */
  timestamp: number;
} & (
  | { kind: 'text'; text: string }
  | { kind: 'choice'; choice: string; title: string }
  | { kind: 'location'; lat: number; lon: number }
  | { kind: 'image'; mediaId: string; mimeType?: string; sha256?: string; caption?: string }
  /** Voice notes, stickers, documents, reactions…: answered with help, never stored. */
  | { kind: 'unsupported'; type: string }
);

/** A delivery status of a message we sent: `statuses[]` of a webhook. */
export interface WhatsAppStatus {
  /** The wamid the Graph API gave when we sent the message. */
  messageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  /** Unix seconds. */
  timestamp: number;
  /** The first of `errors[]` on a failed status. */
  error?: { code?: number; title: string };
}

export type ParseResult =
  | {
      ok: true;
      events: WhatsAppEvent[];
      statuses: WhatsAppStatus[];
      /** Messages acknowledged and silently dropped: reactions, edits, deletions, system notices, unreadable ones. */
      ignored: number;
    }
  | { ok: false; error: string; field: string };

/**
 * Not a resident's message to answer: a reaction, an edit or deletion of an earlier message (`edit`,
 * `revoke`; older API versions `revoked`), a system notice (number changed). Answering them with
 * help would only confuse.
 */
const IGNORED_TYPES = new Set([
  'reaction',
  'edit',
  'revoke',
  'revoked',
  'system',
  'ephemeral',
  'request_welcome',
]);
const STATUS_VALUES = new Set(['sent', 'delivered', 'read', 'failed']);

const MAX_TEXT = 4096;
const WA_ID = /^[0-9]{5,20}$/;
const MEDIA_ID = /^[0-9A-Za-z_.:-]{1,200}$/;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = MAX_TEXT): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;

class Bad extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function arr(v: unknown, field: string, max: number): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new Bad(field, `${field} must be an array`);
  if (v.length > max) throw new Bad(field, `${field} has more than ${max} items`);
  return v;
}

function coordinate(v: unknown, field: string, limit: number): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || Math.abs(n) > limit)
    throw new Bad(field, `${field} must be a number between -${limit} and ${limit}`);
  return n;
}

function parseMessage(m: unknown, at: string): WhatsAppEvent {
  if (!isObj(m)) throw new Bad(at, `${at} must be an object`);
  if (!str(m.from, 32) || !WA_ID.test(m.from))
    throw new Bad(`${at}.from`, `${at}.from must be a WhatsApp id`);
  if (!str(m.id, 200)) throw new Bad(`${at}.id`, `${at}.id must be a message id`);
  const ts = typeof m.timestamp === 'string' && /^\d{1,12}$/.test(m.timestamp) ? Number(m.timestamp) : NaN;
  if (!Number.isFinite(ts)) throw new Bad(`${at}.timestamp`, `${at}.timestamp must be unix seconds`);
  if (!str(m.type, 40)) throw new Bad(`${at}.type`, `${at}.type must be a string`);
  const base = { from: m.from, messageId: m.id, timestamp: ts };
  switch (m.type) {
    case 'text': {
      const t = isObj(m.text) ? m.text.body : undefined;
      if (typeof t !== 'string') return { ...base, kind: 'unsupported', type: 'text' };
      // Longer than WhatsApp itself allows: keep one character more than the limit, so the engine
      // still sees it is too long and tells the resident (it never stores such a text).
      return { ...base, kind: 'text', text: t.length > MAX_TEXT ? t.slice(0, MAX_TEXT + 1) : t };
    }
    case 'interactive': {
      // Anything we cannot read as a reply is answered with help: the resident did tap something.
      const i = m.interactive;
      if (!isObj(i)) return { ...base, kind: 'unsupported', type: 'interactive' };
      const reply =
        i.type === 'button_reply' ? i.button_reply : i.type === 'list_reply' ? i.list_reply : undefined;
      if (!isObj(reply) || !str(reply.id, 256))
        return { ...base, kind: 'unsupported', type: `interactive:${str(i.type, 40) ? i.type : '?'}` };
      const title = typeof reply.title === 'string' ? reply.title.slice(0, 100) : '';
      return { ...base, kind: 'choice', choice: reply.id, title };
    }
    case 'button': {
      // A quick-reply button of a template message: its payload is our choice id.
      const b = m.button;
      if (!isObj(b) || !(str(b.payload, 256) || str(b.text, 256)))
        return { ...base, kind: 'unsupported', type: 'button' };
      const payload = str(b.payload, 256) ? b.payload : (b.text as string);
      return {
        ...base,
        kind: 'choice',
        choice: payload,
        title: typeof b.text === 'string' ? b.text : payload,
      };
    }
    case 'location': {
      const l = m.location;
      try {
        if (!isObj(l)) throw new Bad(`${at}.location`, 'no location');
        return {
          ...base,
          kind: 'location',
          lat: coordinate(l.latitude, `${at}.location.latitude`, 90),
          lon: coordinate(l.longitude, `${at}.location.longitude`, 180),
        };
      } catch (err) {
        if (err instanceof Bad) return { ...base, kind: 'unsupported', type: 'location' };
        throw err;
      }
    }
    case 'image': {
      const img = m.image;
      if (!isObj(img) || !str(img.id, 200) || !MEDIA_ID.test(img.id))
        return { ...base, kind: 'unsupported', type: 'image' };
      return {
        ...base,
        kind: 'image',
        mediaId: img.id,
        ...(str(img.mime_type, 100) ? { mimeType: img.mime_type } : {}),
        ...(str(img.sha256, 200) ? { sha256: img.sha256 } : {}),
        // A caption is at most 1024 characters on WhatsApp; a longer one is cut, never refused.
        ...(str(img.caption, Number.MAX_SAFE_INTEGER) ? { caption: img.caption.slice(0, 1024) } : {}),
      };
    }
    default:
      return { ...base, kind: 'unsupported', type: m.type };
  }
}

/** One `statuses[]` item: `{ id, status, timestamp, recipient_id, errors?: [{ code, title, … }] }`. */
function parseStatus(st: unknown): WhatsAppStatus | undefined {
  if (!isObj(st) || !str(st.id, 200) || typeof st.status !== 'string' || !STATUS_VALUES.has(st.status))
    return undefined;
  const ts = typeof st.timestamp === 'string' && /^\d{1,12}$/.test(st.timestamp) ? Number(st.timestamp) : 0;
  const e = Array.isArray(st.errors) && isObj(st.errors[0]) ? st.errors[0] : undefined;
  const error = e
    ? {
        ...(typeof e.code === 'number' && Number.isInteger(e.code) ? { code: e.code } : {}),
        title: String(e.title ?? e.message ?? '').slice(0, 200),
      }
    : undefined;
  return {
    messageId: st.id,
    status: st.status as WhatsAppStatus['status'],
    timestamp: ts,
    ...(error ? { error } : {}),
  };
}

/**
 * Reads the resident messages of a webhook addressed to `phoneNumberId` (other numbers of the same
 * business account are ignored), in order, and the delivery statuses of messages we sent. A wrong
 * envelope is refused as a whole; a single unreadable message in it is dropped (`ignored`).
 */
export function parseWebhook(body: unknown, phoneNumberId: string): ParseResult {
  try {
    if (!isObj(body)) throw new Bad('body', 'body must be a JSON object');
    if (body.object !== 'whatsapp_business_account')
      throw new Bad('object', "object must be 'whatsapp_business_account'");
    const events: WhatsAppEvent[] = [];
    const statuses: WhatsAppStatus[] = [];
    let ignored = 0;
    const entries = arr(body.entry, 'entry', 100);
    if (entries.length === 0) throw new Bad('entry', 'entry must list at least one entry');
    entries.forEach((e, i) => {
      if (!isObj(e)) throw new Bad(`entry.${i}`, `entry.${i} must be an object`);
      arr(e.changes, `entry.${i}.changes`, 100).forEach((c, j) => {
        const at = `entry.${i}.changes.${j}`;
        if (!isObj(c)) throw new Bad(at, `${at} must be an object`);
        if (c.field !== 'messages') return; // account updates, template status…: not ours to act on
        const v = c.value;
        if (!isObj(v)) throw new Bad(`${at}.value`, `${at}.value must be an object`);
        const meta = v.metadata;
        if (!isObj(meta) || !str(meta.phone_number_id, 64))
          throw new Bad(
            `${at}.value.metadata.phone_number_id`,
            `${at}.value.metadata.phone_number_id is missing`,
          );
        const msgs = arr(v.messages, `${at}.value.messages`, 1000);
        const sts = arr(v.statuses, `${at}.value.statuses`, 1000);
        if (meta.phone_number_id !== phoneNumberId) return;
        // Each message on its own: one we cannot read (no sender or id to answer or de-duplicate)
        // is dropped, the others in the delivery are still handled.
        msgs.forEach((m, k) => {
          try {
            if (isObj(m) && typeof m.type === 'string' && IGNORED_TYPES.has(m.type)) ignored++;
            else events.push(parseMessage(m, `${at}.value.messages.${k}`));
          } catch (err) {
            if (!(err instanceof Bad)) throw err;
            ignored++;
          }
        });
        sts.forEach((st) => {
          const parsed = parseStatus(st);
          if (parsed) statuses.push(parsed);
          else ignored++;
        });
      });
    });
    return { ok: true, events, statuses, ignored };
  } catch (err) {
    if (err instanceof Bad) return { ok: false, error: err.message, field: err.field };
    throw err;
  }
}

// --- outbound -----------------------------------------------------------------------------------

/** Cloud API limits (interactive messages). */
export const LIMITS = {
  text: 4096,
  interactiveBody: 1024,
  buttonTitle: 20,
  buttons: 3,
  listButton: 20,
  rowTitle: 24,
  rowDescription: 72,
  rows: 10,
  id: 200,
} as const;

export interface OutboundSpec {
  text: string;
  choices?: { id: string; label: string }[];
  requestLocation?: boolean;
  /** Which page of a list longer than 10 rows to show (0 = the first). */
  page?: number;
}

/** Labels of the rows that page through a long list, in the resident's language. */
export interface ListNav {
  more: string;
  back: string;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts to `max` characters (code points), marking the cut with an ellipsis. The cut falls between
 * graphemes, never inside one: no half of an emoji, a flag or a letter with its combining mark.
 */
export function clip(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  let out = '';
  let n = 0;
  for (const { segment } of graphemes.segment(text)) {
    const len = [...segment].length;
    if (n + len > max - 1) break;
    out += segment;
    n += len;
  }
  return out.trimEnd() + '…';
}

/**
 * Splits choices into pages of a list message (at most 10 rows each): the first page holds 9 and a
 * "more" row; a middle page "back", 8 and "more"; the last page "back" and up to 9.
 */
export function listPages<T>(choices: readonly T[]): T[][] {
  if (choices.length <= LIMITS.rows) return [[...choices]];
  const pages: T[][] = [choices.slice(0, LIMITS.rows - 1)];
  let i = LIMITS.rows - 1;
  while (i < choices.length) {
    const rest = choices.length - i;
    const take = rest <= LIMITS.rows - 1 ? rest : LIMITS.rows - 2;
    pages.push(choices.slice(i, i + take));
    i += take;
  }
  return pages;
}

function listRow(c: { id: string; label: string }) {
  const long = [...c.label].length > LIMITS.rowTitle;
  return {
    id: c.id.slice(0, LIMITS.id),
    title: clip(c.label, LIMITS.rowTitle),
    ...(long ? { description: clip(c.label, LIMITS.rowDescription) } : {}),
  };
}

/**
 * How a message is shown: reply buttons for up to 3 short choices, a list for up to 10, a paged
 * list for more (9 rows and "more…"; the resident may still type a choice's number), a plain
 * numbered text when no paging labels are given; a location request when asked.
 */
export function buildMessagePayload(to: string, msg: OutboundSpec, listButton: string, nav?: ListNav): Json {
  const head = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
  const choices = msg.choices ?? [];
  if (choices.length > 0) {
    const body = { text: clip(msg.text, LIMITS.interactiveBody) };
    const fitsButtons =
      choices.length <= LIMITS.buttons && choices.every((c) => [...c.label].length <= LIMITS.buttonTitle);
    if (fitsButtons) {
      return {
        ...head,
        type: 'interactive',
        interactive: {
          type: 'button',
          body,
          action: {
            buttons: choices.map((c) => ({
              type: 'reply',
              reply: { id: c.id.slice(0, LIMITS.id), title: c.label },
            })),
          },
        },
      };
    }
    if (choices.length <= LIMITS.rows || nav) {
      const pages = listPages(choices);
      const last = pages.length - 1;
      const page = Math.min(Math.max(Number.isInteger(msg.page) ? msg.page! : 0, 0), last);
      const rows = [
        ...pages[page]!.map(listRow),
        ...(page < last && nav ? [listRow({ id: pageChoiceId(page + 1), label: nav.more })] : []),
        ...(page > 0 && nav ? [listRow({ id: pageChoiceId(page - 1), label: nav.back })] : []),
      ];
      return {
        ...head,
        type: 'interactive',
        interactive: {
          type: 'list',
          body,
          action: { button: clip(listButton, LIMITS.listButton), sections: [{ rows }] },
        },
      };
    }
    return textPayload(to, numberedText(msg.text, choices));
  }
  if (msg.requestLocation) {
    return {
      ...head,
      type: 'interactive',
      interactive: {
        type: 'location_request_message',
        body: { text: clip(msg.text, LIMITS.interactiveBody) },
        action: { name: 'send_location' },
      },
    };
  }
  return textPayload(to, msg.text);
}

function textPayload(to: string, text: string): Json {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'text',
    text: { preview_url: false, body: clip(text, LIMITS.text) },
  };
}

/** "text\n\n1. first\n2. second" — for more choices than a list can hold. */
export function numberedText(text: string, choices: { label: string }[]): string {
  return [text, '', ...choices.map((c, i) => `${i + 1}. ${c.label}`)].join('\n');
}

/** A template message, for business-initiated updates outside WhatsApp's 24-hour service window. */
export function buildTemplatePayload(to: string, template: string, language: string, text: string): Json {
  // Template parameters may hold no newlines or tabs and not more than four spaces in a row.
  const param = clip(
    text
      .replace(/[\r\n\t]+/g, ' ')
      .replace(/ {4,}/g, '   ')
      .trim(),
    1000,
  );
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'template',
    template: {
      name: template,
      language: { code: language },
      components: [{ type: 'body', parameters: [{ type: 'text', text: param }] }],
    },
  };
}

/** Graph API error body: `{ error: { message, type, code, error_subcode, error_data, fbtrace_id } }`. */
export function graphErrorCode(body: unknown): number | undefined {
  if (!isObj(body) || !isObj(body.error)) return undefined;
  const c = body.error.code;
  return typeof c === 'number' && Number.isInteger(c) ? c : undefined;
}

/** Error 131047: more than 24 hours since the resident last wrote; only a template may be sent. */
export const RE_ENGAGEMENT_REQUIRED = 131047;
