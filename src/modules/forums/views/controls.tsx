/** Controls and formatting for the forums pages (the form controls themselves are shared). */
import type { Translate } from '../../../shared/i18n.ts';
import { LOCALE_TAGS, type Locale } from '../../../shared/i18n.ts';

export {
  Csrf,
  ErrorSummary,
  Field,
  FieldError,
  Select,
  TextArea,
  type FieldErrors,
  type FormPageProps,
} from '../../../views/form.tsx';

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
