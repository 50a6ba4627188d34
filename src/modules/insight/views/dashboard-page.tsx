/** A role's dashboard: filters in the URL (works with JavaScript off), headline figures, then charts with tables. */
import type { Translate } from '../../../shared/i18n.ts';
import type { Locale } from '../../../shared/i18n.ts';
import type { TimeFormat } from '../../../shared/time-format.ts';
import { AreaPicker } from '../../../views/area-picker.tsx';
import { ErrorSummary, Select, type FieldErrors } from '../../../views/form.tsx';
import { areaName, parseNames } from '../../geo/geo.presenter.ts';
import { TASK_STATUS_KEYS } from '../../plans/views/labels.ts';
import { STAGE_KEYS } from '../../problems/views/labels.ts';
import { CHANNELS } from '../../reports/reports.types.ts';
import { channelName, duration, localName, privacyName } from '../../reports/views/staff-labels.ts';
import type { Dashboard, Timing } from '../dashboard.service.ts';
import { BarChart, ColumnChart, type ChartRow } from './charts.tsx';

export const ROLE_KEYS: Record<string, string> = {
  supervisor: 'insight.dashboard.role.supervisor',
  analyst: 'insight.dashboard.role.analyst',
  prevention_coordinator: 'insight.dashboard.role.prevention_coordinator',
  oversight: 'insight.dashboard.role.oversight',
  partner: 'insight.dashboard.role.partner',
};
export const PERIOD_KEYS: Record<string, string> = {
  '30d': 'insight.dashboard.period.30d',
  '90d': 'insight.dashboard.period.90d',
  '365d': 'insight.dashboard.period.365d',
};
export const FEEDBACK_KEYS: Record<string, string> = {
  yes: 'insight.dashboard.feedback.yes',
  partly: 'insight.dashboard.feedback.partly',
  no: 'insight.dashboard.feedback.no',
};
export const GENDER_KEYS: Record<string, string> = {
  woman: 'insight.dashboard.gender.woman',
  man: 'insight.dashboard.gender.man',
  other: 'insight.dashboard.gender.other',
  unknown: 'insight.dashboard.gender.unknown',
};

function change(t: Translate, now: number, before: number): string {
  if (before === 0) return now === 0 ? t('insight.dashboard.noChange') : t('insight.dashboard.newSince');
  const pct = Math.round(((now - before) / before) * 100);
  return t('insight.dashboard.change', { pct });
}

export function DashboardPage(p: {
  t: Translate;
  locale: Locale;
  time: TimeFormat;
  d: Dashboard;
  errors: FieldErrors;
}) {
  const { t, d, time, locale } = p;
  const byCode = new Map(d.areas.map((a) => [a.code, a]));
  const areaLabel = (code: string) => {
    const a = byCode.get(code);
    return a ? areaName(parseNames(a.names), locale, code) : code;
  };
  const catLabel = new Map(d.categories.map((c) => [c.code, localName(c.names, locale, c.code)]));
  const head2: [string, string, string] = [
    t('insight.dashboard.col.what'),
    t('insight.dashboard.col.thisPeriod'),
    t('insight.dashboard.col.previousPeriod'),
  ];
  const fmtDuration = (n: number | null | undefined) =>
    n === null || n === undefined ? '—' : duration(t, n);
  const top = (rows: ChartRow[]) =>
    rows.length && rows[0]!.value
      ? t('insight.dashboard.largest', { label: rows[0]!.label, count: rows[0]!.value })
      : t('insight.dashboard.none');
  const bars = (
    rows: Array<{ key: string; value: number; previous?: number }>,
    label: (k: string) => string,
  ) => rows.map((r) => ({ label: label(r.key), value: r.value, previous: r.previous }));
  const timingRows = (x: Timing): ChartRow[] => [
    { label: t('insight.dashboard.median'), value: x.median, previous: x.previousMedian },
    { label: t('insight.dashboard.p90'), value: x.p90, previous: null },
  ];
  const series = d.series.map((s) => ({ label: time.date(s.start), value: s.value, previous: s.previous }));
  const categoryRows = bars(d.byCategory, (k) => catLabel.get(k) ?? k);
  const areaRows = bars(d.byArea, areaLabel);
  const channelRows = bars(d.byChannel, (k) => channelName(t, k));
  const privacyRows = bars(d.byPrivacy, (k) => privacyName(t, k));
  const feedbackRows = bars(d.feedback, (k) => t(FEEDBACK_KEYS[k] ?? 'insight.dashboard.feedback.no'));
  const done = d.tasks.find((x) => x.key === 'done')?.value ?? 0;
  const countable = d.tasks.filter((x) => x.key !== 'cancelled').reduce((s, x) => s + x.value, 0);
  return (
    <section>
      <h1>
        {t('insight.dashboard.title', { role: t(ROLE_KEYS[d.role] ?? 'insight.dashboard.role.analyst') })}
      </h1>
      <p>{t('insight.dashboard.intro')}</p>
      {d.canHotspots ? (
        <p>
          <a href="/staff/insight/hotspots">{t('insight.hotspots.title')}</a>
        </p>
      ) : null}
      <ErrorSummary errors={p.errors} t={t} />
      <form method="get" action="/staff/insight" class="filters" aria-labelledby="dash-filters">
        <h2 id="dash-filters" class="full">
          {t('insight.dashboard.filters')}
        </h2>
        {d.roles.length > 1 ? (
          <Select
            id="role"
            label={t('insight.dashboard.roleLabel')}
            value={d.role}
            errors={p.errors}
            options={d.roles.map((r) => ({
              value: r,
              label: t(ROLE_KEYS[r] ?? 'insight.dashboard.role.analyst'),
            }))}
          />
        ) : null}
        <Select
          id="period"
          label={t('insight.dashboard.periodLabel')}
          value={d.period}
          errors={p.errors}
          options={Object.keys(PERIOD_KEYS).map((k) => ({ value: k, label: t(PERIOD_KEYS[k]!) }))}
        />
        <AreaPicker
          id="area"
          label={t('insight.dashboard.areaLabel')}
          groups={d.areaGroups}
          value={d.filters.area}
          errors={p.errors}
          emptyLabel={t('insight.dashboard.allAreas')}
        />
        <Select
          id="category"
          label={t('insight.dashboard.categoryLabel')}
          value={d.filters.category}
          errors={p.errors}
          options={[
            { value: '', label: t('insight.dashboard.allCategories') },
            ...d.categories.map((c) => ({ value: c.code, label: catLabel.get(c.code)! })),
          ]}
        />
        <Select
          id="channel"
          label={t('insight.dashboard.channelLabel')}
          value={d.filters.channel}
          errors={p.errors}
          options={[
            { value: '', label: t('insight.dashboard.allChannels') },
            ...CHANNELS.map((c) => ({ value: c, label: channelName(t, c) })),
          ]}
        />
        <div class="full">
          <button type="submit">{t('insight.dashboard.apply')}</button>{' '}
          <a href="/staff/insight">{t('insight.dashboard.reset')}</a>
        </div>
      </form>

      <p>
        {t('insight.dashboard.periodIs', {
          from: time.date(d.from),
          to: time.date(d.to),
          previousFrom: time.date(d.previousFrom),
        })}
      </p>
      {d.thin.few || d.thin.channels <= 1 || d.thin.silentAreas.length ? (
        <div class="notice" role="note">
          <p>
            <strong>{t('insight.dashboard.thin.title')}</strong>
          </p>
          <ul>
            {d.thin.few ? <li>{t('insight.dashboard.thin.few', { count: d.total })}</li> : null}
            {d.thin.channels <= 1 ? <li>{t('insight.dashboard.thin.channels')}</li> : null}
            {d.thin.silentAreas.length ? (
              <li>
                {t('insight.dashboard.thin.silent', {
                  areas: d.thin.silentAreas.slice(0, 10).map(areaLabel).join(', '),
                  count: d.thin.silentAreas.length,
                })}
              </li>
            ) : null}
          </ul>
          <p>{t('insight.dashboard.thin.meaning')}</p>
        </div>
      ) : null}

      <h2>{t('insight.dashboard.headline')}</h2>
      <dl class="facts">
        <dt>{t('insight.dashboard.reports')}</dt>
        <dd>
          {d.total} ({change(t, d.total, d.previousTotal)})
        </dd>
        <dt>{t('insight.dashboard.ackMedian')}</dt>
        <dd>{fmtDuration(d.ack.median)}</dd>
        <dt>{t('insight.dashboard.resolveMedian')}</dt>
        <dd>{fmtDuration(d.resolve.median)}</dd>
        <dt>{t('insight.dashboard.open')}</dt>
        <dd>{d.backlog.open}</dd>
      </dl>

      <h2>{t('insight.dashboard.raised')}</h2>
      <ColumnChart
        id="chart-series"
        title={t('insight.dashboard.overTime')}
        summary={t('insight.dashboard.totalSummary', { count: d.total, previous: d.previousTotal })}
        head={[t('insight.dashboard.col.from'), head2[1], head2[2]]}
        rows={series}
      />
      <BarChart
        id="chart-category"
        title={t('insight.dashboard.byCategory')}
        summary={top(categoryRows)}
        head={head2}
        rows={categoryRows}
      />
      <BarChart
        id="chart-area"
        title={t('insight.dashboard.byArea')}
        summary={top(areaRows)}
        head={head2}
        rows={areaRows}
      />
      <BarChart
        id="chart-channel"
        title={t('insight.dashboard.byChannel')}
        summary={top(channelRows)}
        head={head2}
        rows={channelRows}
      />
      <BarChart
        id="chart-privacy"
        title={t('insight.dashboard.byPrivacy')}
        summary={top(privacyRows)}
        head={head2}
        rows={privacyRows}
      />

      <h2>{t('insight.dashboard.answered')}</h2>
      <BarChart
        id="chart-ack"
        title={t('insight.dashboard.ackTitle', { count: d.ack.n })}
        summary={t('insight.dashboard.medianSummary', { median: fmtDuration(d.ack.median) })}
        head={head2}
        rows={timingRows(d.ack)}
        format={fmtDuration}
      />
      <BarChart
        id="chart-resolve"
        title={t('insight.dashboard.resolveTitle', { count: d.resolve.n })}
        summary={t('insight.dashboard.medianSummary', { median: fmtDuration(d.resolve.median) })}
        head={head2}
        rows={timingRows(d.resolve)}
        format={fmtDuration}
      />
      <BarChart
        id="chart-backlog"
        title={t('insight.dashboard.backlogTitle', { count: d.backlog.open })}
        summary={t('insight.dashboard.backlogSummary', { count: d.backlog.olderThan.at(-1)?.n ?? 0 })}
        head={[head2[0], t('insight.dashboard.col.now')]}
        rows={d.backlog.olderThan.map((b) => ({
          label: t('insight.dashboard.olderThan', { days: b.days }),
          value: b.n,
        }))}
      />
      <BarChart
        id="chart-feedback"
        title={t('insight.dashboard.feedbackTitle')}
        summary={top(feedbackRows)}
        head={head2}
        rows={feedbackRows}
      />

      <h2>{t('insight.dashboard.solved')}</h2>
      <BarChart
        id="chart-problems"
        title={t('insight.dashboard.problemsTitle')}
        summary={top(
          d.problems.map((x) => ({
            label: t(STAGE_KEYS[x.key] ?? 'problems.stage.scanning'),
            value: x.value,
          })),
        )}
        head={[head2[0], t('insight.dashboard.col.now')]}
        rows={d.problems.map((x) => ({
          label: t(STAGE_KEYS[x.key] ?? 'problems.stage.scanning'),
          value: x.value,
        }))}
      />
      <BarChart
        id="chart-tasks"
        title={t('insight.dashboard.tasksTitle')}
        summary={t('insight.dashboard.tasksSummary', { done, count: countable })}
        head={[head2[0], t('insight.dashboard.col.now')]}
        rows={d.tasks.map((x) => ({
          label: t(TASK_STATUS_KEYS[x.key] ?? 'plans.taskStatus.not_started'),
          value: x.value,
        }))}
      />
      <h2>{t('insight.dashboard.meetingsTitle')}</h2>
      <dl class="facts">
        <dt>{t('insight.dashboard.meetingsHeld')}</dt>
        <dd>
          {d.meetings.held} ({change(t, d.meetings.held, d.meetings.previousHeld)})
        </dd>
        <dt>{t('insight.dashboard.membersAttended')}</dt>
        <dd>{d.meetings.attended}</dd>
        <dt>{t('insight.dashboard.residentsAttended')}</dt>
        <dd>{d.meetings.residents}</dd>
      </dl>
      <BarChart
        id="chart-gender"
        title={t('insight.dashboard.genderTitle')}
        summary={t('insight.dashboard.suppressedNote')}
        head={[head2[0], head2[1]]}
        rows={d.gender.map((x) => ({
          label: t(GENDER_KEYS[x.key] ?? 'insight.dashboard.gender.unknown'),
          value: x.value,
        }))}
      >
        <p class="hint">{t('insight.dashboard.suppressedNote')}</p>
      </BarChart>
    </section>
  );
}
