/**
 * Language parity, checked on the catalogs and on the code that uses them:
 * - `ky`, `ru`, `en` hold exactly the same keys; `uz`, `uz-Latn`, `kk`, `tg` hold every resident-facing
 *   key and nothing `en` lacks;
 * - every message is valid ICU MessageFormat with the same arguments as English and every plural form
 *   its language needs;
 * - every key is used by the code, and every key the code asks for exists;
 * - resident-facing strings in the partly translated locales are really translated.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import {
  COMPLETE_LOCALES,
  LOCALE_TAGS,
  LOCALES,
  isResidentKey,
  loadCatalog,
  type Catalog,
  type Locale,
} from '../src/shared/i18n.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const PARTIAL_LOCALES = LOCALES.filter((l) => !COMPLETE_LOCALES.includes(l));

/**
 * Resident-facing keys whose text may be the same as English in a partly translated locale:
 * proper names and numbers only. Keep this list short and explain every entry.
 */
const SAME_AS_ENGLISH_OK: ReadonlySet<string> = new Set([
  // The product's name; uz-Latn writes it in Latin letters, exactly as English does.
  'layout.product',
]);

const catalogs = new Map<Locale, Catalog>(LOCALES.map((l) => [l, loadCatalog(l)]));
const cat = (l: Locale): Catalog => catalogs.get(l)!;
const en = cat('en');

function listKeys(keys: string[], max = 60): string {
  const shown = keys.slice(0, max).join('\n    ');
  return keys.length > max ? `${shown}\n    … and ${keys.length - max} more` : shown;
}

// --- ICU helpers --------------------------------------------------------------------------------

// Element types of @formatjs/icu-messageformat-parser (TYPE enum).
const T = { literal: 0, argument: 1, number: 2, date: 3, time: 4, select: 5, plural: 6, pound: 7, tag: 8 };

interface Element {
  type: number;
  value?: string;
  options?: Record<string, { value: Element[] }>;
  children?: Element[];
}

interface Parsed {
  args: Set<string>;
  plurals: Array<{ arg: string; options: string[] }>;
}

function walk(elements: Element[], out: Parsed): void {
  for (const el of elements) {
    if (el.type === T.literal || el.type === T.pound) continue;
    if (el.type === T.tag) {
      out.args.add(`<${el.value}>`);
      walk(el.children ?? [], out);
      continue;
    }
    if (typeof el.value === 'string') out.args.add(el.value);
    if (el.type === T.plural) out.plurals.push({ arg: el.value!, options: Object.keys(el.options ?? {}) });
    for (const opt of Object.values(el.options ?? {})) walk(opt.value, out);
  }
}

function parse(message: string, locale: Locale): Parsed {
  const ast = new IntlMessageFormat(message, LOCALE_TAGS[locale]).getAst() as unknown as Element[];
  const out: Parsed = { args: new Set(), plurals: [] };
  walk(ast, out);
  return out;
}

// --- source scan ---------------------------------------------------------------------------------

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
      out.push(full);
  }
  return out;
}

const SOURCES = sourceFiles(path.join(ROOT, 'src')).map((file) => ({
  file: path.relative(ROOT, file),
  text: readFileSync(file, 'utf8'),
}));

/** Every complete string literal in the code that looks like a dotted key. */
const LITERALS = new Set<string>();
for (const { text } of SOURCES) {
  for (const m of text.matchAll(/(['"`])([A-Za-z][\w-]*(?:\.[\w-]+)+)\1/g)) LITERALS.add(m[2]!);
}

/** Literal keys passed to `t('…')`, `req.t("…")`, `i18n.t(locale, '…')`, `t(\`…\`)` without interpolation. */
const T_CALLS: Array<{ key: string; file: string; line: number }> = [];
for (const { file, text } of SOURCES) {
  const re = /\bt\(\s*(?:[\w.]+\s*,\s*)?(['"`])([^'"`$\s]+)\1/g;
  for (const m of text.matchAll(re)) {
    const line = text.slice(0, m.index).split('\n').length;
    T_CALLS.push({ key: m[2]!, file, line });
  }
}

// --- tests ---------------------------------------------------------------------------------------

describe('locale catalogs', () => {
  it('ky, ru and en hold exactly the same keys', () => {
    const all = new Set(COMPLETE_LOCALES.flatMap((l) => [...cat(l).keys()]));
    const problems: string[] = [];
    for (const l of COMPLETE_LOCALES) {
      const missing = [...all].filter((k) => !cat(l).has(k)).sort();
      if (missing.length)
        problems.push(`${l} is missing ${missing.length} key(s):\n    ${listKeys(missing)}`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('uz, uz-Latn, kk and tg hold every resident-facing key and nothing en lacks', () => {
    const resident = [...en.keys()].filter(isResidentKey);
    expect(resident.length).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const l of PARTIAL_LOCALES) {
      const missing = resident.filter((k) => !cat(l).has(k)).sort();
      const extra = [...cat(l).keys()].filter((k) => !en.has(k)).sort();
      if (missing.length)
        problems.push(`${l} is missing ${missing.length} resident-facing key(s):\n    ${listKeys(missing)}`);
      if (extra.length)
        problems.push(`${l} has ${extra.length} key(s) that en does not have:\n    ${listKeys(extra)}`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('every message parses as ICU MessageFormat and uses the same arguments as en', () => {
    const problems: string[] = [];
    const enArgs = new Map<string, Set<string>>();
    for (const [key, msg] of en) {
      try {
        enArgs.set(key, parse(msg, 'en').args);
      } catch (err) {
        problems.push(`en ${key}: does not parse (${(err as Error).message})`);
      }
    }
    for (const l of LOCALES) {
      if (l === 'en') continue;
      for (const [key, msg] of cat(l)) {
        let args: Set<string>;
        try {
          args = parse(msg, l).args;
        } catch (err) {
          problems.push(`${l} ${key}: does not parse (${(err as Error).message})`);
          continue;
        }
        const want = enArgs.get(key);
        if (!want) continue; // reported by the key-set tests
        const a = [...args].sort().join(', ');
        const b = [...want].sort().join(', ');
        if (a !== b) problems.push(`${l} ${key}: arguments {${a}} differ from en {${b}}`);
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('plural messages have every category their language needs', () => {
    const problems: string[] = [];
    for (const l of LOCALES) {
      const needed = new Intl.PluralRules(LOCALE_TAGS[l]).resolvedOptions().pluralCategories;
      for (const [key, msg] of cat(l)) {
        let plurals: Parsed['plurals'];
        try {
          plurals = parse(msg, l).plurals;
        } catch {
          continue; // reported by the parse test
        }
        for (const p of plurals) {
          const missing = needed.filter((c) => !p.options.includes(c));
          if (missing.length)
            problems.push(
              `${l} ${key}: plural {${p.arg}} lacks ${missing.join(', ')} (needs ${needed.join(', ')})`,
            );
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('resident-facing strings in uz, uz-Latn, kk and tg are translated, not English', () => {
    const problems: string[] = [];
    for (const l of PARTIAL_LOCALES) {
      for (const [key, msg] of cat(l)) {
        if (!isResidentKey(key) || SAME_AS_ENGLISH_OK.has(key)) continue;
        const english = en.get(key);
        // Messages made only of arguments, digits and punctuation have nothing to translate.
        const words = msg.replace(/\{[^{}]*\}/g, '').replace(/[\d\s\p{P}\p{S}]/gu, '');
        if (english !== undefined && msg.trim() === english.trim() && words !== '')
          problems.push(`${l} ${key}: same as English ("${english}")`);
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
});

describe('catalogs and code agree', () => {
  it('finds the source files and their keys', () => {
    // Guards the scans below: if they found nothing, the next two tests would pass vacuously.
    expect(SOURCES.length).toBeGreaterThan(5);
    expect(LITERALS.has('home.title')).toBe(true);
    expect(T_CALLS.some((c) => c.key === 'errors.notFound')).toBe(true);
  });

  it('every key in en is used by the code as a complete string literal', () => {
    const unused = [...en.keys()].filter((k) => !LITERALS.has(k)).sort();
    expect(
      unused,
      `${unused.length} key(s) in locales/en.json are not used in src/ (as a complete 'literal'); ` +
        `remove them or use them:\n    ${listKeys(unused)}`,
    ).toEqual([]);
  });

  it('every literal key passed to t() exists in en', () => {
    const missing = T_CALLS.filter((c) => /^[A-Za-z][\w-]*\.[\w.-]+$/.test(c.key) && !en.has(c.key)).map(
      (c) => `${c.key}  (${c.file}:${c.line})`,
    );
    expect(missing, `t() asks for keys that locales/en.json lacks:\n    ${listKeys(missing)}`).toEqual([]);
  });
});
