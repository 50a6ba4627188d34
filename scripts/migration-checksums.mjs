#!/usr/bin/env node
// Frozen migrations stay frozen: src/db/migrations/checksums.json holds the SHA-256 of every released
// migration, and src/db/migrations.frozen.test.ts fails when a file no longer matches its sum.
// `node scripts/migration-checksums.mjs --add` records the sums of migrations not yet listed (run it
// when you add a migration); it never changes a sum that is already there.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'src', 'db', 'migrations');
const file = path.join(dir, 'checksums.json');
const sums = JSON.parse(readFileSync(file, 'utf8'));
let added = 0;
for (const name of readdirSync(dir)
  .filter((f) => /^\d{4}-\d{2}-\d{2}T\d{6}Z_.+\.ts$/.test(f))
  .sort()) {
  if (sums[name]) continue;
  if (!process.argv.includes('--add')) continue;
  sums[name] = createHash('sha256')
    .update(readFileSync(path.join(dir, name)))
    .digest('hex');
  added++;
}
const sorted = Object.fromEntries(Object.entries(sums).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(file, JSON.stringify(sorted, null, 2) + '\n');
console.log(`${added} migration checksum(s) added; ${Object.keys(sorted).length} recorded`);
