/**
 * One clock, shown in local time. Stored values are ISO-8601 UTC; every page shows them in the
 * deployment's time zone (`TIME_ZONE`, default Asia/Bishkek) or in the zone of the country a place
 * is in, through this module only. Wall times typed into forms (a meeting's date and time) are read
 * back in the same zone, so nobody converts to UTC by hand.
 */
import { LOCALE_TAGS, type Locale } from './i18n.ts';
import { clock } from './time.ts';

export const DEFAULT_TIME_ZONE = 'Asia/Bishkek';

/** Countries served and their civil time zone (Kazakhstan has kept one zone, UTC+5, since 2024). */
const COUNTRY_ZONES: Record<string, string> = {
  KG: 'Asia/Bishkek',
  KZ: 'Asia/Almaty',
  TJ: 'Asia/Dushanbe',
  UZ: 'Asia/Tashkent',
};

/** The zone of a place: its country's zone where known, else the deployment's. */
export function zoneOfCountry(country: string | null | undefined, deploymentZone: string): string {
  return (country && COUNTRY_ZONES[country.toUpperCase()]) || deploymentZone;
}

/** The country of an area code (`KG-O.kara-suu` → `KG`). */
export function countryOfAreaCode(code: string | null | undefined): string | null {
  const m = /^([A-Z]{2})(?:-|$)/.exec(code ?? '');
  return m ? m[1]! : null;
}

export type TimeStyle = 'date' | 'dateLong' | 'dateTime' | 'time';

const OPTIONS: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: 'medium' },
  dateLong: { dateStyle: 'long' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  time: { timeStyle: 'short' },
};

// Building an Intl.DateTimeFormat costs far more than using one: keep one per locale, zone and style.
const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: Locale, timeZone: string, style: TimeStyle | 'parts' | 'zone'): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${style}`;
  let f = cache.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions =
      style === 'parts'
        ? {
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
            second: '2-digit',
            hourCycle: 'h23',
          }
        : style === 'zone'
          ? { timeZoneName: 'shortOffset' }
          : OPTIONS[style];
    f = new Intl.DateTimeFormat(style === 'parts' ? 'en-US' : LOCALE_TAGS[locale], { ...opts, timeZone });
    cache.set(key, f);
  }
  return f;
}

function toDate(value: string | Date): Date | null {
  const d = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A stored instant in words for a person, in their language and the given zone ('' for junk). */
export function formatInstant(
  value: string | Date,
  locale: Locale,
  timeZone: string,
  style: TimeStyle = 'date',
): string {
  const d = toDate(value);
  // A bare calendar day ("2026-12-01") is a day, not midnight UTC: show it as that same day.
  if (d && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return dtf(locale, 'UTC', style === 'dateLong' ? 'dateLong' : 'date').format(d);
  return d ? dtf(locale, timeZone, style).format(d) : '';
}

/** The zone as people read it next to a time, e.g. "GMT+6". */
export function zoneLabel(timeZone: string, at: Date = clock.now()): string {
  const part = dtf('en', timeZone, 'zone')
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** Minutes the zone is ahead of UTC at that instant. */
export function zoneOffsetMinutes(timeZone: string, at: Date): number {
  const parts = Object.fromEntries(
    dtf('en', timeZone, 'parts')
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The calendar day ("YYYY-MM-DD") it is at that instant in the zone — "today" for a person there. */
export function localDay(timeZone: string, at: Date = clock.now()): string {
  return new Date(at.getTime() + zoneOffsetMinutes(timeZone, at) * 60_000).toISOString().slice(0, 10);
}

/**
 * A wall time typed in a form ("2026-12-05" and "18:30") read in the zone, as a UTC ISO instant.
 * Returns null for an impossible date or time.
 */
export function wallTimeToUtc(date: string, time: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m || !t) return null;
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(t[1]), Number(t[2]));
  const check = new Date(guess);
  if (check.getUTCDate() !== Number(m[3]) || check.getUTCMonth() !== Number(m[2]) - 1) return null;
  // Two passes settle the offset even on the day a zone changes it.
  let utc = guess - zoneOffsetMinutes(timeZone, new Date(guess)) * 60_000;
  utc = guess - zoneOffsetMinutes(timeZone, new Date(utc)) * 60_000;
  return new Date(utc).toISOString();
}

/** Tense follows time: whether a stored instant is already past on the one clock. */
export function isPast(iso: string): boolean {
  const d = toDate(iso);
  return d !== null && d.getTime() <= clock.nowMs();
}

/** A formatter bound to one reader's language and zone, for views that show many times. */
export interface TimeFormat {
  readonly timeZone: string;
  date(iso: string): string;
  dateLong(iso: string): string;
  dateTime(iso: string): string;
  time(iso: string): string;
  /** "GMT+6", to name the zone where a time is read across borders. */
  zone(): string;
}

export function timeFormat(locale: Locale, timeZone: string = DEFAULT_TIME_ZONE): TimeFormat {
  return {
    timeZone,
    date: (iso) => formatInstant(iso, locale, timeZone, 'date'),
    dateLong: (iso) => formatInstant(iso, locale, timeZone, 'dateLong'),
    dateTime: (iso) => formatInstant(iso, locale, timeZone, 'dateTime'),
    time: (iso) => formatInstant(iso, locale, timeZone, 'time'),
    zone: () => zoneLabel(timeZone),
  };
}
