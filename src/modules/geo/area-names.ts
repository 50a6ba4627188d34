/**
 * Place names in every language we serve, where the geography data holds only the local ones
 * (Kyrgyz, Russian and English for Kyrgyzstan; Kazakh or Tajik beside Russian for our partners).
 * A district's own name ("Кара-Суу") is the same in every language of the region; only the word
 * around it changes ("району", "тумани", "ауданы", "ноҳияи …"). So a missing name is built from the
 * local name's core and the reader's own word, and written in the reader's script (Uzbek Latin is
 * transliterated) — never shown in Russian on a Kyrgyz, Uzbek, Kazakh or Tajik page when the place
 * has a name of its own. Names an administrator enters always win. Review: see locales/_notes.
 */
import type { Locale } from '../../shared/i18n.ts';

type Kind = 'region' | 'district' | 'city' | 'municipality';
type Names = Partial<Record<Locale, string>>;

/** How each source language wraps a core name, most specific first. */
const SOURCE: Array<{ locale: Locale; re: RegExp; kind: Kind }> = [
  { locale: 'ky', re: /^(.+) айыл аймагы$/u, kind: 'municipality' },
  { locale: 'ky', re: /^(.+) району$/u, kind: 'district' },
  { locale: 'ky', re: /^(.+) облусу$/u, kind: 'region' },
  { locale: 'ky', re: /^(.+) шаары$/u, kind: 'city' },
  { locale: 'kk', re: /^(.+) ауылдық округі$/u, kind: 'municipality' },
  { locale: 'kk', re: /^(.+) ауданы$/u, kind: 'district' },
  { locale: 'kk', re: /^(.+) облысы$/u, kind: 'region' },
  { locale: 'kk', re: /^(.+) қаласы$/u, kind: 'city' },
  { locale: 'tg', re: /^ноҳияи (.+)$/iu, kind: 'district' },
  { locale: 'tg', re: /^вилояти (.+)$/iu, kind: 'region' },
  { locale: 'tg', re: /^шаҳри (.+)$/iu, kind: 'city' },
  { locale: 'tg', re: /^ҷамоати деҳоти (.+)$/iu, kind: 'municipality' },
];

/** The reader's own word for each kind of place. */
const TARGET: Partial<Record<Locale, Record<Kind, (core: string) => string>>> = {
  ky: {
    district: (c) => `${c} району`,
    region: (c) => `${c} облусу`,
    city: (c) => `${c} шаары`,
    municipality: (c) => `${c} айыл аймагы`,
  },
  kk: {
    district: (c) => `${c} ауданы`,
    region: (c) => `${c} облысы`,
    city: (c) => `${c} қаласы`,
    municipality: (c) => `${c} ауылдық округі`,
  },
  uz: {
    district: (c) => `${c} тумани`,
    region: (c) => `${c} вилояти`,
    city: (c) => `${c} шаҳри`,
    municipality: (c) => `${c} қишлоқ округи`,
  },
  'uz-Latn': {
    district: (c) => `${c} tumani`,
    region: (c) => `${c} viloyati`,
    city: (c) => `${c} shahri`,
    municipality: (c) => `${c} qishloq okrugi`,
  },
  tg: {
    district: (c) => `ноҳияи ${c}`,
    region: (c) => `вилояти ${c}`,
    city: (c) => `шаҳри ${c}`,
    municipality: (c) => `ҷамоати деҳоти ${c}`,
  },
};

/** Cyrillic (Kyrgyz, Kazakh, Tajik, Russian letters) to the Uzbek Latin alphabet of 1995. */
const TO_UZ_LATN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'j',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'x',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sh',
  ъ: 'ʼ',
  ы: 'i',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  ң: 'ng',
  ө: 'oʻ',
  ү: 'u',
  ҳ: 'h',
  қ: 'q',
  ғ: 'gʻ',
  ў: 'oʻ',
  ә: 'a',
  і: 'i',
  ұ: 'u',
  һ: 'h',
  ӣ: 'i',
  ӯ: 'u',
  ҷ: 'j',
};

export function toUzbekLatin(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const t = TO_UZ_LATN[lower];
    if (t === undefined) out += ch;
    else if (ch !== lower && t) out += t[0]!.toUpperCase() + t.slice(1);
    else out += t;
  }
  return out;
}

/** A name for `locale` built from the local name's core, or undefined when none can be built. */
export function derivedAreaName(names: Names, locale: Locale): string | undefined {
  const target = TARGET[locale];
  if (!target) return undefined;
  for (const s of SOURCE) {
    const source = names[s.locale];
    if (!source || s.locale === locale) continue;
    const m = s.re.exec(source.trim());
    if (!m) continue;
    const core = m[1]!;
    return locale === 'uz-Latn' ? target[s.kind](toUzbekLatin(core)) : target[s.kind](core);
  }
  // A name with no kind word (a town, a village). Uzbek Latin readers get it in their script; the
  // Cyrillic languages fall back to Russian, the language the region shares, rather than a neighbour's.
  if (locale !== 'uz-Latn') return undefined;
  const local = names.uz ?? names.ky ?? names.kk ?? names.tg;
  return local ? toUzbekLatin(local) : names.en;
}
