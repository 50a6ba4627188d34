/**
 * Issue 14, Open311 part: what real clients send, written from the GeoReport v2 spec and
 * FixMyStreet's Open311 client (repeated media_url, updates to closed reports, email_alerts_requested
 * and attribute[…] on updates, api_key in the query string), mySociety's bare-array
 * servicerequestupdates, the common read extensions, and CORS for browser clients.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { reportWorld, KARA_SUU_POINT, UZGEN_POINT, type ReportWorld } from '../reports/reports.fixtures.ts';
import { FORM, assertOfficial, issueKey, parseXml } from './open311.test-helpers.ts';

describeDialects('Open311 as real clients speak it (issue 14)', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  let key: string;

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });
  const post = (url: string, body: string) =>
    t.app.inject({ method: 'POST', url, payload: body, headers: FORM });
  /** A form body with repeated keys, as an HTML form or LWP encodes them. */
  const enc = (pairs: Array<[string, string | number]>) =>
    new URLSearchParams(pairs.map(([k, v]) => [k, String(v)])).toString();

  async function submit(pairs: Array<[string, string | number]>, url = '/open311/v2/requests.json') {
    const res = await post(url, enc(pairs));
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as Array<{ service_request_id: string }>)[0]!.service_request_id;
  }
  const base = (): Array<[string, string | number]> => [
    ['api_key', key],
    ['service_code', 'public-order'],
    ['lat', KARA_SUU_POINT.lat],
    ['long', KARA_SUU_POINT.lon],
  ];
  const reportByRef = (reference: string) =>
    t.app.ctx.db.read
      .selectFrom('report')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await createTestApp(dialect, { reportLimitPerHour: 100_000 });
    w = await reportWorld(t.app);
    key = (await issueKey(t.app, w.admin.auth, { services: ['public-order', 'road-safety'] })).key;
  });
  afterAll(async () => t.close());

  it('reads ignore unknown parameters (cache busters, other extensions)', async () => {
    for (const url of [
      '/open311/v2/requests.json?_=1733150000000',
      '/open311/v2/services.json?_=1&foo=bar',
      '/open311/v2/discovery.xml?anything=1',
      '/open311/v2/servicerequestupdates.json?_=1733150000000',
    ])
      expect((await get(url)).statusCode, url).toBe(200);
  });

  it('paging (page/page_size), radius search (lat/long/radius in metres), extensions=true, locale', async () => {
    const a = await submit(base().concat([['description', 'Fight by the market at night.']]));
    const b = await submit(base().concat([['description', 'Broken lights again near the school.']]));
    const far = await submit([
      ['api_key', key],
      ['service_code', 'public-order'],
      ['lat', UZGEN_POINT.lat],
      ['long', UZGEN_POINT.lon],
      ['description', 'Noise in Uzgen every night.'],
    ]);
    const ids = (res: { json(): unknown }) =>
      (res.json() as Array<{ service_request_id: string }>).map((r) => r.service_request_id);
    const p1 = await get('/open311/v2/requests.json?page_size=1&page=1');
    const p2 = await get('/open311/v2/requests.json?page_size=1&page=2');
    expect(ids(p1)).toEqual([far]);
    expect(ids(p2)).toEqual([b]);
    expectBad(await get('/open311/v2/requests.json?page=0'), /page/);
    expectBad(await get('/open311/v2/requests.json?page_size=ten'), /page_size/);

    const near = ids(
      await get(`/open311/v2/requests.json?lat=${KARA_SUU_POINT.lat}&long=${KARA_SUU_POINT.lon}&radius=5000`),
    );
    expect(near).toEqual(expect.arrayContaining([a, b]));
    expect(near).not.toContain(far);
    expectBad(await get(`/open311/v2/requests.json?lat=${KARA_SUU_POINT.lat}`), /long/);

    const plain = (await get(`/open311/v2/requests/${a}.json`)).json() as Array<Record<string, unknown>>;
    expect(plain[0]).not.toHaveProperty('extended_attributes');
    const ext = (
      await get(`/open311/v2/requests.json?extensions=true&service_request_id=${a}`)
    ).json() as Array<Record<string, unknown>>;
    expect(ext[0]!.extended_attributes).toEqual({ interface_used: 'open311', comment_count: 0 });
    assertOfficial('request', plain[0]);

    const ru = (await get(`/open311/v2/requests/${a}.json?locale=ru_RU`, { 'accept-language': 'en' })).json();
    const en = (await get(`/open311/v2/requests/${a}.json?locale=en`, { 'accept-language': 'ru' })).json();
    expect((ru as Array<{ address: string }>)[0]!.address).toMatch(/Кара-Суйский район/);
    expect((en as Array<{ address: string }>)[0]!.address).toMatch(/Kara-Suu District/);
  });

  function expectBad(res: { statusCode: number; body: string }, re: RegExp, status = 400) {
    expect(res.statusCode, res.body).toBe(status);
    const j = JSON.parse(res.body) as Array<{ code: number; description: string }>;
    expect(j[0]!.code).toBe(status);
    expect(j[0]!.description).toMatch(re);
  }

  it('api_key in the query string of a POST; description optional (staff see "no description given")', async () => {
    const pairs = base().filter(([k]) => k !== 'api_key');
    const ref = await submit(pairs, `/open311/v2/requests.json?api_key=${encodeURIComponent(key)}`);
    const r = await reportByRef(ref);
    expect(r.description).toBe(t.app.ctx.i18n.t(t.app.ctx.config.defaultLocale, 'open311.noDescription'));
    expectBad(await post('/open311/v2/requests.json?api_key=wrong', enc(pairs)), /api_key/, 403);
  });

  it('address_string alone is placed on a district or settlement by name, in any language; unknown → 400', async () => {
    const ru = await submit([
      ['api_key', key],
      ['service_code', 'public-order'],
      ['address_string', 'ул. Ленина 5, Узгенский район'],
      ['description', 'Drunk drivers every evening.'],
    ]);
    expect((await reportByRef(ru)).area_code).toBe(w.areas.uzgen.code);
    const en = await submit([
      ['api_key', key],
      ['service_code', 'public-order'],
      ['address_string', 'kara-suu district'],
      ['description', 'Drunk drivers every evening.'],
    ]);
    expect((await reportByRef(en)).area_code).toBe(w.areas.district.code);
    expectBad(
      await post(
        '/open311/v2/requests.json',
        enc([
          ['api_key', key],
          ['service_code', 'public-order'],
          ['address_string', '10 Downing Street, London'],
          ['description', 'x y z'],
        ]),
      ),
      /address_string/,
    );
  });

  it('one or several media_url on requests and updates (FixMyStreet repeats it per photo)', async () => {
    const one = await submit(
      base().concat([
        ['description', 'Photo of the broken bench.'],
        ['media_url', 'https://fms.example/p/1.jpeg'],
      ]),
    );
    const many = await submit(
      base().concat([
        ['description', 'Photos of the broken bench.'],
        ['media_url', 'https://fms.example/p/1.jpeg'],
        ['media_url', 'https://fms.example/p/2.jpeg'],
      ]),
    );
    expect(one).toBeTruthy();
    const u = await post(
      '/open311/v2/servicerequestupdates.json',
      enc([
        ['api_key', key],
        ['service_request_id', many],
        ['update_id', 'fms-media-1'],
        ['updated_datetime', '2026-11-28T10:00:00+06:00'],
        ['description', 'More photos.'],
        ['media_url', 'https://fms.example/c/1.jpeg'],
        ['media_url', 'https://fms.example/c/2.jpeg'],
      ]),
    );
    expect(u.statusCode, u.body).toBe(201);
    const id = (u.json() as Array<{ update_id: string }>)[0]!.update_id;
    const e = await t.app.ctx.db.read
      .selectFrom('report_event')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(e.body).toBe('More photos.\nhttps://fms.example/c/1.jpeg\nhttps://fms.example/c/2.jpeg');
    const audit = await t.app.ctx.db.read
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'open311.request.create')
      .where('subject_id', '=', (await reportByRef(many)).id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit)).toContain('https://fms.example/p/2.jpeg');
    // Status filter is case-insensitive (clients send OPEN).
    expect((await get('/open311/v2/requests.json?status=OPEN')).statusCode).toBe(200);
  });

  it('servicerequestupdates: JSON is a bare array (mySociety) for GET and POST, XML unchanged', async () => {
    const ref = await submit(base().concat([['description', 'Speeding cars near the school.']]));
    const res = await post(
      '/open311/v2/servicerequestupdates.json',
      enc([
        ['api_key', key],
        ['service_request_id', ref],
        ['update_id', 'fms-1'],
        ['status', 'OPEN'],
        ['updated_datetime', '2026-11-28T10:00:00Z'],
        ['description', 'Still happening.'],
        ['email', 'someone@example.org'],
        ['first_name', 'A'],
        ['last_name', 'B'],
      ]),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual([{ update_id: expect.any(String) }]);
    const list = await get('/open311/v2/servicerequestupdates.json');
    expect(Array.isArray(list.json())).toBe(true);
    const xml = await get('/open311/v2/servicerequestupdates.xml');
    expect(Object.keys(parseXml(xml.body))).toEqual(['service_request_updates']);
  });

  it('updates to a closed request are taken as information plus a reopen request, with email_alerts_requested and attribute[…]', async () => {
    const ref = await submit(base().concat([['description', 'Street lights out on the main road.']]));
    const r = await reportByRef(ref);
    const closed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${r.id}/status`,
      headers: w.officer.auth,
      payload: { status: 'resolved', reason: 'fixed', public_note: 'Repaired.' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const res = await post(
      '/open311/v2/servicerequestupdates.json',
      enc([
        ['api_key', key],
        ['service_request_id', ref],
        ['update_id', 'fms-closed-1'],
        ['status', 'OPEN'],
        ['updated_datetime', '2026-11-29T08:00:00Z'],
        ['description', 'Still broken, the lights are out again.'],
        ['email_alerts_requested', 'TRUE'],
        ['attribute[customer_reference]', 'CR-12'],
        ['first_name', 'A'],
        ['last_name', 'B'],
      ]),
    );
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as Array<{ update_id: string }>)[0]!.update_id;
    const e = await t.app.ctx.db.read
      .selectFrom('report_event')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(e).toMatchObject({
      kind: 'info',
      visibility: 'internal',
      body: 'Still broken, the lights are out again.',
    });
    expect(e.reason).toBe(t.app.ctx.i18n.t(t.app.ctx.config.defaultLocale, 'open311.reopenRequested'));
    expect(JSON.parse(e.details!)).toMatchObject({ reopen_requested: true });
    expect((await reportByRef(ref)).status).toBe('resolved');
  });

  it('dates must be W3C date-times (400 naming the field); unknown jurisdiction_id → 404; bare host accepted', async () => {
    const ref = await submit(base().concat([['description', 'Fight outside the café.']]));
    expectBad(
      await post(
        '/open311/v2/servicerequestupdates.json',
        enc([
          ['api_key', key],
          ['service_request_id', ref],
          ['updated_datetime', 'yesterday'],
          ['description', 'x'],
        ]),
      ),
      /updated_datetime/,
    );
    expectBad(await get('/open311/v2/servicerequestupdates.json?end_date=yesterday'), /end_date/);
    expectBad(
      await get('/open311/v2/services.json?jurisdiction_id=elsewhere.example'),
      /jurisdiction_id/,
      404,
    );
    const host = new URL(t.app.ctx.config.publicUrl);
    expect((await get(`/open311/v2/services.json?jurisdiction_id=${host.hostname}`)).statusCode).toBe(200);
    expect((await get(`/open311/v2/services.json?jurisdiction_id=${host.host}`)).statusCode).toBe(200);
  });

  it('CORS on reads: any origin, never credentials, cross-origin resource policy', async () => {
    const res = await get('/open311/v2/requests.json', { origin: 'https://other.example' });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const err = await get('/open311/v2/requests.json?start_date=nope');
    expect(err.headers['access-control-allow-origin']).toBe('*');
    const write = await post('/open311/v2/requests.json', enc(base()));
    expect(write.headers['access-control-allow-origin']).toBeUndefined();
  });
});
