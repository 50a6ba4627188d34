import type { Translate } from '../../../shared/i18n.ts';
import type { TokenView } from '../tokens.service.ts';
import { Csrf, ErrorSummary, Field, type FieldErrors } from '../../../views/form.tsx';
import { PostForm } from '../../../views/post-form.tsx';

export interface AccountPageProps {
  t: Translate;
  csrf: string;
  displayName: string;
  isStaff: boolean;
  sessions: { createdAt: string; lastSeenAt: string; current: boolean }[];
  tokens: TokenView[];
  newToken: string | null;
  errors: FieldErrors;
  format: (iso: string) => string;
}

export function AccountPage(p: AccountPageProps) {
  const { t } = p;
  return (
    <section>
      <h1>{t('resident.account.page.title')}</h1>
      <p>{t('resident.account.page.signedInAs', { name: p.displayName })}</p>
      <ErrorSummary errors={p.errors} t={t} />

      <h2>{t('resident.account.page.sessions')}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('resident.account.page.started')}</th>
              <th scope="col">{t('resident.account.page.lastSeen')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('resident.account.page.thisDevice')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.sessions.map((s, i) => (
              <tr key={i}>
                <td>{p.format(s.createdAt)}</td>
                <td>{p.format(s.lastSeenAt)}</td>
                <td>{s.current ? t('resident.account.page.thisDevice') : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="post" action="/account/sessions/revoke-all">
        <Csrf token={p.csrf} />
        <button type="submit" class="secondary">
          {t('resident.account.page.signOutEverywhere')}
        </button>
      </form>

      {p.isStaff ? (
        <>
          <h2>{t('resident.account.tokens.title')}</h2>
          <p class="hint">{t('resident.account.tokens.intro')}</p>
          {p.newToken ? (
            <div class="notice">
              <p>{t('resident.account.tokens.created')}</p>
              <p>
                <code id="new-token">{p.newToken}</code>
              </p>
            </div>
          ) : null}
          {p.tokens.length ? (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('resident.account.tokens.name')}</th>
                    <th scope="col">{t('resident.account.page.started')}</th>
                    <th scope="col">{t('resident.account.tokens.lastUsed')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t('resident.account.tokens.revoke')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {p.tokens.map((tok) => (
                    <tr key={tok.id}>
                      <td>{tok.name}</td>
                      <td>{p.format(tok.createdAt)}</td>
                      <td>
                        {tok.lastUsedAt ? p.format(tok.lastUsedAt) : t('resident.account.tokens.never')}
                      </td>
                      <td>
                        <form method="post" action={`/account/tokens/${tok.id}/revoke`} class="inline">
                          <Csrf token={p.csrf} />
                          <button type="submit" class="link">
                            {t('resident.account.tokens.revoke')}
                          </button>
                        </form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>{t('resident.account.tokens.none')}</p>
          )}
          <PostForm action="/account/tokens" csrf={p.csrf} submit={t('resident.account.tokens.create')}>
            <Field id="name" label={t('resident.account.tokens.name')} errors={p.errors} required />
          </PostForm>
        </>
      ) : null}
    </section>
  );
}
