/** The hotspot map: a grid drawn as SVG, the significant cells in a table, and what a hotspot does and does not mean. */
import type { Translate } from '../../../shared/i18n.ts';
import { AreaPicker } from '../../../views/area-picker.tsx';
import { ErrorSummary, Select, type FieldErrors } from '../../../views/form.tsx';
import { DataTable } from '../../../views/data-table.tsx';
import type { HotspotView } from '../hotspots.service.ts';

const FILL = { hot: '#b2182b', cold: '#2166ac', none: '#e0e0e0', empty: '#f7f7f7' } as const;

export function HotspotsPage(p: { t: Translate; v: HotspotView; errors: FieldErrors }) {
  const { t, v } = p;
  const g = v.grid;
  const r = v.result;
  const size = g ? Math.min(12, Math.max(2, Math.floor(320 / Math.max(g.cols, g.rows)))) : 0;
  const cells =
    g && r ? g.counts.map((n, i) => ({ i, n, row: Math.floor(i / g.cols), col: i % g.cols })) : [];
  const flagged = cells.filter((c) => r && (r.cls[c.i] === 'hot' || r.cls[c.i] === 'cold'));
  const km = (k: number) => ((k * v.cell) / 1000).toFixed(1);
  const cellOptions = [100, 200, 300, 500, 1000, 2000, 5000]
    .filter((m) => m >= v.minCell)
    .map((m) => ({ value: String(m), label: t('insight.hotspots.metres', { metres: m }) }));
  return (
    <section>
      <h1>{t('insight.hotspots.title')}</h1>
      <ErrorSummary errors={p.errors} t={t} />
      <form method="get" action="/staff/insight/hotspots" class="filters" aria-labelledby="hs-filters">
        <h2 id="hs-filters" class="full">
          {t('insight.hotspots.filters')}
        </h2>
        <AreaPicker
          id="area"
          label={t('insight.hotspots.area')}
          groups={v.areaGroups}
          value={v.areaCode}
          errors={p.errors}
        />
        <Select
          id="cell"
          label={t('insight.hotspots.cell')}
          value={String(v.cell)}
          errors={p.errors}
          options={cellOptions}
        />
        <Select
          id="period"
          label={t('insight.hotspots.period')}
          value={v.period}
          errors={p.errors}
          options={[
            { value: '90d', label: t('insight.dashboard.period.90d') },
            { value: '365d', label: t('insight.dashboard.period.365d') },
          ]}
        />
        <div class="full">
          <button type="submit">{t('insight.dashboard.apply')}</button>
        </div>
      </form>
      <h2>{t('insight.hotspots.meaningTitle')}</h2>
      <p>{t('insight.hotspots.meaning')}</p>
      <p>{t('insight.hotspots.notMeaning')}</p>
      <p class="hint">{v.exact ? t('insight.hotspots.exactPoints') : t('insight.hotspots.publicPoints')}</p>
      <p>{t('insight.hotspots.counted', { count: v.points })}</p>
      {g && r ? (
        <figure aria-labelledby="hs-caption">
          <figcaption id="hs-caption">
            <h3>{t('insight.hotspots.mapTitle', { metres: v.cell })}</h3>
          </figcaption>
          <svg
            viewBox={`0 0 ${g.cols * size} ${g.rows * size}`}
            width="100%"
            role="img"
            aria-labelledby="hs-title"
            preserveAspectRatio="xMinYMin meet"
          >
            <title id="hs-title">
              {t('insight.hotspots.summary', {
                hot: flagged.filter((c) => r.cls[c.i] === 'hot').length,
                cold: flagged.filter((c) => r.cls[c.i] === 'cold').length,
              })}
            </title>
            {cells
              .filter((c) => g.inside[c.i])
              .map((c) => (
                <rect
                  key={c.i}
                  x={c.col * size}
                  y={(g.rows - 1 - c.row) * size}
                  width={size}
                  height={size}
                  fill={
                    r.cls[c.i] === 'hot'
                      ? FILL.hot
                      : r.cls[c.i] === 'cold'
                        ? FILL.cold
                        : c.n
                          ? FILL.none
                          : FILL.empty
                  }
                  stroke="#ffffff"
                  stroke-width="0.5"
                />
              ))}
          </svg>
          <p class="hint">{t('insight.hotspots.legend')}</p>
          <DataTable
            caption={t('insight.hotspots.tableCaption')}
            head={[
              t('insight.hotspots.col.kind'),
              t('insight.hotspots.col.position'),
              t('insight.hotspots.col.reports'),
              t('insight.hotspots.col.z'),
              t('insight.hotspots.col.p'),
            ]}
            rows={flagged}
            empty={t('insight.hotspots.none')}
            row={(c) => (
              <tr key={c.i}>
                <th scope="row">
                  {r.cls[c.i] === 'hot' ? t('insight.hotspots.hot') : t('insight.hotspots.cold')}
                </th>
                <td>{t('insight.hotspots.position', { north: km(c.row), east: km(c.col) })}</td>
                <td>{c.n}</td>
                <td>{r.z[c.i]!.toFixed(2)}</td>
                <td>{r.p[c.i]!.toPrecision(2)}</td>
              </tr>
            )}
          />
        </figure>
      ) : (
        <p>{t('insight.hotspots.noPoints')}</p>
      )}
    </section>
  );
}
