/** Chooses each request's language and gives routes `req.t` and `reply.page()` (HTML in the layout). */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import type { AppContext } from '../context.ts';
import { negotiateLocale, type Locale, type Translate } from '../shared/i18n.ts';
import { Layout, type LayoutOptions } from '../views/layout.tsx';

export const LOCALE_COOKIE = 'lang';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    t: Translate;
  }
  interface FastifyReply {
    /** Render a page body inside the layout, with `no-store` so nothing personal lingers in caches. */
    page(body: VNode, opts: LayoutOptions): FastifyReply;
  }
}

export const i18nPlugin = fp(
  async (app: FastifyInstance, opts: { ctx: AppContext }) => {
    const { i18n, config } = opts.ctx;
    app.decorateRequest('locale', 'en' as Locale);
    app.decorateRequest('t', null as unknown as Translate);
    app.addHook('onRequest', async (req) => {
      req.locale = negotiateLocale(
        req.cookies?.[LOCALE_COOKIE],
        req.headers['accept-language'],
        config.defaultLocale,
      );
      req.t = i18n.translator(req.locale);
    });
    app.decorateReply(
      'page',
      function (this: import('fastify').FastifyReply, body: VNode, lopts: LayoutOptions) {
        const req = this.request;
        const html =
          '<!doctype html>' +
          render(
            Layout({
              ...lopts,
              locale: req.locale,
              t: req.t,
              actor: req.actor,
              path: req.url,
              csrfToken: lopts.csrfToken,
              children: body,
            }),
          );
        this.header('cache-control', 'no-store');
        return this.type('text/html; charset=utf-8').send(html);
      },
    );
  },
  { name: 'i18n', dependencies: ['@fastify/cookie'] },
);
