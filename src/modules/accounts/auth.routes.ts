/** Sign-in, two-step sign-in, resident sign-up, the account page and the staff home (HTML). */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { PUBLIC, SIGNED_IN, policy } from '../../plugins/access.ts';
import { SESSION_COOKIE } from '../../plugins/actor.ts';
import { LOCALE_TAGS } from '../../shared/i18n.ts';
import { ID_PATTERN } from '../../shared/ids.ts';
import { setOnce, takeOnce } from './flash.ts';
import { formErrors } from './form-errors.ts';
import { AccountPage } from './views/account-page.tsx';
import {
  LoginPage,
  RecoveryCodesPage,
  RegisterPage,
  SecondFactorPage,
  SetupPage,
} from './views/login-page.tsx';
import { StaffHomePage } from './views/staff-home-page.tsx';
import { InvitationsPanel } from '../forums/views/invitations.tsx';
import type { FieldErrors } from '../../views/form.tsx';

const text = (max = 1000) => Type.Optional(Type.String({ maxLength: max }));
const csrf = { _csrf: text(200) };
const LoginForm = Type.Object({ ...csrf, email: text(), password: text() }, { additionalProperties: false });
const CodeForm = Type.Object(
  { ...csrf, code: text(100), recoveryCode: text(100) },
  { additionalProperties: false },
);
const RegisterForm = Type.Object(
  { ...csrf, displayName: text(), email: text(), phone: text(), password: text() },
  { additionalProperties: false },
);
const TokenForm = Type.Object({ ...csrf, name: text() }, { additionalProperties: false });
const CsrfOnly = Type.Object(csrf, { additionalProperties: false });
const TokenParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) });

/** Pages for signed-in people: anonymous visitors go to sign-in, half-signed-in staff to their 2FA step. */
export async function requireSignedInPage(req: FastifyRequest, reply: FastifyReply) {
  if (req.actor.kind !== 'anonymous') return;
  if (req.session?.mfaPending)
    return reply.redirect(req.session.person.totp_enabled_at ? '/login/2fa' : '/account/2fa/setup', 303);
  return reply.redirect('/login', 303);
}

export async function authRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { config, services } = opts.ctx;
  const { auth, users, tokens } = services;

  const setSession = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      secure: config.cookieSecure,
      sameSite: 'lax',
    });
  const clearSession = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, { path: '/' });
  const status = (errors: FieldErrors, err: unknown) =>
    (err as { statusCode?: number }).statusCode ?? (Object.keys(errors).length ? 400 : 200);

  app.get('/login', { config: PUBLIC, schema: { hide: true } }, async (req, reply) => {
    if (req.actor.kind !== 'anonymous')
      return reply.redirect(req.actor.kind === 'staff' ? '/staff' : '/account', 303);
    return reply.page(
      LoginPage({
        t: req.t,
        csrf: reply.generateCsrf(),
        email: '',
        errors: {},
        forgotLink: services.accountEmail.enabled,
      }),
      {
        title: req.t('resident.account.login.title'),
      },
    );
  });

  app.post('/login', { config: PUBLIC, schema: { hide: true, body: LoginForm } }, async (req, reply) => {
    const body = req.body as { email?: string; password?: string };
    try {
      const r = await auth.login(req.actor, {
        email: body.email ?? '',
        password: body.password ?? '',
        address: req.ip,
        previousToken: req.cookies[SESSION_COOKIE],
      });
      setSession(reply, r.token);
      return reply.redirect(r.next, 303);
    } catch (err) {
      const errors = formErrors(req.t, err, 'email');
      if (!errors) throw err;
      reply.code(status(errors, err));
      const email = (body.email ?? '').slice(0, 254);
      return reply.page(
        LoginPage({
          t: req.t,
          csrf: reply.generateCsrf(),
          email,
          errors,
          forgotLink: services.accountEmail.enabled,
        }),
        {
          title: req.t('resident.account.login.title'),
        },
      );
    }
  });

  app.post('/logout', { config: PUBLIC, schema: { hide: true, body: CsrfOnly } }, async (req, reply) => {
    await auth.logout(req.actor, { token: req.cookies[SESSION_COOKIE] });
    clearSession(reply);
    return reply.redirect('/', 303);
  });

  // Two-step sign-in: these pages belong to a session that has passed the password only.
  const renderSecondFactor = (req: FastifyRequest, reply: FastifyReply, errors: FieldErrors) =>
    reply.page(SecondFactorPage({ t: req.t, csrf: reply.generateCsrf(), errors }), {
      title: req.t('resident.account.mfa.title'),
    });

  app.get('/login/2fa', { config: PUBLIC, schema: { hide: true } }, async (req, reply) => {
    if (!req.session?.mfaPending || !req.session.person.totp_enabled_at) return reply.redirect('/login', 303);
    return renderSecondFactor(req, reply, {});
  });

  app.post('/login/2fa', { config: PUBLIC, schema: { hide: true, body: CodeForm } }, async (req, reply) => {
    if (!req.session?.mfaPending) return reply.redirect('/login', 303);
    const body = req.body as { code?: string; recoveryCode?: string };
    try {
      const r = await auth.secondFactor(req.session, {
        code: body.code,
        recoveryCode: body.recoveryCode,
        previousToken: req.cookies[SESSION_COOKIE]!,
      });
      setSession(reply, r.token);
      return reply.redirect(r.next, 303);
    } catch (err) {
      const errors = formErrors(req.t, err, 'code');
      if (!errors) throw err;
      reply.code(status(errors, err));
      return renderSecondFactor(req, reply, errors);
    }
  });

  const renderSetup = async (req: FastifyRequest, reply: FastifyReply, errors: FieldErrors) => {
    const { secret, qrDataUrl } = await auth.totpSetup(req.session!);
    return reply.page(SetupPage({ t: req.t, csrf: reply.generateCsrf(), secret, qrDataUrl, errors }), {
      title: req.t('resident.account.setup.title'),
    });
  };
  const canEnrol = (req: FastifyRequest) => !!req.session && !req.session.person.totp_enabled_at;

  app.get('/account/2fa/setup', { config: PUBLIC, schema: { hide: true } }, async (req, reply) => {
    if (!canEnrol(req)) return reply.redirect(req.session ? '/account' : '/login', 303);
    return renderSetup(req, reply, {});
  });

  app.post(
    '/account/2fa/setup',
    { config: PUBLIC, schema: { hide: true, body: CodeForm } },
    async (req, reply) => {
      if (!canEnrol(req)) return reply.redirect(req.session ? '/account' : '/login', 303);
      try {
        const r = await auth.totpConfirm(req.session, {
          code: (req.body as { code?: string }).code ?? '',
          previousToken: req.cookies[SESSION_COOKIE]!,
        });
        setSession(reply, r.token);
        setOnce(reply, config, 'recovery-codes', { codes: r.recoveryCodes, next: r.next });
        return reply.redirect('/account/2fa/recovery-codes', 303);
      } catch (err) {
        const errors = formErrors(req.t, err, 'code');
        if (!errors) throw err;
        reply.code(status(errors, err));
        return renderSetup(req, reply, errors);
      }
    },
  );

  app.get(
    '/account/2fa/recovery-codes',
    { config: SIGNED_IN, schema: { hide: true }, preHandler: requireSignedInPage },
    async (req, reply) => {
      const shown = takeOnce<{ codes: string[]; next: string }>(req, reply, config, 'recovery-codes');
      if (!shown) return reply.redirect('/account', 303);
      const next = shown.next === '/staff' ? '/staff' : '/account';
      return reply.page(RecoveryCodesPage({ t: req.t, codes: shown.codes, next }), {
        title: req.t('resident.account.recovery.title'),
        csrfToken: reply.generateCsrf(),
      });
    },
  );

  // Resident self sign-up (never needed to report).
  const renderRegister = (
    req: FastifyRequest,
    reply: FastifyReply,
    values: { email: string; phone: string; displayName: string },
    errors: FieldErrors,
  ) =>
    reply.page(RegisterPage({ t: req.t, csrf: reply.generateCsrf(), values, errors }), {
      title: req.t('resident.account.register.title'),
    });

  app.get('/account/register', { config: PUBLIC, schema: { hide: true } }, async (req, reply) => {
    if (req.actor.kind !== 'anonymous') return reply.redirect('/account', 303);
    return renderRegister(req, reply, { email: '', phone: '', displayName: '' }, {});
  });

  app.post(
    '/account/register',
    { config: PUBLIC, schema: { hide: true, body: RegisterForm } },
    async (req, reply) => {
      const b = req.body as { displayName?: string; email?: string; phone?: string; password?: string };
      const values = { email: b.email ?? '', phone: b.phone ?? '', displayName: b.displayName ?? '' };
      try {
        // With e-mail configured, an e-mail sign-up is confirmed by a link and the page answers the
        // same whether or not the address has an account (account-email.service.ts).
        if (services.accountEmail.enabled && values.email.trim()) {
          await services.accountEmail.requestSignUp({
            ...values,
            password: b.password ?? '',
            address: req.ip,
            locale: req.locale,
          });
          return reply.redirect('/account/register/sent', 303);
        }
        const r = await auth.register(req.actor, { ...values, password: b.password ?? '', address: req.ip });
        setSession(reply, r.token);
        return reply.redirect(r.next, 303);
      } catch (err) {
        const errors = formErrors(req.t, err, 'email');
        if (!errors) throw err;
        reply.code(status(errors, err));
        return renderRegister(req, reply, values, errors);
      }
    },
  );

  // The account page: sessions, sign out everywhere, personal API tokens.
  const renderAccount = async (req: FastifyRequest, reply: FastifyReply, errors: FieldErrors) => {
    const actor = req.actor;
    const me = await users.me(actor);
    const fmt = new Intl.DateTimeFormat(LOCALE_TAGS[req.locale], {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    });
    const isStaff = actor.kind === 'staff';
    const newToken = takeOnce<string>(req, reply, config, 'api-token');
    const csrfToken = reply.generateCsrf();
    return reply.page(
      AccountPage({
        t: req.t,
        csrf: csrfToken,
        displayName: me.displayName,
        isStaff,
        sessions: await auth.listSessions(actor, { token: req.cookies[SESSION_COOKIE] }),
        tokens: isStaff ? await tokens.list(actor, { personId: actor.personId! }) : [],
        newToken,
        errors,
        format: (iso) => fmt.format(new Date(iso)),
      }),
      { title: req.t('resident.account.page.title'), csrfToken },
    );
  };
  const signedInPage = { config: policy('read', 'me'), preHandler: requireSignedInPage };

  app.get('/account', { ...signedInPage, schema: { hide: true } }, async (req, reply) =>
    renderAccount(req, reply, {}),
  );

  app.post(
    '/account/sessions/revoke-all',
    { ...signedInPage, config: policy('revoke_sessions', 'me'), schema: { hide: true, body: CsrfOnly } },
    async (req, reply) => {
      await auth.revokeAllSessions(req.actor);
      clearSession(reply);
      return reply.redirect('/login', 303);
    },
  );

  app.post(
    '/account/tokens',
    { ...signedInPage, config: policy('create', 'api_token'), schema: { hide: true, body: TokenForm } },
    async (req, reply) => {
      try {
        const r = await tokens.createToken(req.actor, {
          personId: req.actor.personId!,
          name: (req.body as { name?: string }).name ?? '',
        });
        setOnce(reply, config, 'api-token', r.token);
        return reply.redirect('/account', 303);
      } catch (err) {
        const errors = formErrors(req.t, err, 'name');
        if (!errors) throw err;
        reply.code(400);
        return renderAccount(req, reply, errors);
      }
    },
  );

  app.post(
    '/account/tokens/:id/revoke',
    {
      ...signedInPage,
      config: policy('revoke', 'api_token'),
      schema: { hide: true, params: TokenParams, body: CsrfOnly },
    },
    async (req, reply) => {
      await tokens.revoke(req.actor, { id: (req.params as { id: string }).id });
      return reply.redirect('/account', 303);
    },
  );

  app.get('/staff', { ...signedInPage, config: SIGNED_IN, schema: { hide: true } }, async (req, reply) => {
    if (req.actor.kind !== 'staff') return reply.redirect('/account', 303);
    const me = await users.me(req.actor);
    const csrfToken = reply.generateCsrf();
    // Meeting invitations waiting for an answer (forums module).
    const invitations = await services.forums.myInvitations(req.actor);
    const extra = InvitationsPanel({ t: req.t, locale: req.locale, csrf: csrfToken, items: invitations });
    return reply.page(StaffHomePage({ t: req.t, name: me.displayName, grants: req.actor.grants, extra }), {
      title: req.t('staff.home.title'),
      csrfToken,
    });
  });
}
