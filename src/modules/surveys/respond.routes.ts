/**
 * The public survey link `/s/<token>`: anyone may answer, with no account. Nothing that identifies
 * the respondent is read into storage — no IP address, no user agent, no session. The only cookie is
 * the "already answered on this device" marker: a constant value, scoped to this link's path,
 * expiring with the wave; it holds no identity and the server keeps nothing to match it with.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RoutePlugin } from '../../plugins/typed-routes.ts';
import { PUBLIC, policy } from '../../plugins/access.ts';
import { AppError } from '../../shared/errors.ts';
import { type Locale } from '../../shared/i18n.ts';
import { clock } from '../../shared/time.ts';
import { areaChoices } from '../geo/area-choices.ts';
import type { FieldErrors } from '../../views/form.tsx';
import type { SubmittedForm } from './answers.ts';
import { SURVEY } from './surveys.policy.ts';
import type { PublicSurvey } from './surveys.service.ts';
import { ANSWER_ERROR_KEYS } from './views/labels.ts';
import { SurveyFormPage, SurveyMessagePage } from './views/public-pages.tsx';

export const ANSWERED_COOKIE = 'answered';
const TokenP = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' }) });
const LangQ = Type.Object(
  { lang: Type.Optional(Type.String({ maxLength: 10, pattern: '^[A-Za-z-]*$' })) },
  { additionalProperties: false },
);
const AnswerBody = Type.Object(
  {},
  {
    additionalProperties: Type.Union([
      Type.String({ maxLength: 2000 }),
      Type.Array(Type.String({ maxLength: 20 }), { maxItems: 20 }),
    ]),
    maxProperties: 200,
  },
);

export const respondRoutes: RoutePlugin = async (app, opts) => {
  const { config, i18n } = opts.ctx;
  const { surveys, geo } = opts.ctx.services;

  /** The survey's language for this reader: asked for, else theirs if offered, else the first. */
  const surveyLocale = (req: FastifyRequest, pub: PublicSurvey, asked?: string): Locale => {
    const langs = pub.definition.languages;
    if (asked && langs.includes(asked as Locale)) return asked as Locale;
    if (langs.includes(req.locale)) return req.locale;
    return langs[0] ?? req.locale;
  };

  const message = (
    req: FastifyRequest,
    reply: FastifyReply,
    pub: PublicSurvey,
    locale: Locale,
    kind: 'thanks' | 'answered' | 'not_open' | 'full',
  ) => {
    const t = i18n.translator(locale);
    const title = pub.definition.title[locale] ?? pub.survey.title;
    return reply.page(SurveyMessagePage({ t, locale, title, kind }), { title });
  };

  const renderForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    token: string,
    pub: PublicSurvey,
    locale: Locale,
    values: SubmittedForm,
    errors: FieldErrors,
  ) => {
    const t = i18n.translator(locale);
    const { areas } = await geo.choices(req.actor, locale);
    const codes = new Set(pub.targets.map((x) => x.area_code));
    const residence = areaChoices(
      areas.filter((a) => codes.has(a.code) || a.kind === 'region' || a.kind === 'country'),
      locale,
      { kinds: ['district', 'municipality'] },
    ).map((g) => ({ ...g, areas: g.areas.filter((a) => codes.has(a.code)) }));
    const title = pub.definition.title[locale] ?? pub.survey.title;
    return reply.page(SurveyFormPage({ t, locale, pub, values, errors, token, residence }), { title });
  };

  app.get(
    '/s/:token',
    { config: policy('respond', SURVEY), schema: { hide: true, params: TokenP, querystring: LangQ } },
    async (req, reply) => {
      const { token } = req.params;
      const pub = await surveys.publicSurvey(req.actor, { token });
      const locale = surveyLocale(req, pub, req.query.lang);
      if (req.cookies?.[ANSWERED_COOKIE] === '1') return message(req, reply, pub, locale, 'answered');
      if (pub.state !== 'open') return message(req, reply, pub, locale, pub.state);
      return renderForm(req, reply, token, pub, locale, {}, {});
    },
  );

  app.post(
    '/s/:token',
    {
      config: { ...policy('respond', SURVEY), csrf: 'origin' as const },
      schema: { hide: true, params: TokenP, body: AnswerBody },
    },
    async (req, reply) => {
      const { token } = req.params;
      const form: SubmittedForm = { ...req.body };
      const asked = typeof form.locale === 'string' ? form.locale : undefined;
      const pub = await surveys.publicSurvey(req.actor, { token });
      const locale = surveyLocale(req, pub, asked);
      if (req.cookies?.[ANSWERED_COOKIE] === '1')
        return message(req, reply.code(409), pub, locale, 'answered');
      let outcome: Awaited<ReturnType<typeof surveys.respond>>;
      try {
        outcome = await surveys.respond(req.actor, { token, locale, form });
      } catch (err) {
        if (err instanceof AppError && (err.code === 'not_open' || err.code === 'quota_full'))
          return message(req, reply.code(409), pub, locale, err.code === 'not_open' ? 'not_open' : 'full');
        throw err;
      }
      if ('errors' in outcome) {
        const t = i18n.translator(locale);
        const errors: FieldErrors = Object.fromEntries(
          Object.entries(outcome.errors).map(([field, code]) => [field, t(ANSWER_ERROR_KEYS[code])]),
        );
        reply.code(400);
        return renderForm(req, reply, token, pub, locale, form, errors);
      }
      const maxAge = Math.max(60, Math.floor((Date.parse(outcome.wave.closes_at) - clock.nowMs()) / 1000));
      reply.setCookie(ANSWERED_COOKIE, '1', {
        path: `/s/${token}`,
        maxAge,
        httpOnly: true,
        sameSite: 'lax',
        secure: config.cookieSecure,
      });
      return reply.redirect(`/s/${token}/thanks?lang=${locale}`, 303);
    },
  );

  app.get(
    '/s/:token/thanks',
    { config: PUBLIC, schema: { hide: true, params: TokenP, querystring: LangQ } },
    async (req, reply) => {
      const { token } = req.params;
      const pub = await surveys.publicSurvey(req.actor, { token });
      return message(req, reply, pub, surveyLocale(req, pub, req.query.lang), 'thanks');
    },
  );
};
