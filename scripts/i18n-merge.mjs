#!/usr/bin/env node
// Deep-merges a JSON fragment into locales/<locale>.json in one quick read-modify-write, so several
// people (or agents) adding keys to different namespaces do not overwrite each other.
// usage: node scripts/i18n-merge.mjs <locale> <fragment.json | ->
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [locale, src] = process.argv.slice(2);
if (!locale || !src) {
  console.error('usage: node scripts/i18n-merge.mjs <locale> <fragment.json | ->');
  process.exit(2);
}
const fragment = JSON.parse(readFileSync(src === '-' ? 0 : src, 'utf8'));
const file = path.resolve('locales', `${locale}.json`);
const target = JSON.parse(readFileSync(file, 'utf8'));
function merge(into, from) {
  for (const [k, v] of Object.entries(from)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      if (!into[k] || typeof into[k] !== 'object') into[k] = {};
      merge(into[k], v);
    } else into[k] = v;
  }
}
merge(target, fragment);
const tmp = `${file}.${process.pid}.tmp`;
writeFileSync(tmp, JSON.stringify(target, null, 2) + '\n');
renameSync(tmp, file);
