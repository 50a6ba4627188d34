/**
 * The SMS adapter through real HTTP (app.inject) on SQLite and PostgreSQL, with a local server in
 * place of the SMS Gateway for Android app: signature, freshness and payload refusals (property
 * tests: nothing stored, nothing sent), replays, and a whole report made by SMS with numbered
 * answers, a team reply, resolution and the resolution question answered — every SMS within the
 * part budget.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, TEST_SECRET, type TestApp } from '../../../../test/app.ts';
import { describeDialects } from '../../../../test/db.ts';
import { createSession, sessionCookies } from '../../../../test/factories.ts';
import { HOUR, clock } from '../../../shared/time.ts';
import { reportWorld, type ReportWorld } from '../../reports/reports.fixtures.ts';
import { addressHash } from '../channel-crypto.ts';
import { adminActor, channelRowCounts } from '../channel-test-kit.ts';
import { drainOutbox } from '../channels.test-helpers.ts';
import { MAX_SMS_SEGMENTS } from './sms.render.ts';
import { countSegments } from './sms.segments.ts';
import {
  signedHeaders,
  smsReceived,
  startFakeSmsGateway,
  type FakeSmsGateway,
  type SentSms,
} from './sms.test-helpers.ts';

const SIGNING_KEY = 'sms-signing-key-0d93b1';
const RESIDENT = '+996770123456';

describeDialects('SMS channel', (dialect) => {
  let t: TestApp;
  let gw: FakeSmsGateway;
  let world: ReportWorld;

  beforeAll(async () => {
    gw = await startFakeSmsGateway();
    // No job worker: the tests send the outbox themselves (drainOutbox), never wait on time.
    t = await createTestApp(dialect);
    world = await reportWorld(t.app);
    await t.app.ctx.services.channelSettings.update(adminActor(world.admin.id), 'sms', {
      values: { gateway_url: gw.url, login: gw.login, password: gw.password, signing_key: SIGNING_KEY },
    });
  });
  afterAll(async () => {
    clock.reset();
    await t?.close();
    await gw?.close();
  });

  const post = (raw: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/channels/sms/webhook', headers, payload: raw });

  async function sms(from: string, text: string): Promise<SentSms[]> {
    return smsAs(smsReceived(from, text));
  }
  async function smsAs(body: Record<string, unknown>): Promise<SentSms[]> {
    const raw = JSON.stringify(body);
    const before = gw.sent.length;
    const res = await post(raw, signedHeaders(SIGNING_KEY, raw));
    expect(res.statusCode, res.body).toBe(200);
    await drainOutbox(t.app);
    return gw.sent.slice(before);
  }

  /** The conversation's step and the number of the offered choice with this id (as the engine keeps them). */
  async function state(from: string): Promise<{
    step: string;
    has: (pred: (id: string) => boolean) => boolean;
    numberOf: (pred: (id: string) => boolean) => string;
  }> {
    const row = await t.app.ctx.db.read
      .selectFrom('conversation')
      .select(['step', 'data'])
      .where('channel', '=', 'sms')
      .where('address_hash', '=', addressHash(TEST_SECRET, 'sms', from))
      .executeTakeFirstOrThrow();
    const choices = ((JSON.parse(row.data) as { choices?: { id: string }[] }).choices ?? []).map((c) => c.id);
    return {
      step: row.step,
      has: (pred) => choices.some(pred),
      numberOf: (pred) => {
        const i = choices.findIndex(pred);
        if (i < 0) throw new Error(`no such choice among ${choices.join(', ')}`);
        return String(i + 1);
      },
    };
  }

  /** Sends what the outbox holds and finds the SMS the gateway got. */
  async function sentNow(pred: (m: SentSms) => boolean, what: string): Promise<SentSms> {
    await drainOutbox(t.app);
    const m = gw.sent.find(pred);
    if (!m) throw new Error(`no SMS ${what}`);
    return m;
  }

  it('property: unsigned, wrongly signed, stale, truncated or junk webhooks get 4xx; nothing stored, nothing sent', async () => {
    const before = await channelRowCounts(t.app);
    const sentBefore = gw.sent.length;
    const valid = JSON.stringify(smsReceived(RESIDENT, 'Жардам'));
    const cases = fc.oneof(
      fc.nat({ max: valid.length - 1 }).map((n) => ({ raw: valid.slice(0, n), how: 'signed' as const })),
      fc
        .jsonValue({ maxDepth: 4 })
        .map((v) => ({ raw: JSON.stringify(v) ?? 'null', how: 'signed' as const })),
      fc.string({ maxLength: 200 }).map((raw) => ({ raw, how: 'signed' as const })),
      fc
        .constantFrom('unsigned', 'other-key', 'tampered', 'stale', 'future', 'bad-timestamp')
        .map((how) => ({ raw: valid, how })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ raw, how }) => {
        let headers: Record<string, string>;
        let body = raw;
        switch (how) {
          case 'signed':
            headers = signedHeaders(SIGNING_KEY, raw);
            break;
          case 'unsigned':
            headers = { 'content-type': 'application/json' };
            break;
          case 'other-key':
            headers = signedHeaders('not-the-key', raw);
            break;
          case 'tampered':
            headers = signedHeaders(SIGNING_KEY, raw);
            body = raw.replace('Жардам', 'Жардам!');
            break;
          case 'stale':
            headers = signedHeaders(SIGNING_KEY, raw, new Date(clock.nowMs() - 10 * 60_000));
            break;
          case 'future':
            headers = signedHeaders(SIGNING_KEY, raw, new Date(clock.nowMs() + 10 * 60_000));
            break;
          default:
            headers = { ...signedHeaders(SIGNING_KEY, raw), 'x-timestamp': 'yesterday' };
        }
        const res = await post(body, headers);
        // A signed prefix of the payload that still parses to an sms:received event is impossible: the
        // envelope closes last. Ignored event kinds answer 200 and do nothing — checked below.
        if (res.statusCode === 200) {
          expect(how).toBe('signed');
          expect(res.json()).toMatchObject({ messages: 0 });
        } else {
          expect(res.statusCode, `${how}: ${body.slice(0, 60)} → ${res.body}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
          expect(JSON.parse(res.body).error.code).toBeTypeOf('string');
        }
      }),
      { numRuns: 60 },
    );
    expect(await channelRowCounts(t.app)).toEqual(before);
    await drainOutbox(t.app);
    expect(gw.sent.length).toBe(sentBefore);
  });

  it("today's payload (sender only) and a national-format sender: one chat, stored and answered in E.164", async () => {
    // capcom6/android-sms-gateway SmsReceivedPayload: `sender`, no deprecated `phoneNumber`.
    const national = '0770 11-22-33';
    const e164 = '+996770112233';
    const first = await smsAs(smsReceived(national, 'Салам', 'sender-only'));
    expect(first.map((m) => m.to)).toEqual([e164]);
    // The same phone, written internationally by the operator this time: the same conversation.
    const lang = (await state(e164)).numberOf((id) => id === 'lang:ru');
    const second = await smsAs(smsReceived(e164, lang, 'current'));
    expect(second.every((m) => m.to === e164)).toBe(true);
    expect((await state(e164)).step).toBe('category');
    const rows = await t.app.ctx.db.read
      .selectFrom('conversation')
      .select('id')
      .where('channel', '=', 'sms')
      .where('address_hash', 'in', [
        addressHash(TEST_SECRET, 'sms', e164),
        addressHash(TEST_SECRET, 'sms', '0770112233'),
      ])
      .execute();
    expect(rows).toHaveLength(1);
    // A short code is no number we could answer: acknowledged, nothing stored.
    const before = await channelRowCounts(t.app);
    const raw = JSON.stringify(smsReceived('0555', 'x', 'sender-only'));
    const res = await post(raw, signedHeaders(SIGNING_KEY, raw));
    expect(res.json()).toMatchObject({ messages: 0, ignored: 1 });
    expect(await channelRowCounts(t.app)).toEqual(before);
  });

  it('a 404 from /messages is a configuration problem on /admin/channels; replies wait and go once the URL is fixed', async () => {
    const oldApp = await startFakeSmsGateway(gw.login, gw.password, { paths: ['/message'] });
    const admin = sessionCookies(await createSession(t.app, world.admin.id));
    const page = async () =>
      (await t.app.inject({ method: 'GET', url: '/admin/channels', cookies: admin })).body;
    const who = '+996770998877';
    try {
      await t.app.ctx.services.channelSettings.update(adminActor(world.admin.id), 'sms', {
        values: { gateway_url: oldApp.url },
      });
      expect(await smsAs(smsReceived(who, 'Салам'))).toEqual([]);
      const row = await t.app.ctx.db.read
        .selectFrom('channel_outbox')
        .select(['status', 'last_error'])
        .where('address_hash', '=', addressHash(TEST_SECRET, 'sms', who))
        .executeTakeFirstOrThrow();
      // Not failed for good: waiting for a retry, with the reason.
      expect(row.status).toBe('pending');
      expect(row.last_error).toMatch(/^ChannelConfigurationError: SMS gateway answered HTTP 404/);
      const shown = await page();
      expect(shown).toContain('SMS gateway answered HTTP 404');
      expect(shown).toContain('check the gateway URL');

      await t.app.ctx.services.channelSettings.update(adminActor(world.admin.id), 'sms', {
        values: { gateway_url: gw.url },
      });
      // The retry's back-off, passed on the clock rather than waited for.
      clock.advance(HOUR);
      await drainOutbox(t.app);
      expect(gw.sent.filter((m) => m.to === who)).toHaveLength(1);
      expect(await page()).not.toContain('SMS gateway answered HTTP 404');
    } finally {
      clock.reset();
      await t.app.ctx.services.channelSettings.update(adminActor(world.admin.id), 'sms', {
        values: { gateway_url: gw.url },
      });
      await oldApp.close();
    }
  });

  it('acknowledges other events and alphanumeric senders without doing anything', async () => {
    const before = await channelRowCounts(t.app);
    for (const body of [
      {
        event: 'sms:delivered',
        id: 'd1',
        payload: { messageId: 'x', phoneNumber: RESIDENT, deliveredAt: 'now' },
      },
      smsReceived('MegaCom', 'Балансыңыз 10 сом'),
    ]) {
      const raw = JSON.stringify(body);
      const res = await post(raw, signedHeaders(SIGNING_KEY, raw));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ messages: 0, ignored: 1 });
    }
    expect(await channelRowCounts(t.app)).toEqual(before);
  });

  it('property: a retried delivery (same event id, fresh signature) gets 409; nothing stored, nothing sent again', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('Салам', 'ЖАРДАМ', 'статус', '1', 'Привет, у нас во дворе драка'),
        fc.integer({ min: 1, max: 3 }),
        async (text, replays) => {
          const body = smsReceived(`+9967001${String(n++).padStart(5, '0')}`, text);
          const raw = JSON.stringify(body);
          const first = await post(raw, signedHeaders(SIGNING_KEY, raw));
          expect(first.statusCode, first.body).toBe(200);
          expect(first.json()).toMatchObject({ messages: 1, duplicates: 0 });
          await drainOutbox(t.app);
          const counts = await channelRowCounts(t.app);
          const sent = gw.sent.length;
          for (let i = 0; i < replays; i++) {
            const again = await post(raw, signedHeaders(SIGNING_KEY, raw));
            expect(again.statusCode, again.body).toBe(409);
            expect(again.json()).toEqual({
              error: {
                code: 'conflict',
                message: `message ${String(body.id)} was already processed`,
                field: 'id',
              },
            });
          }
          await drainOutbox(t.app);
          expect(await channelRowCounts(t.app)).toEqual(counts);
          expect(gw.sent.length).toBe(sent);
        },
      ),
      { numRuns: 8 },
    );
    // Ignored events may come again and again: still 200.
    const ping = JSON.stringify({ event: 'system:ping', id: 'ping-1', payload: {} });
    for (let i = 0; i < 2; i++)
      expect((await post(ping, signedHeaders(SIGNING_KEY, ping))).statusCode).toBe(200);
  });

  it('a report made by SMS reaches the staff queue; the team reply and the resolution question reach the resident', async () => {
    const all: SentSms[] = [];
    const say = async (text: string) => {
      const out = await sms(RESIDENT, text);
      all.push(...out);
      return out;
    };
    // 1. Language offer as a numbered list; answer "1" (Кыргызча comes first).
    let out = await say('Салам');
    expect(out.at(-1)!.to).toBe(RESIDENT);
    expect(out.at(-1)!.text).toMatch(/\n1 Кыргызча\n2 Русский/);
    out = await say((await state(RESIDENT)).numberOf((id) => id === 'lang:ky'));
    // 2. Category by number, then what happened.
    expect((await state(RESIDENT)).step).toBe('category');
    out = await say((await state(RESIDENT)).numberOf((id) => id.startsWith('cat:')));
    out = await say('Түнкүсүн көчөдө жарык жок, балдар коркуп жүрөт.');
    // 3. The rest of the flow, answering each step by number (or in words where SMS has no other way).
    let confirmed = false;
    for (let i = 0; i < 20 && !confirmed; i++) {
      const s = await state(RESIDENT);
      if (s.step === 'question') out = await say('1');
      else if (s.step === 'location') out = await say(s.numberOf((id) => id === 'reg:KG-O'));
      else if (s.step === 'district') out = await say(s.numberOf((id) => id === 'area:KG-O.kara-suu'));
      else if (s.step === 'photo') out = await say(s.numberOf((id) => id === 'photo:skip'));
      else if (s.step === 'privacy') out = await say(s.numberOf((id) => id === 'priv:name_hidden'));
      else if (s.step === 'confirm') {
        out = await say(s.numberOf((id) => id === 'confirm:send'));
        confirmed = true;
      } else throw new Error(`unexpected step ${s.step}: ${out.at(-1)?.text}`);
    }
    expect(confirmed).toBe(true);

    // 4. In the Kara-Suu officer's queue, made by SMS; the phone number is nowhere in clear.
    const report = await t.app.ctx.db.read
      .selectFrom('report')
      .selectAll()
      .where('channel', '=', 'sms')
      .executeTakeFirstOrThrow();
    expect(report.area_code).toBe('KG-O.kara-suu');
    const queue = await t.app.inject({ method: 'GET', url: '/api/v1/reports', headers: world.officer.auth });
    expect(JSON.stringify(queue.json())).toContain(report.id);
    expect(queue.body).not.toContain(RESIDENT.slice(1));
    for (const table of [
      'conversation',
      'channel_thread',
      'channel_outbox',
      'report',
      'report_event',
      'audit_event',
    ] as const) {
      const rows = await t.app.ctx.db.read.selectFrom(table).selectAll().execute();
      expect(JSON.stringify(rows), table).not.toContain(RESIDENT.slice(1));
    }

    // 5. Team reply by SMS.
    const reply = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${report.id}/notes`,
      headers: world.officer.auth,
      payload: { kind: 'message_out', body: 'Рахмат, эртең участкалык инспектор барат.' },
    });
    expect(reply.statusCode, reply.body).toBe(201);
    // The notifier is a recurring job (every 15 s); run its pass now rather than wait for it.
    await t.app.ctx.services.channelNotify.run(0);
    all.push(
      await sentNow(
        (m) => m.to === RESIDENT && m.text.includes('участкалык инспектор барат'),
        'with the team reply',
      ),
    );

    // 6. Resolved → "was it resolved?" with numbered answers; answer by number.
    const resolved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${report.id}/status`,
      headers: world.officer.auth,
      payload: { status: 'resolved', reason: 'Жарык орнотулду' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    await t.app.ctx.services.channelNotify.run(0);
    await drainOutbox(t.app);
    // The question's numbers must map to its answers: the engine remembers the choices it offered.
    const s = await state(RESIDENT);
    expect(
      s.has((id) => id.startsWith('fb:')),
      'the resolution question was asked',
    ).toBe(true);
    const asked = gw.sent.filter((m) => m.to === RESIDENT).at(-1)!;
    expect(asked.text).toMatch(/\n1 /);
    all.push(asked);
    out = await say(s.numberOf((id) => id.startsWith('fb:') && id.includes('yes')));
    for (let i = 0; i < 10; i++) {
      const st = await state(RESIDENT);
      if (st.step !== 'feedback') break;
      out = await say(st.numberOf((id) => id === 'fbi:done'));
    }
    const feedback = await t.app.ctx.db.read
      .selectFrom('report_feedback')
      .selectAll()
      .where('report_id', '=', report.id)
      .execute();
    expect(feedback).toHaveLength(1);
    expect(feedback[0]!.resolved).toBe('yes');

    // Every SMS the resident got stayed within the part budget.
    const over = all.filter((m) => countSegments(m.text).segments > MAX_SMS_SEGMENTS);
    expect(over.map((m) => m.text)).toEqual([]);
  });
});
