import type { Translate } from '../../../shared/i18n.ts';
import { Csrf, ErrorSummary, Field, FieldError, type FieldErrors } from '../../../views/form.tsx';
import type { CategoryView } from '../categories.service.ts';
import type { AreaOption } from '../staff-desk.service.ts';
import { PRIVACY } from '../reports.types.ts';
import { PRIVACY_EXPLAIN_KEYS, localName, privacyName } from './staff-labels.ts';
import { onceAction } from '../../../views/once.ts';

export interface WalkInValues {
  channel: 'walk_in' | 'reception';
  description: string;
  category: string;
  area: string;
  address: string;
  occurred_at: string;
  privacy: string;
  contact_name: string;
  contact_phone: string;
}

export function StaffWalkInPage(p: {
  t: Translate;
  locale: string;
  csrf: string;
  categories: CategoryView[];
  areas: AreaOption[];
  values: WalkInValues;
  errors: FieldErrors;
}) {
  const { t, values: v, errors } = p;
  const aria = (id: string) =>
    errors[id] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {};
  return (
    <section>
      <p>
        <a href="/staff/reports">{t('reports.detail.back')}</a>
      </p>
      <h1>{t('reports.walkIn.title')}</h1>
      <p class="lead">{t('reports.walkIn.lead')}</p>
      <ErrorSummary errors={errors} t={t} />
      <form method="post" action={onceAction('/staff/reports/new')} class="stack">
        <Csrf token={p.csrf} />
        <fieldset>
          <legend>{t('reports.walkIn.channel')}</legend>
          {(['walk_in', 'reception'] as const).map((c) => (
            <div class="check" key={c}>
              <input type="radio" id={`channel-${c}`} name="channel" value={c} checked={v.channel === c} />
              <label for={`channel-${c}`}>
                {t(c === 'walk_in' ? 'reports.channel.walk_in' : 'reports.channel.reception')}
              </label>
            </div>
          ))}
        </fieldset>
        <div>
          <label for="description">{t('reports.walkIn.description')}</label>
          <FieldError id={'description'} errors={errors} />
          <textarea id="description" name="description" rows={6} required {...aria('description')}>
            {v.description}
          </textarea>
        </div>
        <div>
          <label for="category">{t('reports.field.category')}</label>
          <FieldError id={'category'} errors={errors} />
          <select id="category" name="category" required {...aria('category')}>
            <option value="">{t('reports.walkIn.choose')}</option>
            {p.categories.map((c) => (
              <option key={c.code} value={c.code} selected={v.category === c.code}>
                {localName(c.names, p.locale, c.code)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="area">{t('reports.field.area')}</label>
          <FieldError id={'area'} errors={errors} />
          <select id="area" name="area" required {...aria('area')}>
            <option value="">{t('reports.walkIn.choose')}</option>
            {p.areas.map((a) => (
              <option key={a.code} value={a.code} selected={v.area === a.code}>
                {localName(a.name, p.locale, a.code)}
              </option>
            ))}
          </select>
        </div>
        <Field id="address" label={t('reports.detail.address')} errors={errors} value={v.address} />
        <Field
          id="occurred_at"
          label={t('reports.field.occurred')}
          type="date"
          errors={errors}
          value={v.occurred_at}
        />
        <fieldset>
          <legend>{t('reports.walkIn.privacy')}</legend>
          <p class="hint">{t('reports.walkIn.readAloud')}</p>
          <FieldError id={'privacy'} errors={errors} />
          {PRIVACY.map((value) => (
            <div class="check" key={value}>
              <input
                type="radio"
                id={`privacy-${value}`}
                name="privacy"
                value={value}
                checked={v.privacy === value}
                aria-describedby={`privacy-${value}-hint`}
              />
              <label for={`privacy-${value}`}>{privacyName(t, value)}</label>
              <p class="hint" id={`privacy-${value}-hint`}>
                {t(PRIVACY_EXPLAIN_KEYS[value])}
              </p>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('reports.walkIn.contact')}</legend>
          <p class="hint">{t('reports.walkIn.contactHint')}</p>
          <FieldError id={'contact'} errors={errors} />
          <Field
            id="contact_name"
            label={t('reports.identity.name')}
            errors={errors}
            value={v.contact_name}
          />
          <Field
            id="contact_phone"
            label={t('reports.identity.phone')}
            type="tel"
            errors={errors}
            value={v.contact_phone}
          />
        </fieldset>
        <div>
          <button type="submit">{t('reports.walkIn.submit')}</button>
        </div>
      </form>
    </section>
  );
}

/** After a walk-in: the reference, and for an anonymous concern the receipt to hand over, shown once. */
export function StaffWalkInDonePage(p: {
  t: Translate;
  id: string;
  reference: string;
  receipt: string | null;
}) {
  const { t } = p;
  return (
    <section>
      <h1>{t('reports.walkIn.doneTitle')}</h1>
      <p>{t('reports.walkIn.reference', { reference: p.reference })}</p>
      {p.receipt ? (
        <div class="notice">
          <h2>{t('reports.walkIn.receiptTitle')}</h2>
          <p>{t('reports.walkIn.receiptHint')}</p>
          <p class="receipt mono">{p.receipt}</p>
        </div>
      ) : null}
      <ul>
        <li>
          <a href={`/staff/reports/${p.id}`}>{t('reports.walkIn.open')}</a>
        </li>
        <li>
          <a href="/staff/reports/new">{t('reports.walkIn.another')}</a>
        </li>
      </ul>
    </section>
  );
}
