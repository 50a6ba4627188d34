/**
 * Budget: the resident report page's first load is at most 15 KB over the wire (HTML + CSS, compressed;
 * the map island loads only when asked). Measures the compressed bytes of `GET /report` and
 * `/static/app.css` with `Accept-Encoding: br, gzip`, against the home page of the same app in the
 * same run (baseline), on the reference geography and the seeded categories, in Kyrgyz.
 * Run alone with `npx tsx bench/report-page.bench.ts` (exits non-zero when over budget), or via run.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedReferenceGeography } from '../src/modules/geo/geo.seed.ts';
import { seedReportCategories } from '../src/modules/reports/report-categories.seed.ts';
import type { BenchResult } from './group-commit.bench.ts';

export const BUDGET_BYTES = 15 * 1024;

export interface PageBenchResult extends BenchResult {
  unit: string;
  /** Over budget: the bench script exits non-zero. */
  failed: boolean;
}

export async function run(): Promise<PageBenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ishenim-bench-page-'));
  const config = loadConfig(
    {},
    { dataDir: dir, demo: false, jobs: false, logLevel: 'silent', defaultLocale: 'ky' },
  );
  const app = await buildApp(config, { logger: false });
  try {
    await seedReferenceGeography(app.ctx.db);
    await seedReportCategories(app.ctx.db);
    const wire = async (url: string) => {
      const res = await app.inject({
        url,
        headers: { 'accept-encoding': 'br, gzip', 'accept-language': 'ky' },
      });
      if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
      return { bytes: res.rawPayload.length, encoding: String(res.headers['content-encoding'] ?? 'none') };
    };
    const css = await wire('/static/app.css');
    const step1 = await wire('/report');
    const step2 = await wire('/report?category=public-order');
    const home = await wire('/');
    const worst = Math.max(step1.bytes, step2.bytes);
    const candidate = worst + css.bytes;
    const baseline = home.bytes + css.bytes;
    const failed = candidate > BUDGET_BYTES;
    return {
      name: 'report page first load (bytes over the wire, HTML + CSS)',
      unit: ' B',
      baseline: { label: `home page + app.css`, perSecond: baseline },
      candidate: { label: `/report (larger of step 1 and 2) + app.css`, perSecond: candidate },
      ratio: candidate / baseline,
      failed,
      notes:
        `budget ${BUDGET_BYTES} B → ${failed ? 'NOT met' : 'met'}; step 1 ${step1.bytes} B, step 2 ${step2.bytes} B (${step2.encoding}), ` +
        `app.css ${css.bytes} B (${css.encoding}); Kyrgyz, reference geography, 12 seeded categories; islands not counted (loaded after, map only on request)`,
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await run();
  console.log(`${r.name}: ${r.candidate.perSecond} B (${r.notes})`);
  if (r.failed) process.exit(1);
}
