/**
 * End to end through the real app and a local Bot API server (SQLite and PostgreSQL): a resident
 * reports through Telegram (language, category, description, the category's question, location,
 * photo, privacy, confirm); the report appears in the staff queue; a staff reply and the status
 * change reach the resident through the Bot API; the resolution question and the post-contact
 * items are asked and answered. Plus commands, replays, expiry and STOP.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { describeDialects } from '../../../../test/db.ts';
import { createSession, csrfPair, sessionCookies } from '../../../../test/factories.ts';
import { clock } from '../../../shared/time.ts';
import { PhotoStore } from '../../reports/photos.store.ts';
import { reportWorld, type ReportWorld } from '../../reports/reports.fixtures.ts';
import { adminActorOf, drainOutbox } from '../channels.test-helpers.ts';
import {
  callbackUpdate,
  FakeBotApi,
  locationUpdate,
  photoUpdate,
  textUpdate,
} from './telegram.test-server.ts';

const SECRET = 'webhook-secret-0123456789';

describeDialects('telegram conversation end to end', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  const bot = new FakeBotApi();
  let nextUpdate = 1000;

  beforeAll(async () => {
    await bot.start();
    t = await createTestApp(dialect, { reportLimitPerHour: 100_000 });
    w = await reportWorld(t.app);
    await t.app.ctx.services.channelSettings.update(adminActorOf(w.admin.id), 'telegram', {
      values: { bot_token: '123456:TEST-token', webhook_secret: SECRET, api_root: bot.url },
    });
    bot.files.set(
      'photos/ph1.jpg',
      await sharp({ create: { width: 800, height: 600, channels: 3, background: '#8a6' } })
        .jpeg()
        .withMetadata({ exif: { IFD0: { Make: 'PhoneMaker', Model: 'X1' } } })
        .toBuffer(),
    );
  });
  afterAll(async () => {
    clock.reset();
    await t?.close();
    await bot.stop();
  });

  const post = (update: unknown, secret = SECRET) =>
    t.app.inject({
      method: 'POST',
      url: '/channels/telegram/webhook',
      headers: { 'x-telegram-bot-api-secret-token': secret },
      payload: update as object,
    });
  /** Posts, sends the outbox, and returns what the bot said to this chat since. */
  async function say(chat: number, update: unknown): Promise<Array<Record<string, any>>> {
    const before = bot.sent(chat).length;
    const res = await post(update);
    expect(res.statusCode, res.body).toBe(200);
    await drainOutbox(t.app);
    return bot.sent(chat).slice(before);
  }
  const text = (chat: number, s: string) => say(chat, textUpdate(nextUpdate++, chat, s));
  const tap = (chat: number, data: string) => say(chat, callbackUpdate(nextUpdate++, chat, data));
  const buttons = (m: Record<string, any> | undefined): string[] =>
    (m?.reply_markup?.inline_keyboard ?? []).flat().map((b: { callback_data: string }) => b.callback_data);

  async function reportThrough(chat: number) {
    const hello = await text(chat, '/start');
    expect(hello).toHaveLength(1);
    expect(buttons(hello[0])).toContain('lang:ru');
    const cats = await tap(chat, 'lang:ru');
    expect(cats[0]!.text).toContain('Telegram знает, кто пишет');
    expect(buttons(cats.at(-1))).toContain('cat:public-order');
    const describe_ = await tap(chat, 'cat:public-order');
    expect(describe_.at(-1)!.text).toContain('Что произошло?');
    const where = await text(chat, 'Подростки каждый вечер пьют у ворот школы и пугают младших.');
    const ask = where.at(-1)!;
    expect(ask.reply_markup.keyboard[0][0].request_location).toBe(true);
    const photo = await say(chat, locationUpdate(nextUpdate++, chat, 40.70123, 72.90456));
    expect(photo[0]!.text).toContain('Кара-Суйский район');
    const added = await say(chat, photoUpdate(nextUpdate++, chat, 'ph1'));
    expect(added.at(-1)!.text).toContain('1 из 5');
    const privacy = await tap(chat, 'photo:done');
    expect(privacy.at(-1)!.text).toContain('Telegram знает, кто пишет');
    expect(buttons(privacy.at(-1))).toEqual(['priv:name_hidden', 'priv:public', 'priv:web']);
    const confirm = await tap(chat, 'priv:name_hidden');
    expect(confirm.at(-1)!.text).toContain('Имя скрыто');
    const done = await tap(chat, 'confirm:send');
    const ref = done[0]!.text.match(/R-[0-9A-Z]{4}-[0-9A-Z]{4}/)?.[0];
    expect(ref, done[0]!.text).toBeTruthy();
    return ref!;
  }

  it('a report made through Telegram reaches the staff queue; the reply, the status and the feedback loop back', async () => {
    const chat = 5550001;
    const ref = await reportThrough(chat);
    const report = await t.app.ctx.db.read
      .selectFrom('report')
      .selectAll()
      .where('reference', '=', ref)
      .executeTakeFirstOrThrow();
    expect(report).toMatchObject({
      channel: 'telegram',
      privacy: 'name_hidden',
      locale: 'ru',
      contact: null,
    });
    expect(report.reporter_person_id).toBeNull();
    const photos = await t.app.ctx.db.read
      .selectFrom('report_photo')
      .selectAll()
      .where('report_id', '=', report.id)
      .execute();
    expect(photos).toHaveLength(1);
    // Re-encoded like a web photo: the camera's EXIF is gone.
    const stored = await sharp(
      await new PhotoStore(t.config.dataDir).read(photos[0]!.storage_key),
    ).metadata();
    expect(stored.exif).toBeUndefined();
    // The chat id is nowhere in clear: not in the thread, the conversation, the outbox or the report.
    for (const table of [
      'channel_thread',
      'conversation',
      'channel_outbox',
      'report',
      'audit_event',
    ] as const) {
      const rows = await t.app.ctx.db.read.selectFrom(table).selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(String(chat));
    }

    // Staff queue (the officer of Kara-Suu) shows it, without the chat id.
    const sid = await createSession(t.app, w.officer.id);
    const queue = await t.app.inject({ method: 'GET', url: '/staff/reports', cookies: sessionCookies(sid) });
    expect(queue.body).toContain(ref);
    const detail = await t.app.inject({
      method: 'GET',
      url: `/staff/reports/${report.id}`,
      cookies: sessionCookies(sid),
    });
    expect(detail.statusCode).toBe(200);
    expect(detail.body).not.toContain(String(chat));

    const form = async (url: string, fields: Record<string, string>) => {
      const c = csrfPair(t.app);
      return t.app.inject({
        method: 'POST',
        url,
        cookies: { ...sessionCookies(sid), ...c.cookies },
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...fields, _csrf: c.token }).toString(),
      });
    };
    // A staff reply reaches the resident.
    expect(
      (
        await form(`/staff/reports/${report.id}/notes`, {
          kind: 'message_out',
          body: 'Завтра придёт участковый. Вы будете дома?',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (await form(`/staff/reports/${report.id}/notes`, { kind: 'note', body: 'internal: check CCTV' }))
        .statusCode,
    ).toBe(303);
    const before = bot.sent(chat).length;
    expect(await t.app.ctx.services.channelNotify.run(0)).toBe(1);
    await drainOutbox(t.app);
    const got = bot.sent(chat).slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.text).toContain('Завтра придёт участковый');
    expect(got[0]!.text).toContain(ref);
    expect(JSON.stringify(bot.sent(chat))).not.toContain('CCTV');
    // Nothing is sent twice.
    expect(await t.app.ctx.services.channelNotify.run(0)).toBe(0);

    // The resident answers the team.
    const pick = await text(chat, 'ответ');
    expect(pick.at(-1)!.text).toContain('Напишите ваше сообщение команде');
    const sent = await text(chat, 'Да, буду дома после шести.');
    expect(sent[0]!.text).toContain('передано команде');
    const inbound = await t.app.ctx.db.read
      .selectFrom('report_event')
      .select(['body', 'actor_person_id'])
      .where('report_id', '=', report.id)
      .where('kind', '=', 'message_in')
      .execute();
    expect(inbound).toEqual([{ body: 'Да, буду дома после шести.', actor_person_id: null }]);

    // Resolved: the status and "was it resolved?" arrive; the items follow; the answers are stored.
    expect(
      (
        await form(`/staff/reports/${report.id}/status`, {
          status: 'resolved',
          reason: 'patrols at the gate',
          public_note: 'Патрули у школы каждый вечер.',
        })
      ).statusCode,
    ).toBe(303);
    const n0 = bot.sent(chat).length;
    expect(await t.app.ctx.services.channelNotify.run(0)).toBe(2);
    await drainOutbox(t.app);
    const [status, resolvedQ] = bot.sent(chat).slice(n0);
    expect(status!.text).toContain('Решено');
    expect(status!.text).toContain('Патрули у школы');
    expect(buttons(resolvedQ)).toEqual([
      `fb:${report.id}:yes`,
      `fb:${report.id}:partly`,
      `fb:${report.id}:no`,
    ]);
    const item1 = await tap(chat, `fb:${report.id}:partly`);
    expect(item1.at(-1)!.text).toBe('У меня была возможность объяснить свою проблему.');
    expect(buttons(item1.at(-1))).toContain('fbi:agree');
    await tap(chat, 'fbi:agree');
    const thanks = await tap(chat, 'fbi:done');
    expect(thanks[0]!.text).toContain('Спасибо за ответы');
    const fb = await t.app.ctx.db.read
      .selectFrom('report_feedback')
      .selectAll()
      .where('report_id', '=', report.id)
      .executeTakeFirstOrThrow();
    expect(fb.resolved).toBe('partly');
    expect(JSON.parse(fb.answers)).toEqual({ 'pc-voice': 'agree' });
    // A second tap on the same question changes nothing.
    const again = await tap(chat, `fb:${report.id}:yes`);
    expect(again[0]!.text).toBeTruthy();
    const fbs = await t.app.ctx.db.read
      .selectFrom('report_feedback')
      .selectAll()
      .where('report_id', '=', report.id)
      .execute();
    expect(fbs).toHaveLength(1);
  });

  it('a replayed update is refused (409): no second reply, no second row', async () => {
    const chat = 5550002;
    const u = textUpdate(nextUpdate++, chat, '/start');
    expect(await say(chat, u)).toHaveLength(1);
    const count = async () =>
      Number(
        (
          await t.app.ctx.db.read
            .selectFrom('channel_outbox')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const n = await count();
    const sent = bot.sent(chat).length;
    const again = await post(u);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');
    await drainOutbox(t.app);
    expect(bot.sent(chat)).toHaveLength(sent);
    expect(await count()).toBe(n);
  });

  it('commands work at any step: status, help, language, and the draft resumes', async () => {
    const chat = 5550003;
    await text(chat, '/start');
    await tap(chat, 'lang:ky');
    await tap(chat, 'cat:public-order');
    const status = await text(chat, '/status');
    expect(status[0]!.text).toBe('Бул чаттан эч кандай кабар жөнөтүлгөн эмес.');
    expect(status.at(-1)!.text).toContain('Эмне болду?'); // back to the question it was on
    const help = await text(chat, 'жардам');
    expect(help[0]!.text).toContain('ТОКТОТ');
    const lang = await text(chat, '/lang');
    expect(buttons(lang[0])).toHaveLength(7);
    const resumed = await tap(chat, 'lang:en');
    expect(resumed[0]!.text).toBe('The language has been changed.');
    expect(resumed.at(-1)!.text).toContain('What happened?');
    // A typed number picks the choice offered last (as SMS residents answer).
    const where = await text(chat, 'Someone sprays threats on the walls of the bus stop at night.');
    expect(where.at(-1)!.text).toContain('Where did it happen?');
    const typed = await text(chat, '1');
    expect(typed.at(-1)!.text).toContain('Choose the district.');
    const chosen = await text(chat, '1');
    expect(chosen[0]!.text).toContain('Place:');
  });

  it('an unfinished draft expires after 24 hours of silence', async () => {
    const chat = 5550004;
    await text(chat, '/start');
    await tap(chat, 'lang:en');
    await tap(chat, 'cat:public-order');
    clock.advance(25 * 60 * 60 * 1000);
    try {
      const r = await text(chat, 'hello');
      expect(r[0]!.text).toContain('discarded after 24 hours');
      expect(buttons(r.at(-1))).toContain('cmd:new');
    } finally {
      clock.reset();
    }
  });

  it('STOP deletes the chat address, its threads and the conversation', async () => {
    const chat = 5550005;
    const ref = await reportThrough(chat);
    const report = await t.app.ctx.db.read
      .selectFrom('report')
      .select('id')
      .where('reference', '=', ref)
      .executeTakeFirstOrThrow();
    const bye = await text(chat, 'стоп');
    expect(bye[0]!.text).toContain('удалили адрес этого чата');
    const threads = await t.app.ctx.db.read
      .selectFrom('channel_thread')
      .selectAll()
      .where('report_id', '=', report.id)
      .execute();
    expect(threads).toHaveLength(0);
    // The report itself stays with the team.
    expect(
      await t.app.ctx.db.read
        .selectFrom('report')
        .select('id')
        .where('id', '=', report.id)
        .executeTakeFirst(),
    ).toBeTruthy();
  });
});
