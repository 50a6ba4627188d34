/** The public open-data page: what is published, what is left out and why, the licence, downloads, and two tables. */
import type { Locale, Translate } from '../../../shared/i18n.ts';
import type { TimeFormat } from '../../../shared/time-format.ts';
import { DataTable } from '../../../views/data-table.tsx';
import { areaName } from '../../geo/geo.presenter.ts';
import { LICENSE_URL } from '../open-data.presenter.ts';
import type { OpenDataset } from '../open-data.service.ts';

function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export function OpenDataPage(p: { t: Translate; locale: Locale; time: TimeFormat; d: OpenDataset }) {
  const { t, d, time } = p;
  const name = (i: number) => areaName(d.areas[i]!.names, p.locale, d.areas[i]!.code);
  const last = d.months[d.months.length - 1]!;
  const shown = (v: number | null) => (v === null ? t('opendata.hidden') : String(v));
  const rows = d.areas.map((_, i) => i);
  return (
    <section>
      <h1>{t('opendata.title')}</h1>
      <p class="lead">{t('opendata.intro')}</p>
      <h2>{t('opendata.what.title')}</h2>
      <ul>
        <li>
          {t('opendata.what.period', {
            from: time.date(`${d.firstMonth}-01`),
            to: time.date(lastDay(d.lastMonth)),
          })}
        </li>
        <li>{t('opendata.what.counts')}</li>
        <li>{t('opendata.what.times')}</li>
        <li>{t('opendata.what.excluded')}</li>
        <li>{t('opendata.what.suppressed', { minimum: d.minimum })}</li>
        <li>{t('opendata.what.notEverything')}</li>
      </ul>
      <h2>{t('opendata.licence.title')}</h2>
      <p>
        {t('opendata.licence.text')}{' '}
        <a href={LICENSE_URL} rel="license">
          {t('opendata.licence.link')}
        </a>
      </p>
      <h2>{t('opendata.downloads.title')}</h2>
      <ul>
        <li>
          <a href="/open-data/reports.csv">{t('opendata.downloads.countsCsv')}</a>
        </li>
        <li>
          <a href="/api/v1/open-data/reports">{t('opendata.downloads.countsJson')}</a>
        </li>
        <li>
          <a href="/open-data/response-times.csv">{t('opendata.downloads.timesCsv')}</a>
        </li>
        <li>
          <a href="/open-data/dataset.jsonld">{t('opendata.downloads.dcat')}</a>
        </li>
      </ul>
      <h2>
        {t('opendata.month.title', {
          from: time.date(`${last.month}-01`),
          to: time.date(lastDay(last.month)),
        })}
      </h2>
      <DataTable
        caption={t('opendata.month.caption')}
        head={[t('opendata.col.area'), t('opendata.col.reports')]}
        rows={rows}
        empty={t('opendata.empty')}
        row={(i) => (
          <tr key={i}>
            <th scope="row">{name(i)}</th>
            <td>{shown(last.areaTotals[i]!)}</td>
          </tr>
        )}
      />
      <h2>{t('opendata.times.title')}</h2>
      <DataTable
        caption={t('opendata.times.caption')}
        head={[t('opendata.col.area'), t('opendata.col.ackHours'), t('opendata.col.resolveDays')]}
        rows={rows}
        empty={t('opendata.empty')}
        row={(i) => (
          <tr key={i}>
            <th scope="row">{name(i)}</th>
            <td>{shown(d.responseTimes[i]!.medianHoursToAcknowledge)}</td>
            <td>{shown(d.responseTimes[i]!.medianDaysToResolve)}</td>
          </tr>
        )}
      />
      <p class="hint">{t('opendata.hiddenExplained', { minimum: d.minimum })}</p>
    </section>
  );
}
