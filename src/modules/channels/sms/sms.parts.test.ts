/**
 * Every prompt the bot sends by SMS stays within MAX_SMS_SEGMENTS parts (counted with the GSM-7 /
 * UCS-2 rules of sms.segments.ts, as the phone network does) with the largest geography we seed
 * (seed/geo: 34 regions in Kyrgyzstan, Kazakhstan and Tajikistan, every Kyrgyz region's districts),
 * in every language — through the real app (signed webhooks in, the local SMS Gateway for Android
 * out). A list too long for one SMS is paged: "0" brings the next page, the numbers count over the
 * whole list, and a number from a later page picks that item.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, TEST_SECRET, type TestApp } from '../../../../test/app.ts';
import { describeDialects } from '../../../../test/db.ts';
import { LOCALES } from '../../../shared/i18n.ts';
import { seedReferenceGeography } from '../../geo/geo.seed.ts';
import { reportWorld, type ReportWorld } from '../../reports/reports.fixtures.ts';
import { addressHash } from '../channel-crypto.ts';
import { adminActor } from '../channel-test-kit.ts';
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

const SIGNING_KEY = 'sms-parts-signing-key';

describeDialects('SMS replies within the part budget, largest geography, every language', (dialect) => {
  let t: TestApp;
  let gw: FakeSmsGateway;
  let world: ReportWorld;
  let kgRegions: string[];

  beforeAll(async () => {
    gw = await startFakeSmsGateway();
    t = await createTestApp(dialect, { reportLimitPerHour: 100_000 });
    world = await reportWorld(t.app);
    await seedReferenceGeography(t.app.ctx.db);
    await t.app.ctx.services.channelSettings.update(adminActor(world.admin.id), 'sms', {
      values: { gateway_url: gw.url, login: gw.login, password: gw.password, signing_key: SIGNING_KEY },
    });
    const rows = await t.app.ctx.db.read
      .selectFrom('area')
      .select('code')
      .where('kind', '=', 'region')
      .where('country_code', '=', 'KG')
      .execute();
    kgRegions = rows.map((r) => r.code).sort();
  });
  afterAll(async () => {
    await t?.close();
    await gw?.close();
  });

  async function sms(from: string, text: string): Promise<SentSms[]> {
    const raw = JSON.stringify(smsReceived(from, text));
    const before = gw.sent.length;
    const res = await t.app.inject({
      method: 'POST',
      url: '/channels/sms/webhook',
      headers: signedHeaders(SIGNING_KEY, raw),
      payload: raw,
    });
    expect(res.statusCode, res.body).toBe(200);
    await drainOutbox(t.app);
    return gw.sent.slice(before);
  }
  async function state(from: string): Promise<{ step: string; choices: string[]; region?: string }> {
    const row = await t.app.ctx.db.read
      .selectFrom('conversation')
      .select(['step', 'data'])
      .where('channel', '=', 'sms')
      .where('address_hash', '=', addressHash(TEST_SECRET, 'sms', from))
      .executeTakeFirstOrThrow();
    const data = JSON.parse(row.data) as { choices?: { id: string }[]; region?: string };
    return { step: row.step, choices: (data.choices ?? []).map((c) => c.id), region: data.region };
  }
  const numberOf = (choices: string[], id: string) => {
    const i = choices.indexOf(id);
    if (i < 0) throw new Error(`${id} not offered among ${choices.join(', ')}`);
    return String(i + 1);
  };
  /** The numbers a page lists ("12 Чүй облусу" → 12), without the "0 more" line. */
  const numbersIn = (text: string) =>
    text
      .split('\n')
      .map((l) => /^(\d{1,2}) /.exec(l)?.[1])
      .filter((n): n is string => n !== undefined && n !== '0')
      .map(Number);

  it.each(LOCALES)(
    'every prompt in %s fits; the region list is paged and every page can be used',
    async (l) => {
      const who = `+99670${String(LOCALES.indexOf(l)).padStart(2, '0')}${dialect === 'sqlite' ? '1' : '2'}1234`;
      const all: SentSms[] = [];
      const say = async (text: string) => {
        const out = await sms(who, text);
        expect(out.length, `${l}: no answer to ${text}`).toBeGreaterThan(0);
        all.push(...out);
        return out;
      };
      await say('Салам');
      await say(numberOf((await state(who)).choices, `lang:${l}`));
      /** From a new report to the region list, answering every step on the way. */
      const toLocation = async () => {
        let s = await state(who);
        expect(s.step).toBe('category');
        await say(
          numberOf(
            s.choices,
            s.choices.find((c) => c.startsWith('cat:'))!,
          ),
        );
        await say('Түнкүсүн көчөдө жарык жок, балдар коркуп жүрөт.');
        for (s = await state(who); s.step === 'question'; s = await state(who))
          await say(s.choices.includes('q:skip') ? numberOf(s.choices, 'q:skip') : '1');
        expect(s.step).toBe('location');
        return s;
      };
      let s = await toLocation();
      const regions = s.choices.filter((c) => c.startsWith('reg:'));
      expect(regions.length).toBeGreaterThanOrEqual(34);

      // The region list, page after page: "0" for the next; after the last comes the first again.
      const pages: string[] = [all.at(-1)!.text];
      for (let i = 0; i < 10; i++) {
        const page = (await say('0')).at(-1)!.text;
        if (page === pages[0]) break;
        pages.push(page);
      }
      // In English the names are GSM-7 (153 letters a part): all 34 fit in 8 parts. In the Cyrillic
      // languages and in uz-Latn (its ʻ is not GSM) they are UCS-2 (67 a part): paged.
      if (l !== 'en') expect(pages.length, `${l}: the 34 regions do not fit one SMS`).toBeGreaterThan(1);
      const listed = pages.flatMap(numbersIn);
      expect(listed).toEqual(regions.map((_, i) => i + 1)); // each once, in order, numbered over the list
      pages.slice(0, -1).forEach((p) => expect(p.split('\n').at(-1)).toMatch(/^0 \S/));
      expect(pages.at(-1)!.split('\n').at(-1)).not.toMatch(/^0 /);

      // A number from the last page picks that region (here the page shown is the first again).
      await say(String(regions.length));
      expect((await state(who)).region).toBe(regions.at(-1)!.slice(4));

      // Every Kyrgyz region's districts, then the rest of a report in the first one.
      for (const region of kgRegions) {
        await say('/new');
        s = await toLocation();
        await say(numberOf(s.choices, `reg:${region}`));
        s = await state(who);
        expect(s.step, `${l} ${region}`).toBe('district');
        expect(s.choices.length).toBeGreaterThan(0);
      }
      await say(numberOf(s.choices, s.choices[0]!));
      for (let i = 0; i < 10; i++) {
        s = await state(who);
        if (s.step === 'photo') await say(numberOf(s.choices, 'photo:skip'));
        else if (s.step === 'privacy') await say(numberOf(s.choices, 'priv:name_hidden'));
        else if (s.step === 'confirm') await say(numberOf(s.choices, 'confirm:send'));
        else break;
      }
      s = await state(who);
      expect(s.step).toBe('idle');
      await say(numberOf(s.choices, 'cmd:status'));
      await say(numberOf((await state(who)).choices, 'cmd:help'));
      await say(numberOf((await state(who)).choices, 'cmd:reply'));

      const over = all
        .map((m) => ({ parts: countSegments(m.text).segments, text: m.text }))
        .filter((m) => m.parts > MAX_SMS_SEGMENTS);
      expect(over, `${l}: SMS over ${MAX_SMS_SEGMENTS} parts`).toEqual([]);
    },
  );
});
