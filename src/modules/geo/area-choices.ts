/**
 * The areas a person may choose, as they read them: grouped by region, each named in the reader's
 * language with its parent ("Кара-Суу шаары, Кара-Суу району"), never by code. Built from the current
 * areas the caller already loaded through the geo service, so the policy stays there.
 */
import type { Area } from '../../db/schema.ts';
import type { Locale } from '../../shared/i18n.ts';
import { areaName, parseNames } from './geo.presenter.ts';

export interface AreaChoice {
  code: string;
  /** The area's name with its parent where that tells it apart, e.g. "Кара-Суу шаары, Кара-Суу району". */
  label: string;
  kind: Area['kind'];
}

export interface AreaChoiceGroup {
  /** The region's name: the optgroup label. */
  label: string;
  areas: AreaChoice[];
}

/**
 * `areas` are current areas of any kinds; `within` (area paths) keeps only those inside the caller's
 * jurisdiction, for staff forms. Districts come first in each region, then municipalities and beats
 * under their district's name. Sorted by name in the reader's language.
 */
export function areaChoices(
  areas: readonly Area[],
  locale: Locale,
  opts: { within?: readonly string[]; kinds?: readonly Area['kind'][] } = {},
): AreaChoiceGroup[] {
  const name = (a: Area) => areaName(parseNames(a.names), locale, a.code);
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const inside = (a: Area) => !opts.within || opts.within.some((p) => a.path.startsWith(p));
  const kinds = opts.kinds ?? ['district', 'municipality'];
  const collator = new Intl.Collator(locale === 'uz-Latn' ? 'uz' : locale);
  const regionOf = (a: Area): Area | undefined => {
    let cur: Area | undefined = a;
    while (cur && cur.kind !== 'region') cur = cur.parent_code ? byCode.get(cur.parent_code) : undefined;
    return cur;
  };
  const districtOf = (a: Area): Area | undefined => {
    let cur = a.parent_code ? byCode.get(a.parent_code) : undefined;
    while (cur && cur.kind !== 'district') cur = cur.parent_code ? byCode.get(cur.parent_code) : undefined;
    return cur;
  };
  const groups = new Map<string, AreaChoiceGroup & { sortKey: string }>();
  for (const a of areas) {
    if (!kinds.includes(a.kind) || !inside(a)) continue;
    const region = regionOf(a);
    const key = region?.code ?? '';
    let g = groups.get(key);
    if (!g) {
      const label = region ? name(region) : '';
      g = { label, sortKey: label, areas: [] };
      groups.set(key, g);
    }
    const district = a.kind === 'district' ? undefined : districtOf(a);
    g.areas.push({ code: a.code, label: district ? `${name(a)}, ${name(district)}` : name(a), kind: a.kind });
  }
  const rank = (k: Area['kind']) => (k === 'region' ? 0 : k === 'district' ? 1 : 2);
  return [...groups.values()]
    .sort((x, y) => collator.compare(x.sortKey, y.sortKey))
    .map(({ label, areas: list }) => ({
      label,
      areas: list.sort((x, y) => rank(x.kind) - rank(y.kind) || collator.compare(x.label, y.label)),
    }));
}

/** "Кара-Суу району, Ош облусу": an area with its parents, for reading where a choice is shown. */
export function areaWithParents(area: Area, all: ReadonlyMap<string, Area>, locale: Locale): string {
  const parts: string[] = [];
  let cur: Area | undefined = area;
  while (cur && cur.kind !== 'country') {
    parts.push(areaName(parseNames(cur.names), locale, cur.code));
    cur = cur.parent_code ? all.get(cur.parent_code) : undefined;
  }
  return parts.join(', ');
}
