/**
 * The respondent's form parser: fixed cases, then fast-check — any form never throws, everything it
 * accepts fits the questionnaire (options in range, scale 0–10, numbers bounded, short text bounded),
 * and a well-formed random answer set is read back exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal, parseResponse, parseWhole, SHORT_TEXT_MAX, type SubmittedForm } from './answers.ts';
import type { SurveyDefinition } from './surveys.types.ts';

const def: SurveyDefinition = {
  languages: ['ky', 'ru'],
  title: { ky: 'Т', ru: 'Т' },
  demographics: ['gender', 'age_band', 'residence'],
  lastQuestion: 6,
  sections: [
    {
      key: 's1',
      title: { ky: 'Б', ru: 'Р' },
      questions: [
        { key: 'q1', source: 'bank', itemId: 'ess-trstplc' }, // 0–10
        { key: 'q2', source: 'bank', itemId: 'csew-confidence' }, // 5 options
        {
          key: 'q3',
          source: 'own',
          kind: 'multiple',
          text: { ru: 'Где?' },
          options: [{ ru: 'a' }, { ru: 'b' }, { ru: 'c' }],
        },
        { key: 'q4', source: 'own', kind: 'number', text: { ru: 'Сколько?' }, options: [] },
        { key: 'q5', source: 'own', kind: 'text', text: { ru: 'Что?' }, options: [] },
        {
          key: 'q6',
          source: 'own',
          kind: 'single',
          text: { ru: 'Да?' },
          options: [{ ru: 'да' }, { ru: 'нет' }],
        },
      ],
    },
  ],
};
const scales: Record<string, string> = { 'ess-trstplc': '0-10-trust', 'csew-confidence': '5-agree' };
const parse = (form: SubmittedForm) => parseResponse(def, (id) => scales[id], form, ['KG-O.kara-suu']);

describe('answer parser', () => {
  it('reads a full answer', () => {
    const r = parse({
      q_q1: '10',
      q_q2: '0',
      q_q3: ['2', '0'],
      q_q4: '12,5',
      q_q5: ' ok ',
      q_q6: '1',
      d_gender: 'male',
      d_age_band: '60+',
      d_residence: 'KG-O.kara-suu',
      locale: 'ru',
    });
    expect(r).toEqual({
      ok: true,
      value: {
        answers: [
          { questionKey: 'q1', numberValue: 10, textValue: null, choiceValues: null },
          { questionKey: 'q2', numberValue: 0, textValue: null, choiceValues: null },
          { questionKey: 'q3', numberValue: null, textValue: null, choiceValues: [0, 2] },
          { questionKey: 'q4', numberValue: 12.5, textValue: null, choiceValues: null },
          { questionKey: 'q5', numberValue: null, textValue: 'ok', choiceValues: null },
          { questionKey: 'q6', numberValue: 1, textValue: null, choiceValues: null },
        ],
        gender: 'male',
        ageBand: '60+',
        residence: 'KG-O.kara-suu',
      },
    });
  });

  it('names each wrong answer and refuses unknown fields', () => {
    const r = parse({
      q_q1: '11',
      q_q2: '5',
      q_q3: ['1', '1'],
      q_q4: '1e5',
      q_q6: ['0', '1'],
      d_gender: 'other',
      religion: 'x',
    });
    expect(r).toEqual({
      ok: false,
      errors: {
        q_q1: 'scale',
        q_q2: 'choice',
        q_q3: 'choice',
        q_q4: 'number',
        q_q6: 'choice',
        d_gender: 'demographic',
        religion: 'unknown',
      },
    });
    expect(parse({})).toEqual({ ok: false, errors: { answers: 'empty' } });
    expect(parse({ q_q5: 'x'.repeat(SHORT_TEXT_MAX + 1) })).toEqual({ ok: false, errors: { q_q5: 'text' } });
  });

  it('parses plain whole and decimal numbers only', () => {
    expect([parseWhole('07'), parseWhole('+1'), parseWhole(' 1'), parseWhole('1.0')]).toEqual([
      7,
      null,
      null,
      null,
    ]);
    expect([
      parseDecimal('-3,25'),
      parseDecimal('1e3'),
      parseDecimal('Infinity'),
      parseDecimal('.5'),
    ]).toEqual([-3.25, null, null, null]);
  });

  it('never throws, and accepts only what fits the questionnaire', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 }),
      fc.constant(undefined),
    );
    const key = fc.oneof(
      fc.constantFrom(
        'q_q1',
        'q_q2',
        'q_q3',
        'q_q4',
        'q_q5',
        'q_q6',
        'd_gender',
        'd_age_band',
        'd_residence',
        'locale',
      ),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 12 }), (form) => {
        const r = parse(form as SubmittedForm);
        if (!r.ok) return;
        for (const a of r.value.answers) {
          if (a.questionKey === 'q1')
            expect(Number.isInteger(a.numberValue) && a.numberValue! >= 0 && a.numberValue! <= 10).toBe(true);
          if (a.questionKey === 'q2') expect([0, 1, 2, 3, 4]).toContain(a.numberValue);
          if (a.questionKey === 'q3') expect(a.choiceValues!.every((c) => c >= 0 && c < 3)).toBe(true);
          if (a.questionKey === 'q4') expect(Math.abs(a.numberValue!)).toBeLessThanOrEqual(1_000_000);
          if (a.questionKey === 'q5') expect(a.textValue!.length).toBeLessThanOrEqual(SHORT_TEXT_MAX);
          if (a.questionKey === 'q6') expect([0, 1]).toContain(a.numberValue);
        }
        expect([null, 'female', 'male']).toContain(r.value.gender);
      }),
      { numRuns: 500 },
    );
  });

  it('reads back any well-formed answer set exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 4 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: -999_999, max: 999_999 }),
        (q1, q2, q3, q4) => {
          const r = parse({ q_q1: String(q1), q_q2: String(q2), q_q3: q3.map(String), q_q4: String(q4) });
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.value.answers.map((a) => a.numberValue ?? a.choiceValues)).toEqual([
            q1,
            q2,
            [...q3].sort((a, b) => a - b),
            q4,
          ]);
        },
      ),
    );
  });
});
