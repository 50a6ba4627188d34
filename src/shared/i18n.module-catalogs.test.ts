import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from './i18n.ts';

function catalogDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ishenim-i18n-'));
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), JSON.stringify(body));
  }
  return dir;
}

describe('module catalogs', () => {
  it('merges locales/<namespace>/<locale>.json into the locale, notes excluded', () => {
    const dir = catalogDir({
      'en.json': { common: { save: 'Save' } },
      'surveys/en.json': { surveys: { title: 'Surveys' }, _notes: { surveys: 'check' } },
      'surveys/ru.json': { surveys: { title: 'Опросы' } },
    });
    const en = loadCatalog('en', dir);
    expect(en.get('common.save')).toBe('Save');
    expect(en.get('surveys.title')).toBe('Surveys');
    expect([...en.keys()].some((k) => k.startsWith('_notes'))).toBe(false);
  });

  it('refuses a key defined twice instead of letting one file override another', () => {
    const dir = catalogDir({
      'en.json': { surveys: { title: 'Surveys' } },
      'surveys/en.json': { surveys: { title: 'Other' } },
    });
    expect(() => loadCatalog('en', dir)).toThrow(/surveys\.title is already defined/);
  });
});
