/** Staff pages for problems: the list with filters and candidates, the create form, the problem page. */
import { LOCALE_TAGS, type Locale, type Translate } from '../../../shared/i18n.ts';
import type { AreaChoiceGroup } from '../../geo/area-choices.ts';
import { AreaPicker } from '../../../views/area-picker.tsx';
import { Csrf, ErrorSummary, Field, Select, TextArea, type FieldErrors } from '../../../views/form.tsx';
import { Picker, PersonPicker, type Choice, type PersonChoice } from '../../../views/pickers.tsx';
import type { ProblemSummaryView } from '../problems.presenter.ts';
import type { Candidate, ProblemDetail } from '../problems.service.ts';
import {
  ACTION_STATUSES,
  CLUSTERING_TYPES,
  DECISIONS,
  FUNDING_SOURCES,
  NEXT_STAGE,
  ORIGINS,
  PRIORITIES,
  STAGES,
} from '../problems.types.ts';
import {
  ACTION_STATUS_KEYS,
  areaName,
  CLUSTERING_KEYS,
  DECISION_KEYS,
  FUNDING_KEYS,
  label,
  ORIGIN_KEYS,
  OUTCOME_KEYS,
  PHASE_KEYS,
  PRIORITY_KEYS,
  STAGE_KEYS,
  TIMELINE_KEYS,
  VERDICT_KEYS,
} from './labels.ts';
import { PostForm } from '../../../views/post-form.tsx';

type Values = Record<string, string>;

function day(locale: Locale, iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(d.getTime())
    ? iso
    : new Intl.DateTimeFormat(LOCALE_TAGS[locale], { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

const options = (t: Translate, values: readonly string[], keys: Record<string, string>, fallback: string) =>
  values.map((v) => ({ value: v, label: t(label(keys, v, fallback)) }));

// --- list ------------------------------------------------------------------------------------------

export function ProblemsListPage(p: {
  t: Translate;
  locale: Locale;
  items: ProblemSummaryView[];
  filters: Values;
  candidates: Candidate[] | null;
  canCreate: boolean;
  /** Areas of the reader's jurisdiction, for the area filter. */
  areaGroups: AreaChoiceGroup[];
  errors?: FieldErrors;
}) {
  const { t } = p;
  const anyOption = { value: '', label: t('problems.list.any') };
  return (
    <section>
      <h1>{t('problems.list.title')}</h1>
      <p>{t('problems.list.intro')}</p>
      <p>
        <a
          href={`/staff/exports/new?${new URLSearchParams({ list: 'problems', ...Object.fromEntries(Object.entries(p.filters).filter(([, v]) => v)) }).toString()}`}
        >
          {t('insight.exports.link')}
        </a>
      </p>
      {p.canCreate ? (
        <p>
          <a href="/staff/problems/new">{t('problems.list.createByHand')}</a>
        </p>
      ) : null}
      <form method="get" action="/staff/problems" class="stack" aria-label={t('problems.list.filters')}>
        <Select
          id="status"
          label={t('problems.field.stage')}
          options={[anyOption, ...options(t, STAGES, STAGE_KEYS, 'problems.stage.scanning')]}
          value={p.filters.status}
          errors={{}}
        />
        <Select
          id="clusteringType"
          label={t('problems.field.clusteringType')}
          options={[anyOption, ...options(t, CLUSTERING_TYPES, CLUSTERING_KEYS, 'problems.clustering.place')]}
          value={p.filters.clusteringType}
          errors={{}}
        />
        <AreaPicker
          id="area"
          label={t('pickers.area.label')}
          groups={p.areaGroups}
          value={p.filters.area}
          emptyLabel={t('pickers.area.any')}
          errors={p.errors ?? {}}
        />
        <Field id="q" label={t('problems.list.search')} value={p.filters.q} errors={{}} />
        <div>
          <button type="submit">{t('problems.list.filter')}</button>
        </div>
      </form>
      {p.items.length ? (
        <table>
          <caption>{t('problems.list.caption', { count: p.items.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('problems.field.title')}</th>
              <th scope="col">{t('problems.field.stage')}</th>
              <th scope="col">{t('problems.field.priority')}</th>
              <th scope="col">{t('problems.field.areas')}</th>
              <th scope="col">{t('problems.field.progress')}</th>
              <th scope="col">{t('problems.field.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {p.items.map((i) => (
              <tr key={i.id}>
                <td>
                  <a href={`/staff/problems/${i.id}`}>{i.title}</a>
                  {i.published ? ` (${t('problems.list.published')})` : ''}
                </td>
                <td>{t(label(STAGE_KEYS, i.status, 'problems.stage.scanning'))}</td>
                <td>{t(label(PRIORITY_KEYS, i.priority, 'problems.priority.medium'))}</td>
                <td>{i.areaCodes.join(', ')}</td>
                <td>{i.progress === null ? '—' : t('problems.percent', { value: i.progress })}</td>
                <td>{day(p.locale, i.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('problems.list.empty')}</p>
      )}
      {p.candidates ? (
        <section aria-labelledby="candidates-title">
          <h2 id="candidates-title">{t('problems.candidates.title')}</h2>
          <p>{t('problems.candidates.rule')}</p>
          {p.candidates.length ? (
            <ul>
              {p.candidates.map((c) => {
                const q = new URLSearchParams({
                  reports: c.reports.map((r) => r.id).join(','),
                  area: c.areaCodes.join(','),
                  category: c.categoryCode,
                });
                return (
                  <li key={c.reports[0]!.id}>
                    {t('problems.candidates.item', {
                      count: c.reports.length,
                      category: c.categoryCode,
                      areas: c.areaCodes.join(', '),
                      from: day(p.locale, c.firstSeen),
                      to: day(p.locale, c.lastSeen),
                    })}{' '}
                    ({c.reports.map((r) => r.reference).join(', ')}){' '}
                    {p.canCreate ? (
                      <a href={`/staff/problems/new?${q.toString()}`}>{t('problems.candidates.start')}</a>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          ) : (
            <p>{t('problems.candidates.none')}</p>
          )}
        </section>
      ) : null}
    </section>
  );
}

// --- create ----------------------------------------------------------------------------------------

export function NewProblemPage(p: {
  t: Translate;
  csrf: string;
  values: Values;
  errors: FieldErrors;
  reports: Array<{ id: string; reference: string; checked: boolean }>;
  areaGroups: AreaChoiceGroup[];
  categories: Choice[];
}) {
  const { t, values: v, errors: e } = p;
  return (
    <section>
      <h1>{t('problems.new.title')}</h1>
      <ErrorSummary errors={e} t={t} />
      <PostForm action="/staff/problems" csrf={p.csrf} submit={t('problems.new.submit')}>
        <Field id="title" label={t('problems.field.title')} value={v.title} errors={e} required />
        <TextArea id="description" label={t('problems.field.description')} value={v.description} errors={e} />
        <AreaPicker
          id="areaCodes"
          label={t('problems.field.areas')}
          hint={t('pickers.area.severalHint')}
          groups={p.areaGroups}
          value={(v.areaCodes ?? '').split(/[\s,]+/).filter(Boolean)}
          multiple
          errors={e}
        />
        <Select
          id="clusteringType"
          label={t('problems.field.clusteringType')}
          hint={t('problems.hint.clusteringType')}
          options={options(t, CLUSTERING_TYPES, CLUSTERING_KEYS, 'problems.clustering.place')}
          value={v.clusteringType}
          errors={e}
        />
        <Picker
          kind="category"
          id="categoryCode"
          label={t('pickers.category.label')}
          groups={[{ label: '', choices: p.categories }]}
          value={v.categoryCode}
          emptyLabel={t('pickers.category.none')}
          errors={e}
        />
        <Select
          id="origin"
          label={t('problems.field.origin')}
          options={options(t, ORIGINS, ORIGIN_KEYS, 'problems.origin.hand')}
          value={v.origin ?? (p.reports.length ? 'reports' : 'hand')}
          errors={e}
        />
        <Select
          id="priority"
          label={t('problems.field.priority')}
          options={options(t, PRIORITIES, PRIORITY_KEYS, 'problems.priority.medium')}
          value={v.priority ?? 'medium'}
          errors={e}
        />
        <TextArea
          id="priorityRationale"
          label={t('problems.field.priorityRationale')}
          value={v.priorityRationale}
          errors={e}
        />
        {p.reports.length ? (
          <fieldset id="reportIds">
            <legend>{t('problems.field.reports')}</legend>
            {p.reports.map((r) => (
              <div key={r.id}>
                <input
                  type="checkbox"
                  id={`report-${r.id}`}
                  name="reportIds"
                  value={r.id}
                  checked={r.checked}
                />
                <label for={`report-${r.id}`}>{r.reference}</label>
              </div>
            ))}
          </fieldset>
        ) : null}
      </PostForm>
    </section>
  );
}

// --- the problem ----------------------------------------------------------------------------------

export type FormName =
  | 'scanning'
  | 'analysis'
  | 'partner'
  | 'measure'
  | 'action'
  | 'actionUpdate'
  | 'rights'
  | 'assessment'
  | 'publication'
  | 'stage'
  | 'reports';

interface PageProps {
  t: Translate;
  locale: Locale;
  csrf: string;
  d: ProblemDetail;
  organisations: Array<{ id: string; name: string; sector: string }>;
  /** Every current area (comparison and buffer areas lie outside the problem's). */
  areaGroups: AreaChoiceGroup[];
  people: PersonChoice[];
  categories: Choice[];
  values: Values;
  errors: FieldErrors;
  form: FormName | null;
  /** The action a failed action form was about. */
  actionId?: string;
}

function Side(p: { t: Translate; name: 'offender' | 'target' | 'place'; v: Values; e: FieldErrors }) {
  const { t, name } = p;
  const legend = {
    offender: 'problems.triangle.offender',
    target: 'problems.triangle.target',
    place: 'problems.triangle.place',
  }[name];
  const controller = {
    offender: 'problems.triangle.handler',
    target: 'problems.triangle.guardian',
    place: 'problems.triangle.manager',
  }[name];
  return (
    <fieldset>
      <legend>{t(legend)}</legend>
      <TextArea
        id={`${name}Known`}
        label={t('problems.triangle.known')}
        value={p.v[`${name}Known`]}
        errors={p.e}
        rows={2}
      />
      <TextArea
        id={`${name}Missing`}
        label={t('problems.triangle.missing')}
        value={p.v[`${name}Missing`]}
        errors={p.e}
        rows={2}
      />
      <Field id={`${name}Controller`} label={t(controller)} value={p.v[`${name}Controller`]} errors={p.e} />
    </fieldset>
  );
}

/** Values for each form: what was typed when it failed, else what is stored. */
function formValues(p: PageProps, which: FormName, stored: Values): Values {
  return p.form === which ? { ...stored, ...p.values } : stored;
}

export function ProblemPage(p: PageProps) {
  const { t, d, locale } = p;
  const pr = d.problem;
  const errs = (which: FormName) => (p.form === which ? p.errors : {});
  const next = NEXT_STAGE[pr.status];
  const scan = formValues(p, 'scanning', {
    title: pr.title,
    description: pr.description,
    clusteringType: pr.clusteringType,
    priority: pr.priority,
    categoryCode: pr.categoryCode ?? '',
    firstSeen: pr.firstSeen ?? '',
    lastSeen: pr.lastSeen ?? '',
    frequency: pr.frequency,
    harms: pr.harms,
    priorityRationale: pr.priorityRationale,
    goal: pr.goal,
  });
  const a = pr.analysis;
  const ana = formValues(p, 'analysis', {
    offenderKnown: a.offender.known,
    offenderMissing: a.offender.missing,
    offenderController: a.offender.controller,
    targetKnown: a.target.known,
    targetMissing: a.target.missing,
    targetController: a.target.controller,
    placeKnown: a.place.known,
    placeMissing: a.place.missing,
    placeController: a.place.controller,
    dataSources: a.dataSources,
    currentResponses: a.currentResponses,
    hypothesis: a.hypothesis,
    statement: a.statement,
  });
  const orgOptions = [
    { value: '', label: t('problems.action.noOrganisation') },
    ...p.organisations.map((o) => ({ value: o.id, label: o.name })),
  ];
  const baselines = d.measures.filter((m) => m.phase === 'baseline');
  const afters = d.measures.filter((m) => m.phase === 'after');
  const live = d.actions.filter((x) => x.status !== 'cancelled');
  const allErrors = p.form ? p.errors : {};
  const base = `/staff/problems/${pr.id}`;
  return (
    <section>
      <p>
        <a href="/staff/problems">{t('problems.page.back')}</a>
      </p>
      <h1>{pr.title}</h1>
      <ErrorSummary errors={allErrors} t={t} />
      <dl>
        <dt>{t('problems.field.stage')}</dt>
        <dd>{t(label(STAGE_KEYS, pr.status, 'problems.stage.scanning'))}</dd>
        <dt>{t('problems.field.areas')}</dt>
        <dd>{d.areas.map((x) => areaName(x.names, x.code, locale)).join(', ')}</dd>
        <dt>{t('problems.field.origin')}</dt>
        <dd>{t(label(ORIGIN_KEYS, pr.origin, 'problems.origin.hand'))}</dd>
        <dt>{t('problems.field.progress')}</dt>
        <dd>
          {pr.progress === null
            ? t('problems.page.noActions')
            : t('problems.percent', { value: pr.progress })}
        </dd>
      </dl>
      {d.can.update && next ? (
        <form method="post" action={`${base}/stage`}>
          <Csrf token={p.csrf} />
          <input type="hidden" name="to" value={next} />
          <button type="submit">
            {t('problems.page.advance', { stage: t(label(STAGE_KEYS, next, 'problems.stage.analysis')) })}
          </button>
        </form>
      ) : null}

      <nav aria-label={t('problems.page.sections')}>
        <ul>
          <li>
            <a href="#scanning">{t('problems.stage.scanning')}</a>
          </li>
          <li>
            <a href="#analysis">{t('problems.stage.analysis')}</a>
          </li>
          <li>
            <a href="#response">{t('problems.stage.response')}</a>
          </li>
          <li>
            <a href="#assessment">{t('problems.stage.assessment')}</a>
          </li>
          <li>
            <a href="#timeline">{t('problems.timeline.title')}</a>
          </li>
        </ul>
      </nav>

      {/* --- Scanning ------------------------------------------------------------------------- */}
      <section id="scanning" aria-labelledby="scanning-title">
        <h2 id="scanning-title">{t('problems.stage.scanning')}</h2>
        <h3>{t('problems.partners.title')}</h3>
        {d.partners.length ? (
          <ul>
            {d.partners.map((x) => (
              <li key={x.organisationId}>
                {x.name}
                {x.raised ? ` — ${t('problems.partners.raised')}` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('problems.partners.none')}</p>
        )}
        {d.can.update ? (
          <PostForm action={`${base}/partners`} csrf={p.csrf} submit={t('problems.partners.add')}>
            <Select
              id="organisationId"
              label={t('problems.partners.organisation')}
              options={orgOptions.slice(1)}
              value={p.form === 'partner' ? p.values.organisationId : undefined}
              errors={errs('partner')}
            />
            <div>
              <input type="checkbox" id="raised" name="raised" value="1" />
              <label for="raised">{t('problems.partners.raisedIt')}</label>
            </div>
          </PostForm>
        ) : null}
        <h3>{t('problems.reports.title')}</h3>
        {d.reports.length ? (
          <ul>
            {d.reports.map((r) => (
              <li key={r.id}>
                {r.reference} — {r.categoryCode}, {day(locale, r.createdAt)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('problems.reports.none')}</p>
        )}
        {d.can.update ? (
          <PostForm action={`${base}/reports`} csrf={p.csrf} submit={t('problems.reports.link')}>
            <Field
              id="references"
              label={t('problems.reports.add')}
              hint={t('problems.reports.hint')}
              value={p.form === 'reports' ? p.values.references : ''}
              errors={errs('reports')}
            />
          </PostForm>
        ) : null}
        <h3>{t('problems.scanning.details')}</h3>
        <PostForm action={`${base}/scanning`} csrf={p.csrf}>
          <fieldset disabled={!d.can.update}>
            <legend>{t('problems.scanning.details')}</legend>
            <Field
              id="title"
              label={t('problems.field.title')}
              value={scan.title}
              errors={errs('scanning')}
            />
            <TextArea
              id="description"
              label={t('problems.field.description')}
              value={scan.description}
              errors={errs('scanning')}
            />
            <Select
              id="clusteringType"
              label={t('problems.field.clusteringType')}
              hint={t('problems.hint.clusteringType')}
              options={options(t, CLUSTERING_TYPES, CLUSTERING_KEYS, 'problems.clustering.place')}
              value={scan.clusteringType}
              errors={errs('scanning')}
            />
            <Picker
              kind="category"
              id="categoryCode"
              label={t('pickers.category.label')}
              groups={[{ label: '', choices: p.categories }]}
              value={scan.categoryCode}
              emptyLabel={t('pickers.category.none')}
              errors={errs('scanning')}
            />
            <Field
              id="firstSeen"
              type="date"
              label={t('problems.field.firstSeen')}
              value={scan.firstSeen}
              errors={errs('scanning')}
            />
            <Field
              id="lastSeen"
              type="date"
              label={t('problems.field.lastSeen')}
              value={scan.lastSeen}
              errors={errs('scanning')}
            />
            <Field
              id="frequency"
              label={t('problems.field.frequency')}
              value={scan.frequency}
              errors={errs('scanning')}
            />
            <TextArea
              id="harms"
              label={t('problems.field.harms')}
              value={scan.harms}
              errors={errs('scanning')}
            />
            <Select
              id="priority"
              label={t('problems.field.priority')}
              options={options(t, PRIORITIES, PRIORITY_KEYS, 'problems.priority.medium')}
              value={scan.priority}
              errors={errs('scanning')}
            />
            <TextArea
              id="priorityRationale"
              label={t('problems.field.priorityRationale')}
              value={scan.priorityRationale}
              errors={errs('scanning')}
            />
            <TextArea
              id="goal"
              label={t('problems.field.goal')}
              value={scan.goal}
              errors={errs('scanning')}
            />
            <div>
              <button type="submit">{t('problems.scanning.save')}</button>
            </div>
          </fieldset>
        </PostForm>
      </section>

      {/* --- Analysis ------------------------------------------------------------------------- */}
      <section id="analysis" aria-labelledby="analysis-title">
        <h2 id="analysis-title">{t('problems.stage.analysis')}</h2>
        <p>{t('problems.triangle.intro')}</p>
        <PostForm action={`${base}/analysis`} csrf={p.csrf}>
          <fieldset disabled={!d.can.update}>
            <legend>{t('problems.triangle.title')}</legend>
            <Side t={t} name="offender" v={ana} e={errs('analysis')} />
            <Side t={t} name="target" v={ana} e={errs('analysis')} />
            <Side t={t} name="place" v={ana} e={errs('analysis')} />
            <TextArea
              id="dataSources"
              label={t('problems.analysis.dataSources')}
              value={ana.dataSources}
              errors={errs('analysis')}
            />
            <TextArea
              id="currentResponses"
              label={t('problems.analysis.currentResponses')}
              value={ana.currentResponses}
              errors={errs('analysis')}
            />
            <TextArea
              id="hypothesis"
              label={t('problems.analysis.hypothesis')}
              value={ana.hypothesis}
              errors={errs('analysis')}
            />
            <TextArea
              id="statement"
              label={t('problems.analysis.statement')}
              value={ana.statement}
              errors={errs('analysis')}
            />
            <div>
              <button type="submit">{t('problems.analysis.save')}</button>
            </div>
          </fieldset>
        </PostForm>

        <h3>{t('problems.measures.title')}</h3>
        <p>{t('problems.measures.intro')}</p>
        {d.measures.length ? (
          <table>
            <caption>{t('problems.measures.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('problems.measures.phase')}</th>
                <th scope="col">{t('problems.measures.period')}</th>
                <th scope="col">{t('problems.measures.target')}</th>
                <th scope="col">{t('problems.measures.comparison')}</th>
                <th scope="col">{t('problems.measures.buffer')}</th>
                <th scope="col">{t('problems.measures.weekly')}</th>
                <th scope="col">{t('problems.measures.survey')}</th>
                <th scope="col">{t('problems.measures.recorded')}</th>
              </tr>
            </thead>
            <tbody>
              {d.measures.map((m) => (
                <tr key={m.id}>
                  <td>{t(label(PHASE_KEYS, m.phase, 'problems.phase.baseline'))}</td>
                  <td>
                    {day(locale, m.periodStart)} – {day(locale, m.periodEnd)}
                  </td>
                  <td>{String(m.targetTotal)}</td>
                  <td>
                    {m.comparisonTotal === null
                      ? '—'
                      : `${m.comparisonTotal} (${m.comparisonAreaCode ?? ''})`}
                  </td>
                  <td>{m.bufferTotal === null ? '—' : `${m.bufferTotal} (${m.bufferAreaCode ?? ''})`}</td>
                  <td>{m.weekly.target.join(' · ')}</td>
                  <td>{t('problems.measures.noSurvey')}</td>
                  <td>{day(locale, m.computedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t('problems.measures.none')}</p>
        )}
        {d.can.update ? (
          <PostForm action={`${base}/measures`} csrf={p.csrf} submit={t('problems.measures.record')}>
            <Select
              id="phase"
              label={t('problems.measures.phase')}
              options={[
                { value: 'baseline', label: t('problems.phase.baseline') },
                { value: 'after', label: t('problems.phase.after') },
              ]}
              value={
                p.form === 'measure' ? p.values.phase : pr.status === 'assessment' ? 'after' : 'baseline'
              }
              errors={errs('measure')}
            />
            <Field
              id="from"
              type="date"
              label={t('problems.measures.from')}
              value={p.form === 'measure' ? p.values.from : ''}
              errors={errs('measure')}
            />
            <Field
              id="to"
              type="date"
              label={t('problems.measures.to')}
              value={p.form === 'measure' ? p.values.to : ''}
              errors={errs('measure')}
            />
            <AreaPicker
              id="comparisonAreaCode"
              label={t('problems.measures.comparisonArea')}
              hint={t('problems.measures.comparisonHint')}
              groups={p.areaGroups}
              emptyLabel={t('pickers.area.none')}
              value={
                p.form === 'measure'
                  ? p.values.comparisonAreaCode
                  : (baselines.at(-1)?.comparisonAreaCode ?? '')
              }
              errors={errs('measure')}
            />
            <AreaPicker
              id="bufferAreaCode"
              label={t('problems.measures.bufferArea')}
              hint={t('problems.measures.bufferHint')}
              groups={p.areaGroups}
              emptyLabel={t('pickers.area.none')}
              value={
                p.form === 'measure' ? p.values.bufferAreaCode : (baselines.at(-1)?.bufferAreaCode ?? '')
              }
              errors={errs('measure')}
            />
          </PostForm>
        ) : null}
      </section>

      {/* --- Response ------------------------------------------------------------------------- */}
      <section id="response" aria-labelledby="response-title">
        <h2 id="response-title">{t('problems.stage.response')}</h2>
        {d.actions.length ? (
          d.actions.map((x) => (
            <article key={x.id} aria-labelledby={`action-${x.id}`}>
              <h3 id={`action-${x.id}`}>{x.title}</h3>
              <dl>
                <dt>{t('problems.action.responsible')}</dt>
                <dd>
                  {[x.responsibleOrganisationName, x.responsiblePersonName].filter(Boolean).join(' — ') ||
                    '—'}
                </dd>
                <dt>{t('problems.action.deadline')}</dt>
                <dd>{day(locale, x.deadline)}</dd>
                <dt>{t('problems.action.funding')}</dt>
                <dd>{t(label(FUNDING_KEYS, x.fundingSource, 'problems.funding.none'))}</dd>
                <dt>{t('problems.action.status')}</dt>
                <dd>
                  {t(label(ACTION_STATUS_KEYS, x.status, 'problems.actionStatus.planned'))},{' '}
                  {t('problems.percent', { value: x.progress })}
                </dd>
                {x.planTaskId ? (
                  <>
                    <dt>{t('problems.action.planTask')}</dt>
                    <dd>{x.planTaskId}</dd>
                  </>
                ) : null}
                {x.coercive ? (
                  <>
                    <dt>{t('problems.rights.title')}</dt>
                    <dd>
                      {x.rightsCheck
                        ? t('problems.rights.recorded', {
                            outcome: t(label(OUTCOME_KEYS, x.rightsCheck.outcome, 'problems.rights.refused')),
                            name: x.rightsCheck.checkerName,
                            date: day(locale, x.rightsCheck.checkedAt),
                          })
                        : t('problems.rights.missing')}
                    </dd>
                  </>
                ) : null}
              </dl>
              {d.can.update ? (
                <PostForm
                  action={`${base}/actions/${x.id}`}
                  csrf={p.csrf}
                  submit={t('problems.action.update', { title: x.title })}
                >
                  <Select
                    id={`status-${x.id}`}
                    label={t('problems.action.status')}
                    options={options(t, ACTION_STATUSES, ACTION_STATUS_KEYS, 'problems.actionStatus.planned')}
                    value={x.status}
                    errors={p.form === 'actionUpdate' && p.actionId === x.id ? p.errors : {}}
                  />
                  <Field
                    id={`progress-${x.id}`}
                    type="number"
                    inputmode="numeric"
                    label={t('problems.action.progress')}
                    value={String(x.progress)}
                    errors={p.form === 'actionUpdate' && p.actionId === x.id ? p.errors : {}}
                  />
                </PostForm>
              ) : null}
              {x.coercive && d.can.rightsCheck && d.can.update ? (
                <PostForm action={`${base}/actions/${x.id}/rights-check`} csrf={p.csrf}>
                  <fieldset>
                    <legend>{t('problems.rights.legend', { title: x.title })}</legend>
                    {(
                      [
                        ['legality', 'problems.rights.legality'],
                        ['necessity', 'problems.rights.necessity'],
                        ['proportionality', 'problems.rights.proportionality'],
                        ['nonDiscrimination', 'problems.rights.nonDiscrimination'],
                      ] as const
                    ).map(([f, k]) => (
                      <TextArea
                        key={f}
                        id={`${f}-${x.id}`}
                        label={t(k)}
                        value={p.form === 'rights' && p.actionId === x.id ? p.values[`${f}-${x.id}`] : ''}
                        errors={p.form === 'rights' && p.actionId === x.id ? p.errors : {}}
                        rows={2}
                      />
                    ))}
                    <Select
                      id={`outcome-${x.id}`}
                      label={t('problems.rights.outcome')}
                      options={[
                        { value: 'approved', label: t('problems.rights.approved') },
                        { value: 'refused', label: t('problems.rights.refused') },
                      ]}
                      errors={p.form === 'rights' && p.actionId === x.id ? p.errors : {}}
                    />
                    <Field
                      id={`checkerName-${x.id}`}
                      label={t('problems.rights.checker')}
                      value={
                        p.form === 'rights' && p.actionId === x.id ? p.values[`checkerName-${x.id}`] : ''
                      }
                      errors={p.form === 'rights' && p.actionId === x.id ? p.errors : {}}
                    />
                    <div>
                      <button type="submit">{t('problems.rights.submit')}</button>
                    </div>
                  </fieldset>
                </PostForm>
              ) : null}
            </article>
          ))
        ) : (
          <p>{t('problems.action.none')}</p>
        )}
        {d.can.update ? (
          <PostForm action={`${base}/actions`} csrf={p.csrf}>
            <fieldset>
              <legend>{t('problems.action.add')}</legend>
              <Field
                id="actionTitle"
                label={t('problems.action.title')}
                value={p.form === 'action' ? p.values.actionTitle : ''}
                errors={errs('action')}
              />
              <TextArea
                id="actionDescription"
                label={t('problems.action.description')}
                value={p.form === 'action' ? p.values.actionDescription : ''}
                errors={errs('action')}
                rows={2}
              />
              <Select
                id="responsibleOrganisationId"
                label={t('problems.action.organisation')}
                options={orgOptions}
                value={p.form === 'action' ? p.values.responsibleOrganisationId : ''}
                errors={errs('action')}
              />
              <PersonPicker
                id="responsiblePersonId"
                label={t('problems.action.person')}

                people={p.people}
                noOrganisation={t('pickers.person.noOrganisation')}
                emptyLabel={t('pickers.person.none')}
                value={p.form === 'action' ? p.values.responsiblePersonId : ''}
                errors={errs('action')}
              />
              <Field
                id="deadline"
                type="date"
                label={t('problems.action.deadline')}
                value={p.form === 'action' ? p.values.deadline : ''}
                errors={errs('action')}
              />
              <Select
                id="fundingSource"
                label={t('problems.action.funding')}
                options={options(t, FUNDING_SOURCES, FUNDING_KEYS, 'problems.funding.none')}
                value={p.form === 'action' ? p.values.fundingSource : 'none'}
                errors={errs('action')}
              />
              <Field
                id="planTaskId"
                label={t('problems.action.planTask')}
                value={p.form === 'action' ? p.values.planTaskId : ''}
                errors={errs('action')}
              />
              <div>
                <input
                  type="checkbox"
                  id="coercive"
                  name="coercive"
                  value="1"
                  checked={p.form === 'action' && p.values.coercive === '1'}
                  aria-describedby="coercive-hint"
                />
                <label for="coercive">{t('problems.action.coercive')}</label>
                <p class="hint" id="coercive-hint">
                  {t('problems.action.coerciveHint')}
                </p>
              </div>
              <div>
                <button type="submit">{t('problems.action.submit')}</button>
              </div>
            </fieldset>
          </PostForm>
        ) : null}
      </section>

      {/* --- Assessment ----------------------------------------------------------------------- */}
      <section id="assessment" aria-labelledby="assessment-title">
        <h2 id="assessment-title">{t('problems.stage.assessment')}</h2>
        <p>
          {t('problems.assessment.feedback', {
            yes: d.feedback.yes,
            partly: d.feedback.partly,
            no: d.feedback.no,
          })}
        </p>
        {d.preview ? <Comparison t={t} c={d.preview} /> : <p>{t('problems.assessment.noPreview')}</p>}
        {d.assessments.map((x) => (
          <article key={x.id}>
            <h3>
              {t('problems.assessment.recorded', {
                date: day(locale, x.createdAt),
                decision: t(label(DECISION_KEYS, x.decision, 'problems.decision.adjust')),
              })}
            </h3>
            <p>{x.notes}</p>
            <ul>
              {x.processCheck.map((i) => (
                <li key={i.actionId}>
                  {i.title}: {i.done ? t('problems.assessment.done') : t('problems.assessment.notDone')}
                  {i.note ? ` — ${i.note}` : ''}
                </li>
              ))}
            </ul>
            {x.comparison ? <Comparison t={t} c={x.comparison} /> : null}
          </article>
        ))}
        {d.can.assess && (pr.status === 'response' || pr.status === 'assessment') ? (
          <PostForm action={`${base}/assessment`} csrf={p.csrf} submit={t('problems.assessment.submit')}>
            <fieldset id="process">
              <legend>{t('problems.assessment.process')}</legend>
              {live.length ? (
                live.map((x) => (
                  <div key={x.id}>
                    <input
                      type="checkbox"
                      id={`done-${x.id}`}
                      name="done"
                      value={x.id}
                      checked={x.status === 'done'}
                    />
                    <label for={`done-${x.id}`}>{t('problems.assessment.wasDone', { title: x.title })}</label>
                  </div>
                ))
              ) : (
                <p>{t('problems.action.none')}</p>
              )}
            </fieldset>
            <Select
              id="baselineMeasureId"
              label={t('problems.assessment.baseline')}
              options={[
                { value: '', label: t('problems.assessment.noMeasure') },
                ...baselines.map((m) => ({
                  value: m.id,
                  label: `${day(locale, m.periodStart)} – ${day(locale, m.periodEnd)}: ${m.targetTotal}`,
                })),
              ]}
              value={p.form === 'assessment' ? p.values.baselineMeasureId : (baselines.at(-1)?.id ?? '')}
              errors={errs('assessment')}
            />
            <Select
              id="afterMeasureId"
              label={t('problems.assessment.after')}
              options={[
                { value: '', label: t('problems.assessment.noMeasure') },
                ...afters.map((m) => ({
                  value: m.id,
                  label: `${day(locale, m.periodStart)} – ${day(locale, m.periodEnd)}: ${m.targetTotal}`,
                })),
              ]}
              value={p.form === 'assessment' ? p.values.afterMeasureId : (afters.at(-1)?.id ?? '')}
              errors={errs('assessment')}
            />
            <Select
              id="decision"
              label={t('problems.assessment.decision')}
              options={options(t, DECISIONS, DECISION_KEYS, 'problems.decision.adjust')}
              value={p.form === 'assessment' ? p.values.decision : 'close'}
              errors={errs('assessment')}
            />
            <TextArea
              id="notes"
              label={t('problems.assessment.notes')}
              value={p.form === 'assessment' ? p.values.notes : ''}
              errors={errs('assessment')}
            />
          </PostForm>
        ) : null}
      </section>

      {/* --- Public summary ------------------------------------------------------------------- */}
      <section id="publication" aria-labelledby="publication-title">
        <h2 id="publication-title">{t('problems.publication.title')}</h2>
        <p>{t('problems.publication.intro')}</p>
        {pr.published ? (
          <p>
            <a href={`/problems/${pr.id}`}>{t('problems.publication.view')}</a>
          </p>
        ) : null}
        {d.can.publish ? (
          <PostForm action={`${base}/publication`} csrf={p.csrf} submit={t('problems.publication.save')}>
            <Field
              id="publicTitle"
              label={t('problems.publication.publicTitle')}
              value={p.form === 'publication' ? p.values.publicTitle : pr.publicTitle}
              errors={errs('publication')}
            />
            <TextArea
              id="publicSummary"
              label={t('problems.publication.publicSummary')}
              hint={t('problems.publication.hint')}
              value={p.form === 'publication' ? p.values.publicSummary : pr.publicSummary}
              errors={errs('publication')}
            />
            <div>
              <input type="checkbox" id="published" name="published" value="1" checked={pr.published} />
              <label for="published">{t('problems.publication.publish')}</label>
            </div>
          </PostForm>
        ) : null}
      </section>

      {/* --- Timeline ------------------------------------------------------------------------- */}
      <section id="timeline" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('problems.timeline.title')}</h2>
        <ol>
          {d.timeline.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{day(locale, e.at)}</time> —{' '}
              {t(label(TIMELINE_KEYS, e.kind, 'problems.timeline.scanning_updated'), {
                who: e.actorName ?? t('problems.timeline.someone'),
                fields: String(e.details.fields ?? ''),
                count: Number(e.details.count ?? e.details.reports ?? 0),
                from: e.details.from
                  ? t(label(STAGE_KEYS, String(e.details.from), 'problems.stage.scanning'))
                  : '',
                to: e.details.to ? t(label(STAGE_KEYS, String(e.details.to), 'problems.stage.scanning')) : '',
                action: String(e.details.action ?? ''),
                organisation: String(e.details.organisation ?? ''),
                reference: String(e.details.reference ?? ''),
                phase: e.details.phase
                  ? t(label(PHASE_KEYS, String(e.details.phase), 'problems.phase.baseline'))
                  : '',
                total: Number(e.details.total ?? 0),
                status: e.details.status
                  ? t(label(ACTION_STATUS_KEYS, String(e.details.status), 'problems.actionStatus.planned'))
                  : '',
                progress: Number(e.details.progress ?? 0),
                outcome: e.details.outcome
                  ? t(label(OUTCOME_KEYS, String(e.details.outcome), 'problems.rights.refused'))
                  : '',
                checker: String(e.details.checker ?? ''),
                decision: e.details.decision
                  ? t(label(DECISION_KEYS, String(e.details.decision), 'problems.decision.adjust'))
                  : '',
              })}
            </li>
          ))}
        </ol>
      </section>
    </section>
  );
}

function Comparison(p: { t: Translate; c: NonNullable<ProblemDetail['preview']> }) {
  const { t, c } = p;
  const n = (x: number | null) => (x === null ? '—' : String(x));
  return (
    <dl>
      <dt>{t('problems.comparison.targetChange')}</dt>
      <dd>{c.targetChangePct === null ? '—' : t('problems.percent', { value: c.targetChangePct })}</dd>
      <dt>{t('problems.comparison.comparisonChange')}</dt>
      <dd>
        {c.comparisonChangePct === null ? '—' : t('problems.percent', { value: c.comparisonChangePct })}
      </dd>
      <dt>{t('problems.comparison.wdq')}</dt>
      <dd>{n(c.wdq)}</dd>
      <dt>{t('problems.comparison.netEffect')}</dt>
      <dd>{n(c.netEffect)}</dd>
      <dt>{t('problems.comparison.verdict')}</dt>
      <dd>{t(label(VERDICT_KEYS, c.verdict, 'problems.verdict.no_comparison'))}</dd>
    </dl>
  );
}
