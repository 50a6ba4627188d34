/**
 * Demo municipalities and beats under the reference districts, so a demo deployment has
 * something below district level to route to. Centres are plausible, not surveyed; the few
 * boundaries are small squares. Idempotent like the reference seed.
 */
import type { Database } from '../../db/database.ts';
import { parseBoundary } from './geojson.ts';
import { seedAreas, seedReferenceGeography, type AreaSeed, type SeedResult } from './geo.seed.ts';

/** A closed square of `half` degrees around a centre (demo boundaries only). */
function square(lat: number, lon: number, half: number) {
  const ring = [
    [lon - half, lat - half],
    [lon + half, lat - half],
    [lon + half, lat + half],
    [lon - half, lat + half],
    [lon - half, lat - half],
  ];
  return parseBoundary({ type: 'Polygon', coordinates: [ring] });
}

function ayilAimak(parent: string, key: string, en: string, ru: string, ky: string, c: [number, number]) {
  return {
    code: `${parent}.${key}`,
    kind: 'municipality',
    subtype: 'ayil-aimak',
    parentCode: parent,
    names: { en: `${en} ayil aimak`, ru, ky },
    centre: c,
  } satisfies AreaSeed;
}

function beat(
  parent: string,
  n: number,
  district: { en: string; ru: string; ky: string },
  c: [number, number],
) {
  return {
    code: `${parent}.beat-${n}`,
    kind: 'beat',
    subtype: 'beat',
    parentCode: parent,
    names: {
      en: `Beat ${n}, ${district.en}`,
      ru: `Участок № ${n}, ${district.ru}`,
      ky: `${district.ky}, № ${n} участок`,
    },
    centre: c,
  } satisfies AreaSeed;
}

export function demoAreas(): AreaSeed[] {
  const karaSuu = 'KG-O.kara-suu';
  const alamudun = 'KG-C.alamudun';
  const leninsky = 'KG-GB.bishkek-leninsky';
  const sverdlovsky = 'KG-GB.bishkek-sverdlovsky';
  const lenNames = { en: 'Leninsky District', ru: 'Ленинский район', ky: 'Ленин району' };
  const sveNames = { en: 'Sverdlovsky District', ru: 'Свердловский район', ky: 'Свердлов району' };
  return [
    {
      ...ayilAimak(
        karaSuu,
        'kashgar-kyshtak',
        'Kashgar-Kyshtak',
        'Кашгар-Кыштакский айылный аймак',
        'Кашкар-Кыштак айыл аймагы',
        [40.615, 72.81],
      ),
      boundary: square(40.615, 72.81, 0.03),
    },
    ayilAimak(karaSuu, 'papan', 'Papan', 'Папанский айылный аймак', 'Папан айыл аймагы', [40.345, 72.95]),
    ayilAimak(
      karaSuu,
      'nariman',
      'Nariman',
      'Нариманский айылный аймак',
      'Нариман айыл аймагы',
      [40.6, 72.74],
    ),
    {
      ...ayilAimak(
        alamudun,
        'lebedinovka',
        'Lebedinovka',
        'Лебединовский айылный аймак',
        'Лебединовка айыл аймагы',
        [42.886, 74.683],
      ),
      boundary: square(42.886, 74.683, 0.02),
    },
    ayilAimak(alamudun, 'baytik', 'Baytik', 'Байтикский айылный аймак', 'Байтик айыл аймагы', [42.73, 74.6]),
    { ...beat(leninsky, 1, lenNames, [42.855, 74.565]), boundary: square(42.855, 74.565, 0.008) },
    { ...beat(leninsky, 2, lenNames, [42.838, 74.54]), boundary: square(42.838, 74.54, 0.008) },
    beat(sverdlovsky, 1, sveNames, [42.885, 74.655]),
  ];
}

/** Loads the reference tree first: demo areas hang below its districts. */
export async function seedDemoGeography(db: Database): Promise<SeedResult> {
  await seedReferenceGeography(db);
  return seedAreas(db, demoAreas(), 'geo.seed.demo');
}
