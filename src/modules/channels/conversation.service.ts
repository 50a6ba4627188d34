/**
 * The channel-neutral conversation engine. A resident writing from Telegram, WhatsApp or SMS is walked
 * through a report in their language:
 *
 *   language → category → what happened → (the category's questions) → where (a district from the
 *   list, a shared location, or a place name typed in) → optional photos → privacy → confirm
 *
 * and can, at any point, start a new report, ask the status of their reports, reply to the team,
 * change language, ask for help or stop. State lives in the `conversation` table (one row per chat),
 * so a conversation survives restarts and can be resumed; an unfinished draft expires after
 * CONVERSATION_TTL_MS of silence. Every reply goes to the durable outbox in the same transaction
 * that moves the conversation on, and a replayed inbound message (same channel message id) does
 * nothing at all.
 *
 * Privacy, honestly: a messenger or phone network knows who is writing, so a channel report can be
 * *public* (may appear on the public map, without who sent it) or *name hidden* (only the team sees
 * it) — never *anonymous*. For full anonymity the conversation points to the web form. The chat
 * address is kept only to reply (sealed) and to recognise the chat (keyed hash); staff never see it,
 * whatever the privacy choice, and it is deleted with the thread under the retention rules or at
 * once when the resident sends STOP.
 *
 * Reports, messages to the team and feedback go through the reports services: no rule lives here.
 */
import type { Config } from '../../config.ts';
import type { Database, Trx } from '../../db/database.ts';
import type { Conversation } from '../../db/schema.ts';
import { AppError, ValidationError } from '../../shared/errors.ts';
import { LOCALE_NAMES, LOCALES, isLocale, type I18n, type Locale } from '../../shared/i18n.ts';
import { newId } from '../../shared/ids.ts';
import { ANONYMOUS } from '../../shared/policy.ts';
import { MINUTE, isoIn, nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CategoryView, ReportCategoriesService } from '../reports/categories.service.ts';
import type { FollowUpService } from '../reports/follow-up.service.ts';
import { MAX_PHOTOS, type PhotoStore } from '../reports/photos.store.ts';
import { REFERENCE_PATTERN } from '../reports/receipts.ts';
import type { ReportsService } from '../reports/reports.service.ts';
import {
  AGREE_SCALE,
  CLOSED_STATUSES,
  FEEDBACK_ITEMS,
  type CategoryQuestion,
  type FeedbackResolved,
  type LocalText,
  type Status,
} from '../reports/reports.types.ts';
import type { GeoService } from '../geo/geo.service.ts';
import { addressHash, inboundHash, sealAddress } from './channel-crypto.ts';
import {
  CHANNEL_KINDS,
  PAGE_CHOICE,
  type ChannelKind,
  type InboundMessage,
  type OutboundMessage,
} from './channel.types.ts';
import { CHANNEL } from './channels.policy.ts';
import { channelsRepository } from './channels.repository.ts';
import { outboxRepository } from './outbox.repository.ts';
import type { OutboxService } from './outbox.service.ts';
import { SMS_MORE_KEY, isSmsMoreRequest, nextSmsPage } from './sms/sms.paging.ts';
import { areaOfStartPayload } from './start-link.ts';

/** An unfinished report is discarded after this much silence. */
export const CONVERSATION_TTL_MS = 24 * 60 * MINUTE;
/** What the engine keeps of a resident's text (a description, a message to the team). */
export const MAX_TEXT = 4000;
const MAX_ADDRESS = 100;
const MAX_MESSAGE_ID = 200;

export type Step =
  | 'language'
  | 'idle'
  | 'category'
  | 'description'
  | 'question'
  | 'location'
  | 'district'
  | 'photo'
  | 'privacy'
  | 'confirm'
  | 'reply_pick'
  | 'reply_text'
  | 'feedback';
const DRAFT_STEPS: readonly Step[] = [
  'category',
  'description',
  'question',
  'location',
  'district',
  'photo',
  'privacy',
  'confirm',
];

export interface Draft {
  category?: string;
  description?: string;
  answers: Record<string, string | number>;
  question?: number;
  lat?: number;
  lon?: number;
  area?: string;
  place?: string;
  address?: string;
  photoKeys: string[];
  privacy?: 'public' | 'name_hidden';
  /** The chat's id of the message that gave the description, so an edit of it corrects it. */
  descriptionRef?: string;
  /** The area came with the link the resident followed (start-link.ts): the place is not asked. */
  areaFromLink?: boolean;
}

export interface ConversationState {
  step: Step;
  draft?: Draft;
  /** The choices last offered (so a typed number or label counts as picking one). */
  choices?: Array<{ id: string; label: string }>;
  /** Where to go back to after an interruption (language change, reply, feedback). */
  resume?: Step;
  /** After choosing a language: continue a report or show the menu. */
  afterLanguage?: 'report' | 'menu';
  region?: string;
  replyTo?: string;
  /** The page of a long list last sent by SMS ("0" asks for the next one; sms.paging.ts). */
  smsPage?: number;
  feedback?: { reportId: string; resolved: FeedbackResolved; items: Record<string, string>; index: number };
}

export type HandleOutcome = 'handled' | 'duplicate';

type Command = 'start' | 'new' | 'status' | 'reply' | 'lang' | 'help' | 'stop';

/**
 * Keywords a resident may type instead of pressing a button (whole message, any case). Slash forms
 * are Telegram's; the words are those a resident would naturally write in each language.
 */
const COMMAND_WORDS: Record<Command, readonly string[]> = {
  start: ['/start'],
  new: ['/new', 'new', 'жаңы', 'новый', 'новая', 'новое', 'янги', 'yangi', 'жаңа', 'нав'],
  status: ['/status', 'status', 'статус', 'абал', 'holat', 'ҳолат', 'жағдай', 'вазъ'],
  reply: ['/reply', 'reply', 'жооп', 'ответ', 'ответить', 'javob', 'жавоб', 'жауап', 'ҷавоб'],
  lang: ['/lang', '/language', 'lang', 'language', 'тил', 'язык', 'til', 'тіл', 'забон'],
  help: ['/help', 'help', '?', 'жардам', 'помощь', 'yordam', 'ёрдам', 'көмек', 'кӯмак'],
  stop: ['/stop', 'stop', 'стоп', 'токтот', 'тохта', 'тўхта', 'toʻxta', "to'xta", 'toxta', 'тоқта', 'бас'],
};
/** Texts too long for SMS (a Cyrillic part holds 70 letters) and their short SMS wording. */
const SMS_SHORT_KEYS: Readonly<Record<string, string>> = {
  'resident.bot.welcome': 'resident.bot.sms.welcome',
  'resident.bot.askPrivacy': 'resident.bot.sms.askPrivacy',
  'resident.bot.anonymousWeb': 'resident.bot.sms.anonymousWeb',
  'resident.bot.created': 'resident.bot.sms.created',
  'resident.bot.help': 'resident.bot.sms.help',
  'resident.bot.stopped': 'resident.bot.sms.stopped',
};
const WORD_TO_COMMAND = new Map<string, Command>(
  Object.entries(COMMAND_WORDS).flatMap(([cmd, words]) => words.map((w) => [w, cmd as Command])),
);
const REFERENCE_RE = new RegExp(REFERENCE_PATTERN.replace(/^\^|\$$/g, ''), 'i');

/** Parses a keyword command (`status R-7K3M-9QXD` carries a reference). */
export function parseCommand(
  text: string,
): { command: Command; reference?: string; payload?: string } | null {
  const t = text.trim().toLowerCase();
  if (!t || t.length > 60) return null;
  const [first = '', ...rest] = t.split(/\s+/);
  const word = first.replace(/@[\w]+$/, ''); // Telegram: /status@IshenimBot
  const command = WORD_TO_COMMAND.get(word);
  if (!command) return null;
  const arg = rest.join(' ');
  if (command === 'status') {
    const m = arg.toUpperCase().match(REFERENCE_RE);
    if (arg && !m) return null;
    return m ? { command, reference: m[0] } : { command };
  }
  // `/start <payload>`: a deep link (start-link.ts), read with its original case.
  if (command === 'start') return arg ? { command, payload: text.trim().split(/\s+/)[1] } : { command };
  return arg ? null : { command };
}

/** Validates the adapter's parsed message (adapters are code, but their input came from outside). */
export function checkInbound(msg: InboundMessage): InboundMessage {
  if (!(CHANNEL_KINDS as readonly string[]).includes(msg.channel))
    throw new ValidationError('channel is not one we run', 'channel');
  if (typeof msg.address !== 'string' || !msg.address || msg.address.length > MAX_ADDRESS)
    throw new ValidationError('address must be a chat id or phone number', 'address');
  if (typeof msg.messageId !== 'string' || !msg.messageId || msg.messageId.length > MAX_MESSAGE_ID)
    throw new ValidationError('messageId is required', 'messageId');
  if (msg.text !== undefined && typeof msg.text !== 'string')
    throw new ValidationError('text must be text', 'text');
  if (msg.choice !== undefined && (typeof msg.choice !== 'string' || msg.choice.length > 64))
    throw new ValidationError('choice must be a choice id', 'choice');
  if (msg.location !== undefined) {
    const { lat, lon } = msg.location;
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180)
      throw new ValidationError('location must be a point on Earth', 'location');
  }
  return msg;
}

function stripControls(value: string): string {
  let out = '';
  for (const ch of value) {
    const c = ch.charCodeAt(0);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) continue;
    out += ch;
  }
  return out.trim();
}

export function localName(names: LocalText | string, locale: Locale): string {
  let n: LocalText;
  if (typeof names === 'string') {
    try {
      n = JSON.parse(names) as LocalText;
    } catch {
      return names;
    }
  } else n = names;
  return n[locale] ?? n.ru ?? n.en ?? n.ky ?? Object.values(n)[0] ?? '';
}

/** Something went wrong that a resident can fix: tell them in their language, stay on the step. */
class Reprompt extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}
class Duplicate extends Error {}
class Conflict extends Error {}

type Effect =
  | { kind: 'create' }
  | { kind: 'message'; reportId: string; text: string }
  | { kind: 'feedback'; reportId: string; resolved: FeedbackResolved; items: Record<string, string> }
  | { kind: 'stop' };

interface Turn {
  channel: ChannelKind;
  hash: string;
  state: ConversationState;
  locale: Locale;
  replies: OutboundMessage[];
  effect?: Effect;
  /** Photo files to delete once the turn has committed (a discarded draft's). */
  removeKeys: string[];
}

export interface ConversationDeps {
  db: Database;
  config: Config;
  i18n: I18n;
  audit: AuditService;
  outbox: OutboxService;
  reports: ReportsService;
  reportCategories: ReportCategoriesService;
  reportFollowUp: FollowUpService;
  geo: GeoService;
  photos: PhotoStore;
}

export class ConversationService {
  constructor(private readonly d: ConversationDeps) {}

  private get secret(): string {
    return this.d.config.sessionSecret;
  }

  /**
   * The engine's entry point for every adapter. Resolves once the replies are safely in the outbox.
   * Bad adapter input throws ValidationError (the webhook answers 4xx); what a resident writes never
   * throws: it gets an answer.
   */
  /** Called for a STOP message (SMS "STOP", the bot's /stop) before the engine answers it: area alerts. */
  onStop: ((channel: ChannelKind, address: string, text: string) => Promise<void>) | null = null;

  async handle(input: InboundMessage): Promise<HandleOutcome> {
    const msg = checkInbound(input);
    const hash = addressHash(this.secret, msg.channel, msg.address);
    const messageHash = inboundHash(this.secret, msg.channel, msg.messageId);
    if (await channelsRepository.seen(this.d.db.read, msg.channel, messageHash)) return 'duplicate';
    if (this.onStop && msg.text) await this.onStop(msg.channel, msg.address, msg.text);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.turn(msg, hash, messageHash);
      } catch (err) {
        if (err instanceof Duplicate) return 'duplicate';
        // Two messages from one chat at once: the later one runs again on the fresh state.
        if (err instanceof Conflict && attempt < 3) continue;
        throw err;
      }
    }
  }

  private async turn(msg: InboundMessage, hash: string, messageHash: string): Promise<HandleOutcome> {
    const conv = await channelsRepository.getConversation(this.d.db.read, msg.channel, hash);
    const now = nowIso();
    let state: ConversationState = conv ? parseState(conv.data, conv.step) : { step: 'language' };
    let locale: Locale = conv?.locale && isLocale(conv.locale) ? conv.locale : this.hintLocale(msg);
    const turn: Turn = { channel: msg.channel, hash, state, locale, replies: [], removeKeys: [] };

    if (!conv) {
      // First contact: choose a language (unless the very first thing is a STOP).
      const cmd = msg.text ? parseCommand(msg.text) : null;
      if (cmd?.command === 'stop') {
        turn.replies.push(this.say(locale, 'resident.bot.stopped', undefined, turn.channel));
        await this.commit(msg, hash, messageHash, conv, turn, { kind: 'stop' });
        return 'handled';
      }
      turn.state = { step: 'language', afterLanguage: 'report' };
      if (cmd?.command === 'start' && cmd.payload) await this.startInLinkedArea(cmd.payload, turn, false);
      turn.replies.push(this.languagePrompt(turn));
      await this.commit(msg, hash, messageHash, conv, turn);
      return 'handled';
    }

    if (conv.expires_at < now && state.draft) {
      turn.removeKeys.push(...state.draft.photoKeys);
      state = { step: 'idle' };
      turn.state = state;
      turn.replies.push(this.say(locale, 'resident.bot.expired'));
    }

    try {
      await this.dispatch(msg, turn, hash);
    } catch (err) {
      if (!(err instanceof Reprompt)) throw err;
      turn.replies.push(this.say(turn.locale, err.key));
      turn.replies.push(await this.prompt(turn));
    }
    // A caption longer than we keep was cut: say so first, before what follows from it.
    if (msg.textCutTo) turn.replies.unshift(this.say(turn.locale, 'chat.textCut', { max: msg.textCutTo }));
    locale = turn.locale;
    await this.commit(msg, hash, messageHash, conv, turn, turn.effect);
    return 'handled';
  }

  // --- the state machine ----------------------------------------------------------------------------

  private async dispatch(msg: InboundMessage, turn: Turn, hash: string): Promise<void> {
    const s = turn.state;
    const text = msg.text !== undefined ? stripControls(msg.text).slice(0, MAX_TEXT + 1) : undefined;
    const choice = this.pickChoice(msg.choice, text, s);
    const shownSmsPage = s.smsPage;
    s.smsPage = undefined;

    // "0" on SMS: the next page of a list too long for one SMS.
    if (isSmsMoreRequest(msg.channel, text, s)) {
      const prompt = await this.prompt(turn);
      const page = nextSmsPage(prompt, shownSmsPage, this.t(turn.locale, SMS_MORE_KEY));
      turn.state.smsPage = page;
      turn.replies.push({ ...prompt, page });
      return;
    }

    // A "more" / "back" row of a paged picker (WhatsApp lists): the same question, another page.
    const page = msg.choice !== undefined ? PAGE_CHOICE.exec(msg.choice) : null;
    if (page) {
      turn.replies.push({ ...(await this.prompt(turn)), page: Number(page[1]) });
      return;
    }

    // A sticker, a voice note, a contact…: the short help, and the question again.
    if (msg.unsupported) {
      turn.replies.push(this.say(turn.locale, 'chat.unsupported'));
      turn.replies.push(await this.prompt(turn));
      return;
    }
    if (msg.editOf !== undefined) return this.correction(msg.editOf, text, turn);

    // Commands work at any point (a button from the menu, or a keyword).
    const cmd = choice?.startsWith('cmd:')
      ? { command: choice.slice(4) as Command }
      : text && !choice && s.step !== 'reply_text'
        ? parseCommand(text)
        : text && s.step === 'reply_text'
          ? parseCommand(text)?.command === 'stop'
            ? { command: 'stop' as Command }
            : null
          : null;
    if (cmd) {
      const { reference, payload } = cmd as { reference?: string; payload?: string };
      return this.command(cmd.command, reference, turn, hash, payload);
    }

    // Feedback buttons stay valid after other messages (they name their report).
    if (choice?.startsWith('fb:')) return this.feedbackStart(choice, turn, hash);

    switch (s.step) {
      case 'language': {
        const l = choice?.startsWith('lang:') ? choice.slice(5) : undefined;
        if (!l || !isLocale(l)) {
          turn.replies.push(this.languagePrompt(turn));
          return;
        }
        turn.locale = l;
        const resume = s.resume;
        if (s.afterLanguage === 'report' || (!resume && !s.afterLanguage)) {
          turn.replies.push(
            this.say(l, 'resident.bot.welcome', { channel: this.channelName(msg.channel, l) }, turn.channel),
          );
          // A draft already holds the area of the link the resident came by.
          turn.state = { step: 'category', draft: s.draft ?? emptyDraft(), region: s.region };
          if (s.draft?.areaFromLink)
            turn.replies.push(this.say(l, 'chat.startInArea', { place: s.draft.place ?? '' }));
        } else {
          turn.replies.push(this.say(l, 'resident.bot.languageSet'));
          turn.state = { ...s, step: resume ?? 'idle', resume: undefined, afterLanguage: undefined };
          if (!resume || resume === 'idle') {
            turn.replies.push(this.menu(l));
            turn.state.choices = this.menu(l).choices;
            return;
          }
        }
        turn.replies.push(await this.prompt(turn));
        return;
      }
      case 'idle': {
        turn.replies.push(this.menu(turn.locale, 'resident.bot.menuIntro'));
        turn.state.choices = this.menu(turn.locale).choices;
        return;
      }
      case 'category': {
        const code = choice?.startsWith('cat:') ? choice.slice(4) : undefined;
        const category = code ? await this.d.reportCategories.activeCategory(code) : undefined;
        if (!category) throw new Reprompt('resident.bot.pickFromList');
        s.draft = { ...(s.draft ?? emptyDraft()), category: category.code, answers: {}, question: undefined };
        s.step = 'description';
        turn.replies.push(await this.prompt(turn));
        return;
      }
      case 'description': {
        const body = text;
        if (msg.photo && !body) {
          await this.addPhoto(msg, turn);
          turn.replies.push(this.say(turn.locale, 'resident.bot.photoFirstDescribe'));
          return;
        }
        if (!body || body.length < 3) throw new Reprompt('resident.bot.describeMore');
        if (body.length > MAX_TEXT) throw new Reprompt('resident.bot.tooLong');
        s.draft!.description = body;
        s.draft!.descriptionRef = msg.ref;
        if (msg.photo) await this.addPhoto(msg, turn);
        await this.afterDescription(turn);
        return;
      }
      case 'question': {
        const category = await this.d.reportCategories.activeCategory(s.draft?.category ?? '');
        const q = category?.questions[s.draft?.question ?? 0];
        if (!category || !q) {
          s.step = 'location';
          turn.replies.push(await this.prompt(turn));
          return;
        }
        if (choice === 'q:skip' && !q.required) {
          // nothing to record
        } else if (q.type === 'choice') {
          const v = choice?.startsWith('q:') ? choice.slice(2) : undefined;
          if (!v || !q.options?.some((o) => o.value === v)) throw new Reprompt('resident.bot.pickFromList');
          s.draft!.answers[q.key] = v;
        } else if (q.type === 'number') {
          const n = text !== undefined && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
          if (!Number.isFinite(n)) throw new Reprompt('resident.bot.needNumber');
          s.draft!.answers[q.key] = n;
        } else if (q.type === 'date') {
          if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`)))
            throw new Reprompt('resident.bot.needDate');
          s.draft!.answers[q.key] = text;
        } else {
          if (!text) throw new Reprompt('resident.bot.needText');
          s.draft!.answers[q.key] = text.slice(0, 1000);
        }
        await this.nextQuestion(turn, category, (s.draft!.question ?? 0) + 1);
        return;
      }
      case 'location':
      case 'district': {
        if (msg.location) {
          try {
            const found = await this.d.geo.lookupPoint(ANONYMOUS, msg.location);
            s.draft = {
              ...s.draft!,
              lat: msg.location.lat,
              lon: msg.location.lon,
              area: undefined,
              place: localName(found.area.names, turn.locale),
            };
          } catch (err) {
            if (err instanceof AppError) throw new Reprompt('resident.bot.locationOutside');
            throw err;
          }
          return this.toPhoto(turn);
        }
        if (choice?.startsWith('reg:')) {
          s.region = choice.slice(4);
          s.step = 'district';
          turn.replies.push(await this.prompt(turn));
          return;
        }
        if (choice?.startsWith('area:')) {
          const code = choice.slice(5);
          const chain = await this.d.geo.areaChain(ANONYMOUS, { code }).catch(() => []);
          const area = chain[chain.length - 1];
          if (!area || area.code !== code) throw new Reprompt('resident.bot.pickFromList');
          s.draft = {
            ...s.draft!,
            area: code,
            lat: undefined,
            lon: undefined,
            place: localName(area.names, turn.locale),
          };
          return this.toPhoto(turn);
        }
        if (text && text.length >= 2) {
          const found = await this.searchPlaces(text);
          if (found.length === 0) throw new Reprompt('resident.bot.placeNotFound');
          s.draft!.address = text.slice(0, 500);
          s.step = 'district';
          s.region = undefined;
          const choices = found.map((a) => ({
            id: `area:${a.code}`,
            label: localName(a.names, turn.locale),
          }));
          turn.state.choices = choices;
          turn.replies.push({ text: this.t(turn.locale, 'resident.bot.placeMatches'), choices });
          return;
        }
        throw new Reprompt('resident.bot.pickFromList');
      }
      case 'photo': {
        if (msg.photo) {
          await this.addPhoto(msg, turn);
          if (s.draft!.photoKeys.length >= MAX_PHOTOS) return this.toPrivacy(turn);
          turn.replies.push(
            this.withChoices(
              turn,
              this.say(turn.locale, 'resident.bot.photoAdded', { count: s.draft!.photoKeys.length }),
              [{ id: 'photo:done', label: this.t(turn.locale, 'resident.bot.continue') }],
            ),
          );
          return;
        }
        if (choice === 'photo:skip' || choice === 'photo:done') return this.toPrivacy(turn);
        throw new Reprompt('resident.bot.photoOrSkip');
      }
      case 'privacy': {
        if (choice === 'priv:web') {
          turn.replies.push(
            this.say(
              turn.locale,
              'resident.bot.anonymousWeb',
              { url: `${this.d.config.publicUrl}/report` },
              turn.channel,
            ),
          );
          turn.replies.push(await this.prompt(turn));
          return;
        }
        if (choice === 'priv:public' || choice === 'priv:name_hidden') {
          s.draft!.privacy = choice === 'priv:public' ? 'public' : 'name_hidden';
          s.step = 'confirm';
          turn.replies.push(await this.prompt(turn));
          return;
        }
        throw new Reprompt('resident.bot.pickFromList');
      }
      case 'confirm': {
        if (choice === 'confirm:send') {
          turn.effect = { kind: 'create' };
          return;
        }
        if (choice === 'confirm:cancel') {
          turn.removeKeys.push(...(s.draft?.photoKeys ?? []));
          turn.state = { step: 'idle' };
          turn.replies.push(this.menu(turn.locale, 'resident.bot.cancelled'));
          turn.state.choices = this.menu(turn.locale).choices;
          return;
        }
        throw new Reprompt('resident.bot.pickFromList');
      }
      case 'reply_pick': {
        const id = choice?.startsWith('rep:') ? choice.slice(4) : undefined;
        const mine = await channelsRepository.threadsOf(this.d.db.read, msg.channel, hash);
        if (!id || !mine.some((r) => r.report_id === id)) throw new Reprompt('resident.bot.pickFromList');
        s.replyTo = id;
        s.step = 'reply_text';
        turn.replies.push(await this.prompt(turn));
        return;
      }
      case 'reply_text': {
        if (!text) throw new Reprompt('resident.bot.needText');
        if (text.length > MAX_TEXT) throw new Reprompt('resident.bot.tooLong');
        turn.effect = { kind: 'message', reportId: s.replyTo!, text };
        return;
      }
      case 'feedback': {
        const f = s.feedback;
        if (!f) {
          turn.state = { ...s, step: s.resume ?? 'idle', resume: undefined };
          turn.replies.push(await this.prompt(turn));
          return;
        }
        const item = FEEDBACK_ITEMS[f.index];
        if (choice === 'fbi:done') {
          turn.effect = { kind: 'feedback', reportId: f.reportId, resolved: f.resolved, items: f.items };
          return;
        }
        const v = choice?.startsWith('fbi:') ? choice.slice(4) : undefined;
        if (!item || !v || !(v === 'skip' || (AGREE_SCALE as readonly string[]).includes(v)))
          throw new Reprompt('resident.bot.pickFromList');
        if (v !== 'skip') f.items[item] = v;
        f.index++;
        if (f.index >= FEEDBACK_ITEMS.length) {
          turn.effect = { kind: 'feedback', reportId: f.reportId, resolved: f.resolved, items: f.items };
          return;
        }
        turn.replies.push(await this.prompt(turn));
        return;
      }
    }
  }

  private async command(
    command: Command,
    reference: string | undefined,
    turn: Turn,
    hash: string,
    payload?: string,
  ) {
    const s = turn.state;
    const l = turn.locale;
    const channel = this.channelOf(turn);
    switch (command) {
      case 'start':
      case 'new': {
        turn.removeKeys.push(...(s.draft?.photoKeys ?? []));
        turn.replies.push(
          this.say(l, 'resident.bot.welcome', { channel: this.channelName(channel, l) }, turn.channel),
        );
        turn.state = { step: 'category', draft: emptyDraft() };
        if (command === 'start' && payload) await this.startInLinkedArea(payload, turn, true);
        turn.replies.push(await this.prompt(turn));
        return;
      }
      case 'lang': {
        turn.state = {
          ...s,
          step: 'language',
          resume: s.step === 'language' ? s.resume : s.step,
          afterLanguage: 'menu',
        };
        turn.replies.push(this.languagePrompt(turn));
        return;
      }
      case 'help': {
        turn.replies.push(
          this.say(l, 'resident.bot.help', { channel: this.channelName(channel, l) }, turn.channel),
        );
        turn.replies.push(await this.prompt(turn));
        return;
      }
      case 'stop': {
        turn.removeKeys.push(...(s.draft?.photoKeys ?? []));
        turn.replies.push(this.say(l, 'resident.bot.stopped', undefined, turn.channel));
        turn.effect = { kind: 'stop' };
        return;
      }
      case 'status': {
        const mine = await channelsRepository.threadsOf(this.d.db.read, channel, hash);
        const shown = reference ? mine.filter((r) => r.reference === reference) : mine.slice(0, 5);
        if (shown.length === 0)
          turn.replies.push(
            this.say(l, reference ? 'resident.bot.statusNotFound' : 'resident.bot.statusNone', {
              reference: reference ?? '',
            }),
          );
        else
          turn.replies.push({
            text: shown
              .map((r) =>
                this.t(l, 'resident.bot.statusLine', {
                  reference: r.reference,
                  status: this.statusName(l, r.status),
                }),
              )
              .join('\n'),
          });
        if (s.step !== 'idle') turn.replies.push(await this.prompt(turn));
        return;
      }
      case 'reply': {
        const mine = await channelsRepository.threadsOf(this.d.db.read, channel, hash);
        if (mine.length === 0) {
          turn.replies.push(this.say(l, 'resident.bot.statusNone'));
          if (s.step !== 'idle') turn.replies.push(await this.prompt(turn));
          return;
        }
        const resume = ['reply_pick', 'reply_text'].includes(s.step) ? s.resume : s.step;
        if (mine.length === 1) {
          turn.state = { ...s, step: 'reply_text', replyTo: mine[0]!.report_id, resume };
        } else {
          turn.state = { ...s, step: 'reply_pick', resume };
        }
        turn.replies.push(await this.prompt(turn));
        return;
      }
    }
  }

  private async feedbackStart(choice: string, turn: Turn, hash: string): Promise<void> {
    const [, reportId, resolved] = choice.split(':');
    const mine = await channelsRepository.threadsOf(this.d.db.read, this.channelOf(turn), hash);
    const report = mine.find((r) => r.report_id === reportId);
    if (
      !report ||
      !CLOSED_STATUSES.includes(report.status as Status) ||
      !['yes', 'partly', 'no'].includes(resolved ?? '')
    )
      throw new Reprompt('resident.bot.feedbackClosed');
    const s = turn.state;
    turn.state = {
      ...s,
      step: 'feedback',
      resume: s.step === 'feedback' ? s.resume : s.step,
      feedback: { reportId: report.report_id, resolved: resolved as FeedbackResolved, items: {}, index: 0 },
    };
    turn.replies.push(await this.prompt(turn));
  }

  // --- steps ------------------------------------------------------------------------------------

  private async afterDescription(turn: Turn): Promise<void> {
    const category = await this.d.reportCategories.activeCategory(turn.state.draft?.category ?? '');
    await this.nextQuestion(turn, category, 0);
  }

  private async nextQuestion(turn: Turn, category: CategoryView | undefined, index: number): Promise<void> {
    const s = turn.state;
    if (category && index < category.questions.length) {
      s.draft!.question = index;
      s.step = 'question';
    } else {
      s.draft!.question = undefined;
      s.step = 'location';
      // Came by an area's link: the place is known, say it and go on.
      if (s.draft!.areaFromLink && s.draft!.area) return this.toPhoto(turn);
      // A region's link: its districts straight away.
      if (s.draft!.areaFromLink && s.region) s.step = 'district';
    }
    turn.replies.push(await this.prompt(turn));
  }

  /**
   * `/start area-…` (a poster's link, start-link.ts): the new draft holds the area (a district or
   * smaller) or the region whose districts will be offered. An unknown area starts as usual.
   */
  private async startInLinkedArea(payload: string, turn: Turn, announce: boolean): Promise<void> {
    const area = await areaOfStartPayload(this.d.geo, payload);
    if (!area) return;
    const place = localName(area.names, turn.locale);
    const draft: Draft = { ...(turn.state.draft ?? emptyDraft()), areaFromLink: true, place };
    if (area.kind === 'region') {
      turn.state.region = area.code;
      draft.place = undefined;
    } else draft.area = area.code;
    turn.state.draft = draft;
    if (announce) turn.replies.push(this.say(turn.locale, 'chat.startInArea', { place }));
  }

  /**
   * An edited message (Telegram). The edit of the description corrects it while the report is still
   * a draft past that step; any other edit changes nothing, and the resident is told so.
   */
  private async correction(editOf: string, text: string | undefined, turn: Turn): Promise<void> {
    const s = turn.state;
    const d = s.draft;
    const correctable =
      d?.description !== undefined &&
      d.descriptionRef === editOf &&
      DRAFT_STEPS.includes(s.step) &&
      s.step !== 'category' &&
      s.step !== 'description';
    if (correctable && text && text.length >= 3 && text.length <= MAX_TEXT) {
      d.description = text;
      turn.replies.push(this.say(turn.locale, 'chat.editApplied'));
    } else {
      turn.replies.push(this.say(turn.locale, 'chat.editIgnored'));
    }
    turn.replies.push(await this.prompt(turn));
  }

  private async toPhoto(turn: Turn): Promise<void> {
    turn.state.step = 'photo';
    turn.state.region = undefined;
    turn.replies.push(
      this.say(turn.locale, 'resident.bot.placeSet', { place: turn.state.draft?.place ?? '' }),
    );
    turn.replies.push(await this.prompt(turn));
  }

  private async toPrivacy(turn: Turn): Promise<void> {
    turn.state.step = 'privacy';
    turn.replies.push(await this.prompt(turn));
  }

  private async addPhoto(msg: InboundMessage, turn: Turn): Promise<void> {
    const draft = turn.state.draft!;
    if (draft.photoKeys.length >= MAX_PHOTOS) throw new Reprompt('resident.bot.photoLimit');
    let data: Buffer;
    try {
      data = await msg.photo!.fetch();
    } catch {
      throw new Reprompt('resident.bot.photoFailed');
    }
    let key: string;
    try {
      // Stripped of EXIF/GPS and re-encoded exactly like a photo sent with the web form.
      key = await this.d.photos.save(await this.d.photos.process(data));
    } catch (err) {
      if (err instanceof ValidationError) throw new Reprompt('resident.bot.photoUnreadable');
      throw err;
    }
    draft.photoKeys.push(key);
  }

  private async searchPlaces(text: string) {
    const out = new Map<string, { code: string; names: string }>();
    for (const kind of ['district', 'municipality'] as const) {
      const { items } = await this.d.geo.list(ANONYMOUS, { q: text.slice(0, 100), kind, limit: 8 });
      for (const a of items) if (out.size < 8) out.set(a.code, a);
    }
    return [...out.values()];
  }

  /** The message that asks for the current step (also used to resume). */
  private async prompt(turn: Turn): Promise<OutboundMessage> {
    const s = turn.state;
    const l = turn.locale;
    switch (s.step) {
      case 'language':
        return this.languagePrompt(turn);
      case 'idle': {
        const m = this.menu(l);
        s.choices = m.choices;
        return m;
      }
      case 'category': {
        const cats = await this.d.reportCategories.list(ANONYMOUS);
        return this.withChoices(
          turn,
          this.say(l, 'resident.bot.askCategory'),
          cats.map((c) => ({ id: `cat:${c.code}`, label: localName(c.names, l) })),
        );
      }
      case 'description': {
        const category = await this.d.reportCategories.activeCategory(s.draft?.category ?? '');
        const guidance = category ? localName(category.guidance, l) : '';
        s.choices = undefined;
        return {
          text: [this.t(l, 'resident.bot.askDescription'), guidance].filter(Boolean).join('\n\n'),
          locale: l,
        };
      }
      case 'question': {
        const category = await this.d.reportCategories.activeCategory(s.draft?.category ?? '');
        const q: CategoryQuestion | undefined = category?.questions[s.draft?.question ?? 0];
        if (!q) {
          s.step = 'location';
          return this.prompt(turn);
        }
        const label = localName(q.labels, l);
        const choices: Array<{ id: string; label: string }> =
          q.type === 'choice'
            ? (q.options ?? []).map((o) => ({ id: `q:${o.value}`, label: localName(o.labels, l) }))
            : [];
        if (!q.required) choices.push({ id: 'q:skip', label: this.t(l, 'resident.bot.skip') });
        const hint =
          q.type === 'date'
            ? this.t(l, 'resident.bot.needDate')
            : q.type === 'number'
              ? this.t(l, 'resident.bot.needNumber')
              : '';
        return this.withChoices(turn, { text: [label, hint].filter(Boolean).join('\n'), locale: l }, choices);
      }
      case 'location': {
        const { items } = await this.d.geo.list(ANONYMOUS, { kind: 'region', limit: 40 });
        const m = this.withChoices(
          turn,
          this.say(l, 'resident.bot.askLocation'),
          items.map((a) => ({ id: `reg:${a.code}`, label: localName(a.names, l) })),
        );
        return { ...m, requestLocation: true, locationButton: this.t(l, 'resident.bot.shareLocation') };
      }
      case 'district': {
        const { items } = s.region
          ? await this.d.geo.list(ANONYMOUS, { kind: 'district', parent: s.region, limit: 60 })
          : { items: [] };
        if (items.length === 0) {
          s.step = 'location';
          return this.prompt(turn);
        }
        return this.withChoices(
          turn,
          this.say(l, 'resident.bot.askDistrict'),
          items.map((a) => ({ id: `area:${a.code}`, label: localName(a.names, l) })),
        );
      }
      case 'photo':
        return this.withChoices(turn, this.say(l, 'resident.bot.askPhoto'), [
          { id: 'photo:skip', label: this.t(l, 'resident.bot.skip') },
        ]);
      case 'privacy':
        return this.withChoices(
          turn,
          this.say(
            l,
            'resident.bot.askPrivacy',
            { channel: this.channelName(this.channelOf(turn), l) },
            turn.channel,
          ),
          [
            { id: 'priv:name_hidden', label: this.t(l, 'resident.bot.privacyNameHidden') },
            { id: 'priv:public', label: this.t(l, 'resident.bot.privacyPublic') },
            { id: 'priv:web', label: this.t(l, 'resident.bot.privacyAnonymous') },
          ],
        );
      case 'confirm': {
        const d = s.draft!;
        const category = await this.d.reportCategories.activeCategory(d.category ?? '');
        const summary = this.t(l, 'resident.bot.summary', {
          category: category ? localName(category.names, l) : '',
          description: (d.description ?? '').slice(0, 300),
          place: d.place ?? '',
          photos: d.photoKeys.length,
          privacy: this.t(
            l,
            d.privacy === 'public' ? 'resident.bot.privacyPublic' : 'resident.bot.privacyNameHidden',
          ),
        });
        return this.withChoices(turn, { text: summary, locale: l }, [
          { id: 'confirm:send', label: this.t(l, 'resident.bot.send') },
          { id: 'confirm:cancel', label: this.t(l, 'resident.bot.cancel') },
        ]);
      }
      case 'reply_pick': {
        const mine = await channelsRepository.threadsOf(
          this.d.db.read,
          this.channelOf(turn),
          this.hashOf(turn),
        );
        return this.withChoices(
          turn,
          this.say(l, 'resident.bot.askWhichReport'),
          mine.map((r) => ({
            id: `rep:${r.report_id}`,
            label: `${r.reference} · ${this.statusName(l, r.status)}`,
          })),
        );
      }
      case 'reply_text':
        s.choices = undefined;
        return this.say(l, 'resident.bot.askReply');
      case 'feedback': {
        const item = FEEDBACK_ITEMS[s.feedback?.index ?? 0] ?? 'pc-voice';
        const question = this.t(l, FEEDBACK_ITEM_KEYS[item]);
        return this.withChoices(turn, { text: question, locale: l }, [
          ...AGREE_SCALE.map((v) => ({ id: `fbi:${v}`, label: this.t(l, AGREE_KEYS[v]) })),
          { id: 'fbi:skip', label: this.t(l, 'resident.bot.skip') },
          { id: 'fbi:done', label: this.t(l, 'resident.bot.feedbackDone') },
        ]);
      }
    }
  }

  // --- committing a turn --------------------------------------------------------------------------

  private async commit(
    msg: InboundMessage,
    hash: string,
    messageHash: string,
    conv: Conversation | undefined,
    turn: Turn,
    effect?: Effect,
  ): Promise<void> {
    const channel = msg.channel;
    const sealed = conv?.address ?? sealAddress(this.secret, msg.address);
    const address = { sealed, hash };

    /** Everything that must happen with the turn, in the caller's transaction. */
    const write = async (
      trx: Trx,
      opts: { claim: boolean; created?: { id: string; reference: string }; stop?: boolean },
    ) => {
      const now = nowIso();
      if (opts.claim && !(await channelsRepository.markSeen(trx, channel, messageHash, now)))
        throw new Duplicate();
      if (opts.stop) {
        const threads = await channelsRepository.deleteThreadsOf(trx, channel, hash);
        await outboxRepository.deleteForAddress(trx, channel, hash);
        if (conv) await channelsRepository.deleteConversation(trx, conv.id);
        await this.d.audit.record(trx, {
          actor: null,
          role: 'anonymous',
          action: 'channel.stop',
          subjectType: CHANNEL,
          subjectId: channel,
          details: { threads },
        });
      } else {
        const data = JSON.stringify({ ...turn.state, step: undefined });
        const row = {
          locale: turn.locale,
          step: turn.state.step,
          data,
          expires_at: isoIn(CONVERSATION_TTL_MS),
          updated_at: now === conv?.updated_at ? bump(now) : now,
        };
        if (!conv) {
          const created = await channelsRepository.createConversation(trx, {
            id: newId(),
            channel,
            address_hash: hash,
            address: sealed,
            created_at: now,
            ...row,
          });
          if (!created) throw new Conflict();
        } else if (!(await channelsRepository.updateConversation(trx, conv.id, conv.updated_at, row))) {
          throw new Conflict();
        }
      }
      if (opts.created)
        await channelsRepository.createThread(trx, {
          id: newId(),
          report_id: opts.created.id,
          channel,
          address_hash: hash,
          address: sealed,
          locale: turn.locale,
          // Everything up to now (the "created" entry) is answered by the confirmation below.
          last_event_id: newId(),
          feedback_asked_at: null,
          created_at: now,
          updated_at: now,
        });
      for (const m of turn.replies)
        await this.d.outbox.enqueue(trx, {
          channel,
          address,
          message: { ...m, locale: turn.locale },
          purpose: 'reply',
          reportId: opts.created?.id ?? null,
        });
    };

    if (!effect) {
      await this.d.db.write((trx) => write(trx, { claim: true }));
    } else if (effect.kind === 'stop') {
      await this.d.db.write((trx) => write(trx, { claim: true, stop: true }));
    } else if (effect.kind === 'create') {
      await this.createReport(msg, turn, write);
      return;
    } else {
      await this.followUp(msg, hash, messageHash, turn, effect, write);
    }
    await this.d.photos.remove(turn.removeKeys);
  }

  private async createReport(
    msg: InboundMessage,
    turn: Turn,
    write: (trx: Trx, opts: { claim: boolean; created?: { id: string; reference: string } }) => Promise<void>,
  ): Promise<void> {
    const d = turn.state.draft!;
    const l = turn.locale;
    const photos: Buffer[] = [];
    for (const k of d.photoKeys) photos.push(await this.d.photos.read(k).catch(() => Buffer.alloc(0)));
    const draftKeys = [...d.photoKeys];
    const before = structuredClone(turn.state);
    turn.state = { step: 'idle' };
    try {
      await this.d.reports.createReport(ANONYMOUS, {
        description: d.description ?? '',
        category: d.category ?? '',
        privacy: d.privacy ?? 'name_hidden',
        location: d.area ? { area: d.area } : { lat: d.lat ?? NaN, lon: d.lon ?? NaN },
        address: d.address,
        answers: d.answers,
        channel: msg.channel,
        locale: l,
        photos: photos.filter((p) => p.length > 0),
        link: async (trx, created) => {
          turn.replies = [
            this.say(l, 'resident.bot.created', { reference: created.reference }, turn.channel),
          ];
          const m = this.menu(l);
          turn.state.choices = m.choices;
          await write(trx, { claim: true, created });
        },
      });
    } catch (err) {
      if (err instanceof Duplicate || err instanceof Conflict) throw err;
      if (!(err instanceof ValidationError)) throw err;
      // The draft no longer fits (a category withdrawn, a place merged): say so and go back.
      turn.state = before;
      turn.state.step =
        err.field === 'category' ? 'category' : err.field === 'location' ? 'location' : 'confirm';
      if (turn.state.step === 'category') turn.state.draft = { ...turn.state.draft!, category: undefined };
      turn.replies = [this.say(l, 'resident.bot.notAccepted'), await this.prompt(turn)];
      await this.d.db.write((trx) => write(trx, { claim: true }));
      return;
    }
    await this.d.photos.remove(draftKeys);
  }

  private async followUp(
    msg: InboundMessage,
    hash: string,
    messageHash: string,
    turn: Turn,
    effect: Extract<Effect, { kind: 'message' | 'feedback' }>,
    write: (trx: Trx, opts: { claim: boolean }) => Promise<void>,
  ): Promise<void> {
    // The reports service writes in its own transaction: claim the message first, so a replay cannot
    // add the same words twice; give the claim back if the service fails for reasons of its own.
    const claimed = await this.d.db.write((trx) =>
      channelsRepository.markSeen(trx, msg.channel, messageHash, nowIso()),
    );
    if (!claimed) throw new Duplicate();
    const key = { channelThread: { reportId: effect.reportId, addressHash: hash } };
    const s = turn.state;
    const l = turn.locale;
    const resume: Step = s.resume && s.resume !== 'feedback' && s.resume !== 'reply_text' ? s.resume : 'idle';
    try {
      if (effect.kind === 'message') {
        await this.d.reportFollowUp.addMessage(ANONYMOUS, key, { text: effect.text }, `channel:${hash}`);
        turn.replies.push(this.say(l, 'resident.bot.replySent'));
      } else {
        await this.d.reportFollowUp.submitFeedback(
          ANONYMOUS,
          key,
          { resolved: effect.resolved, items: effect.items },
          `channel:${hash}`,
        );
        turn.replies.push(this.say(l, 'resident.bot.feedbackThanks'));
      }
    } catch (err) {
      if (err instanceof AppError && err.statusCode < 500) {
        turn.replies.push(
          this.say(l, effect.kind === 'message' ? 'resident.bot.replyFailed' : 'resident.bot.feedbackClosed'),
        );
      } else {
        await this.d.db
          .write((trx) => channelsRepository.unmarkSeen(trx, msg.channel, messageHash))
          .catch(() => undefined);
        throw err;
      }
    }
    turn.state = { ...s, step: resume, resume: undefined, replyTo: undefined, feedback: undefined };
    if (resume !== 'idle') turn.replies.push(await this.prompt(turn));
    else turn.state.choices = this.menu(l).choices;
    await this.d.db.write((trx) => write(trx, { claim: false }));
  }

  // --- wording ------------------------------------------------------------------------------------

  private t(l: Locale, key: string, values?: Record<string, string | number>): string {
    return this.d.i18n.t(l, key, values);
  }
  /** `channel` given: an SMS gets the short wording of the long texts (each SMS part is 70 letters). */
  private say(
    l: Locale,
    key: string,
    values?: Record<string, string | number>,
    channel?: ChannelKind,
  ): OutboundMessage {
    const k = channel === 'sms' ? (SMS_SHORT_KEYS[key] ?? key) : key;
    return { text: this.t(l, k, values), locale: l };
  }
  private withChoices(
    turn: Turn,
    msg: OutboundMessage,
    choices: Array<{ id: string; label: string }>,
  ): OutboundMessage {
    turn.state.choices = choices.length ? choices : undefined;
    return choices.length ? { ...msg, choices } : msg;
  }
  private menu(l: Locale, introKey = 'resident.bot.menu'): OutboundMessage {
    return {
      text: this.t(l, introKey),
      locale: l,
      choices: [
        { id: 'cmd:new', label: this.t(l, 'resident.bot.cmdNew') },
        { id: 'cmd:status', label: this.t(l, 'resident.bot.cmdStatus') },
        { id: 'cmd:reply', label: this.t(l, 'resident.bot.cmdReply') },
        { id: 'cmd:lang', label: this.t(l, 'resident.bot.cmdLang') },
        { id: 'cmd:help', label: this.t(l, 'resident.bot.cmdHelp') },
      ],
    };
  }
  private languagePrompt(turn: Turn): OutboundMessage {
    return this.withChoices(
      turn,
      // Shown before a language is chosen: the question in every language we speak, shortest first.
      {
        text: LOCALES.map((l) => this.t(l, 'resident.bot.chooseLanguage'))
          .filter(unique)
          .join('\n'),
      },
      LOCALES.map((l) => ({ id: `lang:${l}`, label: LOCALE_NAMES[l] })),
    );
  }
  statusName(l: Locale, status: string): string {
    const key = STATUS_KEYS[status as Status];
    return key ? this.t(l, key) : status;
  }
  channelName(channel: ChannelKind, l: Locale): string {
    // Brand names are not translated; the phone network is.
    if (channel === 'telegram') return 'Telegram';
    if (channel === 'whatsapp') return 'WhatsApp';
    return this.t(l, 'resident.bot.channelSms');
  }

  private hintLocale(msg: InboundMessage): Locale {
    const h = (msg.languageHint ?? '').toLowerCase();
    if (h === 'uz-latn') return 'uz-Latn';
    const base = h.split(/[-_]/)[0] ?? '';
    return isLocale(base) ? base : this.d.config.defaultLocale;
  }

  private channelOf(turn: Turn): ChannelKind {
    return turn.channel;
  }
  private hashOf(turn: Turn): string {
    return turn.hash;
  }

  /** A typed number or label counts as picking the choice offered last. */
  private pickChoice(choice: string | undefined, text: string | undefined, s: ConversationState) {
    const offered = s.choices ?? [];
    if (choice !== undefined) {
      if (/^(cmd|lang|fb):/.test(choice)) return choice;
      return offered.some((c) => c.id === choice) ? choice : undefined;
    }
    if (!text || offered.length === 0) return undefined;
    if (/^\d{1,2}$/.test(text)) return offered[Number(text) - 1]?.id;
    const folded = text.toLocaleLowerCase();
    return offered.find((c) => c.label.toLocaleLowerCase() === folded)?.id;
  }
}

const STATUS_KEYS: Record<Status, string> = {
  new: 'resident.status.new',
  acknowledged: 'resident.status.acknowledged',
  in_progress: 'resident.status.in_progress',
  action_scheduled: 'resident.status.action_scheduled',
  resolved: 'resident.status.resolved',
  closed_duplicate: 'resident.status.closed_duplicate',
  closed_not_police: 'resident.status.closed_not_police',
  closed_no_action: 'resident.status.closed_no_action',
};
const FEEDBACK_ITEM_KEYS: Record<(typeof FEEDBACK_ITEMS)[number], string> = {
  'pc-voice': 'resident.feedback.voice',
  'pc-respect': 'resident.feedback.respect',
  'pc-fair': 'resident.feedback.fair',
  'pc-informed': 'resident.feedback.informed',
};
const AGREE_KEYS: Record<(typeof AGREE_SCALE)[number], string> = {
  agree_strongly: 'resident.feedback.agreeStrongly',
  agree: 'resident.feedback.agree',
  neither: 'resident.feedback.neither',
  disagree: 'resident.feedback.disagree',
  disagree_strongly: 'resident.feedback.disagreeStrongly',
};
export const RESOLVED_KEYS: Record<FeedbackResolved, string> = {
  yes: 'resident.feedback.resolvedYes',
  partly: 'resident.feedback.resolvedPartly',
  no: 'resident.feedback.resolvedNo',
};
export { STATUS_KEYS };

function unique<T>(v: T, i: number, all: T[]): boolean {
  return all.indexOf(v) === i;
}
function emptyDraft(): Draft {
  return { answers: {}, photoKeys: [] };
}
/** Same-millisecond updates still change `updated_at` (the optimistic check needs a new value). */
function bump(iso: string): string {
  return new Date(Date.parse(iso) + 1).toISOString();
}
function parseState(data: string, step: string): ConversationState {
  try {
    const s = JSON.parse(data) as ConversationState;
    return { ...s, step: step as Step, ...(s.draft ? { draft: Object.assign(emptyDraft(), s.draft) } : {}) };
  } catch {
    return { step: 'idle' };
  }
}
export { DRAFT_STEPS };
