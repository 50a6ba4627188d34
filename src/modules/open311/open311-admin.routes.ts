/**
 * Open311 API keys for administrators: an HTML page (POST → 303 → GET; the new key travels to the
 * following GET once, in the encrypted show-once cookie) and the same operations as JSON under
 * /api/v1/open311/keys.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RoutePlugin } from '../../plugins/typed-routes.ts';
import { policy } from '../../plugins/access.ts';
import { AppError } from '../../shared/errors.ts';
import type { FieldErrors } from '../../views/form.tsx';
import { requireSignedInPage } from '../accounts/auth.routes.ts';
import { setOnce, takeOnce } from '../accounts/flash.ts';
import { localText } from '../reports/views/resident-report.tsx';
import { OPEN311_API_KEY } from './open311.policy.ts';
import { presentKey } from './open311.presenter.ts';
import * as S from './open311.schemas.ts';
import { KeysPage, type KeyFormValues } from './views/keys-page.tsx';

const FIELD_MESSAGES: Record<string, string> = {
  name: 'open311.errors.name',
  services: 'open311.errors.services',
  rate_per_hour: 'open311.errors.rate',
};

export const open311AdminRoutes: RoutePlugin = async (app, opts) => {
  const { services, config } = opts.ctx;
  const { open311Keys, reportCategories } = services;

  // --- JSON ---------------------------------------------------------------------------------------

  app.get(
    '/api/v1/open311/keys',
    {
      config: policy('list', OPEN311_API_KEY),
      schema: {
        tags: ['open311'],
        summary: 'Open311 API keys (never the keys themselves)',
        response: { 200: S.KeyList },
      },
    },
    async (req) => ({ items: (await open311Keys.list(req.actor)).map(presentKey) }),
  );

  app.post(
    '/api/v1/open311/keys',
    {
      config: policy('create', OPEN311_API_KEY),
      schema: {
        tags: ['open311'],
        summary: 'Issue an Open311 API key (the key is in this answer only)',
        body: S.KeyCreateBody,
        response: { 201: S.KeyCreated },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const r = await open311Keys.create(req.actor, {
        name: b.name,
        services: b.services,
        ratePerHour: b.rate_per_hour,
      });
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ key: r.key, item: presentKey(r.view) });
    },
  );

  app.post(
    '/api/v1/open311/keys/:id/revoke',
    {
      config: policy('revoke', OPEN311_API_KEY),
      schema: {
        tags: ['open311'],
        summary: 'Revoke an Open311 API key (at once; cannot be undone)',
        params: S.KeyIdParams,
        response: { 200: S.KeyOut },
      },
    },
    async (req) => presentKey(await open311Keys.revoke(req.actor, req.params)),
  );

  // --- HTML ---------------------------------------------------------------------------------------

  async function render(
    req: FastifyRequest,
    reply: FastifyReply,
    values: KeyFormValues,
    errors: FieldErrors,
  ): Promise<FastifyReply> {
    const csrfToken = reply.generateCsrf();
    const [keys, categories] = await Promise.all([
      open311Keys.list(req.actor),
      reportCategories.list(req.actor),
    ]);
    const issued = takeOnce<{ name: string; key: string }>(req, reply, config, 'open311-key');
    return reply.header('cache-control', 'no-store').page(
      KeysPage({
        t: req.t,
        csrf: csrfToken,
        keys,
        services: categories
          .filter((c) => !c.sensitive)
          .map((c) => ({ code: c.code, name: localText(c.names, req.locale, c.code) })),
        values,
        errors,
        endpoint: `${config.publicUrl.replace(/\/$/, '')}/open311/v2/discovery.json`,
        issued,
      }),
      { title: req.t('open311.admin.title'), csrfToken },
    );
  }

  app.get(
    '/admin/open311',
    {
      config: policy('list', OPEN311_API_KEY),
      preHandler: requireSignedInPage,
      schema: { hide: true },
    },
    async (req, reply) => render(req, reply, { name: '', ratePerHour: '100', services: [] }, {}),
  );

  app.post(
    '/admin/open311/keys',
    {
      config: policy('create', OPEN311_API_KEY),
      preHandler: requireSignedInPage,
      schema: { hide: true, body: S.KeyForm },
    },
    async (req, reply) => {
      const b = req.body;
      const values: KeyFormValues = {
        name: b.name ?? '',
        ratePerHour: b.rate_per_hour ?? '',
        services: b.services === undefined ? [] : [b.services].flat(),
      };
      const rate = /^\s*\d{1,6}\s*$/.test(values.ratePerHour) ? Number(values.ratePerHour) : NaN;
      try {
        const r = await open311Keys.create(req.actor, {
          name: values.name,
          services: values.services,
          ratePerHour: rate,
        });
        setOnce(reply, config, 'open311-key', { name: r.view.name, key: r.key });
        return reply.redirect('/admin/open311', 303);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'invalid') throw err;
        const field = err.field && FIELD_MESSAGES[err.field] ? err.field : 'name';
        reply.code(400);
        return render(req, reply, values, { [field]: req.t(FIELD_MESSAGES[field]!) });
      }
    },
  );

  app.post(
    '/admin/open311/keys/:id/revoke',
    {
      config: policy('revoke', OPEN311_API_KEY),
      preHandler: requireSignedInPage,
      schema: { hide: true, params: S.KeyIdParams, body: S.CsrfForm },
    },
    async (req, reply) => {
      await open311Keys.revoke(req.actor, req.params);
      return reply.redirect('/admin/open311', 303);
    },
  );
};
