import type { Translate } from '../../../shared/i18n.ts';
import { ErrorSummary, Field, type FieldErrors } from '../../../views/form.tsx';
import { PostForm } from '../../../views/post-form.tsx';

export function LoginPage(p: {
  t: Translate;
  csrf: string;
  email: string;
  errors: FieldErrors;
  /** Shown when password reset by e-mail is available. */
  forgotLink?: boolean;
}) {
  const { t } = p;
  return (
    <section>
      <h1>{t('resident.account.login.title')}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <PostForm action="/login" csrf={p.csrf} submit={t('resident.account.login.submit')}>
        <Field
          id="email"
          label={t('resident.account.login.email')}
          hint={t('resident.account.login.emailHint')}
          autocomplete="username"
          value={p.email}
          errors={p.errors}
          required
        />
        <Field
          id="password"
          type="password"
          label={t('resident.account.login.password')}
          autocomplete="current-password"
          errors={p.errors}
          required
        />
      </PostForm>
      {p.forgotLink ? (
        <p>
          <a href="/password/forgot">{t('email.pages.forgot.link')}</a>
        </p>
      ) : null}
      <p>
        <a href="/account/register">{t('resident.account.login.registerLink')}</a>
      </p>
      <p class="hint">{t('resident.account.login.noAccountNeeded')}</p>
    </section>
  );
}

export function SecondFactorPage(p: { t: Translate; csrf: string; errors: FieldErrors }) {
  const { t } = p;
  return (
    <section>
      <h1>{t('resident.account.mfa.title')}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <PostForm action="/login/2fa" csrf={p.csrf} submit={t('resident.account.mfa.submit')}>
        <Field
          id="code"
          label={t('resident.account.mfa.code')}
          inputmode="numeric"
          autocomplete="one-time-code"
          errors={p.errors}
        />
        <details>
          <summary>{t('resident.account.mfa.lostPhone')}</summary>
          <Field
            id="recoveryCode"
            label={t('resident.account.mfa.recoveryCode')}
            hint={t('resident.account.mfa.recoveryHint')}
            autocomplete="off"
            errors={p.errors}
          />
        </details>
      </PostForm>
    </section>
  );
}

export function SetupPage(p: {
  t: Translate;
  csrf: string;
  secret: string;
  qrDataUrl: string;
  errors: FieldErrors;
}) {
  const { t } = p;
  return (
    <section>
      <h1>{t('resident.account.setup.title')}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <p>{t('resident.account.setup.intro')}</p>
      <ol>
        <li>{t('resident.account.setup.step1')}</li>
        <li>
          {t('resident.account.setup.step2')}
          <p>
            <img src={p.qrDataUrl} alt={t('resident.account.setup.qrAlt')} width={200} height={200} />
          </p>
          <p>
            {t('resident.account.setup.manual')} <code id="totp-secret">{p.secret}</code>
          </p>
        </li>
        <li>{t('resident.account.setup.step3')}</li>
      </ol>
      <PostForm action="/account/2fa/setup" csrf={p.csrf} submit={t('resident.account.setup.submit')}>
        <Field
          id="code"
          label={t('resident.account.mfa.code')}
          inputmode="numeric"
          autocomplete="one-time-code"
          errors={p.errors}
          required
        />
      </PostForm>
    </section>
  );
}

export function RecoveryCodesPage(p: { t: Translate; codes: string[]; next: string }) {
  const { t } = p;
  return (
    <section>
      <h1>{t('resident.account.recovery.title')}</h1>
      <p class="notice">{t('resident.account.recovery.done')}</p>
      <p>{t('resident.account.recovery.intro', { n: p.codes.length })}</p>
      <ul class="mono" id="recovery-codes">
        {p.codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <p>
        <a class="button" href={p.next}>
          {t('resident.account.recovery.continue')}
        </a>
      </p>
    </section>
  );
}

export function RegisterPage(p: {
  t: Translate;
  csrf: string;
  values: { email: string; phone: string; displayName: string };
  errors: FieldErrors;
}) {
  const { t } = p;
  return (
    <section>
      <h1>{t('resident.account.register.title')}</h1>
      <p>{t('resident.account.register.intro')}</p>
      <ErrorSummary errors={p.errors} t={t} />
      <PostForm action="/account/register" csrf={p.csrf} submit={t('resident.account.register.submit')}>
        <Field
          id="displayName"
          label={t('resident.account.register.name')}
          autocomplete="name"
          value={p.values.displayName}
          errors={p.errors}
          required
        />
        <Field
          id="email"
          type="email"
          label={t('resident.account.register.email')}
          autocomplete="email"
          value={p.values.email}
          errors={p.errors}
        />
        <Field
          id="phone"
          type="tel"
          label={t('resident.account.register.phone')}
          hint={t('resident.account.register.contactHint')}
          autocomplete="tel"
          value={p.values.phone}
          errors={p.errors}
        />
        <Field
          id="password"
          type="password"
          label={t('resident.account.login.password')}
          hint={t('resident.account.register.passwordHint', { min: 10 })}
          autocomplete="new-password"
          errors={p.errors}
          required
        />
      </PostForm>
    </section>
  );
}
