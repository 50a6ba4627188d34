#!/usr/bin/env node
// `npm test`: type-check, lint, format check, then the whole Vitest suite (unit, integration on
// SQLite and PostgreSQL, browser tests in Chromium). Ends with one line: N passed, N failed, N skipped.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
let passed = 0;
let failed = 0;
let skipped = 0;

function step(name, cmd, args, env = {}) {
  process.stdout.write(`\n── ${name}: ${[path.basename(cmd), ...args].join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

// The client islands are built files (public/js/, gitignored): build them if a fresh checkout lacks them.
if (!existsSync(path.join(root, 'public', 'js', 'map-pin.js'))) {
  if (!step('islands', process.execPath, [path.join(root, 'scripts', 'build-islands.mjs')])) failed++;
}

for (const [name, cmd, args] of [
  ['typecheck', bin('tsc'), ['--noEmit']],
  ['lint', bin('eslint'), ['.', '--max-warnings=0']],
  ['format', bin('prettier'), ['--check', '.', '--log-level=warn']],
]) {
  if (step(name, cmd, args)) passed++;
  else {
    failed++;
    process.stdout.write(`✗ ${name} failed\n`);
  }
}

// Dependency audit: high/critical advisories fail unless allow-listed; an unreachable audit service
// (exit 3) is counted as skipped, so a mirror without the endpoint never shows as a pass.
{
  process.stdout.write('\n── dependency audit: node scripts/audit-deps.mjs\n');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'audit-deps.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status === 0) passed++;
  else if (r.status === 3) skipped++;
  else {
    failed++;
    process.stdout.write('✗ dependency audit failed\n');
  }
}

const outDir = path.join(root, '.tmp');
mkdirSync(outDir, { recursive: true });
const report = path.join(outDir, 'vitest.json');
rmSync(report, { force: true });
const extra = process.argv.slice(2);
step('vitest', bin('vitest'), ['run', ...extra], { VITEST_JSON: report });
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed +=
    (r.numFailedTests ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
} else {
  failed++;
  process.stdout.write('✗ vitest wrote no report\n');
}
const line = `${passed} passed, ${failed} failed, ${skipped} skipped`;
process.stdout.write(`\n${line}\n`);
process.exit(failed > 0 ? 1 : 0);
