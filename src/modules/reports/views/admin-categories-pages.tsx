/** Admin pages for report categories: the list, and one form to add or change a category. */
import { LOCALE_NAMES, LOCALES, type Translate } from '../../../shared/i18n.ts';
import { Csrf, ErrorSummary, Field, FieldError, Select, TextArea, described } from '../../../views/form.tsx';
import type { FieldErrors } from '../../../views/form.tsx';
import type { CategoryView } from '../categories.service.ts';
import { CATEGORY_GROUPS, DESKS, QUESTION_TYPES, type CategoryForm } from '../category-form.ts';
import type { Desk, QuestionType } from '../reports.types.ts';
import { groupLabel } from './resident-report.tsx';
import { localName } from './staff-labels.ts';
import { onceAction } from '../../../views/once.ts';

const DESK_KEYS: Readonly<Record<Desk, string>> = {
  triage: 'reports.categoriesAdmin.desk.triage',
  prevention: 'reports.categoriesAdmin.desk.prevention',
  complaints: 'reports.categoriesAdmin.desk.complaints',
};

const TYPE_KEYS: Readonly<Record<QuestionType, string>> = {
  text: 'reports.categoriesAdmin.type.text',
  number: 'reports.categoriesAdmin.type.number',
  choice: 'reports.categoriesAdmin.type.choice',
  date: 'reports.categoriesAdmin.type.date',
};

/** The message shown next to a form field, chosen by the kind of field the service refused. */
export function categoryErrorKey(formField: string, conflict: boolean): string {
  if (formField === 'code')
    return conflict ? 'reports.categoriesAdmin.errors.codeTaken' : 'reports.categoriesAdmin.errors.code';
  if (formField === 'group') return 'reports.categoriesAdmin.errors.group';
  if (formField === 'desk') return 'reports.categoriesAdmin.errors.desk';
  if (formField === 'sort') return 'reports.categoriesAdmin.errors.sort';
  if (formField.startsWith('names-')) return 'reports.categoriesAdmin.errors.name';
  if (formField.startsWith('guidance-')) return 'reports.categoriesAdmin.errors.guidance';
  if (/^q\d+-key$/.test(formField)) return 'reports.categoriesAdmin.errors.questionKey';
  if (/^q\d+-type$/.test(formField)) return 'reports.categoriesAdmin.errors.questionType';
  if (/^q\d+-label-/.test(formField)) return 'reports.categoriesAdmin.errors.questionLabel';
  if (/^q\d+-option-keys$/.test(formField)) return 'reports.categoriesAdmin.errors.optionKeys';
  if (/^q\d+-options-/.test(formField)) return 'reports.categoriesAdmin.errors.optionLabels';
  return 'reports.errors.generic';
}

export function AdminCategoriesPage(p: {
  t: Translate;
  locale: string;
  items: CategoryView[];
  saved: boolean;
}) {
  const { t } = p;
  return (
    <section>
      <h1>{t('reports.categoriesAdmin.title')}</h1>
      <p class="lead">{t('reports.categoriesAdmin.lead')}</p>
      {p.saved ? (
        <p class="notice" role="status">
          {t('reports.categoriesAdmin.saved')}
        </p>
      ) : null}
      <p>
        <a href="/admin/categories/new">{t('reports.categoriesAdmin.new')}</a>
      </p>
      <div class="table-wrap">
        <table>
          <caption>{t('reports.categoriesAdmin.caption', { count: p.items.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.categoriesAdmin.name')}</th>
              <th scope="col">{t('reports.categoriesAdmin.group')}</th>
              <th scope="col">{t('reports.categoriesAdmin.deskLabel')}</th>
              <th scope="col">{t('reports.categoriesAdmin.questions')}</th>
              <th scope="col">{t('reports.categoriesAdmin.state')}</th>
            </tr>
          </thead>
          <tbody>
            {p.items.map((c) => (
              <tr key={c.code}>
                <th scope="row">
                  <a href={`/admin/categories/${c.code}`}>{localName(c.names, p.locale, c.code)}</a>
                  <br />
                  <code>{c.code}</code>
                </th>
                <td>{groupLabel(t, c.group)}</td>
                <td>
                  {t(DESK_KEYS[c.desk])}
                  {c.sensitive ? ` · ${t('reports.categoriesAdmin.sensitiveShort')}` : ''}
                </td>
                <td>{c.questions.length}</td>
                <td>
                  {c.active ? t('reports.categoriesAdmin.active') : t('reports.categoriesAdmin.inactive')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Checkbox(p: { id: string; label: string; checked: boolean; hint?: string }) {
  return (
    <div class="check">
      <input
        type="checkbox"
        id={p.id}
        name={p.id}
        value="1"
        checked={p.checked}
        aria-describedby={p.hint ? `${p.id}-hint` : undefined}
      />{' '}
      <label for={p.id}>{p.label}</label>
      {p.hint ? (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      ) : null}
    </div>
  );
}

/** One text box per language for a piece of resident-facing text. */
function PerLanguage(p: {
  t: Translate;
  prefix: string;
  legend: string;
  hint: string;
  form: CategoryForm;
  errors: FieldErrors;
  multiline?: boolean;
}) {
  return (
    <fieldset>
      <legend>{p.legend}</legend>
      <p class="hint">{p.hint}</p>
      {LOCALES.map((l) =>
        p.multiline ? (
          <TextArea
            key={l}
            id={`${p.prefix}-${l}`}
            label={LOCALE_NAMES[l]}
            value={p.form[`${p.prefix}-${l}`]}
            errors={p.errors}
            rows={3}
          />
        ) : (
          <Field
            key={l}
            id={`${p.prefix}-${l}`}
            label={LOCALE_NAMES[l]}
            value={p.form[`${p.prefix}-${l}`]}
            errors={p.errors}
          />
        ),
      )}
    </fieldset>
  );
}

function QuestionRow(p: {
  t: Translate;
  row: number;
  form: CategoryForm;
  errors: FieldErrors;
  isBlank: boolean;
}) {
  const { t, form, errors } = p;
  const q = `q${p.row}`;
  const type = form[`${q}-type`] || 'text';
  return (
    <fieldset class="question-row">
      <legend>
        {p.isBlank
          ? t('reports.categoriesAdmin.addQuestion')
          : t('reports.categoriesAdmin.questionN', { n: p.row + 1 })}
      </legend>
      <Field
        id={`${q}-key`}
        label={t('reports.categoriesAdmin.questionKey')}
        hint={t('reports.categoriesAdmin.questionKeyHint')}
        value={form[`${q}-key`]}
        errors={errors}
      />
      <Select
        id={`${q}-type`}
        label={t('reports.categoriesAdmin.questionType')}
        value={type}
        errors={errors}
        options={QUESTION_TYPES.map((v) => ({ value: v, label: t(TYPE_KEYS[v]) }))}
      />
      <Checkbox
        id={`${q}-required`}
        label={t('reports.categoriesAdmin.questionRequired')}
        checked={!!form[`${q}-required`]}
      />
      {LOCALES.map((l) => (
        <Field
          key={l}
          id={`${q}-label-${l}`}
          label={`${t('reports.categoriesAdmin.questionLabel')} (${LOCALE_NAMES[l]})`}
          value={form[`${q}-label-${l}`]}
          errors={errors}
        />
      ))}
      <details open={type === 'choice' || !!form[`${q}-option-keys`]}>
        <summary>{t('reports.categoriesAdmin.options')}</summary>
        <p class="hint">{t('reports.categoriesAdmin.optionsHint')}</p>
        <TextArea
          id={`${q}-option-keys`}
          label={t('reports.categoriesAdmin.optionKeys')}
          value={form[`${q}-option-keys`]}
          errors={errors}
          rows={4}
        />
        {LOCALES.map((l) => (
          <TextArea
            key={l}
            id={`${q}-options-${l}`}
            label={`${t('reports.categoriesAdmin.optionLabels')} (${LOCALE_NAMES[l]})`}
            value={form[`${q}-options-${l}`]}
            errors={errors}
            rows={4}
          />
        ))}
      </details>
      {p.isBlank ? null : (
        <Checkbox id={`${q}-remove`} label={t('reports.categoriesAdmin.removeQuestion')} checked={false} />
      )}
    </fieldset>
  );
}

export function AdminCategoryFormPage(p: {
  t: Translate;
  locale: string;
  csrf: string;
  /** null for a new category. */
  code: string | null;
  form: CategoryForm;
  errors: FieldErrors;
}) {
  const { t, form, errors } = p;
  let rows = 0;
  while (`q${rows}-key` in form) rows++;
  const title = p.code
    ? t('reports.categoriesAdmin.editTitle', { name: localName(pickNames(form), p.locale, p.code) })
    : t('reports.categoriesAdmin.newTitle');
  return (
    <section>
      <p>
        <a href="/admin/categories">{t('reports.categoriesAdmin.back')}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} t={t} />
      <form
        method="post"
        action={onceAction(p.code ? `/admin/categories/${p.code}` : '/admin/categories')}
        class="stack"
        novalidate
      >
        <Csrf token={p.csrf} />
        {p.code ? (
          <p>
            {t('reports.categoriesAdmin.code')}: <code>{p.code}</code>
          </p>
        ) : (
          <Field
            id="code"
            label={t('reports.categoriesAdmin.code')}
            hint={t('reports.categoriesAdmin.codeHint')}
            value={form.code}
            errors={errors}
          />
        )}
        <Select
          id="group"
          label={t('reports.categoriesAdmin.group')}
          value={form.group}
          errors={errors}
          options={CATEGORY_GROUPS.map((g) => ({ value: g, label: groupLabel(t, g) }))}
        />
        <Select
          id="desk"
          label={t('reports.categoriesAdmin.deskLabel')}
          hint={t('reports.categoriesAdmin.deskHint')}
          value={form.desk}
          errors={errors}
          options={DESKS.map((d) => ({ value: d, label: t(DESK_KEYS[d]) }))}
        />
        <Checkbox
          id="sensitive"
          label={t('reports.categoriesAdmin.sensitive')}
          hint={t('reports.categoriesAdmin.sensitiveHint')}
          checked={!!form.sensitive}
        />
        <Checkbox
          id="active"
          label={t('reports.categoriesAdmin.activeLabel')}
          hint={t('reports.categoriesAdmin.activeHint')}
          checked={!!form.active}
        />
        <div>
          <label for="sort">{t('reports.categoriesAdmin.sort')}</label>
          <FieldError id="sort" errors={errors} />
          <input
            id="sort"
            name="sort"
            type="number"
            min={0}
            inputMode="numeric"
            value={form.sort ?? '0'}
            {...described(errors, 'sort')}
          />
        </div>
        <PerLanguage
          t={t}
          prefix="names"
          legend={t('reports.categoriesAdmin.names')}
          hint={t('reports.categoriesAdmin.namesHint')}
          form={form}
          errors={errors}
        />
        <PerLanguage
          t={t}
          prefix="guidance"
          legend={t('reports.categoriesAdmin.guidance')}
          hint={t('reports.categoriesAdmin.guidanceHint')}
          form={form}
          errors={errors}
          multiline
        />
        <h2>{t('reports.categoriesAdmin.questionsTitle')}</h2>
        <p class="hint">{t('reports.categoriesAdmin.questionsHint')}</p>
        {Array.from({ length: rows }, (_, r) => (
          <QuestionRow key={r} t={t} row={r} form={form} errors={errors} isBlank={r === rows - 1} />
        ))}
        <button type="submit">{t('reports.categoriesAdmin.save')}</button>
      </form>
    </section>
  );
}

function pickNames(form: CategoryForm): Record<string, string> {
  return Object.fromEntries(LOCALES.map((l) => [l, form[`names-${l}`] ?? '']).filter(([, v]) => v));
}
