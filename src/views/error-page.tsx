import type { Translate } from '../shared/i18n.ts';

export function ErrorPage(p: { status: number; message: string | null; t: Translate }) {
  const { t } = p;
  const headline =
    p.status === 404 ? t('errors.notFound') : p.status >= 500 ? t('errors.server') : t('errors.badRequest');
  return (
    <section>
      <h1>{headline}</h1>
      {p.message ? <p class="error-detail">{p.message}</p> : null}
      <p>
        <a href="/">{t('errors.backHome')}</a>
      </p>
    </section>
  );
}
