/**
 * The CI dependency audit (scripts/audit-deps.mjs) read against reports in npm's own `npm audit --json`
 * format (auditReportVersion 2, as documented for npm 7+: vulnerabilities keyed by package, `via`
 * holding advisory objects or the names of packages that carry them).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const script = path.resolve(import.meta.dirname, '..', 'scripts', 'audit-deps.mjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'ishenim-audit-'));

function run(report: unknown, allowed: unknown[] = []) {
  const reportFile = path.join(dir, `report-${Math.random()}.json`);
  const allowFile = path.join(dir, `allow-${Math.random()}.json`);
  writeFileSync(reportFile, JSON.stringify(report));
  writeFileSync(allowFile, JSON.stringify({ allowed }));
  const r = spawnSync(process.execPath, [script], {
    encoding: 'utf8',
    env: { ...process.env, AUDIT_REPORT_FILE: reportFile, AUDIT_ALLOWLIST_FILE: allowFile },
  });
  return { status: r.status, text: r.stdout + r.stderr };
}

const advisory = {
  source: 1096727,
  name: 'semver',
  dependency: 'semver',
  title: 'semver vulnerable to Regular Expression Denial of Service',
  url: 'https://github.com/advisories/GHSA-c2qf-rxjj-qqgw',
  severity: 'high',
  cwe: ['CWE-1333'],
  cvss: { score: 7.5, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' },
  range: '>=7.0.0 <7.5.2',
};
const vulnerable = {
  auditReportVersion: 2,
  vulnerabilities: {
    semver: {
      name: 'semver',
      severity: 'high',
      isDirect: false,
      via: [advisory],
      effects: ['make-dir'],
      range: '7.0.0 - 7.5.1',
      nodes: ['node_modules/semver'],
      fixAvailable: true,
    },
    'make-dir': {
      name: 'make-dir',
      severity: 'high',
      isDirect: false,
      via: ['semver'],
      effects: [],
      range: '>=3.0.0',
      nodes: ['node_modules/make-dir'],
      fixAvailable: true,
    },
  },
  metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 2, critical: 0, total: 2 } },
};

describe('dependency audit in CI', () => {
  it('fails on a high advisory and names it once, at the package that carries it', () => {
    const r = run(vulnerable);
    expect(r.status).toBe(1);
    expect(r.text).toContain('1 high/critical advisory(ies) not in the allow-list');
    expect(r.text).toContain('GHSA-c2qf-rxjj-qqgw');
  });

  it('passes when the advisory is allowed with a reason and a review date, and not once the date has passed', () => {
    const entry = {
      url: advisory.url,
      reason: 'only reachable from the build step',
      review_by: '2999-01-01',
    };
    expect(run(vulnerable, [entry]).status).toBe(0);
    const stale = run(vulnerable, [{ ...entry, review_by: '2020-01-01' }]);
    expect(stale.status).toBe(1);
    expect(stale.text).toContain('was due for review');
    expect(run(vulnerable, [{ url: advisory.url }]).text).toContain('needs a reason');
  });

  it('passes a report with only moderate advisories', () => {
    const moderate = structuredClone(vulnerable);
    moderate.vulnerabilities.semver.severity = 'moderate';
    moderate.vulnerabilities['make-dir'].severity = 'moderate';
    expect(run(moderate).status).toBe(0);
  });

  it('reports an unreachable audit service as skipped (exit 3), never as passed', () => {
    const r = run({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
    });
    expect(r.status).toBe(3);
    expect(r.text).toContain('dependency audit skipped');
  });
});
