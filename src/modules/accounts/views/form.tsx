import type { Translate } from '../../../shared/i18n.ts';

export type FieldErrors = Record<string, string>;

/** The summary at the top of a form: each message links to its field. */
export function ErrorSummary(p: { errors: FieldErrors; t: Translate }) {
  const entries = Object.entries(p.errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>{p.t('resident.account.errors.summary')}</h2>
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

export function Field(p: {
  id: string;
  label: string;
  errors: FieldErrors;
  type?: string;
  value?: string;
  autocomplete?: string;
  hint?: string;
  required?: boolean;
  inputmode?: 'numeric' | 'text' | 'email' | 'tel';
}) {
  const error = p.errors[p.id];
  const describedBy = [p.hint ? `${p.id}-hint` : '', error ? `${p.id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div>
      <label for={p.id}>{p.label}</label>
      {p.hint ? (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${p.id}-error`}>
          {error}
        </p>
      ) : null}
      <input
        id={p.id}
        name={p.id}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        autocomplete={p.autocomplete}
        inputMode={p.inputmode}
        required={p.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
    </div>
  );
}
