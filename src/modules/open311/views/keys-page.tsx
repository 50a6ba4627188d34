/** The administrators' page for Open311 API keys: list, issue (key shown once), revoke. */
import type { Translate } from '../../../shared/i18n.ts';
import { Csrf, ErrorSummary, Field, FieldError, described, type FieldErrors } from '../../../views/form.tsx';
import type { KeyView } from '../open311-keys.service.ts';
import { PostForm } from '../../../views/post-form.tsx';
import { DataTable } from '../../../views/data-table.tsx';
import { onceAction } from '../../../views/once.ts';

export interface KeyFormValues {
  name: string;
  ratePerHour: string;
  services: string[];
}

function when(iso: string | null, t: Translate) {
  if (!iso) return <>{t('open311.admin.never')}</>;
  return <time dateTime={iso}>{`${iso.slice(0, 16).replace('T', ' ')} UTC`}</time>;
}

export function KeysPage(p: {
  t: Translate;
  csrf: string;
  keys: KeyView[];
  services: Array<{ code: string; name: string }>;
  values: KeyFormValues;
  errors: FieldErrors;
  endpoint: string;
  issued: { name: string; key: string } | null;
}) {
  const { t } = p;
  const names = new Map(p.services.map((s) => [s.code, s.name]));
  return (
    <section>
      <h1>{t('open311.admin.title')}</h1>
      <p>{t('open311.admin.intro')}</p>
      <p>
        {t('open311.admin.endpoint')} <code>{p.endpoint}</code>
      </p>
      {p.issued ? (
        <div class="notice" role="status">
          <h2>{t('open311.admin.newKey', { name: p.issued.name })}</h2>
          <p>
            <code class="mono">{p.issued.key}</code>
          </p>
          <p>{t('open311.admin.newKeyHint')}</p>
        </div>
      ) : null}
      <ErrorSummary errors={p.errors} t={t} />
      <DataTable
        rows={p.keys}
        head={[
          t('open311.admin.name'),
          t('open311.admin.hint'),
          t('open311.admin.services'),
          t('open311.admin.rate'),
          t('open311.admin.created'),
          t('open311.admin.lastUsed'),
          t('open311.admin.status'),
        ]}
        empty={t('open311.admin.none')}
        row={(k) => (
          <tr key={k.id}>
            <td>{k.name}</td>
            <td>
              <code>{k.hint}…</code>
            </td>
            <td>{k.services.map((s) => names.get(s) ?? s).join(', ')}</td>
            <td>{k.ratePerHour}</td>
            <td>{when(k.createdAt, t)}</td>
            <td>{when(k.lastUsedAt, t)}</td>
            <td>
              {k.revokedAt ? (
                <>
                  {t('open311.admin.revoked')} {when(k.revokedAt, t)}
                </>
              ) : (
                <form method="post" action={onceAction(`/admin/open311/keys/${k.id}/revoke`)}>
                  <Csrf token={p.csrf} />
                  <button type="submit" aria-label={t('open311.admin.revokeKey', { name: k.name })}>
                    {t('open311.admin.revoke')}
                  </button>
                </form>
              )}
            </td>
          </tr>
        )}
      />
      <h2>{t('open311.admin.create')}</h2>
      <PostForm action="/admin/open311/keys" csrf={p.csrf} submit={t('open311.admin.create')}>
        <Field id="name" label={t('open311.admin.name')} value={p.values.name} errors={p.errors} required />
        <Field
          id="rate_per_hour"
          label={t('open311.admin.rate')}
          value={p.values.ratePerHour}
          errors={p.errors}
          inputmode="numeric"
          required
        />
        <fieldset id="services" {...described(p.errors, 'services', true)}>
          <legend>{t('open311.admin.services')}</legend>
          <p class="hint" id="services-hint">
            {t('open311.admin.servicesHint')}
          </p>
          <FieldError id="services" errors={p.errors} />
          {p.services.map((s) => (
            <div key={s.code}>
              <input
                type="checkbox"
                id={`service-${s.code}`}
                name="services"
                value={s.code}
                checked={p.values.services.includes(s.code)}
              />{' '}
              <label for={`service-${s.code}`}>{s.name}</label>
            </div>
          ))}
        </fieldset>
      </PostForm>
    </section>
  );
}
