import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderSms, smsPages, MAX_SMS_SEGMENTS } from './sms.render.ts';
import { countSegments } from './sms.segments.ts';

describe('SMS rendering', () => {
  it('numbers the choices, one a line, after the text', () => {
    expect(
      renderSms({
        text: 'Тилди тандаңыз:',
        choices: [
          { id: 'lang:ky', label: 'Кыргызча' },
          { id: 'lang:ru', label: 'Русский' },
        ],
      }),
    ).toBe('Тилди тандаңыз:\n1 Кыргызча\n2 Русский');
  });

  it('tidies spaces and blank lines that would cost parts', () => {
    expect(renderSms({ text: '  Рахмат!\n\n\nКабарыңыз   кабыл  алынды.  ' })).toBe(
      'Рахмат!\nКабарыңыз кабыл алынды.',
    );
  });

  it('drops whole trailing paragraphs before cutting into a sentence', () => {
    const first = 'Эмне болду? Эмнени көргөнүңүздү жазыңыз.';
    const guidance = 'Ызы-чуу, мушташ, вандализм — '.repeat(30);
    expect(renderSms({ text: `${first}\n\n${guidance}` }, 2)).toBe(first);
    expect(renderSms({ text: `${first}\n\nКыска.` }, 2)).toBe(`${first}\nКыска.`);
  });

  it('cuts a long text, never the choices, to stay within the part budget', () => {
    const text = 'Кайрылууңуз боюнча маалымат: '.repeat(20);
    const choices = [
      { id: 'a', label: 'Ооба' },
      { id: 'b', label: 'Жок' },
    ];
    const sms = renderSms({ text, choices });
    expect(countSegments(sms).segments).toBeLessThanOrEqual(MAX_SMS_SEGMENTS);
    expect(sms.endsWith('\n1 Ооба\n2 Жок')).toBe(true);
    expect(sms).toContain('…');
  });

  it('property: within the budget whenever the choices alone fit; choices always complete and in order', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 800 }),
        fc.array(
          fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0),
          { maxLength: 6 },
        ),
        (text, labels) => {
          const choices = labels.map((label, i) => ({ id: `c${i}`, label }));
          const sms = renderSms({ text, choices });
          const lines = sms.split('\n');
          const tail = lines.slice(lines.length - choices.length);
          choices.forEach((c, i) => expect(tail[i]!.startsWith(`${i + 1} `)).toBe(true));
          const choicesOnly = renderSms({ text: '', choices });
          if (countSegments(choicesOnly + 'x…').segments <= MAX_SMS_SEGMENTS)
            expect(countSegments(sms).segments).toBeLessThanOrEqual(MAX_SMS_SEGMENTS);
        },
      ),
    );
  });

  it('property: with a "more" label, a long list is paged; every page fits, every choice is on one page with its number', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.array(
          fc
            .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
            .filter((s) => s.replace(/\s+/g, '').length > 0),
          { maxLength: 60 },
        ),
        fc.constantFrom('ещё', 'more', 'дагы'),
        (text, labels, more) => {
          const choices = labels.map((label, i) => ({ id: `c${i}`, label }));
          const msg = { text, choices };
          const pages = smsPages(msg, more);
          const seen: number[] = [];
          pages.forEach((_, page) => {
            const sms = renderSms({ ...msg, page }, MAX_SMS_SEGMENTS, more);
            const lines = sms.split('\n');
            // The choices alone of one page always fit (a page holds one at least).
            if (pages.length > 1 && countSegments(sms).segments > MAX_SMS_SEGMENTS)
              expect(pages[page]![1] - pages[page]![0]).toBe(1);
            if (page < pages.length - 1) expect(lines.at(-1)).toBe(`0 ${more}`);
            const [start, end] = pages[page]!;
            for (let i = start; i < end; i++) {
              expect(lines.some((l) => l.startsWith(`${i + 1} `))).toBe(true);
              seen.push(i);
            }
          });
          expect(seen).toEqual(choices.map((_, i) => i));
          // Past the last page comes the first again.
          expect(renderSms({ ...msg, page: pages.length }, MAX_SMS_SEGMENTS, more)).toBe(
            renderSms(msg, MAX_SMS_SEGMENTS, more),
          );
        },
      ),
    );
  });
});
