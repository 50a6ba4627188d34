/**
 * The E.164 normaliser (property tests): every way a number of the deployment's country is written
 * — national with its trunk prefix, with spaces, dashes and brackets, international with +, with
 * the international prefix or without either — gives the one E.164 form; E.164 input is kept
 * whatever the deployment's country; the result is always E.164 or null, and normalising twice
 * changes nothing. National numbers are read with the country given, never another's rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { E164, PHONE_COUNTRIES, PHONE_COUNTRY_CODES, toE164, type PhoneCountryCode } from './phone-number.ts';

const country = fc.constantFrom(...PHONE_COUNTRY_CODES);
/** A national significant number: its first digit is never 0 or 1 in these numbering plans. */
const nsn = (c: PhoneCountryCode) =>
  fc
    .tuple(
      fc.integer({ min: 2, max: 9 }),
      fc.array(fc.integer({ min: 0, max: 9 }), {
        minLength: PHONE_COUNTRIES[c].nationalLength - 1,
        maxLength: PHONE_COUNTRIES[c].nationalLength - 1,
      }),
    )
    .map(([first, rest]) => `${first}${rest.join('')}`);
/** Spaces, dashes, dots or brackets between digits, as people and operators write them. */
const decorate = (digits: string, seps: string[]) =>
  [...digits].map((d, i) => (i > 0 && i % 3 === 0 ? (seps[i % seps.length] ?? '') + d : d)).join('');
const seps = fc.array(fc.constantFrom('', ' ', '-', '.', '\u00a0'), { minLength: 1, maxLength: 4 });

describe('phone numbers to E.164', () => {
  it('known examples', () => {
    expect(toE164('0555 123 456', 'KG')).toBe('+996555123456');
    expect(toE164('(0555) 12-34-56', 'KG')).toBe('+996555123456');
    expect(toE164('996555123456', 'KG')).toBe('+996555123456');
    expect(toE164('00996555123456', 'KG')).toBe('+996555123456');
    expect(toE164('555123456', 'KG')).toBe('+996555123456');
    expect(toE164('8 701 123 4567', 'KZ')).toBe('+77011234567');
    expect(toE164('8 10 996 555 123456', 'KZ')).toBe('+996555123456');
    // The same national digits mean another number in another deployment: the country decides.
    expect(toE164('0555123456', 'KZ')).toBeNull();
    expect(toE164('Beeline', 'KG')).toBeNull();
    expect(toE164('0555', 'KG')).toBeNull();
    expect(toE164('+0555123456', 'KG')).toBeNull();
  });

  it('property: every writing of a national number gives the same E.164 number', () => {
    fc.assert(
      fc.property(
        country.chain((c) => fc.tuple(fc.constant(c), nsn(c), seps)),
        ([c, n, s]) => {
          const { callingCode, trunk, international } = PHONE_COUNTRIES[c];
          const expected = `+${callingCode}${n}`;
          expect(expected).toMatch(E164);
          const writings = [
            trunk + n,
            decorate(trunk + n, s),
            `+${callingCode}${n}`,
            `+${callingCode} ${decorate(n, s)}`,
            `${callingCode}${n}`,
            ...international.map((p) => `${p}${callingCode}${n}`),
            n,
          ];
          for (const w of writings) expect(toE164(w, c), `${c}: ${JSON.stringify(w)}`).toBe(expected);
        },
      ),
    );
  });

  it('property: an E.164 number stays itself whatever the deployment country', () => {
    fc.assert(
      fc.property(
        country,
        country.chain((c) => nsn(c).map((n) => `+${PHONE_COUNTRIES[c].callingCode}${n}`)),
        (deployment, e164) => {
          expect(toE164(e164, deployment)).toBe(e164);
        },
      ),
    );
  });

  it('property: anything gives E.164 or null, never throws, and normalising again changes nothing', () => {
    fc.assert(
      fc.property(
        country,
        fc.oneof(fc.string({ maxLength: 30 }), fc.stringMatching(/^\+?[0-9 ()-]{0,22}$/)),
        (c, raw) => {
          const out = toE164(raw, c);
          if (out === null) return;
          expect(out).toMatch(E164);
          expect(toE164(out, c)).toBe(out);
        },
      ),
    );
  });
});
