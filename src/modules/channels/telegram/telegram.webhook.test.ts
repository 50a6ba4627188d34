/**
 * The webhook's gate (SQLite and PostgreSQL): a wrong or missing secret token, an unconfigured bot,
 * junk, truncated and wrongly typed bodies are refused with a 4xx — and leave no row and send no
 * message. Property tests throw random payloads and random secrets at it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { describeDialects } from '../../../../test/db.ts';
import { reportWorld, type ReportWorld } from '../../reports/reports.fixtures.ts';
import { adminActorOf, drainOutbox } from '../channels.test-helpers.ts';
import { parseCommand } from '../conversation.service.ts';
import { callbackUpdate, FakeBotApi, locationUpdate, textUpdate } from './telegram.test-server.ts';

const SECRET = 'another-webhook-secret-42';
const TABLES = [
  'conversation',
  'channel_inbound',
  'channel_outbox',
  'channel_thread',
  'report',
  'job',
] as const;

describeDialects('telegram webhook gate', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  const bot = new FakeBotApi();

  beforeAll(async () => {
    await bot.start();
    t = await createTestApp(dialect);
    w = await reportWorld(t.app);
  });
  afterAll(async () => {
    await t?.close();
    await bot.stop();
  });

  const post = (
    payload: string | object,
    headers: Record<string, string> = { 'x-telegram-bot-api-secret-token': SECRET },
  ) =>
    t.app.inject({
      method: 'POST',
      url: '/channels/telegram/webhook',
      headers: { 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of TABLES) {
      const r = await t.app.ctx.db.read
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      out[table] = Number(r.n);
    }
    return out;
  }

  it('is "not found" while the bot is not configured', async () => {
    const res = await post(textUpdate(1, 42, '/start'));
    expect(res.statusCode).toBe(404);
  });

  it('refuses a missing or wrong secret token before reading the body; nothing stored or sent', async () => {
    await t.app.ctx.services.channelSettings.update(adminActorOf(w.admin.id), 'telegram', {
      values: { bot_token: '999:fake', webhook_secret: SECRET, api_root: bot.url },
    });
    const before = await counts();
    for (const headers of [
      {} as Record<string, string>,
      { 'x-telegram-bot-api-secret-token': 'wrong' },
      { 'x-telegram-bot-api-secret-token': `${SECRET}x` },
    ]) {
      const res = await post(textUpdate(2, 42, '/start'), headers);
      expect(res.statusCode).toBe(403);
      expect(res.json().message ?? res.body).toMatch(/secret-token/i);
    }
    expect((await post('{"update_id":', {})).statusCode).toBe(403);
    await drainOutbox(t.app);
    expect(await counts()).toEqual(before);
    expect(bot.calls).toHaveLength(0);
  });

  it('property: junk, truncated and mistyped bodies with the right secret get a 4xx, store nothing, send nothing', async () => {
    const before = await counts();
    const valid = JSON.stringify(textUpdate(77, 4242, 'hello'));
    const junk = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.integer({ min: 1, max: valid.length - 1 }).map((n) => valid.slice(0, n)),
      fc
        .jsonValue({ maxDepth: 3 })
        .map((v) => JSON.stringify(v))
        .filter((s) => !/^\{.*"update_id"\s*:\s*\d/.test(s)),
      fc
        .record({
          update_id: fc.oneof(fc.string(), fc.double(), fc.constant(-1), fc.constant(null)),
          message: fc.anything({ maxDepth: 2 }),
        })
        .map((v) => JSON.stringify(v)),
      fc
        .record({
          update_id: fc.nat(),
          message: fc.record({ message_id: fc.string(), chat: fc.anything({ maxDepth: 1 }) }),
        })
        .map((v) => JSON.stringify(v)),
      fc
        .record({
          update_id: fc.nat(),
          callback_query: fc.record({
            id: fc.constant(''),
            from: fc.record({ id: fc.string() }),
            data: fc.string({ minLength: 65, maxLength: 80 }),
          }),
        })
        .map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(junk, async (payload) => {
        const res = await post(payload);
        expect(res.statusCode, payload).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, payload).toBeLessThan(500);
      }),
      { numRuns: 120 },
    );
    await drainOutbox(t.app);
    expect(await counts()).toEqual(before);
    expect(bot.calls).toHaveLength(0);
  });

  it('property: wrong secrets never pass', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s !== SECRET && /^[\x21-\x7e]+$/.test(s)),
        async (secret) => {
          const res = await post(textUpdate(5, 42, '/start'), { 'x-telegram-bot-api-secret-token': secret });
          expect(res.statusCode).toBe(403);
        },
      ),
      { numRuns: 60 },
    );
    expect(bot.calls).toHaveLength(0);
  });

  // Stickers and edits in a private chat are answered (the short help, a correction): see
  // telegram.provider-formats.test.ts. A live location's edits and service messages are dropped.
  it('updates it does not act on (groups, bots, live-location edits, service messages) are acknowledged and dropped', async () => {
    const before = await counts();
    const group = textUpdate(10, -100123, '/start');
    group.message.chat.type = 'supergroup';
    const fromBot = textUpdate(11, 43, 'hi');
    fromBot.message.from.is_bot = true;
    const pinned = {
      update_id: 12,
      message: {
        message_id: 2,
        chat: { id: 44, type: 'private' },
        date: 1,
        pinned_message: { message_id: 1, chat: { id: 44, type: 'private' }, date: 1, text: 'x' },
      },
    };
    const liveLocation = {
      update_id: 13,
      edited_message: {
        message_id: 1,
        chat: { id: 44, type: 'private' },
        date: 1,
        edit_date: 2,
        location: { latitude: 42.87, longitude: 74.59, live_period: 900 },
      },
    };
    const groupSticker = {
      update_id: 14,
      message: { message_id: 3, chat: { id: -100555, type: 'group' }, date: 1, sticker: { file_id: 'x' } },
    };
    for (const u of [group, fromBot, pinned, liveLocation, groupSticker])
      expect((await post(u)).statusCode).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it('property: a replayed update gets 409 however often it comes; nothing stored, nothing sent again', async () => {
    let id = 50_000;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom('text', 'button', 'location'),
        async (replays, kind) => {
          const chat = 600_000 + id;
          const u =
            kind === 'button'
              ? callbackUpdate(id++, chat, 'lang:en')
              : kind === 'location'
                ? locationUpdate(id++, chat, 42.87, 74.59)
                : textUpdate(id++, chat, '/start');
          const first = await post(u);
          expect(first.statusCode, first.body).toBe(200);
          await drainOutbox(t.app);
          const before = await counts();
          const calls = bot.calls.length;
          for (let i = 0; i < replays; i++) {
            const again = await post(u);
            expect(again.statusCode).toBe(409);
            expect(again.json()).toEqual({
              error: {
                code: 'conflict',
                message: `update ${u.update_id} was already processed`,
                field: 'update_id',
              },
            });
          }
          await drainOutbox(t.app);
          expect(await counts()).toEqual(before);
          // not even answerCallbackQuery: a replay calls nothing at all
          expect(bot.calls.length).toBe(calls);
        },
      ),
      { numRuns: 8 },
    );
    // one prompt per distinct update, however often each was posted
    expect(bot.sent()).toHaveLength(8);
  });

  it('an update it does not act on may come again: still 200, still nothing stored', async () => {
    const group = textUpdate(70_000, -100999, 'hi');
    group.message.chat.type = 'group';
    const before = await counts();
    for (let i = 0; i < 2; i++) expect((await post(group)).statusCode).toBe(200);
    expect(await counts()).toEqual(before);
  });
});

it('parseCommand: keywords in every language, whole message only, references checked', () => {
  expect(parseCommand('/status@IshenimBot')).toEqual({ command: 'status' });
  expect(parseCommand('СТАТУС r-7k3m-9qxd')).toEqual({ command: 'status', reference: 'R-7K3M-9QXD' });
  expect(parseCommand('абал')).toEqual({ command: 'status' });
  expect(parseCommand('Новый магазин продаёт алкоголь детям')).toBeNull();
  expect(parseCommand('status of the road')).toBeNull();
  // A deep link's parameter is kept as sent (case included): start-link.ts reads it.
  expect(parseCommand('/start area-KG-O_uzgen')).toEqual({ command: 'start', payload: 'area-KG-O_uzgen' });
  expect(parseCommand('/start')).toEqual({ command: 'start' });
  for (const w of ['жардам', 'помощь', 'yordam', 'көмек', 'кӯмак', 'help'])
    expect(parseCommand(w)?.command).toBe('help');
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (s) => {
      const r = parseCommand(s);
      return r === null || ['start', 'new', 'status', 'reply', 'lang', 'help', 'stop'].includes(r.command);
    }),
  );
});
