/**
 * Resident pages of area alerts (no account needed) and the public alerts of an area:
 *
 * GET  /alerts/subscribe               the form (area picker, topics, channel, language, priority,
 *                                      digest, quiet hours, consent)
 * POST /alerts/subscribe               → /alerts/subscribe/sent; a confirmation goes to the contact
 * GET  /alerts/confirm/:token          confirm button (opening a link changes nothing)
 * POST /alerts/confirm/:token          double opt-in done → the subscriber's page
 * GET  /alerts/manage/:token           one's subscriptions, each with delete (linked from every message)
 * GET  /alerts/stop/:token             a stop button
 * POST /alerts/stop/:token             deletes (RFC 8058 one-click POSTs here too, without a form key)
 * GET  /alerts/area/:code              published alerts of an area
 * GET  /alerts/area/:code/feed.atom    the same as an Atom feed
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { PUBLIC } from '../../plugins/access.ts';
import { AppError, NotFoundError } from '../../shared/errors.ts';
import { timeFormat } from '../../shared/time-format.ts';
import { areaName, parseNames } from '../geo/geo.presenter.ts';
import { formErrors } from '../accounts/form-errors.ts';
import type { FieldErrors } from '../../views/form.tsx';
import { atomFeed } from './alerts.feed.ts';
import {
  AreaAlertsPage,
  ConfirmPage,
  ManagePage,
  Notice,
  StopPage,
  SubscribePage,
  type SubscribeValues,
} from './views/alerts-pages.tsx';

const text = (max = 300) => Type.Optional(Type.String({ maxLength: max }));
const many = Type.Optional(
  Type.Union([Type.String({ maxLength: 40 }), Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })]),
);
const SubscribeForm = Type.Object(
  {
    _csrf: text(200),
    areaCode: text(100),
    areaCode2: text(100),
    topics: many,
    channel: text(20),
    address: text(254),
    locale: text(10),
    minPriority: text(10),
    quietStart: text(5),
    quietEnd: text(5),
    digest: text(10),
    consent: text(5),
  },
  { additionalProperties: false },
);
const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) });
const StopBody = Type.Object(
  { _csrf: text(200), 'List-Unsubscribe': text(20) },
  { additionalProperties: false },
);
const AreaParams = Type.Object({ code: Type.String({ maxLength: 100 }) });

const FIELD_KEYS: Record<string, string> = {
  address: 'alerts.errors.address',
  areaCodes: 'alerts.errors.area',
  topics: 'alerts.errors.topics',
  channel: 'alerts.errors.channel',
  consent: 'alerts.errors.consent',
  quietEnd: 'alerts.errors.quiet',
  quietStart: 'alerts.errors.quiet',
};

export async function alertsRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { config, services } = opts.ctx;
  const { alerts, geo } = services;
  const page = { config: PUBLIC };

  const renderSubscribe = async (
    req: FastifyRequest,
    reply: FastifyReply,
    values: SubscribeValues,
    errors: FieldErrors,
  ) => {
    const { groups } = await geo.choices(req.actor, req.locale);
    return reply.page(SubscribePage({ t: req.t, csrf: reply.generateCsrf(), groups, values, errors }), {
      title: req.t('alerts.subscribe.title'),
    });
  };

  app.get('/alerts/subscribe', { ...page, schema: { hide: true } }, async (req, reply) =>
    renderSubscribe(
      req,
      reply,
      {
        areaCode: '',
        areaCode2: '',
        topics: ['safety', 'appeal'],
        channel: 'email',
        address: '',
        locale: req.locale,
        minPriority: 'low',
        quietStart: '',
        quietEnd: '',
        digest: 'immediate',
      },
      {},
    ),
  );

  app.post(
    '/alerts/subscribe',
    { ...page, schema: { hide: true, body: SubscribeForm } },
    async (req, reply) => {
      const b = req.body as Record<string, string | string[] | undefined>;
      const one = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');
      const values: SubscribeValues = {
        areaCode: one('areaCode'),
        areaCode2: one('areaCode2'),
        topics: [b.topics ?? []].flat(),
        channel: one('channel'),
        address: one('address'),
        locale: one('locale') || req.locale,
        minPriority: one('minPriority') || 'low',
        quietStart: one('quietStart'),
        quietEnd: one('quietEnd'),
        digest: one('digest') || 'immediate',
      };
      try {
        await alerts.subscribe(req.actor, {
          ...values,
          areaCodes: [values.areaCode, values.areaCode2],
          consent: one('consent') === 'yes',
          ip: req.ip,
        });
        return reply.redirect('/alerts/subscribe/sent', 303);
      } catch (err) {
        let errors = formErrors(req.t, err, 'address');
        if (!errors) throw err;
        const field = (err as AppError).field ?? '';
        const key = FIELD_KEYS[field];
        if (key && (err as AppError).code === 'invalid')
          errors = {
            [field === 'areaCodes' ? 'areaCode' : field === 'quietStart' ? 'quietStart' : field]: req.t(key),
          };
        reply.code((err as { statusCode?: number }).statusCode ?? 400);
        return renderSubscribe(req, reply, values, errors);
      }
    },
  );

  app.get('/alerts/subscribe/sent', { ...page, schema: { hide: true } }, async (req, reply) =>
    reply.page(Notice({ title: req.t('alerts.sent.title'), lines: [req.t('alerts.sent.body')] }), {
      title: req.t('alerts.sent.title'),
    }),
  );

  const invalid = (req: FastifyRequest, reply: FastifyReply) => {
    reply.code(404);
    return reply.page(
      Notice({
        title: req.t('alerts.invalid.title'),
        lines: [req.t('alerts.invalid.body')],
        link: { href: '/alerts/subscribe', label: req.t('alerts.invalid.again') },
      }),
      { title: req.t('alerts.invalid.title') },
    );
  };

  app.get(
    '/alerts/confirm/:token',
    { ...page, schema: { hide: true, params: TokenParams } },
    async (req, reply) => {
      const { token } = req.params as { token: string };
      if (!(await alerts.confirmable(token))) return invalid(req, reply);
      return reply.page(ConfirmPage({ t: req.t, csrf: reply.generateCsrf(), token }), {
        title: req.t('alerts.confirm.title'),
      });
    },
  );

  app.post(
    '/alerts/confirm/:token',
    { ...page, schema: { hide: true, params: TokenParams, body: Type.Object({ _csrf: text(200) }) } },
    async (req, reply) => {
      const { token } = req.params as { token: string };
      try {
        const r = await alerts.confirm(req.actor, token);
        return reply.redirect(`/alerts/manage/${r.manageToken}?confirmed=1`, 303);
      } catch (err) {
        if (err instanceof NotFoundError || (err instanceof AppError && err.code === 'conflict'))
          return invalid(req, reply);
        throw err;
      }
    },
  );

  app.get(
    '/alerts/manage/:token',
    {
      ...page,
      schema: {
        hide: true,
        params: TokenParams,
        querystring: Type.Object({ confirmed: text(1), stopped: text(3) }),
      },
    },
    async (req, reply) => {
      const { token } = req.params as { token: string };
      const q = req.query as { confirmed?: string };
      let subs;
      try {
        subs = await alerts.manage(req.actor, token);
      } catch (err) {
        if (err instanceof NotFoundError) return invalid(req, reply);
        throw err;
      }
      const { areas } = await geo.choices(req.actor, req.locale);
      const byCode = new Map(areas.map((a) => [a.code, a]));
      const name = (code: string) => {
        const a = byCode.get(code);
        return a ? areaName(parseNames(a.names), req.locale, code) : code;
      };
      reply.header('referrer-policy', 'no-referrer');
      return reply.page(
        ManagePage({
          t: req.t,
          csrf: reply.generateCsrf(),
          subscriptions: subs,
          areaName: name,
          notice: q.confirmed === '1' ? req.t('alerts.manage.confirmed') : undefined,
        }),
        { title: req.t('alerts.manage.title') },
      );
    },
  );

  app.get(
    '/alerts/stop/:token',
    { ...page, schema: { hide: true, params: TokenParams } },
    async (req, reply) =>
      reply.page(
        StopPage({ t: req.t, csrf: reply.generateCsrf(), token: (req.params as { token: string }).token }),
        {
          title: req.t('alerts.stop.title'),
        },
      ),
  );

  // RFC 8058: mail clients POST "List-Unsubscribe=One-Click" here with no cookie and no form key;
  // the secret in the URL is the proof, so the cross-site and CSRF checks do not apply.
  app.post(
    '/alerts/stop/:token',
    {
      config: { ...PUBLIC, csrf: false },
      schema: {
        hide: true,
        params: TokenParams,
        querystring: Type.Object({ all: text(1) }),
        body: Type.Optional(StopBody),
      },
    },
    async (req, reply) => {
      const { token } = req.params as { token: string };
      const all = (req.query as { all?: string }).all === '1';
      try {
        await alerts.stop(req.actor, token, { all, via: 'link' });
      } catch (err) {
        if (err instanceof NotFoundError) return invalid(req, reply);
        throw err;
      }
      const oneClick =
        (req.body as { 'List-Unsubscribe'?: string } | undefined)?.['List-Unsubscribe'] === 'One-Click';
      if (oneClick) return reply.send({ stopped: true });
      return reply.redirect('/alerts/stopped', 303);
    },
  );

  app.get('/alerts/stopped', { ...page, schema: { hide: true } }, async (req, reply) =>
    reply.page(
      Notice({
        title: req.t('alerts.stopped.title'),
        lines: [req.t('alerts.stopped.body')],
        link: { href: '/alerts/subscribe', label: req.t('alerts.manage.another') },
      }),
      { title: req.t('alerts.stopped.title') },
    ),
  );

  const areaAlerts = async (req: FastifyRequest) => {
    const { code } = req.params as { code: string };
    const r = await alerts.publicAlerts(req.actor, { areaCode: code, locale: req.locale });
    return { ...r, name: areaName(parseNames(r.area.names), req.locale, r.area.code) };
  };

  app.get(
    '/alerts/area/:code',
    { ...page, schema: { hide: true, params: AreaParams } },
    async (req, reply) => {
      const r = await areaAlerts(req);
      return reply.page(
        AreaAlertsPage({
          t: req.t,
          areaName: r.name,
          areaCode: r.area.code,
          tf: timeFormat(req.locale, config.timeZone),
          alerts: r.alerts,
        }),
        { title: req.t('alerts.area.title', { area: r.name }) },
      );
    },
  );

  app.get(
    '/alerts/area/:code/feed.atom',
    { ...page, schema: { hide: true, params: AreaParams } },
    async (req, reply) => {
      const r = await areaAlerts(req);
      reply.type('application/atom+xml; charset=utf-8');
      return atomFeed({
        id: `${config.publicUrl}/alerts/area/${encodeURIComponent(r.area.code)}`,
        title: req.t('alerts.area.title', { area: r.name }),
        selfUrl: `${config.publicUrl}/alerts/area/${encodeURIComponent(r.area.code)}/feed.atom`,
        locale: req.locale,
        entries: r.alerts.map((a) => ({
          id: `${config.publicUrl}/alerts/a/${a.id}`,
          title: a.title,
          body: a.body,
          link: a.link,
          updated: a.sentAt,
          locale: a.locale,
        })),
      });
    },
  );
}
