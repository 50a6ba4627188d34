import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSegments, fitSegments, isGsm7 } from './sms.segments.ts';

const GSM_CHARS = [
  ...'@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCXYZÄÖÑÜ§¿abcxyzäöñüà',
];
const EXT_CHARS = [...'^{}\\[~]|€'];
const CYRILLIC = [...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяңөүАБВҢӨҮқғҳҷӣӯ'];

const gsmText = fc
  .array(fc.constantFrom(...GSM_CHARS, ...EXT_CHARS), { maxLength: 500 })
  .map((a) => a.join(''));
const cyrText = fc
  .array(fc.constantFrom(...CYRILLIC, ...GSM_CHARS, '😀'), { maxLength: 400 })
  .map((a) => a.join('') + 'ө');

describe('SMS segment counter', () => {
  it('counts the textbook cases', () => {
    expect(countSegments('')).toMatchObject({ segments: 0, units: 0 });
    expect(countSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1, remaining: 0 });
    expect(countSegments('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', segments: 2, perSegment: 153 });
    expect(countSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSegments('a'.repeat(307)).segments).toBe(3);
    // Kyrgyz Cyrillic is UCS-2: 70 in one part, 67 per part after that.
    expect(countSegments('ө'.repeat(70))).toMatchObject({ encoding: 'UCS-2', segments: 1, remaining: 0 });
    expect(countSegments('ө'.repeat(71))).toMatchObject({ segments: 2, perSegment: 67 });
    expect(countSegments('ө'.repeat(134)).segments).toBe(2);
    expect(countSegments('ө'.repeat(135)).segments).toBe(3);
    // One Cyrillic letter turns a whole Latin text into UCS-2.
    expect(countSegments('a'.repeat(100) + 'б')).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    // Extension characters cost two septets.
    expect(countSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments('€'.repeat(81)).segments).toBe(2);
    // An emoji is a surrogate pair: two UCS-2 units.
    expect(countSegments('😀'.repeat(35))).toMatchObject({ units: 70, segments: 1 });
  });

  it('never splits an escape pair or a surrogate pair across parts', () => {
    // 152 plain + '€' (2) = 154 septets: the pair cannot start at 153, so a second part is needed at once.
    expect(countSegments('a'.repeat(152) + '€' + 'a'.repeat(10))).toMatchObject({ segments: 2 });
    const s = 'ө'.repeat(66) + '😀' + 'ө'.repeat(10); // 66 + 2 + 10 = 78 units; the emoji moves to part 2
    expect(countSegments(s)).toMatchObject({ segments: 2, remaining: 67 - 12 });
  });

  it('property: GSM-7 texts follow 160/153 and UCS-2 texts 70/67', () => {
    fc.assert(
      fc.property(gsmText, (t) => {
        const c = countSegments(t);
        expect(c.encoding).toBe('GSM-7');
        if (c.units === 0) expect(c.segments).toBe(0);
        else if (c.units <= 160) expect(c.segments).toBe(1);
        else {
          // At least the ideal count; an escape pair that does not fit wastes at most one septet a part.
          expect(c.segments).toBeGreaterThanOrEqual(Math.ceil(c.units / 153));
          expect(c.segments).toBeLessThanOrEqual(Math.ceil(c.units / 152));
        }
      }),
    );
    fc.assert(
      fc.property(cyrText, (t) => {
        const c = countSegments(t);
        expect(c.encoding).toBe('UCS-2');
        expect(c.units).toBe(t.length);
        if (c.units <= 70) expect(c.segments).toBe(1);
        else {
          expect(c.segments).toBeGreaterThanOrEqual(Math.ceil(c.units / 67));
          expect(c.segments).toBeLessThanOrEqual(Math.ceil(c.units / 66));
        }
      }),
    );
  });

  it('property: appending text never needs fewer parts, and remaining is within the part size', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ maxLength: 50 }), (a, b) => {
        const ca = countSegments(a);
        const cab = countSegments(a + b);
        expect(cab.segments).toBeGreaterThanOrEqual(ca.segments);
        expect(ca.remaining).toBeGreaterThanOrEqual(0);
        expect(ca.remaining).toBeLessThanOrEqual(ca.perSegment);
        expect(isGsm7(a + b)).toBe(isGsm7(a) && isGsm7(b));
      }),
    );
  });

  it('property: fitSegments returns a prefix that fits, untouched when it already fits', () => {
    fc.assert(
      fc.property(
        fc.oneof(gsmText, cyrText, fc.string({ maxLength: 400 })),
        fc.integer({ min: 1, max: 4 }),
        (t, n) => {
          const fitted = fitSegments(t, n);
          expect(countSegments(fitted).segments).toBeLessThanOrEqual(n);
          if (countSegments(t).segments <= n) expect(fitted).toBe(t);
          else {
            const kept = fitted.replace(/(\.\.\.|…)$/, '');
            expect(t.startsWith(kept)).toBe(true);
            expect(fitted.length).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});
