/**
 * Phone numbers to E.164 (`+996555123456`), the one form we store, hash and answer.
 *
 * A gateway hands over the sender the way the network gave it: international (`+996555123456`,
 * `996555123456`, `00996555123456`) or national (`0555 123 456` in Kyrgyzstan, `8 701 123 4567` in
 * Kazakhstan). A national number only means something with a country, and that country is the
 * deployment's (PHONE_COUNTRY), never the gateway's or the phone's default region: the same chat
 * must get the same address however the operator wrote the number, or a resident writing once as
 * `0555…` and once as `+996555…` would be two strangers to the bot.
 *
 * The table holds the countries Ishenim is deployed in or next to; each row gives the country
 * calling code, the trunk prefix dialled before a national number, the international prefixes
 * and the length of a national (significant) number.
 */

export interface PhoneCountry {
  callingCode: string;
  /** Dialled before a national number inside the country (`0` in Kyrgyzstan, `8` in Kazakhstan). */
  trunk: string;
  /** Dialled before a country code to call abroad. */
  international: readonly string[];
  /** Digits of a national significant number (without trunk prefix or country code). */
  nationalLength: number;
}

export const PHONE_COUNTRIES = {
  KG: { callingCode: '996', trunk: '0', international: ['00'], nationalLength: 9 },
  KZ: { callingCode: '7', trunk: '8', international: ['810', '00'], nationalLength: 10 },
  TJ: { callingCode: '992', trunk: '8', international: ['810', '00'], nationalLength: 9 },
  UZ: { callingCode: '998', trunk: '8', international: ['810', '00'], nationalLength: 9 },
  RU: { callingCode: '7', trunk: '8', international: ['810', '00'], nationalLength: 10 },
} as const satisfies Record<string, PhoneCountry>;
export type PhoneCountryCode = keyof typeof PHONE_COUNTRIES;
export const PHONE_COUNTRY_CODES = Object.keys(PHONE_COUNTRIES) as PhoneCountryCode[];

/** E.164: a plus, a country code not starting with 0, at most 15 digits in all (8 at least here). */
export const E164 = /^\+[1-9][0-9]{7,14}$/;

/** Separators people and gateways put in numbers: spaces (also no-break), dashes, dots, brackets, slashes. */
const SEPARATORS = /[\s\u00a0\u2007\u202f().\-/]/g;

/** A national significant number never starts with 0 (that would be a trunk or an international prefix). */
const nationalOk = (n: string) => !n.startsWith('0');

/**
 * The number in E.164, or null when it is no phone number we could answer (an alphanumeric sender
 * such as "Beeline", a short code, a number of the wrong length).
 */
export function toE164(raw: string, country: PhoneCountryCode): string | null {
  const c: PhoneCountry = PHONE_COUNTRIES[country];
  const s = raw.trim().replace(SEPARATORS, '');
  if (!/^\+?[0-9]{1,20}$/.test(s)) return null;
  let digits: string | null = null;
  if (s.startsWith('+')) digits = s.slice(1);
  else {
    const prefix = c.international.find((p) => s.startsWith(p) && s.length - p.length >= 8);
    if (prefix) digits = s.slice(prefix.length);
    else if (c.trunk && s.startsWith(c.trunk) && s.length === c.trunk.length + c.nationalLength)
      digits = nationalOk(s.slice(c.trunk.length)) ? c.callingCode + s.slice(c.trunk.length) : null;
    else if (s.length === c.nationalLength) digits = nationalOk(s) ? c.callingCode + s : null;
    else if (s.length >= 11) digits = s; // international without the plus, as many gateways give it
  }
  if (digits === null) return null;
  const e164 = `+${digits}`;
  return E164.test(e164) ? e164 : null;
}
