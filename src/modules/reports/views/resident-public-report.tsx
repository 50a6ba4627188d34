/** One public report's own page: what it is about, where (coarsely), its status and public history. */
import type { Translate } from '../../../shared/i18n.ts';

export interface PublicHistoryEntry {
  at: string;
  statusLabel: string | null;
  body: string | null;
}

export function PublicReportPage(p: {
  t: Translate;
  reference: string;
  categoryName: string;
  areaName: string;
  statusLabel: string;
  createdAt: string;
  excerpt: string;
  history: PublicHistoryEntry[];
  formatDate: (iso: string) => string;
}) {
  const { t } = p;
  return (
    <section>
      <p>
        <a href="/reports">{t('resident.publicReport.back')}</a>
      </p>
      <h1>{p.categoryName}</h1>
      <dl class="facts">
        <dt>{t('resident.publicReport.reference')}</dt>
        <dd class="mono">{p.reference}</dd>
        <dt>{t('resident.publicReport.where')}</dt>
        <dd>{p.areaName}</dd>
        <dt>{t('resident.track.status')}</dt>
        <dd>
          <strong>{p.statusLabel}</strong>
        </dd>
        <dt>{t('resident.publicReport.received')}</dt>
        <dd>
          <time dateTime={p.createdAt}>{p.formatDate(p.createdAt)}</time>
        </dd>
      </dl>
      {p.excerpt ? <p class="body">{p.excerpt}</p> : null}
      <h2>{t('resident.track.history')}</h2>
      {p.history.length ? (
        <ol class="thread">
          {p.history.map((e, i) => (
            <li key={i} class="from-team">
              <p class="hint">
                <time dateTime={e.at}>{p.formatDate(e.at)}</time>
              </p>
              {e.statusLabel ? <p>{t('resident.track.statusChanged', { status: e.statusLabel })}</p> : null}
              {e.body ? <p class="body">{e.body}</p> : null}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t('resident.publicReport.noHistory')}</p>
      )}
      <p class="hint">{t('resident.publicReport.privacy')}</p>
      <p>
        <a href="/report">{t('resident.list.reportLink')}</a>
      </p>
    </section>
  );
}
