/** The behaviour-not-belief checker: examples in three languages, and properties that must always hold. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBehaviourText, concernKinds, STEMS } from './behaviour-check.ts';

const kinds = (text: string) => concernKinds(checkBehaviourText(text));

describe('behaviour-not-belief checker', () => {
  it('lets plain descriptions of behaviour through, in Kyrgyz, Russian and English', () => {
    for (const ok of [
      'He showed classmates a video of an attack and said he would bring a knife to school.',
      'Сабактан кийин ал классташтарына кол салуу тууралуу видео көрсөтүп, мектепке бычак алып келем деди.',
      'После уроков показал одноклассникам видео нападения и сказал, что принесёт в школу нож.',
      'Постоянно угрожал соседу расправой, поступил звонок от матери.',
      'Three times this month he pressured younger boys to join a fight at the market.',
    ])
      expect(checkBehaviourText(ok), ok).toEqual([]);
  });

  it('warns about religion, ethnicity and opinions, naming the word and where it is', () => {
    expect(kinds('He started praying five times a day and grew a beard.')).toEqual(['religion']);
    expect(kinds('Стал ходить в мечеть и носить бороду')).toEqual(['religion']);
    expect(kinds('Ал намаз окуп, сакал коё баштады')).toEqual(['religion']);
    expect(kinds('His family is Uzbek.')).toEqual(['ethnicity']);
    expect(kinds('Он по национальности таджик')).toEqual(['ethnicity']);
    expect(kinds('Анын улуту өзбек')).toEqual(['ethnicity']);
    expect(kinds('She has radical political views and supports the opposition.')).toEqual(['opinion']);
    expect(kinds('Придерживается оппозиционных взглядов')).toEqual(['opinion']);
    expect(kinds('Анын саясий көз караштары башка')).toEqual(['opinion']);
    const text = 'He threatened a teacher. He is a devout Muslim.';
    const w = checkBehaviourText(text);
    expect(w.map((x) => x.word)).toEqual(['devout', 'Muslim']);
    expect(text.slice(w[1]!.index, w[1]!.index + 6)).toBe('Muslim');
  });

  it('property: every warning quotes a word that is really in the text, at its offset', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        for (const w of checkBehaviourText(text)) {
          expect(text.normalize('NFC').slice(w.index, w.index + w.word.length)).toBe(w.word);
          expect(['religion', 'ethnicity', 'opinion']).toContain(w.kind);
        }
      }),
    );
  });

  it('property: a stem inserted as a word anywhere in any text is always found', () => {
    const stems = Object.entries(STEMS).flatMap(([kind, list]) =>
      list.filter((s) => !s.includes(' ')).map((s) => ({ kind, s })),
    );
    const filler = fc.array(
      fc.constantFrom('he', 'said', 'at', 'the', 'market', 'сказал', 'айтты', '12', ','),
      {
        maxLength: 12,
      },
    );
    fc.assert(
      fc.property(
        filler,
        fc.constantFrom(...stems),
        filler,
        fc.boolean(),
        (before, { kind, s }, after, upper) => {
          const word = upper ? s.toLocaleUpperCase('ru') : s;
          const found = checkBehaviourText([...before, word, ...after].join(' '));
          expect(found.some((w) => w.word === word && w.kind === kind)).toBe(true);
        },
      ),
    );
  });

  it('property: pure and bounded — same answer twice, never more warnings than words', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500, unit: 'grapheme' }), (text) => {
        const a = checkBehaviourText(text);
        expect(checkBehaviourText(text)).toEqual(a);
        expect(a.length).toBeLessThanOrEqual(
          (text.normalize('NFC').match(/[\p{L}\p{M}'ʼ’-]+/gu) ?? []).length,
        );
      }),
    );
  });
});
