#!/usr/bin/env node
// Dependency audit for CI: `npm audit --omit=dev`, failing on high or critical advisories that are not
// in security/audit-allowlist.json (each allowed entry must say why and until when).
// Exit 0 = clean, 1 = unallowed high/critical advisories, 3 = the audit service could not be reached
// (registry mirrors without the audit endpoint): reported as skipped, never as passed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const allowlist = JSON.parse(
  readFileSync(
    process.env.AUDIT_ALLOWLIST_FILE ?? path.join(root, 'security', 'audit-allowlist.json'),
    'utf8',
  ),
);
const allowed = new Set(
  (allowlist.allowed ?? []).flatMap((entry) => [entry.id, entry.url].filter(Boolean).map(String)),
);
for (const entry of allowlist.allowed ?? []) {
  if (!entry.reason || !entry.review_by) {
    console.error(`audit-allowlist: ${entry.id ?? entry.url} needs a reason and a review_by date`);
    process.exit(1);
  }
  if (new Date(entry.review_by) < new Date()) {
    console.error(`audit-allowlist: ${entry.id ?? entry.url} was due for review on ${entry.review_by}`);
    process.exit(1);
  }
}

// AUDIT_REPORT_FILE: read a saved `npm audit --json` report instead of asking the service (tests).
const run = process.env.AUDIT_REPORT_FILE
  ? { stdout: readFileSync(process.env.AUDIT_REPORT_FILE, 'utf8') }
  : spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
let report;
try {
  report = JSON.parse(run.stdout || 'null');
} catch {
  report = null;
}
if (!report || !report.vulnerabilities) {
  const why = report?.message ?? report?.error?.summary ?? 'no answer';
  console.log(`dependency audit skipped: the npm audit service could not be reached (${why.trim()})`);
  process.exit(3);
}

const blocking = [];
for (const [name, vuln] of Object.entries(report.vulnerabilities ?? {})) {
  if (!['high', 'critical'].includes(vuln.severity)) continue;
  const advisories = (vuln.via ?? []).filter((v) => typeof v === 'object');
  const open = advisories.filter((a) => !allowed.has(String(a.url)) && !allowed.has(String(a.source)));
  // A package flagged only through another package's advisory is reported under that package.
  if (advisories.length > 0 && open.length === 0) continue;
  if (advisories.length === 0) continue;
  for (const a of open) blocking.push(`${name} (${vuln.severity}): ${a.title} ${a.url}`);
}
if (blocking.length > 0) {
  console.error(`dependency audit: ${blocking.length} high/critical advisory(ies) not in the allow-list:`);
  for (const line of blocking) console.error(`  ${line}`);
  process.exit(1);
}
const counts = report.metadata?.vulnerabilities ?? {};
console.log(`dependency audit: no unallowed high/critical advisories (${JSON.stringify(counts)})`);
