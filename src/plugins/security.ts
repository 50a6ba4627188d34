/**
 * Headers, cookies, form bodies, CSRF and the cross-site check. CSP allows no inline script or style;
 * pages are never framed and send no referrer.
 */
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import type { AppContext } from '../context.ts';
import { AppError } from '../shared/errors.ts';

export const CSRF_FIELD = '_csrf';

/** Unsafe requests carrying cookies must come from our own pages (defence in depth beside the token). */
export function isCrossSite(req: FastifyRequest, publicUrl: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site') return true;
  const origin = req.headers.origin;
  // "null" is what sandboxed frames, data: URLs and privacy redirects send: refuse it, unless the
  // browser itself vouches that the post came from one of our pages (Sec-Fetch-Site: same-origin).
  if (origin === 'null') return site !== 'same-origin';
  if (origin) {
    const host = req.headers.host;
    let ok = false;
    try {
      const o = new URL(origin);
      ok = o.origin === new URL(publicUrl).origin || (host !== undefined && o.host === host);
    } catch {
      ok = false;
    }
    return !ok;
  }
  return false;
}

/**
 * Helmet's headers, computed once. Our headers never vary per request (no CSP nonces, no per-route
 * options), yet `@fastify/helmet` rebuilds the whole helmet middleware on every request (about 4 % of
 * the CPU of a report submission). So helmet runs once here against a recording response and each
 * reply gets the recorded headers.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
    getHeader: () => undefined,
  };
  helmet(options)({} as never, res as never, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

/** The origin of the map tile server, when it is not this site. */
function tileOrigin(url: string): string[] {
  try {
    return url.startsWith('/') ? [] : [new URL(url.replace(/\{[a-z]\}/g, '0')).origin];
  } catch {
    return [];
  }
}

export const securityPlugin = fp(
  async (app: FastifyInstance, opts: { ctx: AppContext }) => {
    const { config } = opts.ctx;
    await app.register(cookie, { secret: config.sessionSecret, hook: 'onRequest' });
    await app.register(formbody, { bodyLimit: config.bodyLimitBytes });
    const securityHeaders = helmetHeaders({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          // Map tiles come from MAP_TILE_URL's origin (only images; scripts and styles stay 'self').
          imgSrc: ["'self'", 'data:', 'blob:', ...tileOrigin(config.mapTileUrl)],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on our own form
      // posts, which would make the cross-site check blind. Other sites still get no referrer.
      referrerPolicy: { policy: 'same-origin' },
      crossOriginEmbedderPolicy: false,
      // Headers only browsers long gone read (IE8 downloads, Flash policies, DNS prefetch hints).
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      hsts: config.publicUrl.startsWith('https://') ? { maxAge: 31536000, includeSubDomains: true } : false,
    });
    // Files under /static/ are never pages: they need no page policy, only nosniff and a CSP that lets
    // an SVG do nothing. On 2G every header is paid for: this saves ≈ 600 bytes a file.
    const staticHeaders = {
      'content-security-policy': "default-src 'none'",
      'cross-origin-resource-policy': 'same-origin',
      'x-content-type-options': 'nosniff',
    };
    app.addHook('onRequest', (req, reply, done) => {
      reply.headers(req.url.startsWith('/static/') ? staticHeaders : securityHeaders);
      done();
    });
    await app.register(csrf, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: '_csrf_secret',
      cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, signed: true },
      getToken: (req) => {
        const body = req.body as Record<string, unknown> | undefined;
        const fromBody = body && typeof body === 'object' ? body[CSRF_FIELD] : undefined;
        if (typeof fromBody === 'string') return fromBody;
        const h = req.headers['x-csrf-token'];
        return typeof h === 'string' ? h : undefined;
      },
    });
    // Every cookie-authenticated unsafe request is a form post from our pages: check origin and token.
    // Bearer-token API calls carry no ambient credentials, so CSRF does not apply to them.
    app.addHook('preHandler', (req, reply, done) => {
      if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return done();
      if (req.headers.authorization) return done();
      const csrfMode = (req.routeOptions.config as { csrf?: boolean | 'origin' } | undefined)?.csrf;
      if (csrfMode === false) return done();
      if (isCrossSite(req, config.publicUrl)) {
        return done(new AppError(403, 'cross_site', 'cross-site form posts are refused'));
      }
      // Token-less public posts carry no cookie worth forging: the origin check above is the guard.
      if (csrfMode === 'origin') return done();
      app.csrfProtection(req, reply, (err?: unknown) => {
        if (err)
          return done(
            new AppError(
              403,
              'csrf',
              'the form has expired or was not sent from this site; reload the page and try again',
              '_csrf',
            ),
          );
        done();
      });
    });
  },
  { name: 'security' },
);
