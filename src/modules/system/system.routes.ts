import { Type } from '@sinclair/typebox';
import type { RoutePlugin } from '../../plugins/typed-routes.ts';
import { PUBLIC } from '../../plugins/access.ts';
import { LOCALE_COOKIE } from '../../plugins/i18n.ts';
import { isLocale } from '../../shared/i18n.ts';
import { HomePage } from './views/home-page.tsx';

const Status = Type.Object({ status: Type.Literal('ok') }, { additionalProperties: false });
const NotReady = Type.Object({ status: Type.Literal('unavailable'), reason: Type.String() });

const LOCAL = 'http://ishenim.invalid';

/**
 * Only paths on this site may follow a language switch, so the switcher is no open redirect. The
 * value is resolved the way a browser would (tabs and newlines dropped, backslashes read as slashes)
 * and must stay on the same origin; what goes out is the normalised, percent-encoded path, which
 * can never hold a character that breaks the Location header. Anything else goes home.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000 || !next.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(next, LOCAL);
  } catch {
    return '/';
  }
  if (url.origin !== LOCAL) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "//host" or "/\\host" after normalisation would be read as another site by some clients.
  return path.startsWith('//') || path.includes('\\') ? '/' : path;
}

export const systemRoutes: RoutePlugin = async (app, opts) => {
  const { db, config } = opts.ctx;

  app.get(
    '/healthz',
    { config: PUBLIC, schema: { tags: ['system'], summary: 'Process is up', response: { 200: Status } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: PUBLIC,
      schema: {
        tags: ['system'],
        summary: 'Process can reach its database',
        response: { 200: Status, 503: NotReady },
      },
    },
    async (req, reply) => {
      try {
        await db.ping();
        return { status: 'ok' as const };
      } catch (err) {
        req.log.warn({ err }, 'readiness check failed');
        return reply.code(503).send({ status: 'unavailable' as const, reason: 'database unreachable' });
      }
    },
  );

  app.get(
    '/locale/:locale',
    {
      config: PUBLIC,
      schema: {
        hide: true,
        params: Type.Object({ locale: Type.String({ maxLength: 10 }) }),
        querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) }),
      },
    },
    async (req, reply) => {
      const { locale } = req.params;
      if (!isLocale(locale))
        return reply
          .code(404)
          .send({ error: { code: 'not_found', message: 'unknown language', field: 'locale' } });
      reply.setCookie(LOCALE_COOKIE, locale, {
        path: '/',
        maxAge: 365 * 24 * 3600,
        sameSite: 'lax',
        secure: config.cookieSecure,
        httpOnly: true,
      });
      return reply.redirect(safeNext(req.query.next), 303);
    },
  );

  app.get('/', { config: PUBLIC, schema: { hide: true } }, async (req, reply) => {
    return reply.page(HomePage({ t: req.t, signedIn: req.actor.kind !== 'anonymous' }), {
      title: req.t('home.title'),
    });
  });
};
