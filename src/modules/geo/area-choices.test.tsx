import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import type { Area } from '../../db/schema.ts';
import { AreaPicker } from '../../views/area-picker.tsx';
import { areaChoices, areaWithParents } from './area-choices.ts';

function area(code: string, kind: Area['kind'], parent: Area | null, names: Record<string, string>): Area {
  return {
    id: code,
    code,
    country_code: 'KG',
    kind,
    subtype: null,
    parent_code: parent?.code ?? null,
    path: `${parent?.path ?? '/'}${code}/`,
    names: JSON.stringify(names),
    centre_lat: null,
    centre_lon: null,
    boundary: null,
    min_lat: null,
    min_lon: null,
    max_lat: null,
    max_lon: null,
    valid_from: '2020-01-01T00:00:00.000Z',
    valid_to: null,
    successor_code: null,
    created_at: '2020-01-01T00:00:00.000Z',
    updated_at: '2020-01-01T00:00:00.000Z',
  };
}

const kg = area('KG', 'country', null, { ky: 'Кыргызстан', ru: 'Кыргызстан', en: 'Kyrgyzstan' });
const osh = area('KG-O', 'region', kg, { ky: 'Ош облусу', ru: 'Ошская область', en: 'Osh Region' });
const naryn = area('KG-N', 'region', kg, { ky: 'Нарын облусу', ru: 'Нарынская область', en: 'Naryn Region' });
const karaSuu = area('KG-O.kara-suu', 'district', osh, { ky: 'Кара-Суу району', ru: 'Карасуйский район' });
const uzgen = area('KG-O.uzgen', 'district', osh, { ky: 'Өзгөн району', ru: 'Узгенский район' });
const town = area('KG-O.kara-suu.town', 'municipality', karaSuu, {
  ky: 'Кара-Суу шаары',
  ru: 'город Кара-Суу',
});
const beat = area('KG-O.kara-suu.beat-1', 'beat', town, { ky: '1-участок', ru: 'Участок 1' });
const atBashy = area('KG-N.at-bashy', 'district', naryn, { ky: 'Ат-Башы району', ru: 'Ат-Башинский район' });
const all = [kg, osh, naryn, karaSuu, uzgen, town, beat, atBashy];

describe('area choices: names, never codes', () => {
  it('groups by region, names each area in the reader’s language with its district, sorted by name', () => {
    const groups = areaChoices(all, 'ky');
    expect(groups.map((g) => g.label)).toEqual(['Нарын облусу', 'Ош облусу']);
    expect(groups[1]!.areas.map((a) => a.label)).toEqual([
      'Кара-Суу району',
      'Өзгөн району',
      'Кара-Суу шаары, Кара-Суу району',
    ]);
    const ru = areaChoices(all, 'ru');
    expect(ru[1]!.areas[0]!.label).toBe('Карасуйский район');
  });

  it('keeps only the jurisdiction it is given, and the kinds asked for', () => {
    const mine = areaChoices(all, 'ky', {
      within: [karaSuu.path],
      kinds: ['district', 'municipality', 'beat'],
    });
    expect(mine.flatMap((g) => g.areas.map((a) => a.code))).toEqual([karaSuu.code, beat.code, town.code]);
    expect(mine.flatMap((g) => g.areas.map((a) => a.label))).toContain('1-участок, Кара-Суу району');
  });

  it('reads an area with its parents, as the issue asks: "Кара-Суу шаары, Кара-Суу району, Ош облусу"', () => {
    const byCode = new Map(all.map((a) => [a.code, a]));
    expect(areaWithParents(town, byCode, 'ky')).toBe('Кара-Суу шаары, Кара-Суу району, Ош облусу');
  });

  it('renders a labelled select grouped by region that works without JavaScript, errors tied to it', () => {
    const html = render(
      <AreaPicker
        id="area"
        label="Аймак"
        groups={areaChoices(all, 'ky')}
        value={town.code}
        emptyLabel="Бардыгы"
        errors={{ area: 'Тизмеден аймакты тандаңыз.' }}
      />,
    );
    expect(html).toContain('<label for="area">Аймак</label>');
    expect(html).toContain('<optgroup label="Ош облусу">');
    expect(html).toContain(`<option value="${town.code}" selected>Кара-Суу шаары, Кара-Суу району</option>`);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('Тизмеден аймакты тандаңыз.');
    // What a person reads holds names only: codes appear in values, never as text.
    const text = html.replace(/<[^>]+>/g, ' ');
    expect(text).not.toMatch(/KG-/);
  });
});
