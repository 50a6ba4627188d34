/** Export pages: choose a format for a list, follow a prepared export, and list one's exports. */
import type { InsightExport } from '../../../db/schema.ts';
import type { Translate } from '../../../shared/i18n.ts';
import type { TimeFormat } from '../../../shared/time-format.ts';
import { DataTable } from '../../../views/data-table.tsx';
import { PostForm } from '../../../views/post-form.tsx';
import { EXPORT_FORMATS } from '../export-formats.presenter.ts';
import type { ExportList, ListFilters } from '../exports.service.ts';

/** Literal keys (the unused-key test finds them here). */
export const LIST_KEYS: Record<ExportList, string> = {
  reports: 'insight.exports.list.reports',
  problems: 'insight.exports.list.problems',
};
export const FORMAT_KEYS: Record<string, string> = {
  csv: 'insight.exports.format.csv',
  xlsx: 'insight.exports.format.xlsx',
  geojson: 'insight.exports.format.geojson',
};
export const STATUS_KEYS: Record<InsightExport['status'], string> = {
  pending: 'insight.exports.status.pending',
  running: 'insight.exports.status.running',
  done: 'insight.exports.status.done',
  failed: 'insight.exports.status.failed',
  expired: 'insight.exports.status.expired',
};

const LIST_PAGES: Record<ExportList, string> = { reports: '/staff/reports', problems: '/staff/problems' };

export function filterQuery(list: ExportList, filters: ListFilters, extra: Record<string, string> = {}) {
  const q = new URLSearchParams({ list, ...(filters as Record<string, string>), ...extra });
  return q.toString();
}

export function ExportNewPage(p: {
  t: Translate;
  csrf: string;
  list: ExportList;
  filters: ListFilters;
  total: number | null;
  inline: boolean;
  columns: string[];
}) {
  const { t } = p;
  const back = `${LIST_PAGES[p.list]}?${new URLSearchParams(p.filters as Record<string, string>).toString()}`;
  return (
    <section>
      <h1>{t('insight.exports.new.title', { list: t(LIST_KEYS[p.list]) })}</h1>
      <p>{t('insight.exports.new.sameAsPage')}</p>
      <p>
        <a href={back}>{t('insight.exports.new.back')}</a>
      </p>
      <p>
        {p.total === null
          ? t('insight.exports.new.countUnknown')
          : t('insight.exports.new.count', { count: p.total })}
      </p>
      <h2>{t('insight.exports.new.columnsTitle')}</h2>
      <ul>
        {p.columns.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      {p.inline ? (
        <>
          <h2>{t('insight.exports.new.nowTitle')}</h2>
          <ul class="actions">
            {EXPORT_FORMATS.map((f) => (
              <li key={f}>
                <a href={`/staff/exports/download?${filterQuery(p.list, p.filters, { format: f })}`} download>
                  {t('insight.exports.new.downloadAs', { format: t(FORMAT_KEYS[f]!) })}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p class="notice">{t('insight.exports.new.tooLarge')}</p>
      )}
      <h2>{t('insight.exports.new.fileTitle')}</h2>
      <p>{t('insight.exports.new.fileHint')}</p>
      <PostForm action="/staff/exports" csrf={p.csrf} submit={t('insight.exports.new.prepare')}>
        <input type="hidden" name="list" value={p.list} />
        {Object.entries(p.filters).map(([k, v]) => (
          <input type="hidden" name={k} value={String(v)} key={k} />
        ))}
        <fieldset>
          <legend>{t('insight.exports.new.format')}</legend>
          {EXPORT_FORMATS.map((f, i) => (
            <div class="check" key={f}>
              <input type="radio" id={`format-${f}`} name="format" value={f} checked={i === 0} />
              <label for={`format-${f}`}>{t(FORMAT_KEYS[f]!)}</label>
            </div>
          ))}
        </fieldset>
      </PostForm>
    </section>
  );
}

function ProgressLine(p: { t: Translate; e: InsightExport }) {
  const { t, e } = p;
  if (e.rows_total !== null && e.rows_total > 0)
    return (
      <p>
        <label for="export-progress">{t('insight.exports.show.progress')}</label>{' '}
        <progress id="export-progress" value={e.rows_written} max={e.rows_total}>
          {Math.round((100 * e.rows_written) / e.rows_total)}%
        </progress>{' '}
        {t('insight.exports.show.rowsOf', { written: e.rows_written, total: e.rows_total })}
      </p>
    );
  return <p>{t('insight.exports.show.rows', { written: e.rows_written })}</p>;
}

export function ExportShowPage(p: { t: Translate; time: TimeFormat; e: InsightExport; expired: boolean }) {
  const { t, e, time } = p;
  const status = p.expired ? 'expired' : e.status;
  return (
    <section>
      <h1>{t('insight.exports.show.title', { list: t(LIST_KEYS[e.list]) })}</h1>
      <dl>
        <dt>{t('insight.exports.field.format')}</dt>
        <dd>{t(FORMAT_KEYS[e.format]!)}</dd>
        <dt>{t('insight.exports.field.status')}</dt>
        <dd role="status">{t(STATUS_KEYS[status])}</dd>
        <dt>{t('insight.exports.field.requested')}</dt>
        <dd>{time.dateTime(e.created_at)}</dd>
      </dl>
      <ProgressLine t={t} e={e} />
      {status === 'pending' || status === 'running' ? (
        <p>
          <a href={`/staff/exports/${e.id}`}>{t('insight.exports.show.refresh')}</a>
        </p>
      ) : null}
      {status === 'done' && e.expires_at ? (
        <>
          <p>
            <a href={`/staff/exports/${e.id}/file`}>{t('insight.exports.show.download')}</a>
          </p>
          <p class="hint">
            {t('insight.exports.show.expires', { at: time.dateTime(e.expires_at) })}{' '}
            {t('insight.exports.show.audited')}
          </p>
        </>
      ) : null}
      {status === 'failed' ? <p class="notice">{t('insight.exports.show.failed')}</p> : null}
      {status === 'expired' ? <p>{t('insight.exports.show.expired')}</p> : null}
      <p>
        <a href="/staff/exports">{t('insight.exports.mine.title')}</a>
      </p>
    </section>
  );
}

export function ExportListPage(p: { t: Translate; time: TimeFormat; items: InsightExport[]; now: string }) {
  const { t, time } = p;
  return (
    <section>
      <h1>{t('insight.exports.mine.title')}</h1>
      <p>{t('insight.exports.mine.intro')}</p>
      <DataTable
        caption={t('insight.exports.mine.caption')}
        head={[
          t('insight.exports.field.list'),
          t('insight.exports.field.format'),
          t('insight.exports.field.requested'),
          t('insight.exports.field.status'),
        ]}
        rows={p.items}
        empty={t('insight.exports.mine.empty')}
        row={(e) => {
          const expired = e.status === 'expired' || (!!e.expires_at && e.expires_at <= p.now);
          return (
            <tr key={e.id}>
              <td>
                <a href={`/staff/exports/${e.id}`}>{t(LIST_KEYS[e.list])}</a>
              </td>
              <td>{t(FORMAT_KEYS[e.format]!)}</td>
              <td>{time.dateTime(e.created_at)}</td>
              <td>{t(STATUS_KEYS[expired ? 'expired' : e.status])}</td>
            </tr>
          );
        }}
      />
    </section>
  );
}
