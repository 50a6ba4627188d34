/**
 * Open311 GeoReport v2 through the real app on SQLite and PostgreSQL: every resource in JSON and XML,
 * validated against the official Open311 JSON Schemas (XML compared to the same shape), submissions
 * through the report intake with an api_key, keys limited to services and a rate, the spec's errors,
 * public data only (coarse points, no sensitive services), updates, tokens, and CSRF left intact.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { createSession, csrfPair, sessionCookies } from '../../../test/factories.ts';
import { reportWorld, KARA_SUU_POINT, type ReportWorld } from '../reports/reports.fixtures.ts';
import {
  FORM,
  adminActor,
  assertOfficial,
  form,
  issueKey,
  officialRejects,
  parseXml,
  xmlShapeOf,
} from './open311.test-helpers.ts';

const CUSTOM = 'night-market';

describeDialects('Open311 GeoReport v2', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  let key: string;
  let keyId: string;
  let narrowKey: string;

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });
  const post = (url: string, body: string, headers: Record<string, string> = FORM) =>
    t.app.inject({ method: 'POST', url, payload: body, headers });
  const count = async (table: 'report' | 'open311_request' | 'open311_update' | 'report_event') =>
    Number(
      (
        await t.app.ctx.db.read
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const auditCount = async (action: string, subjectId?: string) => {
    let q = t.app.ctx.db.read
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', action);
    if (subjectId) q = q.where('subject_id', '=', subjectId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  const reportByRef = (reference: string) =>
    t.app.ctx.db.read
      .selectFrom('report')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();

  /** Submits a valid request; returns the parsed JSON answer. */
  async function submit(over: Record<string, string | number> = {}) {
    const res = await post(
      '/open311/v2/requests.json',
      form({
        api_key: key,
        service_code: 'public-order',
        lat: KARA_SUU_POINT.lat,
        long: KARA_SUU_POINT.lon,
        description: 'Broken street lights by the bus stop; people are afraid to walk there at night.',
        ...over,
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as Array<{ service_request_id: string; token: string }>)[0]!;
  }

  function expectError(
    res: { statusCode: number; body: string; headers: Record<string, unknown> },
    status: number,
    re?: RegExp,
  ) {
    expect(res.statusCode, res.body).toBe(status);
    if (String(res.headers['content-type']).includes('xml')) {
      const x = parseXml(res.body) as { errors: { error: Array<{ code: string; description: string }> } };
      expect(x.errors.error).toHaveLength(1);
      expect(x.errors.error[0]!.code).toBe(String(status));
      if (re) expect(x.errors.error[0]!.description).toMatch(re);
    } else {
      const j = JSON.parse(res.body) as Array<{ code: number; description: string }>;
      expect(j).toEqual([{ code: status, description: expect.any(String) }]);
      if (re) expect(j[0]!.description).toMatch(re);
    }
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { reportLimitPerHour: 100_000 });
    w = await reportWorld(t.app);
    // A category with one question of every kind, to map to service-definition attributes.
    const L = (s: string) =>
      Object.fromEntries(['ky', 'ru', 'en', 'uz', 'uz-Latn', 'kk', 'tg'].map((l) => [l, `${s} (${l})`]));
    await t.app.ctx.services.reportCategories.create(adminActor(w.admin.id), {
      code: CUSTOM,
      group: 'safety',
      names: L('Night market'),
      desk: 'triage',
      questions: [
        { key: 'stalls', type: 'number', required: true, labels: L('How many stalls') },
        {
          key: 'lighting',
          type: 'choice',
          required: false,
          labels: L('Lighting'),
          options: [
            { value: 'none', labels: L('None') },
            { value: 'some', labels: L('Some') },
          ],
        },
        { key: 'since', type: 'date', required: false, labels: L('Since when') },
        { key: 'details', type: 'text', required: false, labels: L('Details') },
      ],
    });
    ({ key, id: keyId } = await issueKey(t.app, w.admin.auth, {
      services: ['public-order', 'road-safety', CUSTOM],
    }));
    ({ key: narrowKey } = await issueKey(t.app, w.admin.auth, { name: 'Narrow', services: ['road-safety'] }));
  });
  afterAll(async () => t?.close());

  it('the official schemas are strict enough to fail (the validator is real)', () => {
    expect(
      officialRejects('request', {
        service_request_id: 'x',
        status: 'pending',
        service_code: 'a',
        requested_datetime: 'now',
      }),
    ).toBe(true);
    expect(officialRejects('service', { service_code: 'a' })).toBe(true);
  });

  it('is documented in OpenAPI under the open311 tag', async () => {
    const doc = (await get('/api/openapi.json')).json() as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    for (const [p, m] of [
      ['/open311/v2/requests.{format}', 'get'],
      ['/open311/v2/requests.{format}', 'post'],
      ['/open311/v2/services/{service_code}.{format}', 'get'],
      ['/open311/v2/servicerequestupdates.{format}', 'post'],
      ['/api/v1/open311/keys', 'post'],
    ] as const)
      expect(doc.paths[p]?.[m]?.tags, `${m} ${p}`).toEqual(['open311']);
  });

  it('discovery names this endpoint and both formats', async () => {
    const res = await get('/open311/v2/discovery.json');
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: 'http://localhost/open311/v2',
      formats: ['text/xml', 'application/json'],
    });
    const x = await get('/open311/v2/discovery.xml');
    expect(x.headers['content-type']).toMatch(/^text\/xml; charset=utf-8/);
    expect(x.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(parseXml(x.body)).toEqual({ discovery: xmlShapeOf(d, 'discovery') });
  });

  it('services: non-sensitive active categories with group and keywords, valid in JSON and XML', async () => {
    const res = await get('/open311/v2/services.json', { 'accept-language': 'ru' });
    expect(res.statusCode).toBe(200);
    const list = res.json() as Array<Record<string, unknown>>;
    assertOfficial('services', list);
    const codes = list.map((s) => s.service_code);
    expect(codes).toContain('public-order');
    expect(codes).toContain(CUSTOM);
    for (const sensitive of ['radicalization-concern', 'hate-threats', 'police-conduct', 'domestic-violence'])
      expect(codes).not.toContain(sensitive);
    const po = list.find((s) => s.service_code === 'public-order')!;
    expect(po).toMatchObject({
      service_name: 'Общественный порядок и безопасность',
      metadata: false,
      type: 'realtime',
      group: expect.any(String),
    });
    expect(String(po.keywords)).toContain('Public order and safety');
    expect(String(po.keywords)).toContain('Коомдук тартип жана коопсуздук');
    expect(list.find((s) => s.service_code === CUSTOM)!.metadata).toBe(true);
    const x = await get('/open311/v2/services.xml', { 'accept-language': 'ru' });
    expect(parseXml(x.body)).toEqual({ services: xmlShapeOf(list, 'services') });
  });

  it("service definition: the category's questions as attributes of every datatype", async () => {
    const res = await get(`/open311/v2/services/${CUSTOM}.json`, { 'accept-language': 'en' });
    expect(res.statusCode, res.body).toBe(200);
    const def = res.json();
    assertOfficial('service-definition', def);
    expect(def.service_code).toBe(CUSTOM);
    expect(def.attributes.map((a: { code: string; datatype: string }) => [a.code, a.datatype])).toEqual([
      ['stalls', 'number'],
      ['lighting', 'singlevaluelist'],
      ['since', 'datetime'],
      ['details', 'text'],
    ]);
    expect(def.attributes[0]).toMatchObject({
      variable: true,
      required: true,
      order: 1,
      description: 'How many stalls (en)',
    });
    expect(def.attributes[1].values).toEqual([
      { key: 'none', name: 'None (en)' },
      { key: 'some', name: 'Some (en)' },
    ]);
    const x = await get(`/open311/v2/services/${CUSTOM}.xml`, { 'accept-language': 'en' });
    expect(parseXml(x.body)).toEqual({ service_definition: xmlShapeOf(def, 'service_definition') });
    // A sensitive category is not a service, exactly like one that does not exist.
    expectError(await get('/open311/v2/services/radicalization-concern.json'), 404);
    expectError(await get('/open311/v2/services/no-such-thing.xml'), 404);
  });

  it('POST requests: form-encoded with api_key → the intake; token, audit and sealed contact', async () => {
    const before = await auditCount('open311.request.create');
    const created = await submit({
      email: 'aigul@example.org',
      first_name: 'Aigul',
      last_name: 'Toktosunova',
      phone: '+996 555 123 456',
      device_id: 'device-fingerprint-xyz',
      address_string: 'Lenin street 12',
    });
    expect(created.service_request_id).toMatch(/^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const r = await reportByRef(created.service_request_id);
    expect(r).toMatchObject({
      channel: 'open311',
      privacy: 'public',
      category_code: 'public-order',
      area_code: 'KG-O.kara-suu',
    });
    expect(r.contact).not.toBeNull();
    expect(JSON.stringify(r)).not.toContain('Aigul');
    expect(JSON.stringify(r)).not.toContain('device-fingerprint');
    expect(r.reporter_person_id).toBeNull();
    expect(await auditCount('open311.request.create', r.id)).toBe(1);
    expect(await auditCount('open311.request.create')).toBe(before + 1);
    expect(await auditCount('report.create', r.id)).toBe(1);
    // The token leads to the request, in both formats.
    const tok = await get(`/open311/v2/tokens/${created.token}.json`);
    expect(tok.json()).toEqual([{ service_request_id: created.service_request_id, token: created.token }]);
    const tokx = await get(`/open311/v2/tokens/${created.token}.xml`);
    expect(parseXml(tokx.body)).toEqual({ service_requests: xmlShapeOf(tok.json(), 'service_requests') });
    expectError(await get('/open311/v2/tokens/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.json'), 404);
    // XML answer to a POST.
    const x = await post(
      '/open311/v2/requests.xml',
      form({
        api_key: key,
        service_code: 'road-safety',
        address_id: 'KG-O.kara-suu',
        description: 'Cars race on the school road.',
      }),
    );
    expect(x.statusCode, x.body).toBe(201);
    const parsed = parseXml(x.body) as {
      service_requests: { request: Array<{ service_request_id: string; token: string }> };
    };
    expect(parsed.service_requests.request[0]!.service_request_id).toMatch(/^R-/);
  });

  it('attributes become the answers; their errors name attribute[code]', async () => {
    const bad = await post(
      '/open311/v2/requests.json',
      form({
        api_key: key,
        service_code: CUSTOM,
        lat: KARA_SUU_POINT.lat,
        long: KARA_SUU_POINT.lon,
        description: 'Stalls block the road.',
      }),
    );
    expectError(bad, 400, /attribute\[stalls\] is required/);
    const wrong = await post(
      '/open311/v2/requests.json',
      form({
        api_key: key,
        service_code: CUSTOM,
        lat: KARA_SUU_POINT.lat,
        long: KARA_SUU_POINT.lon,
        description: 'Stalls block the road.',
        'attribute[stalls]': 12,
        'attribute[lighting]': 'neon',
      }),
    );
    expectError(wrong, 400, /attribute\[lighting\]/);
    const ok = await submit({
      service_code: CUSTOM,
      'attribute[stalls]': 12,
      'attribute[lighting]': 'none',
      'attribute[since]': '2026-11-01T18:00:00+06:00',
      'attribute[details]': 'They stay until midnight.',
    });
    const r = await reportByRef(ok.service_request_id);
    expect(JSON.parse(r.answers)).toEqual({
      stalls: 12,
      lighting: 'none',
      since: '2026-11-01',
      details: 'They stay until midnight.',
    });
  });

  it("GET requests: public reports only, with the public map's coarse point, valid in JSON and XML", async () => {
    const pub = await submit();
    const hidden = await submit({ public_anonymity_required: 'TRUE' });
    expect((await reportByRef(hidden.service_request_id)).privacy).toBe('name_hidden');
    // A sensitive report made on the web never shows here.
    const web = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: {
        description: 'Shouting and blows next door every night.',
        category: 'domestic-violence',
        privacy: 'public',
        location: KARA_SUU_POINT,
      },
    });
    expect(web.statusCode, web.body).toBe(201);
    const res = await get('/open311/v2/requests.json');
    expect(res.statusCode).toBe(200);
    const list = res.json() as Array<Record<string, unknown>>;
    assertOfficial('requests', list);
    const ids = list.map((r) => r.service_request_id);
    expect(ids).toContain(pub.service_request_id);
    expect(ids).not.toContain(hidden.service_request_id);
    expect(ids).not.toContain(web.json().reference);
    const row = await reportByRef(pub.service_request_id);
    const item = list.find((r) => r.service_request_id === pub.service_request_id)!;
    expect(item).toMatchObject({
      status: 'open',
      service_code: 'public-order',
      lat: row.public_lat,
      long: row.public_lon,
      address_id: 'KG-O.kara-suu',
      address: 'Kara-Suu District, Osh Region, Kyrgyzstan',
      requested_datetime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    });
    expect(item.lat).not.toBe(KARA_SUU_POINT.lat);
    // Nothing about the reporter, the exact point or the typed address.
    const text = JSON.stringify(list);
    for (const secret of ['Aigul', 'Lenin street', '555', String(KARA_SUU_POINT.lat)])
      expect(text).not.toContain(secret);
    const x = await get('/open311/v2/requests.xml');
    expect(parseXml(x.body)).toEqual({ service_requests: xmlShapeOf(list, 'service_requests') });
    // One request by id, and the spec's 404 for one that is not public or does not exist.
    const one = await get(`/open311/v2/requests/${pub.service_request_id}.json`);
    assertOfficial('requests', one.json());
    expect(one.json()).toEqual([item]);
    const onex = await get(`/open311/v2/requests/${pub.service_request_id}.xml`);
    expect(parseXml(onex.body)).toEqual({ service_requests: xmlShapeOf([item], 'service_requests') });
    expectError(await get(`/open311/v2/requests/${hidden.service_request_id}.json`), 404);
    expectError(await get(`/open311/v2/requests/${web.json().reference}.xml`), 404);
    expectError(await get('/open311/v2/requests/R-0000-0000.json'), 404);
  });

  it('GET requests filters: service_request_id list, service_code, status, dates; bad values → 400', async () => {
    const a = await submit({ service_code: 'road-safety' });
    const b = await submit();
    const both = (
      await get(
        `/open311/v2/requests.json?service_request_id=${a.service_request_id},${b.service_request_id}`,
      )
    ).json();
    expect(both.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual(
      [a.service_request_id, b.service_request_id].sort(),
    );
    const road = (await get('/open311/v2/requests.json?service_code=road-safety')).json() as Array<{
      service_code: string;
    }>;
    expect(road.length).toBeGreaterThan(0);
    expect(road.every((r) => r.service_code === 'road-safety')).toBe(true);
    expect((await get('/open311/v2/requests.json?status=closed')).json()).toEqual([]);
    const future = (await get('/open311/v2/requests.json?start_date=2099-01-01T00:00:00Z')).json();
    expect(future).toEqual([]);
    const window = (
      await get(
        `/open311/v2/requests.json?start_date=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&end_date=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString().replace('Z', '+00:00'))}`,
      )
    ).json();
    expect(window.length).toBeGreaterThan(1);
    expectError(await get('/open311/v2/requests.json?status=pending'), 400, /status/);
    expectError(await get('/open311/v2/requests.xml?start_date=yesterday'), 400, /start_date/);
    expectError(await get('/open311/v2/requests.json?start_date=2026-02-30T00:00:00Z'), 400, /start_date/);
    expectError(
      await get('/open311/v2/requests.json?start_date=2026-05-01T00:00:00Z&end_date=2026-04-01T00:00:00Z'),
      400,
      /after/,
    );
    expectError(
      await get('/open311/v2/requests.json?jurisdiction_id=elsewhere.example'),
      404,
      /jurisdiction_id/,
    );
    expect((await get('/open311/v2/requests.json?jurisdiction_id=localhost')).statusCode).toBe(200);
    // Unknown parameters are ignored on reads (issue 14).
    expect((await get('/open311/v2/requests.json?colour=blue')).statusCode).toBe(200);
    expectError(await get('/open311/v2/requests.html'), 404);
    expectError(await get('/open311/v2/nothing.json'), 404);
  });

  it('statuses map to open/closed with status_notes, and updates list them (mySociety)', async () => {
    const created = await submit();
    const r = await reportByRef(created.service_request_id);
    const since = new Date(Date.now() - 1000).toISOString();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${r.id}/status`,
      headers: w.officer.auth,
      payload: {
        status: 'resolved',
        reason: 'lights repaired',
        public_note: 'The lights were repaired on Monday.',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const one = (
      await get(`/open311/v2/requests/${created.service_request_id}.json`, { 'accept-language': 'en' })
    ).json()[0];
    assertOfficial('request', one);
    expect(one.status).toBe('closed');
    expect(one.status_notes).toMatch(/The lights were repaired on Monday\./);
    expect(one.updated_datetime >= one.requested_datetime).toBe(true);
    const u = await get(`/open311/v2/servicerequestupdates.json?start_date=${encodeURIComponent(since)}`);
    expect(u.statusCode, u.body).toBe(200);
    const updates = u.json() as Array<Record<string, string>>;
    const mine = updates.filter((x) => x.service_request_id === created.service_request_id);
    expect(mine).toEqual([
      {
        update_id: expect.any(String),
        service_request_id: created.service_request_id,
        status: 'closed',
        updated_datetime: expect.stringMatching(/Z$/),
        description: 'The lights were repaired on Monday.',
        media_url: '',
      },
    ]);
    // A status change on a request that is not public (name hidden) is not an update anyone sees.
    const hidden = await submit({ public_anonymity_required: 'true' });
    const h = await reportByRef(hidden.service_request_id);
    const hs = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${h.id}/status`,
      headers: w.officer.auth,
      payload: { status: 'in_progress', reason: 'visit', public_note: 'We will visit on Friday.' },
    });
    expect(hs.statusCode, hs.body).toBe(200);
    const after = await get(`/open311/v2/servicerequestupdates.json?start_date=${encodeURIComponent(since)}`);
    expect(after.body).not.toContain(hidden.service_request_id);
    expect(after.body).not.toContain('We will visit on Friday.');
    const ux = await get(`/open311/v2/servicerequestupdates.xml?start_date=${encodeURIComponent(since)}`);
    expect(parseXml(ux.body)).toEqual({
      service_request_updates: xmlShapeOf(updates, 'service_request_updates'),
    });
    expect(
      (await get('/open311/v2/requests.json?status=closed'))
        .json()
        .map((x: { service_request_id: string }) => x.service_request_id),
    ).toContain(created.service_request_id);
  });

  it('POST servicerequestupdates: reaches the team as internal info, linked to nobody; a replayed update_id stores nothing', async () => {
    const created = await submit();
    const r = await reportByRef(created.service_request_id);
    const body = form({
      api_key: key,
      service_request_id: created.service_request_id,
      update_id: 'fms-77',
      status: 'CLOSED',
      updated_datetime: '2026-11-28T10:00:00Z',
      description: 'It happened again last night.',
      email: 'someone@example.org',
    });
    const res = await post('/open311/v2/servicerequestupdates.json', body);
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as Array<{ update_id: string }>)[0]!.update_id;
    const events = await t.app.ctx.db.read
      .selectFrom('report_event')
      .selectAll()
      .where('report_id', '=', r.id)
      .execute();
    const info = events.find((e) => e.id === id)!;
    expect(info).toMatchObject({
      kind: 'info',
      visibility: 'internal',
      body: 'It happened again last night.',
      actor_person_id: null,
    });
    expect(JSON.stringify(events)).not.toContain('someone@example.org');
    expect((await reportByRef(created.service_request_id)).status).toBe('new');
    expect(await auditCount('open311.update.create', r.id)).toBe(1);
    const before = { updates: await count('open311_update'), events: await count('report_event') };
    const again = await post('/open311/v2/servicerequestupdates.xml', body);
    expect(again.statusCode).toBe(201);
    expect(parseXml(again.body)).toEqual({
      service_request_updates: { request_update: [{ update_id: id }] },
    });
    expect({ updates: await count('open311_update'), events: await count('report_event') }).toEqual(before);
    expectError(
      await post(
        '/open311/v2/servicerequestupdates.json',
        form({ api_key: key, service_request_id: 'R-0000-0000', description: 'x' }),
      ),
      404,
    );
    expectError(
      await post(
        '/open311/v2/servicerequestupdates.json',
        form({ api_key: narrowKey, service_request_id: created.service_request_id, description: 'x' }),
      ),
      403,
    );
  });

  it('api_key: missing, wrong, revoked, not allowed for the service → 403; sensitive or unknown service → 400', async () => {
    const base = {
      service_code: 'public-order',
      lat: KARA_SUU_POINT.lat,
      long: KARA_SUU_POINT.lon,
      description: 'Fight outside the café.',
    };
    const before = await count('report');
    expectError(await post('/open311/v2/requests.json', form(base)), 403, /api_key is required/);
    expectError(
      await post('/open311/v2/requests.xml', form({ ...base, api_key: 'o311_' + 'x'.repeat(32) })),
      403,
      /not valid/,
    );
    expectError(
      await post('/open311/v2/requests.json', form({ ...base, api_key: narrowKey })),
      403,
      /public-order/,
    );
    expectError(
      await post(
        '/open311/v2/requests.json',
        form({ ...base, api_key: key, service_code: 'radicalization-concern' }),
      ),
      400,
      /service_code/,
    );
    expectError(
      await post('/open311/v2/requests.json', form({ ...base, api_key: key, service_code: 'nope' })),
      400,
      /service_code/,
    );
    expectError(
      await post(
        '/open311/v2/requests.json',
        form({ ...base, api_key: key, jurisdiction_id: 'other.example' }),
      ),
      404,
      /jurisdiction_id/,
    );
    expectError(
      await post('/open311/v2/requests.json', form({ ...base, api_key: key, description: 'x'.repeat(4001) })),
      400,
      /description/,
    );
    expectError(
      await post('/open311/v2/requests.json', form({ ...base, api_key: key, lat: '', long: '' })),
      400,
      /lat/,
    );
    expectError(
      await post('/open311/v2/requests.json', form({ ...base, api_key: key, lat: 'north' })),
      400,
      /lat/,
    );
    expectError(
      await post('/open311/v2/requests.json', form({ ...base, api_key: key, lat: 10, long: 10 })),
      400,
      /lat\/long/,
    );
    expectError(
      await post(
        '/open311/v2/requests.json',
        form({ ...base, api_key: key, address_id: 'ZZ', lat: '', long: '' }),
      ),
      400,
      /address_id/,
    );
    expectError(
      await post('/open311/v2/requests.json', form({ ...base, api_key: key, email: 'not-an-address' })),
      400,
      /email/,
    );
    expectError(
      await post('/open311/v2/requests.json', form({ ...base, api_key: key, favourite: 'x' })),
      400,
      /favourite/,
    );
    // Revoked keys stop at once.
    const { key: temp, id } = await issueKey(t.app, w.admin.auth, {
      name: 'Temp',
      services: ['public-order'],
    });
    const revoke = await t.app.inject({
      method: 'POST',
      url: `/api/v1/open311/keys/${id}/revoke`,
      headers: w.admin.auth,
    });
    expect(revoke.statusCode, revoke.body).toBe(200);
    expect(revoke.json().revoked_at).toEqual(expect.any(String));
    expectError(await post('/open311/v2/requests.json', form({ ...base, api_key: temp })), 403);
    expect(await count('report')).toBe(before);
  });

  it('each key has its hourly rate (counted in the database): 429 with the spec error and Retry-After', async () => {
    const { key: slow } = await issueKey(t.app, w.admin.auth, {
      name: 'Slow',
      services: ['public-order'],
      rate_per_hour: 2,
    });
    const body = form({
      api_key: slow,
      service_code: 'public-order',
      address_id: 'KG-O.kara-suu',
      description: 'Loud fights every night.',
    });
    expect((await post('/open311/v2/requests.json', body)).statusCode).toBe(201);
    expect((await post('/open311/v2/requests.json', body)).statusCode).toBe(201);
    const third = await post('/open311/v2/requests.json', body);
    expectError(third, 429, /2 requests/);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    // Another key is not affected.
    expect(
      (
        await post(
          '/open311/v2/requests.json',
          form({ ...Object.fromEntries(new URLSearchParams(body)), api_key: key }),
        )
      ).statusCode,
    ).toBe(201);
  });

  it('JSON bodies and multipart media are accepted too; photos go through the intake re-encoding', async () => {
    const json = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/json' },
      payload: {
        api_key: key,
        service_code: 'public-order',
        lat: KARA_SUU_POINT.lat,
        long: KARA_SUU_POINT.lon,
        description: 'JSON client.',
      },
    });
    expect(json.statusCode, json.body).toBe(201);
    const sharp = (await import('sharp')).default;
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();
    const boundary = '----o311';
    const parts = [
      ...Object.entries({
        api_key: key,
        service_code: 'public-order',
        address_id: 'KG-O.kara-suu',
        description: 'With a photo.',
      }).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
    ];
    const payload = Buffer.concat([
      Buffer.from(parts.join('')),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      jpeg,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = await reportByRef(res.json()[0].service_request_id);
    const photos = await t.app.ctx.db.read
      .selectFrom('report_photo')
      .selectAll()
      .where('report_id', '=', r.id)
      .execute();
    expect(photos).toHaveLength(1);
  });

  it('CSRF: Open311 posts need the api_key, ignore cookies and sessions; app forms keep their protection', async () => {
    const sid = await createSession(t.app, w.admin.id);
    const cookies = sessionCookies(sid);
    const crossSite = { ...FORM, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    // A signed-in admin's browser tricked into posting: no key, no report.
    const before = await count('report');
    const forged = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: crossSite,
      cookies,
      payload: form({ service_code: 'public-order', address_id: 'KG-O.kara-suu', description: 'Forged.' }),
    });
    expectError(forged, 403, /api_key/);
    expect(await count('report')).toBe(before);
    // With a key the report is the client's, never the session's person.
    const ok = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: crossSite,
      cookies,
      payload: form({
        api_key: key,
        service_code: 'public-order',
        address_id: 'KG-O.kara-suu',
        description: 'From a partner app.',
      }),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const r = await reportByRef(ok.json()[0].service_request_id);
    expect(r.reporter_person_id).toBeNull();
    expect(r.entered_by_person_id).toBeNull();
    // The admin page's form still needs its CSRF token and refuses cross-site posts.
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/admin/open311/keys',
      headers: FORM,
      cookies,
      payload: form({ name: 'Sneaky', rate_per_hour: 10, services: 'public-order' }),
    });
    expect(noToken.statusCode).toBe(403);
    const cross = await t.app.inject({
      method: 'POST',
      url: '/admin/open311/keys',
      headers: crossSite,
      cookies,
      payload: form({ name: 'Sneaky', rate_per_hour: 10, services: 'public-order' }),
    });
    expect(cross.statusCode).toBe(403);
    const keys = await t.app.ctx.db.read.selectFrom('open311_api_key').select('name').execute();
    expect(keys.map((k) => k.name)).not.toContain('Sneaky');
  });

  it('keys: admins only; stored as a keyed hash; shown once on the page (POST → 303 → GET)', async () => {
    for (const who of [w.officer, w.supervisor, w.analyst, w.oversight]) {
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/v1/open311/keys', headers: who.auth })).statusCode,
      ).toBe(404);
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/open311/keys',
            headers: who.auth,
            payload: { name: 'x', services: ['public-order'], rate_per_hour: 5 },
          })
        ).statusCode,
      ).toBe(404);
    }
    expect((await get('/api/v1/open311/keys')).statusCode).toBe(401);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/open311/keys', headers: w.admin.auth });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as Array<Record<string, unknown>>;
    expect(items.find((k) => k.id === keyId)).toMatchObject({
      name: 'City app',
      hint: key.slice(0, 9),
      rate_per_hour: 1000,
    });
    expect(list.body).not.toContain(key);
    const rows = await t.app.ctx.db.read.selectFrom('open311_api_key').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(await auditCount('open311.key.create', keyId)).toBe(1);
    // Sensitive categories cannot be granted to a key.
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/open311/keys',
      headers: w.admin.auth,
      payload: { name: 'Bad', services: ['police-conduct'], rate_per_hour: 5 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('services');

    // The HTML page, as a signed-in admin.
    const sid = await createSession(t.app, w.admin.id);
    const { cookies, token } = csrfPair(t.app);
    const allCookies = { ...cookies, ...sessionCookies(sid) };
    const page = await t.app.inject({
      method: 'GET',
      url: '/admin/open311',
      cookies: allCookies,
      headers: { 'accept-language': 'ru' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ключи API Open311');
    expect(page.body).toContain('City app');
    const invalid = await t.app.inject({
      method: 'POST',
      url: '/admin/open311/keys',
      cookies: allCookies,
      headers: { ...FORM, 'x-csrf-token': token, 'accept-language': 'en' },
      payload: form({ name: 'Bus app', rate_per_hour: 'lots', services: 'public-order' }),
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('Give a whole number of requests per hour');
    const created = await t.app.inject({
      method: 'POST',
      url: '/admin/open311/keys',
      cookies: allCookies,
      headers: { ...FORM, 'x-csrf-token': token },
      payload: 'name=Bus+app&rate_per_hour=50&services=public-order&services=road-safety',
    });
    expect(created.statusCode, created.body).toBe(303);
    expect(created.headers.location).toBe('/admin/open311');
    const once = created.cookies.find((c) => c.name === 'once')!;
    const shown = await t.app.inject({
      method: 'GET',
      url: '/admin/open311',
      cookies: { ...allCookies, once: once.value },
    });
    const m = /o311_[A-Za-z0-9_-]{32}/.exec(shown.body);
    expect(m).not.toBeNull();
    const again = await t.app.inject({ method: 'GET', url: '/admin/open311', cookies: allCookies });
    expect(again.body).not.toContain(m![0]);
    // The key works, for its own services only.
    const use = await post(
      '/open311/v2/requests.json',
      form({
        api_key: m![0],
        service_code: 'road-safety',
        address_id: 'KG-O.kara-suu',
        description: 'Speeding.',
      }),
    );
    expect(use.statusCode, use.body).toBe(201);
    // Revoking from the page.
    const busId = (
      await t.app.ctx.db.read
        .selectFrom('open311_api_key')
        .select('id')
        .where('name', '=', 'Bus app')
        .executeTakeFirstOrThrow()
    ).id;
    const rev = await t.app.inject({
      method: 'POST',
      url: `/admin/open311/keys/${busId}/revoke`,
      cookies: allCookies,
      headers: { ...FORM, 'x-csrf-token': token },
      payload: '',
    });
    expect(rev.statusCode).toBe(303);
    expectError(
      await post(
        '/open311/v2/requests.json',
        form({
          api_key: m![0],
          service_code: 'road-safety',
          address_id: 'KG-O.kara-suu',
          description: 'Speeding.',
        }),
      ),
      403,
    );
    expect(await auditCount('open311.key.revoke', busId)).toBe(1);
  });
});
