/** Form controls for the forums pages: each shows its error next to it and is labelled. */
import type { Translate } from '../../../shared/i18n.ts';
import { LOCALE_TAGS, type Locale } from '../../../shared/i18n.ts';
import type { FieldErrors } from '../../accounts/views/form.tsx';

export { Csrf, ErrorSummary, Field, type FieldErrors } from '../../accounts/views/form.tsx';

export function FieldError(p: { id: string; errors: FieldErrors }) {
  const e = p.errors[p.id];
  return e ? (
    <p class="field-error" id={`${p.id}-error`}>
      {e}
    </p>
  ) : null;
}

export function Select(p: {
  id: string;
  label: string;
  options: { value: string; label: string }[];
  value?: string;
  errors: FieldErrors;
  hint?: string;
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
      <FieldError id={p.id} errors={p.errors} />
      <select
        id={p.id}
        name={p.id}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
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
      <FieldError id={p.id} errors={p.errors} />
      <textarea
        id={p.id}
        name={p.id}
        rows={p.rows ?? 4}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      >
        {p.value ?? ''}
      </textarea>
    </div>
  );
}

/** Meetings are shown in Kyrgyzstan time (UTC+6), with the offset said out loud. */
export const DISPLAY_TIME_ZONE = 'Asia/Bishkek';
export function formatWhen(locale: Locale, iso: string, t: Translate): string {
  const d = new Date(iso);
  const text = new Intl.DateTimeFormat(LOCALE_TAGS[locale], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: DISPLAY_TIME_ZONE,
  }).format(d);
  return t('resident.forums.when', { time: text });
}
