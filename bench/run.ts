/** Runs every benchmark and writes bench/RESULTS.md (ratios against a baseline from the same run). */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as groupCommit from './group-commit.bench.ts';
import * as reportIntake from './report-intake.bench.ts';
import * as reportPage from './report-page.bench.ts';
import * as residentJourney from './resident-journey.bench.ts';
import type { BenchResult } from './group-commit.bench.ts';

type Result = BenchResult & { unit?: string; failed?: boolean };
const benches: Array<{ run: () => Promise<Result> }> = [
  groupCommit,
  reportIntake,
  reportPage,
  residentJourney,
];

const results: Result[] = [];
for (const b of benches) {
  const r = await b.run();
  console.log(
    `${r.name}: ${r.candidate.perSecond}${r.unit ?? '/s'} vs baseline ${r.baseline.perSecond}${r.unit ?? '/s'} → ×${r.ratio.toFixed(2)}`,
  );
  results.push(r);
}

const lines = [
  '# Latest benchmark results',
  '',
  `Run ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}. Ratios are what count: these machines are noisy.`,
  '',
  '| benchmark | baseline | candidate | ratio | notes |',
  '|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.name} | ${r.baseline.label}: ${r.baseline.perSecond}${r.unit ?? '/s'} | ${r.candidate.label}: ${r.candidate.perSecond}${r.unit ?? '/s'} | ×${r.ratio.toFixed(2)} | ${r.notes} |`,
  ),
  '',
];
writeFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'RESULTS.md'), lines.join('\n'));
// Hard budgets (e.g. the report page's 15 KB) fail the bench run after the results are written.
const over = results.filter((r) => r.failed);
if (over.length) {
  console.error(`over budget: ${over.map((r) => r.name).join('; ')}`);
  process.exitCode = 1;
}
