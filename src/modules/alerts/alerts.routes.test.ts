/**
 * Area alerts through the real app, the outbox and a local SMTP server (SQLite and PostgreSQL):
 * subscribe → confirmation e-mail → confirm → alert published by an officer → received in the
 * subscriber's language with one-click stop → stopped (subscription and contact deleted). Also:
 * jurisdiction, one message for overlapping areas, quiet hours and digests, preview of languages,
 * a fan-out stopped midway and restarted (nothing lost, nothing twice), stats, public page and feed.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import {
  createApiToken,
  insertArea,
  insertAreaChain,
  insertStaff,
  type AreaChain,
} from '../../../test/factories.ts';
import { clock, MINUTE } from '../../shared/time.ts';
import { Browser } from '../accounts/accounts.test-helpers.ts';
import { drainOutbox } from '../channels/channels.test-helpers.ts';
import { OUTBOX_JOB } from '../channels/outbox.service.ts';
import { LocalSmtpServer } from '../channels/email/email.test-server.ts';
import { FANOUT_JOB } from './alerts.service.ts';

describeDialects('area alerts', (dialect) => {
  const smtp = new LocalSmtpServer();
  let t: TestApp;
  let areas: AreaChain;
  let otherDistrict: string;
  let officerToken: string;
  let outsiderToken: string;
  let n = 0;
  const fresh = () => `sub${++n}-${dialect}@example.kg`;

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp(dialect, { mail: smtp.mailConfig() });
    areas = await insertAreaChain(t.tdb.db);
    const chuy = await insertArea(t.tdb.db, {
      code: 'KG-C',
      kind: 'region',
      parent: areas.country,
      names: { ky: 'Чүй облусу', ru: 'Чуйская область', en: 'Chuy Region' },
    });
    otherDistrict = (
      await insertArea(t.tdb.db, {
        code: 'KG-C.alamudun',
        kind: 'district',
        parent: chuy,
        names: { ky: 'Аламүдүн району', ru: 'Аламудунский район', en: 'Alamudun District' },
      })
    ).code;
    const officer = await insertStaff(t.tdb.db, [{ role: 'officer', areaCode: areas.district.code }]);
    officerToken = await createApiToken(t.app, officer.id);
    const outsider = await insertStaff(t.tdb.db, [{ role: 'officer', areaCode: 'KG-C' }]);
    outsiderToken = await createApiToken(t.app, outsider.id);
    t.app.ctx.services.alerts.registerJobs(t.app.ctx.services.jobs);
  });
  afterAll(async () => {
    clock.reset();
    await t?.close();
    await smtp.stop();
  });
  afterEach(async () => {
    clock.reset();
    await t.tdb.db.write(async (trx) => {
      await trx.deleteFrom('throttle').execute();
      await trx.deleteFrom('alert_subscription').execute();
    });
  });

  /** Runs every due job (fan-out, release, outbox) as the worker would. */
  const runJobs = async () => {
    const jobs = t.app.ctx.services.jobs;
    for (let i = 0; i < 30; i++) {
      // Every claimed job runs (a claimed job left alone would stay locked until its lease ends).
      const claimed = await jobs.claim('test-worker', 50);
      for (const j of claimed) await jobs.execute(j, 'test-worker');
      if (claimed.length === 0) break;
    }
  };
  const subscribe = async (fields: Record<string, string | string[]>, lang = 'ky') => {
    const b = new Browser(t.app);
    b.cookies.lang = lang;
    const page = await b.get('/alerts/subscribe');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const body = new URLSearchParams({ _csrf: csrf });
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    const res = await t.app.inject({
      method: 'POST',
      url: '/alerts/subscribe',
      cookies: b.cookies,
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    return { b, res };
  };
  const base = (email: string, extra: Record<string, string | string[]> = {}) => ({
    areaCode: areas.district.code,
    topics: ['safety', 'meeting'],
    channel: 'email',
    address: email,
    locale: 'ky',
    minPriority: 'low',
    digest: 'immediate',
    consent: 'yes',
    ...extra,
  });
  /** Subscribes and confirms through the e-mailed link; returns the browser. */
  const subscribed = async (email: string, extra: Record<string, string | string[]> = {}) => {
    const { b, res } = await subscribe(base(email, extra));
    expect(res.statusCode, res.body).toBe(303);
    await drainOutbox(t.app);
    const mail = smtp.to(email).at(-1)!;
    const path = LocalSmtpServer.link(mail, 'http://localhost/alerts/confirm/').replace(
      'http://localhost',
      '',
    );
    const done = await b.post(path, {}, path);
    expect(done.statusCode).toBe(303);
    return { b, manage: done.headers.location as string };
  };
  const publish = (token: string, body: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        kind: 'safety',
        priority: 'normal',
        areaCodes: [areas.district.code],
        content: {
          ky: { title: 'Көпүрө жабылды', body: 'Эртең эртең менен көпүрө оңдолот.' },
          ru: { title: 'Мост закрыт', body: 'Завтра утром мост ремонтируют.' },
        },
        ...body,
      },
    });
  const subscriptions = () => t.app.ctx.db.read.selectFrom('alert_subscription').selectAll().execute();

  it('subscribe → confirm by the e-mailed link → receive in Kyrgyz → one-click stop deletes the contact', async () => {
    const email = fresh();
    const { b, res } = await subscribe(base(email));
    expect([res.statusCode, res.headers.location]).toEqual([303, '/alerts/subscribe/sent']);
    await drainOutbox(t.app);
    const [confirmMail] = smtp.to(email);
    expect(confirmMail!.parsed.subject).toBe('Кабарларга жазылууну ырастаңыз');
    const [pending] = await subscriptions();
    expect(pending).toMatchObject({ status: 'pending', consent_at: null });
    expect(pending!.address).not.toContain('example');
    // Nothing goes to a pending subscription.
    expect((await publish(officerToken, {})).statusCode).toBe(201);
    await runJobs();
    expect(smtp.to(email)).toHaveLength(1);

    const path = LocalSmtpServer.link(confirmMail!, 'http://localhost/alerts/confirm/').replace(
      'http://localhost',
      '',
    );
    expect((await b.get(path)).statusCode).toBe(200);
    const done = await b.post(path, {}, path);
    expect(done.headers.location).toMatch(/^\/alerts\/manage\/.+\?confirmed=1$/);
    const manage = await b.get(done.headers.location as string);
    expect(manage.statusCode).toBe(200);
    expect(manage.body).toContain('Рахмат: кабарлар күйгүзүлдү.');
    expect(manage.body).toContain('Кара-Суу району');
    expect(manage.body).not.toContain(email);
    expect((await subscriptions())[0]).toMatchObject({ status: 'active' });
    expect((await subscriptions())[0]!.consent_at).not.toBeNull();

    const pub = await publish(officerToken, { priority: 'urgent' });
    expect(pub.statusCode).toBe(201);
    await runJobs();
    const alertMail = smtp.to(email).at(-1)!;
    expect(alertMail.parsed.subject).toBe('Шашылыш: Көпүрө жабылды');
    expect(alertMail.parsed.text).toContain('Эртең эртең менен көпүрө оңдолот.');
    expect(alertMail.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    const unfolded = alertMail.raw.replace(/\r?\n[ \t]+/g, ' ');
    const stopUrl = /^List-Unsubscribe: <([^>]+)>/m.exec(unfolded)![1]!;
    expect(alertMail.parsed.text).toContain('http://localhost/alerts/manage/');

    // RFC 8058: the mail client POSTs, with no cookie and no form key.
    const stop = await t.app.inject({
      method: 'POST',
      url: stopUrl.replace('http://localhost', ''),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(stop.statusCode).toBe(200);
    expect(await subscriptions()).toEqual([]);
    expect((await b.get(done.headers.location as string)).statusCode).toBe(404);
    const stats = await t.app.inject({
      url: `/api/v1/alerts/${pub.json().id}/stats`,
      headers: { authorization: `Bearer ${officerToken}` },
    });
    expect(stats.statusCode).toBe(200);
    expect(stats.json().byChannel.email).toMatchObject({ recipients: 1, sent: 1 });
    expect(stats.json().byLanguage).toEqual({ ky: 1 });
  });

  it('refuses bad subscriptions next to the field, never with a 5xx', async () => {
    const noConsent = await subscribe(base(fresh(), { consent: '' }));
    expect(noConsent.res.statusCode).toBe(400);
    expect(noConsent.res.body).toContain('макулдугуңузду белгилеңиз');
    const badMail = await subscribe(base('not-an-address'));
    expect(badMail.res.statusCode).toBe(400);
    const country = await subscribe(base(fresh(), { areaCode: 'KG' }));
    expect(country.res.statusCode).toBe(400);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          areaCode: fc.oneof(fc.constant(areas.district.code), fc.string({ maxLength: 20 })),
          topics: fc.array(fc.constantFrom('safety', 'x', ''), { maxLength: 3 }),
          channel: fc.constantFrom('email', 'sms', 'whatsapp', 'telegram', 'fax', ''),
          address: fc.oneof(fc.emailAddress(), fc.string({ maxLength: 30 })),
          locale: fc.constantFrom('ky', 'ru', 'xx', ''),
          minPriority: fc.constantFrom('low', 'urgent', 'zzz'),
          quietStart: fc.constantFrom('', '22:00', '25:00'),
          quietEnd: fc.constantFrom('', '07:00'),
          digest: fc.constantFrom('immediate', 'daily', 'hourly'),
          consent: fc.constantFrom('yes', ''),
        }),
        async (fields) => {
          await t.tdb.db.write((trx) => trx.deleteFrom('throttle').execute());
          const { res } = await subscribe(fields);
          expect(res.statusCode, JSON.stringify(fields)).toBeLessThan(500);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('publishes only within jurisdiction; previews languages; one message for overlapping areas', async () => {
    expect((await publish(outsiderToken, {})).statusCode).toBe(404);
    expect((await publish(officerToken, { areaCodes: [otherDistrict] })).statusCode).toBe(404);
    expect((await publish(officerToken, { kind: 'rumour' })).statusCode).toBe(400);
    const email = fresh();
    await subscribed(email);
    await subscribed(email, { areaCode: areas.region.code, locale: 'uz' });
    await subscribed(fresh(), { locale: 'ru' });
    const preview = await t.app.inject({
      method: 'POST',
      url: '/api/v1/alerts/preview',
      headers: { authorization: `Bearer ${officerToken}` },
      payload: { areaCodes: [areas.district.code], content: { ky: { title: 'Т' }, ru: { title: 'Т' } } },
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().missing).toEqual(['en', 'uz', 'uz-Latn', 'kk', 'tg']);
    expect(preview.json().recipients).toEqual(
      expect.arrayContaining([
        { locale: 'ky', gets: 'ky', n: 1 },
        { locale: 'uz', gets: 'ru', n: 1 },
        { locale: 'ru', gets: 'ru', n: 1 },
      ]),
    );
    const before = smtp.to(email).length;
    const pub = await publish(officerToken, {});
    await runJobs();
    expect(smtp.to(email).length).toBe(before + 1);
    const deliveries = await t.app.ctx.db.read
      .selectFrom('alert_delivery')
      .selectAll()
      .where('alert_id', '=', pub.json().id)
      .execute();
    expect(deliveries).toHaveLength(2);
  });

  it('holds normal alerts in quiet hours and digests; urgent goes at once', async () => {
    clock.set('2026-12-03T17:00:00Z'); // 23:00 in Bishkek
    const quiet = fresh();
    const daily = fresh();
    await subscribed(quiet, { quietStart: '22:00', quietEnd: '07:00' });
    await subscribed(daily, { digest: 'daily' });
    const q0 = smtp.to(quiet).length;
    const d0 = smtp.to(daily).length;
    await publish(officerToken, {});
    await publish(officerToken, { kind: 'meeting', content: { ru: { title: 'Встреча в среду', body: '' } } });
    await runJobs();
    expect(smtp.to(quiet).length).toBe(q0);
    expect(smtp.to(daily).length).toBe(d0);
    await publish(officerToken, { priority: 'urgent' });
    await runJobs();
    expect(smtp.to(quiet).length).toBe(q0 + 1);
    expect(smtp.to(daily).length).toBe(d0 + 1);
    clock.set('2026-12-04T01:30:00Z'); // 07:30: quiet hours over
    await t.app.ctx.services.alerts.release();
    await drainOutbox(t.app);
    const woke = smtp.to(quiet).slice(q0 + 1);
    expect(woke).toHaveLength(1);
    expect(woke[0]!.parsed.subject).toBe('Аймагыңыз үчүн 2 жаңы кабар');
    expect(smtp.to(daily).length).toBe(d0 + 1);
    clock.set('2026-12-04T12:01:00Z'); // 18:01: the daily digest
    await t.app.ctx.services.alerts.release();
    await drainOutbox(t.app);
    expect(smtp.to(daily).slice(d0 + 1)).toHaveLength(1);
    expect(smtp.to(daily).at(-1)!.parsed.text).toContain('Встреча в среду');
  });

  it('a fan-out stopped midway and restarted loses nothing and sends nothing twice', async () => {
    const svc = t.app.ctx.services.alerts;
    const emails = Array.from({ length: 7 }, fresh);
    for (const e of emails) await subscribed(e);
    const counts = () => emails.map((e) => smtp.to(e).length);
    const before = counts();
    svc.batchSize = 3;
    try {
      const pub = await publish(officerToken, {});
      const jobs = t.app.ctx.services.jobs;
      // The first batch runs; the worker is then killed while it holds the second batch's job.
      const [first] = (await jobs.claim('worker-a', 10)).filter((j) => j.kind === FANOUT_JOB);
      await jobs.execute(first!, 'worker-a');
      // A re-run of a finished batch (crash after commit, before the job was marked done) adds nothing.
      await svc.fanOut(pub.json().id, '');
      const [second] = (await jobs.claim('worker-a', 10)).filter((j) => j.kind === FANOUT_JOB);
      expect(second).toBeDefined();
      // worker-a dies here. After its lease, another worker takes over.
      clock.advance(30 * MINUTE);
      await runJobs();
      expect(counts()).toEqual(before.map((c) => c + 1));
      const rows = await t.app.ctx.db.read
        .selectFrom('alert_delivery')
        .select('id')
        .where('alert_id', '=', pub.json().id)
        .execute();
      expect(rows).toHaveLength(7);
      const outbox = await t.app.ctx.db.read
        .selectFrom('channel_outbox')
        .select('id')
        .where('purpose', '=', 'alert')
        .where('status', '!=', 'sent')
        .execute();
      expect(outbox).toEqual([]);
      expect(OUTBOX_JOB).toBe('channels.outbox.send');
    } finally {
      svc.batchSize = 500;
    }
  });

  it("STOP by SMS (and the bot command) deletes that number's subscriptions; other words do not", async () => {
    const sms = await subscribe(base('0555 123 456', { channel: 'sms' }));
    expect(sms.res.statusCode).toBe(303);
    const tg = await subscribe(base('987654321', { channel: 'telegram' }));
    expect(tg.res.statusCode).toBe(303);
    const conversations = t.app.ctx.services.conversations;
    await conversations.handle({
      channel: 'sms',
      address: '+0555123456',
      messageId: 'sms-1',
      text: 'stop the noise',
    });
    expect(await subscriptions()).toHaveLength(2);
    await conversations.handle({
      channel: 'sms',
      address: '0555123456',
      messageId: 'sms-2',
      text: ' СТОП! ',
    });
    expect((await subscriptions()).map((s) => s.channel)).toEqual(['telegram']);
    await conversations.handle({
      channel: 'telegram',
      address: '987654321',
      messageId: 'tg-1',
      text: '/stop',
    });
    expect(await subscriptions()).toEqual([]);
  });

  it('shows published alerts on the area page and in its Atom feed', async () => {
    await publish(officerToken, {
      content: { ru: { title: 'Пропала собака <b>', body: 'Рыжая, отзывается на Бобик.' } },
      kind: 'appeal',
    });
    await publish(officerToken, {
      content: { ru: { title: 'Устаревшее' } },
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    await runJobs();
    clock.advance(2 * MINUTE);
    const page = await t.app.inject({ url: `/alerts/area/${areas.district.code}`, cookies: { lang: 'ru' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Пропала собака &lt;b');
    expect(page.body).not.toContain('собака <b>');
    expect(page.body).not.toContain('Устаревшее');
    const region = await t.app.inject({ url: `/alerts/area/${areas.region.code}`, cookies: { lang: 'ru' } });
    expect(region.body).toContain('Пропала собака');
    const feed = await t.app.inject({ url: `/alerts/area/${areas.district.code}/feed.atom` });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    expect(feed.body).toContain('<title>Пропала собака &lt;b&gt;</title>');
    expect((await t.app.inject({ url: '/alerts/area/NOPE' })).statusCode).toBe(404);
  });
});
