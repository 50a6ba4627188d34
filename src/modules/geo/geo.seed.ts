/**
 * Reference geography from `seed/geo/*.json`, loaded as version 1 of an effective-dated tree.
 * Idempotent: a code that already has any version is left alone (an administrator may have renamed
 * or merged it since), so running this at every start changes nothing the second time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../db/database.ts';
import type { AreaTable, NewArea } from '../../db/schema.ts';
import { newId } from '../../shared/ids.ts';
import { nowIso } from '../../shared/time.ts';
import { AuditService } from '../audit/audit.service.ts';
import type { ParsedBoundary } from './geojson.ts';
import { geoRepository } from './geo.repository.ts';
import type { AreaNames } from './geo.presenter.ts';

const SEED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../seed/geo');
/** kg.json describes districts "as of 2024": that is when version 1 starts. */
export const REFERENCE_VALID_FROM = '2024-01-01T00:00:00.000Z';

export interface AreaSeed {
  code: string;
  kind: AreaTable['kind'];
  subtype: string | null;
  parentCode: string | null;
  names: AreaNames;
  centre?: [number, number] | null;
  boundary?: ParsedBoundary;
}

/** Kyrgyz names kg.json lacks for districts (reviewed list in locales/ky.json `_notes.geo.seedNames`). */
const KY_DISTRICTS: Record<string, string> = {
  batken: 'Баткен району',
  kadamjay: 'Кадамжай району',
  leylek: 'Лейлек району',
  'kyzyl-kiya-city': 'Кызыл-Кыя шаары',
  'sulukta-city': 'Сүлүктү шаары',
  alamudun: 'Аламүдүн району',
  chuy: 'Чүй району',
  jayyl: 'Жайыл району',
  kemin: 'Кемин району',
  moskva: 'Москва району',
  panfilov: 'Панфилов району',
  sokuluk: 'Сокулук району',
  'ysyk-ata': 'Ысык-Ата району',
  'tokmok-city': 'Токмок шаары',
  aksy: 'Аксы району',
  'ala-buka': 'Ала-Бука району',
  'bazar-korgon': 'Базар-Коргон району',
  chatkal: 'Чаткал району',
  nooken: 'Ноокен району',
  suzak: 'Сузак району',
  'toguz-toro': 'Тогуз-Торо району',
  toktogul: 'Токтогул району',
  'jalal-abad-city': 'Жалал-Абад шаары',
  'ak-talaa': 'Ак-Талаа району',
  'at-bashy': 'Ат-Башы району',
  jumgal: 'Жумгал району',
  kochkor: 'Кочкор району',
  naryn: 'Нарын району',
  alay: 'Алай району',
  aravan: 'Араван району',
  'chong-alay': 'Чоң-Алай району',
  'kara-kulja': 'Кара-Кулжа району',
  'kara-suu': 'Кара-Суу району',
  nookat: 'Ноокат району',
  ozgon: 'Өзгөн району',
  'bakay-ata': 'Бакай-Ата району',
  'kara-buura': 'Кара-Буура району',
  manas: 'Манас району',
  talas: 'Талас району',
  'ak-suu': 'Ак-Суу району',
  'issyk-kul': 'Ысык-Көл району',
  'jeti-oguz': 'Жети-Өгүз району',
  tong: 'Тоң району',
  tup: 'Түп району',
  'karakol-city': 'Каракол шаары',
  'balykchy-city': 'Балыкчы шаары',
  'bishkek-leninsky': 'Ленин району',
  'bishkek-oktyabrsky': 'Октябрь району',
  'bishkek-pervomaysky': 'Биринчи Май району',
  'bishkek-sverdlovsky': 'Свердлов району',
  'osh-city': 'Ош шаары',
};

/** Russian, Kazakh and Tajik names of the top-level divisions that kz-tj.json gives in English only. */
const KZ_TJ_NAMES: Record<string, AreaNames> = {
  'KZ-10': { ru: 'Абайская область', kk: 'Абай облысы' },
  'KZ-11': { ru: 'Акмолинская область', kk: 'Ақмола облысы' },
  'KZ-15': { ru: 'Актюбинская область', kk: 'Ақтөбе облысы' },
  'KZ-19': { ru: 'Алматинская область', kk: 'Алматы облысы' },
  'KZ-23': { ru: 'Атырауская область', kk: 'Атырау облысы' },
  'KZ-27': { ru: 'Западно-Казахстанская область', kk: 'Батыс Қазақстан облысы' },
  'KZ-31': { ru: 'Жамбылская область', kk: 'Жамбыл облысы' },
  'KZ-33': { ru: 'Жетысуская область', kk: 'Жетісу облысы' },
  'KZ-35': { ru: 'Карагандинская область', kk: 'Қарағанды облысы' },
  'KZ-39': { ru: 'Костанайская область', kk: 'Қостанай облысы' },
  'KZ-43': { ru: 'Кызылординская область', kk: 'Қызылорда облысы' },
  'KZ-47': { ru: 'Мангистауская область', kk: 'Маңғыстау облысы' },
  'KZ-55': { ru: 'Павлодарская область', kk: 'Павлодар облысы' },
  'KZ-59': { ru: 'Северо-Казахстанская область', kk: 'Солтүстік Қазақстан облысы' },
  'KZ-61': { ru: 'Туркестанская область', kk: 'Түркістан облысы' },
  'KZ-62': { ru: 'Улытауская область', kk: 'Ұлытау облысы' },
  'KZ-63': { ru: 'Восточно-Казахстанская область', kk: 'Шығыс Қазақстан облысы' },
  'KZ-71': { ru: 'город Астана', kk: 'Астана қаласы' },
  'KZ-75': { ru: 'город Алматы', kk: 'Алматы қаласы' },
  'KZ-79': { ru: 'город Шымкент', kk: 'Шымкент қаласы' },
  'TJ-DU': { ru: 'город Душанбе', tg: 'шаҳри Душанбе' },
  'TJ-KT': { ru: 'Хатлонская область', tg: 'вилояти Хатлон' },
  'TJ-SU': { ru: 'Согдийская область', tg: 'вилояти Суғд' },
  'TJ-GB': { ru: 'Горно-Бадахшанская автономная область', tg: 'Вилояти Мухтори Кӯҳистони Бадахшон' },
  'TJ-RA': { ru: 'Районы республиканского подчинения', tg: 'Ноҳияҳои тобеи ҷумҳурӣ' },
};

interface KgFile {
  country: { code: string; name: AreaNames };
  regions: Array<{
    code: string;
    type?: string;
    name: AreaNames;
    centre?: [number, number];
    districts?: Array<{ key: string; type?: string; name: AreaNames; centre?: [number, number] }>;
  }>;
}
interface KzTjFile {
  countries: Array<{
    code: string;
    name: AreaNames;
    regions: Array<{ code: string; type?: string; name: AreaNames }>;
  }>;
}

function readSeed<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(SEED_DIR, file), 'utf8')) as T;
}

/** Every reference area, parents before children. */
export function referenceAreas(): AreaSeed[] {
  const kg = readSeed<KgFile>('kg.json');
  const out: AreaSeed[] = [
    { code: kg.country.code, kind: 'country', subtype: null, parentCode: null, names: kg.country.name },
  ];
  for (const r of kg.regions) {
    out.push({
      code: r.code,
      kind: 'region',
      subtype: r.type ?? 'oblast',
      parentCode: kg.country.code,
      names: r.name,
      centre: r.centre ?? null,
    });
    // Bishkek's and Osh's districts are city districts, not rayons.
    const cityRegion = r.type === 'city';
    for (const d of r.districts ?? []) {
      out.push({
        code: `${r.code}.${d.key}`,
        kind: 'district',
        subtype: d.type ?? (cityRegion ? 'city-district' : 'rayon'),
        parentCode: r.code,
        names: { ky: KY_DISTRICTS[d.key], ...d.name },
        centre: d.centre ?? null,
      });
    }
  }
  const kzTj = readSeed<KzTjFile>('kz-tj.json');
  for (const c of kzTj.countries) {
    out.push({ code: c.code, kind: 'country', subtype: null, parentCode: null, names: c.name });
    for (const r of c.regions) {
      out.push({
        code: r.code,
        kind: 'region',
        subtype: r.type ?? 'region',
        parentCode: c.code,
        names: { ...KZ_TJ_NAMES[r.code], ...r.name },
      });
    }
  }
  return out;
}

function toRow(s: AreaSeed, parentPath: string, validFrom: string, now: string): NewArea {
  const names = Object.fromEntries(Object.entries(s.names).filter(([, v]) => typeof v === 'string' && v));
  return {
    id: newId(),
    code: s.code,
    country_code: s.code.slice(0, 2),
    kind: s.kind,
    subtype: s.subtype,
    parent_code: s.parentCode,
    path: `${parentPath}${s.code}/`,
    names: JSON.stringify(names),
    centre_lat: s.centre?.[0] ?? null,
    centre_lon: s.centre?.[1] ?? null,
    boundary: s.boundary ? JSON.stringify(s.boundary.geometry) : null,
    min_lat: s.boundary?.bbox.minLat ?? null,
    min_lon: s.boundary?.bbox.minLon ?? null,
    max_lat: s.boundary?.bbox.maxLat ?? null,
    max_lon: s.boundary?.bbox.maxLon ?? null,
    valid_from: validFrom,
    valid_to: null,
    successor_code: null,
    created_at: now,
    updated_at: now,
  };
}

export interface SeedResult {
  inserted: number;
  skipped: number;
}

/** Inserts the areas whose code is unknown, with one audit entry; a run that adds nothing writes nothing. */
export async function seedAreas(
  db: Database,
  seeds: AreaSeed[],
  action: string,
  validFrom = REFERENCE_VALID_FROM,
): Promise<SeedResult> {
  const existing = await geoRepository.existingCodes(
    db.read,
    seeds.map((s) => s.code),
  );
  const todo = seeds.filter((s) => !existing.has(s.code));
  if (todo.length === 0) return { inserted: 0, skipped: seeds.length };
  const audit = new AuditService(db);
  try {
    await db.write(async (trx) => {
      const now = nowIso();
      const paths = new Map<string, string>();
      const rows: NewArea[] = [];
      for (const s of seeds) {
        let parentPath = '/';
        if (s.parentCode) {
          const known = paths.get(s.parentCode) ?? (await geoRepository.getLatest(trx, s.parentCode))?.path;
          if (!known) throw new Error(`seed: parent ${s.parentCode} of ${s.code} is missing`);
          parentPath = known;
        }
        if (existing.has(s.code)) {
          const cur = await geoRepository.getLatest(trx, s.code);
          if (cur) paths.set(s.code, cur.path);
          continue;
        }
        const row = toRow(s, parentPath, validFrom, now);
        paths.set(s.code, row.path);
        rows.push(row);
      }
      await geoRepository.createMany(trx, rows);
      await audit.record(trx, {
        actor: null,
        role: 'system',
        action,
        subjectType: 'area',
        details: { inserted: rows.length },
      });
    });
  } catch (err) {
    // Another process seeding at the same moment won the race: its rows are the same rows.
    if (db.dialect.isUniqueViolation(err)) return { inserted: 0, skipped: seeds.length };
    throw err;
  }
  return { inserted: todo.length, skipped: seeds.length - todo.length };
}

export function seedReferenceGeography(db: Database): Promise<SeedResult> {
  return seedAreas(db, referenceAreas(), 'geo.seed.reference');
}
