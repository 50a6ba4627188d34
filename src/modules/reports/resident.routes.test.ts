/**
 * The resident's pages through app.inject, on SQLite and PostgreSQL: the report form (two steps, errors
 * next to fields), anonymous submission without cookies or traces, the receipt kept out of URLs and
 * caches, "is this the same?", following a report with the receipt, feedback, the public list and
 * its map data; junk never gets a 5xx and writes nothing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { createSession, insertArea, insertResident, sessionCookies } from '../../../test/factories.ts';
import { ANONYMOUS } from '../../shared/policy.ts';
import { KARA_SUU_POINT, reportWorld, type ReportWorld } from './reports.fixtures.ts';

const ORIGIN = { origin: 'http://localhost' };

/** A multipart/form-data body as a browser sends it (text fields, then optional files). */
export function multipartBody(
  fields: Record<string, string>,
  files: Array<{ name: string; filename: string; type: string; data: Buffer }> = [],
) {
  const boundary = '----ishenimTestBoundary7MA4YWxkTrZu0gW';
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`, 'utf8'),
    );
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
    );
    chunks.push(f.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const RECEIPT_RE = /\d{4} \d{4} \d{4} \d{4} \d{4}/;

describeDialects('resident pages', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;

  beforeAll(async () => {
    t = await createTestApp(dialect, { reportLimitPerHour: 100_000 });
    w = await reportWorld(t.app);
  });
  afterAll(async () => t?.close());

  const db = () => t.app.ctx.db.read;
  const count = async (table: 'report' | 'report_event' | 'report_feedback' | 'audit_event') =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const postReport = (fields: Record<string, string>, extra: Record<string, unknown> = {}) => {
    const mp = multipartBody(fields);
    return t.app.inject({
      method: 'POST',
      url: '/report',
      payload: mp.payload,
      headers: { ...mp.headers, ...ORIGIN, ...((extra.headers as object) ?? {}) },
      ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'headers')),
    });
  };
  const form = (url: string, body: Record<string, string>, cookies?: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: new URLSearchParams(body).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...ORIGIN },
      cookies,
    });
  const base = (over: Record<string, string> = {}) => ({
    category: 'public-order',
    description: 'Broken street lights near the bus stop; people get robbed there after dark.',
    area: w.areas.district.code,
    privacy: 'anonymous',
    different: '1',
    ...over,
  });
  const receiptOf = (html: string) => RECEIPT_RE.exec(html)?.[0] ?? '';

  it('asks for the category first by name, with the emergency numbers said once at the top', async () => {
    const res = await t.app.inject({ url: '/report', headers: { 'accept-language': 'ru' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body).toContain('name="category"');
    expect(res.body).toContain('value="radicalization-concern"');
    // The list stays short on a phone: the emergency sentence once, each category's guidance on step 2.
    expect(res.body.match(/102/g)?.length).toBe(1);
    const details = await t.app.inject({
      url: '/report?category=radicalization-concern',
      headers: { 'accept-language': 'ru' },
    });
    expect(details.body).toMatch(/class="emergency">[^<]*102/);
    expect(res.body).toContain('lang="ru"');
    // Without a choice, the step is shown again with the error next to the field and in the summary.
    const none = await t.app.inject({ url: '/report?step=1' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('class="error-summary"');
    expect(none.body).toContain('href="#category"');
  });

  it('shows the rest of the form for a category: areas in the reader’s language, privacy explained, warning for prevention', async () => {
    const res = await t.app.inject({
      url: '/report?category=radicalization-concern',
      headers: { 'accept-language': 'ky' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body).toContain('enctype="multipart/form-data"');
    expect(res.body).toContain('Кара-Суу району');
    for (const v of ['public', 'name_hidden', 'anonymous']) expect(res.body).toContain(`value="${v}"`);
    expect(res.body).toContain('class="warning"');
    expect(res.body).toContain('name="q_behaviour_seen"');
    const plain = await t.app.inject({ url: '/report?category=public-order' });
    expect(plain.body).not.toContain('class="warning"');
    expect(plain.body).toContain('data-island="map-pin"');
  });

  it('names every area in Uzbek Latin script on an Uzbek Latin page, never in Russian Cyrillic', async () => {
    const res = await t.app.inject({
      url: '/report?category=public-order',
      headers: { 'accept-language': 'uz-Latn' },
    });
    const select = /<select[^>]*name="area"[\s\S]*?<\/select>/.exec(res.body)![0];
    const labels = [...select.matchAll(/<option[^>]*>([^<]*)<\/option>/g)].map((m) => m[1]!);
    expect(labels.length).toBeGreaterThan(1);
    for (const l of labels) expect(l).not.toMatch(/[\u0400-\u04FF]/u);
  });

  it('shows errors next to their fields with a summary, keeping what was typed, and writes nothing', async () => {
    const before = await count('report');
    const res = await postReport(base({ description: 'Something happens', area: '', privacy: '' }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('class="error-summary"');
    expect(res.body).toContain('id="area-error"');
    expect(res.body).toContain('Something happens');
    const noPrivacy = await postReport(base({ privacy: '' }));
    expect(noPrivacy.statusCode).toBe(400);
    expect(noPrivacy.body).toContain('id="privacy-error"');
    const badDate = await postReport(base({ occurred_date: '2999-01-01' }));
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain('id="occurred_date-error"');
    const badPhone = await postReport(base({ privacy: 'name_hidden', contact_phone: 'call me maybe' }));
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.body).toContain('id="contact_phone-error"');
    expect(await count('report')).toBe(before);
  });

  it('takes an anonymous report: receipt on a no-store 200, no cookie, no contact, no trace of the device', async () => {
    const res = await postReport(
      base({ contact_name: 'Aibek', contact_phone: '+996 555 000 111', occurred_date: '2026-01-10' }),
      {
        headers: { 'user-agent': 'FingerprintBrowser/1.0', 'accept-language': 'en' },
        remoteAddress: '198.51.100.77',
      },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.location).toBeUndefined();
    const receipt = receiptOf(res.body);
    expect(receipt).not.toBe('');
    const ref = /R-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(res.body)![0];
    const row = await db()
      .selectFrom('report')
      .selectAll()
      .where('reference', '=', ref)
      .executeTakeFirstOrThrow();
    expect(row.privacy).toBe('anonymous');
    expect(row.contact).toBeNull();
    expect(row.reporter_person_id).toBeNull();
    expect(row.channel).toBe('web');
    const everything = JSON.stringify([
      row,
      await db().selectFrom('report_event').selectAll().where('report_id', '=', row.id).execute(),
      await db().selectFrom('audit_event').selectAll().where('subject_id', '=', row.id).execute(),
    ]);
    for (const trace of ['198.51.100.77', 'Fingerprint', 'Aibek', '000 111', receipt.replace(/ /g, '')])
      expect(everything).not.toContain(trace);
  });

  it('refuses cross-site posts of the anonymous form without reading them', async () => {
    const before = await count('report');
    const mp = multipartBody(base());
    const res = await t.app.inject({
      method: 'POST',
      url: '/report',
      payload: mp.payload,
      headers: { ...mp.headers, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(res.statusCode).toBe(403);
    expect(await count('report')).toBe(before);
  });

  it('links a signed-in resident’s named report to them and lists it under My reports', async () => {
    const resident = await insertResident(t.app.ctx.db);
    const sid = await createSession(t.app, resident.id);
    const res = await postReport(base({ privacy: 'name_hidden', contact_phone: '+996 555 123 456' }), {
      cookies: sessionCookies(sid),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toMatch(RECEIPT_RE);
    const ref = /R-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(res.body)![0];
    const track = await t.app.inject({ url: '/track', cookies: sessionCookies(sid) });
    expect(track.body).toContain(ref);
    const id = (
      await db().selectFrom('report').select('id').where('reference', '=', ref).executeTakeFirstOrThrow()
    ).id;
    const open = await form('/track', { report_id: id }, sessionCookies(sid));
    expect(open.statusCode).toBe(200);
    expect(open.body).toContain(ref);
    // Someone else's session cannot open it by id.
    const other = await createSession(t.app, (await insertResident(t.app.ctx.db)).id);
    expect((await form('/track', { report_id: id }, sessionCookies(other))).statusCode).toBe(404);
  });

  it('offers similar open public reports nearby, adds to one without creating a report, or goes on', async () => {
    const existing = await t.app.ctx.services.reports.createReport(ANONYMOUS, {
      description: 'Street fights every night by the market.',
      category: 'public-order',
      privacy: 'public',
      location: KARA_SUU_POINT,
    });
    const fields = base({ different: '', lat: String(KARA_SUU_POINT.lat), lon: String(KARA_SUU_POINT.lon) });
    delete (fields as Record<string, string>).different;
    const before = await count('report');
    const offer = await postReport(fields);
    expect(offer.statusCode).toBe(200);
    expect(offer.body).toContain(existing.reference);
    expect(offer.body).toContain('action="/report/add?_once=');
    expect(offer.body).toContain('name="different" value="1"');
    expect(await count('report')).toBe(before);

    const added = await form('/report/add', {
      reference: existing.reference,
      category: 'public-order',
      description: 'It happened again on Friday.',
    });
    expect(added.statusCode).toBe(200);
    expect(added.headers['set-cookie']).toBeUndefined();
    expect(await count('report')).toBe(before);
    const info = await db()
      .selectFrom('report_event')
      .selectAll()
      .where('report_id', '=', existing.id)
      .where('kind', '=', 'info')
      .executeTakeFirstOrThrow();
    expect(info.body).toBe('It happened again on Friday.');
    expect(info.visibility).toBe('internal');
    // Only offered reports can be added to: a sensitive or unknown reference is "not found".
    expect(
      (await form('/report/add', { reference: 'R-0000-0000', category: 'public-order', description: 'x' }))
        .statusCode,
    ).toBe(404);

    const different = await postReport({ ...fields, different: '1' });
    expect(different.statusCode).toBe(200);
    expect(await count('report')).toBe(before + 1);
  });

  it('follows a report with the receipt: history, messages, staff answers, resolution and feedback', async () => {
    const created = await postReport(base());
    const receipt = receiptOf(created.body);
    const ref = /R-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(created.body)![0];
    const id = (
      await db().selectFrom('report').select('id').where('reference', '=', ref).executeTakeFirstOrThrow()
    ).id;

    const start = await t.app.inject({ url: '/track' });
    expect(start.statusCode).toBe(200);
    expect(start.headers['set-cookie']).toBeUndefined();
    const thread = await form('/track', { receipt });
    expect(thread.statusCode).toBe(200);
    expect(thread.headers['cache-control']).toBe('no-store');
    expect(thread.headers['set-cookie']).toBeUndefined();
    expect(thread.body).toContain(ref);
    // Every follow-up form carries the receipt in a hidden field, and no link or action holds it.
    expect(thread.body).toContain(`type="hidden" name="receipt" value="${receipt}"`);
    const digits = receipt.replace(/ /g, '');
    for (const m of thread.body.matchAll(/(?:href|action)="([^"]*)"/g)) {
      expect(m[1]).not.toContain(digits);
      expect(m[1]).not.toContain(receipt);
    }

    const msg = await form('/track/message', { receipt, text: 'Is anyone looking at this?' });
    expect(msg.statusCode).toBe(200);
    expect(msg.body).toContain('Is anyone looking at this?');
    const empty = await form('/track/message', { receipt, text: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="message-error"');

    const staff = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/notes`,
      headers: w.officer.auth,
      payload: { kind: 'message_out', body: 'We will fix the lights this week.' },
    });
    expect(staff.statusCode, staff.body).toBe(201);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/notes`,
      headers: w.officer.auth,
      payload: { kind: 'note', body: 'INTERNAL: ask the utility company' },
    });
    const seen = await form('/track', { receipt });
    expect(seen.body).toContain('We will fix the lights this week.');
    expect(seen.body).not.toContain('INTERNAL');
    expect(seen.body).not.toContain('name="resolved"');

    const resolved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/status`,
      headers: w.officer.auth,
      payload: { status: 'resolved', reason: 'lights repaired', public_note: 'The lights were repaired.' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const ask = await form('/track', { receipt });
    expect(ask.body).toContain('The lights were repaired.');
    expect(ask.body).toContain('name="resolved"');
    expect(ask.body).toContain('name="pc-respect"');

    const noAnswer = await form('/track/feedback', { receipt });
    expect(noAnswer.statusCode).toBe(400);
    expect(noAnswer.body).toContain('id="resolved-error"');
    const fb = await form('/track/feedback', { receipt, resolved: 'yes', 'pc-respect': 'agree' });
    expect(fb.statusCode).toBe(200);
    expect(fb.body).not.toContain('name="resolved"');
    const stored = await db()
      .selectFrom('report_feedback')
      .selectAll()
      .where('report_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.resolved).toBe('yes');
    expect(JSON.parse(stored.answers)).toEqual({ 'pc-respect': 'agree' });
  });

  it('gives public and name-hidden reporters without an account a receipt that /track accepts', async () => {
    for (const privacy of ['public', 'name_hidden']) {
      const created = await postReport(
        base({ privacy, contact_name: 'Gulnara', contact_phone: '+996 555 123 456' }),
      );
      expect(created.statusCode, created.body).toBe(200);
      const receipt = receiptOf(created.body);
      expect(receipt, privacy).not.toBe('');
      const ref = /R-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(created.body)![0];
      const thread = await form('/track', { receipt });
      expect(thread.statusCode, privacy).toBe(200);
      expect(thread.body).toContain(ref);
      // What they told us is shown back, and whether it is public.
      expect(thread.body).toContain('Broken street lights near the bus stop');
      expect(thread.body).toContain('Kara-Suu');
      if (privacy === 'public') expect(thread.body).toContain(`href="/reports/${ref}"`);
      else expect(thread.body).not.toContain(`href="/reports/${ref}"`);
    }
  });

  it('gives wrong receipts one generic answer and writes nothing', async () => {
    const before = [await count('report_event'), await count('report_feedback')];
    for (const receipt of ['1234 5678 9012 3456 7890', 'not a receipt']) {
      const res = await form('/track', { receipt });
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('id="receipt-error"');
      const msg = await form('/track/message', { receipt, text: 'hello' });
      expect(msg.statusCode).toBe(404);
    }
    expect([await count('report_event'), await count('report_feedback')]).toEqual(before);
  });

  it('lists public reports only, without reporter data or exact places, and feeds the map the same points', async () => {
    const pub = await t.app.ctx.services.reports.createReport(ANONYMOUS, {
      description: 'Stray dogs near the kindergarten.',
      category: 'public-order',
      privacy: 'public',
      location: { lat: 40.6, lon: 72.8 },
      contact: { name: 'Nurlan Secretname', phone: '+996 700 999 888' },
    });
    const hidden = await t.app.ctx.services.reports.createReport(ANONYMOUS, {
      description: 'Hidden-name report text',
      category: 'public-order',
      privacy: 'name_hidden',
      location: KARA_SUU_POINT,
    });
    const sensitive = await t.app.ctx.services.reports.createReport(ANONYMOUS, {
      description: 'Sensitive report text',
      category: 'hate-threats',
      privacy: 'public',
      location: KARA_SUU_POINT,
      answers: { what_happened: 'spoken_threats' },
    });
    const res = await t.app.inject({ url: '/reports?category=public-order' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body).toContain(pub.reference);
    expect(res.body).not.toContain(hidden.reference);
    expect(res.body).not.toContain(sensitive.reference);
    expect(res.body).not.toContain('Secretname');
    expect(res.body).toContain('data-island="reports-map"');
    expect(res.body).toContain('/static/js/reports-map.js');

    const api = await t.app.inject({ url: '/api/v1/public/reports?category=public-order' });
    expect(api.statusCode).toBe(200);
    const items = api.json().items as Array<{ reference: string; lat: number; lon: number }>;
    const point = items.find((i) => i.reference === pub.reference)!;
    expect(point).toBeDefined();
    expect(point.lat).not.toBe(40.6);
    expect(Object.keys(point).sort()).toEqual(
      ['category', 'created_at', 'lat', 'lon', 'reference', 'status', 'status_label'].sort(),
    );
    expect(items.map((i) => i.reference)).not.toContain(sensitive.reference);
    const all = await t.app.inject({ url: '/reports?category=hate-threats' });
    expect(all.body).not.toContain(sensitive.reference);
    const other = await t.app.inject({ url: `/reports?area=${w.areas.uzgen.code}` });
    expect(other.body).not.toContain(pub.reference);
  });

  it('gives each public report its own page with its public history; anything else is the same not-found', async () => {
    const pub = await t.app.ctx.services.reports.createReport(ANONYMOUS, {
      description: 'Broken street lights by the bazaar.',
      category: 'public-order',
      privacy: 'public',
      location: { lat: 40.6, lon: 72.8 },
      contact: { name: 'Aibek Secretname', phone: '+996 700 111 222' },
    });
    const id = (
      await db()
        .selectFrom('report')
        .select('id')
        .where('reference', '=', pub.reference)
        .executeTakeFirstOrThrow()
    ).id;
    const changed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/status`,
      headers: w.officer.auth,
      payload: { status: 'resolved', reason: 'fixed', public_note: 'The lights were repaired on Monday.' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/notes`,
      headers: w.officer.auth,
      payload: { kind: 'note', body: 'INTERNAL: the utility company was slow' },
    });

    const list = await t.app.inject({
      url: '/reports?category=public-order',
      headers: { 'accept-language': 'en' },
    });
    expect(list.body).toContain(`href="/reports/${pub.reference}"`);
    const page = await t.app.inject({
      url: `/reports/${pub.reference}`,
      headers: { 'accept-language': 'en' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.body).toContain(pub.reference);
    expect(page.body).toContain('Broken street lights by the bazaar.');
    expect(page.body).toContain('The lights were repaired on Monday.');
    expect(page.body).toContain('Kara-Suu');
    expect(page.body).not.toContain('INTERNAL');
    expect(page.body).not.toContain('Secretname');
    expect(page.body).not.toContain('+996 700 111 222');
    // Lower-case references (typed from a poster or a message) find the same page.
    expect((await t.app.inject({ url: `/reports/${pub.reference.toLowerCase()}` })).statusCode).toBe(200);

    const hidden = await t.app.ctx.services.reports.createReport(ANONYMOUS, {
      description: 'Name-hidden report text',
      category: 'public-order',
      privacy: 'name_hidden',
      location: KARA_SUU_POINT,
    });
    const sensitive = await t.app.ctx.services.reports.createReport(ANONYMOUS, {
      description: 'Sensitive report text',
      category: 'hate-threats',
      privacy: 'public',
      location: KARA_SUU_POINT,
      answers: { what_happened: 'spoken_threats' },
    });
    const missing = await t.app.inject({ url: '/reports/R-0000-0000' });
    expect(missing.statusCode).toBe(404);
    for (const ref of [hidden.reference, sensitive.reference, 'junk', 'R-%00']) {
      const res = await t.app.inject({ url: `/reports/${ref}` });
      expect(res.statusCode, ref).toBe(404);
      // The same page, but for the language links, which bring the reader back to the address they asked for.
      const unlinked = (body: string, r: string) => body.replaceAll(encodeURIComponent(`/reports/${r}`), '…');
      expect(unlinked(res.body, ref)).toBe(unlinked(missing.body, 'R-0000-0000'));
    }
  });

  it('names a report filed in a police beat by its district on the public list, never by the beat code', async () => {
    const beat = await insertArea(t.app.ctx.db, {
      code: `${w.areas.district.code}.beat-9`,
      kind: 'beat',
      parent: w.areas.district,
      names: { ky: 'Участок 9', ru: 'Участок 9', en: 'Beat 9' },
      centre: [40.62, 72.85],
    });
    const inBeat = await t.app.ctx.services.reports.createReport(ANONYMOUS, {
      description: 'Broken street lights on the beat.',
      category: 'public-order',
      privacy: 'public',
      location: { area: beat.code },
    });
    const res = await t.app.inject({
      url: '/reports?category=public-order',
      headers: { 'accept-language': 'en' },
    });
    const row = res.body.slice(res.body.indexOf(inBeat.reference));
    expect(row).toContain('Kara-Suu');
    expect(res.body).not.toContain(beat.code);
  });

  it('never answers 5xx to junk on the resident forms, and a refused post writes nothing', async () => {
    const fieldNames = [
      'category',
      'description',
      'area',
      'privacy',
      'lat',
      'lon',
      'occurred_date',
      'occurred_time',
      'contact_phone',
      'q_behaviour_seen',
      'different',
      'receipt',
      'report_id',
      'text',
      'resolved',
      'pc-voice',
      'junk',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/report',
          '/report/add',
          '/track',
          '/track/message',
          '/track/info',
          '/track/feedback',
        ),
        fc.dictionary(
          fc.constantFrom(...fieldNames),
          fc.oneof(
            fc.string(),
            fc.constantFrom('public-order', 'anonymous', '91', 'yes', '2026-02-30', '1e999'),
          ),
        ),
        fc.boolean(),
        async (url, body, asMultipart) => {
          const before = [await count('report'), await count('report_event'), await count('report_feedback')];
          const mp = multipartBody(body);
          const res = asMultipart
            ? await t.app.inject({
                method: 'POST',
                url,
                payload: mp.payload,
                headers: { ...mp.headers, ...ORIGIN },
              })
            : await form(url, body);
          expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
          if (res.statusCode >= 400)
            expect([
              await count('report'),
              await count('report_event'),
              await count('report_feedback'),
            ]).toEqual(before);
        },
      ),
      { numRuns: 120 },
    );
  });
});
