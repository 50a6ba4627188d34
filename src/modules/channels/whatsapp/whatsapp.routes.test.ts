/**
 * The WhatsApp adapter through real HTTP (app.inject) on SQLite and PostgreSQL, with a local server
 * in place of graph.facebook.com: the subscription check, signature and payload refusals (property
 * tests: nothing stored, nothing sent), replays (409: nothing done again), categories picked from
 * a paged list, and a whole report made through WhatsApp, answered by staff, resolved, and the
 * resolution question asked and answered.
 */
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, TEST_SECRET, type TestApp } from '../../../../test/app.ts';
import { describeDialects } from '../../../../test/db.ts';
import { clock } from '../../../shared/time.ts';
import { KARA_SUU_POINT, reportWorld, type ReportWorld } from '../../reports/reports.fixtures.ts';
import { addressHash } from '../channel-crypto.ts';
import { adminActor, channelRowCounts, outboxSettled } from '../channel-test-kit.ts';
import { ANONYMOUS } from '../../../shared/policy.ts';
import {
  PHONE_NUMBER_ID,
  waButtonReply,
  waImage,
  waListReply,
  waLocation,
  waStatus,
  waSticker,
  waText,
  waBareInteractive,
  waEdit,
  waReaction,
  waRevoke,
  waStatusOf,
  waSystem,
} from './whatsapp.fixtures.ts';
import { startFakeGraph, type FakeGraph, type SentMessage } from './whatsapp.test-helpers.ts';
import { hubSignature } from './whatsapp.wire.ts';

const APP_SECRET = 'wa-app-secret-5f2c9e1d7b';
const VERIFY_TOKEN = 'ishenim-verify-7781';
const RESIDENT = '996555123456';

interface Choice {
  id: string;
  title: string;
}
function choicesOf(m: SentMessage): Choice[] {
  const i = m.body.interactive as Record<string, any> | undefined;
  if (!i) return [];
  if (i.type === 'button')
    return i.action.buttons.map((b: any) => ({ id: b.reply.id, title: b.reply.title }));
  if (i.type === 'list')
    return i.action.sections.flatMap((s: any) => s.rows.map((r: any) => ({ id: r.id, title: r.title })));
  return [];
}
function textOf(m: SentMessage): string {
  const b = m.body as Record<string, any>;
  return b.type === 'text' ? b.text.body : b.type === 'interactive' ? b.interactive.body.text : '';
}

describeDialects('WhatsApp channel', (dialect) => {
  let t: TestApp;
  let graph: FakeGraph;
  let world: ReportWorld;

  beforeAll(async () => {
    graph = await startFakeGraph();
    t = await createTestApp(dialect);
    world = await reportWorld(t.app);
    await t.app.ctx.services.channelSettings.update(adminActor(world.admin.id), 'whatsapp', {
      values: {
        phone_number_id: PHONE_NUMBER_ID,
        access_token: graph.token,
        app_secret: APP_SECRET,
        verify_token: VERIFY_TOKEN,
        graph_base_url: graph.baseUrl,
        graph_version: graph.version,
        template_name: 'ishenim_update',
        template_language: 'ru',
      },
    });
  });
  afterAll(async () => {
    clock.reset(); // moved past retries' back-off by outboxSettled
    await t?.close();
    await graph?.close();
  });

  /** `signature` null sends no signature header at all. */
  const post = (
    raw: string,
    signature: string | null = hubSignature(raw, APP_SECRET),
    type = 'application/json',
  ) =>
    t.app.inject({
      method: 'POST',
      url: '/channels/whatsapp/webhook',
      headers: {
        'content-type': type,
        ...(signature === null ? {} : { 'x-hub-signature-256': signature }),
      },
      payload: raw,
    });

  /** Delivers a webhook as Meta would and sends every reply (the outbox, driven by the test). */
  async function deliver(payload: unknown): Promise<SentMessage[]> {
    const before = graph.sent.length;
    const res = await post(JSON.stringify(payload));
    expect(res.statusCode, res.body).toBe(200);
    await outboxSettled(t.app);
    return graph.sent.slice(before);
  }

  /** Sends what the outbox holds and finds the message the Graph API got. */
  async function sentNow(pred: (m: SentMessage) => boolean, what: string): Promise<SentMessage> {
    await outboxSettled(t.app);
    const m = graph.sent.find(pred);
    if (!m) throw new Error(`no WhatsApp message ${what}`);
    return m;
  }

  it('answers the subscription check only with the right verify token', async () => {
    const q = (token: string, mode = 'subscribe', challenge = '1158201444') =>
      t.app.inject({
        method: 'GET',
        url: `/channels/whatsapp/webhook?hub.mode=${mode}&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=${challenge}`,
      });
    const ok = await q(VERIFY_TOKEN);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain/);
    expect(ok.body).toBe('1158201444');
    expect((await q('wrong')).statusCode).toBe(403);
    expect((await q(VERIFY_TOKEN, 'unsubscribe')).statusCode).toBe(400);
    expect((await q(VERIFY_TOKEN, 'subscribe', '<script>')).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/channels/whatsapp/webhook' })).statusCode).toBe(400);
  });

  it('property: unsigned, wrongly signed, truncated or junk webhooks get 4xx; nothing stored, nothing sent', async () => {
    const before = await channelRowCounts(t.app);
    const sentBefore = graph.sent.length;
    const valid = JSON.stringify(waText(RESIDENT, 'Салам'));
    const junk = fc.oneof(
      // A real payload, cut anywhere, correctly signed as cut.
      fc.nat({ max: valid.length - 1 }).map((n) => ({ raw: valid.slice(0, n), sign: 'right' as const })),
      // Arbitrary JSON or text, correctly signed: refused by shape.
      fc
        .jsonValue({ maxDepth: 4 })
        .map((v) => ({ raw: JSON.stringify(v) ?? 'null', sign: 'right' as const })),
      fc.string({ maxLength: 300 }).map((raw) => ({ raw, sign: 'right' as const })),
      // A real payload with a wrong, missing or malformed signature.
      fc.constantFrom('wrong', 'none', 'garbage', 'other-key').map((sign) => ({ raw: valid, sign })),
      // The body changed after signing.
      fc
        .string({ minLength: 1, maxLength: 20 })
        .map((extra) => ({ raw: valid, sign: 'tampered' as const, extra })),
    );
    await fc.assert(
      fc.asyncProperty(junk, async (c) => {
        const raw = c.raw;
        let res;
        switch (c.sign) {
          case 'right':
            res = await post(raw);
            break;
          case 'none':
            res = await post(raw, null);
            break;
          case 'garbage':
            res = await post(raw, 'sha256=not-hex');
            break;
          case 'other-key':
            res = await post(raw, hubSignature(raw, 'another-app-secret'));
            break;
          case 'tampered':
            res = await post(
              raw.replace('Салам', (c as { extra: string }).extra),
              hubSignature(raw, APP_SECRET),
            );
            break;
          default:
            res = await post(raw, hubSignature(raw + 'x', APP_SECRET));
        }
        // A cut that happens to be valid JSON of the right shape cannot exist: the envelope closes last.
        expect(res.statusCode, `${c.sign}: ${raw.slice(0, 80)} → ${res.body}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
        expect(JSON.parse(res.body).error.code).toBeTypeOf('string');
      }),
      { numRuns: 60 },
    );
    // Other content types are refused as well.
    expect((await post(valid, hubSignature(valid, APP_SECRET), 'text/plain')).statusCode).toBe(415);
    // A background job auditing meanwhile (issue 11: counted 2 where 1 was expected) changes nothing.
    await t.app.ctx.db.write((trx) =>
      t.app.ctx.services.audit.record(trx, {
        actor: null,
        role: 'system',
        action: 'channel.retention',
        subjectType: 'channel',
        subjectId: 'whatsapp',
        details: {},
      }),
    );
    expect(await channelRowCounts(t.app)).toEqual(before);
    await outboxSettled(t.app);
    expect(graph.sent.length).toBe(sentBefore);
  });

  it('acknowledges delivery statuses and other phone numbers without doing anything', async () => {
    const before = await channelRowCounts(t.app);
    const st = await post(JSON.stringify(waStatus(RESIDENT)));
    expect(st.statusCode).toBe(200);
    expect(st.json()).toEqual({ status: 'ok', messages: 0, duplicates: 0, statuses: 1, ignored: 0 });
    const other = await post(JSON.stringify(waText(RESIDENT, 'hi', '5550001')));
    expect(other.json()).toMatchObject({ messages: 0 });
    expect(await channelRowCounts(t.app)).toEqual(before);
  });

  /** One delivery carrying the messages (and statuses) of several payloads, as Meta batches them. */
  function batch(...payloads: Array<Record<string, any>>): Record<string, any> {
    const out = structuredClone(payloads[0]!);
    const value = out.entry[0].changes[0].value;
    value.messages = payloads.flatMap((p) => p.entry[0].changes[0].value.messages ?? []);
    value.statuses = payloads.flatMap((p) => p.entry[0].changes[0].value.statuses ?? []);
    if (!value.messages.length) delete value.messages;
    if (!value.statuses.length) delete value.statuses;
    return out;
  }

  it('property: a replayed delivery gets 409 however often it comes; nothing stored, nothing sent again', async () => {
    let n = 0;
    const message = fc.constantFrom('text', 'list', 'button', 'location');
    await fc.assert(
      fc.asyncProperty(
        fc.array(message, { minLength: 1, maxLength: 2 }),
        fc.integer({ min: 1, max: 2 }),
        fc.boolean(),
        async (kinds, replays, withStatus) => {
          const from = `99670${String(100_000 + n++).padStart(7, '0')}`;
          const parts = kinds.map((k) =>
            k === 'text'
              ? waText(from, 'Салам')
              : k === 'list'
                ? waListReply(from, 'lang:ru', 'Русский')
                : k === 'button'
                  ? waButtonReply(from, 'cmd:help', 'Help')
                  : waLocation(from, KARA_SUU_POINT.lat, KARA_SUU_POINT.lon),
          );
          const raw = JSON.stringify(batch(...parts, ...(withStatus ? [waStatus(from)] : [])));
          const first = await post(raw);
          expect(first.statusCode, first.body).toBe(200);
          expect(first.json()).toMatchObject({ messages: kinds.length, duplicates: 0 });
          await outboxSettled(t.app);
          const counts = await channelRowCounts(t.app);
          const sent = graph.sent.length;
          for (let i = 0; i < replays; i++) {
            const again = await post(raw);
            expect(again.statusCode, again.body).toBe(409);
            expect(again.json().error).toMatchObject({ code: 'conflict', field: 'entry' });
            expect(again.json().error.message).toMatch(/already processed/);
          }
          await outboxSettled(t.app);
          expect(await channelRowCounts(t.app)).toEqual(counts);
          expect(graph.sent.length).toBe(sent);
        },
      ),
      { numRuns: 6 },
    );
  }, 120_000);

  it('a delivery mixing new and already-handled messages handles the new ones (200); statuses stay 200', async () => {
    const from = '996700000002';
    const old = waText(from, 'Салам');
    expect((await post(JSON.stringify(old))).statusCode).toBe(200);
    await outboxSettled(t.app);
    const sent = graph.sent.length;
    const mixed = await post(JSON.stringify(batch(old, waListReply(from, 'lang:ru', 'Русский'))));
    expect(mixed.statusCode, mixed.body).toBe(200);
    expect(mixed.json()).toEqual({ status: 'ok', messages: 1, duplicates: 1, statuses: 0, ignored: 0 });
    await outboxSettled(t.app);
    expect(graph.sent.length).toBeGreaterThan(sent); // the new message was answered
    // Status-only deliveries are acknowledged however often they come.
    const status = JSON.stringify(waStatus(from));
    for (let i = 0; i < 2; i++) expect((await post(status)).statusCode).toBe(200);
  });

  /** The conversation's step and draft category, as the engine keeps them. */
  async function conversationOf(from: string): Promise<{ step: string; category?: string }> {
    const row = await t.app.ctx.db.read
      .selectFrom('conversation')
      .select(['step', 'data'])
      .where('channel', '=', 'whatsapp')
      .where('address_hash', '=', addressHash(TEST_SECRET, 'whatsapp', from))
      .executeTakeFirstOrThrow();
    return {
      step: row.step,
      category: (JSON.parse(row.data) as { draft?: { category?: string } }).draft?.category,
    };
  }

  it('every one of the seeded categories can be chosen from the paged list; typed numbers still work', async () => {
    const categories = await t.app.ctx.services.reportCategories.list(ANONYMOUS);
    expect(categories.length).toBeGreaterThan(10);
    const codes = categories.map((c) => c.code);
    const listRows = (m: SentMessage) => {
      const i = m.body.interactive as any;
      expect(i.type).toBe('list');
      const rows = i.action.sections[0].rows as Array<{ id: string; title: string; description?: string }>;
      expect(rows.length).toBeLessThanOrEqual(10);
      for (const r of rows) {
        expect([...r.title].length).toBeLessThanOrEqual(24);
        expect([...(r.description ?? '')].length).toBeLessThanOrEqual(72);
      }
      return rows;
    };
    // The lists as sent through the Graph API: page 1 holds nine categories and "more", page 2 the
    // rest and "back".
    const first = '996770000000';
    await deliver(waText(first, 'Салам'));
    const page1 = listRows((await deliver(waListReply(first, 'lang:ky', 'Кыргызча'))).at(-1)!);
    expect(page1.map((r) => r.id)).toEqual([...codes.slice(0, 9).map((c) => `cat:${c}`), 'page:1']);
    expect(page1.at(-1)!.title).toBe('Дагы…');
    const page2 = listRows((await deliver(waListReply(first, 'page:1', 'Дагы…'))).at(-1)!);
    expect(page2.map((r) => r.id)).toEqual([...codes.slice(9).map((c) => `cat:${c}`), 'page:0']);
    expect(page2.at(-1)!.title).toBe('Артка');
    expect((await conversationOf(first)).step).toBe('category');
    const titles = new Map([...page1, ...page2].map((r) => [r.id, r.title]));
    // Each category, picked from its page by a resident of its own (the engine acts before the 200;
    // the replies go out in the background).
    const ok = async (payload: unknown) => expect((await post(JSON.stringify(payload))).statusCode).toBe(200);
    for (const [n, code] of codes.entries()) {
      const from = `99677${String(n + 1).padStart(7, '0')}`;
      await ok(waText(from, 'Салам'));
      await ok(waListReply(from, 'lang:ky', 'Кыргызча'));
      if (n >= 9) await ok(waListReply(from, 'page:1', 'Дагы…'));
      await ok(waListReply(from, `cat:${code}`, titles.get(`cat:${code}`)!));
      expect(await conversationOf(from)).toEqual({ step: 'description', category: code });
    }
    await outboxSettled(t.app);
    // "Back" returns to the first page; a typed number picks from the whole list, on any page.
    const from = '996779999999';
    await deliver(waText(from, 'Салам'));
    await deliver(waListReply(from, 'lang:ru', 'Русский'));
    await deliver(waListReply(from, 'page:1', 'Ещё…'));
    const back = listRows((await deliver(waListReply(from, 'page:0', 'Назад'))).at(-1)!);
    expect(back[0]!.id).toBe(`cat:${codes[0]}`);
    expect(back.at(-1)!.title).toBe('Ещё…');
    await deliver(waText(from, String(codes.length)));
    expect(await conversationOf(from)).toEqual({ step: 'description', category: codes.at(-1) });
  }, 120_000);

  it('a report made on WhatsApp reaches the staff queue; the team reply and the resolution question reach the resident', async () => {
    // 1. First contact: the language offer (seven languages → an interactive list).
    let out = await deliver(waText(RESIDENT, 'Салам'));
    let last = out.at(-1)!;
    expect(last.body.to).toBe(RESIDENT);
    expect(choicesOf(last).map((c) => c.id)).toContain('lang:ky');
    expect((last.body.interactive as { type: string }).type).toBe('list');
    // Before a language is chosen the deployment default speaks (English in tests).
    expect((last.body.interactive as any).action.button).toBe('Choose');

    // 2. Kyrgyz → welcome, then the categories (more than ten: a paged list).
    out = await deliver(waListReply(RESIDENT, 'lang:ky', 'Кыргызча'));
    last = out.at(-1)!;
    expect((last.body.interactive as { type: string }).type).toBe('list');
    out = await deliver(waListReply(RESIDENT, choicesOf(last)[0]!.id, choicesOf(last)[0]!.title));

    // 3. What happened, then whatever the category asks, the place, a photo, privacy, confirm.
    out = await deliver(
      waText(RESIDENT, 'Кечинде мектептин жанында көчө жарыгы күйбөй калды, балдар коркушат.'),
    );
    const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#7a8' } })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Make: 'SecretPhone' } } })
      .toBuffer();
    graph.media.set('4490709327687630', { data: jpeg, mimeType: 'image/jpeg' });
    let sentPhoto = false;
    let confirmed = false;
    for (let i = 0; i < 20 && !confirmed; i++) {
      last = out.at(-1)!;
      const ids = choicesOf(last).map((c) => c.id);
      if (
        ids.some((id) => id.startsWith('reg:')) ||
        (last.body.interactive as any)?.type === 'location_request_message'
      )
        out = await deliver(waLocation(RESIDENT, KARA_SUU_POINT.lat, KARA_SUU_POINT.lon));
      else if (ids.includes('photo:skip') && !sentPhoto) {
        sentPhoto = true;
        out = await deliver(waImage(RESIDENT, '4490709327687630', 'x'.repeat(8), 'Сүрөт'));
      } else if (ids.includes('photo:done') || ids.includes('photo:skip'))
        out = await deliver(
          waButtonReply(RESIDENT, ids.includes('photo:done') ? 'photo:done' : 'photo:skip', 'OK'),
        );
      else if (ids.includes('priv:name_hidden'))
        out = await deliver(waListReply(RESIDENT, 'priv:name_hidden', 'x'));
      else if (ids.includes('confirm:send')) {
        out = await deliver(waButtonReply(RESIDENT, 'confirm:send', 'Жөнөтүү'));
        confirmed = true;
      } else if (ids.length) out = await deliver(waListReply(RESIDENT, ids[0]!, 'x'));
      else out = await deliver(waText(RESIDENT, '2'));
    }
    expect(confirmed).toBe(true);
    expect(sentPhoto).toBe(true);
    // Lists after the choice of Kyrgyz carry a Kyrgyz button.
    const lists = graph.sent.filter(
      (m) => (m.body.interactive as { type?: string } | undefined)?.type === 'list',
    );
    expect(lists.at(-1)!.body.interactive).toMatchObject({ action: { button: 'Тандаңыз' } });

    // 4. The report is in the Kara-Suu officer's queue, came through WhatsApp, with the photo.
    const report = await t.app.ctx.db.read
      .selectFrom('report')
      .selectAll()
      .where('channel', '=', 'whatsapp')
      .executeTakeFirstOrThrow();
    const queue = await t.app.inject({ method: 'GET', url: '/api/v1/reports', headers: world.officer.auth });
    expect(queue.statusCode).toBe(200);
    expect(JSON.stringify(queue.json())).toContain(report.id);
    // Staff never see the resident's number: not in the queue, not in the report.
    expect(queue.body).not.toContain(RESIDENT);
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/${report.id}`,
      headers: world.officer.auth,
    });
    expect(detail.statusCode).toBe(200);
    expect(detail.body).not.toContain(RESIDENT);
    const photos = await t.app.ctx.db.read
      .selectFrom('report_photo')
      .selectAll()
      .where('report_id', '=', report.id)
      .execute();
    expect(photos).toHaveLength(1);
    // Nowhere in the database is the number stored in clear.
    for (const table of [
      'conversation',
      'channel_thread',
      'channel_outbox',
      'report',
      'report_event',
      'audit_event',
    ] as const) {
      const rows = await t.app.ctx.db.read.selectFrom(table).selectAll().execute();
      expect(JSON.stringify(rows), table).not.toContain(RESIDENT);
    }

    // 5. The officer replies: the message reaches the resident through the Graph API.
    const reply = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${report.id}/notes`,
      headers: world.officer.auth,
      payload: { kind: 'message_out', body: 'Саламатсызбы! Электр тармагына кабарладык, эртең оңдошот.' },
    });
    expect(reply.statusCode, reply.body).toBe(201);
    // The notifier is a recurring job (every 15 s); run its pass now rather than wait for it.
    await t.app.ctx.services.channelNotify.run(0);
    await sentNow(
      (m) => m.body.to === RESIDENT && textOf(m).includes('Электр тармагына кабарладык'),
      'with the team reply',
    );

    // 6. Resolved: the resident is asked whether it was, and answers with the buttons.
    const resolved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${report.id}/status`,
      headers: world.officer.auth,
      payload: { status: 'resolved', reason: 'Жарык оңдолду' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    await t.app.ctx.services.channelNotify.run(0);
    const question = await sentNow(
      (m) => choicesOf(m).some((c) => c.id.startsWith('fb:')),
      'asking whether it was resolved',
    );
    await outboxSettled(t.app);
    const yes = choicesOf(question).find((c) => /yes/.test(c.id)) ?? choicesOf(question)[0]!;
    out = await deliver(waButtonReply(RESIDENT, yes.id, yes.title));
    // The post-contact items follow, one at a time; answer the first and finish.
    for (let i = 0; i < 10; i++) {
      const ids = choicesOf(out.at(-1) ?? question).map((c) => c.id);
      if (ids.includes('fbi:done')) {
        const agree = ids.find((id) => id.startsWith('fbi:') && !['fbi:skip', 'fbi:done'].includes(id));
        out = await deliver(waListReply(RESIDENT, i === 0 && agree ? agree : 'fbi:done', 'x'));
      } else break;
    }
    const feedback = await t.app.ctx.db.read
      .selectFrom('report_feedback')
      .selectAll()
      .where('report_id', '=', report.id)
      .execute();
    expect(feedback).toHaveLength(1);
    expect(feedback[0]!.resolved).toBe('yes');
  });

  it('a Graph API outage loses nothing and sends nothing twice; a refusal is kept, without the number, for admins', async () => {
    const who = '996700000003';
    graph.failNext(1, 503, 2);
    const before = graph.sent.length;
    expect((await post(JSON.stringify(waText(who, 'Салам')))).statusCode).toBe(200);
    await outboxSettled(t.app);
    expect(graph.sent.slice(before).filter((m) => m.body.to === who)).toHaveLength(1);

    const other = '996700000004';
    const failedBefore = await t.app.ctx.db.read
      .selectFrom('channel_outbox')
      .select('id')
      .where('status', '=', 'failed')
      .execute();
    graph.failNext(1, 400, 131026);
    expect((await post(JSON.stringify(waText(other, 'Салам')))).statusCode).toBe(200);
    await outboxSettled(t.app);
    const failed = await t.app.ctx.db.read
      .selectFrom('channel_outbox')
      .select(['status', 'last_error'])
      .where('status', '=', 'failed')
      .where('id', 'not in', failedBefore.map((r) => r.id).concat(['-']))
      .execute();
    expect(failed).toHaveLength(1);
    expect(failed[0]!.last_error).toContain('131026');
    expect(failed[0]!.last_error).not.toContain(other);
  });

  it('answers a sticker (unsupported type) without storing anything of it', async () => {
    const out = await deliver(waSticker('996700000002'));
    expect(out.length).toBeGreaterThan(0);
    expect(out.every((m) => m.body.to === '996700000002')).toBe(true);
  });
  /** The outbox rows (channel whatsapp) to `to`, oldest first. */
  async function outboxTo(to: string) {
    return t.app.ctx.db.read
      .selectFrom('channel_outbox')
      .selectAll()
      .where('channel', '=', 'whatsapp')
      .where('address_hash', '=', addressHash(TEST_SECRET, 'whatsapp', to))
      .orderBy('id')
      .execute();
  }

  it('stores the wamid of every sent message and maps later statuses onto its outbox row', async () => {
    const who = '996700000010';
    const before = graph.sent.length;
    await deliver(waText(who, 'Салам'));
    const rows = await outboxTo(who);
    expect(rows.length).toBeGreaterThan(0);
    // The fake answers like the Graph API: messages[0].id is the wamid, stored on the row.
    const wamids = graph.sent.slice(before).map((_, i) => `wamid.OUT${before + i + 1}`);
    for (const r of rows) {
      expect(r.status).toBe('sent');
      expect(r.delivery_status).toBe('sent');
      expect(wamids).toContain(r.provider_message_id);
    }
    const row = rows[0]!;
    const status = async (s: 'sent' | 'delivered' | 'read') => {
      const res = await post(JSON.stringify(waStatusOf(who, row.provider_message_id!, s)));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ statuses: 1, messages: 0 });
    };
    await status('delivered');
    expect((await outboxTo(who))[0]!.delivery_status).toBe('delivered');
    await status('read');
    // A late "sent" or "delivered" (Meta does not promise order) never moves it back.
    await status('sent');
    await status('delivered');
    expect((await outboxTo(who))[0]!).toMatchObject({ status: 'sent', delivery_status: 'read' });
  });

  it('an asynchronous failure is shown to admins; 131047 (outside 24 h) re-sends through the template', async () => {
    const who = '996700000011';
    await deliver(waText(who, 'Салам'));
    const [first] = await outboxTo(who);
    // 1. Undeliverable (131026): failed, with Meta's code and title, without the number.
    const res = await post(JSON.stringify(waStatusOf(who, first!.provider_message_id!, 'failed', 131026)));
    expect(res.statusCode, res.body).toBe(200);
    const failed = (await outboxTo(who))[0]!;
    expect(failed).toMatchObject({ status: 'failed', delivery_status: 'failed' });
    expect(failed.last_error).toContain('131026');
    expect(failed.last_error).not.toContain(who);
    const listed = await t.app.ctx.services.outbox.list(adminActor(world.admin.id), { status: 'failed' });
    expect(listed.items.find((i) => i.id === failed.id)?.lastError).toContain('Message undeliverable');

    // 2. Outside the window: the same words go again, as the configured template.
    const other = '996700000012';
    await deliver(waText(other, 'Салам'));
    const row = (await outboxTo(other))[0]!;
    const sentBefore = graph.sent.length;
    const late = JSON.stringify(waStatusOf(other, row.provider_message_id!, 'failed', 131047));
    expect((await post(late)).statusCode).toBe(200);
    await outboxSettled(t.app);
    const resent = graph.sent.slice(sentBefore);
    expect(resent).toHaveLength(1);
    expect(resent[0]!.body).toMatchObject({
      to: other,
      type: 'template',
      template: { name: 'ishenim_update', language: { code: 'ru' } },
    });
    const after = (await outboxTo(other))[0]!;
    expect(after).toMatchObject({ status: 'sent', delivery_status: 'sent' });
    expect(after.provider_message_id).not.toBe(row.provider_message_id);
    // The same failed status again (Meta retries webhooks) re-sends nothing.
    expect((await post(late)).statusCode).toBe(200);
    await outboxSettled(t.app);
    expect(graph.sent.length).toBe(sentBefore + 1);
  });

  it('handles each message of a delivery on its own: broken ones answered, reactions/edits/deletions/system ignored', async () => {
    const who = '996700000013';
    await deliver(waText(who, 'Салам'));
    const sentBefore = graph.sent.length;
    const quiet = batch(
      waReaction(who, 'wamid.OUT1'),
      waRevoke(who, 'wamid.OUT1'),
      waEdit(who, 'wamid.OUT1', 'Салам!'),
      waSystem(who),
    );
    const q = await post(JSON.stringify(quiet));
    expect(q.statusCode, q.body).toBe(200);
    expect(q.json()).toEqual({ status: 'ok', messages: 0, duplicates: 0, statuses: 0, ignored: 4 });
    await outboxSettled(t.app);
    expect(graph.sent.length).toBe(sentBefore);

    // An interactive message without its object, and a text longer than WhatsApp's 4096: the
    // delivery is 200, the resident gets an answer to each, and the language pick after them works.
    const mixed = batch(
      waBareInteractive(who),
      waText(who, 'ж'.repeat(5000)),
      waListReply(who, 'lang:ru', 'Русский'),
    );
    const m = await post(JSON.stringify(mixed));
    expect(m.statusCode, m.body).toBe(200);
    expect(m.json()).toMatchObject({ messages: 3, ignored: 0 });
    await outboxSettled(t.app);
    const out = graph.sent.slice(sentBefore).filter((x) => x.body.to === who);
    expect(out.length).toBeGreaterThanOrEqual(3);
    // Nothing of the long text was kept.
    const conv = await t.app.ctx.db.read.selectFrom('conversation').select('data').execute();
    expect(JSON.stringify(conv)).not.toContain('ж'.repeat(100));
  });
});
