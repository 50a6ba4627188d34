/**
 * Form building blocks shared by every page: the error summary at the top, each field's own error
 * next to it, and labelled controls whose hint and error are tied to them with aria-describedby.
 */
import type { Locale, Translate } from '../shared/i18n.ts';

export type FieldErrors = Record<string, string>;

/** What a page with forms is given: the reader's language, the CSRF token, the submitted values and the errors. */
export interface FormPageProps {
  t: Translate;
  locale: Locale;
  csrf: string;
  values: Record<string, string>;
  errors: FieldErrors;
}

/** The summary at the top of a form: each message links to its field. */
export function ErrorSummary(p: { errors: FieldErrors; t: Translate; heading?: string }) {
  const entries = Object.entries(p.errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>{p.heading ?? p.t('resident.account.errors.summary')}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#${field}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Csrf(p: { token: string }) {
  return <input type="hidden" name="_csrf" value={p.token} />;
}

/** A field's own error, placed next to it; its id is what aria-describedby points at. */
export function FieldError(p: { id: string; errors: FieldErrors }) {
  const e = p.errors[p.id];
  return e ? (
    <p class="field-error" id={`${p.id}-error`}>
      {e}
    </p>
  ) : null;
}

/** The ids that describe a control: its hint (when it has one) and its error (when there is one). */
export function describedBy(id: string, errors: FieldErrors, hint = false): string | undefined {
  return [hint ? `${id}-hint` : '', errors[id] ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/** aria-describedby and aria-invalid for a control, to spread onto it. */
export function described(errors: FieldErrors, id: string, hint = false) {
  return {
    'aria-describedby': describedBy(id, errors, hint),
    'aria-invalid': errors[id] ? ('true' as const) : undefined,
  };
}

/** Label, hint and error around a control. */
export function Labelled(p: {
  id: string;
  label: string;
  hint?: string;
  errors: FieldErrors;
  children: preact.ComponentChildren;
}) {
  return (
    <div>
      <label for={p.id}>{p.label}</label>
      {p.hint ? (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      <FieldError id={p.id} errors={p.errors} />
      {p.children}
    </div>
  );
}

export function Field(p: {
  id: string;
  /** The submitted name, when it differs from the element id (defaults to the id). */
  name?: string;
  label: string;
  errors: FieldErrors;
  type?: string;
  value?: string;
  autocomplete?: string;
  hint?: string;
  required?: boolean;
  inputmode?: 'numeric' | 'text' | 'email' | 'tel';
  maxLength?: number;
}) {
  return (
    <Labelled id={p.id} label={p.label} hint={p.hint} errors={p.errors}>
      <input
        id={p.id}
        name={p.name ?? p.id}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        autocomplete={p.autocomplete}
        inputMode={p.inputmode}
        maxLength={p.maxLength}
        required={p.required}
        {...described(p.errors, p.id, !!p.hint)}
      />
    </Labelled>
  );
}

export function Select(p: {
  id: string;
  label: string;
  options: { value: string; label: string }[];
  value?: string;
  errors: FieldErrors;
  hint?: string;
}) {
  return (
    <Labelled id={p.id} label={p.label} hint={p.hint} errors={p.errors}>
      <select id={p.id} name={p.id} {...described(p.errors, p.id, !!p.hint)}>
        {p.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

export function TextArea(p: {
  id: string;
  label: string;
  value?: string;
  errors: FieldErrors;
  hint?: string;
  rows?: number;
}) {
  return (
    <Labelled id={p.id} label={p.label} hint={p.hint} errors={p.errors}>
      <textarea id={p.id} name={p.id} rows={p.rows ?? 4} {...described(p.errors, p.id, !!p.hint)}>
        {p.value ?? ''}
      </textarea>
    </Labelled>
  );
}
