/**
 * Export speed and memory: the reports queue exported through the real export service (a
 * supervisor's working view: every column incl. the excerpt, names in Russian, keyset batches of
 * 1000 from the database) as CSV, XLSX without and with shared strings, and GeoJSON, to /dev/null.
 * Each measurement runs in its own process so its peak RSS (`maxRSS`) is its own. Baseline in the
 * same run: the bare keyset read of the same rows (no formatting), which no writer can beat.
 *
 * `npx tsx bench/export.bench.ts` — env `EXPORT_ROWS` (comma list, default 100000,300000),
 * `EXPORT_FORMATS` (default csv,xlsx,xlsx-shared,geojson). Generates data with generate-reports.ts.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { writeExport, type ExportFormat } from '../src/modules/insight/export-formats.presenter.ts';
import { I18n } from '../src/shared/i18n.ts';
import type { Actor } from '../src/shared/policy.ts';
import { createServices } from '../src/services.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

async function child(format: string, dir: string): Promise<void> {
  const config = loadConfig(
    {},
    {
      dataDir: dir,
      databaseUrl: '',
      sessionSecret: 'bench-secret-bench-secret-bench-secret',
      demo: false,
      jobs: false,
      logLevel: 'silent',
    },
  );
  const db = openDatabase({ databaseUrl: '', dataDir: dir });
  const services = createServices({ config, db, i18n: new I18n() });
  const actor: Actor = {
    kind: 'staff',
    personId: '00000000-0000-7000-8000-000000000001',
    organisationId: null,
    grants: [{ role: 'supervisor', areaCode: 'KG-O.kara-suu', areaPath: '/KG/KG-O/KG-O.kara-suu/' }],
    via: 'session',
  };
  const out = createWriteStream('/dev/null');
  const t0 = process.hrtime.bigint();
  let rows = 0;
  if (format === 'baseline') {
    const q = await services.reports.queueExport(actor, {}, 1000);
    for await (const b of q.batches) rows += b.length;
  } else {
    const p = await services.insightExports.prepare(actor, {
      list: 'reports',
      format: 'csv',
      filters: {},
      locale: 'ru',
    });
    const f = (format === 'xlsx-shared' ? 'xlsx' : format) as ExportFormat;
    rows = await writeExport(f, p.table, out, { sharedStrings: format === 'xlsx-shared' });
    if (!out.writableEnded) out.end();
    await finished(out);
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  await db.close();
  console.log(
    JSON.stringify({
      format,
      rows,
      seconds: s,
      rowsPerSecond: Math.round(rows / s),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

export async function run() {
  const sizes = (process.env.EXPORT_ROWS ?? '100000,300000').split(',').map(Number);
  const formats = (process.env.EXPORT_FORMATS ?? 'csv,xlsx,xlsx-shared,geojson').split(',');
  const results: Array<Record<string, unknown>> = [];
  for (const n of sizes) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ishenim-export-bench-'));
    try {
      execFileSync('npx', ['tsx', path.join(HERE, 'generate-reports.ts'), String(n), dir], {
        stdio: 'inherit',
      });
      for (const f of ['baseline', ...formats]) {
        const line = execFileSync('npx', ['tsx', fileURLToPath(import.meta.url), '--child', f, dir], {
          encoding: 'utf8',
        });
        const r = JSON.parse(line.trim().split('\n').pop()!) as Record<string, unknown>;
        console.log(r);
        results.push({ size: n, ...r });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!);
else if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
