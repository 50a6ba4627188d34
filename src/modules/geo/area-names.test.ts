import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaName } from './geo.presenter.ts';
import { derivedAreaName, toUzbekLatin } from './area-names.ts';

const karaSuu = { ky: 'Кара-Суу району', ru: 'Карасуйский район', en: 'Kara-Suu District' };
const osh = { ky: 'Ош облусу', ru: 'Ошская область', en: 'Osh Region' };
const abai = { kk: 'Абай облысы', ru: 'Абайская область', en: 'Abai Region' };
const khatlon = { tg: 'вилояти Хатлон', ru: 'Хатлонская область', en: 'Khatlon Region' };

describe('place names in the reader’s language, never Russian where the place has its own name', () => {
  it('builds the Uzbek, Kazakh and Tajik names of a Kyrgyz district from its own name', () => {
    expect(areaName(karaSuu, 'uz-Latn', 'x')).toBe('Kara-Suu tumani');
    expect(areaName(karaSuu, 'uz', 'x')).toBe('Кара-Суу тумани');
    expect(areaName(karaSuu, 'kk', 'x')).toBe('Кара-Суу ауданы');
    expect(areaName(karaSuu, 'tg', 'x')).toBe('ноҳияи Кара-Суу');
    expect(areaName(osh, 'uz-Latn', 'x')).toBe('Osh viloyati');
    expect(areaName({ ky: 'Өзгөн району' }, 'uz-Latn', 'x')).toBe('Oʻzgoʻn tumani');
  });

  it('does the same for Kazakh and Tajik areas read in Kyrgyz', () => {
    expect(areaName(abai, 'ky', 'x')).toBe('Абай облусу');
    expect(areaName(khatlon, 'ky', 'x')).toBe('Хатлон облусу');
    expect(areaName(khatlon, 'uz-Latn', 'x')).toBe('Xatlon viloyati');
  });

  it('keeps a name the data (or an administrator) gives, and Russian and English as they are', () => {
    expect(areaName({ ...karaSuu, 'uz-Latn': 'Qorasuv tumani' }, 'uz-Latn', 'x')).toBe('Qorasuv tumani');
    expect(areaName(karaSuu, 'ru', 'x')).toBe('Карасуйский район');
    expect(areaName(karaSuu, 'en', 'x')).toBe('Kara-Suu District');
    expect(derivedAreaName(karaSuu, 'ru')).toBeUndefined();
  });

  it('never gives an Uzbek Latin reader Cyrillic letters', () => {
    const word = fc.stringMatching(/^[А-Яа-яЁёӨөҮүҢңҚқҒғҲҳЎўӘәІіҰұҶҷӢӣӮӯ -]{1,30}$/u);
    fc.assert(
      fc.property(word, fc.constantFrom(' району', ' облусу', ' шаары', ''), (core, suffix) => {
        const name = areaName({ ky: `${core}${suffix}`.trim() || 'Ош', ru: 'Русское имя' }, 'uz-Latn', 'x');
        expect(name).not.toMatch(/[\u0400-\u04FF]/u);
      }),
    );
    expect(toUzbekLatin('Чүй облусу')).toBe('Chuy oblusu');
  });
});
