/** Staff pages of the surveys module: list, builder, item bank and translations. */
import type { AreaChoiceGroup } from '../../geo/area-choices.ts';
import { areaName, parseNames } from '../../geo/geo.presenter.ts';
import { LOCALE_NAMES, LOCALES, type Locale, type Translate } from '../../../shared/i18n.ts';
import type { TimeFormat } from '../../../shared/time-format.ts';
import { AreaPicker } from '../../../views/area-picker.tsx';
import { DataTable } from '../../../views/data-table.tsx';
import { ErrorSummary, Field, FieldError, Select, TextArea, type FieldErrors } from '../../../views/form.tsx';
import { PostForm } from '../../../views/post-form.tsx';
import type { Survey } from '../../../db/schema.ts';
import type { ItemView, SurveyDetail } from '../surveys.service.ts';
import { DEMOGRAPHICS, QUESTION_KINDS, TRANSLATION_STATUSES, type Question } from '../surveys.types.ts';
import {
  DEMOGRAPHIC_KEYS,
  HELD_KEYS,
  ITEM_STATUS_KEYS,
  CONSTRUCT_KEYS,
  KIND_KEYS,
  TRANSLATION_KEYS,
  VERSION_STATUS_KEYS,
} from './labels.ts';

interface Base {
  t: Translate;
  locale: Locale;
  csrf: string;
  values: Record<string, string>;
  errors: FieldErrors;
}

/** A bank item's text for a staff reader: their language, else English. */
export function itemText(view: ItemView | undefined, locale: Locale): string {
  if (!view) return '';
  return (
    (view.texts.find((x) => x.locale === locale) ?? view.texts.find((x) => x.locale === 'en'))?.text ?? ''
  );
}

export function questionLabel(q: Question, items: Map<string, ItemView>, locale: Locale): string {
  if (q.source === 'bank') return itemText(items.get(q.itemId), locale);
  return q.text[locale] ?? q.text.en ?? q.text.ru ?? Object.values(q.text)[0] ?? q.key;
}

export function SurveysListPage(p: Base & { items: Survey[]; areas: AreaChoiceGroup[]; fmt: TimeFormat }) {
  const { t } = p;
  return (
    <section>
      <h1>{t('surveys.list.title')}</h1>
      <p>{t('surveys.list.intro')}</p>
      <p>
        <a href="/staff/surveys/items">{t('surveys.items.title')}</a> ·{' '}
        <a href="/staff/surveys/population">{t('surveys.population.title')}</a>
      </p>
      <DataTable
        head={[t('surveys.list.survey'), t('surveys.list.version'), t('surveys.list.created')]}
        rows={p.items}
        empty={t('surveys.list.empty')}
        row={(s) => (
          <tr key={s.id}>
            <td>
              <a href={`/staff/surveys/${s.id}`}>{s.title}</a>
            </td>
            <td>
              {s.published_version
                ? t('surveys.list.published', { n: s.published_version })
                : t('surveys.list.draftOnly')}
            </td>
            <td>{p.fmt.date(s.created_at)}</td>
          </tr>
        )}
      />
      <h2>{t('surveys.create.title')}</h2>
      <ErrorSummary errors={p.errors} t={t} />
      <PostForm action="/staff/surveys" csrf={p.csrf} submit={t('surveys.create.submit')}>
        <Field id="title" label={t('surveys.field.title')} value={p.values.title} errors={p.errors} />
        <AreaPicker
          id="areaCode"
          label={t('surveys.field.scope')}
          hint={t('surveys.field.scopeHint')}
          groups={p.areas}
          value={p.values.areaCode}
          errors={p.errors}
        />
      </PostForm>
    </section>
  );
}

function LocaleFields(p: {
  prefix: string;
  label: string;
  langs: readonly Locale[];
  values: Record<string, string>;
  errors: FieldErrors;
  t: Translate;
}) {
  return (
    <fieldset>
      <legend>{p.label}</legend>
      {p.langs.map((l) => (
        <Field
          key={l}
          id={`${p.prefix}_${l}`}
          label={LOCALE_NAMES[l]}
          value={p.values[`${p.prefix}_${l}`]}
          errors={p.errors}
        />
      ))}
    </fieldset>
  );
}

export function SurveyPage(
  p: Base & { detail: SurveyDetail; areas: AreaChoiceGroup[]; fmt: TimeFormat; bank: ItemView[] },
) {
  const { t, detail: d, errors: e, values: v } = p;
  const def = d.definition;
  const langs = def.languages.length ? def.languages : (['ky', 'ru'] as Locale[]);
  const id = d.survey.id;
  const sections = def.sections.map((s) => ({
    value: s.key,
    label: s.title[p.locale] ?? Object.values(s.title)[0] ?? s.key,
  }));
  const held = d.counts.filter((c) => c.status === 'held');
  const count = (waveId: string, area: string, status: string) =>
    d.counts.find((c) => c.wave_id === waveId && c.area_code === area && c.status === status)?.n ?? 0;
  const used = new Set(
    def.sections.flatMap((s) => s.questions.flatMap((q) => (q.source === 'bank' ? [q.itemId] : []))),
  );
  return (
    <section>
      <h1>{d.survey.title}</h1>
      <p>
        {t('surveys.builder.version', { n: d.versionNumber })}{' '}
        <span class="tag">{t(VERSION_STATUS_KEYS[d.versionStatus]!)}</span>
        {d.survey.published_version
          ? ` · ${t('surveys.list.published', { n: d.survey.published_version })}`
          : null}
      </p>
      <p>
        <a href={`/staff/surveys/${id}/results`}>{t('surveys.results.link')}</a>
      </p>
      {d.versionStatus === 'published' ? <p class="hint">{t('surveys.builder.frozen')}</p> : null}
      <ErrorSummary errors={e} t={t} />

      <h2>{t('surveys.builder.settings')}</h2>
      <PostForm action={`/staff/surveys/${id}/settings`} csrf={p.csrf} submit={t('surveys.builder.save')}>
        <fieldset>
          <legend>{t('surveys.field.languages')}</legend>
          <FieldError id="languages" errors={e} />
          {LOCALES.map((l) => (
            <div key={l}>
              <input
                type="checkbox"
                id={`lang-${l}`}
                name="languages"
                value={l}
                checked={def.languages.includes(l)}
              />
              <label for={`lang-${l}`}>{LOCALE_NAMES[l]}</label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('surveys.field.publicTitle')}</legend>
          {LOCALES.map((l) => (
            <Field
              key={l}
              id={`title_${l}`}
              label={LOCALE_NAMES[l]}
              value={v[`title_${l}`] ?? def.title[l]}
              errors={e}
            />
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('surveys.field.demographics')}</legend>
          <p class="hint" id="demographics-hint">
            {t('surveys.field.demographicsHint')}
          </p>
          <FieldError id="demographics" errors={e} />
          {DEMOGRAPHICS.map((x) => (
            <div key={x}>
              <input
                type="checkbox"
                id={`demo-${x}`}
                name="demographics"
                value={x}
                checked={def.demographics.includes(x)}
              />
              <label for={`demo-${x}`}>{t(DEMOGRAPHIC_KEYS[x])}</label>
            </div>
          ))}
        </fieldset>
      </PostForm>

      <h2>{t('surveys.builder.questions')}</h2>
      {def.sections.length === 0 ? <p>{t('surveys.builder.noSections')}</p> : null}
      {def.sections.map((s) => (
        <div key={s.key}>
          <h3>{s.title[p.locale] ?? Object.values(s.title)[0]}</h3>
          <DataTable
            head={[t('surveys.builder.question'), t('surveys.builder.kind'), t('surveys.builder.remove')]}
            rows={s.questions}
            empty={t('surveys.builder.noQuestions')}
            row={(q) => (
              <tr key={q.key}>
                <td>{questionLabel(q, d.items, p.locale)}</td>
                <td>
                  {q.source === 'bank'
                    ? `${t('surveys.builder.fromBank')} (${t(CONSTRUCT_KEYS[d.items.get(q.itemId)?.item.construct ?? 'own'] ?? 'surveys.construct.own')}, ${t(ITEM_STATUS_KEYS[d.items.get(q.itemId)?.item.status ?? 'paraphrase']!)})`
                    : t(KIND_KEYS[q.kind])}
                </td>
                <td>
                  <PostForm
                    action={`/staff/surveys/${id}/questions/${q.key}/remove`}
                    csrf={p.csrf}
                    submit={t('surveys.builder.remove')}
                  />
                </td>
              </tr>
            )}
          />
        </div>
      ))}
      <h3>{t('surveys.builder.addSection')}</h3>
      <PostForm
        action={`/staff/surveys/${id}/sections`}
        csrf={p.csrf}
        submit={t('surveys.builder.addSection')}
      >
        <FieldError id="sectionTitle" errors={e} />
        <LocaleFields
          prefix="sectionTitle"
          label={t('surveys.field.sectionTitle')}
          langs={langs}
          values={v}
          errors={e}
          t={t}
        />
      </PostForm>
      {sections.length ? (
        <>
          <h3>{t('surveys.builder.addBank')}</h3>
          <PostForm
            action={`/staff/surveys/${id}/questions/bank`}
            csrf={p.csrf}
            submit={t('surveys.builder.add')}
          >
            <Select
              id="section"
              label={t('surveys.field.section')}
              options={sections}
              value={v.section}
              errors={e}
            />
            <Select
              id="itemId"
              label={t('surveys.field.item')}
              options={p.bank
                .filter((b) => !used.has(b.item.id))
                .map((b) => ({
                  value: b.item.id,
                  label: `${t(CONSTRUCT_KEYS[b.item.construct] ?? 'surveys.construct.own')}: ${itemText(b, p.locale)}`,
                }))}
              value={v.itemId}
              errors={e}
            />
          </PostForm>
          <h3>{t('surveys.builder.addOwn')}</h3>
          <PostForm
            action={`/staff/surveys/${id}/questions/own`}
            csrf={p.csrf}
            submit={t('surveys.builder.add')}
          >
            <Select
              id="ownSection"
              label={t('surveys.field.section')}
              options={sections}
              value={v.ownSection}
              errors={e}
            />
            <Select
              id="kind"
              label={t('surveys.field.kind')}
              options={QUESTION_KINDS.map((k) => ({ value: k, label: t(KIND_KEYS[k]) }))}
              value={v.kind}
              errors={e}
            />
            <FieldError id="questionText" errors={e} />
            <LocaleFields
              prefix="questionText"
              label={t('surveys.field.questionText')}
              langs={langs}
              values={v}
              errors={e}
              t={t}
            />
            <fieldset>
              <legend>{t('surveys.field.options')}</legend>
              <p class="hint">{t('surveys.field.optionsHint')}</p>
              <FieldError id="options" errors={e} />
              {langs.map((l) => (
                <TextArea
                  key={l}
                  id={`options_${l}`}
                  label={LOCALE_NAMES[l]}
                  value={v[`options_${l}`]}
                  errors={e}
                  rows={4}
                />
              ))}
            </fieldset>
          </PostForm>
        </>
      ) : null}

      <h2>{t('surveys.builder.publish')}</h2>
      {Object.entries(d.blockers).map(([l, list]) => (
        <p key={l}>
          {LOCALE_NAMES[l as Locale]}:{' '}
          {list.length ? t('surveys.builder.blocked', { list: list.join(', ') }) : t('surveys.builder.ready')}
        </p>
      ))}
      <FieldError id="questions" errors={e} />
      {d.versionStatus === 'draft' ? (
        <PostForm
          action={`/staff/surveys/${id}/publish`}
          csrf={p.csrf}
          submit={t('surveys.builder.publishSubmit', { n: d.versionNumber })}
        />
      ) : null}
      <DataTable
        caption={t('surveys.builder.versions')}
        head={[t('surveys.list.version'), t('surveys.builder.state'), t('surveys.builder.publishedAt')]}
        rows={d.versions}
        row={(x) => (
          <tr key={x.number}>
            <td>{x.number}</td>
            <td>{t(VERSION_STATUS_KEYS[x.status] ?? 'surveys.versionStatus.draft')}</td>
            <td>{x.published_at ? p.fmt.dateTime(x.published_at) : '—'}</td>
          </tr>
        )}
      />

      <h2>{t('surveys.builder.targets')}</h2>
      <DataTable
        head={[
          t('surveys.field.area'),
          t('surveys.field.targetSample'),
          t('surveys.field.quota'),
          t('surveys.builder.link'),
        ]}
        rows={d.targets}
        empty={t('surveys.builder.noTargets')}
        row={(x) => (
          <tr key={x.area_code}>
            <td>{areaName(parseNames(x.areaNames), p.locale, x.area_code)}</td>
            <td>{x.target_sample}</td>
            <td>{x.quota}</td>
            <td>
              <a href={`/s/${x.link_token}`}>{`/s/${x.link_token}`}</a>
            </td>
          </tr>
        )}
      />
      <PostForm action={`/staff/surveys/${id}/targets`} csrf={p.csrf} submit={t('surveys.builder.addTarget')}>
        <AreaPicker
          id="targetArea"
          label={t('surveys.field.area')}
          groups={p.areas}
          value={v.targetArea}
          errors={e}
        />
        <Field
          id="targetSample"
          inputmode="numeric"
          label={t('surveys.field.targetSample')}
          value={v.targetSample}
          errors={e}
        />
        <Field
          id="quota"
          inputmode="numeric"
          label={t('surveys.field.quota')}
          hint={t('surveys.field.quotaHint')}
          value={v.quota}
          errors={e}
        />
      </PostForm>

      <h2>{t('surveys.builder.waves')}</h2>
      <DataTable
        head={[
          t('surveys.builder.wave'),
          t('surveys.list.version'),
          t('surveys.builder.opens'),
          t('surveys.builder.closes'),
          t('surveys.builder.answers'),
        ]}
        rows={d.waves}
        empty={t('surveys.builder.noWaves')}
        row={(w) => (
          <tr key={w.id}>
            <td>{w.number}</td>
            <td>{w.version_number}</td>
            <td>{p.fmt.dateTime(w.opens_at)}</td>
            <td>{p.fmt.dateTime(w.closes_at)}</td>
            <td>{d.targets.reduce((n, x) => n + count(w.id, x.area_code, 'accepted'), 0)}</td>
          </tr>
        )}
      />
      <PostForm action={`/staff/surveys/${id}/waves`} csrf={p.csrf} submit={t('surveys.builder.addWave')}>
        <p class="hint">{t('surveys.builder.zone', { zone: p.fmt.zone() })}</p>
        <Field
          id="opensDate"
          type="date"
          label={t('surveys.field.opensDate')}
          value={v.opensDate}
          errors={e}
        />
        <Field
          id="opensTime"
          type="time"
          label={t('surveys.field.opensTime')}
          value={v.opensTime ?? '08:00'}
          errors={e}
        />
        <Field
          id="closesDate"
          type="date"
          label={t('surveys.field.closesDate')}
          value={v.closesDate}
          errors={e}
        />
        <Field
          id="closesTime"
          type="time"
          label={t('surveys.field.closesTime')}
          value={v.closesTime ?? '20:00'}
          errors={e}
        />
      </PostForm>

      <h2>{t('surveys.builder.held')}</h2>
      {held.length === 0 ? <p>{t('surveys.builder.noneHeld')}</p> : null}
      {held.map((h) => (
        <div key={`${h.wave_id}-${h.area_code}`}>
          <p>
            {t('surveys.builder.heldCount', {
              n: h.n,
              wave: d.waves.find((w) => w.id === h.wave_id)?.number ?? 0,
              area: areaName(
                parseNames(d.targets.find((x) => x.area_code === h.area_code)?.areaNames ?? '{}'),
                p.locale,
                h.area_code,
              ),
            })}
          </p>
          {(['accepted', 'rejected'] as const).map((decision) => (
            <PostForm
              key={decision}
              action={`/staff/surveys/${id}/held`}
              csrf={p.csrf}
              submit={t(HELD_KEYS[decision])}
            >
              <input type="hidden" name="waveId" value={h.wave_id} />
              <input type="hidden" name="areaCode" value={h.area_code} />
              <input type="hidden" name="decision" value={decision} />
            </PostForm>
          ))}
        </div>
      ))}
    </section>
  );
}

export function ItemBankPage(p: { t: Translate; locale: Locale; items: ItemView[] }) {
  const { t } = p;
  return (
    <section>
      <h1>{t('surveys.items.title')}</h1>
      <p>{t('surveys.items.intro')}</p>
      <DataTable
        head={[
          t('surveys.items.construct'),
          t('surveys.items.text'),
          t('surveys.items.wording'),
          t('surveys.items.translations'),
        ]}
        rows={p.items}
        row={(v) => (
          <tr key={v.item.id}>
            <td>{t(CONSTRUCT_KEYS[v.item.construct] ?? 'surveys.construct.own')}</td>
            <td>
              <a href={`/staff/surveys/items/${v.item.id}`}>{itemText(v, p.locale)}</a>
            </td>
            <td>{t(ITEM_STATUS_KEYS[v.item.status]!)}</td>
            <td>
              {v.texts
                .map(
                  (x) => `${LOCALE_NAMES[x.locale as Locale] ?? x.locale}: ${t(TRANSLATION_KEYS[x.status])}`,
                )
                .join('; ')}
            </td>
          </tr>
        )}
      />
    </section>
  );
}

export function ItemPage(p: Base & { view: ItemView }) {
  const { t, view, errors: e, values: v } = p;
  return (
    <section>
      <h1>{itemText(view, p.locale)}</h1>
      <p>
        {view.item.source} · {t(ITEM_STATUS_KEYS[view.item.status]!)} ·{' '}
        {t(CONSTRUCT_KEYS[view.item.construct] ?? 'surveys.construct.own')} · {view.item.scale}
      </p>
      <DataTable
        head={[
          t('surveys.items.language'),
          t('surveys.items.text'),
          t('surveys.items.status'),
          t('surveys.items.backTranslation'),
          t('surveys.items.notes'),
        ]}
        rows={view.texts}
        row={(x) => (
          <tr key={x.locale}>
            <td>{LOCALE_NAMES[x.locale as Locale] ?? x.locale}</td>
            <td lang={x.locale}>{x.text}</td>
            <td>{t(TRANSLATION_KEYS[x.status])}</td>
            <td>{x.back_translation ?? '—'}</td>
            <td>{x.reviewer_notes || '—'}</td>
          </tr>
        )}
      />
      <h2>{t('surveys.items.edit')}</h2>
      <ErrorSummary errors={e} t={t} />
      <PostForm
        action={`/staff/surveys/items/${view.item.id}`}
        csrf={p.csrf}
        submit={t('surveys.builder.save')}
      >
        <Select
          id="locale"
          label={t('surveys.items.language')}
          options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
          value={v.locale}
          errors={e}
        />
        <TextArea id="text" label={t('surveys.items.text')} value={v.text} errors={e} rows={3} />
        <Select
          id="status"
          label={t('surveys.items.status')}
          options={TRANSLATION_STATUSES.map((s) => ({ value: s, label: t(TRANSLATION_KEYS[s]) }))}
          value={v.status}
          errors={e}
        />
        <TextArea
          id="backTranslation"
          label={t('surveys.items.backTranslation')}
          value={v.backTranslation}
          errors={e}
          rows={3}
        />
        <TextArea id="notes" label={t('surveys.items.notes')} value={v.notes} errors={e} rows={3} />
      </PostForm>
    </section>
  );
}
