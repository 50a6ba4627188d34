/**
 * E-mail sign-up confirmation and password reset pages (account-email.service.ts has the rules).
 * A link opens a page with a button: following a link by GET changes nothing, so mail scanners that
 * fetch links do not use them up.
 *
 * GET  /account/register/sent   "check your e-mail" (the same for every address)
 * GET  /account/verify?token=   confirm page, or "link not valid" (410)
 * POST /account/verify          creates the account and signs it in
 * GET  /password/forgot         request form (404 when e-mail is not configured)
 * POST /password/forgot         always → /password/forgot/sent
 * GET  /password/reset?token=   new password form, or "link not valid" (410)
 * POST /password/reset          sets it, ends all sessions (staff: two-step sign-in set up again)
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { PUBLIC } from '../../plugins/access.ts';
import { SESSION_COOKIE } from '../../plugins/actor.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { InvalidLinkError } from './account-email.service.ts';
import { formErrors } from './form-errors.ts';
import { ConfirmSignUpPage, ForgotPage, NoticePage, ResetPage } from './views/account-email-pages.tsx';
import type { FieldErrors } from '../../views/form.tsx';

const text = (max = 1000) => Type.Optional(Type.String({ maxLength: max }));
const csrf = { _csrf: text(200) };
const TokenQuery = Type.Object({ token: text(200) }, { additionalProperties: false });
const VerifyForm = Type.Object({ ...csrf, token: text(200) }, { additionalProperties: false });
const ForgotForm = Type.Object({ ...csrf, email: text() }, { additionalProperties: false });
const ResetForm = Type.Object(
  { ...csrf, token: text(200), password: text() },
  { additionalProperties: false },
);

export async function accountEmailRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { config, services } = opts.ctx;
  const svc = services.accountEmail;
  const page = { config: PUBLIC, schema: { hide: true } };
  const requireMail = () => {
    if (!svc.enabled) throw new NotFoundError('page');
  };

  const invalidLink = (req: FastifyRequest, reply: FastifyReply, kind: 'verify' | 'reset') => {
    reply.code(410);
    return reply.page(
      NoticePage({
        t: req.t,
        title: req.t('email.pages.invalid.title'),
        lines: [req.t('email.pages.invalid.body')],
        link:
          kind === 'reset'
            ? { href: '/password/forgot', label: req.t('email.pages.invalid.again') }
            : { href: '/account/register', label: req.t('email.pages.invalid.register') },
      }),
      { title: req.t('email.pages.invalid.title') },
    );
  };

  app.get('/account/register/sent', page, async (req, reply) =>
    reply.page(
      NoticePage({
        t: req.t,
        title: req.t('email.pages.sent.title'),
        lines: [req.t('email.pages.sent.body'), req.t('email.pages.sent.spam')],
      }),
      { title: req.t('email.pages.sent.title') },
    ),
  );

  app.get(
    '/account/verify',
    { ...page, schema: { hide: true, querystring: TokenQuery } },
    async (req, reply) => {
      requireMail();
      const token = (req.query as { token?: string }).token ?? '';
      if (!(await svc.linkValid('verify', token))) return invalidLink(req, reply, 'verify');
      return reply.page(ConfirmSignUpPage({ t: req.t, csrf: reply.generateCsrf(), token, errors: {} }), {
        title: req.t('email.pages.verify.title'),
      });
    },
  );

  app.post('/account/verify', { ...page, schema: { hide: true, body: VerifyForm } }, async (req, reply) => {
    requireMail();
    const token = (req.body as { token?: string }).token ?? '';
    try {
      const r = await svc.confirmSignUp({ token });
      reply.setCookie(SESSION_COOKIE, r.token, {
        path: '/',
        httpOnly: true,
        secure: config.cookieSecure,
        sameSite: 'lax',
      });
      return reply.redirect('/account', 303);
    } catch (err) {
      if (err instanceof InvalidLinkError) return invalidLink(req, reply, 'verify');
      const errors = formErrors(req.t, err, 'email');
      if (!errors) throw err;
      reply.code(409);
      return reply.page(
        NoticePage({
          t: req.t,
          title: req.t('email.pages.verify.title'),
          lines: Object.values(errors),
          link: { href: '/login', label: req.t('resident.account.login.title') },
        }),
        { title: req.t('email.pages.verify.title') },
      );
    }
  });

  const renderForgot = (req: FastifyRequest, reply: FastifyReply, email: string, errors: FieldErrors) =>
    reply.page(ForgotPage({ t: req.t, csrf: reply.generateCsrf(), email, errors }), {
      title: req.t('email.pages.forgot.title'),
    });

  app.get('/password/forgot', page, async (req, reply) => {
    requireMail();
    return renderForgot(req, reply, '', {});
  });

  app.post('/password/forgot', { ...page, schema: { hide: true, body: ForgotForm } }, async (req, reply) => {
    requireMail();
    const email = ((req.body as { email?: string }).email ?? '').slice(0, 254);
    try {
      await svc.requestReset({ email, address: req.ip, locale: req.locale });
      return reply.redirect('/password/forgot/sent', 303);
    } catch (err) {
      const errors = formErrors(req.t, err, 'email');
      if (!errors) throw err;
      reply.code((err as { statusCode?: number }).statusCode ?? 400);
      return renderForgot(req, reply, email, errors);
    }
  });

  app.get('/password/forgot/sent', page, async (req, reply) =>
    reply.page(
      NoticePage({
        t: req.t,
        title: req.t('email.pages.forgotSent.title'),
        lines: [req.t('email.pages.forgotSent.body'), req.t('email.pages.sent.spam')],
      }),
      { title: req.t('email.pages.forgotSent.title') },
    ),
  );

  const renderReset = (req: FastifyRequest, reply: FastifyReply, token: string, errors: FieldErrors) =>
    reply.page(ResetPage({ t: req.t, csrf: reply.generateCsrf(), token, errors }), {
      title: req.t('email.pages.reset.title'),
    });

  app.get(
    '/password/reset',
    { ...page, schema: { hide: true, querystring: TokenQuery } },
    async (req, reply) => {
      requireMail();
      const token = (req.query as { token?: string }).token ?? '';
      if (!(await svc.linkValid('reset', token))) return invalidLink(req, reply, 'reset');
      return renderReset(req, reply, token, {});
    },
  );

  app.post('/password/reset', { ...page, schema: { hide: true, body: ResetForm } }, async (req, reply) => {
    requireMail();
    const b = req.body as { token?: string; password?: string };
    const token = b.token ?? '';
    try {
      const r = await svc.reset({ token, password: b.password ?? '' });
      // Any session in this browser ended with the others.
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect(r.staff ? '/password/reset/done?staff=1' : '/password/reset/done', 303);
    } catch (err) {
      if (err instanceof InvalidLinkError) return invalidLink(req, reply, 'reset');
      const errors = formErrors(req.t, err, 'password');
      if (!errors) throw err;
      reply.code(400);
      return renderReset(req, reply, token, errors);
    }
  });

  app.get(
    '/password/reset/done',
    {
      ...page,
      schema: { hide: true, querystring: Type.Object({ staff: text(1) }, { additionalProperties: false }) },
    },
    async (req, reply) => {
      const staff = (req.query as { staff?: string }).staff === '1';
      return reply.page(
        NoticePage({
          t: req.t,
          title: req.t('email.pages.done.title'),
          lines: [req.t('email.pages.done.body'), ...(staff ? [req.t('email.pages.done.staff')] : [])],
          link: { href: '/login', label: req.t('resident.account.login.title') },
        }),
        { title: req.t('email.pages.done.title') },
      );
    },
  );
}
