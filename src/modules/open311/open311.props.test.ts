/**
 * Properties of the Open311 adapter: its parsers (W3C date-times, the XML writer) and its public
 * endpoints under junk query strings, junk POST bodies and bad api_keys — always a 4xx in the spec's
 * error format (never a 5xx), and nothing stored unless a request was really accepted.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { reportWorld, KARA_SUU_POINT, type ReportWorld } from '../reports/reports.fixtures.ts';
import { XML_INVALID, parseW3c, toXml, w3c } from './open311.format.ts';
import { FORM, form, issueKey, parseXml } from './open311.test-helpers.ts';

describe('Open311 parsers', () => {
  it('w3c → parseW3c gives back the same instant (to the second), with any zone offset', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1990-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }).filter((m) => m % 15 === 0),
        (d, offsetMin) => {
          const utc = w3c(d.toISOString());
          expect(parseW3c(utc)).toBe(new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString());
          // The same instant written in another zone.
          const local = new Date(Date.parse(utc) + offsetMin * 60_000).toISOString().slice(0, 19);
          const sign = offsetMin < 0 ? '-' : '+';
          const abs = Math.abs(offsetMin);
          const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(parseW3c(`${local}${zone}`)).toBe(parseW3c(utc));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('parseW3c never throws; it answers null or an ISO instant', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc.constantFrom(
            '2026-02-29T00:00:00Z',
            '2026-13-01T00:00Z',
            '2026-01-01T24:00:00Z',
            '2026-01-01T00:00:00+15:00',
            '2026-01-01',
          ),
        ),
        (s) => {
          const out = parseW3c(s);
          expect(out === null || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(out)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
    expect(parseW3c('2026-02-29T00:00:00Z')).toBeNull();
    expect(parseW3c('2028-02-29T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('toXml writes well-formed XML that reads back as the text (minus what XML cannot carry)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constant('<a>&"\'')), {
          maxLength: 4,
        }),
        (texts) => {
          const xml = toXml(
            'errors',
            texts.map((description, i) => ({ code: 400 + i, description })),
          );
          const parsed = parseXml(xml) as {
            errors: '' | { error: Array<{ code: string; description: string }> };
          };
          const back = parsed.errors === '' ? [] : parsed.errors.error.map((e) => e.description);
          const clean = (s: string) => s.replace(XML_INVALID, '');
          // The parser trims surrounding whitespace and normalises line ends, as XML readers do.
          expect(back.map((s) => s.trim())).toEqual(
            texts.map((s) => clean(s).replace(/\r\n?/g, '\n').trim()),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

const NUM_RUNS = 30;

describeDialects('Open311 endpoints under junk', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { reportLimitPerHour: 1_000_000 });
    w = await reportWorld(t.app);
    ({ key } = await issueKey(t.app, w.admin.auth, { services: ['public-order'], rate_per_hour: 100_000 }));
  });
  afterAll(async () => t?.close());

  const counts = async () => {
    const n = async (table: 'report' | 'open311_request' | 'open311_update' | 'report_event') =>
      Number(
        (
          await t.app.ctx.db.read
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      report: await n('report'),
      request: await n('open311_request'),
      update: await n('open311_update'),
      event: await n('report_event'),
    };
  };

  /** A 4xx must be the spec's error list in the format the URL asked for. */
  function specError(
    res: { statusCode: number; body: string; headers: Record<string, unknown> },
    url: string,
  ): void {
    expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
    if (res.statusCode < 400) return;
    const type = String(res.headers['content-type']);
    if (/\.xml(\?|$)/.test(url)) {
      expect(type).toMatch(/^text\/xml/);
      const x = parseXml(res.body) as { errors: { error: Array<{ code: string; description: string }> } };
      expect(x.errors.error[0]!.code).toBe(String(res.statusCode));
      expect(x.errors.error[0]!.description.length).toBeGreaterThan(0);
    } else {
      expect(type).toMatch(/^application\/json/);
      expect(JSON.parse(res.body)).toEqual([
        { code: res.statusCode, description: expect.stringMatching(/./) },
      ]);
    }
  }

  const junk = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom(
      '',
      '-1',
      '1e309',
      'NaN',
      'open,closed,',
      'R-0000-0000',
      "' OR 1=1 --",
      '<x/>',
      '2026-02-30T00:00:00Z',
      '%zz',
      'x'.repeat(5000),
    ),
  );
  const field = fc.oneof(
    fc.constantFrom(
      'service_request_id',
      'service_code',
      'start_date',
      'end_date',
      'status',
      'jurisdiction_id',
      'api_key',
      'lat',
      'long',
      'description',
      'attribute[x]',
      'attribute[',
      '__proto__',
    ),
    fc.string({ maxLength: 12 }),
  );

  it('junk query strings: 200 or a spec 4xx, never a 5xx', async () => {
    const paths = [
      '/open311/v2/requests.json',
      '/open311/v2/requests.xml',
      '/open311/v2/services.json',
      '/open311/v2/services/public-order.xml',
      '/open311/v2/servicerequestupdates.json',
      '/open311/v2/requests/R-0000-0000.xml',
      '/open311/v2/tokens/abc.json',
      '/open311/v2/discovery.xml',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.array(fc.tuple(field, junk), { maxLength: 5 }),
        async (p, pairs) => {
          const qs = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
          const url = qs ? `${p}?${qs}` : p;
          specError(await t.app.inject({ method: 'GET', url }), url);
        },
      ),
      { numRuns: NUM_RUNS * 3 },
    );
  });

  it('junk POST bodies with a valid key: a spec 4xx and nothing stored (unless really accepted)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/open311/v2/requests.json',
          '/open311/v2/requests.xml',
          '/open311/v2/servicerequestupdates.json',
          '/open311/v2/servicerequestupdates.xml',
        ),
        fc.dictionary(field, junk, { maxKeys: 6 }),
        fc.constantFrom('form', 'json', 'raw'),
        async (url, dict, kind) => {
          const before = await counts();
          const body = { ...dict, api_key: key };
          const res =
            kind === 'form'
              ? await t.app.inject({ method: 'POST', url, headers: FORM, payload: form(body) })
              : kind === 'json'
                ? await t.app.inject({
                    method: 'POST',
                    url,
                    headers: { 'content-type': 'application/json' },
                    payload: JSON.stringify(body),
                  })
                : await t.app.inject({
                    method: 'POST',
                    url,
                    headers: { 'content-type': 'text/plain' },
                    payload: JSON.stringify(dict),
                  });
          specError(res, url);
          if (res.statusCode >= 400) expect(await counts()).toEqual(before);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('bad api_keys with an otherwise valid request: 403 in the spec format, nothing stored', async () => {
    const valid = {
      service_code: 'public-order',
      lat: KARA_SUU_POINT.lat,
      long: KARA_SUU_POINT.lon,
      description: 'Fights at the bazaar.',
    };
    const badKey = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc
        .string({
          minLength: 32,
          maxLength: 32,
          unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-'),
        })
        .map((s) => `o311_${s}`),
      fc.constant(key.slice(0, -1)),
      fc.constant(`${key}x`),
      fc.constant(key.toUpperCase()),
      fc.constant(` ${key}`),
    );
    await fc.assert(
      fc.asyncProperty(badKey, fc.constantFrom('json', 'xml'), async (apiKey, format) => {
        fc.pre(apiKey !== key);
        const before = await counts();
        const url = `/open311/v2/requests.${format}`;
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: FORM,
          payload: form({ ...valid, api_key: apiKey }),
        });
        expect(res.statusCode, res.body).toBe(apiKey.length > 200 ? 400 : 403);
        specError(res, url);
        expect(await counts()).toEqual(before);
      }),
      { numRuns: NUM_RUNS },
    );
    // The same request with the real key is accepted (the property above is not vacuous).
    const ok = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: FORM,
      payload: form({ ...valid, api_key: key }),
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
