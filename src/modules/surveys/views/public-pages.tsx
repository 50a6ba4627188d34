/**
 * The respondent's pages: the questionnaire in the respondent's language (every question may be
 * skipped), then a thank-you page. Plain HTML radios, checkboxes and fields: works with JavaScript
 * off and on a 360 px phone. No account, no name, nothing that identifies the respondent.
 */
import { areaName, parseNames } from '../../geo/geo.presenter.ts';
import type { AreaChoiceGroup } from '../../geo/area-choices.ts';
import { LOCALE_NAMES, LOCALE_TAGS, type Locale, type Translate } from '../../../shared/i18n.ts';
import { AreaPicker } from '../../../views/area-picker.tsx';
import { ErrorSummary, FieldError, type FieldErrors } from '../../../views/form.tsx';
import { onceAction } from '../../../views/once.ts';
import { demographicField, questionField, questionShape, SHORT_TEXT_MAX } from '../answers.ts';
import type { PublicSurvey } from '../surveys.service.ts';
import { AGE_BANDS, GENDERS, type Question } from '../surveys.types.ts';
import { AGE_BAND_KEYS, COUNTRY_KEYS, GENDER_KEYS, MESSAGE_KEYS, SCALE_KEYS } from './labels.ts';

export interface PublicProps {
  t: Translate;
  locale: Locale;
  pub: PublicSurvey;
  values: Record<string, string | string[] | undefined>;
  errors: FieldErrors;
}

/** The item's words in the survey's language, with the deployment's placeholders filled. */
function fill(text: string, t: Translate, country: string, area: string): string {
  return text
    .replaceAll('[country]', t(COUNTRY_KEYS[country] ?? 'surveyPublic.country.KG'))
    .replaceAll('[area]', area);
}

function questionText(q: Question, p: PublicProps, area: string): string {
  if (q.source === 'own') return q.text[p.locale] ?? '';
  const texts = p.pub.items.get(q.itemId)?.texts ?? [];
  const country = p.pub.survey.area_code.slice(0, 2);
  return fill(texts.find((x) => x.locale === p.locale)?.text ?? '', p.t, country, area);
}

function optionLabels(q: Question, p: PublicProps): string[] {
  if (q.source === 'own') return q.options.map((o) => o[p.locale] ?? '');
  const scale = p.pub.items.get(q.itemId)?.item.scale ?? '';
  const shape = questionShape(q, () => scale);
  return (SCALE_KEYS[scale] ?? []).slice(0, shape.options).map((k) => p.t(k));
}

const checked = (v: string | string[] | undefined, value: string) =>
  Array.isArray(v) ? v.includes(value) : v === value;

function QuestionField(p: PublicProps & { q: Question; n: number; area: string }) {
  const { q, t } = p;
  const field = questionField(q.key);
  const scale = q.source === 'bank' ? (p.pub.items.get(q.itemId)?.item.scale ?? '') : '';
  const shape = questionShape(q, () => scale);
  const label = `${p.n}. ${questionText(q, p, p.area)}`;
  const v = p.values[field];
  if (shape.kind === 'number' || shape.kind === 'text') {
    const id = field;
    return (
      <div class="question">
        <label for={id}>{label}</label>
        <FieldError id={id} errors={p.errors} />
        {shape.kind === 'number' ? (
          <input
            id={id}
            name={field}
            type="text"
            inputMode="decimal"
            value={typeof v === 'string' ? v : ''}
            aria-invalid={p.errors[id] ? 'true' : undefined}
            aria-describedby={p.errors[id] ? `${id}-error` : undefined}
          />
        ) : (
          <textarea
            id={id}
            name={field}
            rows={3}
            maxLength={SHORT_TEXT_MAX}
            aria-invalid={p.errors[id] ? 'true' : undefined}
            aria-describedby={p.errors[id] ? `${id}-error` : undefined}
          >
            {typeof v === 'string' ? v : ''}
          </textarea>
        )}
      </div>
    );
  }
  const choices =
    shape.kind === 'scale'
      ? Array.from({ length: shape.max - shape.min + 1 }, (_, i) => {
          const n = shape.min + i;
          const end =
            n === shape.min
              ? SCALE_KEYS[scale]
                ? t(SCALE_KEYS[scale]![0]!)
                : t('surveyPublic.scaleMin')
              : n === shape.max
                ? SCALE_KEYS[scale]
                  ? t(SCALE_KEYS[scale]![1]!)
                  : t('surveyPublic.scaleMax')
                : '';
          return { value: String(n), label: end ? `${n} — ${end}` : String(n) };
        })
      : optionLabels(q, p).map((label, i) => ({ value: String(i), label }));
  const type = shape.kind === 'multiple' ? 'checkbox' : 'radio';
  return (
    <fieldset class="question" id={field} aria-describedby={p.errors[field] ? `${field}-error` : undefined}>
      <legend>{label}</legend>
      {shape.kind === 'multiple' ? <p class="hint">{t('surveyPublic.chooseAny')}</p> : null}
      <FieldError id={field} errors={p.errors} />
      {choices.map((c) => (
        <div key={c.value}>
          <input
            type={type}
            id={`${field}-${c.value}`}
            name={field}
            value={c.value}
            checked={checked(v, c.value)}
          />
          <label for={`${field}-${c.value}`}>{c.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

function Radios(p: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  value: unknown;
  errors: FieldErrors;
}) {
  return (
    <fieldset id={p.name}>
      <legend>{p.legend}</legend>
      <FieldError id={p.name} errors={p.errors} />
      {p.options.map((o) => (
        <div key={o.value}>
          <input
            type="radio"
            id={`${p.name}-${o.value || 'none'}`}
            name={p.name}
            value={o.value}
            checked={(p.value ?? '') === o.value}
          />
          <label for={`${p.name}-${o.value || 'none'}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

export function SurveyFormPage(p: PublicProps & { token: string; residence: AreaChoiceGroup[] }) {
  const { t, pub } = p;
  const def = pub.definition;
  const area = areaName(parseNames(pub.areaNames), p.locale, pub.target.area_code);
  let n = 0;
  return (
    <section lang={LOCALE_TAGS[p.locale]}>
      <h1>{def.title[p.locale] ?? pub.survey.title}</h1>
      <p>{t('surveyPublic.area', { area })}</p>
      {def.languages.length > 1 ? (
        <p>
          {def.languages
            .filter((l) => l !== p.locale)
            .map((l) => (
              <a key={l} href={`/s/${p.token}?lang=${l}`} lang={LOCALE_TAGS[l]} hrefLang={LOCALE_TAGS[l]}>
                {LOCALE_NAMES[l]}
              </a>
            ))}
        </p>
      ) : null}
      <p>{t('surveyPublic.intro')}</p>
      <p>{t('surveyPublic.anonymous')}</p>
      <ErrorSummary errors={p.errors} t={t} heading={t('surveyPublic.errors.summary')} />
      <form method="post" action={onceAction(`/s/${p.token}`)} class="stack" novalidate>
        <input type="hidden" name="locale" value={p.locale} />
        {def.sections.map((s) => (
          <section key={s.key}>
            <h2>{s.title[p.locale]}</h2>
            {s.questions.map((q) => {
              n += 1;
              return <QuestionField key={q.key} {...p} q={q} n={n} area={area} />;
            })}
          </section>
        ))}
        {def.demographics.length ? (
          <section>
            <h2>{t('surveyPublic.aboutYou')}</h2>
            <p>{t('surveyPublic.aboutYouHint')}</p>
            {def.demographics.includes('gender') ? (
              <Radios
                name={demographicField('gender')}
                legend={t('surveyPublic.gender')}
                options={[
                  ...GENDERS.map((g) => ({ value: g, label: t(GENDER_KEYS[g]) })),
                  { value: '', label: t('surveyPublic.preferNot') },
                ]}
                value={p.values[demographicField('gender')]}
                errors={p.errors}
              />
            ) : null}
            {def.demographics.includes('age_band') ? (
              <Radios
                name={demographicField('age_band')}
                legend={t('surveyPublic.ageBand')}
                options={[
                  ...AGE_BANDS.map((a) => ({ value: a, label: t(AGE_BAND_KEYS[a]) })),
                  { value: '', label: t('surveyPublic.preferNot') },
                ]}
                value={p.values[demographicField('age_band')]}
                errors={p.errors}
              />
            ) : null}
            {def.demographics.includes('residence') ? (
              <AreaPicker
                id={demographicField('residence')}
                label={t('surveyPublic.residence')}
                groups={p.residence}
                value={typeof p.values.d_residence === 'string' ? p.values.d_residence : ''}
                errors={p.errors}
                emptyLabel={t('surveyPublic.preferNot')}
              />
            ) : null}
          </section>
        ) : null}
        <div>
          <button type="submit">{t('surveyPublic.submit')}</button>
        </div>
      </form>
    </section>
  );
}

/** Thanks, already answered on this device, not collecting now, or the area's quota is full. */
export function SurveyMessagePage(p: {
  t: Translate;
  locale: Locale;
  title: string;
  kind: 'thanks' | 'answered' | 'not_open' | 'full';
}) {
  return (
    <section lang={LOCALE_TAGS[p.locale]}>
      <h1>{p.title}</h1>
      <p>{p.t(MESSAGE_KEYS[p.kind])}</p>
      <p>
        <a href="/">{p.t('surveyPublic.home')}</a>
      </p>
    </section>
  );
}
