/**
 * ICU MessageFormat catalogs, one JSON file per locale under `locales/`, nested by namespace.
 * A module may keep its own namespace in `locales/<namespace>/<locale>.json` (so new modules do not
 * all edit one file); those are merged in, and a key defined twice is an error, not a silent override.
 * `ky`, `ru`, `en` are complete; `uz`, `uz-Latn`, `kk`, `tg` must hold every resident-facing key
 * (namespaces in RESIDENT_NAMESPACES), and staff pages fall back to Russian, then English.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import { LOCALES, type Locale } from '../config.ts';

export { LOCALES, type Locale };
export const COMPLETE_LOCALES: readonly Locale[] = ['ky', 'ru', 'en'];
/** Namespaces a resident can see: these must exist in every locale. */
export const RESIDENT_NAMESPACES = [
  'common',
  'layout',
  'home',
  'errors',
  'language',
  'resident',
  'surveyPublic',
  'opendata',
  'complaints',
  'chat',
  'email',
  'alerts',
] as const;
/** Each locale's own name, shown in the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = {
  ky: 'Кыргызча',
  ru: 'Русский',
  en: 'English',
  uz: 'Ўзбекча',
  'uz-Latn': 'Oʻzbekcha',
  kk: 'Қазақша',
  tg: 'Тоҷикӣ',
};
/** BCP 47 tag for Intl and for `lang=` attributes. */
export const LOCALE_TAGS: Record<Locale, string> = {
  ky: 'ky',
  ru: 'ru',
  en: 'en',
  uz: 'uz-Cyrl',
  'uz-Latn': 'uz-Latn',
  kk: 'kk',
  tg: 'tg',
};

export const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../locales');

export type Catalog = Map<string, string>;
export type MessageValues = Record<string, string | number | Date | boolean | null | undefined>;
export type Translate = (key: string, values?: MessageValues) => string;

export function flatten(obj: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (obj && typeof obj === 'object') {
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
      if (k === '_notes') continue; // reviewers' notes, not messages
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
    }
  } else if (typeof obj === 'string') out.set(prefix, obj);
  return out;
}

export function loadCatalog(locale: Locale, dir = LOCALES_DIR): Catalog {
  const catalog = flatten(JSON.parse(readFileSync(path.join(dir, `${locale}.json`), 'utf8')));
  for (const file of moduleCatalogFiles(locale, dir)) {
    for (const [key, message] of flatten(JSON.parse(readFileSync(file, 'utf8')))) {
      if (catalog.has(key)) throw new Error(`${file}: key ${key} is already defined in another catalog`);
      catalog.set(key, message);
    }
  }
  return catalog;
}

/** `locales/<namespace>/<locale>.json` files, in a stable order. */
export function moduleCatalogFiles(locale: Locale, dir = LOCALES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(dir, entry.name, `${locale}.json`))
    .filter((file) => existsSync(file))
    .sort();
}

export function isResidentKey(key: string): boolean {
  return (RESIDENT_NAMESPACES as readonly string[]).includes(key.split('.')[0] ?? '');
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export class I18n {
  private readonly catalogs = new Map<Locale, Catalog>();
  private readonly compiled = new Map<string, IntlMessageFormat>();

  constructor(dir = LOCALES_DIR) {
    for (const l of LOCALES) this.catalogs.set(l, loadCatalog(l, dir));
  }

  /** The locale that supplies a key: the locale itself, else Russian, else English. */
  private source(locale: Locale, key: string): Locale | null {
    for (const l of [locale, 'ru', 'en'] as Locale[]) if (this.catalogs.get(l)?.has(key)) return l;
    return null;
  }

  has(locale: Locale, key: string): boolean {
    return this.catalogs.get(locale)?.has(key) ?? false;
  }

  t(locale: Locale, key: string, values?: MessageValues): string {
    const from = this.source(locale, key);
    if (!from) return key; // a test fails on missing keys; at run time show the key, never crash
    const cacheKey = `${from}\0${key}`;
    let fmt = this.compiled.get(cacheKey);
    if (!fmt) {
      fmt = new IntlMessageFormat(this.catalogs.get(from)!.get(key)!, LOCALE_TAGS[from]);
      this.compiled.set(cacheKey, fmt);
    }
    return String(fmt.format(values as Record<string, string | number | boolean | Date | null | undefined>));
  }

  translator(locale: Locale): Translate {
    return (key, values) => this.t(locale, key, values);
  }

  keys(locale: Locale): string[] {
    return [...(this.catalogs.get(locale)?.keys() ?? [])];
  }
}

/**
 * Picks the locale: explicit choice (cookie or account) first, then the browser's Accept-Language,
 * then the deployment default.
 */
export function negotiateLocale(
  chosen: string | null | undefined,
  acceptLanguage: string | undefined,
  fallback: Locale,
): Locale {
  if (isLocale(chosen)) return chosen;
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .slice(0, 20)
      .map((part) => {
        const [tag, ...params] = part.trim().split(';');
        const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
        return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
      })
      .filter((x) => x.tag && x.q > 0)
      .sort((a, b) => b.q - a.q);
    for (const { tag } of ranked) {
      if (tag === 'uz-latn' || tag.startsWith('uz-latn-')) return 'uz-Latn';
      const base = tag.split('-')[0];
      if (isLocale(base)) return base;
    }
  }
  return fallback;
}
