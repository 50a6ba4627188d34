/** The STOP parser: every way of writing a bare stop word is a stop; nothing else is (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStopMessage } from './stop-words.ts';

const stopWord = fc.constantFrom(
  'stop',
  'STOP',
  'Stop',
  'СТОП',
  'стоп',
  'Токтот',
  'UNSUBSCRIBE',
  'отписаться',
);
const padding = fc.stringMatching(/^[ \t\n.!,]{0,4}$/);

describe('isStopMessage', () => {
  it('accepts a bare stop word in any case with spaces or punctuation around it', () => {
    fc.assert(
      fc.property(padding, stopWord, padding, (a, w, b) => {
        expect(isStopMessage(a + w + b)).toBe(true);
      }),
    );
    expect(isStopMessage('STOP ALL')).toBe(true);
    expect(isStopMessage('стоп все')).toBe(true);
  });

  it('does not take a word that only starts or ends with stop, or a sentence containing it', () => {
    fc.assert(
      fc.property(stopWord, fc.stringMatching(/^[a-zа-яё]{1,6}$/), fc.boolean(), (w, extra, before) => {
        const word = before ? extra + w : w + extra;
        expect(isStopMessage(word)).toBe(false);
      }),
    );
    for (const text of [
      'stopwatch',
      'bus stop near the school',
      'не стоп',
      'stop the noise please',
      'STOP 2',
      '',
    ])
      expect(isStopMessage(text), text).toBe(false);
  });

  it('never throws on any input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.anything()), (x) => {
        expect(typeof isStopMessage(x)).toBe('boolean');
      }),
    );
  });
});
