/**
 * Telegram updates as Telegram really sends them, through the real app and a local Bot API server
 * (SQLite and PostgreSQL). The shapes come from the Bot API's own description (the machine-readable
 * spec, PaulSonOfLars/telegram-bot-api-spec api.json, Bot API 10.1: Update, Message, Sticker, Voice,
 * Video, VideoNote, Contact, PhotoSize) and from its "Deep linking" section (`/start <parameter>`,
 * at most 64 characters of A-Z a-z 0-9 _ -):
 * - a photo caption over the spec's 1024 characters (Premium users send up to 4096; we test beyond
 *   what we keep) is accepted, cut to what we keep, and the resident is told;
 * - stickers, voice notes, videos, video notes and contacts get 200 and the short help;
 * - an edited message corrects the description while the report is a draft; other edits are
 *   answered, a live location's edits are silent;
 * - `/start area-…` starts a report in that area (by code or id), also on first contact.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, TEST_SECRET, type TestApp } from '../../../../test/app.ts';
import { describeDialects } from '../../../../test/db.ts';
import { reportWorld, type ReportWorld } from '../../reports/reports.fixtures.ts';
import { addressHash } from '../channel-crypto.ts';
import { adminActorOf, drainOutbox } from '../channels.test-helpers.ts';
import { areaStartPayload } from '../start-link.ts';
import { FakeBotApi, callbackUpdate, photoUpdate, textUpdate } from './telegram.test-server.ts';

const SECRET = 'provider-format-secret-77';
const FROM = (chat: number) => ({ id: chat, is_bot: false, first_name: 'Айгүл', language_code: 'ru' });
const CHAT = (chat: number) => ({ id: chat, first_name: 'Айгүл', type: 'private' });

/** A Message carrying one kind of content (Bot API "Message"), as in a webhook's `message`. */
function contentUpdate(updateId: number, chat: number, content: Record<string, unknown>) {
  return {
    update_id: updateId,
    message: { message_id: updateId, from: FROM(chat), chat: CHAT(chat), date: 1764370000, ...content },
  };
}
/** Bot API Update with `edited_message`: the same message_id, an `edit_date`. */
function editedUpdate(updateId: number, chat: number, messageId: number, content: Record<string, unknown>) {
  return {
    update_id: updateId,
    edited_message: {
      message_id: messageId,
      from: FROM(chat),
      chat: CHAT(chat),
      date: 1764370000,
      edit_date: 1764370100,
      ...content,
    },
  };
}

describeDialects('telegram: updates as Telegram sends them', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  const bot = new FakeBotApi();
  let nextUpdate = 5000;

  beforeAll(async () => {
    await bot.start();
    t = await createTestApp(dialect, { reportLimitPerHour: 100_000 });
    w = await reportWorld(t.app);
    await t.app.ctx.services.channelSettings.update(adminActorOf(w.admin.id), 'telegram', {
      values: { bot_token: '123456:TEST-token', webhook_secret: SECRET, api_root: bot.url },
    });
    bot.files.set(
      'photos/ph1.jpg',
      await sharp({ create: { width: 400, height: 300, channels: 3, background: '#68a' } })
        .jpeg()
        .toBuffer(),
    );
  });
  afterAll(async () => {
    await t?.close();
    await bot.stop();
  });

  async function say(chat: number, update: unknown): Promise<Array<Record<string, any>>> {
    const before = bot.sent(chat).length;
    const res = await t.app.inject({
      method: 'POST',
      url: '/channels/telegram/webhook',
      headers: { 'x-telegram-bot-api-secret-token': SECRET },
      payload: update as object,
    });
    expect(res.statusCode, res.body).toBe(200);
    await drainOutbox(t.app);
    return bot.sent(chat).slice(before);
  }
  const text = (chat: number, s: string) => say(chat, textUpdate(nextUpdate++, chat, s));
  const tap = (chat: number, data: string) => say(chat, callbackUpdate(nextUpdate++, chat, data));
  async function draftOf(chat: number): Promise<{ step: string; draft?: Record<string, any> }> {
    const row = await t.app.ctx.db.read
      .selectFrom('conversation')
      .select(['step', 'data'])
      .where('channel', '=', 'telegram')
      .where('address_hash', '=', addressHash(TEST_SECRET, 'telegram', String(chat)))
      .executeTakeFirstOrThrow();
    return { step: row.step, ...(JSON.parse(row.data) as { draft?: Record<string, any> }) };
  }
  /** A chat that chose Russian and the public-order category: the bot now asks what happened. */
  async function atDescription(chat: number) {
    await text(chat, '/start');
    await tap(chat, 'lang:ru');
    const asked = await tap(chat, 'cat:public-order');
    expect(asked.at(-1)!.text).toContain('Что произошло?');
  }

  it('a photo caption longer than the spec allows is accepted, cut to what we keep, and the resident told', async () => {
    const chat = 7770001;
    await atDescription(chat);
    // 1500 characters: over the spec's 1024, under what we keep — accepted whole, nothing said.
    const mid = 'Возле школы ночью шумят. '.repeat(60);
    const midReply = await say(chat, photoUpdate(nextUpdate++, chat, 'ph1', mid));
    expect(midReply.map((m) => m.text).join('\n')).not.toContain('4000');
    expect((await draftOf(chat)).draft!.description).toBe(mid.trim());

    const chat2 = 7770002;
    await atDescription(chat2);
    const long = 'Ыбырай көчөсүндө түн ичинде мушташ болду. '.repeat(150); // 6300 characters
    const replies = await say(chat2, photoUpdate(nextUpdate++, chat2, 'ph1', long));
    expect(replies[0]!.text).toContain('длиннее 4000');
    const d = (await draftOf(chat2)).draft!;
    expect(d.description.length).toBeLessThanOrEqual(4000);
    expect(long.startsWith(d.description)).toBe(true);
  });

  it('stickers, voice notes, videos, video notes and contacts get 200 and the short help; nothing of them is kept', async () => {
    const chat = 7770010;
    await atDescription(chat);
    const contents: Record<string, unknown>[] = [
      {
        sticker: {
          file_id: 'CAACAgIAAxkBAAIBZ2VZ',
          file_unique_id: 'AgADzQ8AAkb7',
          type: 'regular',
          width: 512,
          height: 512,
          is_animated: false,
          is_video: false,
          emoji: '👍',
          set_name: 'HotCherry',
        },
      },
      {
        voice: {
          file_id: 'AwACAgIAAxkBAAIBaGVZ',
          file_unique_id: 'AgAD1Q8AAkb7',
          duration: 4,
          mime_type: 'audio/ogg',
          file_size: 9000,
        },
      },
      {
        video: {
          file_id: 'BAACAgIAAxkBAAIBaWVZ',
          file_unique_id: 'AgAD1g8AAkb7',
          width: 720,
          height: 1280,
          duration: 9,
          mime_type: 'video/mp4',
          file_size: 2_000_000,
        },
      },
      { video_note: { file_id: 'DQACAgIAAxk', file_unique_id: 'AgAD1w8', length: 240, duration: 5 } },
      { contact: { phone_number: '+996555123456', first_name: 'Бакыт', user_id: 111222 } },
    ];
    for (const content of contents) {
      const replies = await say(chat, contentUpdate(nextUpdate++, chat, content));
      expect(replies[0]!.text, JSON.stringify(content)).toContain('только текст, фото и геолокацию');
      // …and the question again.
      expect(replies.at(-1)!.text).toContain('Что произошло?');
    }
    const stored = JSON.stringify(await t.app.ctx.db.read.selectFrom('conversation').selectAll().execute());
    expect(stored).not.toContain('+996555123456');
    expect(stored).not.toContain('CAACAgIAAxkBAAIBZ2VZ');
    expect((await draftOf(chat)).step).toBe('description');
  });

  it('an edited description corrects the draft; other edits are answered; live-location edits are silent', async () => {
    const chat = 7770020;
    await atDescription(chat);
    const first = nextUpdate++;
    await say(chat, textUpdate(first, chat, 'Подростки пьют у школы'));
    expect((await draftOf(chat)).step).toBe('location');
    const fixed = await say(
      chat,
      editedUpdate(nextUpdate++, chat, first, { text: 'Подростки каждый вечер пьют у ворот школы №5' }),
    );
    expect(fixed[0]!.text).toContain('Исправлено');
    expect(fixed.at(-1)!.text).toContain('Где это произошло?');
    const d = await draftOf(chat);
    expect(d.draft!.description).toBe('Подростки каждый вечер пьют у ворот школы №5');
    expect(d.step).toBe('location');

    // The edit of another message (the /start) changes nothing, and says so.
    const other = await say(chat, editedUpdate(nextUpdate++, chat, 1, { text: '/start' }));
    expect(other[0]!.text).toContain('ничего не меняет');
    expect((await draftOf(chat)).draft!.description).toBe('Подростки каждый вечер пьют у ворот школы №5');

    // A live location moving: edited_message with a location, many a minute — 200 and silence.
    const live = await say(
      chat,
      editedUpdate(nextUpdate++, chat, 99, {
        location: { latitude: 42.87, longitude: 74.59, live_period: 900, heading: 90 },
      }),
    );
    expect(live).toHaveLength(0);
  });

  it('/start area-<code> (a poster deep link) starts a report in that area; the place is not asked again', async () => {
    const chat = 7770030;
    await text(chat, '/start');
    await tap(chat, 'lang:ru');
    const payload = areaStartPayload('KG-O.uzgen');
    expect(payload).toMatch(/^[A-Za-z0-9_-]{1,64}$/); // Telegram's alphabet for start parameters
    const started = await text(chat, `/start ${payload}`);
    expect(started.map((m) => m.text).join('\n')).toContain('Узгенский район');
    await tap(chat, 'cat:public-order');
    const next = await text(chat, 'Ночью на остановке разбили стекло');
    // Straight to the photo: "Место: Узгенский район." and the photo question.
    expect(next[0]!.text).toContain('Узгенский район');
    expect(next.at(-1)!.text).toContain('Можно отправить фото');
    const d = await draftOf(chat);
    expect(d.draft!.area).toBe('KG-O.uzgen');
  });

  it('a first contact through an area link (by the area id) keeps the area across the language choice', async () => {
    const area = await t.app.ctx.db.read
      .selectFrom('area')
      .select(['id'])
      .where('code', '=', 'KG-O.uzgen')
      .executeTakeFirstOrThrow();
    const chat = 7770040;
    const hello = await text(chat, `/start area-${area.id}`);
    expect(hello).toHaveLength(1); // the language question
    const welcome = await tap(chat, 'lang:ru');
    expect(welcome.map((m) => m.text).join('\n')).toContain('Узгенский район');
    await tap(chat, 'cat:public-order');
    const next = await text(chat, 'Ночью на остановке разбили стекло');
    expect(next.at(-1)!.text).toContain('Можно отправить фото');

    // An unknown or malformed area: an ordinary start.
    const chat2 = 7770041;
    await text(chat2, '/start');
    await tap(chat2, 'lang:ru');
    const plain = await text(chat2, '/start area-XX-nowhere');
    expect(plain.map((m) => m.text).join('\n')).not.toContain('будет о месте');
    expect((await draftOf(chat2)).draft!.area).toBeUndefined();
  });
});
