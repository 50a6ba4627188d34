/**
 * Frozen migrations stay frozen: a released migration edited in place would leave every existing
 * database on a schema no fresh one has. Each file's SHA-256 must match src/db/migrations/checksums.json;
 * a new migration is added there with `node scripts/migration-checksums.mjs --add`.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations/index.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const sums = JSON.parse(readFileSync(path.join(dir, 'checksums.json'), 'utf8')) as Record<string, string>;
const files = readdirSync(dir).filter((f) => /^\d{4}-\d{2}-\d{2}T\d{6}Z_.+\.ts$/.test(f));

describe('frozen migrations', () => {
  it.each(files)('%s is unchanged since it was recorded', (file) => {
    const sum = createHash('sha256')
      .update(readFileSync(path.join(dir, file)))
      .digest('hex');
    expect(
      sums[file],
      `${file} has no checksum: run node scripts/migration-checksums.mjs --add`,
    ).toBeDefined();
    expect(sum, `${file} was edited after release: add a new migration instead`).toBe(sums[file]);
  });

  it('registers every migration file, in order, under its own name', () => {
    expect(Object.keys(MIGRATIONS)).toEqual(files.map((f) => f.replace(/\.ts$/, '')).sort());
  });
});
