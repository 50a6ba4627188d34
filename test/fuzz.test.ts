/**
 * Hostile requests against every registered route and method, as an anonymous caller and as an admin
 * with a bearer token: odd path params, random query strings, malformed or deeply nested JSON, wrong
 * content types, unknown fields, numbers where strings go, oversized bodies. The server must never
 * answer 5xx, and every 4xx JSON answer must be `{ error: { code, message } }`.
 * Routes that modules add later are fuzzed automatically (the list comes from `app.registeredRoutes`).
 */
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import type { RegisteredRoute } from '../src/plugins/access.ts';
import { createTestApp } from './app.ts';
import { createApiToken, insertAreaChain, insertStaff, sampleFrom } from './factories.ts';

const NUM_RUNS = 25;
// Public rate limits would answer 429 long before the junk runs out; the limits have their own tests.
const t = await createTestApp('sqlite', { reportLimitPerHour: 1_000_000 });
afterAll(async () => t.close());
const areas = await insertAreaChain(t.app.ctx.db);
const admin = await insertStaff(t.app.ctx.db, [{ role: 'admin', areaCode: areas.country.code }]);
const adminToken = await createApiToken(t.app, admin.id);
const routes: RegisteredRoute[] = [...t.app.registeredRoutes];
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// --- generators ----------------------------------------------------------------------------------

const nasty = fc.constantFrom(
  '..',
  '../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AE%C0%AE%2F',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  '-1',
  '1e309',
  'NaN',
  '0x10',
  '00000000-0000-0000-0000-000000000000',
  'KG',
  'ru',
);
/** A path segment, already in URL form (some deliberately badly encoded). */
const pathParam = fc.oneof(
  nasty,
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  fc.string({ unit: 'binary', maxLength: 20 }).map(encodeURIComponent),
  fc.integer({ min: 300, max: 3000 }).map((n) => 'a'.repeat(n)),
);
const queryString = fc.oneof(
  fc.constant(''),
  fc
    .array(
      fc.tuple(fc.oneof(nasty, fc.string({ maxLength: 12 })), fc.oneof(nasty, fc.string({ maxLength: 30 }))),
      {
        maxLength: 6,
      },
    )
    .map(
      (pairs) => '?' + pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
    ),
  fc.constantFrom('?a[b][c]=1', '?next=//evil.example', '?page=-1&limit=99999999', '?=&&=', '?%', '?x=%zz'),
);

function deepJson(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Replaces every string in a sample with a number and every number with a string. */
function swapTypes(v: unknown): unknown {
  if (typeof v === 'string') return 12345;
  if (typeof v === 'number') return 'not a number';
  if (Array.isArray(v)) return v.map(swapTypes);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swapTypes(x)]));
  return v;
}

interface Body {
  payload: string;
  contentType: string | undefined;
}
function bodyFor(route: RegisteredRoute): fc.Arbitrary<Body> {
  const sample = sampleFrom((route.schema as Record<string, unknown> | undefined)?.body) ?? {};
  const json = (v: unknown): Body => ({ payload: JSON.stringify(v), contentType: 'application/json' });
  return fc.oneof(
    fc.constantFrom<Body>(
      { payload: '{"a":', contentType: 'application/json' },
      { payload: '', contentType: 'application/json' },
      { payload: 'null', contentType: 'application/json' },
      { payload: '[]', contentType: 'application/json' },
      { payload: '"text"', contentType: 'application/json' },
      { payload: '{"__proto__":{"admin":true}}', contentType: 'application/json' },
      { payload: '{"constructor":{"prototype":{"x":1}}}', contentType: 'application/json' },
      { payload: '<xml/>', contentType: 'application/xml' },
      { payload: 'plain words', contentType: 'text/plain' },
      { payload: '--x\r\nnonsense', contentType: 'multipart/form-data; boundary=x' },
      { payload: 'a=1&a=2&b[c]=3&%zz=%', contentType: 'application/x-www-form-urlencoded' },
      { payload: '{}', contentType: 'application/json; charset=utf-16' },
      { payload: '{}', contentType: undefined },
      { payload: deepJson(2000), contentType: 'application/json' },
      json(swapTypes(sample)),
    ),
    fc.json({ maxDepth: 4 }).map((payload) => ({ payload, contentType: 'application/json' })),
    fc.string({ maxLength: 200 }).map((payload) => ({ payload, contentType: 'application/json' })),
    fc
      .dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 })
      .map((extra) => json({ ...sample, ...extra, unknownField: 'x' })),
  );
}

// --- checks --------------------------------------------------------------------------------------

/**
 * Open311 GeoReport v2 (`/open311/…`) answers errors in its spec's own format, a list of
 * `{ code, description }` (see src/modules/open311); it is held to that instead.
 */
function open311Problem(res: LightMyRequestResponse): string | null {
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return `answered ${res.statusCode} with invalid JSON: ${res.body.slice(0, 200)}`;
  }
  const first = Array.isArray(body) ? (body[0] as { code?: unknown; description?: unknown }) : undefined;
  if (!first || first.code !== res.statusCode || typeof first.description !== 'string' || !first.description)
    return `answered ${res.statusCode} without [{ code, description }]: ${res.body.slice(0, 200)}`;
  return null;
}

function problemWith(res: LightMyRequestResponse, url = ''): string | null {
  if (res.statusCode >= 500) return `answered ${res.statusCode}: ${res.body.slice(0, 300)}`;
  const type = String(res.headers['content-type'] ?? '');
  if (res.statusCode >= 400 && type.includes('application/json') && url.startsWith('/open311/')) {
    // Errors Fastify raises before routing (bad percent-encoding) keep the app's own shape.
    if (res.body.trimStart().startsWith('[')) return open311Problem(res);
  }
  if (res.statusCode >= 400 && type.includes('application/json')) {
    let body: { error?: { code?: unknown; message?: unknown } };
    try {
      body = JSON.parse(res.body) as typeof body;
    } catch {
      return `answered ${res.statusCode} with invalid JSON: ${res.body.slice(0, 200)}`;
    }
    if (
      typeof body.error?.code !== 'string' ||
      typeof body.error?.message !== 'string' ||
      !body.error.message
    )
      return `answered ${res.statusCode} without { error: { code, message } }: ${res.body.slice(0, 200)}`;
  }
  return null;
}

function fillPath(url: string, params: string[]): string {
  let i = 0;
  return url.replace(/:(\w+)(\([^)]*\))?/g, () => params[i++] ?? 'x').replace(/\*$/, params[i] ?? 'x');
}

async function send(
  route: RegisteredRoute,
  url: string,
  asAdmin: boolean,
  body: Body | undefined,
  accept: string,
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { accept };
  if (asAdmin) headers.authorization = `Bearer ${adminToken}`;
  if (body?.contentType) headers['content-type'] = body.contentType;
  return t.app.inject({
    method: route.method as 'GET',
    url,
    headers,
    ...(body ? { payload: body.payload } : {}),
  });
}

// --- tests ---------------------------------------------------------------------------------------

describe('fuzz', () => {
  it('has routes to fuzz', () => {
    expect(routes.length).toBeGreaterThan(3);
    expect(routes.some((r) => r.url === '/locale/:locale')).toBe(true);
  });

  it('notices a 5xx or a malformed error body (the checks can fail)', () => {
    const fake = (statusCode: number, body: string, type = 'application/json') =>
      ({ statusCode, body, headers: { 'content-type': type } }) as unknown as LightMyRequestResponse;
    expect(problemWith(fake(500, '{}'))).toMatch(/500/);
    expect(problemWith(fake(400, '{"message":"x"}'))).toMatch(/without/);
    expect(problemWith(fake(404, '{"error":{"code":"not_found","message":"not found"}}'))).toBeNull();
    expect(problemWith(fake(404, '<p>x</p>', 'text/html'))).toBeNull();
  });

  for (const route of routes) {
    const paramCount = (route.url.match(/:\w+/g) ?? []).length + (route.url.endsWith('*') ? 1 : 0);
    it(`${route.method} ${route.url} survives hostile requests`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(pathParam, { minLength: paramCount, maxLength: paramCount }),
          queryString,
          fc.boolean(),
          UNSAFE.has(route.method) ? bodyFor(route) : fc.constant(undefined),
          fc.constantFrom('application/json', 'text/html', '*/*'),
          async (params, query, asAdmin, body, accept) => {
            const url = fillPath(route.url, params) + query;
            const res = await send(route, url, asAdmin, body, accept);
            const problem = problemWith(res, url);
            if (problem)
              throw new Error(`${route.method} ${url} (${asAdmin ? 'admin' : 'anonymous'}) ${problem}`);
          },
        ),
        { numRuns: NUM_RUNS },
      );
    });

    if (UNSAFE.has(route.method)) {
      it(`${route.method} ${route.url} refuses an oversized body with 413 and a clear message`, async () => {
        const url = fillPath(route.url, Array(paramCount).fill('x'));
        const big = JSON.stringify({ text: 'x'.repeat(t.config.bodyLimitBytes + 10) });
        // An admin's request is read, so it must be refused as too large; an anonymous caller may be
        // refused sooner (401/403) on routes that are not public, which is just as good.
        const mayRefuseSooner = route.access.kind !== 'public';
        for (const asAdmin of [false, true]) {
          const res = await send(
            route,
            url,
            asAdmin,
            { payload: big, contentType: 'application/json' },
            'application/json',
          );
          const who = `${route.method} ${url} (${asAdmin ? 'admin' : 'anonymous'})`;
          if (!asAdmin && mayRefuseSooner && [401, 403].includes(res.statusCode)) {
            expect(problemWith(res), who).toBeNull();
            continue;
          }
          expect(res.statusCode, who).toBe(413);
          if (url.startsWith('/open311/'))
            expect(res.json()).toEqual([{ code: 413, description: expect.stringMatching(/too large/) }]);
          else
            expect(res.json()).toMatchObject({
              error: { code: 'too_large', message: expect.stringMatching(/too large/) },
            });
        }
      });
    }
  }
});
