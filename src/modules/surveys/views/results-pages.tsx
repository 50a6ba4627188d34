/**
 * The results page: per construct and question, the trend across waves as a server-rendered SVG
 * chart (weighted estimate with its 95 % interval) with the same numbers in an accessible table
 * beside it, then each area; and the population tables page. Everything shown here has been
 * through small-cell suppression: a hidden value is shown as "fewer than N" or "hidden".
 */
import { areaName, parseNames } from '../../geo/geo.presenter.ts';
import { LOCALE_TAGS, type Locale, type Translate } from '../../../shared/i18n.ts';
import type { TimeFormat } from '../../../shared/time-format.ts';
import { DataTable } from '../../../views/data-table.tsx';
import { ErrorSummary, Field, TextArea, type FieldErrors } from '../../../views/form.tsx';
import { PostForm } from '../../../views/post-form.tsx';
import type { SurveyPopulation } from '../../../db/schema.ts';
import type { Estimate } from '../stats/estimate.ts';
import type { RowError } from '../stats/population-csv.ts';
import type { ResultRow } from '../stats/results.ts';
import type { SurveyResultsView } from '../surveys.service.ts';
import type { Question } from '../surveys.types.ts';
import { questionLabel } from './staff-pages.tsx';
import { AGE_BAND_KEYS, CONSTRUCT_KEYS, GENDER_KEYS, METHOD_KEYS } from './labels.ts';
import type { AgeBand, Gender } from '../surveys.types.ts';

export function formatEstimate(e: Estimate | null, share: boolean, locale: Locale, t: Translate): string {
  if (!e) return t('surveys.results.hidden');
  const f = new Intl.NumberFormat(LOCALE_TAGS[locale], {
    style: share ? 'percent' : 'decimal',
    maximumFractionDigits: 1,
    minimumFractionDigits: share ? 0 : 1,
  });
  return t('surveys.results.estimate', {
    value: f.format(e.estimate),
    low: f.format(e.low),
    high: f.format(e.high),
  });
}

function nText(n: number | null, minimum: number, t: Translate): string {
  return n === null ? t('surveys.results.fewer', { minimum }) : String(n);
}

/** The trend across waves: points for the weighted estimate (unweighted when there is no weighting) with CI whiskers. */
export function TrendChart(p: {
  rows: ResultRow[];
  share: boolean;
  max: number;
  title: string;
  id: string;
  t: Translate;
}) {
  const W = 320;
  const H = 160;
  const pad = { l: 36, r: 12, t: 10, b: 24 };
  const xs = p.rows.length;
  const x = (i: number) => pad.l + (xs <= 1 ? (W - pad.l - pad.r) / 2 : (i * (W - pad.l - pad.r)) / (xs - 1));
  const y = (v: number) => pad.t + (1 - Math.min(1, Math.max(0, v / p.max))) * (H - pad.t - pad.b);
  const ticks = [0, 0.5, 1].map((f) => f * p.max);
  const label = (v: number) => (p.share ? `${Math.round(v * 100)}%` : String(Math.round(v * 10) / 10));
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby={`${p.id}-title`} class="chart">
      <title id={`${p.id}-title`}>{p.title}</title>
      {ticks.map((v) => (
        <g key={v}>
          <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} stroke="#ccc" stroke-width="1" />
          <text x={pad.l - 4} y={y(v) + 4} text-anchor="end" font-size="10">
            {label(v)}
          </text>
        </g>
      ))}
      {p.rows.map((r, i) => {
        const e = r.weighted ?? r.unweighted;
        return (
          <g key={r.wave}>
            <text x={x(i)} y={H - 6} text-anchor="middle" font-size="10">
              {p.t('surveys.results.waveShort', { n: r.wave })}
            </text>
            {e ? (
              <>
                <line x1={x(i)} x2={x(i)} y1={y(e.low)} y2={y(e.high)} stroke="#1d4e89" stroke-width="2" />
                <circle cx={x(i)} cy={y(e.estimate)} r="4" fill="#1d4e89" />
              </>
            ) : null}
          </g>
        );
      })}
      {p.rows.length > 1
        ? p.rows.slice(1).map((r, i) => {
            const a = p.rows[i]!.weighted ?? p.rows[i]!.unweighted;
            const b = r.weighted ?? r.unweighted;
            return a && b ? (
              <line
                key={r.wave}
                x1={x(i)}
                y1={y(a.estimate)}
                x2={x(i + 1)}
                y2={y(b.estimate)}
                stroke="#1d4e89"
                stroke-width="1"
              />
            ) : null;
          })
        : null}
    </svg>
  );
}

function optionText(q: Question, option: number | null, locale: Locale): string {
  if (option === null || q.source !== 'own') return '';
  const o = q.options[option];
  return o?.[locale] ?? o?.en ?? o?.ru ?? Object.values(o ?? {})[0] ?? '';
}

export function ResultsPage(p: { t: Translate; locale: Locale; view: SurveyResultsView; fmt: TimeFormat }) {
  const { t, view } = p;
  const areaLabel = (code: string | null) =>
    code === null
      ? t('surveys.results.allAreas')
      : areaName(
          parseNames(view.targets.find((x) => x.area_code === code)?.areaNames ?? '{}'),
          p.locale,
          code,
        );
  const rows = view.results.rows;
  const constructs = [...new Set(view.specs.filter((s) => s.measure !== 'none').map((s) => s.construct))];
  const id = view.survey.id;
  return (
    <section>
      <h1>{t('surveys.results.title', { title: view.survey.title })}</h1>
      <p>{t('surveys.results.intro', { minimum: view.minimum })}</p>
      <p>
        <a href={`/staff/surveys/${id}`}>{t('surveys.results.back')}</a> ·{' '}
        <a href={`/staff/surveys/${id}/results.csv`}>{t('surveys.results.csv')}</a> ·{' '}
        <a href={`/staff/surveys/${id}/results.xlsx`}>{t('surveys.results.xlsx')}</a>
      </p>
      {view.waves.length === 0 ? <p>{t('surveys.results.noWaves')}</p> : null}
      <h2>{t('surveys.results.respondents')}</h2>
      <DataTable
        head={[
          t('surveys.field.area'),
          ...view.waves.map((w) => t('surveys.results.wave', { n: w.number, version: w.version_number })),
        ]}
        rows={[
          ...view.targets.map((x, i) => ({ code: x.area_code as string | null, i })),
          { code: null, i: -1 },
        ]}
        row={({ code, i }) => (
          <tr key={code ?? 'all'}>
            <td>{areaLabel(code)}</td>
            {view.waves.map((w, j) => (
              <td key={w.id}>
                {nText(
                  i < 0
                    ? (view.results.respondents.waveTotals[j] ?? null)
                    : (view.results.respondents.cells[i]?.[j] ?? null),
                  view.minimum,
                  t,
                )}
              </td>
            ))}
          </tr>
        )}
      />
      <h2>{t('surveys.results.weighting')}</h2>
      <ul>
        {view.results.weighting.map((w) => (
          <li key={w.wave}>
            {t('surveys.results.weightingLine', {
              wave: w.wave,
              methods: Object.entries(w.methods)
                .map(([a, m]) => `${areaLabel(a)}: ${t(METHOD_KEYS[m] ?? 'surveys.results.method.none')}`)
                .join('; '),
              excluded: w.excluded,
              capped: w.capped,
            })}
          </li>
        ))}
      </ul>
      {constructs.map((c) => (
        <section key={c}>
          <h2>{t(CONSTRUCT_KEYS[c] ?? 'surveys.construct.own')}</h2>
          {view.specs
            .filter((s) => s.construct === c && s.measure !== 'none')
            .flatMap((s) => {
              const q = view.questions.find((x) => x.key === s.key)!;
              const options =
                s.measure === 'options' ? Array.from({ length: s.options ?? 0 }, (_, i) => i) : [null];
              return options.map((option) => ({ s, q, option }));
            })
            .map(({ s, q, option }) => {
              const share = s.measure !== 'mean';
              const all = rows.filter(
                (r) => r.questionKey === s.key && r.option === option && r.area === null,
              );
              const byArea = rows.filter(
                (r) => r.questionKey === s.key && r.option === option && r.area !== null,
              );
              const max = share
                ? 1
                : Math.max(10, ...all.map((r) => (r.weighted ?? r.unweighted)?.high ?? 0));
              const title = `${questionLabel(q, view.items, p.locale)}${option !== null ? ` — ${optionText(q, option, p.locale)}` : ''}`;
              const chartId = `chart-${s.key}-${option ?? 'x'}`;
              return (
                <div key={chartId} class="result">
                  <h3>{title}</h3>
                  <p class="hint">
                    {share
                      ? s.measure === 'share'
                        ? t('surveys.results.shareFavourable')
                        : t('surveys.results.shareOption')
                      : t('surveys.results.meanHint')}
                  </p>
                  <div class="result-pair">
                    <TrendChart
                      rows={all}
                      share={share}
                      max={max}
                      title={t('surveys.results.chartTitle', { question: title })}
                      id={chartId}
                      t={t}
                    />
                    <DataTable
                      caption={t('surveys.results.tableCaption')}
                      head={[
                        t('surveys.results.waveCol'),
                        t('surveys.results.n'),
                        t('surveys.results.unweighted'),
                        t('surveys.results.weighted'),
                        t('surveys.results.deff'),
                      ]}
                      rows={all}
                      row={(r) => (
                        <tr key={r.wave}>
                          <td>{t('surveys.results.wave', { n: r.wave, version: r.version })}</td>
                          <td>{nText(r.n, view.minimum, t)}</td>
                          <td>{formatEstimate(r.unweighted, share, p.locale, t)}</td>
                          <td>
                            {r.weighted
                              ? formatEstimate(r.weighted, share, p.locale, t)
                              : r.unweighted
                                ? t('surveys.results.notWeighted')
                                : t('surveys.results.hidden')}
                          </td>
                          <td>
                            {r.weighted
                              ? t('surveys.results.deffValue', {
                                  deff: r.weighted.deff.toFixed(2),
                                  neff: Math.round(r.weighted.nEff),
                                })
                              : '—'}
                          </td>
                        </tr>
                      )}
                    />
                  </div>
                  <DataTable
                    caption={t('surveys.results.byArea')}
                    head={[
                      t('surveys.field.area'),
                      t('surveys.results.waveCol'),
                      t('surveys.results.n'),
                      t('surveys.results.unweighted'),
                      t('surveys.results.weighted'),
                    ]}
                    rows={byArea}
                    row={(r) => (
                      <tr key={`${r.area}-${r.wave}`}>
                        <td>{areaLabel(r.area)}</td>
                        <td>{r.wave}</td>
                        <td>{nText(r.n, view.minimum, t)}</td>
                        <td>{formatEstimate(r.unweighted, share, p.locale, t)}</td>
                        <td>
                          {r.weighted
                            ? formatEstimate(r.weighted, share, p.locale, t)
                            : r.unweighted
                              ? t('surveys.results.notWeighted')
                              : t('surveys.results.hidden')}
                        </td>
                      </tr>
                    )}
                  />
                </div>
              );
            })}
        </section>
      ))}
    </section>
  );
}

export function PopulationPage(p: {
  t: Translate;
  locale: Locale;
  csrf: string;
  rows: Array<SurveyPopulation & { areaNames: string }>;
  canLoad: boolean;
  values: Record<string, string>;
  errors: FieldErrors;
  rowErrors: RowError[];
  fmt: TimeFormat;
}) {
  const { t } = p;
  return (
    <section>
      <h1>{t('surveys.population.title')}</h1>
      <p>{t('surveys.population.intro')}</p>
      <p>
        <a href="/staff/surveys/population/template.csv">{t('surveys.population.template')}</a>
      </p>
      {p.canLoad ? (
        <>
          <ErrorSummary errors={p.errors} t={t} />
          {p.rowErrors.length ? (
            <DataTable
              caption={t('surveys.population.rowErrors')}
              head={[
                t('surveys.population.line'),
                t('surveys.population.column'),
                t('surveys.population.problem'),
              ]}
              rows={p.rowErrors}
              row={(e, i) => (
                <tr key={i}>
                  <td>{e.line}</td>
                  <td>{e.field}</td>
                  <td>{e.message}</td>
                </tr>
              )}
            />
          ) : null}
          <PostForm action="/staff/surveys/population" csrf={p.csrf} submit={t('surveys.population.load')}>
            <Field
              id="source"
              label={t('surveys.population.source')}
              hint={t('surveys.population.sourceHint')}
              value={p.values.source}
              errors={p.errors}
            />
            <TextArea
              id="csv"
              label={t('surveys.population.csv')}
              hint={t('surveys.population.csvHint')}
              value={p.values.csv}
              errors={p.errors}
              rows={10}
            />
          </PostForm>
        </>
      ) : null}
      <DataTable
        caption={t('surveys.population.loaded')}
        head={[
          t('surveys.field.area'),
          t('surveys.demographic.gender'),
          t('surveys.demographic.age_band'),
          t('surveys.population.population'),
          t('surveys.population.source'),
          t('surveys.population.loadedAt'),
        ]}
        rows={p.rows}
        empty={t('surveys.population.empty')}
        row={(r) => (
          <tr key={`${r.area_code}-${r.gender}-${r.age_band}`}>
            <td>
              {areaName(parseNames(r.areaNames), p.locale, r.area_code)} <code>{r.area_code}</code>
            </td>
            <td>
              {r.gender === '*'
                ? t('surveys.population.any')
                : t(GENDER_KEYS[r.gender as Gender] ?? 'surveys.population.any')}
            </td>
            <td>
              {r.age_band === '*'
                ? t('surveys.population.any')
                : t(AGE_BAND_KEYS[r.age_band as AgeBand] ?? 'surveys.population.any')}
            </td>
            <td>{r.population}</td>
            <td>{r.source}</td>
            <td>{p.fmt.date(r.loaded_at)}</td>
          </tr>
        )}
      />
    </section>
  );
}
