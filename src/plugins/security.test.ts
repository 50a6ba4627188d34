import http from 'node:http';
import type { AddressInfo } from 'node:net';
import helmet, { type HelmetOptions } from 'helmet';
import { expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { helmetHeaders, isCrossSite } from './security.ts';

const options: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] },
  },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginEmbedderPolicy: false,
  hsts: { maxAge: 31536000, includeSubDomains: true },
};

/** The headers helmet itself sets on a real Node response. */
async function headersFromRealHelmet(): Promise<Record<string, string>> {
  const mw = helmet(options);
  const server = http.createServer((req, res) => {
    mw(req, res, () => res.end('ok'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const out: Record<string, string> = {};
    const skip = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
    res.headers.forEach((v, k) => {
      if (!skip.has(k)) out[k] = v;
    });
    return out;
  } finally {
    await new Promise((r) => server.close(r));
  }
}

it('the headers computed once are exactly the ones helmet sets on a live response', async () => {
  const once = helmetHeaders(options);
  expect(once).toEqual(await headersFromRealHelmet());
  expect(once['content-security-policy']).toBe("default-src 'self';frame-ancestors 'none'");
  expect(once['referrer-policy']).toBe('no-referrer');
  expect(once['x-content-type-options']).toBe('nosniff');
  expect(once['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
});

it('treats `Origin: null` as cross-site unless the browser says the post is same-origin', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as FastifyRequest;
  const site = 'https://ishenim.example.kg';
  expect(isCrossSite(req({ origin: 'null' }), site)).toBe(true);
  expect(isCrossSite(req({ origin: 'null', 'sec-fetch-site': 'cross-site' }), site)).toBe(true);
  expect(isCrossSite(req({ origin: 'null', 'sec-fetch-site': 'same-site' }), site)).toBe(true);
  expect(isCrossSite(req({ origin: 'null', 'sec-fetch-site': 'same-origin' }), site)).toBe(false);
  expect(isCrossSite(req({ origin: site }), site)).toBe(false);
  expect(isCrossSite(req({ origin: 'https://evil.example' }), site)).toBe(true);
  expect(isCrossSite(req({}), site)).toBe(false);
});
