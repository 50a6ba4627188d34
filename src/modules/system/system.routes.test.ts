import { Validator } from '@seriousme/openapi-schema-validator';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';

describeDialects('system routes', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('answers /healthz and /readyz', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok' });
  });

  it('serves a valid OpenAPI 3 document', async () => {
    const res = await t.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const result = await new Validator().validate(doc);
    expect(result.errors ?? [], JSON.stringify(result.errors)?.slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
    // Every JSON route of the app is documented (paths use {param} where routes use :param).
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
      ),
    );
    const jsonRoutes = t.app.registeredRoutes.filter((r) => r.url.startsWith('/api/v1/'));
    expect(jsonRoutes.length).toBeGreaterThan(10);
    const missing = jsonRoutes
      .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z_]+)/g, '{$1}')}`)
      .filter((k) => !documented.has(k));
    expect(missing).toEqual([]);
    expect(documented.has('GET /healthz')).toBe(true);
    const ui = await t.app.inject('/api/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });

  it('switches language with a cookie and only redirects to local paths', async () => {
    const res = await t.app.inject('/locale/ru?next=/healthz');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/healthz');
    expect(String(res.headers['set-cookie'])).toMatch(/lang=ru/);
    const evil = await t.app.inject('/locale/ru?next=//evil.example');
    expect(evil.headers.location).toBe('/');
    const home = await t.app.inject({ url: '/', cookies: { lang: 'ru' } });
    expect(home.body).toContain('lang="ru"');
  });

  it('never sends the language switch off-site or into a 5xx, whatever `next` holds', async () => {
    for (const [next, expected] of [
      ['/%09/evil.example', '/%09/evil.example'],
      ['/\t/evil.example', '/'],
      ['/\\evil.example', '/'],
      ['/%5Cevil.example', '/%5Cevil.example'],
      ['/reports?category=public-order#map', '/reports?category=public-order#map'],
      ['/отчёт', '/%D0%BE%D1%82%D1%87%D1%91%D1%82'],
      ['https://evil.example/', '/'],
      ['/%0d%0aSet-Cookie:%20x=1', '/%0d%0aSet-Cookie:%20x=1'],
      ['/a\r\nSet-Cookie: x=1', '/aSet-Cookie:%20x=1'],
    ] as const) {
      const res = await t.app.inject(`/locale/en?next=${encodeURIComponent(next)}`);
      expect(res.statusCode, next).toBe(303);
      expect(res.headers.location, next).toBe(expected);
    }
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 60 }), async (tail) => {
        const res = await t.app.inject(`/locale/en?next=${encodeURIComponent(`/${tail}`)}`);
        expect(res.statusCode).toBe(303);
        const location = String(res.headers.location);
        expect(new URL(location, 'http://localhost').origin).toBe('http://localhost');
        expect(location).not.toMatch(/[\s\\]/);
      }),
      { numRuns: 150 },
    );
  });

  it('links every public page from the home page, and each link opens in every language', async () => {
    const home = await t.app.inject({ url: '/', cookies: { lang: 'ky' } });
    const links = [...home.body.matchAll(/href="(\/[a-z][^"?#]*)"/g)].map((m) => m[1] ?? '');
    for (const page of [
      '/report',
      '/track',
      '/problems',
      '/plans',
      '/forums/calendar',
      '/alerts/subscribe',
    ]) {
      expect(links).toContain(page);
    }
    for (const page of ['/complaints/new', '/complaints/figures', '/open-data'])
      expect(links).toContain(page);
    for (const lang of ['ky', 'ru', 'en', 'uz', 'uz-Latn', 'kk', 'tg']) {
      for (const page of new Set(links.filter((l) => !l.startsWith('/static') && l !== '/staff'))) {
        const res = await t.app.inject({ url: page, cookies: { lang } });
        expect(res.statusCode, `${page} in ${lang}`).toBe(200);
      }
    }
  });

  it('prefers Accept-Language over the default when nothing is chosen', async () => {
    const res = await t.app.inject({ url: '/', headers: { 'accept-language': 'ky-KG,ky;q=0.9,ru;q=0.8' } });
    expect(res.body).toContain('lang="ky"');
  });

  it('answers malformed and overlong URLs with a clear 4xx in the usual error shape', async () => {
    const bad = await t.app.inject('/locale/%E0%A4%A');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('bad_url');
    const long = await t.app.inject('/locale/' + 'a'.repeat(1000));
    expect(long.statusCode).toBe(414);
    expect(long.json().error.code).toBe('too_long');
  });

  it('answers /readyz with 503 when the database is gone, and /healthz still ok', async () => {
    const other = await createTestApp(dialect);
    await other.tdb.db.close();
    const ready = await other.app.inject('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable', reason: 'database unreachable' });
    expect((await other.app.inject('/healthz')).statusCode).toBe(200);
    await other.app.close();
    await other.tdb.drop().catch(() => undefined);
  });

  it('sends strict security headers', async () => {
    const res = await t.app.inject('/');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['cache-control']).toBe('no-store');
    // Static files carry only what a file needs (every byte counts on 2G), still nosniff and no script.
    const css = await t.app.inject('/static/app.css');
    expect(css.headers['x-content-type-options']).toBe('nosniff');
    expect(css.headers['content-security-policy']).toBe("default-src 'none'");
    expect(css.headers['x-frame-options']).toBeUndefined();
  });

  it('refuses a token-less public post from `Origin: null` (a sandboxed frame), but not our own pages', async () => {
    const post = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/track',
        headers: { 'content-type': 'application/json', ...headers },
        payload: { receipt: '1234 5678 9012 3456 7890' },
      });
    const sandboxed = await post({ origin: 'null' });
    expect(sandboxed.statusCode).toBe(403);
    expect(sandboxed.json().error.code).toBe('cross_site');
    const ours = await post({ origin: 'null', 'sec-fetch-site': 'same-origin' });
    expect(ours.statusCode).not.toBe(403);
  });
});
