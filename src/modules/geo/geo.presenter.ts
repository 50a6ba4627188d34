/** What leaves the service about an area: explicit fields only (the boundary itself stays inside). */
import type { Area } from '../../db/schema.ts';
import { LOCALES, type Locale } from '../../shared/i18n.ts';
import { derivedAreaName } from './area-names.ts';

export type AreaNames = Partial<Record<Locale, string>>;

/** Names are JSON text we wrote ourselves; anything odd in it is dropped rather than trusted. */
export function parseNames(text: string): AreaNames {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
  const out: AreaNames = {};
  if (raw && typeof raw === 'object') {
    for (const l of LOCALES) {
      const v = (raw as Record<string, unknown>)[l];
      if (typeof v === 'string' && v) out[l] = v;
    }
  }
  return out;
}

/**
 * The name in the reader's language — given, or built from the local name (area-names.ts) — else
 * Russian, else English, else the code.
 */
export function areaName(names: AreaNames, locale: Locale, code: string): string {
  return names[locale] ?? derivedAreaName(names, locale) ?? names.ru ?? names.en ?? code;
}

export interface AreaView {
  id: string;
  code: string;
  countryCode: string;
  kind: Area['kind'];
  subtype: string | null;
  parentCode: string | null;
  path: string;
  names: AreaNames;
  centre: { lat: number; lon: number } | null;
  bbox: { minLat: number; minLon: number; maxLat: number; maxLon: number } | null;
  hasBoundary: boolean;
  validFrom: string;
  validTo: string | null;
  successorCode: string | null;
}

export function presentArea(a: Area): AreaView {
  return {
    id: a.id,
    code: a.code,
    countryCode: a.country_code,
    kind: a.kind,
    subtype: a.subtype,
    parentCode: a.parent_code,
    path: a.path,
    names: parseNames(a.names),
    centre: a.centre_lat !== null && a.centre_lon !== null ? { lat: a.centre_lat, lon: a.centre_lon } : null,
    bbox:
      a.min_lat !== null && a.min_lon !== null && a.max_lat !== null && a.max_lon !== null
        ? { minLat: a.min_lat, minLon: a.min_lon, maxLat: a.max_lat, maxLon: a.max_lon }
        : null,
    hasBoundary: a.boundary !== null,
    validFrom: a.valid_from,
    validTo: a.valid_to,
    successorCode: a.successor_code,
  };
}
