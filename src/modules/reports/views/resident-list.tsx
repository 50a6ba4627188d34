/** The public list of reports (public, non-sensitive only; coarse places; nothing about reporters). */
import type { Translate } from '../../../shared/i18n.ts';
import type { AreaGroup } from './resident-report.tsx';

export interface PublicRow {
  reference: string;
  categoryName: string;
  areaName: string;
  statusLabel: string;
  createdAt: string;
  excerpt: string;
}

export interface ListFilters {
  category: string;
  area: string;
  status: string;
}

export function PublicListPage(p: {
  t: Translate;
  rows: PublicRow[];
  total: number;
  page: number;
  pages: number;
  filters: ListFilters;
  categories: Array<{ code: string; name: string }>;
  areas: AreaGroup[];
  /** Query string of the current filters, without the page (for pagination links). */
  query: string;
  mapApi: string;
  tileUrl: string;
  attribution: string;
  formatDate: (iso: string) => string;
}) {
  const { t, filters: f } = p;
  const pageHref = (n: number) => `/reports?${p.query ? `${p.query}&` : ''}page=${n}`;
  return (
    <section>
      <h1>{t('resident.list.title')}</h1>
      <p>{t('resident.list.intro')}</p>
      <form method="get" action="/reports" class="filters">
        <div>
          <label for="f-category">{t('resident.list.category')}</label>
          <select id="f-category" name="category">
            <option value="">{t('resident.list.all')}</option>
            {p.categories.map((c) => (
              <option value={c.code} key={c.code} selected={f.category === c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-area">{t('resident.list.area')}</label>
          <select id="f-area" name="area">
            <option value="">{t('resident.list.all')}</option>
            {p.areas.map((g) => (
              <optgroup label={g.label} key={g.label}>
                {g.areas.map((a) => (
                  <option value={a.code} key={a.code} selected={f.area === a.code}>
                    {a.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div>
          <label for="f-status">{t('resident.list.status')}</label>
          <select id="f-status" name="status">
            <option value="">{t('resident.list.all')}</option>
            <option value="open" selected={f.status === 'open'}>
              {t('resident.list.open')}
            </option>
            <option value="closed" selected={f.status === 'closed'}>
              {t('resident.list.closed')}
            </option>
          </select>
        </div>
        <div>
          <button type="submit">{t('resident.list.filter')}</button>
        </div>
      </form>
      <div
        data-island="reports-map"
        class="map"
        hidden
        data-api={p.mapApi}
        data-tiles={p.tileUrl}
        data-attribution={p.attribution}
        role="region"
        aria-label={t('resident.list.mapLabel')}
      />
      <p role="status">{t('resident.list.count', { n: p.total })}</p>
      {p.rows.length ? (
        <ul class="list reports">
          {p.rows.map((r) => (
            <li key={r.reference}>
              <h2>
                <a href={`/reports/${r.reference}`}>{r.categoryName}</a>{' '}
                <span class="hint mono">{r.reference}</span>
              </h2>
              <p>{r.excerpt}</p>
              <p class="hint">
                {r.areaName} · <strong>{r.statusLabel}</strong> ·{' '}
                <time dateTime={r.createdAt}>{p.formatDate(r.createdAt)}</time>
              </p>
            </li>
          ))}
        </ul>
      ) : null}
      {p.pages > 1 ? (
        <nav aria-label={t('resident.list.pages')}>
          <ul class="pager">
            {p.page > 1 ? (
              <li>
                <a href={pageHref(p.page - 1)} rel="prev">
                  {t('resident.list.prev')}
                </a>
              </li>
            ) : null}
            <li aria-current="page">{t('resident.list.pageOf', { page: p.page, pages: p.pages })}</li>
            {p.page < p.pages ? (
              <li>
                <a href={pageHref(p.page + 1)} rel="next">
                  {t('resident.list.next')}
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
      <p>
        <a href="/report">{t('resident.list.reportLink')}</a>
      </p>
    </section>
  );
}
