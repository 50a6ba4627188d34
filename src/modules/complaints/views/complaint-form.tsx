/**
 * The resident's complaint or commendation form (works with JavaScript off): who (badge number or a
 * description), where (the shared area picker), when (local wall time), what happened, photos, then
 * the same privacy choice and contact fields as any report, plus whether oversight may see who they are.
 */
import type { Translate } from '../../../shared/i18n.ts';
import type { AreaChoiceGroup } from '../../geo/area-choices.ts';
import { AreaPicker } from '../../../views/area-picker.tsx';
import { ErrorSummary, FieldError, describedBy, type FieldErrors } from '../../../views/form.tsx';
import { onceAction } from '../../../views/once.ts';

const PRIVACY = [
  ['public', 'resident.report.privacy.public', 'resident.report.privacy.publicExplain'],
  ['name_hidden', 'resident.report.privacy.nameHidden', 'resident.report.privacy.nameHiddenExplain'],
  ['anonymous', 'resident.report.privacy.anonymous', 'resident.report.privacy.anonymousExplain'],
] as const;

export function ComplaintForm(p: {
  t: Translate;
  areas: AreaChoiceGroup[];
  values: Record<string, string>;
  errors: FieldErrors;
  signedIn: boolean;
}) {
  const { t, values: v, errors } = p;
  const radio = (name: string, value: string, label: string, hint?: string) => (
    <div class="choice" key={value}>
      <input
        type="radio"
        name={name}
        id={`${name}-${value}`}
        value={value}
        checked={v[name] === value}
        aria-describedby={hint ? `${name}-${value}-explain` : undefined}
      />
      <label for={`${name}-${value}`}>{label}</label>
      {hint ? (
        <p class="hint" id={`${name}-${value}-explain`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
  const input = (id: string, label: string, hint?: string, type = 'text') => (
    <div>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={id} errors={errors} />
      <input
        id={id}
        name={id}
        type={type}
        value={v[id] ?? ''}
        aria-invalid={errors[id] ? 'true' : undefined}
        aria-describedby={describedBy(id, errors, !!hint)}
      />
    </div>
  );
  return (
    <section>
      <h1>{t('complaints.form.title')}</h1>
      <ErrorSummary errors={errors} t={t} />
      <p>{t('complaints.form.intro')}</p>
      <p class="emergency">{t('common.emergency')}</p>
      <form
        method="post"
        action={onceAction('/complaints/new')}
        enctype="multipart/form-data"
        class="stack"
        novalidate
      >
        <fieldset id="kind" aria-describedby={describedBy('kind', errors)}>
          <legend>{t('complaints.form.kind.legend')}</legend>
          <FieldError id="kind" errors={errors} />
          {radio('kind', 'complaint', t('complaints.form.kind.complaint'))}
          {radio('kind', 'commendation', t('complaints.form.kind.commendation'))}
        </fieldset>

        <fieldset>
          <legend>{t('complaints.form.officer.legend')}</legend>
          <p class="hint">{t('complaints.form.officer.hint')}</p>
          {input('officer_badge', t('complaints.form.officer.badge'))}
          <div>
            <label for="officer_description">{t('complaints.form.officer.description')}</label>
            <p class="hint" id="officer_description-hint">
              {t('complaints.form.officer.descriptionHint')}
            </p>
            <FieldError id="officer_description" errors={errors} />
            <textarea
              id="officer_description"
              name="officer_description"
              rows={2}
              maxLength={1000}
              aria-describedby={describedBy('officer_description', errors, true)}
            >
              {v.officer_description ?? ''}
            </textarea>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('resident.report.where')}</legend>
          <AreaPicker
            id="area"
            label={t('resident.report.area')}
            groups={p.areas}
            value={v.area}
            errors={errors}
            emptyLabel={t('resident.report.areaChoose')}
          />
          {input('address', t('resident.report.address'), t('resident.report.addressHint'))}
        </fieldset>

        <fieldset>
          <legend>{t('resident.report.when')}</legend>
          <FieldError id="occurred_date" errors={errors} />
          <div class="row">
            <div>
              <label for="occurred_date">{t('resident.report.date')}</label>
              <input
                id="occurred_date"
                name="occurred_date"
                type="date"
                value={v.occurred_date ?? ''}
                aria-invalid={errors.occurred_date ? 'true' : undefined}
                aria-describedby={describedBy('occurred_date', errors)}
              />
            </div>
            <div>
              <label for="occurred_time">{t('resident.report.time')}</label>
              <input id="occurred_time" name="occurred_time" type="time" value={v.occurred_time ?? ''} />
            </div>
          </div>
        </fieldset>

        <div>
          <label for="description">{t('complaints.form.description')}</label>
          <p class="hint" id="description-hint">
            {t('complaints.form.descriptionHint')}
          </p>
          <FieldError id="description" errors={errors} />
          <textarea
            id="description"
            name="description"
            rows={6}
            maxLength={4000}
            aria-invalid={errors.description ? 'true' : undefined}
            aria-describedby={describedBy('description', errors, true)}
          >
            {v.description ?? ''}
          </textarea>
        </div>

        <div>
          <label for="photos">{t('resident.report.photos')}</label>
          <p class="hint" id="photos-hint">
            {t('resident.report.photosHint')}
          </p>
          <FieldError id="photos" errors={errors} />
          <input
            id="photos"
            name="photos"
            type="file"
            multiple
            accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
            aria-describedby={describedBy('photos', errors, true)}
          />
        </div>

        <fieldset id="privacy" aria-describedby={describedBy('privacy', errors)}>
          <legend>{t('resident.report.privacy.legend')}</legend>
          <FieldError id="privacy" errors={errors} />
          {PRIVACY.map(([value, label, explain]) => radio('privacy', value, t(label), t(explain)))}
          <p class="hint">{t('complaints.form.neverOfficer')}</p>
        </fieldset>

        <fieldset class="contact">
          <legend>{t('resident.report.contact.legend')}</legend>
          <p class="hint">
            {p.signedIn ? t('resident.report.contact.hintSignedIn') : t('resident.report.contact.hint')}
          </p>
          {input('contact_name', t('resident.report.contact.name'))}
          {input('contact_phone', t('resident.report.contact.phone'), undefined, 'tel')}
          {input('contact_email', t('resident.report.contact.email'), undefined, 'email')}
          <div class="choice">
            <input
              type="checkbox"
              id="share_identity"
              name="share_identity"
              value="1"
              checked={v.share_identity === '1'}
              aria-describedby="share_identity-hint"
            />
            <label for="share_identity">{t('complaints.form.share.label')}</label>
            <p class="hint" id="share_identity-hint">
              {t('complaints.form.share.hint')}
            </p>
          </div>
        </fieldset>

        <div>
          <button type="submit">{t('complaints.form.submit')}</button>
        </div>
      </form>
    </section>
  );
}
