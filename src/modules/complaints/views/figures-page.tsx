/**
 * The published figures: complaints by district and outcome, thanks by district, and the median time
 * to a decision. Every count below the minimum is hidden, and enough others with it that none can be
 * worked out from the totals (src/shared/stats/small-cells.ts).
 */
import type { Translate } from '../../../shared/i18n.ts';
import { DataTable } from '../../../views/data-table.tsx';
import type { ComplaintFigures } from '../complaints.service.ts';
import { OUTCOME_KEYS, label } from './labels.ts';

export function FiguresPage(p: {
  t: Translate;
  figures: ComplaintFigures;
  months: number;
  areaName: (code: string, names: string) => string;
}) {
  const { t, figures: f } = p;
  const n = (v: number | null) => (v === null ? t('complaints.figures.hidden') : String(v));
  const column = (c: string) => (c === 'open' ? t('complaints.figures.open') : label(t, OUTCOME_KEYS, c));
  const anything = (f.complaints.total ?? 1) > 0 || (f.commendations.total ?? 1) > 0;
  return (
    <section>
      <h1>{t('complaints.figures.title')}</h1>
      <p>{t('complaints.figures.intro', { minimum: f.minimum })}</p>
      <form method="get" action="/complaints/figures" class="filters stack" novalidate>
        <div>
          <label for="months">{t('complaints.figures.period')}</label>
          <select id="months" name="months">
            {[3, 6, 12, 24].map((m) => (
              <option value={String(m)} selected={m === p.months} key={m}>
                {t('complaints.figures.months', { months: m })}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit">{t('complaints.figures.show')}</button>
        </div>
      </form>
      {!anything ? <p>{t('complaints.figures.empty')}</p> : null}
      {/* Seven columns scroll sideways on a phone: the region takes keyboard focus so it can be scrolled. */}
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="complaints-caption">
        <table>
          <caption id="complaints-caption">{t('complaints.figures.complaintsCaption')}</caption>
          <thead>
            <tr>
              {[t('complaints.figures.area'), ...f.columns.map(column), t('complaints.figures.total')].map(
                (h, i) => (
                  <th scope="col" key={i}>
                    {h}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody>
            {f.districts.map((d, i) => (
              <tr key={d.code}>
                <th scope="row">{p.areaName(d.code, d.names)}</th>
                {f.complaints.cells[i]!.map((v, j) => (
                  <td key={j}>{n(v)}</td>
                ))}
                <td>{n(f.complaints.rowTotals[i] ?? null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p id="complaints-total">
        {t('complaints.figures.total')}: {n(f.complaints.total)}
      </p>
      <DataTable
        caption={t('complaints.figures.commendationsCaption')}
        head={[t('complaints.figures.area'), t('complaints.figures.commendations')]}
        rows={f.districts.map((d, i) => ({ d, i }))}
        row={({ d, i }) => (
          <tr key={d.code}>
            <th scope="row">{p.areaName(d.code, d.names)}</th>
            <td>{n(f.commendations.cells[i] ?? null)}</td>
          </tr>
        )}
      />
      <h2>{t('complaints.figures.timeTitle')}</h2>
      <p id="median">
        {f.medianDaysToDecision === null
          ? t('complaints.figures.tooFew')
          : t('complaints.figures.median', { days: f.medianDaysToDecision })}
      </p>
    </section>
  );
}
