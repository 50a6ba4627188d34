/** The resident's report form (two steps: category, then the rest), "is this the same?" and the confirmation. */
import type { ComponentChildren } from 'preact';
import type { Locale, Translate } from '../../../shared/i18n.ts';
import { describedBy, ErrorSummary, FieldError, type FieldErrors } from '../../../views/form.tsx';
import type { CategoryView } from '../categories.service.ts';
import type { CategoryQuestion, LocalText } from '../reports.types.ts';
import { onceAction } from '../../../views/once.ts';

export interface AreaOption {
  code: string;
  name: string;
}
export interface AreaGroup {
  label: string;
  areas: AreaOption[];
}

/** Form values as typed (strings only: the form is re-shown as it was). */
export type ReportValues = Record<string, string>;

export function localText(text: LocalText, locale: Locale, fallback = ''): string {
  return text[locale] ?? text.ru ?? text.en ?? fallback;
}

const GROUP_KEYS: Record<string, string> = {
  safety: 'resident.report.group.safety',
  'family-youth': 'resident.report.group.familyYouth',
  prevention: 'resident.report.group.prevention',
  police: 'resident.report.group.police',
  other: 'resident.report.group.other',
};

export function groupLabel(t: Translate, group: string): string {
  return t(GROUP_KEYS[group] ?? 'resident.report.group.other');
}

/** Categories grouped, in their configured order. */
export function groupCategories(categories: CategoryView[]): Array<[string, CategoryView[]]> {
  const groups = new Map<string, CategoryView[]>();
  for (const c of categories) {
    const list = groups.get(c.group) ?? [];
    list.push(c);
    groups.set(c.group, list);
  }
  return [...groups.entries()];
}

function Hint(p: { id: string; children: ComponentChildren }) {
  return (
    <p class="hint" id={`${p.id}-hint`}>
      {p.children}
    </p>
  );
}

// --- step 1: the category -------------------------------------------------------------------------

export function CategoryStep(p: {
  t: Translate;
  locale: Locale;
  categories: CategoryView[];
  errors: FieldErrors;
}) {
  const { t } = p;
  return (
    <section>
      <h1>{t('resident.report.title')}</h1>
      <p class="emergency">{t('common.emergency')}</p>
      <ErrorSummary errors={p.errors} t={t} />
      <p>{t('resident.report.intro')}</p>
      <form method="get" action={onceAction('/report')} class="stack" novalidate>
        <p class="hint">{t('resident.report.step1')}</p>
        {groupCategories(p.categories).map(([group, list]) => (
          <fieldset key={group} id={group === p.categories[0]?.group ? 'category' : undefined}>
            <legend>{groupLabel(t, group)}</legend>
            <FieldError id="category" errors={group === p.categories[0]?.group ? p.errors : {}} />
            {list.map((c) => (
              <div class="choice" key={c.code}>
                <input type="radio" name="category" id={`c-${c.code}`} value={c.code} />
                {/* Names only here: each category's guidance (what to include, when to call 102/112
                    instead) is shown on the next step, so this list fits a phone screen or two. */}
                <label for={`c-${c.code}`}>{localText(c.names, p.locale, c.code)}</label>
              </div>
            ))}
          </fieldset>
        ))}
        <div>
          <button type="submit">{t('resident.report.continue')}</button>
        </div>
      </form>
    </section>
  );
}

// --- step 2: the rest -----------------------------------------------------------------------------

function Question(p: {
  q: CategoryQuestion;
  locale: Locale;
  values: ReportValues;
  errors: FieldErrors;
  t: Translate;
}) {
  const id = `q_${p.q.key}`;
  const label = localText(p.q.labels, p.locale, p.q.key);
  const optional = p.q.required ? '' : ` ${p.t('resident.report.optional')}`;
  const invalid = p.errors[id] ? 'true' : undefined;
  if (p.q.type === 'choice')
    return (
      <fieldset id={id} aria-describedby={describedBy(id, p.errors, false)}>
        <legend>{label + optional}</legend>
        <FieldError id={id} errors={p.errors} />
        {(p.q.options ?? []).map((o) => (
          <div class="choice" key={o.value}>
            <input
              type="radio"
              name={id}
              id={`${id}-${o.value}`}
              value={o.value}
              checked={p.values[id] === o.value}
            />
            <label for={`${id}-${o.value}`}>{localText(o.labels, p.locale, o.value)}</label>
          </div>
        ))}
      </fieldset>
    );
  return (
    <div>
      <label for={id}>{label + optional}</label>
      <FieldError id={id} errors={p.errors} />
      <input
        id={id}
        name={id}
        type={p.q.type === 'number' ? 'number' : p.q.type === 'date' ? 'date' : 'text'}
        inputMode={p.q.type === 'number' ? 'numeric' : undefined}
        value={p.values[id] ?? ''}
        aria-invalid={invalid}
        aria-describedby={describedBy(id, p.errors, false)}
      />
    </div>
  );
}

/** Who sees what, in plain words, for each privacy choice. */
const PRIVACY_CHOICES = [
  {
    value: 'public',
    label: 'resident.report.privacy.public',
    explain: 'resident.report.privacy.publicExplain',
  },
  {
    value: 'name_hidden',
    label: 'resident.report.privacy.nameHidden',
    explain: 'resident.report.privacy.nameHiddenExplain',
  },
  {
    value: 'anonymous',
    label: 'resident.report.privacy.anonymous',
    explain: 'resident.report.privacy.anonymousExplain',
  },
] as const;

export function ReportForm(p: {
  t: Translate;
  locale: Locale;
  category: CategoryView;
  areas: AreaGroup[];
  values: ReportValues;
  errors: FieldErrors;
  signedIn: boolean;
  tileUrl: string;
  attribution: string;
}) {
  const { t, values: v, errors } = p;
  const c = p.category;
  const guidance = localText(c.guidance, p.locale);
  return (
    <section>
      <h1>{t('resident.report.title')}</h1>
      <ErrorSummary errors={errors} t={t} />
      <p>
        {t('resident.report.chosenCategory')} <strong>{localText(c.names, p.locale, c.code)}</strong>{' '}
        <a href="/report">{t('resident.report.changeCategory')}</a>
      </p>
      {guidance ? <p class="emergency">{guidance}</p> : null}
      {c.desk === 'prevention' ? (
        <div class="warning" role="note">
          <p>
            <strong>{t('resident.report.behaviourTitle')}</strong>
          </p>
          <p>{t('resident.report.behaviourWarning')}</p>
        </div>
      ) : null}
      <form
        method="post"
        action={onceAction('/report')}
        enctype="multipart/form-data"
        class="stack"
        novalidate
      >
        <input type="hidden" name="category" value={c.code} />
        <div>
          <label for="description">{t('resident.report.description')}</label>
          <Hint id="description">
            {c.desk === 'prevention'
              ? t('resident.report.descriptionHintBehaviour')
              : t('resident.report.descriptionHint')}
          </Hint>
          <FieldError id="description" errors={errors} />
          <textarea
            id="description"
            name="description"
            rows={6}
            maxLength={4000}
            required
            aria-invalid={errors.description ? 'true' : undefined}
            aria-describedby={describedBy('description', errors, true)}
          >
            {v.description ?? ''}
          </textarea>
        </div>

        <fieldset>
          <legend>{t('resident.report.where')}</legend>
          <div>
            <label for="area">{t('resident.report.area')}</label>
            <FieldError id="area" errors={errors} />
            <select
              id="area"
              name="area"
              aria-invalid={errors.area ? 'true' : undefined}
              aria-describedby={describedBy('area', errors, false)}
            >
              <option value="">{t('resident.report.areaChoose')}</option>
              {p.areas.map((g) => (
                <optgroup label={g.label} key={g.label}>
                  {g.areas.map((a) => (
                    <option value={a.code} key={a.code} selected={v.area === a.code}>
                      {a.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <div>
            <label for="address">{t('resident.report.address')}</label>
            <Hint id="address">{t('resident.report.addressHint')}</Hint>
            <FieldError id="address" errors={errors} />
            <input
              id="address"
              name="address"
              maxLength={500}
              value={v.address ?? ''}
              aria-describedby={describedBy('address', errors, true)}
            />
          </div>
          <input type="hidden" name="lat" id="lat" value={v.lat ?? ''} />
          <input type="hidden" name="lon" id="lon" value={v.lon ?? ''} />
          <div data-island="map-pin" class="island" data-tiles={p.tileUrl} data-attribution={p.attribution}>
            <button type="button" class="secondary" hidden data-open>
              {t('resident.report.pickOnMap')}
            </button>
            <p class="hint" hidden data-picked>
              {t('resident.report.pointChosen')}
            </p>
            <p class="hint" hidden data-help>
              {t('resident.report.mapHelp')}
            </p>
          </div>
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
                aria-describedby={describedBy('occurred_date', errors, false)}
              />
            </div>
            <div>
              <label for="occurred_time">{t('resident.report.time')}</label>
              <input id="occurred_time" name="occurred_time" type="time" value={v.occurred_time ?? ''} />
            </div>
          </div>
        </fieldset>

        {c.questions.map((q) => (
          <Question key={q.key} q={q} locale={p.locale} values={v} errors={errors} t={t} />
        ))}

        <div>
          <label for="photos">{t('resident.report.photos')}</label>
          <Hint id="photos">{t('resident.report.photosHint')}</Hint>
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

        <fieldset id="privacy" aria-describedby={describedBy('privacy', errors, true)}>
          <legend>{t('resident.report.privacy.legend')}</legend>
          <Hint id="privacy">{t('resident.report.privacy.hint')}</Hint>
          <FieldError id="privacy" errors={errors} />
          {PRIVACY_CHOICES.map((o) => (
            <div class="choice" key={o.value}>
              <input
                type="radio"
                name="privacy"
                id={`privacy-${o.value}`}
                value={o.value}
                checked={v.privacy === o.value}
                aria-describedby={`privacy-${o.value}-explain`}
              />
              <label for={`privacy-${o.value}`}>{t(o.label)}</label>
              <p class="hint" id={`privacy-${o.value}-explain`}>
                {t(o.explain)}
              </p>
            </div>
          ))}
          {c.sensitive ? <p class="hint">{t('resident.report.privacy.neverPublic')}</p> : null}
        </fieldset>

        <fieldset class="contact">
          <legend>{t('resident.report.contact.legend')}</legend>
          <p class="hint">
            {p.signedIn ? t('resident.report.contact.hintSignedIn') : t('resident.report.contact.hint')}
          </p>
          {(['contact_name', 'contact_phone', 'contact_email'] as const).map((id) => (
            <div key={id}>
              <label for={id}>
                {id === 'contact_name'
                  ? t('resident.report.contact.name')
                  : id === 'contact_phone'
                    ? t('resident.report.contact.phone')
                    : t('resident.report.contact.email')}
              </label>
              <FieldError id={id} errors={errors} />
              <input
                id={id}
                name={id}
                type={id === 'contact_email' ? 'email' : id === 'contact_phone' ? 'tel' : 'text'}
                autocomplete={id === 'contact_name' ? 'name' : id === 'contact_phone' ? 'tel' : 'email'}
                value={v[id] ?? ''}
                aria-invalid={errors[id] ? 'true' : undefined}
                aria-describedby={describedBy(id, errors, false)}
              />
            </div>
          ))}
        </fieldset>

        <div>
          <button type="submit">{t('resident.report.submit')}</button>
        </div>
      </form>
    </section>
  );
}

// --- "is this the same?" --------------------------------------------------------------------------

export interface SimilarItem {
  reference: string;
  statusLabel: string;
  createdAt: string;
  excerpt: string;
}

export function SimilarStep(p: {
  t: Translate;
  items: SimilarItem[];
  category: string;
  /** Every text field of the form, carried over for "no, mine is different". */
  carried: ReportValues;
  hadPhotos: boolean;
  formatDate: (iso: string) => string;
}) {
  const { t } = p;
  return (
    <section>
      <h1>{t('resident.report.similar.title')}</h1>
      <p>{t('resident.report.similar.intro')}</p>
      <ul class="cards">
        {p.items.map((s) => (
          <li key={s.reference}>
            <h2>{s.reference}</h2>
            <p>{s.excerpt}</p>
            <p class="hint">
              {s.statusLabel} · <time dateTime={s.createdAt}>{p.formatDate(s.createdAt)}</time>
            </p>
            <form method="post" action={onceAction('/report/add')} class="inline">
              <input type="hidden" name="reference" value={s.reference} />
              <input type="hidden" name="category" value={p.category} />
              <input type="hidden" name="description" value={p.carried.description ?? ''} />
              <button type="submit" aria-describedby="add-explain">
                {t('resident.report.similar.add', { reference: s.reference })}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <p class="hint" id="add-explain">
        {t('resident.report.similar.addExplain')}
      </p>
      <form
        method="post"
        action={onceAction('/report')}
        enctype="multipart/form-data"
        class="stack"
        novalidate
      >
        {Object.entries(p.carried).map(([k, val]) => (
          <input type="hidden" name={k} value={val} key={k} />
        ))}
        <input type="hidden" name="different" value="1" />
        {p.hadPhotos ? (
          <div>
            <label for="photos">{t('resident.report.photos')}</label>
            <p class="hint" id="photos-hint">
              {t('resident.report.similar.photosAgain')}
            </p>
            <input
              id="photos"
              name="photos"
              type="file"
              multiple
              accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
              aria-describedby="photos-hint"
            />
          </div>
        ) : null}
        <div>
          <button type="submit" class="secondary">
            {t('resident.report.similar.different')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function AddedPage(p: { t: Translate; reference: string }) {
  const { t } = p;
  return (
    <section>
      <h1>{t('resident.report.added.title')}</h1>
      <p class="notice">{t('resident.report.added.body', { reference: p.reference })}</p>
      <p>
        <a href="/reports">{t('resident.list.title')}</a>
      </p>
    </section>
  );
}

// --- confirmation ---------------------------------------------------------------------------------

/** `12345678901234567890` → `1234 5678 9012 3456 7890` for reading aloud and writing down. */
export function groupDigits(receipt: string): string {
  return receipt
    .replace(/\D/g, '')
    .replace(/(\d{4})(?=\d)/g, '$1 ')
    .trim();
}

export function ConfirmationPage(p: {
  t: Translate;
  reference: string;
  receipt?: string;
  signedIn: boolean;
}) {
  const { t } = p;
  return (
    <section>
      <h1>{t('resident.report.done.title')}</h1>
      <p class="notice">{t('resident.report.done.thanks')}</p>
      <p>
        {t('resident.report.done.reference')} <strong class="mono">{p.reference}</strong>
      </p>
      {p.receipt ? (
        <div class="receipt-box">
          <h2>{t('resident.report.done.receiptTitle')}</h2>
          <p class="receipt mono" id="receipt">
            {groupDigits(p.receipt)}
          </p>
          <p>
            <strong>{t('resident.report.done.receiptAdvice')}</strong>
          </p>
          <p class="hint">{t('resident.report.done.receiptOnlyKey')}</p>
        </div>
      ) : p.signedIn ? (
        <p>{t('resident.report.done.signedIn')}</p>
      ) : (
        <p>{t('resident.report.done.contact')}</p>
      )}
      <p>
        <a href="/track">{t('resident.report.done.trackLink')}</a>
      </p>
      <p class="emergency">{t('common.emergency')}</p>
    </section>
  );
}
