/**
 * The WhatsApp adapter through real HTTP (app.inject) on SQLite and PostgreSQL, with a local server
 * in place of graph.facebook.com: the subscription check, signature and payload refusals (property
 * tests: nothing stored, nothing sent), replays, and a whole report made through WhatsApp, answered
 * by staff, resolved, and the resolution question asked and answered.
 */
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { describeDialects } from '../../../../test/db.ts';
import { KARA_SUU_POINT, reportWorld, type ReportWorld } from '../../reports/reports.fixtures.ts';
import { adminActor, channelRowCounts, outboxSettled } from '../channel-test-kit.ts';
import {
  PHONE_NUMBER_ID,
  waButtonReply,
  waImage,
  waListReply,
  waLocation,
  waStatus,
  waSticker,
  waText,
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
    t = await createTestApp(dialect, { jobs: true, jobPollMs: 20 });
    world = await reportWorld(t.app);
    await t.app.ctx.services.channelSettings.update(adminActor(world.admin.id), 'whatsapp', {
      values: {
        phone_number_id: PHONE_NUMBER_ID,
        access_token: graph.token,
        app_secret: APP_SECRET,
        verify_token: VERIFY_TOKEN,
        graph_base_url: graph.baseUrl,
        graph_version: graph.version,
      },
    });
  });
  afterAll(async () => {
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

  /** Delivers a webhook as Meta would and waits until every reply has gone out. */
  async function deliver(payload: unknown): Promise<SentMessage[]> {
    const before = graph.sent.length;
    const res = await post(JSON.stringify(payload));
    expect(res.statusCode, res.body).toBe(200);
    await outboxSettled(t.app);
    return graph.sent.slice(before);
  }

  async function waitFor(pred: (m: SentMessage) => boolean, what: string): Promise<SentMessage> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const m = graph.sent.find(pred);
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`no WhatsApp message ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
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
    expect(await channelRowCounts(t.app)).toEqual(before);
    await new Promise((r) => setTimeout(r, 100));
    expect(graph.sent.length).toBe(sentBefore);
  });

  it('acknowledges delivery statuses and other phone numbers without doing anything', async () => {
    const before = await channelRowCounts(t.app);
    const st = await post(JSON.stringify(waStatus(RESIDENT)));
    expect(st.statusCode).toBe(200);
    expect(st.json()).toEqual({ status: 'ok', messages: 0, duplicates: 0, statuses: 1 });
    const other = await post(JSON.stringify(waText(RESIDENT, 'hi', '5550001')));
    expect(other.json()).toMatchObject({ messages: 0 });
    expect(await channelRowCounts(t.app)).toEqual(before);
  });

  it('a replayed delivery is acknowledged and does nothing a second time', async () => {
    const raw = JSON.stringify(waText('996700000001', 'Салам'));
    const first = await post(raw);
    expect(first.json()).toMatchObject({ messages: 1, duplicates: 0 });
    await outboxSettled(t.app);
    const counts = await channelRowCounts(t.app);
    const sent = graph.sent.length;
    for (let i = 0; i < 3; i++) {
      const again = await post(raw);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ messages: 0, duplicates: 1 });
    }
    await outboxSettled(t.app);
    expect(await channelRowCounts(t.app)).toEqual(counts);
    expect(graph.sent.length).toBe(sent);
  });

  it('a report made on WhatsApp reaches the staff queue; the team reply and the resolution question reach the resident', async () => {
    // 1. First contact: the language offer (seven languages → an interactive list).
    let out = await deliver(waText(RESIDENT, 'Салам'));
    let last = out.at(-1)!;
    expect(last.body.to).toBe(RESIDENT);
    expect(choicesOf(last).map((c) => c.id)).toContain('lang:ky');
    expect((last.body.interactive as { type: string }).type).toBe('list');
    // Before a language is chosen the deployment default speaks (English in tests).
    expect((last.body.interactive as any).action.button).toBe('Choose');

    // 2. Kyrgyz → welcome, then the categories (more than ten: a numbered text; answer by number).
    out = await deliver(waListReply(RESIDENT, 'lang:ky', 'Кыргызча'));
    last = out.at(-1)!;
    if (choicesOf(last).length)
      out = await deliver(waListReply(RESIDENT, choicesOf(last)[0]!.id, choicesOf(last)[0]!.title));
    else {
      expect(textOf(last)).toMatch(/\n1\. /);
      out = await deliver(waText(RESIDENT, '1'));
    }

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
    await waitFor(
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
    const question = await waitFor(
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
    await outboxSettled(t.app, 30_000);
    expect(graph.sent.slice(before).filter((m) => m.body.to === who)).toHaveLength(1);

    const other = '996700000004';
    const failedBefore = await t.app.ctx.db.read
      .selectFrom('channel_outbox')
      .select('id')
      .where('status', '=', 'failed')
      .execute();
    graph.failNext(1, 400, 131026);
    expect((await post(JSON.stringify(waText(other, 'Салам')))).statusCode).toBe(200);
    await outboxSettled(t.app, 30_000);
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
});
