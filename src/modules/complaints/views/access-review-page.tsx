/**
 * The access review: who read which personal data when, newest first, with anomalies flagged in
 * words. Thresholds (working hours, bulk) are chosen on the page; times are local (time-format).
 */
import type { Translate } from '../../../shared/i18n.ts';
import type { TimeFormat } from '../../../shared/time-format.ts';
import { DataTable } from '../../../views/data-table.tsx';
import { ErrorSummary, Field, type FieldErrors } from '../../../views/form.tsx';
import type { AccessReview } from '../access-review.service.ts';
import { ACTION_KEYS, FLAG_KEYS, label } from './labels.ts';

export function AccessReviewPage(p: {
  t: Translate;
  time: TimeFormat;
  review: AccessReview | null;
  values: Record<string, string>;
  areaName: (path: string | null) => string;
  errors: FieldErrors;
}) {
  const { t, time, review: r, values: v, errors } = p;
  return (
    <section>
      <h1>{t('oversight.access.title')}</h1>
      <ErrorSummary errors={errors} t={t} />
      <p>{t('oversight.access.intro')}</p>
      <form method="get" action="/staff/access-review" class="filters stack" novalidate>
        <Field id="from" label={t('oversight.access.from')} type="date" value={v.from} errors={errors} />
        <Field id="to" label={t('oversight.access.to')} type="date" value={v.to} errors={errors} />
        <Field
          id="work_start"
          label={t('oversight.access.workStart')}
          inputmode="numeric"
          value={v.work_start}
          errors={errors}
        />
        <Field
          id="work_end"
          label={t('oversight.access.workEnd')}
          inputmode="numeric"
          value={v.work_end}
          errors={errors}
        />
        <Field
          id="bulk_threshold"
          label={t('oversight.access.bulk')}
          hint={t('oversight.access.bulkHint')}
          inputmode="numeric"
          value={v.bulk_threshold}
          errors={errors}
        />
        <div class="choice">
          <input type="checkbox" id="only" name="only" value="1" checked={v.only === '1'} />
          <label for="only">{t('oversight.access.onlyAnomalies')}</label>
        </div>
        <div>
          <button type="submit">{t('oversight.access.show')}</button>
        </div>
      </form>
      {r ? (
        <>
          <p id="access-summary">
            {t('oversight.access.summary', { total: r.total, flagged: r.flagged, zone: time.zone() })}
          </p>
          {r.truncated ? <p class="hint">{t('oversight.access.truncated')}</p> : null}
          <DataTable
            caption={t('oversight.access.caption')}
            head={[
              t('oversight.access.when'),
              t('oversight.access.reader'),
              t('oversight.access.action'),
              t('oversight.access.area'),
              t('oversight.access.flags'),
            ]}
            rows={r.rows}
            empty={t('oversight.access.empty')}
            row={(row, i) => (
              <tr key={i} class={row.flags.length ? 'flagged' : undefined}>
                <td>
                  <time dateTime={row.at}>{time.dateTime(row.at)}</time>
                </td>
                <td>
                  {row.readerName}
                  {row.role ? <span class="hint"> ({t(`role.${row.role}`)})</span> : null}
                </td>
                <td>
                  {ACTION_KEYS[row.action]
                    ? t(ACTION_KEYS[row.action]!)
                    : t('oversight.access.actions.other', { action: row.action })}
                  {row.rows !== null ? ` · ${t('oversight.access.rows', { count: row.rows })}` : ''}
                </td>
                <td>{p.areaName(row.areaPath)}</td>
                <td>
                  {row.flags.length
                    ? row.flags.map((f) => (
                        <strong class="badge" key={f}>
                          {label(t, FLAG_KEYS, f)}{' '}
                        </strong>
                      ))
                    : '—'}
                </td>
              </tr>
            )}
          />
        </>
      ) : null}
    </section>
  );
}
