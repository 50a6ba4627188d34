import type { ResponseTemplate } from '../../../db/schema.ts';
import { LOCALE_NAMES, LOCALES, type Translate } from '../../../shared/i18n.ts';
import { Csrf, ErrorSummary, Field, FieldError, type FieldErrors } from '../../../views/form.tsx';
import type { CategoryView } from '../categories.service.ts';
import { localName } from './staff-labels.ts';
import { onceAction } from '../../../views/once.ts';

export interface TemplateValues {
  category: string;
  locale: string;
  title: string;
  body: string;
}

export function StaffTemplatesPage(p: {
  t: Translate;
  locale: string;
  csrf: string;
  items: ResponseTemplate[];
  categories: CategoryView[];
  canCreate: boolean;
  values: TemplateValues;
  errors: FieldErrors;
}) {
  const { t, values: v, errors } = p;
  const catName = (code: string | null) =>
    code
      ? localName(p.categories.find((c) => c.code === code)?.names, p.locale, code)
      : t('reports.templates.anyCategory');
  return (
    <section>
      <p>
        <a href="/staff/reports">{t('reports.detail.back')}</a>
      </p>
      <h1>{t('reports.templates.title')}</h1>
      <p class="lead">{t('reports.templates.lead')}</p>
      <ErrorSummary errors={errors} t={t} />
      {p.items.length ? (
        <div class="table-wrap">
          <table>
            <caption>{t('reports.templates.caption', { count: p.items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.templates.name')}</th>
                <th scope="col">{t('reports.field.category')}</th>
                <th scope="col">{t('reports.templates.language')}</th>
                <th scope="col">{t('reports.templates.text')}</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((tpl) => (
                <tr key={tpl.id}>
                  <th scope="row">{tpl.title}</th>
                  <td>{catName(tpl.category_code)}</td>
                  <td>{LOCALE_NAMES[tpl.locale as keyof typeof LOCALE_NAMES] ?? tpl.locale}</td>
                  <td class="prewrap">{tpl.body}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('reports.templates.empty')}</p>
      )}
      {p.canCreate ? (
        <form
          method="post"
          action={onceAction('/staff/reports/templates')}
          class="stack"
          aria-labelledby="new-template"
        >
          <h2 id="new-template">{t('reports.templates.new')}</h2>
          <Csrf token={p.csrf} />
          <div>
            <label for="category">{t('reports.field.category')}</label>
            <FieldError id={'category'} errors={errors} />
            <select id="category" name="category">
              <option value="">{t('reports.templates.anyCategory')}</option>
              {p.categories.map((c) => (
                <option key={c.code} value={c.code} selected={v.category === c.code}>
                  {localName(c.names, p.locale, c.code)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="locale">{t('reports.templates.language')}</label>
            <FieldError id={'locale'} errors={errors} />
            <select id="locale" name="locale">
              {LOCALES.map((l) => (
                <option key={l} value={l} selected={v.locale === l}>
                  {LOCALE_NAMES[l]}
                </option>
              ))}
            </select>
          </div>
          <Field id="title" label={t('reports.templates.name')} errors={errors} value={v.title} required />
          <div>
            <label for="body">{t('reports.templates.text')}</label>
            <p class="hint" id="body-hint">
              {t('reports.templates.textHint')}
            </p>
            <FieldError id={'body'} errors={errors} />
            <textarea
              id="body"
              name="body"
              rows={5}
              required
              aria-describedby={errors.body ? 'body-hint body-error' : 'body-hint'}
              aria-invalid={errors.body ? 'true' : undefined}
            >
              {v.body}
            </textarea>
          </div>
          <div>
            <button type="submit">{t('reports.templates.submit')}</button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
