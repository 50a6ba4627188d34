/** Pages of the e-mail sign-up and password reset (account-email.routes.ts). Strings: `email.pages`. */
import type { Translate } from '../../../shared/i18n.ts';
import { ErrorSummary, Field, type FieldErrors } from '../../../views/form.tsx';
import { PostForm } from '../../../views/post-form.tsx';
import { PASSWORD_MIN } from '../passwords.ts';

/** A page of one heading and a few paragraphs, with an optional link. */
export function NoticePage(p: {
  t: Translate;
  title: string;
  lines: string[];
  link?: { href: string; label: string };
}) {
  return (
    <section>
      <h1>{p.title}</h1>
      {p.lines.map((l) => (
        <p>{l}</p>
      ))}
      {p.link ? (
        <p>
          <a href={p.link.href}>{p.link.label}</a>
        </p>
      ) : null}
    </section>
  );
}

export function ConfirmSignUpPage(p: { t: Translate; csrf: string; token: string; errors: FieldErrors }) {
  const { t } = p;
  return (
    <section>
      <h1>{t('email.pages.verify.title')}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <p>{t('email.pages.verify.intro')}</p>
      <PostForm action="/account/verify" csrf={p.csrf} submit={t('email.pages.verify.submit')}>
        <input type="hidden" name="token" value={p.token} />
      </PostForm>
    </section>
  );
}

export function ForgotPage(p: { t: Translate; csrf: string; email: string; errors: FieldErrors }) {
  const { t } = p;
  return (
    <section>
      <h1>{t('email.pages.forgot.title')}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <p>{t('email.pages.forgot.intro')}</p>
      <PostForm action="/password/forgot" csrf={p.csrf} submit={t('email.pages.forgot.submit')}>
        <Field
          id="email"
          type="email"
          inputmode="email"
          label={t('email.pages.forgot.email')}
          autocomplete="email"
          value={p.email}
          errors={p.errors}
          required
        />
      </PostForm>
    </section>
  );
}

export function ResetPage(p: { t: Translate; csrf: string; token: string; errors: FieldErrors }) {
  const { t } = p;
  return (
    <section>
      <h1>{t('email.pages.reset.title')}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <PostForm action="/password/reset" csrf={p.csrf} submit={t('email.pages.reset.submit')}>
        <input type="hidden" name="token" value={p.token} />
        <Field
          id="password"
          type="password"
          label={t('email.pages.reset.password')}
          hint={t('resident.account.register.passwordHint', { min: PASSWORD_MIN })}
          autocomplete="new-password"
          errors={p.errors}
          required
        />
      </PostForm>
    </section>
  );
}
